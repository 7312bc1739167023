import PipelineModel
import PostgresClient

/// Why migrations cannot run, or which one failed. Each case names the file to look at.
public enum MigrationError: UserFacingError, Sendable {
  /// The migrations folder does not exist or cannot be listed.
  case folderNotFound(String)
  /// A `.sql` file in the folder is not named `NNN_name.sql`.
  case invalidFileName(String)
  /// A file cannot be read or is not UTF-8.
  case unreadable(String, reason: String)
  /// Two files share a number.
  case duplicateVersion(Int, [String])
  /// An applied migration's file has changed since it was applied.
  case checksumMismatch(path: String, applied: String, onDisk: String)
  /// An applied migration's file is no longer in the folder.
  case missingFile(version: Int, identifier: String, folder: String)
  /// A file numbered below the latest applied migration has not been applied.
  case outOfOrder(path: String, latestApplied: String)
  /// Another `migrate` held the migration lock for longer than the wait allows.
  case lockNotAcquired(waited: Duration)
  /// A migration's SQL failed; nothing of it was applied.
  case failed(path: String, line: Int?, error: PostgresError)
  /// A migration ended the migrator's transaction itself (COMMIT/ROLLBACK in the file).
  case transactionControl(path: String)

  /// 78 (config) for files that do not match the database's history, 66 for an unreadable
  /// folder, 75 when another migrate holds the lock, and the database mapping when SQL failed.
  public var exitStatus: SysExit {
    switch self {
    case .folderNotFound, .unreadable: .noInput
    case .invalidFileName, .duplicateVersion, .checksumMismatch, .missingFile, .outOfOrder,
      .transactionControl:
      .config
    case .lockNotAcquired: .temporaryFailure
    case .failed(_, _, let error): error.exitStatus
    }
  }

  /// What went wrong, which file, and what to do.
  public var description: String {
    switch self {
    case .folderNotFound(let folder):
      "migrations folder \(folder) not found; pass --migrations DIR or run from the repository root"
    case .invalidFileName(let path):
      "\(path): a migration file must be named NNN_name.sql (e.g. 001_create_visits.sql)"
    case .unreadable(let path, let reason):
      "\(path): cannot read migration: \(reason)"
    case .duplicateVersion(let version, let paths):
      "migration number \(version) is used by more than one file: \(paths.joined(separator: ", ")); renumber one"
    case .checksumMismatch(let path, let applied, let onDisk):
      "\(path) was changed after it was applied (checksum \(applied.prefix(12))… in the database, "
        + "\(onDisk.prefix(12))… on disk); restore the file and put the change in a new migration"
    case .missingFile(let version, let identifier, let folder):
      "applied migration \(identifier).sql (version \(version)) is missing from \(folder); "
        + "restore it (applied migrations must stay on disk)"
    case .outOfOrder(let path, let latest):
      "\(path) is pending but the later migration \(latest) is already applied; renumber it after \(latest)"
    case .lockNotAcquired(let waited):
      "another migrate holds the migration lock (waited \(waited)); try again later"
    case .failed(let path, let line, let error):
      "migration \(path)\(line.map { ":\($0)" } ?? "") failed and was rolled back: \(error)"
    case .transactionControl(let path):
      "\(path) ends the migrator's transaction (COMMIT/ROLLBACK in the file); remove the "
        + "transaction control: each migration already runs in its own transaction. Check what it applied."
    }
  }
}
