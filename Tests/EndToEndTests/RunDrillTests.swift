import Foundation
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The fault drills, run with the built binary: paths and names that would have replaced or
/// escaped the checkout, signals and kills in the middle of a run, a report folder that cannot
/// be written, `seed` pointed at real data. The destructive ones run in a scratch copy of the
/// project, never in the checkout.
@Suite struct RunDrillTests {
  // MARK: - Helpers

  /// A database that does not exist: drills that must stop before connecting use it.
  static let nowhere = "host=/nonexistent/metahospital-drill dbname=x"

  static var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["DATABASE_URL"] = nil
    environment["METAHOSPITAL_LOG_LEVEL"] = "warning"
    return environment
  }

  static func metahospital(_ arguments: [String], in directory: URL) throws -> ProcessOutput {
    try run(
      TestPaths.metahospitalBinary(), arguments, environment: environment,
      currentDirectory: directory)
  }

  /// Every path under `folder` with its bytes (folders and links marked).
  static func tree(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let relative = enumerator?.nextObject() as? String {
      let path = folder.appending(path: relative).path
      let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
      result[relative] =
        type == .typeRegular
        ? try Data(contentsOf: URL(fileURLWithPath: path))
        : Data("\(String(describing: type))".utf8)
    }
    return result
  }

  /// Migrates and seeds a scratch database with the binary.
  static func seeded<T>(_ body: (String) throws -> T) throws -> T {
    try TestDatabase.withScratchDatabase { url in
      let root = TestPaths.repositoryRoot
      let migrate = try metahospital(["migrate", "--database-url", url], in: root)
      #expect(migrate.status == 0, "\(migrate.stderr)")
      let seed = try metahospital(["seed", "--year", "2026", "--database-url", url], in: root)
      #expect(seed.status == 0, "\(seed.stderr)")
      return try body(url)
    }
  }

  // MARK: - Report folders: never the checkout, never outside Reports/

  @Test func outFoldersThatAreNotReportFoldersAreRefusedAndNothingChanges() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let before = try Self.tree(folder)
      for (out, status, message) in [
        (".", 73, "holds files that metahospital did not write"),
        ("Pipelines", 73, "holds files that metahospital did not write"),
        ("Reports", 73, "holds files that metahospital did not write"),
        ("Reports/examples/paper-2024", 73, "holds the plan report of scenario paper-2024"),
        ("", 64, "--out is empty"),
        ("out\nx", 64, "contains a line break"),
        ("out\u{202E}x", 64, "contains a bidirectional formatting character"),
      ] as [(String, Int32, String)] {
        let result = try Self.metahospital(
          [
            "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--out", out,
            "--database-url", Self.nowhere,
          ], in: project)
        #expect(result.status == status, "--out \(out): \(result.stderr)")
        #expect(result.stderr.contains(message), "--out \(out): \(result.stderr)")
        #expect(!result.stderr.contains("\u{202E}"))
      }
      let plan = try Self.metahospital(
        ["plan", "Pipelines/scenarios/registration-50.yaml", "--out", "."], in: project)
      #expect(plan.status == 73, "\(plan.stderr)")
      #expect(try Self.tree(folder) == before)
    }
  }

  @Test func jobOutputsOutsideReportsAreRefusedWhereTheyAreWritten() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let shipped = try String(
        contentsOf: project.appending(path: "Pipelines/monthly-economics.yaml"), encoding: .utf8)
      for (output, message) in [
        ("''", "must name a folder under Reports/"),
        ("Reports", "must be a folder under Reports/"),
        ("../../../tmp/evil/{period}", "may not contain `..`"),
        ("/tmp/evil/{period}", "must be relative to the project root"),
        ("\"Reports/{job}/{period}\\u202E\"", "contains a bidirectional formatting character"),
        ("\"Reports/{job}\\n/{period}\"", "contains a line break"),
      ] {
        try Data(
          shipped.replacingOccurrences(
            of: "output: Reports/{job}/{period}", with: "output: \(output)"
          ).utf8
        ).write(to: project.appending(path: "Pipelines/drill.yaml"))
        let before = try Self.tree(folder)
        let result = try Self.metahospital(
          ["run", "Pipelines/drill.yaml", "--period", "2026-10", "--database-url", Self.nowhere],
          in: project)
        #expect(result.status == 78, "\(output): \(result.stderr)")
        #expect(result.stderr.contains("Pipelines/drill.yaml:"), "\(result.stderr)")
        #expect(result.stderr.contains("error: output: \(message)"), "\(output): \(result.stderr)")
        #expect(try Self.tree(folder) == before)
      }

      // A link inside Reports/ that leads out of it is followed, and refused (73).
      let outside = folder.appending(path: "outside")
      try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: false)
      try FileManager.default.createSymbolicLink(
        at: project.appending(path: "Reports/monthly-economics"), withDestinationURL: outside)
      let linked = try Self.metahospital(
        [
          "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url",
          Self.nowhere,
        ], in: project)
      #expect(linked.status == 73, "\(linked.stderr)")
      #expect(linked.stderr.contains("outside"))
      #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
  }

  @Test(arguments: ["inj-nl\\n", "x\\u2028", "x\\u202E"])
  func aJobNameThatIsNotWhollyAPlainNameIsRefused(name: String) throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let shipped = try String(
        contentsOf: project.appending(path: "Pipelines/monthly-economics.yaml"), encoding: .utf8)
      try Data(
        shipped.replacingOccurrences(of: "name: monthly-economics", with: "name: \"\(name)\"").utf8
      ).write(to: project.appending(path: "Pipelines/drill.yaml"))
      let result = try Self.metahospital(["validate", "Pipelines/drill.yaml"], in: project)
      #expect(result.status == 78)
      #expect(result.stderr.contains("Pipelines/drill.yaml:"), "\(result.stderr)")
      #expect(result.stderr.contains("error: name: "), "\(result.stderr)")
      #expect(
        result.stderr.split(separator: "\n").count == 2, "one line per problem: \(result.stderr)")
    }
  }

  // MARK: - A report folder that cannot be written

  @Test func aReportFolderThatCannotBeChangedIsRefusedAndLeftWhole() throws {
    try withTemporaryDirectory { folder in
      // Permissions do not bind root: run as `nobody` when the tests run as root.
      let asRoot = geteuid() == 0
      guard let nobody = getpwnam("nobody") else {
        Issue.record("no user nobody")
        return
      }
      if asRoot { chown(folder.path, nobody.pointee.pw_uid, nobody.pointee.pw_gid) }
      func plan(_ out: URL) throws -> ProcessOutput {
        let binary = try TestPaths.metahospitalBinary()
        let arguments = ["plan", "Pipelines/scenarios/paper-2024.yaml", "--out", out.path]
        return asRoot
          ? try run(
            URL(fileURLWithPath: "/usr/sbin/runuser"),
            ["-u", "nobody", "--", binary.path] + arguments, environment: Self.environment,
            currentDirectory: TestPaths.repositoryRoot)
          : try run(
            binary, arguments, environment: Self.environment,
            currentDirectory: TestPaths.repositoryRoot)
      }
      let out = folder.appending(path: "report")
      let first = try plan(out)
      #expect(first.status == 0, "\(first.stderr)")
      let before = try Self.tree(folder)
      #expect(chmod(out.path, 0o555) == 0)
      defer { chmod(out.path, 0o755) }
      let second = try plan(out)
      #expect(second.status == 73, "\(second.stderr)")
      #expect(second.stderr.contains("the folder is not writable"), "\(second.stderr)")
      #expect(try Self.tree(folder) == before)  // the old report, and no temporary folder
    }
  }

  // MARK: - Signals and kills

  /// Starts a run whose queries wait for a table another session holds, and returns once it
  /// waits.
  static func blockedRun(_ url: String, out: URL) throws -> BackgroundProcess {
    let process = try BackgroundProcess(
      TestPaths.metahospitalBinary(),
      [
        "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url", url,
        "--out", out.path, "--log-level", "info",
      ], environment: environment, currentDirectory: TestPaths.repositoryRoot)
    let watcher = try TestDatabase.connect(url)
    for _ in 0..<600 {
      let waiting = try watcher.query(
        """
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'metahospital run %'
          AND wait_event_type = 'Lock'
        """
      ).first?.decode(Int.self, "n")
      if (waiting ?? 0) > 0 { return process }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("the run never waited for the held table")
    return process
  }

  static func statuses(_ db: PostgresConnection) throws -> [String] {
    try db.query("SELECT status FROM pipeline.runs ORDER BY started_at").map {
      try $0.decode(String.self, "status")
    }
  }

  @Test func signalsStopARunCleanlyAndAKilledRunDoesNotBlockTheNext() throws {
    try Self.seeded { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        let out = folder.appending(path: "2026-10")
        let root = TestPaths.repositoryRoot
        let arguments = [
          "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url", url,
          "--out", out.path,
        ]
        #expect(try Self.metahospital(arguments, in: root).status == 0)
        let before = try Self.tree(folder)
        let holder = try TestDatabase.connect(url)

        for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
          try holder.execute("BEGIN")
          try holder.execute("LOCK TABLE hospital.electricity_tariffs IN ACCESS EXCLUSIVE MODE")
          let run = try Self.blockedRun(url, out: out)
          run.send(signal)
          let result = try run.wait()
          try holder.execute("ROLLBACK")
          #expect(result.status == 75, "\(name): \(result.stderr)")
          #expect(result.stderr.contains("the run was stopped by \(name)"), "\(result.stderr)")
          #expect(result.stdout.isEmpty)
          #expect(try Self.statuses(db).last == "cancelled")
          // The lock is free and no session of the run is left.
          #expect(
            try db.value(
              Int64.self,
              "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ) == 0)
          #expect(try Self.tree(folder) == before)
        }

        // SIGKILL: the run has no chance to record anything. Its query session lives on, waiting
        // for the table; the lock is released with its idle session, or taken over from it. The
        // next run publishes at once and closes the killed run as abandoned.
        try holder.execute("BEGIN")
        try holder.execute("LOCK TABLE hospital.electricity_tariffs IN ACCESS EXCLUSIVE MODE")
        let killed = try Self.blockedRun(url, out: out)
        killed.send(SIGKILL)
        #expect(try killed.wait().status == 128 + SIGKILL)
        let again = try BackgroundProcess(
          TestPaths.metahospitalBinary(), arguments, environment: Self.environment,
          currentDirectory: root)
        // Once the new run waits for the table (it holds the lock then), release the table.
        for _ in 0..<600 {
          let waiting = try db.value(
            Int64.self,
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND application_name LIKE 'metahospital run \(again.pid)@%'
            """)
          if waiting > 0 { break }
          Thread.sleep(forTimeInterval: 0.05)
        }
        try holder.execute("ROLLBACK")
        let result = try again.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.statuses(db).suffix(2) == ["failed", "succeeded"])
        #expect(
          try db.value(
            String.self, "SELECT error FROM pipeline.runs ORDER BY started_at DESC OFFSET 1 LIMIT 1"
          ).hasPrefix("abandoned"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["2026-10"])
      }
    }
  }

  // MARK: - seed and real data

  @Test func seedRefusesADatabaseWithRealDataAndSaysHowToMakeADemoOne() throws {
    try TestDatabase.withScratchDatabase { url in
      let root = TestPaths.repositoryRoot
      #expect(try Self.metahospital(["migrate", "--database-url", url], in: root).status == 0)
      let db = try TestDatabase.connect(url)
      try db.simpleExecute(
        """
        INSERT INTO hospital.departments VALUES (1, 'Cardiology');
        SELECT hospital.ensure_month_partitions('hospital.visits', 2026);
        INSERT INTO hospital.visits VALUES (42, 'offline', 1, '2026-05-04 09:00+08', 900);
        """)
      let result = try Self.metahospital(
        ["seed", "--year", "2026", "--database-url", url], in: root)
      #expect(result.status == 77, "\(result.stderr)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains("is not marked as a demo database"))
      #expect(result.stderr.contains("createdb metahospital_demo"))
      #expect(try db.value(Int64.self, "SELECT count(*) FROM hospital.visits") == 1)
      #expect(try db.value(Int64.self, "SELECT count(*) FROM hospital.departments") == 1)
    }
  }
}

extension PostgresConnection {
  /// The first column of the first row.
  fileprivate func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) throws -> T {
    try #require(try self.query(query).first).decode(T.self, at: 0)
  }
}
