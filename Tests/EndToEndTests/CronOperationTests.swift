import Foundation
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The tool as cron runs it, with the built binary: from any folder, with absolute and
/// relative job paths, silent on success, warnings and failures on stderr, metrics after every
/// run, the crontab lines `schedule` prints and installs, and those lines run as cron would.
@Suite struct CronOperationTests {
  // MARK: - Helpers

  /// The environment of a run: no database, no log level (so the tool picks its own), plus
  /// `extra`.
  static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for name in ["DATABASE_URL", "METAHOSPITAL_LOG_LEVEL", "METAHOSPITAL_CRONTAB", "PGPASSWORD"] {
      environment[name] = nil
    }
    return environment.merging(extra) { _, new in new }
  }

  /// Runs the binary in `directory`; stdout and stderr are files, as under cron (no terminal).
  static func metahospital(
    _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
  ) throws -> ProcessOutput {
    try run(
      TestPaths.metahospitalBinary(), arguments, environment: environment(extra),
      currentDirectory: directory)
  }

  /// The last month closed in the hospital's time zone, as `YYYY-MM`, and its year.
  static func lastClosedMonth() -> (period: String, year: Int) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    let thisMonth = calendar.dateComponents([.year, .month], from: Date())
    let year = (thisMonth.month ?? 1) == 1 ? (thisMonth.year ?? 2026) - 1 : thisMonth.year ?? 2026
    let month = (thisMonth.month ?? 1) == 1 ? 12 : (thisMonth.month ?? 1) - 1
    return (String(format: "%04d-%02d", year, month), year)
  }

  /// A scratch database, migrated and seeded with `year` by the binary, for `body`.
  static func seeded<T>(year: Int, _ body: (String) throws -> T) throws -> T {
    try TestDatabase.withScratchDatabase { url in
      let root = TestPaths.repositoryRoot
      let migrate = try metahospital(["migrate", "--database-url", url], in: root)
      #expect(migrate.status == 0, "\(migrate.stderr)")
      let seed = try metahospital(
        ["seed", "--year", "\(year)", "--database-url", url], in: root)
      #expect(seed.status == 0, "\(seed.stderr)")
      return try body(url)
    }
  }

  /// A visit of `month` (`YYYY-MM`, Shanghai) loaded twice: duplicate_visit_ids fails the month.
  static func duplicateAVisit(of month: String, _ url: String) throws {
    let start = "\(month)-01 00:00+08"
    try TestDatabase.connect(url).execute(
      """
      INSERT INTO hospital.visits
      SELECT * FROM hospital.visits
      WHERE started_at >= \(start)::timestamptz
        AND started_at < \(start)::timestamptz + interval '1 month'
      ORDER BY visit_id LIMIT 1
      """)
  }

  /// The samples of a metrics file, as `name{labels}` → value.
  static func metrics(_ url: URL) throws -> [String: String] {
    var samples: [String: String] = [:]
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      samples[String(parts[0])] = String(parts[1])
    }
    return samples
  }

  /// An executable shell script.
  static func script(_ url: URL, _ text: String) throws {
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
  }

  // MARK: - From any folder, quiet on success, metrics after every run

  @Test func aJobRunsFromAnyFolderQuietlyAndReportsEveryRunToMonitoring() throws {
    try Self.seeded(year: 2026) { url in
      try withTemporaryDirectory { folder in
        let project = try scratchProject(in: folder)
        let elsewhere = folder.appending(path: "elsewhere")
        try FileManager.default.createDirectory(
          at: elsewhere.appending(path: "metrics"), withIntermediateDirectories: true)
        let metricsFile = elsewhere.appending(path: "metrics/monthly.prom")
        let job = project.appending(path: "Pipelines/monthly-economics.yaml").path
        let labels = #"{job="monthly-economics",period="2026-10"}"#

        // An absolute job path, run from a folder that is no project: the report goes to the
        // project's Reports/, and a successful run says one line and nothing on stderr.
        let absolute = try Self.metahospital(
          [
            "run", job, "--period", "2026-10", "--database-url", url, "--metrics-file",
            "metrics/monthly.prom",
          ], in: elsewhere)
        #expect(absolute.status == 0, "\(absolute.stderr)")
        #expect(absolute.stderr.isEmpty, "\(absolute.stderr)")
        let report = project.appending(path: "Reports/monthly-economics/2026-10/report.md").path
        #expect(absolute.stdout.hasPrefix("monthly-economics 2026-10: "))
        #expect(absolute.stdout.hasSuffix("; report \(report)\n"))
        #expect(absolute.stdout.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: report))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appending(path: "Reports").path))
        let success = try Self.metrics(metricsFile)
        #expect(success["metahospital_last_run_success\(labels)"] == "1")
        #expect(success["metahospital_last_run_exit_status\(labels)"] == "0")
        #expect(
          success[
            #"metahospital_last_run_checks{job="monthly-economics",period="2026-10",status="pass"}"#
          ]
            == "13")
        #expect(Int(success["metahospital_last_run_rows_read\(labels)"] ?? "") ?? 0 > 10_000)
        let margin = try #require(success["metahospital_period_margin_cny\(labels)"])
        #expect(absolute.stdout.contains("margin \(Self.grouped(margin)) CNY"))
        let lastSuccess = try #require(
          success["metahospital_last_success_timestamp_seconds\(labels)"])
        #expect(lastSuccess == success["metahospital_last_run_end_timestamp_seconds\(labels)"])

        // A relative job path from a sibling folder: the same job, the same project.
        let relative = try Self.metahospital(
          [
            "run", "../project/Pipelines/monthly-economics.yaml", "--period", "2026-09",
            "--database-url", url,
          ], in: elsewhere)
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(relative.stderr.isEmpty, "\(relative.stderr)")
        #expect(
          FileManager.default.fileExists(
            atPath: project.appending(path: "Reports/monthly-economics/2026-09/report.md").path))

        // Data that stops a day early: still a success, and the warnings reach stderr (cron
        // mails them) while stdout keeps its one line.
        try TestDatabase.connect(url).execute(
          """
          DELETE FROM hospital.device_utilization
          WHERE hour_start >= '2026-10-31 00:00+08' AND hour_start < '2026-11-01 00:00+08'
          """)
        let warned = try Self.metahospital(
          ["run", job, "--period", "2026-10", "--database-url", url], in: elsewhere)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.split(separator: "\n").count == 1)
        #expect(warned.stdout.contains("checks: 12 pass, 1 warn"))
        #expect(warned.stderr.contains("warning"))
        #expect(warned.stderr.contains("data stops before the period's end"))
        #expect(warned.stderr.contains("WARN days_without_telemetry"))
        #expect(!warned.stderr.contains(" info "))

        // A failed check: 65, the report stays, and the metrics say so while keeping the last
        // success (an alert fires on the failure; staleness counts from the success).
        try Self.duplicateAVisit(of: "2026-10", url)
        let failed = try Self.metahospital(
          [
            "run", job, "--period", "2026-10", "--database-url", url, "--metrics-file",
            metricsFile.path,
          ], in: elsewhere)
        #expect(failed.status == 65, "\(failed.stderr)")
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.contains("error: data-quality checks failed"))
        let failure = try Self.metrics(metricsFile)
        #expect(failure["metahospital_last_run_success\(labels)"] == "0")
        #expect(failure["metahospital_last_run_exit_status\(labels)"] == "65")
        #expect(
          failure[
            #"metahospital_last_run_checks{job="monthly-economics",period="2026-10",status="fail"}"#
          ]
            == "1")
        #expect(failure["metahospital_last_success_timestamp_seconds\(labels)"] == lastSuccess)
        #expect(failure["metahospital_period_margin_cny\(labels)"] == margin)
        #expect(
          Double(failure["metahospital_last_run_end_timestamp_seconds\(labels)"] ?? "") ?? 0
            > Double(lastSuccess) ?? .infinity)

        // A run that never reaches the database (69) and one whose job file is gone (66)
        // report too.
        let unreachable = try Self.metahospital(
          [
            "run", job, "--database-url", "host=/nonexistent/metahospital-cron dbname=x",
            "--metrics-file", metricsFile.path,
          ], in: elsewhere)
        #expect(unreachable.status == 69)
        #expect(
          try Self.metrics(metricsFile).contains {
            $0.key.hasPrefix("metahospital_last_run_exit_status{job=\"monthly-economics\"")
              && $0.value == "69"
          })
        let gone = try Self.metahospital(
          [
            "run", project.appending(path: "Pipelines/gone.yaml").path, "--metrics-file",
            "metrics/gone.prom",
          ], in: elsewhere)
        #expect(gone.status == 66)
        #expect(gone.stderr.contains("gone.yaml:1:1: error: file not found"))
        let goneMetrics = try Self.metrics(elsewhere.appending(path: "metrics/gone.prom"))
        #expect(goneMetrics[#"metahospital_last_run_exit_status{job="gone",period=""}"#] == "66")
        #expect(
          goneMetrics[#"metahospital_last_success_timestamp_seconds{job="gone",period=""}"#] == "0")
      }
    }
  }

  @Test func aHeldLockAndAStoppedRunReportToMonitoringToo() throws {
    try Self.seeded(year: 2026) { url in
      try withTemporaryDirectory { folder in
        let project = try scratchProject(in: folder)
        let metricsFile = folder.appending(path: "monthly.prom")
        let arguments = [
          "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url", url,
          "--metrics-file", metricsFile.path,
        ]
        let labels = #"{job="monthly-economics",period="2026-10"}"#
        #expect(try Self.metahospital(arguments, in: project).status == 0)
        let lastSuccess = try #require(
          try Self.metrics(metricsFile)["metahospital_last_success_timestamp_seconds\(labels)"])

        // A run that waits for a table another session holds keeps the job's lock meanwhile.
        let holder = try TestDatabase.connect(url)
        try holder.execute("BEGIN")
        try holder.execute("LOCK TABLE hospital.electricity_tariffs IN ACCESS EXCLUSIVE MODE")
        let blocked = try BackgroundProcess(
          TestPaths.metahospitalBinary(), arguments, environment: Self.environment(),
          currentDirectory: project)
        let watcher = try TestDatabase.connect(url)
        var waiting = 0
        for _ in 0..<600 where waiting == 0 {
          waiting =
            try watcher.query(
              """
              SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name LIKE 'metahospital run %'
                AND wait_event_type = 'Lock'
              """
            ).first?.decode(Int.self, "n") ?? 0
          if waiting == 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(waiting > 0, "the run never waited for the held table")

        // The same job and period meanwhile: 75, and the metrics say so.
        let second = try Self.metahospital(arguments, in: project)
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("is in progress (advisory lock held)"))
        let held = try Self.metrics(metricsFile)
        #expect(held["metahospital_last_run_exit_status\(labels)"] == "75")
        #expect(held["metahospital_last_run_success\(labels)"] == "0")
        #expect(held["metahospital_last_success_timestamp_seconds\(labels)"] == lastSuccess)

        // SIGTERM stops the waiting run: cancelled, 75, and the metrics written on the way out.
        blocked.send(SIGTERM)
        let stopped = try blocked.wait()
        try holder.execute("ROLLBACK")
        #expect(stopped.status == 75, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("the run was stopped by SIGTERM"))
        let cancelled = try Self.metrics(metricsFile)
        #expect(cancelled["metahospital_last_run_exit_status\(labels)"] == "75")
        #expect(
          cancelled["metahospital_last_run_start_timestamp_seconds\(labels)"]
            != held["metahospital_last_run_start_timestamp_seconds\(labels)"])
        #expect(cancelled["metahospital_last_success_timestamp_seconds\(labels)"] == lastSuccess)
      }
    }
  }

  /// `-23,221.74` from `-23221.74`: the summary line's form of a metric's amount.
  static func grouped(_ plain: String) -> String {
    let negative = plain.hasPrefix("-")
    let digits = negative ? String(plain.dropFirst()) : plain
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    var whole = String(parts[0])
    var groups: [String] = []
    while whole.count > 3 {
      groups.insert(String(whole.suffix(3)), at: 0)
      whole = String(whole.dropLast(3))
    }
    groups.insert(whole, at: 0)
    let cents =
      parts.count > 1 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
    return (negative ? "-" : "") + groups.joined(separator: ",") + "." + cents
  }

  // MARK: - The crontab line, run as cron runs it

  @Test func theScheduledLineIsSilentOnSuccessAndMailsAFailure() throws {
    let (period, year) = Self.lastClosedMonth()
    try Self.seeded(year: year) { url in
      try withTemporaryDirectory { folder in
        let project = try scratchProject(in: folder)
        let metrics = folder.appending(path: "node-exporter")
        let bin = folder.appending(path: "bin")
        for made in [metrics, bin] {
          try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
        }
        // The system log: a stand-in `logger` that appends its arguments and input to a file
        // (like logger, it logs nothing for no input).
        let syslog = folder.appending(path: "syslog")
        try Self.script(
          bin.appending(path: "logger"),
          """
          #!/bin/sh
          input="$(cat)"
          [ -z "$input" ] || printf 'logger %s\\n%s\\n' "$*" "$input" >> '\(syslog.path)'

          """)

        let schedule = try Self.metahospital(
          ["schedule", "--database-url", url, "--metrics-dir", metrics.path], in: project,
          environment: ["TZ": "UTC"])
        #expect(schedule.status == 0, "\(schedule.stderr)")
        let line = try #require(
          schedule.stdout.split(separator: "\n").first {
            $0.contains("run Pipelines/monthly-economics.yaml")
          })
        #expect(line.hasPrefix("0 6 2 * * cd \(project.path) && DATABASE_URL="))

        // What cron does: the five fields off, `\%` to `%`, the rest to /bin/sh with cron's
        // small environment, in the home folder; whatever it prints is mailed.
        let fields = line.split(separator: " ", maxSplits: 5)
        let command = String(fields[5]).replacingOccurrences(of: "\\%", with: "%")
        func cron() throws -> ProcessOutput {
          try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", command],
            environment: [
              "HOME": folder.path, "LOGNAME": "operator", "SHELL": "/bin/sh",
              "PATH": "\(bin.path):/usr/bin:/bin",
            ], currentDirectory: folder)
        }
        let labels = "{job=\"monthly-economics\",period=\"\(period)\"}"
        let metricsFile = metrics.appending(path: "metahospital-monthly-economics.prom")

        let success = try cron()
        #expect(success.status == 0)
        #expect(success.stdout.isEmpty && success.stderr.isEmpty, "mailed: \(success.stderr)")
        let logged = try String(contentsOf: syslog, encoding: .utf8)
        #expect(logged.hasPrefix("logger -t metahospital\nmonthly-economics \(period): "))
        #expect(logged.split(separator: "\n").count == 2)
        #expect(try Self.metrics(metricsFile)["metahospital_last_run_success\(labels)"] == "1")

        try Self.duplicateAVisit(of: period, url)
        let failure = try cron()
        #expect(failure.stderr.contains("error: data-quality checks failed"), "\(failure.stderr)")
        #expect(failure.stderr.contains("FAIL duplicate_visit_ids"))
        // Nothing more in the system log (a failed run prints no summary), and the metrics say
        // the run failed.
        #expect(try String(contentsOf: syslog, encoding: .utf8) == logged)
        let failed = try Self.metrics(metricsFile)
        #expect(failed["metahospital_last_run_success\(labels)"] == "0")
        #expect(failed["metahospital_last_run_exit_status\(labels)"] == "65")
      }
    }
  }

  // MARK: - schedule: the README's lines, and an idempotent install

  @Test func scheduleMatchesTheReadmeAndInstallsIdempotently() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let environment = ["TZ": "UTC", "DATABASE_URL": "postgresql://reporter@db/hospital"]
      let arguments = ["schedule", "--metrics-dir", "/var/lib/prometheus/node-exporter"]
      let printed = try Self.metahospital(arguments, in: project, environment: environment)
      #expect(printed.status == 0, "\(printed.stderr)")
      // Run from the build folder, the binary is worth a warning: cron should run the installed one.
      #expect(printed.stderr.contains("warning: the lines run "))
      #expect(printed.stderr.contains("run scripts/install"))

      // The README's cron section is this output, for a checkout in /srv/metahospital.
      let binary = try TestPaths.metahospitalBinary().resolvingSymlinksInPath().path
      let asInReadme = printed.stdout
        .replacingOccurrences(of: binary, with: "/srv/metahospital/.local/bin/metahospital")
        .replacingOccurrences(of: project.path, with: "/srv/metahospital")
      let readme = try String(
        contentsOf: TestPaths.repositoryRoot.appending(path: "README.md"), encoding: .utf8)
      let start = try #require(
        readme.range(of: "```cron\n# BEGIN metahospital /srv/metahospital\n"))
      let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
      let block = String(
        readme[readme.index(start.lowerBound, offsetBy: "```cron\n".count)..<end.lowerBound])
      #expect(block == asInReadme, "README:\n\(block)\nschedule:\n\(asInReadme)")

      // --install against a scratch crontab, through a stand-in `crontab` (-l and -).
      let crontab = folder.appending(path: "crontab")
      let program = folder.appending(path: "fake-crontab")
      try Self.script(
        program,
        """
        #!/bin/sh
        case "$1" in
          -l) [ -f '\(crontab.path)' ] || { echo "no crontab for operator" >&2; exit 1; }
              cat '\(crontab.path)' ;;
          -) cat > '\(crontab.path).new' && mv '\(crontab.path).new' '\(crontab.path)' ;;
          *) echo "usage: crontab [-l | -]" >&2; exit 1 ;;
        esac

        """)
      let install = environment.merging(["METAHOSPITAL_CRONTAB": program.path]) { _, new in new }

      // A user without a crontab gets one with the block alone.
      let first = try Self.metahospital(
        arguments + ["--install"], in: project, environment: install)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout == "schedule: installed 2 jobs of \(project.path) in the crontab\n")
      #expect(try String(contentsOf: crontab, encoding: .utf8) == printed.stdout)

      // A crontab with lines of its own keeps them, byte for byte, around the block.
      let own =
        "MAILTO=ops@example.org\n# nightly backup\n15 3 * * *\t/usr/local/bin/backup --all\n"
      try Data((own + "\n" + printed.stdout + "0 1 * * * /usr/bin/true\n").utf8).write(to: crontab)
      let before = try Data(contentsOf: crontab)
      let again = try Self.metahospital(
        arguments + ["--install"], in: project, environment: install)
      #expect(again.status == 0, "\(again.stderr)")
      #expect(
        again.stdout == "schedule: the crontab already runs 2 jobs of \(project.path); unchanged\n")
      #expect(try Data(contentsOf: crontab) == before)

      // A changed schedule replaces the block in place.
      let job = project.appending(path: "Pipelines/yearly-economics.yaml")
      let text = try String(contentsOf: job, encoding: .utf8)
      try Data(
        text.replacingOccurrences(of: "schedule: \"0 7 2 1 *\"", with: "schedule: \"30 7 2 1 *\"")
          .utf8
      )
      .write(to: job)
      let changed = try Self.metahospital(
        arguments + ["--install"], in: project, environment: install)
      #expect(changed.stdout == "schedule: installed 2 jobs of \(project.path) in the crontab\n")
      let updated = try String(contentsOf: crontab, encoding: .utf8)
      #expect(updated.hasPrefix(own + "\n# BEGIN metahospital \(project.path)\n"))
      #expect(updated.hasSuffix("# END metahospital \(project.path)\n0 1 * * * /usr/bin/true\n"))
      #expect(updated.contains("\n30 7 2 1 * cd "))
      #expect(!updated.contains("\n0 7 2 1 * cd "))

      // --uninstall leaves what was there before the first install.
      let removed = try Self.metahospital(
        ["schedule", "--uninstall"], in: project, environment: install)
      #expect(removed.status == 0, "\(removed.stderr)")
      #expect(try String(contentsOf: crontab, encoding: .utf8) == own + "0 1 * * * /usr/bin/true\n")

      // A URL with a password is never written anywhere.
      let secret = try Self.metahospital(
        arguments + ["--install", "--database-url", "postgresql://reporter:Cron-Secret-9@db/h"],
        in: project, environment: install)
      #expect(secret.status == 64)
      #expect(!secret.stderr.contains("Cron-Secret-9") && !secret.stdout.contains("Cron-Secret-9"))
      #expect(!(try String(contentsOf: crontab, encoding: .utf8)).contains("Cron-Secret-9"))
    }
  }

  // MARK: - Statuses and messages

  @Test func theCommandLineSaysWhatItIsAndRefusesWhatItIsNot() throws {
    try withTemporaryDirectory { folder in
      let version = try Self.metahospital(["--version"], in: folder)
      #expect(version.status == 0)
      let pattern =
        #/^metahospital \d+\.\d+\.\d+ \(commit ([0-9a-f]{12})(, with uncommitted changes)?\)\n$|^metahospital \d+\.\d+\.\d+ \(commit unknown: built outside a git checkout\)\n$/#
      let match = try #require(version.stdout.wholeMatch(of: pattern), "\(version.stdout)")
      // Built in this checkout: the commit is the checkout's.
      let head = try run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["git", "-C", TestPaths.repositoryRoot.path, "rev-parse", "HEAD"])
      if head.status == 0, let commit = match.output.1 {
        #expect(head.stdout.hasPrefix(commit))
      }

      let help = try Self.metahospital(["help", "bogus"], in: folder)
      #expect(help.status == 64)
      #expect(help.stderr.hasPrefix("error: no help topic `bogus`: the commands are migrate, seed"))
      #expect(try Self.metahospital(["help", "schedule"], in: folder).status == 0)

      let missing = try Self.metahospital(["run", "no-such-job.yaml"], in: folder)
      #expect(missing.status == 66)
      #expect(missing.stderr.hasPrefix("no-such-job.yaml:1:1: error: file not found"))

      let scale = try Self.metahospital(["seed", "--year", "2026", "--scale", "-1"], in: folder)
      #expect(scale.status == 64)
      #expect(
        scale.stderr.hasPrefix("error: --scale must be a number above 0 and at most 10"),
        "\(scale.stderr)")
      let usage = try Self.metahospital(["run"], in: folder)
      #expect(usage.status == 64)
      #expect(usage.stderr.hasPrefix("error: "))

      // No project here: nothing to validate is a failure.
      let nothing = try Self.metahospital(["validate"], in: folder)
      #expect(nothing.status == 66)
      #expect(nothing.stderr.hasPrefix("error: validate found nothing to check: no folder from "))
      #expect(nothing.stdout.isEmpty)
    }
  }

  @Test func validateAndPlanWorkFromAnyFolder() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let elsewhere = folder.appending(path: "elsewhere")
      try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)

      // From a folder inside the project, everything under its Pipelines/.
      let inside = try Self.metahospital(
        ["validate"], in: project.appending(path: "Pipelines/scenarios"))
      #expect(inside.status == 0, "\(inside.stderr)")
      #expect(
        inside.stdout == "validate: 10 files valid (3 jobs, 5 scenarios, 2 language files)\n")
      // One job, by a relative path from elsewhere.
      let one = try Self.metahospital(
        ["validate", "../project/Pipelines/demo-monthly-economics.yaml"], in: elsewhere)
      #expect(one.stdout == "validate: 1 file valid (1 job, 0 scenarios)\n", "\(one.stderr)")

      // A job naming an SQL file that is not there: refused where it is named (66, a missing
      // input), not called valid.
      let shipped = try String(
        contentsOf: project.appending(path: "Pipelines/monthly-economics.yaml"), encoding: .utf8)
      let broken = project.appending(path: "Pipelines/broken.yaml")
      try Data(
        shipped.replacingOccurrences(
          of: "  staff: sql/extract/staff.sql", with: "  staff: sql/extract/staf.sql"
        ).replacingOccurrences(of: "name: monthly-economics", with: "name: broken").utf8
      ).write(to: broken)
      let missingSQL = try Self.metahospital(["validate", broken.path], in: elsewhere)
      #expect(missingSQL.status == 66, "\(missingSQL.stderr)")
      #expect(
        missingSQL.stderr.contains(
          "\(broken.path):20:10: error: extract.staff: SQL file `sql/extract/staf.sql` not found; SQL paths are relative to the project root (\(project.path))"
        ), "\(missingSQL.stderr)")
      let all = try Self.metahospital(["validate"], in: project)
      #expect(all.status == 66)
      #expect(all.stdout.isEmpty)

      // plan from elsewhere writes into the scenario's project, not the working folder.
      let plan = try Self.metahospital(
        ["plan", project.appending(path: "Pipelines/scenarios/registration-50.yaml").path],
        in: elsewhere)
      #expect(plan.status == 0, "\(plan.stderr)")
      let report = project.appending(path: "Reports/plan/registration-50/report.md").path
      #expect(plan.stdout.hasSuffix("report \(report)\n"))
      #expect(FileManager.default.fileExists(atPath: report))
      #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)

      // A scenario in no project needs --out.
      let loose = elsewhere.appending(path: "loose.yaml")
      try Data(
        "extends: \(project.appending(path: "Pipelines/scenarios/paper-2024.yaml").path)\n".utf8
      ).write(to: loose)
      let noProject = try Self.metahospital(["plan", loose.path], in: elsewhere)
      #expect(noProject.status == 64)
      #expect(noProject.stderr.contains("is in no project"))
      #expect(noProject.stderr.contains("pass --out"))
      let out = try Self.metahospital(["plan", loose.path, "--out", "loose-plan"], in: elsewhere)
      #expect(out.status == 0, "\(out.stderr)")
      #expect(out.stdout.hasSuffix("report loose-plan/report.md\n"))
    }
  }
}
