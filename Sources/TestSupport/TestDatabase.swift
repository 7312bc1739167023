import Foundation
import Logging
import PostgresClient

/// The project's private PostgreSQL, for tests, and throw-away databases on it.
///
/// The server's URL comes from `METAHOSPITAL_TEST_DATABASE_URL`, else `DATABASE_URL`, else
/// `scripts/local-postgres url` in this repository. Start the server first with
/// `scripts/local-postgres start`.
public enum TestDatabase {
  /// Why the test database cannot be used.
  public struct Unavailable: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
  }

  /// The URL of the server's own database, used to create and drop scratch databases.
  public static func adminURL() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    for name in ["METAHOSPITAL_TEST_DATABASE_URL", "DATABASE_URL"] {
      if let value = environment[name], !value.isEmpty { return value }
    }
    return try cachedScriptURL.get()
  }

  private static let cachedScriptURL: Result<String, Unavailable> = {
    let script = TestPaths.repositoryRoot.appending(path: "scripts/local-postgres")
    do {
      let output = try run(script, ["url"])
      guard output.status == 0, let url = output.stdout.split(whereSeparator: \.isNewline).last
      else {
        return .failure(Unavailable(description: "\(script.path) url failed: \(output.stderr)"))
      }
      return .success(String(url))
    } catch {
      return .failure(Unavailable(description: "cannot run \(script.path): \(error)"))
    }
  }()

  /// A logger that discards everything, for connections made by tests.
  public static let quietLogger = Logger(label: "metahospital.tests") { _ in
    SwiftLogNoOpLogHandler()
  }

  /// Connects to `url` (default: the admin URL).
  public static func connect(_ url: String? = nil, logger: Logger = quietLogger) throws
    -> PostgresConnection
  {
    try PostgresConnection(url ?? adminURL(), logger: logger)
  }

  /// Creates a fresh, uniquely named database, passes its connection string to `body`, and
  /// drops it afterwards (`WITH (FORCE)`, so leftover connections do not keep it alive).
  /// Tests using it can run in parallel.
  public static func withScratchDatabase<T>(_ body: (String) throws -> T) throws -> T {
    let (name, url) = try createScratchDatabase()
    defer { dropScratchDatabase(name) }
    return try body(url)
  }

  /// The `async` variant of `withScratchDatabase(_:)`.
  public static func withScratchDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    let (name, url) = try createScratchDatabase()
    defer { dropScratchDatabase(name) }
    return try await body(url)
  }

  private static func createScratchDatabase() throws -> (name: String, url: String) {
    let admin = try adminURL()
    let name = "mh_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let connection = try connect(admin)
    try connection.execute("CREATE DATABASE \(unsafeSQL: name.postgresQuotedIdentifier)")
    return (name, try PostgresConnectionString.replacing(["dbname": name], in: admin))
  }

  private static func dropScratchDatabase(_ name: String) {
    do {
      let connection = try connect()
      try connection.execute(
        "DROP DATABASE IF EXISTS \(unsafeSQL: name.postgresQuotedIdentifier) WITH (FORCE)")
    } catch {
      FileHandle.standardError.write(Data("TestDatabase: could not drop \(name): \(error)\n".utf8))
    }
  }
}

// MARK: - Processes

/// The result of running a program to completion.
public struct ProcessOutput: Sendable {
  /// The exit status.
  public let status: Int32
  /// Everything written to stdout, as UTF-8.
  public let stdout: String
  /// Everything written to stderr, as UTF-8.
  public let stderr: String
}

/// Runs a program with arguments and waits for it, capturing stdout and stderr.
/// - Parameters:
///   - executable: the program.
///   - arguments: its arguments.
///   - environment: replaces the child's environment when given.
///   - currentDirectory: the child's working folder, when given.
/// - Returns: the exit status and what the program wrote.
/// - Throws: when the program cannot be started.
public func run(
  _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
  currentDirectory: URL? = nil
) throws -> ProcessOutput {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let currentDirectory { process.currentDirectoryURL = currentDirectory }
  // Files rather than pipes: no deadlock when a child writes more than a pipe buffer.
  let outputs = try TemporaryDirectory()
  let stdoutURL = outputs.url.appending(path: "stdout")
  let stderrURL = outputs.url.appending(path: "stderr")
  _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
  let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
  let stderrHandle = try FileHandle(forWritingTo: stderrURL)
  process.standardOutput = stdoutHandle
  process.standardError = stderrHandle
  try process.run()
  process.waitUntilExit()
  try stdoutHandle.close()
  try stderrHandle.close()
  return ProcessOutput(
    status: process.terminationStatus,
    stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
}
