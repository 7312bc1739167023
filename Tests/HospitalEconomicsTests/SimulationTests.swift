import Foundation
import HospitalEconomics
import Testing

/// The simulation of uncertain drivers: seeded, order-free, and right on a case worked by hand.
@Suite struct SimulationTests {
  static let feeFrom20To30 = UncertainDriver(
    id: "registration_fee_cny", distribution: .uniform(min: 20, max: 30))

  // MARK: - A case worked by hand

  @Test func oneUniformFeeGivesTheHandWorkedPercentiles() throws {
    // The fee uniform from 20 to 30 CNY, everything else the paper's. Costs do not depend on the
    // fee, so the margin is linear in it: margin = 20,000,000 × fee − 535,364,096, uniform from
    // −135,364,096 (fee 20) to 64,635,904 (fee 30), 200 M CNY wide.
    // Median fee 25 → P50 = −35,364,096; P10 at fee 21 → −115,364,096; P90 at fee 29 → 44,635,904.
    // Sampling error of a quantile q of N draws: √(q (1 − q) / N) / density, the density being
    // 1 / 200 M: at N = 4,000, 0.79 M CNY for P50 and 0.47 M CNY for P10 and P90.
    // Break-even at the fee 535,364,096 / 20 M = 26.7682048: probability (30 − 26.7682048) / 10
    // = 0.32317952, sampling error √(p (1 − p) / N) = 0.0074.
    let draws = 4_000
    let result = try Simulation.run(
      .paper2024, uncertain: [Self.feeFrom20To30], draws: draws, seed: 11)
    let margin = result.margin
    let width = 200_000_000.0
    func within(_ value: Decimal?, _ expected: Double, quantile q: Double) -> Bool {
      guard let value else { return false }
      let error = (q * (1 - q) / Double(draws)).squareRoot() * width
      return abs(value.doubleValue - expected) <= 4 * error
    }
    #expect(within(margin.p50, -35_364_096, quantile: 0.5), "P50 \(String(describing: margin.p50))")
    #expect(
      within(margin.p10, -115_364_096, quantile: 0.1), "P10 \(String(describing: margin.p10))")
    #expect(within(margin.p90, 44_635_904, quantile: 0.9), "P90 \(String(describing: margin.p90))")
    let p = 0.32317952
    let error = (p * (1 - p) / Double(draws)).squareRoot()
    #expect(abs(result.breakEvenProbability.doubleValue - p) <= 4 * error)
    // Every draw lies on the line, inside its ends.
    #expect(try #require(margin.min) >= -135_364_096)
    #expect(try #require(margin.max) <= 64_635_904)
  }

  // MARK: - Reproducible

  @Test func aSeedGivesTheSameDrawsAndAnotherSeedOthers() throws {
    let uncertain = [
      Self.feeFrom20To30,
      UncertainDriver(
        id: "discount_rate",
        distribution: .normal(mean: 0.08, standardDeviation: 0.02, min: 0.03, max: 0.15)),
      UncertainDriver(
        id: "rtx_4090_count", distribution: .triangular(min: 3_000, mode: 4_000, max: 6_000)),
    ]
    let first = try Simulation.run(.paper2024, uncertain: uncertain, draws: 300, seed: 2024)
    let again = try Simulation.run(.paper2024, uncertain: uncertain, draws: 300, seed: 2024)
    let other = try Simulation.run(.paper2024, uncertain: uncertain, draws: 300, seed: 2025)
    #expect(first == again)
    #expect(first.draws != other.draws)
    // The order in which drivers are listed plays no role.
    let reversed = try Simulation.run(
      .paper2024, uncertain: uncertain.reversed(), draws: 300, seed: 2024)
    #expect(reversed == first)
  }

  @Test func aDriverDrawsTheSameValuesWhateverElseIsUncertain() throws {
    // The service radius moves no money: with it uncertain too, the fee's draws — and so every
    // figure — are the same as with the fee alone.
    let alone = try Simulation.run(.paper2024, uncertain: [Self.feeFrom20To30], draws: 200, seed: 5)
    let radius = UncertainDriver(
      id: "service_radius_km", distribution: .uniform(min: 1_000, max: 5_000))
    let withRadius = try Simulation.run(
      .paper2024, uncertain: [radius, Self.feeFrom20To30], draws: 200, seed: 5)
    #expect(withRadius.draws == alone.draws)
  }

  @Test func fixedDriversAndSettingsFromAListAreNotDrawn() {
    #expect(throws: Simulation.Problem.notANumericDriver("drug_spend_basis")) {
      try Simulation.run(
        .paper2024,
        uncertain: [
          UncertainDriver(id: "drug_spend_basis", distribution: .uniform(min: 0, max: 1))
        ],
        draws: 10, seed: 1)
    }
    #expect(throws: Simulation.Problem.notANumericDriver("no_such_driver")) {
      try Simulation.run(
        .paper2024,
        uncertain: [UncertainDriver(id: "no_such_driver", distribution: .uniform(min: 0, max: 1))],
        draws: 10, seed: 1)
    }
  }

  // MARK: - Percentiles and payback

  @Test func percentilesAreNearestRank() {
    let values: [Decimal?] = (1...10).map { Decimal($0) }
    #expect(SimulationResult.percentile(10, ofSorted: values) == 1)
    #expect(SimulationResult.percentile(50, ofSorted: values) == 5)
    #expect(SimulationResult.percentile(90, ofSorted: values) == 9)
    // A payback that never happens ranks above every one that does.
    let paybacks: [Decimal?] = [2, 3, nil, nil]
    #expect(SimulationResult.percentile(50, ofSorted: paybacks) == 3)
    #expect(SimulationResult.percentile(90, ofSorted: paybacks) == nil)
  }

  @Test func paybackNeverCountsAsUndefined() throws {
    // Fees from 0 to 10 CNY: the cash flow is negative in every draw, so payback never comes.
    let result = try Simulation.run(
      .paper2024,
      uncertain: [
        UncertainDriver(id: "registration_fee_cny", distribution: .uniform(min: 0, max: 10))
      ],
      draws: 50, seed: 1)
    #expect(result.simplePayback.undefined == 50)
    #expect(result.simplePayback.p50 == nil)
    #expect(result.breakingEven == 0)
  }

  // MARK: - Distributions

  @Test func drawsStayInsideTheirBoundsAndAverageTheirExpectedValue() throws {
    let distributions: [Distribution] = [
      .uniform(min: 2, max: 6),
      .triangular(min: 1, mode: 2, max: 6),
      .triangular(min: 1, mode: 1, max: 3),
      .normal(mean: 10, standardDeviation: 3, min: 8, max: 20),
    ]
    for distribution in distributions {
      var stream = RandomStream(seed: 9, key: distribution.name)
      let bounds = try #require(distribution.bounds)
      let draws = (0..<20_000).compactMap { _ in distribution.quantile(stream.nextOpenUnit()) }
      #expect(draws.allSatisfy { bounds.contains($0) }, "\(distribution)")
      let mean = draws.reduce(0, +) / Double(draws.count)
      let expected = try #require(distribution.expectedValue)
      // The spread is at most the width; 4 standard errors of the mean.
      let tolerance = 4 * (bounds.upperBound - bounds.lowerBound) / Double(draws.count).squareRoot()
      #expect(
        abs(mean - expected) <= tolerance, "\(distribution): mean \(mean), expected \(expected)")
    }
  }

  @Test func theNormalQuantileIsAccurate() {
    // Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(0.5) = 0, Φ⁻¹(0.001) = −3.090232306167813.
    let standard = Distribution.normal(mean: 0, standardDeviation: 1, min: -50, max: 50)
    #expect(abs((standard.quantile(0.975) ?? 0) - 1.959963984540054) < 1e-12)
    #expect(abs(standard.quantile(0.5) ?? 1) < 1e-12)
    #expect(abs((standard.quantile(0.001) ?? 0) + 3.090232306167813) < 1e-12)
    // Truncated to one standard deviation either side, the extremes of u stay inside.
    let truncated = Distribution.normal(mean: 5, standardDeviation: 2, min: 3, max: 7)
    #expect((truncated.quantile(1e-12) ?? 0) >= 3)
    #expect((truncated.quantile(1 - 1e-12) ?? 9) <= 7)
    #expect(abs((truncated.quantile(0.5) ?? 0) - 5) < 1e-12)
  }
}
