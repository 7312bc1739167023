import Foundation
import PipelineModel
import PostgresClient
import ReportRendering
import TestSupport
import Testing

@testable import EconomicsPipeline

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a shipped job in-process with the given output folder, project root and stop request.
func runJob(
  _ job: String, period: String, url: String, out: String?, root: URL = Repository.root,
  cancellation: RunCancellation? = nil, hooks: RunPipeline.Hooks = .init()
) throws -> RunPipeline.Outcome {
  let path = job.hasPrefix("/") ? job : root.appending(path: "Pipelines/\(job).yaml").path
  return try RunPipeline(logger: TestDatabase.quietLogger).run(
    RunPipeline.Request(
      jobPath: path, period: period, outputDirectory: out,
      database: DatabaseSettings.resolve(flag: url, environment: [:]), root: root,
      cancellation: cancellation),
    hooks: hooks)
}

/// The history of the runs, oldest first: (status, error, note).
func runs(_ db: PostgresConnection) throws -> [(status: String, error: String, note: String)] {
  try db.query(
    "SELECT status, coalesce(error, '') AS error, coalesce(note, '') AS note FROM pipeline.runs ORDER BY started_at"
  ).map {
    (
      try $0.decode(String.self, "status"), try $0.decode(String.self, "error"),
      try $0.decode(String.self, "note")
    )
  }
}

/// The drills of a run that must not write to the database, silence a check, lose a report or
/// leave a lock or a folder behind.
@Suite struct RunSafetyTests {
  // MARK: - Read-only for real

  @Test func querySessionsAreReadOnlyAndAWriteIsCaughtAfterTheFile() throws {
    try TestDatabase.withScratchDatabase { url in
      let owner = try SeededDatabase.migrate(url)
      let settings = DatabaseSettings.resolve(flag: url, environment: [:])
      let session = try settings.forQueries(cancellation: nil).connect(
        logger: TestDatabase.quietLogger)
      let error = try #require(throws: PostgresError.self) {
        try session.execute("CREATE TABLE public.x (i int)")
      }
      #expect(error.sqlState == "25006")  // read_only_sql_transaction

      // Whatever slipped through is caught after the file: a transaction that wrote (a read-only
      // transaction may still write a temporary table), one that is not read-only, one that ended.
      let file = try SQLFile(path: "sql/extract/visits.sql", root: Repository.root)
      try owner.execute("CREATE TEMP TABLE scratch (i int)")
      try owner.withTransaction { c in
        _ = try c.execute("SET TRANSACTION READ ONLY")
        try c.verifyNothingWritten(by: file)
        try c.execute("INSERT INTO scratch VALUES (1)")
        let wrote = try #require(throws: RunError.self) { try c.verifyNothingWritten(by: file) }
        #expect(
          wrote
            == .readOnlyViolated(
              file: file.path,
              problem: "the run's transaction had written (it holds a transaction id)"))
      }
      try owner.withTransaction { c in
        let writable = try #require(throws: RunError.self) { try c.verifyNothingWritten(by: file) }
        #expect(writable.description.contains("was no longer read-only"))
      }
      let outside = try #require(throws: RunError.self) { try owner.verifyNothingWritten(by: file) }
      #expect(outside.exitStatus == .config)
      #expect(outside.description.contains("was no longer open"))
    }
  }

  @Test func anExtractFileWithCommitIsRefusedBeforeAnythingIsSent() throws {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      try withTemporaryDirectory { folder in
        let job = folder.appending(path: "commit.yaml")
        let shipped = try String(
          contentsOfFile: Repository.path("Pipelines/monthly-economics.yaml"), encoding: .utf8)
        try Data(
          shipped.replacingOccurrences(
            of: "  visits: sql/extract/visits.sql",
            with: "  visits: Tests/EconomicsPipelineTests/Fixtures/sql/commit.sql"
          ).replacingOccurrences(
            of: "scenario: Pipelines/scenarios/paper-2024.yaml",
            with: "scenario: \(SeededDatabase.scenario)"
          ).utf8
        ).write(to: job)
        let error = try #require(throws: ConfigError.self) {
          try runJob(job.path, period: "2026-10", url: url, out: folder.appending(path: "o").path)
        }
        #expect(
          error.description.contains(
            "Tests/EconomicsPipelineTests/Fixtures/sql/commit.sql:3:1: error: extract.visits: another statement (`COMMIT`)"
          ))
        #expect(try db.value(Int64.self, "SELECT count(*) FROM pipeline.runs") == 0)
        #expect(
          try db.value(Bool.self, "SELECT to_regclass('public.x') IS NULL AS absent"))
      }
    }
  }

  // MARK: - Checks that judge

  @Test func aCheckWithoutItsThresholdFailsAtOneRowAndAMisspeltOneIsRefused() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let shipped = try String(
          contentsOfFile: Repository.path("Pipelines/monthly-economics.yaml"), encoding: .utf8
        ).replacingOccurrences(
          of: "scenario: Pipelines/scenarios/paper-2024.yaml",
          with: "scenario: \(SeededDatabase.scenario)")
        let line = try #require(
          shipped.components(separatedBy: "\n").first { $0.contains("duplicate_visit_ids:") })
        // The threshold's key misspelt: refused before anything runs, with a suggestion.
        let misspelt = folder.appending(path: "misspelt.yaml")
        try Data(
          shipped.replacingOccurrences(
            of: line,
            with: line.replacingOccurrences(of: "duplicate_visit_ids", with: "duplicate_visit_idx")
          ).utf8
        ).write(to: misspelt)
        let refused = try #require(throws: ConfigError.self) {
          try runJob(
            misspelt.path, period: "2026-10", url: url, out: folder.appending(path: "m").path)
        }
        #expect(refused.description.contains("did you mean `duplicate_visit_ids`"))

        // The threshold left out: the job's default (fail at 1 row) judges the duplicate.
        let without = folder.appending(path: "without.yaml")
        try Data(shipped.replacingOccurrences(of: line + "\n", with: "").utf8).write(to: without)
        try TestDatabase.connect(url).execute(
          """
          INSERT INTO hospital.visits SELECT * FROM hospital.visits
          WHERE started_at >= '2026-10-01 00:00+08' AND started_at < '2026-11-01 00:00+08'
          ORDER BY visit_id LIMIT 1
          """)
        let out = folder.appending(path: "out")
        let error = try #require(throws: RunError.self) {
          try runJob(without.path, period: "2026-10", url: url, out: out.path)
        }
        #expect(error.exitStatus.rawValue == 65)
        #expect(error.description.contains("FAIL duplicate_visit_ids: 1 of "))
        #expect(!FileManager.default.fileExists(atPath: out.path))
      }
    }
  }

  @Test func aCheckFileThatReturnsOtherIdsThanItDeclaresStopsTheRun() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let check = folder.appending(path: "odd.sql")
        try Data(
          """
          -- checks: duplicate_visit_ids, something_declared
          SELECT 'duplicate_visit_ids' AS check_id, 0::bigint AS failing, 1::bigint AS examined,
                 NULL::text[] AS sample_ids
          UNION ALL
          SELECT 'something_else', 0, 1, NULL

          """.utf8
        ).write(to: check)
        let shipped = try String(
          contentsOfFile: Repository.path("Pipelines/monthly-economics.yaml"), encoding: .utf8)
        var lines = shipped.replacingOccurrences(
          of: "scenario: Pipelines/scenarios/paper-2024.yaml",
          with: "scenario: \(SeededDatabase.scenario)"
        ).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "checks:"))
        let end = try #require(lines.firstIndex { $0.hasPrefix("output:") })
        lines.replaceSubrange(start..<end, with: ["checks:", "  files:", "    - \(check.path)"])
        let job = folder.appending(path: "odd.yaml")
        try Data(lines.joined(separator: "\n").utf8).write(to: job)
        let out = folder.appending(path: "out")
        let error = try #require(throws: RunError.self) {
          try runJob(job.path, period: "2026-10", url: url, out: out.path)
        }
        #expect(error.exitStatus == .config)
        #expect(
          error.description.contains(
            "it returned `something_else`, which its header (line 1) does not declare"))
        #expect(error.description.contains("it returned no row for `something_declared`"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try runs(TestDatabase.connect(url)).map(\.status) == ["failed"])
      }
    }
  }

  // MARK: - Interrupted runs

  @Test func aStopRequestCancelsTheQueriesRecordsCancelledAndReleasesTheLock() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        let out = folder.appending(path: "2026-10")
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: out.path)
        let before = try snapshot(out)

        // Hold a table every run reads (the tariffs, never kept between runs) so that the run's
        // queries wait, then stop the run.
        let blocker = try TestDatabase.connect(url)
        try blocker.execute("BEGIN")
        try blocker.execute("LOCK TABLE hospital.electricity_tariffs IN ACCESS EXCLUSIVE MODE")
        let cancellation = RunCancellation()
        let stopper = Thread {
          // Once a query of the run waits for the table, stop it.
          let watcher = try? TestDatabase.connect(url)
          for _ in 0..<600 {
            let waiting =
              (try? watcher?.query(
                """
                SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE 'metahospital run %'
                  AND wait_event_type = 'Lock'
                """
              ).first?.decode(Int.self, "n")) ?? 0
            if waiting > 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
          }
          cancellation.cancel(reason: "SIGTERM")
        }
        stopper.start()
        let started = ContinuousClock.now
        let error = try #require(throws: RunError.self) {
          try runJob(
            "monthly-economics", period: "2026-10", url: url, out: out.path,
            cancellation: cancellation)
        }
        try blocker.execute("ROLLBACK")
        #expect(error == .cancelled(reason: "SIGTERM"))
        #expect(error.exitStatus.rawValue == 75)
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(try runs(db).map(\.status) == ["succeeded", "cancelled"])
        #expect(try runs(db).last?.error.contains("stopped by SIGTERM") == true)
        // The previous report stays, nothing is left beside it, no session of the run is left,
        // and the lock is free: the same job and period runs again at once.
        #expect(try snapshot(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["2026-10"])
        #expect(
          try db.value(
            Int64.self,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'metahospital run %'"
          ) == 0)
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: out.path)
      }
    }
  }

  @Test func aLockHeldByARunWhoseProcessIsGoneIsTakenOver() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let period = try Period(parsing: "2026-10")
        let lock = RunLock(job: "monthly-economics", period: period)
        // A process that has ended: its pid is free.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let deadPID = finished.processIdentifier
        #expect(!RunLock.isAlive(deadPID))

        // Its session still holds the lock (as a backend finishing a long query would).
        let orphan = try TestDatabase.connect(url)
        try orphan.setApplicationName(
          "metahospital run \(deadPID)@\(lock.host) monthly-economics 2026-10")
        #expect(try orphan.tryAdvisoryLock(key: lock.key))
        let outcome = try runJob(
          "monthly-economics", period: "2026-10", url: url, out: folder.appending(path: "o").path)
        #expect(outcome.summaryLine.hasPrefix("monthly-economics 2026-10: "))
        #expect(throws: PostgresError.self) { try orphan.query("SELECT 1") }

        // A holder that is alive (this test process) keeps it: 75 as before.
        let alive = try TestDatabase.connect(url)
        try alive.setApplicationName(
          "metahospital run \(getpid())@\(lock.host) monthly-economics 2026-10")
        #expect(try alive.tryAdvisoryLock(key: lock.key))
        let error = try #require(throws: RunError.self) {
          try runJob(
            "monthly-economics", period: "2026-10", url: url,
            out: folder.appending(path: "o").path)
        }
        #expect(error == .locked(job: "monthly-economics", period: "2026-10"))
        #expect(try alive.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
      }
    }
  }

  @Test func aReportPublishedByARunKilledBeforeItsRecordIsReconciled() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        let out = folder.appending(path: "2026-10")
        let first = try runJob("monthly-economics", period: "2026-10", url: url, out: out.path)
        // As if killed after the swap, before it recorded its success.
        try db.execute(
          "UPDATE pipeline.runs SET status = 'running', finished_at = NULL, outputs = NULL WHERE run_id = \(first.runID)::uuid"
        )
        let second = try runJob("monthly-economics", period: "2026-10", url: url, out: out.path)
        let history = try runs(db)
        #expect(history.map(\.status) == ["succeeded", "succeeded"])
        #expect(
          history.first?.note.hasPrefix(
            "reconciled by the next run: its report was found published") == true)
        #expect(
          try db.value(
            Bool.self,
            "SELECT outputs ? 'report.md' AS listed FROM pipeline.runs WHERE run_id = \(first.runID)::uuid"
          ))
        #expect(ReportFolderMarker.read(in: out)?.runID == second.runID)
      }
    }
  }

  @Test func temporaryFoldersOfKilledRunsAreRemovedByTheNextRunOfTheJob() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        // What a run killed while writing leaves: its marker and part of its files.
        func leftover(_ period: String, job: String = "monthly-economics") throws -> URL {
          let path = folder.appending(
            path: ".\(period).new-\(UUID().uuidString.prefix(8).lowercased())")
          try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
          let marker = ReportFolderMarker.run(
            job: job, period: period, runID: UUID().uuidString, files: ["report.md", "summary.csv"])
          try Data(marker.text.utf8).write(to: path.appending(path: ReportFolderMarker.fileName))
          try Data("# half".utf8).write(to: path.appending(path: "report.md"))
          return path
        }
        _ = try leftover("2026-10")
        _ = try leftover("2026-09")
        let otherJob = try leftover("2026-10", job: "yearly-economics")
        // A run of 2026-08 in progress (its lock held): its folder is kept.
        let busy = try leftover("2026-08")
        let holder = try TestDatabase.connect(url)
        #expect(
          try holder.tryAdvisoryLock(
            key: RunLock(job: "monthly-economics", period: try Period(parsing: "2026-08")).key))

        _ = try runJob(
          "monthly-economics", period: "2026-10", url: url,
          out: folder.appending(path: "2026-10").path)
        #expect(
          try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["2026-10", busy.lastPathComponent, otherJob.lastPathComponent].sorted())
      }
    }
  }

  // MARK: - Text from the database in the report

  @Test func aModelNameFromTheDatabaseLandsAsCodeNotMarkup() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let model = "<img src=x onerror=alert(1)>`x"
        try TestDatabase.connect(url).execute(
          """
          INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts,
                                        purchase_price, in_service_on)
          VALUES (999999, 'gpu', \(model), 1, 300, 1000, '2026-01-01')
          """)
        let out = folder.appending(path: "2026-10")
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: out.path)
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("``<img src=x onerror=alert(1)>`x``"), "the model as a code span")
        let outsideCode = report.components(separatedBy: "``<img src=x onerror=alert(1)>`x``")
          .joined()
        #expect(!outsideCode.contains("<img"))
      }
    }
  }
}
