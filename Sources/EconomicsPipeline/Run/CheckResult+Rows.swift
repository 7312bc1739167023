import Foundation
import PipelineModel
import PostgresClient

extension CheckResult {
  /// Reads the rows of a check file: `check_id, failing, examined, sample_ids`, one row per id
  /// the file declares in its `-- checks:` header, each once; `failing` and `examined` never
  /// NULL (an unknown count is not a zero). A file that also returns a measure from the same
  /// scan has rows without a check_id: they are not checks.
  /// - Throws: ``RunError/checkFileMismatch(file:problem:)`` for ids the header does not match,
  ///   ``RunError/unexpectedResult(file:problem:)`` for a row of the wrong shape.
  static func results(from query: QueryResult) throws(RunError) -> [CheckResult] {
    let file = query.file.path
    let checkColumn = query.rows.columns.index(of: "check_id")
    let results: [CheckResult]
    do {
      results = try query.rows.filter { row in checkColumn.map { row.values[$0] != nil } ?? true }
        .map { row throws(PostgresError) in
          let checkID = try row.decode(String.self, "check_id")
          guard let failing = try row.decode(Int64?.self, "failing"),
            let examined = try row.decode(Int64?.self, "examined"), failing >= 0, examined >= 0
          else {
            throw PostgresError(
              code: .decoding,
              message:
                "check \(SafeText.visible(checkID)) returned a NULL or negative count of failing or examined rows"
            )
          }
          return CheckResult(
            checkID: checkID, failing: failing, examined: examined,
            sampleIDs: PostgresTextArray.parse(try row.decode(String?.self, "sample_ids")),
            file: file,
            idRanges: query.rows.columns.index(of: "id_ranges") == nil
              ? [] : try Self.ranges(PostgresTextArray.parse(row.decode(String?.self, "id_ranges")))
          )
        }
    } catch {
      throw .unexpectedResult(file: file, problem: "\(error)")
    }
    guard let declared = query.file.checkDeclaration else {
      throw .checkFileMismatch(
        file: file, problem: "it has no `-- checks:` header naming the ids it returns")
    }
    let returned = results.map(\.checkID)
    let undeclared = returned.filter { !declared.ids.contains($0) }
    let missing = declared.ids.filter { !returned.contains($0) }
    let repeated = Set(returned.filter { id in returned.filter { $0 == id }.count > 1 })
    var problems: [String] = []
    if !undeclared.isEmpty {
      problems.append(
        "it returned \(undeclared.map { "`\(SafeText.visible($0))`" }.joined(separator: ", ")), which its header (line \(declared.line)) does not declare"
      )
    }
    if !missing.isEmpty {
      problems.append(
        "it returned no row for \(missing.map { "`\($0)`" }.joined(separator: ", ")), which its header (line \(declared.line)) declares"
      )
    }
    if !repeated.isEmpty {
      problems.append(
        "it returned \(repeated.sorted().map { "`\(SafeText.visible($0))`" }.joined(separator: ", ")) more than once"
      )
    }
    guard problems.isEmpty else {
      throw .checkFileMismatch(file: file, problem: problems.joined(separator: "; "))
    }
    return results
  }
}

extension CheckResult {
  /// `lo:hi` texts as ranges.
  static func ranges(_ texts: [String]) throws(PostgresError) -> [ClosedRange<Int64>] {
    try texts.map { text throws(PostgresError) in
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, let lo = Int64(parts[0]), let hi = Int64(parts[1]), lo <= hi else {
        throw PostgresError(
          code: .decoding, message: "id range \"\(text)\" is not lo:hi with lo ≤ hi", origin: nil)
      }
      return lo...hi
    }
  }
}

/// PostgreSQL's text form of a one-dimensional text array: `{a,"b c",NULL}`.
enum PostgresTextArray {
  /// The elements, NULL elements dropped; an empty list for a NULL array.
  static func parse(_ text: String?) -> [String] {
    guard let text, text.hasPrefix("{"), text.hasSuffix("}") else { return [] }
    var elements: [String] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var escaped = false
    for character in text.dropFirst().dropLast() {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
        wasQuoted = true
      } else if character == "," && !quoted {
        if wasQuoted || current != "NULL" { elements.append(current) }
        current = ""
        wasQuoted = false
      } else {
        current.append(character)
      }
    }
    if !text.hasPrefix("{}") && (wasQuoted || current != "NULL") { elements.append(current) }
    return elements
  }
}
