import PipelineModel
import PostgresClient

/// Turns any error that reaches the command line into a message and a sysexits status, in one
/// place, so every subcommand reports failures the same way.
public enum ErrorReporting {
  /// The status to exit with: a `UserFacingError`'s own, the database mapping for a
  /// `PostgresError` (see `PostgresError.exitStatus`), else 70 (software).
  public static func exitStatus(for error: any Error) -> SysExit {
    switch error {
    case let error as any UserFacingError: return error.exitStatus
    case let error as PostgresError: return error.exitStatus
    default: return .software
    }
  }

  /// The line to print on stderr: `error: <description>`. Never contains a password (the
  /// descriptions of both error kinds guarantee it; other errors get their plain description).
  public static func message(for error: any Error) -> String {
    // Configuration diagnostics already read `file:line:column: error: …`, one per line.
    if let error = error as? ConfigError { return error.description }
    if let error = error as? PostgresError, let advice = error.missingGrantAdvice {
      return "error: \(error): \(advice)"
    }
    return "error: \(String(describing: error))"
  }
}
