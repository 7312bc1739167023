import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

// MARK: - Stage 1: configure

extension RunPipeline {
  /// Stage 1: everything read from files, before any connection.
  struct Configuration {
    var job: JobConfig
    var period: Period
    var scenario: Scenario
    var extractFiles: [(source: Measures.Source, file: SQLFile)]
    var checkFiles: [SQLFile]
    var inputFiles: [(path: String, sha256: String)]
    var outputDirectory: String
    /// The words of the report's language (`LanguageChoice`).
    var wording: Wording

    /// One checksum of every input file: what a month's recorded figures came from.
    var inputsSHA256: String {
      SHA256.hex(Array(inputFiles.map { "\($0.path) \($0.sha256)" }.joined(separator: "\n").utf8))
    }
  }

  /// Stage 1: the job, the period, the scenario and the SQL files, checksummed.
  func configure(_ request: Request) throws -> Configuration {
    let job = try JobConfig.load(path: request.jobPath, root: request.root)
    logger.log(job.warnings.map(\.diagnostic), metadata: ["job": "\(job.name)"])
    request.progress?.loaded(job)
    let period =
      try request.period.map { text throws(PeriodError) in try Period(parsing: text) }
      ?? Period.lastClosed(job.grain, before: request.now, in: job.timeZone)
    guard period.grain == job.grain else {
      throw PeriodError.wrongGrain(period: period, job: job.name, grain: job.grain)
    }
    request.progress?.resolved(period)
    let scenario = try Scenario.load(path: job.scenarioPath, in: job.project)
    let language = LanguageChoice.resolve(
      flag: request.language, job: job.language, scenario: scenario.language)
    let wording = try WordingFile.load(language.language, root: job.project.url)
    let extractFiles = try Measures.Source.allCases.map { source throws(RunError) in
      (source, try SQLFile(path: job.extract[source] ?? "", root: job.project.url))
    }
    let checkFiles = try job.checkFiles.map { path throws(RunError) in
      try SQLFile(path: path, root: job.project.url)
    }
    // Named as the project names them, so the checksum is the same from any working folder.
    var inputFiles: [(path: String, sha256: String)] = []
    for path in [job.path] + scenario.files {
      let data = FileManager.default.contents(atPath: path) ?? Data()
      inputFiles.append((job.project.relative(path), SHA256.hex(data)))
    }
    inputFiles +=
      extractFiles.map { ($0.1.path, $0.1.sha256) } + checkFiles.map { ($0.path, $0.sha256) }
    return Configuration(
      job: job, period: period, scenario: scenario, extractFiles: extractFiles,
      checkFiles: checkFiles, inputFiles: inputFiles,
      outputDirectory: request.outputDirectory
        ?? job.project.resolve(job.outputDirectory(for: period)),
      wording: wording)
  }
}
