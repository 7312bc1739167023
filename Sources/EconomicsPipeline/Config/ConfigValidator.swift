import Foundation

/// `metahospital validate`: checks job and scenario files with the same messages as `plan` and
/// `run`, every problem of every file at once.
public enum ConfigValidator {
  /// What a file is.
  public enum Kind: String, Sendable {
    case job, scenario
    /// The words of the reports in one language (`Pipelines/language/<code>.yaml`).
    case language
  }

  /// The files to check: the given ones, or every `*.yaml` under `Pipelines/`.
  public static func files(_ given: [String], pipelinesDirectory: String = "Pipelines") -> [String]
  {
    guard given.isEmpty else { return given }
    let enumerator = FileManager.default.enumerator(atPath: pipelinesDirectory)
    var found: [String] = []
    while let next = enumerator?.nextObject() as? String {
      if next.hasSuffix(".yaml") || next.hasSuffix(".yml") {
        found.append(pipelinesDirectory + "/" + next)
      }
    }
    return found.sorted()
  }

  /// A file is a scenario when it lives under a `scenarios` folder, a language file in a
  /// `language` folder, else a job.
  public static func kind(of path: String) -> Kind {
    if WordingFile.isLanguageFile(path) { return .language }
    return path.split(separator: "/").contains("scenarios") ? .scenario : .job
  }

  /// Checks every file (a job's SQL files relative to `root`, the project root); returns the
  /// ones that passed, throws every problem of the others at once.
  public static func validate(
    _ paths: [String],
    root: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
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
          _ = try Scenario.load(path: job.scenarioPath)
        case .scenario:
          _ = try Scenario.load(path: path)
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
}
