import Foundation
import HospitalEconomics
import Testing

/// The margin bridge between two plans: Shapley values driver by driver, in whole fen that add up.
@Suite struct BridgeTests {
  static func decimal(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

  // MARK: - Hand-worked bridges

  @Test func oneDriverTakesTheWholeChange() throws {
    var fifty = Inputs.paper2024
    fifty.registrationFeeCNY = 50
    let bridge = MarginBridge.between(.paper2024, fifty)
    #expect(bridge.method == .exact(players: 1, evaluations: 2))
    let part = try #require(bridge.parts.first)
    #expect(bridge.parts.count == 1)
    #expect(part.driver.id == "registration_fee_cny")
    // 25 CNY more on each of 20 M visits.
    #expect(part.marginCNY == 500_000_000)
    // The yearly cash flow rises by the same 500 M: Σ 500 M / 1.08^t, t = 1…5 = 1,996,355,018.539…
    #expect(part.npvCNY == Self.decimal("1996355018.54"))
    #expect(bridge.fromMarginCNY == -35_364_096)
    #expect(bridge.toMarginCNY == 464_635_904)
  }

  @Test func aProductSplitsItsChangeHalfAndHalfOverTheOrders() throws {
    // Without storage, visits move only the registration revenue: visits × fee.
    var from = Inputs.paper2024
    from.storedVisitShare = 0
    var to = from
    to.annualVisits = 30_000_000
    to.registrationFeeCNY = 50
    let bridge = MarginBridge.between(from, to)
    // Δ = 30 M × 50 − 20 M × 25 = 1,000 M. Fee: (50 − 25) × (20 M + 30 M) / 2 = 625 M;
    // visits: (30 M − 20 M) × (25 + 50) / 2 = 375 M, whichever moves first.
    let fee = try #require(bridge.parts.first { $0.driver.id == "registration_fee_cny" })
    let visits = try #require(bridge.parts.first { $0.driver.id == "annual_visits" })
    #expect(fee.marginCNY == 625_000_000)
    #expect(visits.marginCNY == 375_000_000)
    #expect(bridge.marginChangeCNY == 1_000_000_000)
    #expect(bridge.parts.map(\.driver.id) == ["registration_fee_cny", "annual_visits"])
  }

  @Test func driversThatMoveNoMoneyAreListedNotCosted() {
    var to = Inputs.paper2024
    to.offlineHospital.doctors = 2_500
    to.serviceRadiusKM = 1_000
    to.electricityTariffCNYPerKWh = Self.decimal("0.8")
    let bridge = MarginBridge.between(.paper2024, to)
    #expect(bridge.parts.map(\.driver.id) == ["electricity_tariff_cny_per_kwh"])
    #expect(bridge.unmoved.map(\.driver.id) == ["offline_doctors", "service_radius_km"])
    // 52,728,192 kWh × 0.3 CNY more.
    #expect(bridge.parts.first?.marginCNY == Self.decimal("-15818457.60"))
  }

  @Test func aClassInOnePlanOnlyEntersTheOtherWithNoUnits() throws {
    var to = Inputs.paper2024
    to.devices.append(
      DeviceClass(
        id: "h200", name: "H200 board", count: 10, ratedPowerW: 1_000, unitPriceCNY: 300_000,
        usefulLifeYears: 4, isAccelerator: true))
    let bridge = MarginBridge.between(.paper2024, to)
    #expect(bridge.parts.map(\.driver.id) == ["h200_count"])
    let part = try #require(bridge.parts.first)
    #expect(part.fromValue == .count(0))
    // Depreciation 10 × 300,000 / 4 = 750,000; electricity 10 kW × 2 × 8,760 h × 0.5 = 87,600.
    #expect(part.marginCNY == -837_600)
    #expect(part.npvCNY == bridge.npvChangeCNY)
  }

  // MARK: - Whatever the pair, the parts add up to the fen

  /// A plan with `count` drivers moved at random (seeded) from the paper's.
  static func randomPlan(_ stream: inout RandomStream, moving count: Int) -> Inputs {
    let base = Inputs.paper2024
    let candidates = base.driverDescriptors.map(\.id).filter {
      if case .choice = base.value(of: $0) { return false }
      return true
    }
    var inputs = base
    var chosen = Set<DriverID>()
    while chosen.count < min(count, candidates.count) {
      chosen.insert(candidates[stream.next(below: candidates.count)])
    }
    for id in chosen.sorted() {
      guard let value = inputs.value(of: id) else { continue }
      // A factor from 0.5 to 1.5 in steps of 0.01; lives and years stay above zero.
      let factor = Decimal(50 + stream.next(below: 101)) / 100
      inputs = inputs.setting(id, to: value.scaled(by: factor)) ?? inputs
    }
    if stream.next(below: 2) == 1 { inputs.drugMarkupRate = Decimal(stream.next(below: 30)) / 100 }
    return inputs
  }

  @Test func partsAddUpToTheChangeForRandomPairs() {
    var stream = RandomStream(seed: 20_260_101, key: "bridge-pairs")
    for pair in 0..<40 {
      // Mostly a few drivers (up to 8 differ: exact); every fifth pair more than the exact
      // limit (sampled).
      let moving = pair % 5 == 4 ? 14 + stream.next(below: 6) : 1 + stream.next(below: 4)
      let a = Self.randomPlan(&stream, moving: moving)
      let b = Self.randomPlan(&stream, moving: moving)
      let bridge = MarginBridge.between(a, b, orderPairs: 4, seed: UInt64(pair))
      let margins = bridge.parts.map(\.marginCNY).reduce(0, +)
      let npvs = bridge.parts.compactMap(\.npvCNY).reduce(0, +)
      #expect(
        margins == bridge.marginChangeCNY, "pair \(pair): \(margins) ≠ \(bridge.marginChangeCNY)")
      #expect(npvs == bridge.npvChangeCNY, "pair \(pair)")
      #expect(
        bridge.parts.allSatisfy { $0.marginCNY == $0.marginCNY.rounded(scale: 2, mode: .plain) })
      // The ends are the plans' own figures.
      let economicsA = Economics.compute(a)
      let economicsB = Economics.compute(b)
      #expect(
        bridge.fromMarginCNY.roundedForDisplay() == economicsA.annualMarginCNY.roundedForDisplay())
      #expect(
        bridge.toMarginCNY.roundedForDisplay() == economicsB.annualMarginCNY.roundedForDisplay())
      #expect(bridge.fromNPVCNY?.roundedForDisplay() == economicsA.npvCNY.roundedForDisplay())
      #expect(bridge.toNPVCNY?.roundedForDisplay() == economicsB.npvCNY.roundedForDisplay())
      // Rounding never moves a part by more than a fen.
      for part in bridge.parts {
        #expect(abs(part.marginCNY - part.exactMarginCNY) < Self.decimal("0.01"))
      }
    }
  }

  // MARK: - Order plays no role

  @Test func theOrderOfDeviceClassesChangesNothing() {
    var to = Inputs.paper2024
    to.devices[0].count = 5_000
    to.devices[2].unitPriceCNY = 40_000
    to.registrationFeeCNY = 30
    var fromReversed = Inputs.paper2024
    fromReversed.devices.reverse()
    var toReversed = to
    toReversed.devices.reverse()
    #expect(MarginBridge.between(.paper2024, to) == MarginBridge.between(fromReversed, toReversed))
  }

  @Test func driversThatMoveNoMoneyMoveNoMoney() {
    var stream = RandomStream(seed: 7, key: "no-money")
    let base = Economics.compute(.paper2024)
    for id in MarginBridge.driversMovingNoMoney.sorted() {
      guard let value = Inputs.paper2024.value(of: id) else {
        Issue.record("\(id) is not a driver")
        continue
      }
      for _ in 0..<3 {
        let factor = Decimal(10 + stream.next(below: 300)) / 100
        guard let moved = Inputs.paper2024.setting(id, to: value.scaled(by: factor)) else {
          continue
        }
        let economics = Economics.compute(moved)
        #expect(economics.annualMarginCNY == base.annualMarginCNY, "\(id)")
        #expect(economics.npvCNY == base.npvCNY, "\(id)")
      }
    }
  }

  // MARK: - Sampled values

  @Test func antitheticOrdersSplitPairwiseInteractionsExactly() {
    // v(S) = Σ weights of S + 6 × [0 and 1 both in S] + 10 × [2 and 3 both in S]:
    // each player gets its weight plus half of each interaction it takes part in.
    let weights: [Decimal] = (0..<14).map { Decimal($0 + 1) }
    let game: Shapley.Game = { members in
      var total = Decimal(0)
      for (index, member) in members.enumerated() where member { total += weights[index] }
      if members[0] && members[1] { total += 6 }
      if members[2] && members[3] { total += 10 }
      return [total]
    }
    let sampled = Shapley.sampled(players: 14, figures: 1, pairs: 8, seed: 3, game: game)
    var expected = weights
    expected[0] += 3
    expected[1] += 3
    expected[2] += 5
    expected[3] += 5
    #expect(sampled.values.map { $0[0] } == expected)
    #expect(sampled.standardErrors?.allSatisfy { $0[0] == 0 } == true)
    #expect(sampled.evaluations == 2 + 8 * 2 * 13)
    let exact = Shapley.exact(players: 10, figures: 1) { members in
      game(members + [Bool](repeating: false, count: 4))
    }
    #expect(exact.values.map { $0[0] } == Array(expected.prefix(10)))
  }

  // MARK: - Whole fen

  @Test func largestRemaindersTakeTheLeftoverFen() {
    let third = Decimal(1) / 3
    let (thirds, moved) = Shapley.roundedToFen([third, third, third], total: 1)
    #expect(thirds == [Self.decimal("0.34"), Self.decimal("0.33"), Self.decimal("0.33")])
    #expect(moved == 1)
    // −0.335 floors to −0.34 (remainder 0.005), 0.335 to 0.33 (0.005), 0.001 to 0 (0.001):
    // the fen left over goes to the first of the two largest remainders.
    let (mixed, _) = Shapley.roundedToFen(
      [Self.decimal("-0.335"), Self.decimal("0.335"), Self.decimal("0.001")], total: 0)
    #expect(mixed == [Self.decimal("-0.33"), Self.decimal("0.33"), 0])
    let (excess, back) = Shapley.roundedToFen(
      [Self.decimal("0.004"), Self.decimal("0.009")], total: -Self.decimal("0.01"))
    #expect(excess == [-Self.decimal("0.01"), 0])
    #expect(back == 1)
  }
}
