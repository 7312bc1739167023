import EconomicsPipeline
import Foundation
import PipelineModel
import Testing

/// A job's SQL files must be one read-only SELECT, checked before anything is sent.
@Suite struct SQLStatementCheckerTests {
  static func problems(_ text: String) -> [String] {
    SQLStatementChecker.problems(in: text).map { "\($0.line):\($0.column): \($0.message)" }
  }

  // MARK: - Accepted

  @Test func everyShippedQueryAndCheckIsOneSelect() throws {
    let folders = ["sql/extract", "sql/checks"]
    var count = 0
    for folder in folders {
      for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path(folder))
      where name.hasSuffix(".sql") {
        let text = try String(contentsOfFile: Repository.path("\(folder)/\(name)"), encoding: .utf8)
        #expect(Self.problems(text).isEmpty, "\(folder)/\(name): \(Self.problems(text))")
        count += 1
      }
    }
    #expect(count >= 15)
  }

  @Test(arguments: [
    "SELECT 1",
    "select 1;",
    "  -- a comment\nWITH x AS (SELECT 1) SELECT * FROM x;\n-- trailing comment\n",
    "(SELECT 1) UNION ALL (SELECT 2)",
    "SELECT 'it''s; COMMIT' AS text, \"update\" FROM t",
    "SELECT E'\\'; DELETE FROM t; --' AS x",
    "SELECT $body$ INSERT INTO x; $body$ AS s, $1::int, $2",
    "SELECT 1 /* nested /* COMMIT */ still a comment */",
    "SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t WHERE b AT TIME ZONE $3 > now()",
    "SELECT u&'\\0041' AS a",
  ])
  func aReadOnlySelectPasses(sql: String) {
    #expect(Self.problems(sql).isEmpty, "\(Self.problems(sql))")
  }

  // MARK: - Refused, with a place

  @Test func aCommitThatWouldEndTheSnapshotIsRefusedWhereItIs() {
    let problems = Self.problems(
      "-- visits\nSELECT count(*) FROM hospital.visits;\nCOMMIT;\nCREATE TABLE public.x (i int);\n")
    #expect(problems.count == 2)
    #expect(problems[0].hasPrefix("3:1: another statement (`COMMIT`) after the first one's `;`"))
    #expect(problems[1].hasPrefix("4:1: another statement (`CREATE`)"))
  }

  @Test(arguments: [
    ("COMMIT", "1:1: the statement starts with `COMMIT`"),
    ("BEGIN; SELECT 1", "1:1: the statement starts with `BEGIN`"),
    ("SET default_transaction_read_only = off", "1:1: the statement starts with `SET`"),
    (
      "WITH d AS (DELETE FROM hospital.visits RETURNING *) SELECT * FROM d",
      "1:12: `DELETE` has no place"
    ),
    ("SELECT * INTO public.copy FROM hospital.visits", "1:10: `INTO` has no place"),
    ("SELECT * FROM t FOR UPDATE", "1:21: `UPDATE` has no place"),
    (
      "SELECT set_config('default_transaction_read_only', 'off', false)",
      "1:8: `set_config(…)` changes"
    ),
    ("SELECT pg_advisory_lock(1)", "1:8: `pg_advisory_lock(…)`"),
    ("SELECT nextval('s')", "1:8: `nextval(…)`"),
    ("SELECT lo_import('/etc/passwd')", "1:8: `lo_import(…)`"),
    ("", "1:1: the file holds no SQL statement"),
    ("-- only a comment\n;", "1:1: the file holds no SQL statement"),
    ("SELECT 'open", "1:8: a string constant is never closed"),
    ("SELECT 1 /* open", "1:10: a /* comment is never closed"),
    ("SELECT $x$ open", "1:8: a $-quoted string is never closed"),
  ])
  func aStatementThatIsNotOneReadOnlySelectIsRefused(sql: String, expected: String) {
    let problems = Self.problems(sql)
    #expect(problems.first?.hasPrefix(expected) == true, "\(problems)")
  }

  @Test func theCheckRunsBeforeTheFileCanBeSent() throws {
    let error = try #require(throws: RunError.self) {
      try SQLFile(
        path: "Tests/EconomicsPipelineTests/Fixtures/sql/commit.sql", root: Repository.root)
    }
    #expect(error.exitStatus == .config)
    #expect(
      error.description.hasPrefix(
        "Tests/EconomicsPipelineTests/Fixtures/sql/commit.sql:3:1: error: another statement (`COMMIT`)"
      ))
    #expect(error.description.contains("nothing was sent to the database"))
  }

  // MARK: - Check file headers

  @Test func aHeaderDeclaresTheIds() throws {
    let text = "-- checks: a_one, b_two\n-- what they mean\nSELECT 1"
    #expect(
      try CheckDeclaration.parse(text).get() == CheckDeclaration(ids: ["a_one", "b_two"], line: 1))
  }

  @Test(
    arguments: [
      ("SELECT 1", 1, 1, "does not declare"),
      ("-- about\nSELECT 1\n-- checks: late", 1, 1, "does not declare"),
      ("-- checks: ok, Bad", 1, 16, "`Bad` is not a check id"),
      ("-- checks: a, a", 1, 15, "declared twice"),
      ("-- checks: ", 1, 11, "`` is not a check id"),
    ] as [(String, Int, Int, String)])
  func aMissingOrMalformedHeaderIsLocated(text: String, line: Int, column: Int, message: String) {
    guard case .failure(let problem) = CheckDeclaration.parse(text) else {
      Issue.record("accepted: \(text)")
      return
    }
    #expect(problem.line == line)
    #expect(problem.column == column)
    #expect(problem.message.contains(message), "\(problem.message)")
  }
}
