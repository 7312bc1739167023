import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program started in the background, so a test can act while it runs (send it a signal, hold
/// a lock it waits for), then wait for its end.
public final class BackgroundProcess {
  private let process = Process()
  private let outputs: TemporaryDirectory
  private let stdoutHandle: FileHandle
  private let stderrHandle: FileHandle

  /// Starts `executable` with `arguments`; the environment replaces the child's when given.
  public init(
    _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
    currentDirectory: URL? = nil
  ) throws {
    outputs = try TemporaryDirectory()
    let stdoutURL = outputs.url.appending(path: "stdout")
    let stderrURL = outputs.url.appending(path: "stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
    stderrHandle = try FileHandle(forWritingTo: stderrURL)
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    process.standardOutput = stdoutHandle
    process.standardError = stderrHandle
    try process.run()
  }

  /// The child's process id.
  public var pid: Int32 { process.processIdentifier }

  /// Sends `signal` (SIGTERM, SIGINT, SIGKILL…) to the child.
  public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

  /// Waits for the child to end and returns its status and output. A child killed by a signal
  /// reports 128 + the signal's number, as a shell would.
  public func wait() throws -> ProcessOutput {
    process.waitUntilExit()
    try stdoutHandle.close()
    try stderrHandle.close()
    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    return ProcessOutput(
      status: status,
      stdout: String(
        decoding: try Data(contentsOf: outputs.url.appending(path: "stdout")), as: UTF8.self),
      stderr: String(
        decoding: try Data(contentsOf: outputs.url.appending(path: "stderr")), as: UTF8.self))
  }
}
