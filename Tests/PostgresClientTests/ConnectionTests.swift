import Foundation
import Logging
import PostgresClient
import TestSupport
import Testing

@Suite("Connections and errors")
struct ConnectionTests {
  // MARK: - Connecting

  @Test func connectsAndSetsUpTheSession() throws {
    let connection = try TestDatabase.connect()
    let row = try #require(try connection.query("SHOW TimeZone").first)
    #expect(try row.decode(String.self, at: 0) == "UTC")
    #expect(!connection.redactedConnectionDescription.contains("password"))
    #expect(connection.redactedConnectionDescription.contains("dbname="))
  }

  @Test func unreachableSocketIsAConnectionErrorWithoutThePassword() throws {
    let secret = "Sup3r-Secret-Unreachable-9x7"
    let conninfo =
      "host=/nonexistent/metahospital-socket port=5432 dbname=x user=u password=\(secret)"
    let error = try #require(throws: PostgresError.self) {
      try PostgresConnection(conninfo, logger: TestDatabase.quietLogger)
    }
    #expect(error.code == .connection)
    #expect(error.description.contains("/nonexistent/metahospital-socket"))
    for text in [error.description, error.debugDescription, String(reflecting: error), "\(error)"] {
      #expect(!text.contains(secret))
    }
  }

  @Test func malformedConnectionStringsDoNotEchoThePassword() throws {
    let secret = "Pa55-Echo-Me-Not"
    for conninfo in [
      "host=/tmp password=my \(secret)",  // libpq: missing "=" after "…"
      "postgresql://u:\(secret)@/db?host=/tmp&bogus=\(secret)",
      "postgresql://u:\(secret)@[::1/db",
    ] {
      let error = try #require(throws: PostgresError.self) {
        try PostgresConnection(conninfo, logger: TestDatabase.quietLogger)
      }
      for text in [error.description, error.debugDescription, String(reflecting: error)] {
        #expect(!text.contains(secret), "leaked in: \(text)")
      }
    }
    #expect(!PostgresConnectionString.redacted("postgresql://u:\(secret)@h/db").contains(secret))
    #expect(!PostgresConnectionString.redacted("host=h password='\(secret)'").contains(secret))
  }

  @Test func wrongPasswordIsRefusedWithoutEchoingIt() throws {
    try TestDatabase.withScratchDatabase { url in
      let admin = try TestDatabase.connect(url)
      let role = "mh_role_" + UUID().uuidString.prefix(8).lowercased()
      try admin.execute(
        "CREATE ROLE \(unsafeSQL: role) WITH LOGIN PASSWORD 'the-right-one-42'")
      defer { _ = try? admin.execute("DROP ROLE IF EXISTS \(unsafeSQL: role)") }

      let wrong = "Wr0ng-Pa55word-Distinctive-XYZZY"
      let conninfo = try PostgresConnectionString.replacing(
        ["user": role, "password": wrong], in: url)
      let error = try #require(throws: PostgresError.self) {
        try PostgresConnection(conninfo, logger: TestDatabase.quietLogger)
      }
      #expect(error.code == .connection)
      #expect(error.description.contains("password authentication failed"))
      for text in [error.description, error.debugDescription, String(reflecting: error)] {
        #expect(!text.contains(wrong))
        #expect(!text.contains("the-right-one-42"))
      }
      // The right password works, so the failure above was the password's.
      let right = try PostgresConnectionString.replacing(
        ["user": role, "password": "the-right-one-42"], in: url)
      let connection = try PostgresConnection(right, logger: TestDatabase.quietLogger)
      #expect(!connection.redactedConnectionDescription.contains("the-right-one-42"))
    }
  }

  // MARK: - Server errors

  @Test func undefinedTableCarriesSQLStateAndOrigin() throws {
    let connection = try TestDatabase.connect()
    let query = PostgresQuery(
      sql: "SELECT * FROM no_such_table WHERE id = $1", binds: [1], origin: "sql/extract/visits.sql"
    )
    let error = try #require(throws: PostgresError.self) { try connection.query(query) }
    #expect(error.code == .server)
    #expect(error.sqlState == "42P01")
    #expect(error.origin == "sql/extract/visits.sql")
    #expect(error.position == 15)
    #expect(error.description.contains("42P01"))
    #expect(error.description.contains("sql/extract/visits.sql"))
    #expect(error.debugDescription.contains("no_such_table"))
    // The connection is still usable.
    #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
  }

  @Test func divisionByZeroIsADataException() throws {
    let connection = try TestDatabase.connect()
    let error = try #require(throws: PostgresError.self) {
      try connection.query("SELECT 1 / \(0) AS x")
    }
    #expect(error.sqlState == "22012")
    #expect(error.sqlStateClass == "22")
  }

  @Test func passwordLiteralsAreRemovedFromFailedQueries() throws {
    let connection = try TestDatabase.connect()
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("ALTER ROLE no_such_role_xyz PASSWORD 'Hidden-Literal-77'")
    }
    #expect(!error.debugDescription.contains("Hidden-Literal-77"))
    #expect(!String(reflecting: error).contains("Hidden-Literal-77"))
  }

  // MARK: - Transactions, locks, timeouts

  @Test func transactionsCommitAndRollBack() throws {
    try TestDatabase.withScratchDatabase { url in
      let connection = try TestDatabase.connect(url)
      try connection.execute("CREATE TABLE t (n integer)")
      try connection.withTransaction { try $0.execute("INSERT INTO t VALUES (\(Int32(1)))") }
      struct Boom: Error {}
      #expect(throws: Boom.self) {
        try connection.withTransaction { connection in
          try connection.execute("INSERT INTO t VALUES (\(Int32(2)))")
          throw Boom()
        }
      }
      #expect(throws: PostgresError.self) {
        try connection.withTransaction { try $0.execute("INSERT INTO t VALUES ('not a number')") }
      }
      let values = try connection.query("SELECT n FROM t ORDER BY n").map {
        try $0.decode(Int32.self, "n")
      }
      #expect(values == [1])
      let nested = try #require(throws: PostgresError.self) {
        try connection.withTransaction { try $0.withTransaction { _ in } }
      }
      #expect(nested.code == .usage)
    }
  }

  @Test func advisoryLockHeldByOneIsRefusedToAnother() throws {
    let key = Int64.random(in: 1...Int64.max)
    let first = try TestDatabase.connect()
    let second = try TestDatabase.connect()
    #expect(try first.tryAdvisoryLock(key: key))
    #expect(try !second.tryAdvisoryLock(key: key))
    #expect(try first.advisoryUnlock(key: key))
    #expect(try second.tryAdvisoryLock(key: key))
    #expect(try second.advisoryUnlock(key: key))
  }

  @Test func statementTimeoutCancelsWith57014() throws {
    let connection = try TestDatabase.connect()
    try connection.setStatementTimeout(.milliseconds(100))
    let error = try #require(throws: PostgresError.self) {
      try connection.execute("SELECT pg_sleep(5)")
    }
    #expect(error.sqlState == "57014")
    try connection.setStatementTimeout(nil)
    #expect(try connection.query("SHOW statement_timeout").first?.decode(String.self, at: 0) == "0")
  }

  @Test func applicationNameIsSet() throws {
    let connection = try PostgresConnection(
      try TestDatabase.adminURL(), applicationName: "mh-test", logger: TestDatabase.quietLogger)
    #expect(
      try connection.query("SHOW application_name").first?.decode(String.self, at: 0) == "mh-test")
  }
}

/// Cancelling a running query from another thread (what a signal does to a run).
@Suite struct CancelTests {
  @Test func aCancelHandleStopsTheRunningQueryAndTheConnectionLivesOn() throws {
    let connection = try TestDatabase.connect()
    let handle = try #require(connection.makeCancelHandle())
    let started = ContinuousClock.now
    let canceller = Thread {
      Thread.sleep(forTimeInterval: 0.3)
      handle.cancelQuery()
    }
    canceller.start()
    let error = try #require(throws: PostgresError.self) {
      try connection.query("SELECT pg_sleep(30)")
    }
    #expect(error.sqlState == "57014")
    #expect(ContinuousClock.now - started < .seconds(10))
    #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    // With nothing running, a cancel does nothing.
    #expect(handle.cancelQuery() == nil)
    #expect(try connection.query("SELECT 2 AS two").first?.decode(Int.self, "two") == 2)
  }
}
