import CLibPQ
import Foundation

/// Helpers for libpq connection strings (URI or `key=value`).
public enum PostgresConnectionString {
  /// Parses a connection string with libpq's own parser into its explicitly given settings
  /// (without `PG*` environment defaults).
  /// - Throws: `PostgresError` `.connection` when the string is malformed; the message has
  ///   libpq's quoted echoes of the string removed, as they may hold a password.
  public static func parseOptions(_ conninfo: String) throws(PostgresError) -> [String: String] {
    var errorMessage: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(conninfo, &errorMessage) else {
      var message = "the connection string is malformed"
      if let errorMessage {
        let libpqText = String(cString: errorMessage).trimmingCharacters(
          in: .whitespacesAndNewlines)
        PQfreemem(errorMessage)
        message +=
          " (libpq: \(Redaction.scrubQuotedFragments(Redaction.scrubConnectionText(libpqText))))"
      }
      throw PostgresError(code: .connection, message: message)
    }
    defer { PQconninfoFree(options) }
    var settings: [String: String] = [:]
    var option = options
    while let keyword = option.pointee.keyword {
      if let value = option.pointee.val {
        settings[String(cString: keyword)] = String(cString: value)
      }
      option += 1
    }
    return settings
  }

  /// Builds a `key=value` connection string from settings, quoting values as libpq requires.
  public static func make(_ settings: [String: String]) -> String {
    settings.sorted { $0.key < $1.key }.map { key, value in
      let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "'", with: "\\'")
      return "\(key)='\(escaped)'"
    }.joined(separator: " ")
  }

  /// Returns `conninfo` with some settings replaced (e.g. another `dbname` or `user`), as a
  /// `key=value` string. Settings the original leaves out still come from the environment.
  public static func replacing(_ overrides: [String: String], in conninfo: String)
    throws(PostgresError)
    -> String
  {
    var settings = conninfo.isEmpty ? [:] : try parseOptions(conninfo)
    settings.merge(overrides) { _, new in new }
    return make(settings)
  }

  /// A description for logs: the string with its password masked.
  public static func redacted(_ conninfo: String) -> String {
    let secrets = (try? parseOptions(conninfo))?["password"].map { [$0] } ?? []
    return Redaction.scrub(conninfo, secrets: secrets)
  }
}
