import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging

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

      The database comes from DATABASE_URL, else from libpq's own PG* environment variables and
      ~/.pgpass. scripts/local-postgres starts a private PostgreSQL and prints its URL.

      Exit statuses follow sysexits(3): 64 usage, 65 data, 66 an input file missing,
      69 database unavailable, 73 report folder not writable or not the tool's to replace,
      75 temporary failure (a run holds the lock, or a signal stopped the run), 77 not permitted
      (a missing grant, or seed outside a demo database), 78 configuration.
      """,
    subcommands: [
      MigrateCommand.self, SeedCommand.self, RunCommand.self, PlanCommand.self,
      ValidateCommand.self,
    ]
  )
}
