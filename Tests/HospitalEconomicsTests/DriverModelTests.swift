import Foundation
import Testing

@testable import HospitalEconomics

/// The one engine of drivers on its two models: the plan's ``Inputs`` and the lines on data
/// (``LineProducts``), worked out by hand on small lines.
@Suite struct DriverModelTests {
  static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

  /// Lines worked out by hand: 100 visits × 20 CNY registration, 10 staff × 300 CNY, 1,000 kWh
  /// × 0.5 CNY × facility factor 2, 50 CNY other services; margin 2,000 − 3,000 − 1,000 − 50.
  static func lines(visits: Decimal, fee: Decimal, staff: Decimal, kWh: Decimal?)
    -> LineProducts
  {
    let registration = visits * fee
    let electricity = (kWh ?? 1_000) * d("0.5") * 2
    let financials = Financials(
      visits: visits, registrationRevenueCNY: registration, passThroughSalesCNY: 0,
      passThroughMarkupCNY: 0, staffCostCNY: staff * 300, electricityCostCNY: electricity,
      meteredElectricityCostCNY: electricity, otherServicesCNY: 50, softwareAmortizationCNY: 0,
      modelAmortizationCNY: 0, hardwareDepreciationCNY: 0)
    func descriptor(_ id: String) -> DriverDescriptor {
      DriverDescriptor(id: DriverID(rawValue: id), label: id, unit: "", affectsMargin: true)
    }
    return LineProducts(
      financials: financials,
      drivers: [
        LineDriver(
          descriptor: descriptor("visits"), value: .exact(visits),
          lines: [.registrationRevenue]),
        LineDriver(descriptor: descriptor("staff"), value: .exact(staff), lines: [.staffCost]),
        LineDriver(descriptor: descriptor("zero"), value: .exact(0), lines: [.otherServices]),
      ],
      factors: [
        .init(descriptor: descriptor("visits"), value: visits),
        .init(descriptor: descriptor("fee"), value: fee),
        .init(descriptor: descriptor("staff"), value: staff),
        .init(descriptor: descriptor("cost_per_head"), value: 300),
        .init(descriptor: descriptor("kwh"), value: kWh),
        .init(descriptor: descriptor("tariff"), value: d("0.5")),
        .init(descriptor: descriptor("factor"), value: 2),
      ],
      lines: [
        .init(
          line: .registrationRevenue, factors: ["visits", "fee"].map(DriverID.init(rawValue:)),
          whole: descriptor("registration_line")),
        .init(
          line: .staffCost, factors: ["staff", "cost_per_head"].map(DriverID.init(rawValue:)),
          whole: descriptor("staff_line")),
        .init(
          line: .electricity,
          factors: ["kwh", "tariff", "factor"].map(DriverID.init(rawValue:)),
          whole: descriptor("electricity_line")),
        .init(line: .otherServices, factors: [], whole: descriptor("other_services")),
      ])
  }

  @Test func theSensitivityOnDataMovesOnlyTheDriversLines() {
    let model = Self.lines(visits: 100, fee: 20, staff: 10, kWh: 1_000)
    #expect(model.marginCNY == -2_050)
    let results = Sensitivity.analyze(model)
    // Visits ±20 % move registration (2,000) by ±400; staff ±20 % move staff cost (3,000) by ∓600.
    #expect(results.map(\.driver.id.rawValue) == ["staff", "visits"], "zero cannot move")
    #expect(results[0].marginAtLowCNY == -1_450 && results[0].marginAtHighCNY == -2_650)
    #expect(results[1].marginAtLowCNY == -2_450 && results[1].marginAtHighCNY == -1_650)
    #expect(results[1].lowValue == .exact(80))
  }

  @Test func theBridgeOfProductsSplitsEachLineExactly() {
    let from = Self.lines(visits: 100, fee: 20, staff: 10, kWh: 1_000)
    let to = Self.lines(visits: 150, fee: 30, staff: 10, kWh: 1_000)
    let bridge = MarginBridge.between(from, to)
    // Registration 2,000 → 4,500: visits (50 × (20 + 30) / 2) = 1,250, fee (10 × (100 + 150)
    // / 2) = 1,250; nothing else moves.
    let parts = Dictionary(uniqueKeysWithValues: bridge.parts.map { ($0.driver.id.rawValue, $0) })
    #expect(parts["visits"]?.marginCNY == 1_250)
    #expect(parts["fee"]?.marginCNY == 1_250)
    #expect(bridge.parts.filter { $0.marginCNY != 0 }.count == 2)
    #expect(bridge.marginChangeCNY == 2_500)
    #expect(bridge.method == .products(lines: 4, evaluations: 4 + 4 + 8 + 2))
    #expect(bridge.fromNPVCNY == nil)
  }

  @Test func aLineWhoseFactorIsMissingMovesAsOne() {
    let from = Self.lines(visits: 100, fee: 20, staff: 10, kWh: nil)
    let to = Self.lines(visits: 100, fee: 20, staff: 10, kWh: 2_000)
    let bridge = MarginBridge.between(from, to)
    let line = bridge.parts.first { $0.driver.id.rawValue == "electricity_line" }
    // Electricity 1,000 → 2,000 CNY, as one line: the start has no kWh.
    #expect(line?.marginCNY == -1_000)
    #expect(line?.fromValue == .exact(1_000) && line?.toValue == .exact(2_000))
    #expect(line?.note == "its factors do not give the line back, so the line moves as one")
    #expect(bridge.parts.map(\.marginCNY).reduce(0, +) == bridge.marginChangeCNY)
  }

  @Test func bothModelsGoThroughTheSameEngine() {
    // The plan: a fee of 50 instead of 25 moves registration revenue only, by 25 × visits.
    var to = Inputs.paper2024
    to.registrationFeeCNY = 50
    let bridge = MarginBridge.between(Inputs.paper2024, to)
    #expect(bridge.parts.map(\.driver.id) == [ScalarDriver.registrationFeeCNY.id])
    #expect(bridge.parts.first?.marginCNY == 25 * Decimal(Inputs.paper2024.annualVisits))
    #expect(bridge.method == .exact(players: 1, evaluations: 2))
    let sensitivity = Sensitivity.analyze(Inputs.paper2024)
    #expect(
      sensitivity.first { $0.driver.id == ScalarDriver.registrationFeeCNY.id }?.lowEffectCNY
        == -Decimal(2) / 10 * 25 * Decimal(Inputs.paper2024.annualVisits))
  }
}
