import Foundation
import TestSupport
import Testing

/// Runs the built `metahospital` binary; `swift build` must have built it.
func metahospital(_ arguments: [String]) throws -> ProcessOutput {
  var environment = ProcessInfo.processInfo.environment
  environment["DATABASE_URL"] = nil
  environment["METAHOSPITAL_LOG_LEVEL"] = "warning"
  return try run(TestPaths.metahospitalBinary(), arguments, environment: environment)
}

@Suite("metahospital migrate")
struct MigrateCommandTests {
  @Test func appliesThenIsUpToDateThenRefusesAChangedFile() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        try Data("CREATE TABLE ward (id integer);\n".utf8).write(
          to: folder.appending(path: "001_create_ward.sql"))
        try Data("INSERT INTO ward VALUES (1);\n".utf8).write(
          to: folder.appending(path: "002_seed_ward.sql"))
        let arguments = ["migrate", "--database-url", url, "--migrations", folder.path]

        let first = try metahospital(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout == "migrate: applied 2 migrations (001_create_ward, 002_seed_ward)\n")

        let second = try metahospital(arguments)
        #expect(second.status == 0)
        #expect(second.stdout == "migrate: up to date (2 applied)\n")

        try Data("INSERT INTO ward VALUES (2);\n".utf8).write(
          to: folder.appending(path: "002_seed_ward.sql"))
        let changed = try metahospital(arguments)
        #expect(changed.status == 78)
        #expect(changed.stdout.isEmpty)
        #expect(changed.stderr.hasPrefix("error: "))
        #expect(changed.stderr.contains("002_seed_ward.sql"))
      }
    }
  }

  @Test func unreachableDatabaseExits69WithoutThePassword() throws {
    let secret = "E2e-Secret-Pa55-QWERTY"
    for url in [
      "host=/nonexistent/metahospital-e2e dbname=x user=u password=\(secret)",
      "postgresql://u:\(secret)@/x?host=%2Fnonexistent%2Fmetahospital-e2e",
    ] {
      // Migration files are read before connecting, so give it a real (empty) folder.
      try withTemporaryDirectory { folder in
        let result = try metahospital([
          "migrate", "--database-url", url, "--migrations", folder.path,
        ])
        #expect(result.status == 69, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/metahospital-e2e"))
        #expect(!result.stderr.contains(secret))
        #expect(!result.stdout.contains(secret))
      }
    }
  }

  @Test func missingMigrationsFolderExits66() throws {
    let result = try metahospital([
      "migrate", "--database-url", "host=/nonexistent", "--migrations", "/nonexistent/migrations",
    ])
    #expect(result.status == 66)
    #expect(result.stderr.contains("/nonexistent/migrations"))
  }

  @Test func helpExplainsTheCommand() throws {
    let result = try metahospital(["migrate", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("--database-url"))
    #expect(result.stdout.contains("NNN_name.sql"))
  }
}
