/// An error from PostgreSQL or from this client: what failed, where, and the SQLSTATE.
///
/// `description` is a compact, user-facing text (what, where, SQLSTATE). `debugDescription` adds
/// the detail, the hint and the query text. Neither ever shows a password: connection strings are
/// kept only in redacted form, libpq's connection messages are scrubbed, and `PASSWORD '…'`
/// literals are removed from the stored query text.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible
{
  /// The kind of failure. Extensible: new codes can be added without breaking `switch`es.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's stable name, e.g. `"server"`.
    public let name: String

    /// Creates a code with a stable name.
    public init(_ name: String) { self.name = name }

    /// The server could not be reached, refused the login, or the connection was lost.
    public static let connection = Code("connection")
    /// The server rejected a statement; `sqlState` says why.
    public static let server = Code("server")
    /// A value in a result does not fit the Swift type asked for.
    public static let decoding = Code("decoding")
    /// libpq or the server answered something this client did not expect.
    public static let `protocol` = Code("protocol")
    /// The client was used incorrectly, e.g. a nested `withTransaction`.
    public static let usage = Code("usage")

    /// The code's name.
    public var description: String { name }
  }

  /// The kind of failure.
  public var code: Code
  /// The five-character SQLSTATE reported by the server (e.g. `42P01`), if any.
  public var sqlState: String?
  /// The primary message, one line.
  public var message: String
  /// The server's optional detail.
  public var detail: String?
  /// The server's optional hint on what to do.
  public var hint: String?
  /// The 1-based character position of the error in the query text, if the server gave one.
  public var position: Int?
  /// The query text that failed, with `PASSWORD '…'` literals removed.
  public var query: String? {
    didSet { query = query.map(Redaction.scrubQueryText) }
  }
  /// Where the query came from, such as `sql/extract/visits.sql`.
  public var origin: String?
  /// The connection, redacted (host, port, database, user; never a password).
  public var connection: String?

  /// Creates an error. The query text is stored with its password literals removed.
  public init(
    code: Code,
    sqlState: String? = nil,
    message: String,
    detail: String? = nil,
    hint: String? = nil,
    position: Int? = nil,
    query: String? = nil,
    origin: String? = nil,
    connection: String? = nil
  ) {
    self.code = code
    self.sqlState = sqlState
    self.message = message
    self.detail = detail
    self.hint = hint
    self.position = position
    self.query = query.map(Redaction.scrubQueryText)
    self.origin = origin
    self.connection = connection
  }

  /// The SQLSTATE's two-character class (`"22"` for data exceptions), if there is a SQLSTATE.
  public var sqlStateClass: String? { sqlState.map { String($0.prefix(2)) } }

  /// A compact text for users: what failed, where, and the SQLSTATE.
  public var description: String {
    var text: String
    switch code {
    case .connection:
      text = "cannot use the PostgreSQL connection"
      if let connection { text += " (\(connection))" }
      text += ": \(message)"
    case .server:
      text = "PostgreSQL error"
      if let sqlState { text += " \(sqlState)" }
      if let origin { text += " in \(origin)" }
      text += ": \(message)"
    default:
      text = "PostgreSQL \(code.name) error"
      if let origin { text += " in \(origin)" }
      text += ": \(message)"
    }
    if code != .connection, let sqlState, code != .server { text += " (SQLSTATE \(sqlState))" }
    if let hint { text += " (hint: \(hint))" }
    return text
  }

  /// Everything known: description, detail, position and query text (never a password).
  public var debugDescription: String {
    var parts = ["PostgresError(code: \(code)"]
    if let sqlState { parts.append("sqlState: \(sqlState)") }
    parts.append("message: \(message)")
    if let detail { parts.append("detail: \(detail)") }
    if let hint { parts.append("hint: \(hint)") }
    if let position { parts.append("position: \(position)") }
    if let origin { parts.append("origin: \(origin)") }
    if let connection { parts.append("connection: \(connection)") }
    if let query { parts.append("query: \(query)") }
    return parts.joined(separator: ", ") + ")"
  }
}
