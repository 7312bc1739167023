import EconomicsPipeline
import Foundation
import PipelineModel
import PostgresClient
import TestSupport
import Testing

/// What the tool may do to a database: seed only a demo database it marked itself, run with the
/// reporting role's grants and nothing more, and say which grant is missing when one is.
@Suite struct DatabaseSafetyTests {
  /// Counts of every hospital table, to show that nothing changed.
  static func counts(_ db: PostgresConnection) throws -> [String: Int64] {
    var result: [String: Int64] = [:]
    for table in [
      "visits", "charges", "admissions", "surgeries", "staff", "payroll", "devices",
      "device_utilization", "departments", "electricity_tariffs",
    ] {
      result[table] = try db.value(Int64.self, "SELECT count(*) FROM hospital.\(unsafeSQL: table)")
    }
    return result
  }

  // MARK: - seed writes only into a demo database

  @Test func seedRefusesADatabaseHoldingDataItDidNotWrite() throws {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      // The hospital's own records: one department and one visit of 2026.
      try db.simpleExecute(
        """
        INSERT INTO hospital.departments VALUES (77, 'Real ward');
        SELECT hospital.ensure_month_partitions('hospital.visits', 2026);
        INSERT INTO hospital.visits VALUES (1, 'offline', 77, '2026-03-01 09:00+08', 600);
        """)
      let before = try Self.counts(db)
      let error = try #require(throws: SeedRefusal.self) { try SeededDatabase.seed(db) }
      #expect(error.exitStatus.rawValue == 77)
      #expect(error.tablesWithData == ["departments", "visits"])
      #expect(
        error.description.contains(
          "holds data that seed did not write (hospital.departments, hospital.visits) and is not marked as a demo database"
        ))
      #expect(error.description.contains("createdb metahospital_demo"))
      #expect(try Self.counts(db) == before)
      #expect(try db.value(Int64.self, "SELECT count(*) FROM pipeline.synthetic_data") == 0)
    }
  }

  @Test func seedMarksAnEmptyDatabaseThenReplacesItsYear() throws {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      try SeededDatabase.seed(db)
      #expect(
        try db.value(String.self, "SELECT database_name::text FROM pipeline.synthetic_data")
          == db.value(String.self, "SELECT current_database()::text"))
      let visits = try db.value(Int64.self, "SELECT count(*) FROM hospital.visits")
      try SeededDatabase.seed(db)
      #expect(try db.value(Int64.self, "SELECT count(*) FROM hospital.visits") == visits)

      // A mark for another database (this one copied or renamed) does not count.
      try db.execute("UPDATE pipeline.synthetic_data SET database_name = 'elsewhere'")
      #expect(throws: SeedRefusal.self) { try SeededDatabase.seed(db) }
      #expect(try db.value(Int64.self, "SELECT count(*) FROM hospital.visits") == visits)
    }
  }

  // MARK: - The reporting role

  @Test func theReportingRoleRunsAMonthAndCanWriteNothingElse() throws {
    try SeededDatabase.with { url in
      try TestDatabase.withLogin(.reporting, on: url) { reporter, password in
        try withTemporaryDirectory { folder in
          let outcome = try runJob(
            "monthly-economics", period: "2026-10", url: reporter,
            out: folder.appending(path: "out"))
          let db = try TestDatabase.connect(url)
          #expect(
            try db.value(
              String.self, "SELECT status FROM pipeline.runs WHERE run_id = \(outcome.runID)::uuid")
              == "succeeded")

          let session = try TestDatabase.connect(reporter)
          for statement in [
            "INSERT INTO hospital.departments VALUES (99, 'x')",
            "DELETE FROM hospital.visits",
            "TRUNCATE hospital.charges",
            "DELETE FROM pipeline.runs",
            "UPDATE pipeline.source_hour_versions SET version = 0",
            "INSERT INTO pipeline.source_changes (source) VALUES ('visits')",
            "DELETE FROM pipeline.source_changes",
            "INSERT INTO pipeline.synthetic_data (database_name, tool_version) VALUES ('x', 'y')",
            "CREATE TABLE hospital.x (i int)",
            "DROP TABLE public.metahospital_migrations",
          ] {
            let error = try #require(throws: PostgresError.self) {
              try session.execute(.unsafeSQL(statement))
            }
            #expect(error.sqlState == "42501", "\(statement): \(error)")
          }

          // seed as the reporting role: refused, 77, and why.
          let refused = try #require(throws: PostgresError.self) {
            try SeededDatabase.seed(session)
          }
          #expect(ErrorReporting.exitStatus(for: refused).rawValue == 77)
          let message = ErrorReporting.message(for: refused)
          #expect(message.contains("run it as that database's owner"), "\(message)")
          #expect(!message.contains(password))
        }
      }
    }
  }

  @Test func aMissingGrantExits77NamingTheGrantAndTheFile() throws {
    try SeededDatabase.with { url in
      try TestDatabase.withLogin(.reporting, on: url) { reporter, password in
        try withTemporaryDirectory { folder in
          try TestDatabase.connect(url).execute(
            "REVOKE SELECT ON hospital.devices FROM metahospital_reporting")
          let out = folder.appending(path: "out")
          let error = try #require(throws: PostgresError.self) {
            try runJob("monthly-economics", period: "2026-10", url: reporter, out: out)
          }
          #expect(ErrorReporting.exitStatus(for: error).rawValue == 77)
          let message = ErrorReporting.message(for: error)
          #expect(message.contains("lacks SELECT on table devices (needed by sql/"), "\(message)")
          #expect(message.contains("psql -f sql/roles/reporting.sql"))
          #expect(message.contains("GRANT metahospital_reporting TO mh_reporting_"))
          #expect(!message.contains(password))
          #expect(!FileManager.default.fileExists(atPath: out.path))
        }
      }
    }
  }

  // MARK: - The loading role

  @Test func theLoadingRoleLoadsRowsButNotTheHistoryOrTheSchema() throws {
    try TestDatabase.withScratchDatabase { url in
      _ = try SeededDatabase.migrate(url)
      try TestDatabase.connect(url).execute(
        "SELECT hospital.ensure_month_partitions('hospital.visits', 2026)")
      try TestDatabase.withLogin(.loading, on: url) { loader, _ in
        let session = try TestDatabase.connect(loader)
        try session.simpleExecute(
          """
          INSERT INTO hospital.departments VALUES (1, 'Ward');
          INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2026-03-01 09:00+08', 600);
          UPDATE hospital.visits SET duration_seconds = 601 WHERE visit_id = 1;
          """)
        #expect(try session.value(Int64.self, "SELECT count(*) FROM hospital.visits") == 1)
        // The period memory's triggers appended the changes, though the loader has no right on
        // the pipeline schema (they run as their owner).
        #expect(
          try TestDatabase.connect(url).value(
            Int64.self, "SELECT count(*) FROM pipeline.source_changes WHERE source = 'visits'")
            == 2)
        for statement in [
          "SELECT count(*) FROM pipeline.runs",
          "SELECT count(*) FROM pipeline.month_results",
          "SELECT count(*) FROM pipeline.source_changes",
          "INSERT INTO pipeline.source_changes (source) VALUES ('visits')",
          "SELECT pipeline.fold_source_changes()",
          "TRUNCATE hospital.visits",
          "CREATE TABLE hospital.x (i int)",
        ] {
          let error = try #require(throws: PostgresError.self) {
            try session.execute(.unsafeSQL(statement))
          }
          #expect(error.sqlState == "42501", "\(statement): \(error)")
        }
      }
    }
  }
}
