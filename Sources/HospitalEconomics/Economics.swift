import Foundation

/// The yearly economics of a meta-hospital, computed from ``Inputs`` by ``compute(_:)``.
///
/// Pure and deterministic: no I/O, no clock. Money is `Decimal` CNY at full precision; physical
/// quantities are `Double` with their unit in the name. Power is summed in watts, where the paper's
/// figures are whole numbers, so 6,019.2 kW and 52,728,192 kWh come out exactly.
public struct Economics: Sendable, Equatable {
  /// The inputs these economics were computed from.
  public let inputs: Inputs
  /// The year's money: revenue and cost lines, totals and unit economics, by the definitions
  /// every report shares.
  public let financials: Financials

  // MARK: Service and network

  /// Average concurrent sessions: visits / open days / hours a day / (60 / minutes per visit).
  public let concurrentSessions: Double
  /// Bandwidth in one direction: sessions × terminal stream, Gbit/s (1 Gbit = 1,000 Mbit).
  public let oneWayBandwidthGbps: Double
  /// Total bandwidth: one direction × directions, Gbit/s.
  public let networkBandwidthGbps: Double

  // MARK: Storage

  /// Visits whose media and records are stored a year.
  public let storedVisitsPerYear: Double
  /// Data stored a year, GB (decimal).
  public let storageIncrementGB: Double
  /// Data stored a year in decimal petabytes (10^6 GB).
  public let storageIncrementPB: Double
  /// Data stored a year in binary units (1024² GB), as the paper divides.
  public let storageIncrementBinaryPB: Double
  /// The yearly increment in the scenario's planning unit, rounded to its planning decimals.
  public let storagePlannedIncrementPB: Double
  /// Capacity provisioned for the retention period: planned increment × retention years.
  public let storageProvisionedPB: Double
  /// Power of the provisioned storage, kW.
  public let storagePowerKW: Double

  // MARK: Power and energy

  /// Nameplate power of each device class, kW, in input order.
  public let devicePowerKW: [DeviceFigure<Double>]
  /// Nameplate power of CPU/server classes, kW.
  public let cpuPowerKW: Double
  /// Nameplate power of accelerator (GPU) classes, kW.
  public let gpuPowerKW: Double
  /// IT power: CPUs + GPUs + storage, kW.
  public let itPowerKW: Double
  /// Facility power: IT power × facility factor, kW (nameplate).
  public let facilityPowerKW: Double
  /// Yearly energy at nameplate power: facility power × hours, kWh.
  public let annualEnergyKWh: Double
  /// Yearly energy estimated at the average load share, kWh (what a meter would show).
  public let meteredEnergyKWh: Double
  /// Electricity cost of the nameplate energy, CNY (this is the figure costed in the margin).
  public let annualElectricityCostCNY: Decimal
  /// Electricity cost of the metered estimate, CNY (shown beside, not costed).
  public let meteredElectricityCostCNY: Decimal

  // MARK: Revenue

  /// Registration fees a year, CNY.
  public let registrationRevenueCNY: Decimal
  /// Drug sales a year, CNY (what patients are billed: acquisition cost plus markup).
  public let drugRevenueCNY: Decimal
  /// Gross revenue: registration + drug sales, CNY.
  public var grossRevenueCNY: Decimal { financials.grossRevenueCNY }
  /// Markup kept on drugs, CNY (zero under the zero-markup policy).
  public let drugMarginCNY: Decimal
  /// Effective revenue: registration + drug markup, CNY (drug cost passes through).
  public var effectiveRevenueCNY: Decimal { financials.effectiveRevenueCNY }

  // MARK: Costs

  /// Staff headcount.
  public let staffCount: Int
  /// Staff cost a year, CNY.
  public let staffCostCNY: Decimal
  /// One-off software spending, CNY.
  public let softwareCapexCNY: Decimal
  /// Software amortization a year (straight-line), CNY.
  public let softwareAmortizationCNY: Decimal
  /// One-off model building spending, CNY.
  public let modelCapexCNY: Decimal
  /// Model amortization a year (straight-line), CNY.
  public let modelAmortizationCNY: Decimal
  /// Hardware capital items (each device class, then storage), in report order.
  public let hardware: [CapitalItem]
  /// Hardware purchase cost, CNY.
  public let hardwareCapexCNY: Decimal
  /// Hardware depreciation a year (straight-line), CNY.
  public let hardwareDepreciationCNY: Decimal
  /// Other services a year, CNY.
  public let otherServicesCNY: Decimal
  /// Cash running cost a year: staff + electricity + other services, CNY.
  public var annualCashCostCNY: Decimal { financials.cashCostCNY }
  /// Total cost a year: cash running cost + amortization + depreciation, CNY.
  public var annualTotalCostCNY: Decimal { financials.totalCostCNY }
  /// Effective revenue − total cost, CNY.
  public var annualMarginCNY: Decimal { financials.marginCNY }
  /// Margin as a share of effective revenue (`nil` without revenue).
  public var marginShare: Decimal? { financials.marginShare }

  // MARK: Unit economics and comparison

  /// Total cost per visit, CNY.
  public var costPerVisitCNY: Decimal? { financials.costPerVisitCNY }
  /// Effective revenue per visit, CNY.
  public var effectiveRevenuePerVisitCNY: Decimal? { financials.effectiveRevenuePerVisitCNY }
  /// Yearly total cost (all of it IT: compute, software, models, IT staff) as a share of gross revenue.
  public var itShareOfGrossRevenue: Decimal? { financials.totalCostShareOfGrossRevenue }
  // Staff per visit and the offline hospital's ratios are computed when read (see the
  // extension below): they depend on the inputs alone, and a simulation never reads them.

  // MARK: Break-even and investment

  /// Registration fee at which the margin is zero, CNY per visit (`nil` without visits).
  public var breakevenRegistrationFeeCNY: Decimal? { financials.breakevenRegistrationFeeCNY }
  /// Yearly visits at which the margin is zero, devices held at the scenario's levels and storage
  /// growing with visits (`nil` when a visit brings no effective revenue).
  public let breakevenVisits: Int?
  /// One-off spending appraised: software + model + hardware, CNY (spent in year 0).
  public let oneOffSpendingCNY: Decimal
  /// Net operating cash flow a year: effective revenue − cash running cost, CNY.
  public var annualNetCashFlowCNY: Decimal { financials.netCashFlowCNY }
  /// Years until the cash flow repays the one-off spending (`nil` if it never does).
  public let simplePaybackYears: Decimal?
  /// Years until the discounted cash flow repays the one-off spending (`nil` if not within 100 years).
  public let discountedPaybackYears: Decimal?
  /// The first of a few volumes just above the break-even volume (+1 visit, +0.01 %, +0.1 %,
  /// +1 %, +5 %, +10 %) at which the margin is negative again, because the storage grows by a
  /// planning step; nil when there is no break-even volume or the margin stays positive there.
  public func marginNegativeAboveBreakEven() -> (visits: Int, marginCNY: Decimal)? {
    guard let breakeven = breakevenVisits, breakeven > 0 else { return nil }
    let probes = [
      Decimal(1) / 10_000, Decimal(1) / 1_000, Decimal(1) / 100, Decimal(5) / 100, Decimal(1) / 10,
    ]
    .map {
      Int(
        truncating: NSDecimalNumber(
          decimal: (Decimal(breakeven) * (1 + $0)).rounded(scale: 0, mode: .up)))
    }
    for visits in [breakeven + 1] + probes where visits > breakeven {
      var trial = inputs
      trial.annualVisits = visits
      let margin = Economics.margin(trial)
      if margin < 0 { return (visits, margin) }
    }
    return nil
  }

  /// The appraisal of the one-off spending against the yearly cash flow (payback, NPV, and why a
  /// payback has no year).
  public var appraisal: InvestmentAppraisal {
    InvestmentAppraisal(
      outlayCNY: oneOffSpendingCNY, annualCashFlowCNY: financials.netCashFlowCNY,
      discountRate: inputs.discountRate, horizonYears: inputs.appraisalYears)
  }

  /// Net present value: −one-off spending + discounted cash flow over the appraisal horizon, CNY.
  /// Hardware replacement and residual value are not counted.
  public let npvCNY: Decimal

  // MARK: - Computation

  /// Computes the yearly economics of `inputs`.
  public static func compute(_ inputs: Inputs) -> Economics {
    Economics(inputs, solvingBreakEvenVisits: true)
  }

  /// The yearly margin alone, without the break-even volume search (which recomputes the
  /// economics a few times): what sensitivity analysis needs for each moved driver.
  static func margin(_ inputs: Inputs) -> Decimal {
    Economics(inputs, solvingBreakEvenVisits: false).annualMarginCNY
  }

  /// Every figure of ``compute(_:)`` except the break-even volume (``breakevenVisits`` is `nil`),
  /// for callers that evaluate the model thousands of times and do not show that volume: a
  /// margin bridge between two scenarios, a simulation of uncertain drivers.
  public static func computeWithoutBreakEvenVolume(_ inputs: Inputs) -> Economics {
    Economics(inputs, solvingBreakEvenVisits: false)
  }

  fileprivate init(_ inputs: Inputs, solvingBreakEvenVisits: Bool) {
    self.inputs = inputs
    let visits = Double(inputs.annualVisits)
    let visitsDecimal = Decimal(inputs.annualVisits)

    // Service and network.
    let visitsPerSessionHour = 60 / inputs.minutesPerVisit
    concurrentSessions =
      visits / inputs.openDaysPerYear / inputs.effectiveHoursPerDay / visitsPerSessionHour
    oneWayBandwidthGbps = concurrentSessions * inputs.terminalBandwidthMbps / 1_000
    networkBandwidthGbps = oneWayBandwidthGbps * Double(inputs.networkDirections)

    // Storage: per-visit sizes in decimal units (1 GB = 1,000 MB = 1,000,000 KB).
    storedVisitsPerYear = visits * inputs.storedVisitShare
    let gigabytesPerStoredVisit =
      inputs.imagingMBPerStoredVisit / 1_000 + inputs.videoGBPerStoredVisit + inputs
      .recordKBPerStoredVisit
      / 1_000_000
    storageIncrementGB = storedVisitsPerYear * gigabytesPerStoredVisit
    storageIncrementPB = storageIncrementGB / StoragePlanningUnit.decimal.gigabytesPerPB
    storageIncrementBinaryPB = storageIncrementGB / StoragePlanningUnit.binary.gigabytesPerPB
    // Rounded as a whole number of planning steps, so 48 steps of 0.1 PB give exactly 4.8 and 24.
    let stepsPerPB = pow(10.0, Double(max(0, inputs.storagePlanningDecimals)))
    let plannedSteps = (storageIncrementGB / inputs.storagePlanningUnit.gigabytesPerPB * stepsPerPB)
      .rounded(
        .toNearestOrAwayFromZero)
    storagePlannedIncrementPB = plannedSteps / stepsPerPB
    storageProvisionedPB = plannedSteps * Double(inputs.storageRetentionYears) / stepsPerPB
    let storagePowerW = storageProvisionedPB * inputs.storagePowerKWPerPB * 1_000
    storagePowerKW = storagePowerW / 1_000

    // Power, summed in watts.
    var cpuW = 0.0
    var gpuW = 0.0
    var perDevice: [DeviceFigure<Double>] = []
    for device in inputs.devices {
      let watts = Double(device.count) * device.ratedPowerW
      if device.isAccelerator { gpuW += watts } else { cpuW += watts }
      perDevice.append(DeviceFigure(id: device.id, name: device.name, value: watts / 1_000))
    }
    devicePowerKW = perDevice
    cpuPowerKW = cpuW / 1_000
    gpuPowerKW = gpuW / 1_000
    let itW = cpuW + gpuW + storagePowerW
    itPowerKW = itW / 1_000
    let facilityW = itW * inputs.facilityFactor
    facilityPowerKW = facilityW / 1_000
    annualEnergyKWh = facilityW * inputs.hoursPerYear / 1_000
    meteredEnergyKWh = annualEnergyKWh * inputs.averageLoadShare
    annualElectricityCostCNY =
      Decimal(quantity: annualEnergyKWh) * inputs.electricityTariffCNYPerKWh
    meteredElectricityCostCNY =
      Decimal(quantity: meteredEnergyKWh) * inputs.electricityTariffCNYPerKWh

    // Revenue: drugs pass through at cost; only their markup is effective revenue.
    registrationRevenueCNY = visitsDecimal * inputs.registrationFeeCNY
    let drugSpend = visitsDecimal * inputs.drugSpendPerVisitCNY
    switch inputs.drugSpendBasis {
    case .billed:
      // Spending billed holds the markup: cost = billed / (1 + markup), markup = billed − cost.
      drugRevenueCNY = drugSpend
      drugMarginCNY =
        inputs.drugMarkupRate == 0
        ? 0 : drugSpend * inputs.drugMarkupRate / (1 + inputs.drugMarkupRate)
    case .acquisitionCost:
      drugMarginCNY = drugSpend * inputs.drugMarkupRate
      drugRevenueCNY = drugSpend + drugMarginCNY
    }

    // Costs.
    staffCount = inputs.staffHeadcount
    staffCostCNY = Decimal(inputs.staffHeadcount) * inputs.staffAnnualCostPerPersonCNY
    softwareCapexCNY = inputs.softwareCapexCNY
    softwareAmortizationCNY = inputs.softwareCapexCNY / inputs.softwareAmortizationYears
    modelCapexCNY = inputs.modelCapexCNY
    modelAmortizationCNY = inputs.modelCapexCNY / inputs.modelAmortizationYears
    var items = inputs.devices.map { device in
      CapitalItem(
        id: device.id, name: device.name, quantity: Decimal(device.count), unit: "units",
        unitPriceCNY: device.unitPriceCNY, usefulLifeYears: device.usefulLifeYears)
    }
    items.append(
      CapitalItem(
        id: CapitalItem.storageID, name: "Storage (provisioned)",
        quantity: Decimal(quantity: storageProvisionedPB),
        unit: "PB", unitPriceCNY: inputs.storagePriceCNYPerPB,
        usefulLifeYears: inputs.storageUsefulLifeYears))
    hardware = items
    hardwareCapexCNY = items.reduce(0) { $0 + $1.capexCNY }
    hardwareDepreciationCNY = items.reduce(0) { $0 + $1.depreciationPerYearCNY }
    otherServicesCNY = inputs.otherServicesCNYPerYear

    // The totals, margin and unit economics: the definitions every report shares.
    let money = Financials(
      visits: visitsDecimal, registrationRevenueCNY: registrationRevenueCNY,
      passThroughSalesCNY: drugRevenueCNY, passThroughMarkupCNY: drugMarginCNY,
      staffCostCNY: staffCostCNY, electricityCostCNY: annualElectricityCostCNY,
      meteredElectricityCostCNY: meteredElectricityCostCNY, otherServicesCNY: otherServicesCNY,
      softwareAmortizationCNY: softwareAmortizationCNY, modelAmortizationCNY: modelAmortizationCNY,
      hardwareDepreciationCNY: hardwareDepreciationCNY)
    financials = money

    // Break-even volume (the break-even fee is the ledger's: costs do not depend on the fee).
    breakevenVisits =
      solvingBreakEvenVisits
      ? Economics.solveBreakEvenVisits(inputs, startingCost: money.totalCostCNY) : nil

    // Investment appraisal of the one-off spending.
    oneOffSpendingCNY = softwareCapexCNY + modelCapexCNY + hardwareCapexCNY
    let appraisal = InvestmentAppraisal(
      outlayCNY: oneOffSpendingCNY, annualCashFlowCNY: money.netCashFlowCNY,
      discountRate: inputs.discountRate,
      horizonYears: inputs.appraisalYears)
    simplePaybackYears = appraisal.simplePaybackYears
    (npvCNY, discountedPaybackYears) = appraisal.npvAndDiscountedPayback
  }

  /// Visits at which effective revenue covers total cost. Storage (and so its power and capital)
  /// grows with visits in steps, so the answer is found by fixed-point iteration from the
  /// current cost; it converges in a few steps because the cost is a step function of visits.
  ///
  /// `nil` when no volume breaks even: a visit brings no effective revenue, or no more than the
  /// storage it adds costs a year (capital and power), so cost grows at least as fast as revenue.
  private static func solveBreakEvenVisits(_ inputs: Inputs, startingCost: Decimal) -> Int? {
    let revenuePerVisit: Decimal
    switch inputs.drugSpendBasis {
    case .billed:
      revenuePerVisit =
        inputs.registrationFeeCNY + inputs.drugSpendPerVisitCNY * inputs.drugMarkupRate
        / (1 + inputs.drugMarkupRate)
    case .acquisitionCost:
      revenuePerVisit =
        inputs.registrationFeeCNY + inputs.drugSpendPerVisitCNY * inputs.drugMarkupRate
    }
    guard revenuePerVisit > 0, revenuePerVisit > storageCostPerVisit(inputs) else { return nil }
    func visitsCovering(_ cost: Decimal) -> Int {
      let visits = (cost / revenuePerVisit).rounded(scale: 0, mode: .up)
      return Int(truncating: NSDecimalNumber(decimal: max(0, visits)))
    }
    var visits = visitsCovering(startingCost)
    for _ in 0..<50 {
      var trial = inputs
      trial.annualVisits = visits
      let next = visitsCovering(Economics(trial, solvingBreakEvenVisits: false).annualTotalCostCNY)
      if next == visits { return visits }
      visits = next
    }
    return visits
  }

  /// What one more visit adds to the yearly cost through storage, in the limit of many visits
  /// (no planning rounding): the provisioned petabytes a visit adds × a petabyte's depreciation
  /// and electricity a year, CNY.
  static func storageCostPerVisit(_ inputs: Inputs) -> Decimal {
    let gigabytesPerStoredVisit =
      inputs.imagingMBPerStoredVisit / 1_000 + inputs.videoGBPerStoredVisit
      + inputs.recordKBPerStoredVisit / 1_000_000
    let petabytesPerVisit =
      inputs.storedVisitShare * gigabytesPerStoredVisit
      / inputs.storagePlanningUnit.gigabytesPerPB * Double(inputs.storageRetentionYears)
    let kWhPerPetabyteYear =
      inputs.storagePowerKWPerPB * inputs.facilityFactor * inputs.hoursPerYear
    let costPerPetabyteYear =
      inputs.storagePriceCNYPerPB / inputs.storageUsefulLifeYears
      + Decimal(quantity: kWhPerPetabyteYear) * inputs.electricityTariffCNYPerKWh
    return Decimal(quantity: petabytesPerVisit, scale: 15) * costPerPetabyteYear
  }
}

// MARK: - Ratios computed when read

extension Economics {
  /// Meta-hospital staff per 10,000 visits.
  public var staffPer10kVisits: Decimal? {
    inputs.annualVisits > 0
      ? Decimal(inputs.staffHeadcount) * 10_000 / Decimal(inputs.annualVisits) : nil
  }
  /// Offline hospital: medical revenue per outpatient visit, CNY (inpatient revenue included).
  public var offlineRevenuePerVisitCNY: Decimal? {
    let offline = inputs.offlineHospital
    return offline.outpatientVisits > 0
      ? offline.medicalRevenueCNY / Decimal(offline.outpatientVisits) : nil
  }
  /// Offline hospital: IT investment per outpatient visit, CNY.
  public var offlineITPerVisitCNY: Decimal? {
    let offline = inputs.offlineHospital
    return offline.outpatientVisits > 0
      ? offline.itInvestmentCNY / Decimal(offline.outpatientVisits) : nil
  }
  /// Offline hospital: all staff per 10,000 outpatient visits.
  public var offlineStaffPer10kVisits: Decimal? {
    let offline = inputs.offlineHospital
    return offline.outpatientVisits > 0
      ? Decimal(offline.totalStaff) * 10_000 / Decimal(offline.outpatientVisits) : nil
  }
  /// Offline hospital: IT investment as a share of medical revenue.
  public var offlineITShareOfRevenue: Decimal? {
    let offline = inputs.offlineHospital
    return offline.medicalRevenueCNY > 0
      ? offline.itInvestmentCNY / offline.medicalRevenueCNY : nil
  }
}

// MARK: - Parts

/// A per-device-class figure, e.g. the nameplate power of the RTX 4090 boards.
public struct DeviceFigure<Value: Sendable & Equatable>: Sendable, Equatable {
  /// The device class id.
  public var id: String
  /// The device class name.
  public var name: String
  /// The figure.
  public var value: Value
}

/// One hardware capital item, bought in year 0 and depreciated straight-line.
public struct CapitalItem: Sendable, Equatable {
  /// The id of the storage's line, beside the scenario's device classes (a device class cannot
  /// take it: the scenario reader refuses it).
  public static let storageID = "storage"

  /// Stable id: the device class id, or ``storageID``.
  public var id: String

  /// Whether this is the storage's line.
  public var isStorage: Bool { id == Self.storageID }
  /// Name for people.
  public var name: String
  /// Units bought (devices, or petabytes for storage).
  public var quantity: Decimal
  /// Unit of `quantity`.
  public var unit: String
  /// Price of one unit, CNY.
  public var unitPriceCNY: Decimal
  /// Useful life, years.
  public var usefulLifeYears: Decimal

  /// Purchase cost, CNY.
  public var capexCNY: Decimal { quantity * unitPriceCNY }
  /// Depreciation a year, CNY.
  public var depreciationPerYearCNY: Decimal { capexCNY / usefulLifeYears }
}
