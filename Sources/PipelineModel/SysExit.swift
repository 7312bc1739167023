/// Exit statuses from BSD's sysexits(3), which cron wrappers and operators already know.
public enum SysExit: Int32, Sendable {
  /// Success.
  case ok = 0
  /// The command was used incorrectly: a wrong flag, a missing argument, a bad period.
  case usage = 64
  /// The input data was incorrect: a failed data-quality check, a value that does not fit.
  case dataError = 65
  /// A needed input file does not exist or cannot be read.
  case noInput = 66
  /// A service is unavailable: the database cannot be reached.
  case unavailable = 69
  /// An internal software error: a bug, to be reported.
  case software = 70
  /// An output file or folder cannot be created.
  case cannotCreate = 73
  /// An error while reading or writing a file.
  case ioError = 74
  /// A temporary failure, worth retrying later: a run of the same job and period holds the lock,
  /// or the run was stopped by a signal.
  case temporaryFailure = 75
  /// Not permitted: the database role lacks a grant, or `seed` was pointed at a database that is
  /// not a demo database.
  case noPermission = 77
  /// Something was found in an unconfigured or misconfigured state: a broken YAML file.
  case config = 78
}

/// An error that knows which sysexits status the command line should end with.
///
/// Its `description` is what the user reads: what went wrong, where, and what to do. It never
/// contains a password.
public protocol UserFacingError: Error, CustomStringConvertible {
  /// The status the process exits with when this error reaches the command line.
  var exitStatus: SysExit { get }
}
