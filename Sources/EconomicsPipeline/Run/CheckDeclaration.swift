/// The check ids a data-quality check file declares in its header, so that a job's thresholds
/// can be checked against them before anything runs, and the file's rows against them after.
///
/// The header is a comment line among the file's first comment lines:
/// ```sql
/// -- checks: charges_missing_amount, negative_charge_amounts
/// ```
/// `validate` refuses a threshold that names no declared id (a misspelt key would otherwise
/// switch its check off); `run` refuses a file that returns an id it does not declare or misses
/// one it does.
public struct CheckDeclaration: Sendable, Hashable {
  /// The ids, in the order written.
  public var ids: [String]
  /// The header's line, from 1.
  public var line: Int

  /// A declaration of `ids` on header line `line`.
  public init(ids: [String], line: Int) {
    self.ids = ids
    self.line = line
  }

  /// The marker that starts the header line.
  public static let marker = "-- checks:"

  /// A problem with a header, at a line and column of the file.
  public struct Problem: Error, Sendable, Equatable {
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int
    /// What is wrong and what to do.
    public var message: String
  }

  /// Reads the header of a check file's text.
  public static func parse(_ text: String) -> Result<CheckDeclaration, Problem> {
    let example = "`-- checks: first_check_id, second_check_id`"
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      guard line.hasPrefix("--") else { break }  // the leading comment block ends here
      guard line.lowercased().hasPrefix(marker) else { continue }
      let lineNumber = index + 1
      let list = line.dropFirst(marker.count)
      var ids: [String] = []
      var column = rawLine.prefix { $0 == " " || $0 == "\t" }.count + marker.count + 1
      for part in list.split(separator: ",", omittingEmptySubsequences: false) {
        let id = part.trimmingCharacters(in: .whitespaces)
        let at = column + (part.prefix { $0 == " " }.count)
        guard isCheckID(id) else {
          return .failure(
            Problem(
              line: lineNumber, column: at,
              message:
                "`\(SafeText.visible(id))` is not a check id (snake_case: a–z, 0–9, _); the header reads \(example)"
            ))
        }
        guard !ids.contains(id) else {
          return .failure(
            Problem(line: lineNumber, column: at, message: "check id `\(id)` is declared twice"))
        }
        ids.append(id)
        column += part.count + 1
      }
      return .success(CheckDeclaration(ids: ids, line: lineNumber))
    }
    return .failure(
      Problem(
        line: 1, column: 1,
        message:
          "the file does not declare the check ids it returns: add a header line such as \(example) to its first comment lines"
      ))
  }

  /// `\A[a-z][a-z0-9_]*\z`, ASCII only, at most 63 characters.
  public static func isCheckID(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 63
    else { return false }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
    }
  }
}
