/// Checks, before anything is sent to PostgreSQL, that an SQL file of a job is exactly one
/// `SELECT` (or `WITH … SELECT`) statement that reads and changes nothing.
///
/// The read-only transaction, the reporting role's grants and the check that the transactions
/// wrote nothing (see `sql/roles/`) are what make a run read-only; this check makes a mistake
/// visible at `validate` time, with its place in the file, instead of as a database error.
/// A `COMMIT` would end the run's read-only snapshot and let the next file write; a second
/// statement, a data-modifying `WITH`, `SELECT … INTO` (which creates a table) or a function
/// that changes the session (`set_config`) is refused the same way.
///
/// The text is tokenized the way PostgreSQL's lexer does where it matters: comments (`--`, nested
/// `/* */`), string constants (`'…'` with `''`, `E'…'` with backslash escapes), quoted
/// identifiers (`"…"`), dollar quotes (`$tag$…$tag$`, not to be confused with parameters `$1`),
/// so a word inside a string or a comment never counts.
public enum SQLStatementChecker {
  /// One problem, at a 1-based line and column (counted in Unicode scalars).
  public struct Problem: Sendable, Equatable {
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int
    /// What is wrong and what to do.
    public var message: String
  }

  /// Words that make a statement write (a data-modifying `WITH`, `SELECT … INTO`), lock rows
  /// (`FOR UPDATE`), end the transaction or change the schema. None is a keyword of a plain
  /// SELECT; a column of that name can be written in double quotes.
  static let forbiddenWords: Set<String> = [
    "insert", "update", "delete", "merge", "truncate", "into", "copy", "call", "commit",
    "rollback", "begin", "abort", "savepoint", "prepare", "execute", "lock", "listen", "notify",
    "vacuum", "analyze", "reindex", "refresh", "grant", "revoke", "create", "alter", "drop",
    "discard",
  ]

  /// Functions that change the session or the database, or have effects outside the snapshot.
  static let forbiddenFunctions: Set<String> = [
    "set_config", "nextval", "setval", "pg_notify", "pg_terminate_backend", "pg_cancel_backend",
    "pg_reload_conf", "pg_rotate_logfile", "txid_current", "pg_current_xact_id",
    "pg_switch_wal", "pg_create_restore_point", "pg_sleep", "pg_sleep_for", "pg_sleep_until",
    "pg_export_snapshot", "pg_import_snapshot",
  ]
  /// Prefixes of such functions: advisory locks, large objects, dblink, file access.
  static let forbiddenFunctionPrefixes = [
    "pg_advisory", "pg_try_advisory", "lo_", "dblink", "pg_file_", "pg_read_",
  ]

  /// Every problem of `text`, in file order (empty when it is one plain `SELECT`).
  public static func problems(in text: String) -> [Problem] {
    let scalars = Array(text.unicodeScalars)
    let tokens: [Token]
    switch tokenize(scalars) {
    case .success(let found): tokens = found
    case .failure(let problem): return [problem.located(in: scalars)]
    }
    var statements: [[Token]] = [[]]
    for token in tokens {
      if token.kind == .semicolon {
        statements.append([])
      } else {
        statements[statements.count - 1].append(token)
      }
    }
    let nonEmpty = statements.filter { !$0.isEmpty }
    guard let statement = nonEmpty.first, let first = statement.first else {
      return [
        Problem(
          line: 1, column: 1,
          message:
            "the file holds no SQL statement; it must hold one SELECT (or WITH … SELECT) statement")
      ]
    }
    var problems: [Problem] = []
    let opening = statement.first { $0.kind != .open } ?? first
    if !(opening.kind == .word && ["select", "with"].contains(opening.lowercased)) {
      problems.append(
        Problem(
          offset: opening.offset, in: scalars,
          message:
            "the statement starts with `\(opening.text)`; an SQL file of a job must be one SELECT (or WITH … SELECT) statement, which reads and changes nothing"
        ))
    }
    for (index, token) in statement.enumerated() where token.kind == .word {
      let word = token.lowercased
      let isCall = index + 1 < statement.count && statement[index + 1].kind == .open
      if forbiddenWords.contains(word) {
        problems.append(
          Problem(
            offset: token.offset, in: scalars,
            message:
              "`\(token.text)` has no place in a read-only query (it writes, locks, creates or ends the transaction); a job's SQL file must only SELECT"
          ))
      } else if isCall
        && (forbiddenFunctions.contains(word)
          || forbiddenFunctionPrefixes.contains { word.hasPrefix($0) })
      {
        problems.append(
          Problem(
            offset: token.offset, in: scalars,
            message:
              "`\(token.text)(…)` changes the session or the database, or reaches outside the run's snapshot; a job's SQL file must only read"
          ))
      }
    }
    for extra in nonEmpty.dropFirst() {
      guard let start = extra.first else { continue }
      problems.append(
        Problem(
          offset: start.offset, in: scalars,
          message:
            "another statement (`\(start.text)`) after the first one's `;`: an SQL file of a job holds exactly one SELECT statement, and anything after it would run outside the run's read-only snapshot"
        ))
    }
    return problems
  }

  // MARK: - Tokens

  struct Token {
    enum Kind { case word, open, close, semicolon, other }
    var kind: Kind
    var text: String
    var offset: Int
    var lowercased: String { text.lowercased() }
  }

  struct Unterminated: Error {
    var offset: Int
    var what: String
    func located(in scalars: [Unicode.Scalar]) -> Problem {
      Problem(
        offset: offset, in: scalars,
        message: "\(what) is never closed; close it, or the rest of the file is read as part of it")
    }
  }

  private static func isWordStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || c.properties.isAlphabetic
  }

  private static func isWordPart(_ c: Unicode.Scalar) -> Bool {
    isWordStart(c) || ("0"..."9").contains(c) || c == "$"
  }

  /// The tokens that matter, without comments, strings and quoted identifiers' contents.
  static func tokenize(_ s: [Unicode.Scalar]) -> Result<[Token], Unterminated> {
    var tokens: [Token] = []
    var i = 0
    func at(_ index: Int) -> Unicode.Scalar? { index < s.count ? s[index] : nil }
    while i < s.count {
      let c = s[i]
      if c.properties.isWhitespace {
        i += 1
      } else if c == "-" && at(i + 1) == "-" {
        while i < s.count && s[i] != "\n" { i += 1 }
      } else if c == "/" && at(i + 1) == "*" {
        let start = i
        var depth = 0
        repeat {
          if s[i] == "/" && at(i + 1) == "*" {
            depth += 1
            i += 2
          } else if s[i] == "*" && at(i + 1) == "/" {
            depth -= 1
            i += 2
          } else {
            i += 1
          }
        } while depth > 0 && i < s.count
        if depth > 0 { return .failure(Unterminated(offset: start, what: "a /* comment")) }
      } else if c == "'" || ((c == "E" || c == "e") && at(i + 1) == "'") {
        // A string constant; E'…' also escapes with backslashes.
        let start = i
        let backslashes = c != "'"
        guard
          let end = closingQuote(
            "'", in: s, from: i + (backslashes ? 2 : 1), backslashes: backslashes)
        else { return .failure(Unterminated(offset: start, what: "a string constant")) }
        i = end
        tokens.append(Token(kind: .other, text: "'…'", offset: start))
      } else if c == "\"" {
        let start = i
        guard let end = closingQuote("\"", in: s, from: i + 1, backslashes: false) else {
          return .failure(Unterminated(offset: start, what: "a quoted identifier"))
        }
        i = end
        tokens.append(Token(kind: .other, text: "\"…\"", offset: start))
      } else if c == "$", let tagEnd = dollarTagEnd(s, from: i) {
        let start = i
        let tag = Array(s[i...tagEnd])
        i = tagEnd + 1
        var closed = false
        while i < s.count {
          if s[i] == "$", i + tag.count <= s.count, Array(s[i..<(i + tag.count)]) == tag {
            i += tag.count
            closed = true
            break
          }
          i += 1
        }
        if !closed { return .failure(Unterminated(offset: start, what: "a $-quoted string")) }
        tokens.append(Token(kind: .other, text: "$…$", offset: start))
      } else if isWordStart(c) {
        let start = i
        while i < s.count && isWordPart(s[i]) { i += 1 }
        var word = ""
        word.unicodeScalars.append(contentsOf: s[start..<i])
        // A prefixed string constant: U&'…', B'…', X'…' (E'…' is handled above).
        if at(i) == "'" {
          continue
        }
        tokens.append(Token(kind: .word, text: word, offset: start))
      } else {
        let kind: Token.Kind =
          switch c {
          case "(": .open
          case ")": .close
          case ";": .semicolon
          default: .other
          }
        tokens.append(Token(kind: kind, text: String(Character(c)), offset: i))
        i += 1
      }
    }
    return .success(tokens)
  }

  /// The index just past the `quote` that closes a quoted text whose contents start at `start`
  /// (a doubled quote stands for itself, and with `backslashes` a backslash escapes the next
  /// character), or nil when the file ends first.
  private static func closingQuote(
    _ quote: Unicode.Scalar, in s: [Unicode.Scalar], from start: Int, backslashes: Bool
  ) -> Int? {
    var i = start
    while i < s.count {
      if backslashes && s[i] == "\\" {
        i += 2
      } else if s[i] == quote {
        if i + 1 < s.count && s[i + 1] == quote {
          i += 2
        } else {
          return i + 1
        }
      } else {
        i += 1
      }
    }
    return nil
  }

  /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$`, `$body$`),
  /// or nil when `$` starts something else (a parameter such as `$1`).
  private static func dollarTagEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
    var i = start + 1
    guard i < s.count else { return nil }
    if s[i] == "$" { return i }
    guard isWordStart(s[i]) else { return nil }
    while i < s.count && (isWordStart(s[i]) || ("0"..."9").contains(s[i])) { i += 1 }
    return i < s.count && s[i] == "$" ? i : nil
  }
}

extension SQLStatementChecker.Problem {
  /// A problem at a scalar offset of `scalars`.
  init(offset: Int, in scalars: [Unicode.Scalar], message: String) {
    var line = 1
    var column = 1
    for scalar in scalars.prefix(offset) {
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    self.init(line: line, column: column, message: message)
  }
}
