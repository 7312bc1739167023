import Foundation
import PipelineModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The current user's crontab, and the block of it that holds a project's lines.
///
/// `metahospital schedule --install` replaces the lines between this project's markers (or adds
/// them at the end) and leaves every other line exactly as it was; installing again with the
/// same jobs changes nothing. The crontab is read with `crontab -l` and written with `crontab -`
/// (the program is `METAHOSPITAL_CRONTAB` when set, for a scratch crontab).
public enum Crontab {
  /// `# BEGIN metahospital /srv/metahospital`.
  public static func beginMarker(for project: ProjectRoot) -> String {
    "# BEGIN metahospital \(project.path)"
  }

  /// `# END metahospital /srv/metahospital`.
  public static func endMarker(for project: ProjectRoot) -> String {
    "# END metahospital \(project.path)"
  }

  // MARK: - Editing the text

  /// `existing` with `block` in place of the project's block, or after the other lines.
  /// - Throws: ``ScheduleError/damagedBlock(line:marker:)`` when a marker lacks its pair.
  public static func installing(_ block: String, for project: ProjectRoot, into existing: String)
    throws(ScheduleError) -> String
  {
    let blockLines = block.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      .map(String.init)
    var lines = try splitting(existing)
    if let range = try blockRange(in: lines, for: project) {
      lines.replaceSubrange(range, with: blockLines)
    } else {
      if let last = lines.last, !last.trimmingCharacters(in: .whitespaces).isEmpty {
        lines.append("")
      }
      lines += blockLines
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `existing` without the project's block (and the blank line the install put before it).
  public static func removing(for project: ProjectRoot, from existing: String)
    throws(ScheduleError) -> String
  {
    var lines = try splitting(existing)
    guard var range = try blockRange(in: lines, for: project) else { return existing }
    if range.lowerBound > 0, lines[range.lowerBound - 1].isEmpty {
      range = (range.lowerBound - 1)..<range.upperBound
    }
    lines.removeSubrange(range)
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// Whether `text` holds the project's block.
  public static func holdsBlock(_ text: String, for project: ProjectRoot) -> Bool {
    ((try? blockRange(in: splitting(text), for: project)) ?? nil) != nil
  }

  /// The lines of a crontab, without the line break that ends the last one.
  private static func splitting(_ text: String) throws(ScheduleError) -> [String] {
    guard !text.isEmpty else { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The lines of the project's block, markers included.
  private static func blockRange(in lines: [String], for project: ProjectRoot)
    throws(ScheduleError) -> Range<Int>?
  {
    let begin = beginMarker(for: project)
    let end = endMarker(for: project)
    let begins = lines.indices.filter { lines[$0] == begin }
    let ends = lines.indices.filter { lines[$0] == end }
    switch (begins.count, ends.count) {
    case (0, 0):
      return nil
    case (1, 1) where begins[0] < ends[0]:
      return begins[0]..<(ends[0] + 1)
    default:
      let first = (begins + ends).min() ?? 0
      throw .damagedBlock(line: first + 1, marker: lines[first])
    }
  }

  // MARK: - The crontab program

  /// The crontab program: `METAHOSPITAL_CRONTAB`, else `crontab`.
  public static func program(environment: [String: String]) -> String {
    environment["METAHOSPITAL_CRONTAB"].flatMap { $0.isEmpty ? nil : $0 } ?? "crontab"
  }

  /// The current crontab (`crontab -l`); empty when the user has none.
  public static func read(program: String) throws(ScheduleError) -> String {
    let result = try run(program, ["-l"], input: nil)
    if result.status == 0 { return result.stdout }
    // Debian and cronie both say "no crontab for <user>".
    if result.stderr.lowercased().contains("no crontab") { return "" }
    throw .crontabFailed(
      command: "\(program) -l", status: result.status,
      message: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Installs `text` as the crontab (`crontab -`).
  public static func write(_ text: String, program: String) throws(ScheduleError) {
    let result = try run(program, ["-"], input: text)
    guard result.status == 0 else {
      throw .crontabFailed(
        command: "\(program) -", status: result.status,
        message: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  private static func run(_ program: String, _ arguments: [String], input: String?)
    throws(ScheduleError) -> (status: Int32, stdout: String, stderr: String)
  {
    guard let executable = executable(program) else {
      throw .crontabUnavailable(command: program)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    do {
      try process.run()
    } catch {
      throw .crontabUnavailable(command: program)
    }
    // Read both outputs while the program runs, so a large crontab cannot fill a pipe.
    let group = DispatchGroup()
    let outputs = Outputs()
    for (pipe, isError) in [(stdout, false), (stderr, true)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        outputs.set(data, isError: isError)
        group.leave()
      }
    }
    if let input {
      // A program that ends without reading its input must not end this process with SIGPIPE.
      let previous = signal(SIGPIPE, SIG_IGN)
      try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
      signal(SIGPIPE, previous)
    }
    try? stdin.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outputs.stdout, as: UTF8.self),
      String(decoding: outputs.stderr, as: UTF8.self)
    )
  }

  /// `program` if it is a path, else the first executable of that name on `PATH`.
  private static func executable(_ program: String) -> String? {
    if program.contains("/") {
      return FileManager.default.isExecutableFile(atPath: program) ? program : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(program)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The two outputs of a program, filled from two threads.
  private final class Outputs: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    func set(_ data: Data, isError: Bool) {
      lock.withLock { if isError { err = data } else { out = data } }
    }
    var stdout: Data { lock.withLock { out } }
    var stderr: Data { lock.withLock { err } }
  }
}
