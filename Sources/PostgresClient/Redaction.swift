import Foundation

/// Removes passwords from connection strings, libpq messages and query texts.
///
/// libpq's connection errors may echo fragments of the connection string (a malformed
/// `key=value` string or URI), so every message that leaves this module passes through here.
enum Redaction {
  /// The placeholder written where a secret was.
  static let mask = "********"

  /// Replaces `password=…` (key=value or URI query) and `user:password@` forms with a mask.
  static func scrubConnectionText(_ text: String) -> String {
    var result = text
    // key=value form: password = 'quoted \' value' or password=bare
    result = replace(
      #"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]*)"#, in: result, with: "$1" + mask)
    // URI userinfo: scheme://user:password@host
    result = replace(#"(://[^:/@\s]*):([^@\s]*)@"#, in: result, with: "$1:" + mask + "@")
    return result
  }

  /// Removes every occurrence of each secret (and its percent-encoded form) from `text`.
  static func scrub(_ text: String, secrets: [String]) -> String {
    var result = scrubConnectionText(text)
    for secret in secrets where !secret.isEmpty {
      result = result.replacingOccurrences(of: secret, with: mask)
      if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
        encoded != secret
      {
        result = result.replacingOccurrences(of: encoded, with: mask)
      }
    }
    return result
  }

  /// Replaces double-quoted fragments longer than one character, which libpq uses to echo parts
  /// of a connection string it could not parse (and which may hold a password).
  static func scrubQuotedFragments(_ text: String) -> String {
    // Split on quotes: odd-numbered pieces are quoted. Keep one-character ones such as "=".
    text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().map { index, piece in
      index % 2 == 1 && piece.count > 1 ? "…" : String(piece)
    }.joined(separator: "\"")
  }

  /// Removes the literal after `PASSWORD` in statements such as `CREATE ROLE x PASSWORD '…'`.
  static func scrubQueryText(_ text: String) -> String {
    replace(#"(?i)(password\s+)'(?:[^']|'')*'"#, in: text, with: "$1'" + mask + "'")
  }

  private static func replace(_ pattern: String, in text: String, with template: String) -> String {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
    let range = NSRange(text.startIndex..., in: text)
    return regex.stringByReplacingMatches(in: text, range: range, withTemplate: template)
  }
}
