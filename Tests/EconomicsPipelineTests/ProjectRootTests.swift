import Foundation
import PipelineModel
import TestSupport
import Testing

@testable import EconomicsPipeline

/// One rule for paths: every path in a job or scenario file is relative to the project root,
/// the folder holding `Pipelines/` above the file.
@Suite struct ProjectRootTests {
  /// A project with a job and a what-if under `Pipelines/` (SQL and scenarios linked from the
  /// repository), inside `folder`.
  static func project(in folder: URL) throws -> URL {
    let root = folder.appending(path: "hospital")
    let manager = FileManager.default
    try manager.createDirectory(
      at: root.appending(path: "Pipelines/scenarios/what-ifs"), withIntermediateDirectories: true)
    try manager.createSymbolicLink(
      at: root.appending(path: "sql"), withDestinationURL: Repository.root.appending(path: "sql"))
    for name in ["paper-2024.yaml", "electricity-0.8.yaml"] {
      try manager.copyItem(
        at: Repository.root.appending(path: "Pipelines/scenarios/\(name)"),
        to: root.appending(path: "Pipelines/scenarios/\(name)"))
    }
    try manager.copyItem(
      at: Repository.root.appending(path: "Pipelines/monthly-economics.yaml"),
      to: root.appending(path: "Pipelines/monthly-economics.yaml"))
    return root
  }

  // MARK: - Finding the project

  @Test func theRootIsTheNearestFolderAboveTheFileThatHoldsPipelines() throws {
    try withTemporaryDirectory { folder in
      let root = try Self.project(in: folder)
      let job = root.appending(path: "Pipelines/monthly-economics.yaml").path
      #expect(ProjectRoot.containing(file: job)?.path == root.path)
      let deep = root.appending(path: "Pipelines/scenarios/what-ifs/x.yaml").path
      #expect(ProjectRoot.containing(file: deep)?.path == root.path)
      #expect(ProjectRoot.enclosing(folder: root)?.path == root.path)
      #expect(ProjectRoot.enclosing(folder: root.appending(path: "sql/extract"))?.path == root.path)
      #expect(ProjectRoot.containing(file: folder.appending(path: "loose.yaml").path) == nil)
      // Inside, a path is named as the project names it; outside, absolutely.
      let project = try #require(ProjectRoot.containing(file: job))
      #expect(project.relative(job) == "Pipelines/monthly-economics.yaml")
      #expect(project.relative("/etc/hosts") == "/etc/hosts")
      #expect(project.resolve("/etc/hosts") == "/etc/hosts")
      #expect(
        URL(fileURLWithPath: project.resolve("sql/extract/visits.sql")).standardizedFileURL.path
          == root.appending(path: "sql/extract/visits.sql").path)
    }
  }

  // MARK: - Every path of a file, from the root

  @Test func aJobLoadsTheSameFromAnyFolderAndNamesItsFilesFromTheRoot() throws {
    try withTemporaryDirectory { folder in
      let root = try Self.project(in: folder)
      let job = try JobConfig.load(
        path: root.appending(path: "Pipelines/monthly-economics.yaml").path)
      #expect(job.project.path == root.path)
      #expect(job.projectPath == "Pipelines/monthly-economics.yaml")
      #expect(
        URL(fileURLWithPath: job.scenarioPath).standardizedFileURL.path
          == root.appending(path: "Pipelines/scenarios/paper-2024.yaml").path)
      // A scenario in a subfolder extends by the same path as the job names its scenario.
      let whatIf = root.appending(path: "Pipelines/scenarios/what-ifs/cheap-power.yaml")
      try Data(
        "extends: Pipelines/scenarios/electricity-0.8.yaml\ntitle: Cheap power\n".utf8
      ).write(to: whatIf)
      let scenario = try Scenario.load(path: whatIf.path)
      #expect(scenario.files.count == 3)
      #expect(scenario.inputs.inputs.electricityTariffCNYPerKWh == Decimal(string: "0.8"))
    }
  }

  @Test func aPathWrittenRelativeToTheFileIsRefusedWithTheRightOne() throws {
    try withTemporaryDirectory { folder in
      let root = try Self.project(in: folder)
      let whatIf = root.appending(path: "Pipelines/scenarios/old-style.yaml")
      try Data("extends: paper-2024.yaml\n".utf8).write(to: whatIf)
      let error = try #require(throws: ConfigError.self) { try Scenario.load(path: whatIf.path) }
      #expect(error.exitStatus == .noInput)
      #expect(
        error.diagnostics.first?.description.hasSuffix(
          "old-style.yaml:1:10: error: extends: parent file `paper-2024.yaml` not found: paths in config files are relative to the project root (\(root.path)), not to the file that names them; did you mean `Pipelines/scenarios/paper-2024.yaml`?"
        ) == true, "\(error)")

      let job = root.appending(path: "Pipelines/old-style-job.yaml")
      let shipped = try String(
        contentsOf: root.appending(path: "Pipelines/monthly-economics.yaml"), encoding: .utf8)
      try Data(
        shipped.replacingOccurrences(
          of: "scenario: Pipelines/scenarios/", with: "scenario: scenarios/"
        ).utf8
      ).write(to: job)
      let jobError = try #require(throws: ConfigError.self) { try JobConfig.load(path: job.path) }
      #expect(jobError.exitStatus == .noInput)
      #expect(
        jobError.description.contains(
          "did you mean `Pipelines/scenarios/paper-2024.yaml`?"))
    }
  }

  @Test func aFileInNoProjectIsRefusedWhereItIs() throws {
    try withTemporaryDirectory { folder in
      let job = folder.appending(path: "job.yaml")
      try FileManager.default.copyItem(
        at: Repository.root.appending(path: "Pipelines/monthly-economics.yaml"), to: job)
      let error = try #require(throws: ConfigError.self) { try JobConfig.load(path: job.path) }
      #expect(error.exitStatus == .noInput)
      #expect(
        error.diagnostics.map(\.description) == [
          "\(job.path):1:1: error: the job file is in no project (no folder from \(folder.path) up holds a Pipelines/ folder): paths in job and scenario files are relative to the project root (the folder holding Pipelines/), so keep the file under a project's Pipelines/"
        ])

      // A scenario with an absolute parent needs no project (the parent's own `extends` is
      // relative to its project); a relative one does.
      let absolute = folder.appending(path: "absolute.yaml")
      try Data("extends: \(Repository.path("Pipelines/scenarios/electricity-0.8.yaml"))\n".utf8)
        .write(to: absolute)
      let scratch = try Scenario.load(path: absolute.path)
      #expect(scratch.files.count == 3)
      #expect(scratch.inputs.inputs.electricityTariffCNYPerKWh == Decimal(string: "0.8"))
      let relative = folder.appending(path: "relative.yaml")
      try Data("extends: Pipelines/scenarios/paper-2024.yaml\n".utf8).write(to: relative)
      let refused = try #require(throws: ConfigError.self) {
        try Scenario.load(path: relative.path)
      }
      #expect(refused.description.contains("relative.yaml:1:10: error: extends:"))
      #expect(refused.description.contains("is in no project"))
    }
  }

  // MARK: - validate

  @Test func validateChecksEveryFileAJobNames() throws {
    try withTemporaryDirectory { folder in
      let root = try Self.project(in: folder)
      let shipped = try String(
        contentsOf: root.appending(path: "Pipelines/monthly-economics.yaml"), encoding: .utf8)
      // An SQL file that is not there, and a check file that is not UTF-8.
      try FileManager.default.createDirectory(
        at: root.appending(path: "local"), withIntermediateDirectories: true)
      try Data([0x2D, 0x2D, 0x20, 0xFF, 0xFE, 0x0A]).write(
        to: root.appending(path: "local/latin1.sql"))
      let job = root.appending(path: "Pipelines/broken.yaml")
      try Data(
        shipped.replacingOccurrences(
          of: "  staff: sql/extract/staff.sql", with: "  staff: sql/extract/staf.sql"
        ).replacingOccurrences(
          of: "    - sql/checks/tariff_days.sql", with: "    - local/latin1.sql"
        ).utf8
      ).write(to: job)
      let error = try #require(throws: ConfigError.self) {
        try ConfigValidator.validate([job.path])
      }
      let lines = error.diagnostics.map(\.description)
      #expect(
        lines.contains {
          $0.hasSuffix(
            "broken.yaml:20:10: error: extract.staff: SQL file `sql/extract/staf.sql` not found; SQL paths are relative to the project root (\(root.path))"
          )
        }, "\(lines)")
      #expect(
        lines.contains {
          $0.contains("error: checks.files[6]: SQL file `local/latin1.sql` cannot be read as UTF-8")
        }, "\(lines)")
      // One file that is not there alone is a missing input; a file that says something
      // wrong makes it a configuration error.
      #expect(error.exitStatus == .config)
    }
  }

  @Test func validateSpeaksInTheSingularForOne() {
    #expect(
      ConfigValidator.summary([("a.yaml", .job)]) == "validate: 1 file valid (1 job, 0 scenarios)")
    #expect(
      ConfigValidator.summary([("a.yaml", .job), ("b.yaml", .scenario)])
        == "validate: 2 files valid (1 job, 1 scenario)")
  }
}
