import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient

/// `metahospital seed`: deterministic synthetic data for a year, generated inside PostgreSQL by
/// `sql/seed/synthetic.sql`, with the scenario's prices, fees and lives.
public struct Seeder {
  /// What to generate.
  public struct Request: Sendable {
    /// The calendar year.
    public var year: Int
    /// Volume multiplier: 1 is the paper's hospital (20 M virtual visits a year).
    public var scale: Decimal
    /// Hash seed: the same seed gives the same rows.
    public var seed: Int64
    /// The hospital's time zone.
    public var timeZone: TimeZone
    /// The scenario whose fees, prices and lives the data carries.
    public var scenarioPath: String
    /// The generator's SQL file; nil for ``Seeder/generator`` in the scenario's project.
    public var sqlPath: String?

    /// Creates a request.
    public init(
      year: Int, scale: Decimal, seed: Int64, timeZone: TimeZone, scenarioPath: String,
      sqlPath: String? = nil
    ) {
      self.year = year
      self.scale = scale
      self.seed = seed
      self.timeZone = timeZone
      self.scenarioPath = scenarioPath
      self.sqlPath = sqlPath
    }
  }

  /// One generator step and what it wrote.
  public struct Step: Sendable, Equatable {
    /// The step's name.
    public var name: String
    /// Rows written.
    public var rows: Int64
    /// Milliseconds taken.
    public var durationMS: Int64
  }

  /// The generator, relative to the project root.
  public static let generator = "sql/seed/synthetic.sql"

  private let logger: Logger

  /// Creates a seeder that logs to `logger`.
  public init(logger: Logger) { self.logger = logger }

  /// The generator's parameters for a scenario, as the JSON object `seed_year` takes.
  public static func parameters(for request: Request, inputs: Inputs) -> [String: Any] {
    func device(_ id: String) -> DeviceClass? { inputs.devices.first { $0.id == id } }
    func months(_ years: Decimal) -> Int {
      Int(truncating: NSDecimalNumber(decimal: (years * 12).rounded(scale: 0, mode: .plain)))
    }
    let gpu = inputs.devices.first { $0.isAccelerator }
    let cpu = inputs.devices.first { !$0.isAccelerator }
    func text(_ value: Decimal) -> String { value.postgresText }
    return [
      "year": request.year,
      "scale": text(request.scale),
      "seed": request.seed,
      "zone": request.timeZone.identifier,
      "registration_fee": text(inputs.registrationFeeCNY),
      "drug_mean": text(inputs.drugSpendPerVisitCNY),
      "electricity_price": text(inputs.electricityTariffCNYPerKWh),
      "staff_annual_cost": text(inputs.staffAnnualCostPerPersonCNY),
      "software_total": text(inputs.softwareCapexCNY),
      "model_total": text(inputs.modelCapexCNY),
      "services_total": text(inputs.otherServicesCNYPerYear),
      "software_life_months": months(inputs.softwareAmortizationYears),
      "model_life_months": months(inputs.modelAmortizationYears),
      "prices": [
        "rtx4090": text(device("rtx_4090")?.unitPriceCNY ?? 0),
        "h100": text(device("h100")?.unitPriceCNY ?? 0),
        "xeon_5218r": text(device("xeon_gold_5218r")?.unitPriceCNY ?? 0),
        "storage_pb": text(inputs.storagePriceCNYPerPB),
      ],
      "lives": [
        "gpu": months(gpu?.usefulLifeYears ?? 4),
        "cpu": months(cpu?.usefulLifeYears ?? 5),
        "storage": months(inputs.storageUsefulLifeYears),
      ],
    ]
  }

  /// Generates the year, replacing any data already there for it, in one transaction, then
  /// refreshes the planner's statistics. Only in a demo database: one this method marked itself
  /// when its hospital tables were empty (``SeedRefusal``, exit 77, anywhere else).
  public func seed(_ request: Request, on connection: PostgresConnection) throws -> [Step] {
    let project = ProjectRoot.containing(file: request.scenarioPath)
    let scenario = try Scenario.load(path: request.scenarioPath, in: project)
    guard let sqlPath = request.sqlPath ?? project?.resolve(Self.generator) else {
      throw ProjectNotFound(
        folder: ProjectRoot.display(
          (request.scenarioPath as NSString).deletingLastPathComponent),
        need:
          "seed needs the project's generator, \(Self.generator), and the scenario is in no project",
        instead: "give a scenario of the project with --scenario")
    }
    let sql = try SQLFile.script(path: sqlPath, root: URL(fileURLWithPath: "."))
    let parameters = Self.parameters(for: request, inputs: scenario.inputs.inputs)
    let json = try String(
      decoding: JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys]),
      as: UTF8.self)
    logger.info(
      "seeding",
      metadata: [
        "seed.year": "\(request.year)", "seed.scale": "\(request.scale)",
        "seed.seed": "\(request.seed)", "seed.scenario": "\(request.scenarioPath)",
      ])
    let steps: [Step]
    do {
      // Three transactions: the demo mark (nothing else is touched when it is refused); the
      // year's partitions, which on a coordinator are made on each shard through dblink and must
      // not wait for shard tables that an open transaction of this session has read through
      // postgres_fdw (migration 008); then the rows.
      let mark = try connection.withTransaction { connection in
        try DemoDatabase.ensureMarked(on: connection, toolVersion: MetaHospitalVersion.current)
      }
      if mark == .markedNow {
        logger.notice(
          "marked the database as a demo database (its hospital tables were empty)",
          metadata: ["db.connection": "\(connection.redactedConnectionDescription)"])
      }
      try connection.withTransaction { connection in
        for table in ["visits", "charges", "device_utilization"] {
          _ = try connection.query(
            PostgresQuery(
              sql: "SELECT hospital.ensure_month_partitions($1::regclass, $2::integer, $3::text)",
              binds: ["hospital.\(table)", String(request.year), request.timeZone.identifier],
              origin: sql.path))
        }
      }
      steps = try connection.withTransaction { connection in
        // Marked above: checked again in the rows' own transaction.
        _ = try DemoDatabase.ensureMarked(on: connection, toolVersion: MetaHospitalVersion.current)
        try connection.simpleExecute(sql.text, origin: sql.path)
        let rows = try connection.query(
          PostgresQuery(
            sql: "SELECT step, row_count, duration_ms FROM pg_temp.seed_year($1::jsonb)",
            binds: [json], origin: sql.path))
        return try rows.map { row in
          Step(
            name: try row.decode(String.self, "step"),
            rows: try row.decode(Int64.self, "row_count"),
            durationMS: try row.decode(Int64.self, "duration_ms"))
        }
      }
    } catch let error as PostgresError where error.isMissingSchema {
      throw RunError.schemaMissing
    }
    for step in steps {
      logger.info(
        "seed step done",
        metadata: [
          "seed.step": "\(step.name)", "seed.rows": "\(step.rows)",
          "seed.duration_ms": "\(step.durationMS)",
        ])
    }
    // The planner's statistics, where the rows are: on a coordinator, the fact tables are
    // analyzed on each shard (migration 008).
    try connection.simpleExecute(
      "SELECT pipeline.analyze_hospital_tables()", origin: "seed: ANALYZE")
    return steps
  }
}

extension PostgresError {
  /// Whether the error says the project's schema is not there (not migrated).
  var isMissingSchema: Bool {
    ["3F000", "42P01", "42883"].contains(sqlState ?? "")
      && (message.contains("hospital") || message.contains("pipeline"))
  }
}
