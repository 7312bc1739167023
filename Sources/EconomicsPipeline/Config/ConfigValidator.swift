import Foundation
import PipelineModel

/// `metahospital validate`: checks job and scenario files with the same messages as `plan` and
/// `run`, every problem of every file at once.
public enum ConfigValidator {
  /// What a file is.
  public enum Kind: String, Sendable {
    case job, scenario
    /// The words of the reports in one language (`Pipelines/language/<code>.yaml`).
    case language
  }

  /// The files to check: the given ones, else every `*.yaml` under the `Pipelines/` folder of
  /// the project of the working folder (the folder itself or one above it).
  /// - Throws: ``ProjectNotFound`` (66) when no file is given and there is no project, or its
  ///   `Pipelines/` folder holds no `.yaml` file: nothing to validate is a failure, not a pass.
  public static func files(_ given: [String]) throws(ProjectNotFound) -> [String] {
    guard given.isEmpty else { return given }
    let here = FileManager.default.currentDirectoryPath
    let project = try ProjectRoot.ofWorkingDirectory(
      need: "validate found nothing to check", instead: "name the job and scenario files to check")
    let pipelines = project.url.appendingPathComponent(ProjectRoot.pipelinesFolder).path
    let found = files(under: pipelines).map(ProjectRoot.display)
    guard !found.isEmpty else {
      throw ProjectNotFound(
        folder: here, need: "validate found nothing to check in \(ProjectRoot.display(pipelines))",
        instead: "name the job and scenario files to check")
    }
    return found
  }

  /// Every `*.yaml` (or `.yml`) file under `folder`, sorted.
  public static func files(under folder: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var found: [String] = []
    while let next = enumerator?.nextObject() as? String {
      if next.hasSuffix(".yaml") || next.hasSuffix(".yml") {
        found.append(folder + "/" + next)
      }
    }
    return found.sorted()
  }

  /// A file is a language file in a `language` folder, a scenario when it lives under a
  /// `scenarios` folder of its project (whatever the working folder), else a job.
  public static func kind(of path: String) -> Kind {
    if WordingFile.isLanguageFile(path) { return .language }
    let named = ProjectRoot.containing(file: path)?.relative(path) ?? ProjectRoot.absolute(path)
    return named.split(separator: "/").contains("scenarios") ? .scenario : .job
  }

  /// Checks every file: a job with its SQL files (each one SELECT statement, readable as
  /// UTF-8, check files declaring their ids, thresholds naming declared ids) and its scenario
  /// chain; a scenario with its chain. Paths in the files are relative to the project root of
  /// each file, or to `root` when given. Returns the files that passed; throws every problem of
  /// the others at once.
  public static func validate(_ paths: [String], root: URL? = nil) throws(ConfigError) -> [(
    path: String, kind: Kind
  )] {
    var warnings: [ConfigDiagnostic] = []
    return try validate(paths, root: root, warnings: &warnings)
  }

  /// ``validate(_:root:)``, collecting the warnings of the files that passed (a file may load
  /// and still say something that is probably not meant).
  public static func validate(
    _ paths: [String], root: URL? = nil, warnings: inout [ConfigDiagnostic]
  ) throws(ConfigError) -> [(path: String, kind: Kind)] {
    var diagnostics: [ConfigDiagnostic] = []
    var omitted = 0
    var passed: [(String, Kind)] = []
    for path in paths {
      let kind = kind(of: path)
      do {
        switch kind {
        case .job:
          let job = try JobConfig.load(path: path, root: root)
          _ = try Scenario.load(path: job.scenarioPath, in: job.project)
          warnings += job.warnings.filter { !warnings.contains($0) }
        case .scenario:
          _ = try Scenario.load(path: path, in: root.map(ProjectRoot.init))
        case .language:
          try WordingFile.validate(path: path)
        }
        passed.append((path, kind))
      } catch {
        diagnostics += error.diagnostics
        omitted += error.omitted
      }
    }
    // Two jobs naming the same broken SQL file report it once.
    var seen: Set<String> = []
    diagnostics = diagnostics.filter { seen.insert($0.description).inserted }
    guard diagnostics.isEmpty else { throw ConfigError(diagnostics: diagnostics, omitted: omitted) }
    return passed
  }

  /// `validate: 7 files valid (3 jobs, 4 scenarios)`, in the singular where it is one.
  public static func summary(_ passed: [(path: String, kind: Kind)]) -> String {
    let jobs = passed.filter { $0.kind == .job }.count
    let languages = passed.filter { $0.kind == .language }.count
    let scenarios = passed.count - jobs - languages
    return
      "validate: \(counted(passed.count, "file")) valid (\(counted(jobs, "job")), \(counted(scenarios, "scenario"))"
      + (languages > 0 ? ", \(counted(languages, "language file")))" : ")")
  }

  /// `1 file`, `2 files`.
  static func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}
