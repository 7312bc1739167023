import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import ReportRendering

/// `--log-level`, shared by every subcommand.
struct LoggingOptions: ParsableArguments {
  @Option(
    name: .customLong("log-level"),
    help: ArgumentHelp(
      "trace, debug, info, notice, warning, error or critical (default: $METAHOSPITAL_LOG_LEVEL, else info). Logs go to stderr.",
      valueName: "level"))
  var logLevel: String?

  func validate() throws {
    if let logLevel, Logger.Level(rawValue: logLevel) == nil {
      throw ValidationError("unknown log level '\(logLevel)'")
    }
  }

  /// Sends swift-log to stderr at the chosen level (once per process) and returns a logger.
  func bootstrap(label: String) -> Logger {
    let environmentLevel = ProcessInfo.processInfo.environment["METAHOSPITAL_LOG_LEVEL"]
    let level =
      logLevel.flatMap(Logger.Level.init(rawValue:))
      ?? environmentLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
    LoggingBootstrap.once(level: level)
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
  }
}

/// Bootstraps the logging system at most once, as swift-log requires.
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
    FileHandle.standardError.write(Data((ErrorReporting.message(for: error) + "\n").utf8))
    throw ExitCode(ErrorReporting.exitStatus(for: error).rawValue)
  }
}

/// `--language en|zh` on `plan` and `run`.
extension ReportLanguage: ExpressibleByArgument {}
