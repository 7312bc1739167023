import ArgumentParser
import EconomicsPipeline
import Foundation

/// `metahospital validate`: checks job and scenario files.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check job and scenario files; with no files, everything under Pipelines/.",
    discussion: """
      Reports every problem of every file at once, one line each: file:line:column, the key \
      path and what to change (unknown keys get a "did you mean"). Files under a scenarios/ \
      folder are read as scenarios, files in a language/ folder as the reports' words (every \
      phrase there, each with its placeholders), others as jobs (a job's scenario is checked too). \
      Exits 0 when all are valid, 78 otherwise.
      """
  )

  @Argument(help: "Job or scenario files (default: every .yaml under Pipelines/).")
  var files: [String] = []

  func run() throws {
    try reportingErrors {
      let passed = try ConfigValidator.validate(ConfigValidator.files(files))
      let jobs = passed.filter { $0.kind == .job }.count
      let languages = passed.filter { $0.kind == .language }.count
      print(
        "validate: \(passed.count) files valid (\(jobs) jobs, \(passed.count - jobs - languages) scenarios"
          + (languages > 0 ? ", \(languages) language files)" : ")"))
    }
  }
}
