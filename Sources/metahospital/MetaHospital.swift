import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel

/// The `metahospital` command: a thin shell that parses, calls the pipeline and maps errors to
/// sysexits statuses. Every decision lives in the `EconomicsPipeline` library.
@main
struct MetaHospital: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metahospital",
    abstract: "Cost-and-revenue analytics for a meta-hospital.",
    discussion: """
      Computes the economics of a virtual hospital of XR terminals, digital humans, GPUs and
      large models, compares them with the offline hospital, and writes Markdown and CSV reports.

      Paths in job and scenario files are relative to the project root (the folder holding
      Pipelines/), so every command works from any folder; paths on the command line are
      relative to the working folder.

      The database comes from DATABASE_URL, else from libpq's own PG* environment variables and
      ~/.pgpass. scripts/local-postgres starts a private PostgreSQL and prints its URL.

      Exit statuses follow sysexits(3): 64 usage, 65 data, 66 an input file or the project
      missing, 69 database unavailable, 73 report folder not writable or not the tool's to
      replace, 75 temporary failure (a run holds the lock, or a signal stopped the run),
      77 not permitted (a missing grant, or seed outside a demo database), 78 configuration.
      """,
    version: Self.version,
    subcommands: [
      MigrateCommand.self, SeedCommand.self, RunCommand.self, PlanCommand.self,
      ValidateCommand.self, ScheduleCommand.self,
    ]
  )

  /// `metahospital 0.4.0 (commit 1a2b3c4d5e6f)`: the version and the commit built from.
  static var version: String { "metahospital \(build)" }

  /// `0.4.0 (commit 1a2b3c4d5e6f)`: what the run history and the reports record of the build.
  static var build: String {
    let commit: String
    if let full = BuildInfo.commit {
      commit =
        "commit \(full.prefix(12))" + (BuildInfo.modified ? ", with uncommitted changes" : "")
    } else {
      commit = "commit unknown: built outside a git checkout"
    }
    return "\(MetaHospitalVersion.current) (\(commit))"
  }

  /// Every message the argument parser prints starts as the tool's own do: `error: `.
  static var _errorPrefix: String { "error: " }

  /// Parses and runs the command; an unknown help topic is a usage error (64), as an unknown
  /// command is.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let problem = unknownHelpTopic(arguments) {
      printError("error: \(problem)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      exit(withError: error)
    }
  }

  /// For `help <topic>`, what is wrong with a topic that names no command, or nil. (The
  /// subcommands have none of their own.)
  static func unknownHelpTopic(_ arguments: [String]) -> String? {
    guard arguments.first == "help" else { return nil }
    var names: [String] = []
    for command in configuration.subcommands {
      names.append(command.configuration.commandName ?? "")
    }
    let topics = arguments.dropFirst().filter { !$0.hasPrefix("-") }
    guard let topic = topics.first else { return nil }
    guard names.contains(topic) else {
      return
        "no help topic `\(topic)`: the commands are \(names.joined(separator: ", ")); see 'metahospital --help'"
    }
    if let extra = topics.dropFirst().first {
      return
        "`metahospital \(topic)` has no subcommand `\(extra)`; see 'metahospital help \(topic)'"
    }
    return nil
  }
}
