import Foundation
import HospitalEconomics

/// The meta-hospital's money for one period, straight from the data: what was billed, paid and
/// charged in the period, with nothing annualized. The yearly model runs beside it on the
/// annualized measures (``ActualInputs``).
///
/// The cost convention is the paper's: electricity at nameplate (every device at rated power,
/// times the facility factor, at each day's tariff). Metered electricity is shown beside it.
public struct PeriodLedger: Sendable, Equatable {
  /// The period.
  public var period: Period
  /// Days in the period, and in its year.
  public var fraction: PeriodFraction

  // MARK: activity
  /// Virtual visits started in the period.
  public var virtualVisits: Int64
  /// Offline outpatient visits.
  public var offlineVisits: Int64
  /// Admissions and surgeries of the offline hospital.
  public var admissions: Int64
  /// Surgeries of the offline hospital.
  public var surgeries: Int64

  // MARK: revenue (virtual billing)
  /// Registration fees billed.
  public var registrationRevenueCNY: Decimal
  /// Drugs billed.
  public var drugRevenueCNY: Decimal
  /// Drugs' acquisition cost.
  public var drugAcquisitionCostCNY: Decimal
  /// Everything the virtual billing system billed.
  public var grossRevenueCNY: Decimal
  /// Registration plus any drug markup: what the hospital keeps.
  public var effectiveRevenueCNY: Decimal
  /// Everything the offline billing system billed.
  public var offlineRevenueCNY: Decimal

  // MARK: costs
  /// Meta-hospital payroll.
  public var staffCostCNY: Decimal
  /// Facility energy at nameplate, kWh (IT nameplate × facility factor).
  public var nameplateEnergyKWh: Double
  /// Its cost at each day's tariff.
  public var nameplateElectricityCostCNY: Decimal
  /// Facility energy from metered IT energy × facility factor, kWh.
  public var meteredEnergyKWh: Double
  /// Its cost at each day's tariff.
  public var meteredElectricityCostCNY: Decimal
  /// Software amortization falling in the period.
  public var softwareAmortizationCNY: Decimal
  /// Model amortization falling in the period.
  public var modelAmortizationCNY: Decimal
  /// Hardware depreciation falling in the period.
  public var hardwareDepreciationCNY: Decimal
  /// Service contracts falling in the period.
  public var servicesCNY: Decimal

  /// Total cost of the period (electricity at nameplate, as the plan).
  public var totalCostCNY: Decimal {
    staffCostCNY + nameplateElectricityCostCNY + softwareAmortizationCNY + modelAmortizationCNY
      + hardwareDepreciationCNY + servicesCNY
  }
  /// Effective revenue minus total cost.
  public var marginCNY: Decimal { effectiveRevenueCNY - totalCostCNY }

  /// The ledger of the measures, with the facility factor from the actual inputs.
  public init(period: Period, measures m: Measures, facilityFactor: Double) {
    self.period = period
    fraction = PeriodFraction(days: period.dayCount, daysInYear: period.daysInYear)
    virtualVisits = m.visitsByChannel["virtual"]?.visits ?? 0
    offlineVisits = m.visitsByChannel["offline"]?.visits ?? 0
    admissions = m.admissions
    surgeries = m.surgeries
    let virtual = m.charges.filter { $0.channel == "virtual" }
    registrationRevenueCNY = virtual.filter { $0.kind == "registration" }.map(\.amount).sum
    let drugs = virtual.filter { $0.kind == "drug" }
    drugRevenueCNY = drugs.map(\.amount).sum
    drugAcquisitionCostCNY = drugs.map(\.acquisitionCost).sum
    grossRevenueCNY = virtual.map(\.amount).sum
    effectiveRevenueCNY = grossRevenueCNY - drugAcquisitionCostCNY
    offlineRevenueCNY = m.charges.filter { $0.channel == "offline" }.map(\.amount).sum
    staffCostCNY = m.payroll.filter { $0.unit == "meta" }.map(\.cost).sum
    let itNameplateKWh = m.devices.map(\.nameplateKWh).reduce(0, +)
    nameplateEnergyKWh = itNameplateKWh * facilityFactor
    let tariff = m.averageTariff ?? 0
    nameplateElectricityCostCNY = (Decimal(quantity: nameplateEnergyKWh) * tariff)
      .rounded(scale: 2, mode: .plain)
    meteredEnergyKWh = m.energy.map(\.energyKWh).reduce(0, +) * facilityFactor
    meteredElectricityCostCNY = (m.energy.map(\.energyCost).sum * Decimal(quantity: facilityFactor))
      .rounded(scale: 2, mode: .plain)
    func capital(_ category: String) -> Decimal {
      m.capital.filter { $0.category == category }.map(\.periodCharge).sum
    }
    softwareAmortizationCNY = capital("software")
    modelAmortizationCNY = capital("model")
    hardwareDepreciationCNY = capital("hardware")
    servicesCNY = m.contracts.map(\.periodAmount).sum
  }
}
