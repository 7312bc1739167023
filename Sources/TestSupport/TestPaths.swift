import Foundation

/// Where things are in this repository, for tests.
public enum TestPaths {
  /// The repository's root folder, found from this source file's path.
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()

  /// The built `metahospital` executable: `METAHOSPITAL_BIN`, else `.build/debug/metahospital`.
  /// - Throws: when it does not exist, saying to run `swift build` first.
  public static func metahospitalBinary() throws -> URL {
    let environment = ProcessInfo.processInfo.environment
    let url =
      environment["METAHOSPITAL_BIN"].map { URL(fileURLWithPath: $0) }
      ?? repositoryRoot.appending(path: ".build/debug/metahospital")
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
      throw TestDatabase.Unavailable(
        description: "\(url.path) not found: run `swift build` first or set METAHOSPITAL_BIN")
    }
    return url
  }
}

/// A throw-away copy of the parts of this project a run or a report could harm — job files, SQL,
/// the committed reports — with a stand-in `.git` folder and README, as `<folder>/project`.
public func scratchProject(in folder: URL) throws -> URL {
  let project = folder.appending(path: "project")
  let fileManager = FileManager.default
  try fileManager.createDirectory(
    at: project.appending(path: "Reports"), withIntermediateDirectories: true)
  for item in ["Pipelines", "sql", "Reports/README.md", "Reports/examples"] {
    try fileManager.copyItem(
      at: TestPaths.repositoryRoot.appending(path: item), to: project.appending(path: item))
  }
  try fileManager.createDirectory(
    at: project.appending(path: ".git/refs"), withIntermediateDirectories: true)
  try Data("ref: refs/heads/main\n".utf8).write(to: project.appending(path: ".git/HEAD"))
  try Data("# the project\n".utf8).write(to: project.appending(path: "README.md"))
  return project
}

/// A folder under the system's temporary directory, deleted when the value is released.
public final class TemporaryDirectory: Sendable {
  /// The folder.
  public let url: URL

  /// Creates a new, empty, uniquely named folder.
  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appending(path: "metahospital-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }
}

/// Runs `body` with a fresh temporary folder that is deleted afterwards.
public func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let directory = try TemporaryDirectory()
  return try withExtendedLifetime(directory) { try body(directory.url) }
}
