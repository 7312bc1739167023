import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel
import ReportRendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--log-level`, shared by every subcommand.
struct LoggingOptions: ParsableArguments {
  @Option(
    name: .customLong("log-level"),
    help: ArgumentHelp(
      "trace, debug, info, notice, warning, error or critical (default: $METAHOSPITAL_LOG_LEVEL, else info on a terminal and warning without one, as under cron). Logs go to stderr.",
      valueName: "level"))
  var logLevel: String?

  func validate() throws {
    if let logLevel, Logger.Level(rawValue: logLevel) == nil {
      throw ValidationError(
        "unknown log level '\(logLevel)': use trace, debug, info, notice, warning, error or critical"
      )
    }
  }

  /// The level: `--log-level`, else `METAHOSPITAL_LOG_LEVEL`, else `info` when stderr is a
  /// terminal and `warning` when it is not (cron, a pipe, a file): a successful run under cron
  /// then writes nothing to stderr unless something warrants a warning, and cron mails nothing.
  var level: Logger.Level {
    let environmentLevel = ProcessInfo.processInfo.environment["METAHOSPITAL_LOG_LEVEL"]
    return logLevel.flatMap(Logger.Level.init(rawValue:))
      ?? environmentLevel.flatMap(Logger.Level.init(rawValue:))
      ?? (isatty(STDERR_FILENO) == 1 ? .info : .warning)
  }

  /// Sends swift-log to stderr at the chosen level (once per process) and returns a logger.
  func bootstrap(label: String) -> Logger {
    let level = self.level
    LoggingBootstrap.once(level: level)
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
  }
}

/// Bootstraps the logging system at most once, as swift-log requires.
/// The database a command connects to: `--database-url`, else `DATABASE_URL`, else libpq's
/// `PG*` variables and the private PostgreSQL's defaults (``DatabaseSettings/resolve(flag:)``).
struct DatabaseOptions: ParsableArguments {
  @Option(
    name: .customLong("database-url"),
    help: ArgumentHelp("PostgreSQL URI or key=value connection string.", valueName: "url"))
  var databaseURL: String?

  /// The settings the flag and the environment give.
  var settings: DatabaseSettings { DatabaseSettings.resolve(flag: databaseURL) }
}

enum LoggingBootstrap {
  private static let lock = NSLock()
  // Guarded by `lock`.
  nonisolated(unsafe) private static var done = false

  static func once(level: Logger.Level) {
    lock.withLock {
      guard !done else { return }
      done = true
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      }
    }
  }
}

/// Runs a subcommand's work; on failure prints `error: <description>` to stderr and exits with
/// the sysexits status from `ErrorReporting` (never a password: see the errors' descriptions).
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as ExitCode {
    throw error
  } catch {
    printError(ErrorReporting.message(for: error))
    throw ExitCode(ErrorReporting.exitStatus(for: error).rawValue)
  }
}

/// Writes a line to stderr.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Whether stderr is a terminal (a person is watching), not cron, a pipe or a file.
var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

/// `--language en|zh` on `plan` and `run`.
extension ReportLanguage: ExpressibleByArgument {}
