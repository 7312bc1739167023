import Foundation
import PipelineModel

/// The project a job or scenario file belongs to, and the one rule for the paths written in it.
///
/// The project root is the nearest folder above a file that holds a `Pipelines/` folder: for
/// `/srv/metahospital/Pipelines/monthly-economics.yaml`, `/srv/metahospital`. Every path written
/// in a job or scenario file — `scenario`, `extends`, SQL files, `output`, `metrics_file` — is
/// relative to the root of the project holding the file, so a command works the same from any
/// working folder. (A job's keys, merged from the files it extends, are read against the job
/// file's root.) Paths typed on the command line (the job file, `--out`, `--metrics-file`,
/// `--migrations`) are relative to the working folder, as any command's are.
public struct ProjectRoot: Sendable, Equatable, CustomStringConvertible {
  /// The folder that marks a project: its job files, and its scenarios under `scenarios/`.
  public static let pipelinesFolder = "Pipelines"

  /// The root folder, absolute, with `.` and `..` removed (links are kept as written).
  public let url: URL

  /// A root at `url` (made absolute against the working folder).
  public init(_ url: URL) {
    self.url = URL(fileURLWithPath: Self.absolute(url.path), isDirectory: true).standardizedFileURL
  }

  /// The root's path.
  public var path: String { url.path }

  /// The root's path.
  public var description: String { path }

  // MARK: - Finding a project

  /// The project holding the file at `path` (relative to the working folder unless absolute):
  /// the nearest folder above it that holds a `Pipelines/` folder, or nil.
  public static func containing(file path: String) -> ProjectRoot? {
    let file = URL(fileURLWithPath: absolute(path)).standardizedFileURL
    return enclosing(folder: file.deletingLastPathComponent())
  }

  /// The project of a folder: the folder itself or the nearest one above it that holds a
  /// `Pipelines/` folder, or nil.
  public static func enclosing(folder: URL) -> ProjectRoot? {
    var candidate = URL(fileURLWithPath: absolute(folder.path), isDirectory: true)
      .standardizedFileURL
    while true {
      var isDirectory: ObjCBool = false
      let pipelines = candidate.appendingPathComponent(pipelinesFolder).path
      if FileManager.default.fileExists(atPath: pipelines, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return ProjectRoot(candidate)
      }
      let parent = candidate.deletingLastPathComponent()
      if parent.path == candidate.path { return nil }
      candidate = parent
    }
  }

  /// The project of the working folder (the folder itself or one above it), or nil.
  public static func ofWorkingDirectory() -> ProjectRoot? {
    enclosing(folder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  }

  /// The project of the working folder, for a command that `need`s it.
  /// - Throws: ``ProjectNotFound`` (66) saying what the command needed it for and what to do
  ///   `instead`.
  public static func ofWorkingDirectory(need: String, instead: String) throws(ProjectNotFound)
    -> ProjectRoot
  {
    guard let project = ofWorkingDirectory() else {
      throw ProjectNotFound(
        folder: FileManager.default.currentDirectoryPath, need: need, instead: instead)
    }
    return project
  }

  // MARK: - Paths written in the project's files

  /// The path to open for a path written in one of the project's files: absolute as written,
  /// else under the root. Shown relative to the working folder when it is inside it, so that
  /// messages stay short when a command runs from the project root.
  public func resolve(_ written: String) -> String {
    if written.hasPrefix("/") { return written }
    return Self.display(url.appendingPathComponent(written).standardizedFileURL.path)
  }

  /// A file of the project as its files would name it: relative to the root when inside it,
  /// else absolute. Stable whatever the working folder, so it can key a checksum.
  public func relative(_ path: String) -> String {
    let absolute = URL(fileURLWithPath: Self.absolute(path)).standardizedFileURL.path
    let prefix = url.path == "/" ? "/" : url.path + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
  }

  // MARK: - Paths for people

  /// `path` as a person in the working folder would type it: relative when it is inside the
  /// working folder, else absolute.
  public static func display(_ path: String) -> String {
    let absolute = URL(fileURLWithPath: absolute(path)).standardizedFileURL.path
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
      .path
    let prefix = here == "/" ? "/" : here + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
  }

  /// `path` made absolute against the working folder.
  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// What a message says about a file that is in no project: `is in no project (no folder
  /// from /tmp up holds a Pipelines/ folder)`.
  public static func notInProject(_ path: String) -> String {
    let folder = URL(fileURLWithPath: absolute(path)).standardizedFileURL
      .deletingLastPathComponent().path
    return "is in no project (no folder from \(folder) up holds a \(pipelinesFolder)/ folder)"
  }

  /// The rule, for messages about a file in no project.
  public static let ruleAdvice =
    "paths in job and scenario files are relative to the project root (the folder holding \(pipelinesFolder)/), so keep the file under a project's \(pipelinesFolder)/"
}

/// A command found no project to work on (sysexits 66, no input).
public struct ProjectNotFound: UserFacingError, Equatable {
  /// The folder searched from.
  public var folder: String
  /// What the command needed the project for, e.g. "validate has nothing to check".
  public var need: String
  /// What to do instead, e.g. "name the files to check".
  public var instead: String

  /// A project missing from `folder` up.
  public init(folder: String, need: String, instead: String) {
    self.folder = folder
    self.need = need
    self.instead = instead
  }

  /// `EX_NOINPUT`.
  public var exitStatus: SysExit { .noInput }

  /// What, where, and what to do.
  public var description: String {
    "\(need): no folder from \(folder) up holds a \(ProjectRoot.pipelinesFolder)/ folder; run it in the project (the folder holding \(ProjectRoot.pipelinesFolder)/, or one below it), or \(instead)"
  }
}
