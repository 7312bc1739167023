import HospitalEconomics
import ReportRendering

// The phrases of the run report's own sections (`RunReport*.swift`), section by section; their
// texts are in `Pipelines/language/<language>.yaml` under `run:`. The sections a run shares
// with a plan (the verdict, sensitivity, the bridge) use the plan's phrases.

/// Every phrase of the run report's own sections, in the order of the language files.
public enum RunPhrases {
  /// The phrases.
  public static let all: [Phrase] =
    RunPhrase.catalogue + RunHeadlinePhrase.catalogue + CoveragePhrase.catalogue
    + MissingPhrase.catalogue + FallbackPhrase.catalogue + SourcePhrase.catalogue
    + RunDriverLabel.catalogue + LedgerPhrase.catalogue + TrendPhrase.catalogue
    + MonthFigureLabel.catalogue + VariancePhrase.catalogue + VarianceLabel.catalogue
    + RunBridgePhrase.catalogue + RunBridgeDriver.catalogue + RevenuePhrase.catalogue
    + ChargeKindPhrase.catalogue + EnergyPhrase.catalogue + DeviceClassPhrase.catalogue
    + DevicesPhrase.catalogue + StaffPhrase.catalogue + StoragePhrase.catalogue
    + ContentKindPhrase.catalogue + DirectionPhrase.catalogue + OfflinePhrase.catalogue
    + RunSustainabilityPhrase.catalogue + ProvenancePhrase.catalogue + DataPhrase.catalogue
    + MeasurePhrase.catalogue + RunMethodPhrase.catalogue
}

// MARK: - The document and its headline

/// The run report's title and the words its sentences share.
enum RunPhrase: String, Phrases {
  static let section = "run"
  case title
  case listSeparator = "list_separator"
  case clauseSeparator = "clause_separator"

  var placeholders: [String] { self == .title ? ["job", "period"] : [] }
}

/// The paragraphs before the first section.
enum RunHeadlinePhrase: String, Phrases {
  static let section = "run.headline"
  case period
  case yearVerdict = "year_verdict"
  case annualizedVerdict = "annualized_verdict"
  case planYear = "plan_year"
  case planAnnualized = "plan_annualized"
  case data
  case stopsEarly = "stops_early"
  case checksPass = "checks_pass"
  case checksWarn = "checks_warn"
  case scenarioFills = "scenario_fills"
  case fallback
  case noDataFor = "no_data_for"
  case unplannedOne = "unplanned_one"
  case unplannedMany = "unplanned_many"
  case open

  var placeholders: [String] {
    switch self {
    case .period: ["period", "days", "revenue", "cost", "margin", "visits"]
    case .yearVerdict: ["verdict"]
    case .annualizedVerdict: ["days_in_year", "days", "verdict"]
    case .planYear, .planAnnualized: ["scenario", "plan", "data"]
    case .data: ["items"]
    case .stopsEarly: ["sources", "day"]
    case .checksPass: ["count"]
    case .checksWarn: ["failing", "count", "list"]
    case .scenarioFills: ["list"]
    case .fallback: ["line", "amount", "id"]
    case .noDataFor: ["lines"]
    case .unplannedOne, .unplannedMany: ["count"]
    case .open: []
    }
  }
}

/// How far each source table reaches into the period.
enum CoveragePhrase: String, Phrases {
  static let section = "run.coverage"
  case virtualVisits = "virtual_visits"
  case virtualCharges = "virtual_charges"
  case telemetry
  case payroll
  case storageWrites = "storage_writes"
  case networkPeaks = "network_peaks"
  case nothing
  case through
  case endsOn = "ends_on"
  case throughMonth = "through_month"
  case endsWithMonth = "ends_with_month"

  var placeholders: [String] {
    switch self {
    case .nothing: ["source"]
    case .through, .endsOn: ["source", "day"]
    case .throughMonth, .endsWithMonth: ["source", "month"]
    default: []
    }
  }
}

/// A line the period has no data for: each reason the ledger names, and the sentence of a line
/// left at zero.
enum MissingPhrase: Phrases, Hashable {
  static let section = "run.missing"
  case reason(MissingLine.Reason)
  case zero

  static var allCases: [MissingPhrase] { MissingLine.Reason.allCases.map(Self.reason) + [.zero] }

  var name: String {
    switch self {
    case .reason(let reason): reason.rawValue
    case .zero: "zero"
    }
  }

  var placeholders: [String] { self == .zero ? ["what", "line", "id"] : [] }
}

/// The lines a job may let fall back to the scenario.
enum FallbackPhrase: String, Phrases {
  static let section = "run.fallback_line"
  case registrationRevenue = "registration_revenue"
  case drugSales = "drug_sales"
  case staffCost = "staff_cost"
  case electricity
  case softwareAmortization = "software_amortization"
  case modelAmortization = "model_amortization"
  case hardwareDepreciation = "hardware_depreciation"
  case otherServices = "other_services"
}

/// Where a figure comes from.
enum SourcePhrase: String, Phrases {
  static let section = "run.source"
  case data
  case scenario
  case dataAndScenario = "data_and_scenario"
  case fallback
  case placeholder
}

/// The drivers measured on data, by id.
enum RunDriverLabel: String, Phrases {
  static let section = "run.driver"
  case annualVisits = "annual_visits"
  case registrationFee = "registration_fee_cny"
  case drugMarkupRate = "drug_markup_rate"
  case staffHeadcount = "staff_headcount"
  case costPerHead = "staff_annual_cost_per_person_cny"
  case tariff = "electricity_tariff_cny_per_kwh"
  case facilityFactor = "facility_factor"
  case itEnergy = "it_nameplate_energy_kwh"
  case otherServices = "other_services_cny_per_year"
  case softwareAmortization = "software_amortization_cny"
  case modelAmortization = "model_amortization_cny"
  case hardwareDepreciation = "hardware_depreciation_cny"
}

// MARK: - The period, the trend, plan versus actual

/// The period's books.
enum LedgerPhrase: String, Phrases {
  static let section = "run.ledger"
  case title
  case intro
  case wholeYear = "whole_year"
  case annualized
  case flowsHeading = "flows_heading"
  case lineColumn = "line_column"
  case periodColumn = "period_column"
  case annualizedColumn = "annualized_column"
  case planColumn = "plan_column"
  case sourceColumn = "source_column"
  case virtualVisits = "virtual_visits"
  case registrationRevenue = "registration_revenue"
  case otherKeptRevenue = "other_kept_revenue"
  case drugSales = "drug_sales"
  case drugMarkup = "drug_markup"
  case grossRevenue = "gross_revenue"
  case effectiveRevenue = "effective_revenue"
  case staff
  case electricity
  case otherServices = "other_services"
  case softwareAmortization = "software_amortization"
  case modelAmortization = "model_amortization"
  case hardwareDepreciation = "hardware_depreciation"
  case cashCost = "cash_cost"
  case totalCost = "total_cost"
  case margin
  case stocksHeading = "stocks_heading"
  case itemColumn = "item_column"
  case stockPlanColumn = "stock_plan_column"
  case unitColumn = "unit_column"
  case headcount
  case softwareItems = "software_items"
  case modelItems = "model_items"
  case hardwareItems = "hardware_items"
  case placedInService = "placed_in_service"
  case retired

  var placeholders: [String] {
    switch self {
    case .intro: ["period", "days", "zone", "factor"]
    case .annualized: ["days_in_year", "days"]
    default: []
    }
  }
}

/// The year to date month by month, restatements and the forecast.
enum TrendPhrase: String, Phrases {
  static let section = "run.trend"
  case title
  case introBelow = "intro_below"
  case introAbove = "intro_above"
  case complete
  case runRate = "run_rate"
  case seasonality
  case monthColumn = "month_column"
  case visitsColumn = "visits_column"
  case revenueColumn = "revenue_column"
  case costColumn = "cost_column"
  case marginColumn = "margin_column"
  case energyColumn = "energy_column"
  case costPerVisitColumn = "cost_per_visit_column"
  case planMarginColumn = "plan_margin_column"
  case restatedMonth = "restated_month"
  case yearToDate = "year_to_date"
  case planToDate = "plan_to_date"
  case forecast
  case planYear = "plan_year"
  case chartTitle = "chart_title"
  case restated
  case restatedChange = "restated_change"
  case causeInputs = "cause_inputs"
  case causeData = "cause_data"
  case rebuildHere = "rebuild_here"
  case rebuildEnd = "rebuild_end"

  var placeholders: [String] {
    switch self {
    case .introBelow, .introAbove: ["year", "amount", "forecast"]
    case .runRate: ["days_in_year", "days"]
    case .seasonality: ["year"]
    case .restatedMonth: ["month"]
    case .yearToDate: ["days"]
    case .chartTitle: ["unit"]
    case .restated: ["month", "run", "when", "changes", "cause", "period", "rebuild"]
    case .restatedChange: ["figure", "previous", "current"]
    case .rebuildHere: ["job", "period"]
    default: []
    }
  }
}

/// The figures of a month that a restatement names, by id.
enum MonthFigureLabel: String, Phrases {
  static let section = "run.trend.figure"
  case virtualVisits = "virtual_visits"
  case registrationRevenue = "registration_revenue_cny"
  case otherKeptRevenue = "other_kept_revenue_cny"
  case drugSales = "drug_sales_cny"
  case drugMarkup = "drug_markup_cny"
  case effectiveRevenue = "effective_revenue_cny"
  case staffCost = "staff_cost_cny"
  case electricityCost = "electricity_cost_cny"
  case otherServices = "other_services_cny"
  case softwareAmortization = "software_amortization_cny"
  case modelAmortization = "model_amortization_cny"
  case hardwareDepreciation = "hardware_depreciation_cny"
  case totalCost = "total_cost_cny"
  case margin = "margin_cny"
  case nameplateEnergy = "nameplate_energy_kwh"
}

/// Plan versus actual.
enum VariancePhrase: String, Phrases {
  static let section = "run.variance"
  case title
  case intro
  case driverColumn = "driver_column"
  case idColumn = "id_column"
  case unitColumn = "unit_column"
  case planColumn = "plan_column"
  case actualColumn = "actual_column"
  case differenceColumn = "difference_column"
  case percentColumn = "percent_column"
  case sourceColumn = "source_column"
  case ledgerAnnualized = "ledger_annualized"
  case deviceCount = "device_count"
  case deviceRatedPower = "device_rated_power"

  var placeholders: [String] {
    switch self {
    case .deviceCount, .deviceRatedPower: ["device"]
    default: []
    }
  }
}

/// The rows of plan versus actual, by id.
enum VarianceLabel: String, Phrases {
  static let section = "run.variance.label"
  case annualVisits = "annual_visits"
  case minutesPerVisit = "minutes_per_visit"
  case registrationFee = "registration_fee_cny"
  case drugSalesPerVisit = "drug_sales_per_visit_cny"
  case drugMarkupRate = "drug_markup_rate"
  case staffHeadcount = "staff_headcount"
  case costPerHead = "staff_annual_cost_per_person_cny"
  case storageInstalled = "storage_installed_pb"
  case storageIncrement = "storage_increment_gb"
  case tariff = "electricity_tariff_cny_per_kwh"
  case averageLoadShare = "average_load_share"
  case softwareCapex = "software_capex_cny"
  case modelCapex = "model_capex_cny"
  case hardwareCapex = "hardware_capex_cny"
  case registrationRevenue = "registration_revenue_cny"
  case drugRevenue = "drug_revenue_cny"
  case grossRevenue = "gross_revenue_cny"
  case effectiveRevenue = "effective_revenue_cny"
  case staffCost = "staff_cost_cny"
  case electricityCost = "annual_electricity_cost_cny"
  case otherServices = "other_services_cny"
  case softwareAmortization = "software_amortization_cny"
  case modelAmortization = "model_amortization_cny"
  case hardwareDepreciation = "hardware_depreciation_cny"
  case totalCost = "annual_total_cost_cny"
  case margin = "annual_margin_cny"
  case costPerVisit = "cost_per_visit_cny"
  case breakEvenFee = "breakeven_registration_fee_cny"
  case annualEnergy = "annual_energy_kwh"
  case facilityPower = "facility_power_kw"
  case npv = "npv_cny"
}

// MARK: - The bridge from plan to data

/// The run's bridge: its ends and the sentences the shared bridge section does not carry.
enum RunBridgePhrase: String, Phrases {
  static let section = "run.bridge"
  case plan
  case data
  case dataAnnualized = "data_annualized"
  case intro
  case definitions
  case wholeLine = "whole_line"
  case calendar

  var placeholders: [String] {
    switch self {
    case .plan: ["scenario"]
    case .data, .dataAnnualized: ["period"]
    case .calendar: ["days_in_year", "days", "share"]
    default: []
    }
  }
}

/// The drivers and whole lines of the run's bridge, by id.
enum RunBridgeDriver: String, Phrases {
  static let section = "run.bridge.driver"
  case visits = "annual_visits"
  case fee = "registration_fee_cny"
  case otherKept = "other_kept_revenue_cny"
  case markup = "drug_markup_per_visit_cny"
  case headcount = "staff_headcount"
  case costPerHead = "staff_annual_cost_per_person_cny"
  case energy = "it_costed_energy_kwh"
  case tariff = "electricity_tariff_cny_per_kwh"
  case facility = "facility_factor"
  case services = "other_services_cny_per_year"
  case software = "software_amortization_cny"
  case model = "model_amortization_cny"
  case hardware = "hardware_depreciation_cny"
  case registrationLine = "registration_revenue_cny"
  case markupLine = "drug_markup_cny"
  case staffLine = "staff_cost_cny"
  case electricityLine = "annual_electricity_cost_cny"
}

// MARK: - Revenue, energy, devices, staff, storage, the offline hospital

/// Revenue by charge kind.
enum RevenuePhrase: String, Phrases {
  static let section = "run.revenue"
  case title
  case intro
  case kindColumn = "kind_column"
  case classColumn = "class_column"
  case chargesColumn = "charges_column"
  case billedColumn = "billed_column"
  case costColumn = "cost_column"
  case markupColumn = "markup_column"
  case keptColumn = "kept_column"
  case withoutCostColumn = "without_cost_column"
  case kept
  case passThrough = "pass_through"
  case excluded
  case missingCostOne = "missing_cost_one"
  case missingCostMany = "missing_cost_many"

  var placeholders: [String] {
    switch self {
    case .intro: ["kept", "pass_through", "excluded"]
    case .missingCostOne, .missingCostMany: ["count"]
    default: []
    }
  }
}

/// The charge kinds of the billing schema.
enum ChargeKindPhrase: String, Phrases {
  static let section = "run.charge_kind"
  case registration
  case drug
  case examination
  case treatment
  case surgery
  case bed
  case other
}

/// Energy: nameplate and metered.
enum EnergyPhrase: String, Phrases {
  static let section = "run.energy"
  case title
  case intro
  case itColumn = "it_column"
  case facilityColumn = "facility_column"
  case costColumn = "cost_column"
  case nameplatePeriod = "nameplate_period"
  case meteredPeriod = "metered_period"
  case planNameplate = "plan_nameplate"
  case planMetered = "plan_metered"
  case tariffsHeading = "tariffs_heading"
  case tariffColumn = "tariff_column"
  case fromColumn = "from_column"
  case toColumn = "to_column"
  case daysColumn = "days_column"
  case noTariff = "no_tariff"
  case byClassHeading = "by_class_heading"
  case classColumn = "class_column"
  case nameplateColumn = "nameplate_column"
  case meteredColumn = "metered_column"
  case utilizationColumn = "utilization_column"
  case meteredCostColumn = "metered_cost_column"
  case untariffed

  var placeholders: [String] {
    switch self {
    case .intro: ["factor"]
    case .untariffed: ["energy"]
    default: []
    }
  }
}

/// The device classes of the data.
enum DeviceClassPhrase: String, Phrases {
  static let section = "run.device_class"
  case cpu
  case gpu
  case storage
  case network
}

/// Devices: the scenario's classes and the data's groups.
enum DevicesPhrase: String, Phrases {
  static let section = "run.devices"
  case title
  case intro
  case classColumn = "class_column"
  case matchesColumn = "matches_column"
  case planColumn = "plan_column"
  case groupsColumn = "groups_column"
  case averageColumn = "average_column"
  case nameplateColumn = "nameplate_column"
  case storage
  case anyModel = "any_model"
  case unplanned
  case dataClassColumn = "data_class_column"
  case modelColumn = "model_column"

  var placeholders: [String] { self == .intro ? ["days"] : [] }
}

/// Staff.
enum StaffPhrase: String, Phrases {
  static let section = "run.staff"
  case title
  case intro
  case valueColumn = "value_column"
  case unitColumn = "unit_column"
  case employed
  case averageHeadcount = "average_headcount"
  case paid
  case payroll
  case perHead = "per_head"
}

/// Storage, concurrency and network.
enum StoragePhrase: String, Phrases {
  static let section = "run.storage"
  case title
  case intro
  case contentColumn = "content_column"
  case objectsColumn = "objects_column"
  case gigabytesColumn = "gigabytes_column"
  case sessionsColumn = "sessions_column"
  case formula
  case observedPeak = "observed_peak"
  case peakNote = "peak_note"
  case networkHeading = "network_heading"
  case directionColumn = "direction_column"
  case peakColumn = "peak_column"
  case percentileColumn = "percentile_column"
  case hoursColumn = "hours_column"

  var placeholders: [String] {
    switch self {
    case .intro: ["written", "yearly", "installed", "plan"]
    case .observedPeak: ["time"]
    default: []
    }
  }
}

/// The kinds of content written to storage.
enum ContentKindPhrase: String, Phrases {
  static let section = "run.content_kind"
  case imaging
  case video
  case recordText = "record_text"
  case other
}

/// The directions of network traffic.
enum DirectionPhrase: String, Phrases {
  static let section = "run.direction"
  case inbound
  case outbound
}

/// The offline hospital in the period.
enum OfflinePhrase: String, Phrases {
  static let section = "run.offline"
  case title
  case intro
  case itemColumn = "item_column"
  case dataColumn = "data_column"
  case tableColumn = "table_column"
  case outpatientVisits = "outpatient_visits"
  case admissions
  case surgeries
  case revenue
  case doctors
  case nurses
  case administrativeStaff = "administrative_staff"
  case otherStaff = "other_staff"
  case revenuePerVisit = "revenue_per_visit"
  case staffPer10k = "staff_per_10k"
  case itPerVisit = "it_per_visit"
  case notInData = "not_in_data"

  var placeholders: [String] { self == .intro ? ["days"] : [] }
}

// MARK: - Sustainability, provenance, data, method

/// Sustainability on the data.
enum RunSustainabilityPhrase: String, Phrases {
  static let section = "run.sustainability"
  case title
  case measureColumn = "measure_column"
  case valueColumn = "value_column"
  case unitColumn = "unit_column"
  case effectiveRevenue = "effective_revenue"
  case totalCost = "total_cost"
  case margin
  case breakEvenFee = "break_even_fee"
  case breakEvenVisits = "break_even_visits"
  case oneOff = "one_off"
  case netCashFlow = "net_cash_flow"
  case simplePayback = "simple_payback"
  case discountedPayback = "discounted_payback"
  case npv
  case noVolume = "no_volume"
  case onData = "on_data"
  case sensitivityIntro = "sensitivity_intro"

  var placeholders: [String] {
    switch self {
    case .discountedPayback: ["rate"]
    case .npv: ["years", "rate"]
    default: []
    }
  }
}

/// Where the figures come from.
enum ProvenancePhrase: String, Phrases {
  static let section = "run.provenance"
  case title
  case intro
  case driverColumn = "driver_column"
  case labelColumn = "label_column"
  case valueColumn = "value_column"
  case unitColumn = "unit_column"
  case sourceColumn = "source_column"
  case setInColumn = "set_in_column"
  case fallback
  case missingHeading = "missing_heading"

  var placeholders: [String] { self == .fallback ? ["line"] : [] }
}

/// Data: coverage, sources read, checks, inputs.
enum DataPhrase: String, Phrases {
  static let section = "run.data"
  case title
  case coverageHeading = "coverage_heading"
  case sourceColumn = "source_column"
  case lastDayColumn = "last_day_column"
  case reachesColumn = "reaches_column"
  case yes
  case no
  case sourcesHeading = "sources_heading"
  case sourcesIntro = "sources_intro"
  case measureColumn = "measure_column"
  case fileColumn = "file_column"
  case readColumn = "read_column"
  case reusedColumn = "reused_column"
  case rowsColumn = "rows_column"
  case sourceRowsColumn = "source_rows_column"
  case checksHeading = "checks_heading"
  case checkColumn = "check_column"
  case statusColumn = "status_column"
  case failingColumn = "failing_column"
  case examinedColumn = "examined_column"
  case warnColumn = "warn_column"
  case failColumn = "fail_column"
  case examplesColumn = "examples_column"
  case pass
  case warn
  case fail
  case oneRow = "one_row"
  case rows
  case percent
  case inputsHeading = "inputs_heading"
  case inputFileColumn = "input_file_column"
  case shaColumn = "sha_column"
  case job
  case tool
  case sharded
  case shardedConsistent = "sharded_consistent"
  case shardedChanged = "sharded_changed"
  case coordinator

  var placeholders: [String] {
    switch self {
    case .rows: ["count"]
    case .percent: ["percent"]
    case .job: ["job", "path", "period", "zone"]
    case .tool: ["version", "run", "generated"]
    case .sharded: ["count", "shards", "started", "finished"]
    case .shardedChanged: ["nodes"]
    default: []
    }
  }
}

/// The measures of a job's SQL files (its `extract:` keys), and the checks.
enum MeasurePhrase: String, Phrases {
  static let section = "run.measure"
  case visits
  case charges
  case concurrency
  case staff
  case payroll
  case devices
  case energy
  case tariffs
  case storage
  case network
  case capital
  case contracts
  case offlineActivity = "offline_activity"
  case check
}

/// Method and conventions of a run.
enum RunMethodPhrase: String, Phrases {
  static let section = "run.method"
  case title
  case ledger
  case monthly
  case money
  case revenue
  case cost
  case fallbacks
}

// MARK: - Looking phrases up

extension Wording {
  /// A list in a sentence: `a, b, c` (English), `a、b、c` (Chinese).
  func list(_ items: [String]) -> String {
    items.joined(separator: self(RunPhrase.listSeparator))
  }

  /// Clauses in a sentence: `a; b` (English), `a;b` (Chinese).
  func clauses(_ items: [String]) -> String {
    items.joined(separator: self(RunPhrase.clauseSeparator))
  }

  /// A figure's source for people.
  func source(_ source: FigureSource) -> String {
    switch source {
    case .data: self(SourcePhrase.data)
    case .scenario: self(SourcePhrase.scenario)
    case .dataAndScenario: self(SourcePhrase.dataAndScenario)
    case .fallback: self(SourcePhrase.fallback)
    }
  }

  /// A line a job may let fall back to the scenario, for people.
  func line(_ line: FallbackLine) -> String {
    self(FallbackPhrase(rawValue: line.rawValue) ?? .registrationRevenue)
  }

  /// A value the data names (a charge kind, a device class, a content kind, a direction, a
  /// measure) in the report's language; a value the schema does not know stays as written.
  func named<P: Phrases & RawRepresentable>(_ value: String, as _: P.Type) -> String
  where P.RawValue == String {
    P(rawValue: value).map { self($0) } ?? value
  }

  /// A driver measured on data, or the scenario's, for people.
  func runDriverLabel(_ descriptor: DriverDescriptor) -> String {
    RunDriverLabel(rawValue: descriptor.id.rawValue).map { self($0) } ?? driverLabel(descriptor)
  }
}
