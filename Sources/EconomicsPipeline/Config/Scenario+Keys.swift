import Foundation
import HospitalEconomics

// MARK: - The keys of a scenario file

extension ScenarioReader {
  /// How one key is read and checked. Every kind has a plausible range: a value outside it is
  /// a typo or a unit slip (minutes for hours, CNY for 10,000 CNY), reported where it is written.
  enum Kind {
    case count(ClosedRange<Int>)
    case quantity(ClosedRange<Double>, String)
    case share
    case exact(minimum: Decimal, exclusive: Bool, maximum: Decimal)
    case choice([String])

    /// A quantity from 0 to `maximum`.
    static func upTo(_ maximum: Double) -> Kind {
      .quantity(0...maximum, "must be between 0 and \(ConfigMapping.grouped(Decimal(maximum)))")
    }
    /// A quantity above 0, at most `maximum`.
    static func positive(upTo maximum: Double) -> Kind {
      .quantity(
        Double.leastNonzeroMagnitude...maximum,
        "must be more than 0 and at most \(ConfigMapping.grouped(Decimal(maximum)))")
    }
    /// An amount of CNY from 0 to `maximum`.
    static func money(upTo maximum: Decimal) -> Kind {
      .exact(minimum: 0, exclusive: false, maximum: maximum)
    }
    /// A useful life or amortization period: more than 0, at most 50 years.
    static let years = Kind.exact(minimum: 0, exclusive: true, maximum: 50)
    /// A count of people, visits or cases in a year: at most a billion.
    static let yearlyCount = Kind.count(0...Inputs.maximumYearlyCount)
    /// A one-off or yearly amount of a hospital: at most a trillion CNY.
    static let hospitalMoney = Kind.money(upTo: 1_000_000_000_000)
  }

  /// A key written as its driver's id (most are; the others are named for their section, e.g.
  /// `staff.headcount` for `staff_headcount`).
  static func named(_ driver: ScalarDriver, _ kind: Kind) -> (
    key: String, driver: ScalarDriver, kind: Kind
  ) {
    (driver.rawValue, driver, kind)
  }

  /// Every scalar key, by section: (YAML key, driver, kind).
  static let sections:
    [(section: String, fields: [(key: String, driver: ScalarDriver, kind: Kind)])] = [
      (
        "service",
        [
          named(.annualVisits, .yearlyCount),
          named(.minutesPerVisit, .positive(upTo: 480)),
          named(.openDaysPerYear, .quantity(1...366, "must be between 1 and 366")),
          named(
            .effectiveHoursPerDay,
            .quantity(Double.leastNonzeroMagnitude...24, "must be more than 0 and at most 24")),
          named(.serviceRadiusKM, .upTo(20_000)),
        ]
      ),
      (
        "revenue",
        [
          named(.registrationFeeCNY, .money(upTo: 100_000)),
          named(.drugSpendPerVisitCNY, .money(upTo: 1_000_000)),
          named(.drugSpendBasis, .choice(DrugSpendBasis.allCases.map(\.rawValue))),
          named(.drugMarkupRate, .money(upTo: 1)),
        ]
      ),
      (
        "network",
        [
          named(.terminalBandwidthMbps, .upTo(100_000)),
          ("directions", .networkDirections, .count(1...2)),
        ]
      ),
      (
        "storage",
        [
          named(.storedVisitShare, .share),
          named(.imagingMBPerStoredVisit, .upTo(1_000_000)),
          named(.videoGBPerStoredVisit, .upTo(100_000)),
          named(.recordKBPerStoredVisit, .upTo(10_000_000)),
          ("retention_years", .storageRetentionYears, .count(0...100)),
          (
            "planning_unit", .storagePlanningUnit,
            .choice(StoragePlanningUnit.allCases.map(\.rawValue))
          ),
          ("planning_decimals", .storagePlanningDecimals, .count(0...6)),
          ("power_kw_per_pb", .storagePowerKWPerPB, .upTo(1_000)),
          ("price_cny_per_pb", .storagePriceCNYPerPB, .money(upTo: 10_000_000_000)),
          ("useful_life_years", .storageUsefulLifeYears, .years),
        ]
      ),
      (
        "power",
        [
          named(.facilityFactor, .quantity(1...10, "must be between 1 and 10 (IT power × factor)")),
          named(.hoursPerYear, .quantity(0...8_784, "must be between 0 and 8,784")),
          named(.averageLoadShare, .share),
          named(.electricityTariffCNYPerKWh, .money(upTo: 100)),
        ]
      ),
      (
        "staff",
        [
          ("headcount", .staffHeadcount, .count(0...1_000_000)),
          ("annual_cost_per_person_cny", .staffAnnualCostPerPersonCNY, .money(upTo: 100_000_000)),
        ]
      ),
      (
        "one_off",
        [
          ("software_cny", .softwareCapexCNY, .hospitalMoney),
          named(.softwareAmortizationYears, .years),
          ("model_cny", .modelCapexCNY, .hospitalMoney),
          named(.modelAmortizationYears, .years),
        ]
      ),
      (
        "running",
        [
          named(.otherServicesCNYPerYear, .hospitalMoney)
        ]
      ),
      (
        "finance",
        [
          named(.discountRate, .exact(minimum: 0, exclusive: false, maximum: 1)),
          named(.appraisalYears, .count(1...100)),
        ]
      ),
      (
        "offline_hospital",
        [
          ("outpatient_visits", .offlineOutpatientVisits, .yearlyCount),
          ("inpatient_admissions", .offlineInpatientAdmissions, .yearlyCount),
          ("surgeries", .offlineSurgeries, .yearlyCount),
          ("open_beds", .offlineOpenBeds, .count(0...10_000_000)),
          ("doctors", .offlineDoctors, .count(0...10_000_000)),
          ("nurses", .offlineNurses, .count(0...10_000_000)),
          ("administrative_staff", .offlineAdministrativeStaff, .count(0...10_000_000)),
          ("other_staff", .offlineOtherStaff, .count(0...10_000_000)),
          ("medical_revenue_cny", .offlineMedicalRevenueCNY, .money(upTo: 10_000_000_000_000)),
          ("it_investment_cny", .offlineITInvestmentCNY, .money(upTo: 10_000_000_000_000)),
        ]
      ),
    ]

  /// Fields of each device class: (YAML key, field, kind).
  static let deviceFields: [(key: String, field: DeviceField, kind: Kind)] = [
    ("count", .count, .count(0...10_000_000)),
    ("rated_power_w", .ratedPowerW, .upTo(100_000)),
    ("unit_price_cny", .unitPriceCNY, .money(upTo: 1_000_000_000)),
    ("useful_life_years", .usefulLifeYears, .years),
  ]
}
