import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel

/// `metahospital seed`: deterministic synthetic data for a year.
struct SeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seed",
    abstract:
      "Generate a year of synthetic hospital data in the database (for demos, tests and benchmarks).",
    discussion: """
      Fills the hospital schema with a year that looks like the seed paper's hospitals: at \
      --scale 1, 20,000,000 virtual visits with registration and drug charges, the offline \
      hospital's 5,000,000 outpatient visits, admissions and surgeries, 800 meta-hospital staff \
      with monthly payroll, the device inventory with hourly utilization and metered energy at \
      about 45 % load, storage written, network peaks, capital items, service contracts and \
      the tariff. Fees, prices and lives come from the scenario. Every volume and resource is \
      multiplied by --scale.

      The data is generated inside PostgreSQL by sql/seed/synthetic.sql and is the same for \
      the same --seed. Seeding a year again replaces it. Run `metahospital migrate` first.

      seed writes only into a demo database: one it marked as synthetic itself, which it does \
      the first time it seeds a database whose hospital tables are all empty. Any other \
      database (one holding the hospital's records) is refused with exit 77 and nothing is \
      changed; there is no flag to override it. To make a demo database: createdb \
      metahospital_demo, then migrate and seed with --database-url naming it.

      Examples:
        metahospital seed --year 2026                 (scale 0.01: 200,000 virtual visits, seconds)
        metahospital seed --year 2026 --scale 1       (the paper's year: minutes)
      """
  )

  @Option(parsing: .unconditional, help: "The calendar year to generate.")
  var year: Int

  @Option(parsing: .unconditional, help: "Volume multiplier; 1 is the paper's hospital.")
  var scale: String = "0.01"

  @Option(parsing: .unconditional, help: "Hash seed: the same seed gives the same data.")
  var seed: Int64 = 20_240_101

  @Option(
    help: ArgumentHelp(
      "The scenario whose fees, prices and lives the data carries (default: Pipelines/scenarios/paper-2024.yaml of the project of the working folder). The generator is its project's sql/seed/synthetic.sql.",
      valueName: "file"))
  var scenario: String?

  @Option(name: .customLong("time-zone"), help: "The hospital's time zone (IANA name).")
  var timeZone: String = "Asia/Shanghai"

  @OptionGroup var database: DatabaseOptions

  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    guard let value = Decimal(string: scale, locale: Locale(identifier: "en_US_POSIX")),
      value > 0, value <= 10
    else {
      throw ValidationError("--scale must be a number above 0 and at most 10, e.g. 0.01 or 1")
    }
    guard (1900...9999).contains(year) else {
      throw ValidationError("--year must be a calendar year, e.g. 2026")
    }
    guard TimeZone(identifier: timeZone) != nil else {
      throw ValidationError(
        "--time-zone '\(timeZone)' is not an IANA time zone, e.g. Asia/Shanghai")
    }
  }

  func run() throws {
    try reportingErrors {
      let logger = logging.bootstrap(label: "metahospital.seed")
      let scenarioPath = try scenario ?? Self.defaultScenario()
      let request = Seeder.Request(
        year: year, scale: Decimal(string: scale, locale: Locale(identifier: "en_US_POSIX")) ?? 0,
        seed: seed, timeZone: TimeZone(identifier: timeZone) ?? .current,
        scenarioPath: scenarioPath)
      let connection = try database.settings.connect(logger: logger)
      let started = Date()
      let steps = try Seeder(logger: logger).seed(request, on: connection)
      let rows = steps.reduce(Int64(0)) { $0 + $1.rows }
      print(
        "seed: year \(year) at scale \(scale) (seed \(seed)): \(rows) rows in "
          + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }
  }

  /// The paper's baseline in the project of the working folder.
  static func defaultScenario() throws -> String {
    try ProjectRoot.ofWorkingDirectory(
      need: "seed needs a scenario and the project's generator",
      instead: "give a scenario of the project with --scenario"
    ).resolve("Pipelines/scenarios/paper-2024.yaml")
  }
}
