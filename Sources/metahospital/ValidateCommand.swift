import ArgumentParser
import EconomicsPipeline
import Foundation
import PipelineModel

/// `metahospital validate`: checks job and scenario files.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Check job and scenario files; with no files, everything under the project's Pipelines/.",
    discussion: """
      Reports every problem of every file at once, one line each: file:line:column, the key \
      path and what to change (unknown keys get a "did you mean"). Files under a scenarios/ \
      folder are read as scenarios, files in a language/ folder as the reports' words (every \
      phrase there, each with its placeholders), others as jobs. A job is checked with everything it \
      names: its scenario and the files that scenario extends, and each SQL file (it must \
      exist, read as UTF-8 and be one SELECT statement; a check file must declare its check \
      ids, and each threshold must name a declared id). Paths in the files are relative to \
      the project root, the folder holding Pipelines/ above each file.

      With no files, validate checks every .yaml file under the Pipelines/ folder of the \
      project of the working folder (the folder itself or one above it).

      Exits 0 when all are valid; 66 when there is nothing to validate (no project here) or \
      the only problems are files that are missing or unreadable; 78 otherwise.
      """
  )

  @Argument(help: "Job or scenario files (default: every .yaml under the project's Pipelines/).")
  var files: [String] = []

  func run() throws {
    try reportingErrors {
      var warnings: [ConfigDiagnostic] = []
      let passed = try ConfigValidator.validate(ConfigValidator.files(files), warnings: &warnings)
      for warning in warnings { printError(warning.description) }
      print(ConfigValidator.summary(passed))
    }
  }
}
