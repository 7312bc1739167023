import Foundation
import PipelineModel
import Testing

@testable import EconomicsPipeline

/// `metahospital schedule`: the crontab lines, their environment and time zones, and the block
/// they are installed in.
@Suite struct CronTableTests {
  static let project = ProjectRoot(URL(fileURLWithPath: "/srv/metahospital"))
  static let utc = TimeZone(identifier: "UTC") ?? .gmt
  /// 2026-11-25 22:00 UTC.
  static let now = Date(timeIntervalSince1970: 1_795_644_000)

  static func options(
    zone: TimeZone = utc, environment: [(name: String, value: String)] = [],
    metrics: String? = nil
  ) -> CronTable.Options {
    CronTable.Options(
      binary: "/srv/metahospital/.local/bin/metahospital", environment: environment,
      metricsDirectory: metrics, serverZone: zone, now: now)
  }

  /// The shipped jobs, as if they were in /srv/metahospital.
  static func shippedJobs() throws -> [JobConfig] {
    try ["demo-monthly-economics", "monthly-economics", "yearly-economics"].map {
      var job = try JobConfig.load(path: Repository.path("Pipelines/\($0).yaml"))
      job.project = project
      job.path = "/srv/metahospital/Pipelines/\($0).yaml"
      return job
    }
  }

  // MARK: - Lines

  @Test func eachScheduledJobGetsOneLineThatRunsItFromTheProjectRoot() throws {
    let table = CronTable.make(
      project: Self.project, jobs: try Self.shippedJobs(),
      options: Self.options(
        environment: [
          ("DATABASE_URL", "postgresql://reporter@db/hospital"),
          ("PGPASSFILE", "/home/reporter/.pgpass"),
        ], metrics: "/var/lib/prometheus/node-exporter"))
    let lines = table.text.split(separator: "\n").map(String.init)
    #expect(lines.first == "# BEGIN metahospital /srv/metahospital")
    #expect(lines.last == "# END metahospital /srv/metahospital")
    let commands = lines.filter { !$0.hasPrefix("#") }
    #expect(
      commands == [
        "0 6 2 * * cd /srv/metahospital && DATABASE_URL=postgresql://reporter@db/hospital PGPASSFILE=/home/reporter/.pgpass /srv/metahospital/.local/bin/metahospital run Pipelines/monthly-economics.yaml --metrics-file /var/lib/prometheus/node-exporter/metahospital-monthly-economics.prom | logger -t metahospital",
        "0 7 2 1 * cd /srv/metahospital && DATABASE_URL=postgresql://reporter@db/hospital PGPASSFILE=/home/reporter/.pgpass /srv/metahospital/.local/bin/metahospital run Pipelines/yearly-economics.yaml --metrics-file /var/lib/prometheus/node-exporter/metahospital-yearly-economics.prom | logger -t metahospital",
      ])
    // The demo job is listed, not run.
    #expect(
      lines.contains(
        "# demo-monthly-economics (Pipelines/demo-monthly-economics.yaml): not scheduled (schedule: none)"
      ))
    #expect(table.jobs.count == 3)
    #expect(table.warnings.isEmpty)
    #expect(
      table.notes.map(\.message) == [
        "monthly-economics: next run 2026-12-02 06:00 UTC (2026-12-02 14:00 Asia/Shanghai), reporting 2026-11",
        "yearly-economics: next run 2027-01-02 07:00 UTC (2027-01-02 15:00 Asia/Shanghai), reporting 2026",
      ])
  }

  @Test func wordsTheShellOrCronWouldReadDifferentlyAreQuotedAndEscaped() throws {
    // A space, a quote and a `?` (a shell pattern) are quoted; cron's `%` is escaped.
    var job = try #require(try Self.shippedJobs().dropFirst().first)
    job.project = ProjectRoot(URL(fileURLWithPath: "/srv/meta hospital's"))
    let line = CronTable.command(
      for: job,
      options: Self.options(environment: [
        ("DATABASE_URL", "postgresql:///hospital?host=%2Fvar%2Frun%2Fpostgresql")
      ]))
    #expect(
      line
        == #"cd '/srv/meta hospital'\''s' && DATABASE_URL='postgresql:///hospital?host=\%2Fvar\%2Frun\%2Fpostgresql' /srv/metahospital/.local/bin/metahospital run /srv/metahospital/Pipelines/monthly-economics.yaml | logger -t metahospital"#
    )
  }

  @Test func theCommentsSayWhatTheServersTimeIsInTheJobsZone() throws {
    let jobs = try Self.shippedJobs()
    let utc = CronTable.make(project: Self.project, jobs: jobs, options: Self.options())
    #expect(
      utc.text.contains(
        "# monthly-economics (Pipelines/monthly-economics.yaml): 0 6 2 * * in the server's time zone, UTC: 14:00 the same day in the job's, Asia/Shanghai"
      ))
    let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    let local = CronTable.make(
      project: Self.project, jobs: jobs, options: Self.options(zone: shanghai))
    #expect(
      local.text.contains(
        "# monthly-economics (Pipelines/monthly-economics.yaml): 0 6 2 * * in the server's time zone, Asia/Shanghai, which is the job's"
      ))
    #expect(
      local.notes.first?.message
        == "monthly-economics: next run 2026-12-02 06:00 Asia/Shanghai, reporting 2026-11")
  }

  @Test func aScheduleThatWouldReportAnotherPeriodIsWarnedAbout() throws {
    // 00:30 on the 1st on a server in Shanghai is still the last day of the month in New York:
    // the run would report the month before the one that just ended there.
    var job = try #require(try Self.shippedJobs().dropFirst().first)
    job.timeZone = TimeZone(identifier: "America/New_York") ?? .gmt
    job.schedule = .cron(try CronSchedule.parse("30 0 1 * *").get())
    let table = CronTable.make(
      project: Self.project, jobs: [job],
      options: Self.options(zone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt))
    let warning = try #require(table.warnings.first).message
    #expect(table.warnings.first?.description == "warning: " + warning)
    #expect(warning.hasPrefix("monthly-economics: cron fires at 2026-12-01 00:30 Asia/Shanghai"))
    #expect(warning.contains("2026-11-30 11:30 America/New_York"))
    #expect(warning.contains("that run reports 2026-10, not 2026-11"))
  }

  @Test func aBuildFoldersBinaryIsWarnedAbout() throws {
    var options = Self.options()
    options.binary = "/srv/metahospital/.build/debug/metahospital"
    let table = CronTable.make(
      project: Self.project, jobs: try Self.shippedJobs(), options: options)
    #expect(
      table.warnings.contains {
        $0.message.contains("run scripts/install") && $0.severity == .warning
      })
  }

  // MARK: - Environment

  @Test func theEnvironmentCarriesTheDatabaseButNeverAPassword() throws {
    let (variables, warnings) = try CronTable.environment(
      databaseURL: nil,
      environment: [
        "DATABASE_URL": "postgresql://reporter@db/hospital", "PGPASSFILE": "/etc/mh/pgpass",
        "PGPASSWORD": "Secret-1", "PGSSLMODE": "verify-full", "HOME": "/root",
      ])
    #expect(variables.map(\.name) == ["DATABASE_URL", "PGPASSFILE", "PGSSLMODE"])
    #expect(!variables.contains { $0.value.contains("Secret-1") })
    #expect(warnings.count == 1)
    #expect(warnings.first?.message.hasPrefix("PGPASSWORD is set but is not written") == true)

    for url in ["postgresql://reporter:Secret-1@db/hospital", "host=db password=Secret-1"] {
      let error = #expect(throws: ScheduleError.self) {
        try CronTable.environment(databaseURL: url, environment: [:])
      }
      #expect(error == .passwordInDatabaseURL)
      #expect(error?.exitStatus == .usage)
      #expect(error?.description.contains("Secret-1") == false)
    }
    // The flag wins over the variable; nothing named is worth a warning.
    let flag = try CronTable.environment(
      databaseURL: "postgresql://a@b/c", environment: ["DATABASE_URL": "postgresql://x@y/z"])
    #expect(flag.variables.map(\.value) == ["postgresql://a@b/c"])
    let none = try CronTable.environment(databaseURL: nil, environment: [:])
    #expect(none.variables.isEmpty)
    #expect(none.warnings.first?.message.hasPrefix("no database is named") == true)
  }

  // MARK: - The block in a crontab

  static let block = """
    # BEGIN metahospital /srv/metahospital
    0 6 2 * * cd /srv/metahospital && run
    # END metahospital /srv/metahospital

    """

  @Test func installingAddsTheBlockOnceAndKeepsEveryOtherLine() throws {
    let mine = "MAILTO=ops@example.org\n# backups\n15 3 * * * /usr/local/bin/backup  # nightly\n"
    let installed = try Crontab.installing(Self.block, for: Self.project, into: mine)
    #expect(installed == mine + "\n" + Self.block)
    // Again: nothing changes.
    #expect(try Crontab.installing(Self.block, for: Self.project, into: installed) == installed)
    // A changed block replaces the old one in place, lines after it kept.
    let after = installed + "0 1 * * * /usr/bin/true\n"
    let changed = Self.block.replacingOccurrences(of: "0 6 2", with: "0 5 2")
    #expect(
      try Crontab.installing(changed, for: Self.project, into: after)
        == mine + "\n" + changed + "0 1 * * * /usr/bin/true\n")
    // Another project's block is another block.
    let other = ProjectRoot(URL(fileURLWithPath: "/srv/staging"))
    let both = try Crontab.installing(
      Self.block.replacingOccurrences(of: "/srv/metahospital", with: "/srv/staging"), for: other,
      into: installed)
    #expect(both.hasPrefix(installed))
    // Removing takes out the block and the blank line before it.
    #expect(try Crontab.removing(for: Self.project, from: installed) == mine)
    #expect(try Crontab.removing(for: Self.project, from: mine) == mine)
    #expect(try Crontab.installing(Self.block, for: Self.project, into: "") == Self.block)
    #expect(try Crontab.removing(for: Self.project, from: Self.block) == "")
  }

  @Test func aBlockEditedByHandIsNotTouched() throws {
    let damaged = "# BEGIN metahospital /srv/metahospital\n0 6 2 * * run\n"
    let error = #expect(throws: ScheduleError.self) {
      try Crontab.installing(Self.block, for: Self.project, into: damaged)
    }
    #expect(error == .damagedBlock(line: 1, marker: "# BEGIN metahospital /srv/metahospital"))
    #expect(error?.exitStatus == .config)
    #expect(throws: ScheduleError.self) {
      try Crontab.removing(for: Self.project, from: Self.block + Self.block)
    }
  }
}
