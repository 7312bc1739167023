import EconomicsPipeline
import Foundation
import Logging
import PipelineModel
import PostgresClient
import TestSupport
import Testing

/// Writes migration files into a folder.
func write(_ files: [String: String], into folder: URL) throws {
  for (name, sql) in files {
    try Data(sql.utf8).write(to: folder.appending(path: name))
  }
}

@Suite("Migrator")
struct MigratorTests {
  let logger = TestDatabase.quietLogger

  static let three = [
    "001_create_ward.sql": "CREATE TABLE ward (id integer PRIMARY KEY, name text NOT NULL);\n",
    "002_seed_ward.sql":
      "INSERT INTO ward VALUES (1, 'cardiology');\nINSERT INTO ward VALUES (2, 'xr');\n",
    "010_add_beds.sql": "ALTER TABLE ward ADD COLUMN beds integer NOT NULL DEFAULT 0;\n",
  ]

  // MARK: - Applying

  @Test func appliesInOrderAndRecordsHistory() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(Self.three, into: folder)
        let connection = try TestDatabase.connect(url)
        let report = try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        #expect(
          report.summary
            == "migrate: applied 3 migrations (001_create_ward, 002_seed_ward, 010_add_beds)")

        let history = try connection.query(
          "SELECT version, name, checksum, duration_ms, applied_at FROM public.metahospital_migrations ORDER BY version"
        )
        #expect(try history.map { try $0.decode(Int.self, "version") } == [1, 2, 10])
        #expect(
          try history.map { try $0.decode(String.self, "name") } == [
            "001_create_ward", "002_seed_ward", "010_add_beds",
          ])
        let expected = SHA256.hex(Array(try #require(Self.three["001_create_ward.sql"]).utf8))
        #expect(try history[0].decode(String.self, "checksum") == expected)
        #expect(try history[0].decode(Int64.self, "duration_ms") >= 0)
        _ = try history[0].decode(Date.self, "applied_at")
        #expect(
          try connection.query("SELECT sum(beds) AS b FROM ward").first?.decode(Int.self, "b") == 0)

        let again = try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        #expect(again.applied.isEmpty)
        #expect(again.summary == "migrate: up to date (3 applied)")
      }
    }
  }

  @Test func appliesOnlyNewFilesOnALaterRun() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(["001_create_ward.sql": Self.three["001_create_ward.sql"] ?? ""], into: folder)
        let connection = try TestDatabase.connect(url)
        try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        try write(["002_seed_ward.sql": Self.three["002_seed_ward.sql"] ?? ""], into: folder)
        let report = try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        #expect(report.summary == "migrate: applied 1 migration (002_seed_ward)")
        #expect(report.previouslyApplied == 1)
      }
    }
  }

  // MARK: - Refusals

  @Test func changedFileIsRefusedNamingTheFile() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(Self.three, into: folder)
        let connection = try TestDatabase.connect(url)
        try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        try write(["002_seed_ward.sql": "INSERT INTO ward VALUES (3, 'changed');\n"], into: folder)
        let error = try #require(throws: MigrationError.self) {
          try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        }
        #expect(error.exitStatus == .config)
        #expect(error.description.contains("002_seed_ward.sql"))
        #expect(error.description.contains("changed"))
      }
    }
  }

  @Test func missingAppliedFileIsRefused() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(Self.three, into: folder)
        let connection = try TestDatabase.connect(url)
        try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        try FileManager.default.removeItem(at: folder.appending(path: "002_seed_ward.sql"))
        let error = try #require(throws: MigrationError.self) {
          try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        }
        #expect(error.exitStatus == .config)
        #expect(error.description.contains("002_seed_ward.sql"))
        #expect(error.description.contains("missing"))
      }
    }
  }

  @Test func failingMigrationRollsBackAndRecordsNothing() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(
          [
            "001_create_ward.sql": Self.three["001_create_ward.sql"] ?? "",
            "002_broken.sql":
              "CREATE TABLE half_done (id integer);\nINSERT INTO ward VALUES (1, 'a');\nSELECT 1 / 0;\n",
          ], into: folder)
        let connection = try TestDatabase.connect(url)
        let error = try #require(throws: MigrationError.self) {
          try Migrator(folder: folder.path, logger: logger).migrate(on: connection)
        }
        #expect(error.description.contains("002_broken.sql"))
        #expect(error.description.contains("22012"))
        #expect(error.exitStatus == .dataError)
        let versions = try connection.query("SELECT version FROM public.metahospital_migrations")
          .map { try $0.decode(Int.self, "version") }
        #expect(versions == [1])
        #expect(
          try connection.query("SELECT to_regclass('half_done') IS NULL AS gone").first?.decode(
            Bool.self, "gone") == true)
        #expect(
          try connection.query("SELECT count(*) AS n FROM ward").first?.decode(Int.self, "n") == 0)
      }
    }
  }

  @Test func syntaxErrorNamesFileLineAndSQLState() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(
          ["001_typo.sql": "CREATE TABLE a (id integer);\n\nCREAT TABLE b (id integer);\n"],
          into: folder)
        let error = try #require(throws: MigrationError.self) {
          try Migrator(folder: folder.path, logger: logger).migrate(
            on: try TestDatabase.connect(url))
        }
        #expect(error.description.contains("001_typo.sql:3"))
        #expect(error.description.contains("42601"))
      }
    }
  }

  @Test(arguments: ["1_short.sql", "001-dash.sql", "abc_name.sql", "001_.sql", "001_bad name.sql"])
  func badFileNamesAreRejected(name: String) throws {
    try withTemporaryDirectory { folder in
      try write([name: "SELECT 1;"], into: folder)
      let error = try #require(throws: MigrationError.self) {
        try Migration.load(from: folder.path)
      }
      #expect(error.exitStatus == .config)
      #expect(error.description.contains(name))
    }
  }

  @Test func duplicateNumbersAreRejected() throws {
    try withTemporaryDirectory { folder in
      try write(
        ["001_a.sql": "SELECT 1;", "001_b.sql": "SELECT 2;", "README.md": "ignored"], into: folder)
      let error = try #require(throws: MigrationError.self) {
        try Migration.load(from: folder.path)
      }
      #expect(error.description.contains("001_a.sql"))
      #expect(error.description.contains("001_b.sql"))
    }
  }

  @Test func aHeldLockMakesASecondMigrateWaitThenFail() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try write(Self.three, into: folder)
        let holder = try TestDatabase.connect(url)
        #expect(try holder.tryAdvisoryLock(key: Migrator.lockKey))
        let error = try #require(throws: MigrationError.self) {
          try Migrator(folder: folder.path, lockWait: .milliseconds(300), logger: logger)
            .migrate(on: try TestDatabase.connect(url))
        }
        #expect(error.exitStatus == .temporaryFailure)
        try holder.advisoryUnlock(key: Migrator.lockKey)
      }
    }
  }
}

@Suite("Exit statuses and settings")
struct ErrorReportingTests {
  @Test func postgresErrorsMapToSysexits() {
    func status(_ code: PostgresError.Code, _ state: String?) -> SysExit {
      ErrorReporting.exitStatus(for: PostgresError(code: code, sqlState: state, message: "m"))
    }
    #expect(status(.connection, nil) == .unavailable)
    #expect(status(.server, "55P03") == .temporaryFailure)
    #expect(status(.server, "57014") == .temporaryFailure)
    #expect(status(.server, "22012") == .dataError)
    #expect(status(.server, "23505") == .dataError)
    #expect(status(.server, "42P01") == .software)
    #expect(status(.decoding, nil) == .dataError)
    #expect(ErrorReporting.exitStatus(for: MigrationError.invalidFileName("x")) == .config)
    struct Other: Error {}
    #expect(ErrorReporting.exitStatus(for: Other()) == .software)
  }

  @Test func databaseSettingsResolveFlagThenEnvironmentThenLibpq() {
    let env = ["DATABASE_URL": "postgresql://u:secret@h/db"]
    #expect(DatabaseSettings.resolve(flag: "host=x", environment: env).source == .flag)
    #expect(DatabaseSettings.resolve(flag: "", environment: env).source == .environment)
    #expect(DatabaseSettings.resolve(flag: nil, environment: [:]).connectionString == nil)
    #expect(!DatabaseSettings.resolve(flag: nil, environment: env).description.contains("secret"))
  }
}
