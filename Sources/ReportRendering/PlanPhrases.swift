import HospitalEconomics

// The phrases of the plan report's sections (`ReportSections`, `PlanReport`), section by
// section; their texts are in `Pipelines/language/<language>.yaml` under the same keys.

// MARK: - The document

/// The title and the headline of a plan.
enum PlanPhrase: String, Phrases {
  static let section = "plan"
  case title
  case scenario
  case chainSeparator = "chain_separator"

  var placeholders: [String] {
    switch self {
    case .title: ["title"]
    case .scenario: ["scenario", "chain", "count"]
    case .chainSeparator: []
    }
  }
}

/// The verdict on a year's money and the sentence on the one-off spending.
enum VerdictPhrase: String, Phrases {
  static let section = "verdict"
  case loses
  case pays
  case losesOnData = "loses_on_data"
  case paysOnData = "pays_on_data"
  case breakEvenAnyFee = "break_even_any_fee"
  case breakEvenFee = "break_even_fee"
  case breakEvenNoFee = "break_even_no_fee"
  case breakEvenVisits = "break_even_visits"
  case noVolume = "no_volume"
  case noVolumeOnData = "no_volume_on_data"
  case investment
  case paybackYears = "payback_years"
  case paybackNever = "payback_never"
  case discountedNever = "discounted_never"

  var placeholders: [String] {
    switch self {
    case .loses, .losesOnData:
      ["fee", "margin", "cost", "revenue", "break_even_fee", "break_even_visits"]
    case .pays, .paysOnData:
      ["fee", "margin", "cost", "revenue", "break_even_fee", "break_even_visits"]
    case .breakEvenFee: ["fee"]
    case .breakEvenVisits: ["visits"]
    case .investment:
      ["one_off", "cash_flow", "simple", "discounted", "rate", "years", "npv"]
    case .paybackYears: ["years"]
    case .discountedNever: ["years"]
    default: []
    }
  }
}

// MARK: - Key figures

/// The key figures: the table's words and the label of each figure, in the table's order.
enum KeyFiguresPhrase: String, Phrases {
  static let section = "key_figures"
  case title
  case figureColumn = "figure_column"
  case valueColumn = "value_column"
  case unitColumn = "unit_column"
  case idColumn = "id_column"
}

/// The figures of the key-figures table, in order; each case is a `summary.csv` id and its label.
enum KeyFigure: String, Phrases {
  static let section = "key_figures.label"
  case effectiveRevenue = "effective_revenue_cny"
  case totalCost = "annual_total_cost_cny"
  case margin = "annual_margin_cny"
  case breakEvenFee = "breakeven_registration_fee_cny"
  case breakEvenVisits = "breakeven_visits"
  case facilityPower = "facility_power_kw"
  case energy = "annual_energy_kwh"
  case electricityCost = "annual_electricity_cost_cny"
  case npv = "npv_cny"
}

// MARK: - Sustainability

/// The sustainability section of a plan.
enum SustainabilityPhrase: String, Phrases {
  static let section = "sustainability"
  case title
  case placeholderMark = "placeholder_mark"
  case amortizedOver = "amortized_over"
  case yearlyResult = "yearly_result"
  case lineColumn = "line_column"
  case amountColumn = "amount_column"
  case noteColumn = "note_column"
  case effectiveRevenue = "effective_revenue"
  case drugsAtCost = "drugs_at_cost"
  case drugMarkupKept = "drug_markup_kept"
  case staff
  case staffNote = "staff_note"
  case electricity
  case electricityNote = "electricity_note"
  case otherServices = "other_services"
  case otherServicesNote = "other_services_note"
  case softwareAmortization = "software_amortization"
  case modelAmortization = "model_amortization"
  case hardwareDepreciation = "hardware_depreciation"
  case hardwareNote = "hardware_note"
  case totalCost = "total_cost"
  case margin
  case marginNote = "margin_note"
  case offlineHeading = "offline_heading"
  case measureColumn = "measure_column"
  case metaHospitalColumn = "meta_hospital_column"
  case offlineColumn = "offline_column"
  case unitColumn = "unit_column"
  case costPerVisit = "cost_per_visit"
  case notInPaper = "not_in_paper"
  case revenuePerVisit = "revenue_per_visit"
  case offlineRevenueNote = "offline_revenue_note"
  case itPerVisit = "it_per_visit"
  case allCostIsIT = "all_cost_is_it"
  case itShare = "it_share"
  case ofGross = "of_gross"
  case staffPer10k = "staff_per_10k"
  case breakEvenHeading = "break_even_heading"
  case breakEvenFee = "break_even_fee"
  case breakEvenVolume = "break_even_volume"
  case breakEvenNoVolume = "break_even_no_volume"
  case oneOffHeading = "one_off_heading"
  case valueColumn = "value_column"
  case oneOff = "one_off"
  case netCashFlow = "net_cash_flow"
  case simplePayback = "simple_payback"
  case discountedPayback = "discounted_payback"
  case npvOver = "npv_over"
  case hardwareNoResidual = "hardware_no_residual"

  var placeholders: [String] {
    switch self {
    case .amortizedOver: ["amount", "years"]
    case .drugMarkupKept: ["rate", "amount"]
    case .staffNote: ["count"]
    case .electricityNote: ["cost"]
    case .hardwareNote: ["capex"]
    case .marginNote: ["share"]
    case .offlineRevenueNote: ["value"]
    case .allCostIsIT: ["value"]
    case .ofGross: ["share"]
    case .breakEvenFee: ["fee", "visits"]
    case .breakEvenVolume: ["visits", "fee"]
    case .breakEvenNoVolume: ["fee"]
    case .discountedPayback: ["rate"]
    case .npvOver: ["years"]
    default: []
    }
  }
}

/// The charts of the sustainability section: the cost structure and the margin against the fee.
enum ChartPhrase: String, Phrases {
  static let section = "charts"
  case staff
  case electricity
  case otherServices = "other_services"
  case softwareAmortization = "software_amortization"
  case modelAmortization = "model_amortization"
  case hardwareDepreciation = "hardware_depreciation"
  case costTitle = "cost_title"
  case costIntro = "cost_intro"
  case feeHeading = "fee_heading"
  case feeIntro = "fee_intro"
  case feeTitle = "fee_title"
  case feeAxis = "fee_axis"
  case feeColumn = "fee_column"
  case marginColumn = "margin_column"
  case noteColumn = "note_column"
  case breakEvenNote = "break_even_note"
  case scenarioNote = "scenario_note"
  case paysAtAnyFee = "pays_at_any_fee"

  var placeholders: [String] {
    switch self {
    case .costTitle: ["unit", "total"]
    case .costIntro: ["unit"]
    case .feeIntro: ["visits"]
    case .feeTitle: ["unit", "break_even"]
    default: []
    }
  }
}

// MARK: - Paper reproduction

/// The paper reproduction section.
enum PaperPhrase: String, Phrases {
  static let section = "paper"
  case title
  case intro
  case tableColumn = "table_column"
  case figureColumn = "figure_column"
  case paperColumn = "paper_column"
  case computedColumn = "computed_column"
  case deviationColumn = "deviation_column"
  case deviationShareColumn = "deviation_share_column"
  case unitColumn = "unit_column"
  case statusColumn = "status_column"
  case noteColumn = "note_column"
  case power
  case table2 = "table_2"
  case table3 = "table_3"
  case exact
  case matches
  case roundedInPaper = "rounded_in_paper"
  case slipInPaper = "slip_in_paper"
  case orderOfMagnitude = "order_of_magnitude"
  case binaryVsDecimal = "binary_vs_decimal"
  case differs

  var placeholders: [String] {
    self == .power ? ["share", "energy", "cost"] : []
  }

  /// The phrase of a figure's status, as ``PaperFigure/status`` words it.
  static func status(_ status: String) -> PaperPhrase? {
    switch status {
    case "exact": .exact
    case "matches": .matches
    case "rounded in paper": .roundedInPaper
    case "slip in paper": .slipInPaper
    case "order of magnitude": .orderOfMagnitude
    case "binary vs decimal unit": .binaryVsDecimal
    case "differs": .differs
    default: nil
    }
  }
}

/// The label of each figure of the paper's Tables 2–3, by its id.
enum PaperFigureLabel: String, Phrases {
  static let section = "paper.label"
  case serviceRadius = "service_radius_km"
  case annualVisits = "annual_visits"
  case minutesPerVisit = "minutes_per_visit"
  case grossRevenue = "gross_revenue_cny"
  case effectiveRevenue = "effective_revenue_cny"
  case rtx4090 = "rtx_4090_count"
  case h100 = "h100_count"
  case xeon = "xeon_gold_5218r_count"
  case concurrentSessions = "concurrent_sessions"
  case oneWayBandwidth = "one_way_bandwidth_gbps"
  case networkBandwidth = "network_bandwidth_gbps"
  case storedVisits = "stored_visits"
  case storageIncrement = "storage_increment_gb"
  case storageIncrementBinary = "storage_increment_binary_pb"
  case storageIncrementDecimal = "storage_increment_pb"
  case storageProvisioned = "storage_provisioned_pb"
  case cpuPower = "cpu_power_kw"
  case gpuPower = "gpu_power_kw"
  case storagePower = "storage_power_kw"
  case facilityPower = "facility_power_kw"
  case annualEnergy = "annual_energy_kwh"
  case meteredEnergy = "metered_energy_kwh"
  case electricityCost = "annual_electricity_cost_cny"
  case softwareCapex = "software_capex_cny"
  case staffCount = "staff_count"
  case staffCost = "staff_cost_cny"
  case modelCapex = "model_capex_cny"
  case otherServices = "other_services_cny"
}

/// The note of each figure of the paper's tables that has one, by its id.
enum PaperFigureNote: String, Phrases {
  static let section = "paper.note"
  case concurrentSessions = "concurrent_sessions"
  case oneWayBandwidth = "one_way_bandwidth_gbps"
  case networkBandwidth = "network_bandwidth_gbps"
  case storageIncrement = "storage_increment_gb"
  case storageIncrementBinary = "storage_increment_binary_pb"
  case storageIncrementDecimal = "storage_increment_pb"
  case storageProvisioned = "storage_provisioned_pb"
  case annualEnergy = "annual_energy_kwh"
  case meteredEnergy = "metered_energy_kwh"
}

// MARK: - Resources

/// The resources section: power, energy, storage, network, hardware capital.
enum ResourcesPhrase: String, Phrases {
  static let section = "resources"
  case title
  case powerHeading = "power_heading"
  case itemColumn = "item_column"
  case unitsColumn = "units_column"
  case ratedColumn = "rated_column"
  case kilowattsColumn = "kilowatts_column"
  case storage
  case storageProvisioned = "storage_provisioned"
  case itPower = "it_power"
  case facilityPower = "facility_power"
  case energyHeading = "energy_heading"
  case basisColumn = "basis_column"
  case energyColumn = "energy_column"
  case costColumn = "cost_column"
  case useColumn = "use_column"
  case nameplate
  case costed
  case meteredEstimate = "metered_estimate"
  case forComparison = "for_comparison"
  case storageHeading = "storage_heading"
  case storageText = "storage_text"
  case networkHeading = "network_heading"
  case networkText = "network_text"
  case capitalHeading = "capital_heading"
  case quantityColumn = "quantity_column"
  case unitPriceColumn = "unit_price_column"
  case capexColumn = "capex_column"
  case lifeColumn = "life_column"
  case depreciationColumn = "depreciation_column"
  case sourceColumn = "source_column"
  case placeholder
  case assumption
  case unpriced

  var placeholders: [String] {
    switch self {
    case .facilityPower: ["factor"]
    case .nameplate: ["hours"]
    case .meteredEstimate: ["share"]
    case .storageText:
      [
        "one_in", "stored", "per_visit", "gigabytes", "decimal", "binary", "planning_unit",
        "decimals", "planned", "retention", "provisioned",
      ]
    case .networkText:
      [
        "sessions", "visits", "days", "hours", "minutes", "stream", "one_way", "two_way",
        "directions",
      ]
    default: []
    }
  }
}

// MARK: - Sensitivity, assumptions, method

/// The sensitivity section (plan and run).
enum SensitivityPhrase: String, Phrases {
  static let section = "sensitivity"
  case title
  case intro
  case rankColumn = "rank_column"
  case driverColumn = "driver_column"
  case idColumn = "id_column"
  case swingColumn = "swing_column"
  case valuesColumn = "values_column"
  case downColumn = "down_column"
  case upColumn = "up_column"
  case chartIntro = "chart_intro"
  case chartTitle = "chart_title"
  case bar

  var placeholders: [String] {
    switch self {
    case .intro: ["swing"]
    case .chartIntro: ["count", "unit"]
    case .chartTitle: ["unit"]
    case .bar: ["driver", "down", "up"]
    default: []
    }
  }
}

/// The assumptions section of a plan.
enum AssumptionsPhrase: String, Phrases {
  static let section = "assumptions"
  case title
  case intro
  case placeholderList = "placeholder_list"
  case driverColumn = "driver_column"
  case labelColumn = "label_column"
  case valueColumn = "value_column"
  case unitColumn = "unit_column"
  case sourceColumn = "source_column"
  case setInColumn = "set_in_column"
  case assumption
  case placeholder
  case measured
  case unknown

  var placeholders: [String] { self == .placeholderList ? ["list"] : [] }
}

/// The method section of a plan.
enum MethodPhrase: String, Phrases {
  static let section = "method"
  case title
  case flows
  case units
  case totals
  case ids
}

// MARK: - Drivers

/// The label of each driver of the model: a scalar driver's under its id (so a driver the model
/// gains needs its label in every language file before a report can name it), and a device
/// class's field with the class's name.
enum DriverLabel: Phrases, Hashable {
  static let section = "driver"
  case scalar(ScalarDriver)
  case device(DeviceField)

  static var allCases: [DriverLabel] {
    ScalarDriver.allCases.map(Self.scalar) + DeviceField.allCases.map(Self.device)
  }

  var name: String {
    switch self {
    case .scalar(let driver): driver.rawValue
    case .device(.count): "device_count"
    case .device(.ratedPowerW): "device_rated_power"
    case .device(.unitPriceCNY): "device_unit_price"
    case .device(.usefulLifeYears): "device_useful_life"
    }
  }

  var placeholders: [String] {
    if case .device = self { ["device"] } else { [] }
  }
}

extension Wording {
  /// A driver of the model for people: a scalar driver's label by id, a device class's driver
  /// with the class's name (from its scenario: escape it where it lands in Markdown). A driver
  /// the model does not name (one of a run's own) keeps its descriptor's label.
  public func driverLabel(_ descriptor: DriverDescriptor) -> String {
    if let driver = ScalarDriver(rawValue: descriptor.id.rawValue) {
      return self(DriverLabel.scalar(driver))
    }
    if let (field, name) = DeviceField.of(descriptor) {
      return self(DriverLabel.device(field), ["device": name])
    }
    return descriptor.label
  }
}

extension Wording {
  /// A discounted payback that does not happen within the search horizon: `not within 50 years`.
  public func paybackNotWithin(_ years: Int) -> String {
    self(VerdictPhrase.discountedNever, ["years": String(years)])
  }
}
