import Foundation
import PipelineModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a report folder may be written.
///
/// A job's `output` is a pattern under the project's `Reports/` folder (`Reports/{job}/{period}`)
/// and stays there once `..` and symbolic links are resolved: a job file cannot send a report
/// over the checkout, the job files or anything else. `--out` may name any folder, and the
/// writer (``AtomicDirectoryWriter``) then writes only into a new, empty or report-owned one.
/// Neither may hold a control, line-break or bidirectional formatting character.
public enum ReportLocation {
  /// The folder, relative to the project root, that job outputs stay under.
  public static let reportsFolder = "Reports"
  /// The placeholders a job's `output` may use.
  public static let placeholders = ["{job}", "{period}"]

  // MARK: - A job's output pattern

  /// What is wrong with a job's `output` pattern, or nil when it is fine.
  public static func patternProblem(_ pattern: String) -> String? {
    let example = "e.g. Reports/{job}/{period}"
    guard !pattern.isEmpty else {
      return "must name a folder under \(reportsFolder)/, \(example)"
    }
    guard !pattern.hasPrefix("/"), !pattern.hasPrefix("~") else {
      return
        "must be relative to the project root and stay under \(reportsFolder)/ (\(example)); for a one-off folder elsewhere, pass --out"
    }
    let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
    let components = trimmed.split(separator: "/", omittingEmptySubsequences: false)
    if components.contains("..") {
      return "may not contain `..`: reports stay under \(reportsFolder)/ (\(example))"
    }
    if let bad = components.first(where: { $0.isEmpty || $0.hasPrefix(".") }) {
      return bad.isEmpty
        ? "has an empty folder name (`//`); \(example)"
        : "has a folder name starting with `.` (`\(bad)`): hidden and temporary folders are the writer's own; \(example)"
    }
    guard components.first == Substring(reportsFolder), components.count >= 2 else {
      return "must be a folder under \(reportsFolder)/ (\(example))"
    }
    var rest = trimmed
    for placeholder in placeholders { rest = rest.replacingOccurrences(of: placeholder, with: "") }
    if let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
      let fragment = rest[open...].prefix { $0 != "/" }
      let hint =
        EditDistance.suggestion(for: String(fragment), among: placeholders).map {
          "; did you mean `\($0)`?"
        } ?? ""
      return
        "uses `\(fragment)`, which is not a placeholder (only \(placeholders.map { "`\($0)`" }.joined(separator: " and ")))\(hint)"
    }
    guard trimmed.contains("{period}") else {
      return
        "must contain `{period}`, so that each period's report has its own folder (\(example))"
    }
    return nil
  }

  // MARK: - Resolving

  /// `path` (relative to `root` unless absolute) with `.` and `..` removed and every symbolic
  /// link among its existing folders followed; the part that does not exist yet is kept as
  /// written.
  public static func resolve(_ path: String, root: URL) -> URL {
    let absolute = path.hasPrefix("/") ? path : root.path + "/" + path
    var components: [String] = []
    for part in absolute.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        _ = components.popLast()
        continue
      }
      components.append(String(part))
    }
    // Follow links through the longest prefix that exists.
    var existing = components.count
    while existing > 0 {
      let prefix = "/" + components.prefix(existing).joined(separator: "/")
      if let real = realPath(prefix) {
        let rest = components.dropFirst(existing)
        let joined = ([real == "/" ? "" : real] + rest).joined(separator: "/")
        return URL(fileURLWithPath: joined.isEmpty ? "/" : joined)
      }
      existing -= 1
    }
    return URL(fileURLWithPath: "/" + components.joined(separator: "/"))
  }

  /// A job's output folder, resolved, after checking that it stays under `root/Reports`
  /// (itself resolved, so `Reports` may be a link to a reports volume).
  /// - Throws: ``ReportLocationError/outsideReports(path:resolved:)`` (exit 73).
  public static func jobOutput(_ relative: String, root: URL) throws(ReportLocationError) -> URL {
    if let problem = SafeText.problem(with: relative, as: "the output folder") {
      throw .unsafe(problem)
    }
    let reports = resolve(reportsFolder, root: root).path
    let resolved = resolve(relative, root: root)
    guard resolved.path.hasPrefix(reports + "/") else {
      throw .outsideReports(path: relative, resolved: resolved.path, reports: reports)
    }
    return resolved
  }

  /// A folder given with `--out`, resolved (relative to `root`).
  /// - Throws: ``ReportLocationError`` when it is empty or holds an unsafe character (exit 64).
  public static func explicitOutput(_ path: String, root: URL) throws(ReportLocationError) -> URL {
    guard !path.isEmpty else { throw .emptyOut }
    if let problem = SafeText.problem(with: path, as: "--out") { throw .unsafe(problem) }
    let resolved = resolve(path, root: root)
    guard resolved.path != "/" else {
      throw .outsideReports(path: path, resolved: "/", reports: "")
    }
    return resolved
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// A report folder that may not be used.
public enum ReportLocationError: UserFacingError, Equatable {
  /// A job's output leaves the project's `Reports/` folder once `..` and links are resolved.
  case outsideReports(path: String, resolved: String, reports: String)
  /// A path holds a control, line-break or bidirectional formatting character.
  case unsafe(String)
  /// `--out ''`.
  case emptyOut
  /// No `--out`, and the file is in no project, so there is no `Reports/` to write to.
  case noProject(file: String, problem: String)

  /// 73 for a folder outside `Reports/`, 64 for a path that cannot be used at all.
  public var exitStatus: SysExit {
    switch self {
    case .outsideReports: .cannotCreate
    case .unsafe, .emptyOut, .noProject: .usage
    }
  }

  /// What, where, and what to do.
  public var description: String {
    switch self {
    case .outsideReports(let path, let resolved, let reports):
      reports.isEmpty
        ? "will not write a report to `\(path)` (it is `/`): give a new or empty folder"
        : "will not write the report to `\(path)`: it resolves to \(resolved), outside \(reports); a job's output stays under Reports/ (check the job's `output` and any symbolic link on the way), or pass --out for a one-off folder"
    case .unsafe(let problem):
      "\(problem); nothing was written"
    case .emptyOut:
      "--out is empty: give the folder to write the report to (a new, empty, or report folder)"
    case .noProject(let file, let problem):
      "\(file) \(problem), so there is no Reports/ folder to write to: pass --out with a new or empty folder, or keep the scenario under a project's Pipelines/"
    }
  }
}
