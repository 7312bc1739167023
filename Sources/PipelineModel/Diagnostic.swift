import Foundation

/// How much a diagnostic matters. An error stops the command (nothing is written); a warning is
/// logged at warning level, which cron mails, and the command goes on; a note is logged at notice
/// level, which an interactive terminal shows and cron does not mail.
public enum Severity: String, Sendable, Comparable, CaseIterable {
  case note, warning, error

  /// Notes first, errors last.
  public static func < (a: Severity, b: Severity) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}

/// One thing a command found in a config file, in a period's data or in a schedule: how much it
/// matters, what it is and what to do, where (a file position, for config), and the details a
/// log line carries as metadata. The same type for all three, so that a test, a log and a report
/// read them the same way.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  /// What the diagnostic is about.
  public enum Subject: String, Sendable {
    /// A job, scenario or language file.
    case config
    /// A period's data (coverage, checks, lines without data, restated months).
    case data
    /// The crontab lines and their environment.
    case schedule
  }

  /// How much it matters.
  public var severity: Severity
  /// What it is about.
  public var subject: Subject
  /// What was found and what to do, for people (a log line's message).
  public var message: String
  /// Where, for a diagnostic of a file.
  public var location: ConfigLocation?
  /// The dotted key path in the file, if any.
  public var keyPath: String
  /// The details as stable keys and values (a log line's metadata, e.g. `ledger.line`).
  public var details: [String: String]

  /// Creates a diagnostic.
  public init(
    _ severity: Severity, _ subject: Subject, _ message: String, location: ConfigLocation? = nil,
    keyPath: String = "", details: [String: String] = [:]
  ) {
    self.severity = severity
    self.subject = subject
    self.message = message
    self.location = location
    self.keyPath = keyPath
    self.details = details
  }

  /// `file:line:column: warning: key.path: message` for a file, else `warning: message` and the
  /// details in key order: one line, as terminals and cron's mail show it.
  public var description: String {
    let place = location.map { "\($0): " } ?? ""
    let key = keyPath.isEmpty ? "" : "\(keyPath): "
    let extra =
      details.isEmpty
      ? ""
      : " (" + details.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ", ")
        + ")"
    return place + "\(severity.rawValue): " + key + message + extra
  }
}
