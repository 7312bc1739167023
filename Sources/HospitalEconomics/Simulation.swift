import Foundation

/// A driver drawn from a distribution in a simulation.
public struct UncertainDriver: Sendable, Equatable {
  /// The driver.
  public var id: DriverID
  /// Its distribution.
  public var distribution: Distribution

  /// Creates an uncertain driver.
  public init(id: DriverID, distribution: Distribution) {
    self.id = id
    self.distribution = distribution
  }
}

/// A Monte Carlo simulation of the plan: every uncertain driver drawn from its distribution,
/// the others held at the scenario's values, and the year's economics computed by the model for
/// each draw.
///
/// Reproducible: draw `i` of a driver is the `i`-th number of the driver's own stream of the seed
/// (``RandomStream``, keyed by the driver's id), so a seed gives the same draws on every machine,
/// whatever other drivers are uncertain and in whatever order a file lists them. A drawn value
/// is rounded like the scenario's own values: whole units for a count, 6 decimals otherwise.
public enum Simulation {
  /// What can make a simulation impossible.
  public enum Problem: Error, Equatable, CustomStringConvertible {
    /// The inputs have no driver of this id, or it is a setting chosen from a list.
    case notANumericDriver(DriverID)

    /// What went wrong.
    public var description: String {
      switch self {
      case .notANumericDriver(let id): "`\(id)` is not a numeric driver of the scenario"
      }
    }
  }

  /// Draws `draws` years of `inputs` with `uncertain` drivers drawn from their distributions
  /// (fixed ones stay), computing each year's margin, NPV and payback.
  public static func run(
    _ inputs: Inputs, uncertain: [UncertainDriver], draws: Int, seed: UInt64
  ) throws(Problem) -> SimulationResult {
    precondition(draws > 0)
    let drawn = uncertain.filter { $0.distribution != .fixed }.sorted { $0.id < $1.id }
    var kinds: [DriverValue] = []
    var setters: [DriverSetter] = []
    for driver in drawn {
      guard let value = inputs.value(of: driver.id),
        let setter = DriverSetter(driver.id, in: inputs)
      else {
        throw .notANumericDriver(driver.id)
      }
      if case .choice = value { throw .notANumericDriver(driver.id) }
      kinds.append(value)
      setters.append(setter)
    }
    // Each driver's draws from its own stream, in draw order.
    let values: [[DriverValue]] = zip(drawn, kinds).map { driver, kind in
      var stream = RandomStream(seed: seed, key: driver.id.rawValue)
      return (0..<draws).map { _ in
        drawnValue(driver.distribution.quantile(stream.nextOpenUnit()) ?? 0, like: kind)
      }
    }
    let resolved = setters
    let outcomes = Parallel.map(draws) { index in
      var year = inputs
      for (setter, column) in zip(resolved, values) {
        _ = setter.set(column[index], in: &year)
      }
      let economics = Economics.computeWithoutBreakEvenVolume(year)
      return SimulationResult.Draw(
        marginCNY: economics.annualMarginCNY, npvCNY: economics.npvCNY,
        simplePaybackYears: economics.simplePaybackYears,
        discountedPaybackYears: economics.discountedPaybackYears)
    }
    return SimulationResult(seed: seed, drivers: drawn, draws: outcomes)
  }

  /// A drawn number as a value of the driver's kind: a count rounded half away from zero, a
  /// quantity or an exact figure rounded to 6 decimals (as ``Decimal/init(quantity:scale:)``).
  static func drawnValue(_ x: Double, like kind: DriverValue) -> DriverValue {
    switch kind {
    case .count: .count(Int(x.rounded(.toNearestOrAwayFromZero)))
    case .quantity: .quantity((x * 1e6).rounded(.toNearestOrAwayFromZero) / 1e6)
    case .exact: .exact(Decimal(quantity: x))
    case .choice: kind
    }
  }
}

/// The draws of a simulation and what they say: percentiles of the yearly margin, the NPV and
/// the payback, and the probability of breaking even.
///
/// Percentiles are nearest-rank: P*k* is the ⌈k × N / 100⌉-th smallest of the N draws, itself
/// one of the draws (no interpolation). So at most k % of the draws lie below P*k* and at most
/// (100 − k) % above it: P90 is exceeded by at most 10 % of the draws, P10 by at least 90 %.
/// A payback that never happens ranks above every payback that does.
public struct SimulationResult: Sendable, Equatable {
  /// One draw's figures.
  public struct Draw: Sendable, Equatable {
    /// Yearly margin, CNY.
    public var marginCNY: Decimal
    /// NPV of the one-off spending, CNY.
    public var npvCNY: Decimal
    /// Simple payback, years; `nil` when the cash flow never repays the spending.
    public var simplePaybackYears: Decimal?
    /// Discounted payback, years; `nil` when not within the search horizon.
    public var discountedPaybackYears: Decimal?
  }

  /// The summary of one figure over the draws.
  public struct Summary: Sendable, Equatable {
    /// 10th, 50th and 90th percentiles (nearest rank); `nil` where the figure has no value
    /// (a payback that never happens).
    public var p10: Decimal?
    /// The median.
    public var p50: Decimal?
    /// The 90th percentile.
    public var p90: Decimal?
    /// The mean; `nil` when any draw has no value.
    public var mean: Decimal?
    /// The smallest value.
    public var min: Decimal?
    /// The largest value (`nil` when a draw has no value: it ranks above every value).
    public var max: Decimal?
    /// Draws without a value.
    public var undefined: Int
  }

  /// The seed.
  public let seed: UInt64
  /// The drivers drawn, by id.
  public let drivers: [UncertainDriver]
  /// Every draw, in draw order.
  public let draws: [Draw]

  /// The yearly margin over the draws.
  public let margin: Summary
  /// The NPV over the draws.
  public let npv: Summary
  /// The simple payback over the draws.
  public let simplePayback: Summary
  /// The discounted payback over the draws.
  public let discountedPayback: Summary

  /// Creates a result, summarizing each figure once.
  public init(seed: UInt64, drivers: [UncertainDriver], draws: [Draw]) {
    self.seed = seed
    self.drivers = drivers
    self.draws = draws
    margin = Self.summary(draws.map { $0.marginCNY })
    npv = Self.summary(draws.map { $0.npvCNY })
    simplePayback = Self.summary(draws.map(\.simplePaybackYears))
    discountedPayback = Self.summary(draws.map(\.discountedPaybackYears))
  }

  /// Draws whose yearly margin is 0 or more.
  public var breakingEven: Int { draws.filter { $0.marginCNY >= 0 }.count }

  /// The share of draws whose yearly margin is 0 or more.
  public var breakEvenProbability: Decimal { Decimal(breakingEven) / Decimal(draws.count) }

  /// The standard error of ``breakEvenProbability``: √(p (1 − p) / N).
  public var breakEvenStandardError: Decimal {
    let p = breakEvenProbability.doubleValue
    return Decimal(quantity: (p * (1 - p) / Double(draws.count)).squareRoot())
  }

  /// `values` in ascending order. Sorted first by their `Double` approximations (comparing
  /// decimals is slow), then one insertion pass with exact comparisons puts right the few
  /// neighbours the approximations could not tell apart.
  static func sortedExactly(_ values: [Decimal]) -> [Decimal] {
    var sorted = values.map { ($0.doubleValue, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    for index in sorted.indices.dropFirst() {
      var position = index
      while position > 0 && sorted[position] < sorted[position - 1] {
        sorted.swapAt(position, position - 1)
        position -= 1
      }
    }
    return sorted
  }

  /// The nearest-rank percentile `k` of sorted values (undefined values last).
  public static func percentile(_ k: Int, ofSorted values: [Decimal?]) -> Decimal? {
    guard !values.isEmpty else { return nil }
    let rank = (k * values.count + 99) / 100
    return values[Swift.max(1, Swift.min(values.count, rank)) - 1]
  }

  static func summary(_ values: [Decimal?]) -> Summary {
    let defined = sortedExactly(values.compactMap { $0 })
    let undefined = values.count - defined.count
    let sorted: [Decimal?] = defined.map { $0 } + Array(repeating: nil, count: undefined)
    return Summary(
      p10: percentile(10, ofSorted: sorted), p50: percentile(50, ofSorted: sorted),
      p90: percentile(90, ofSorted: sorted),
      mean: undefined == 0 && !defined.isEmpty
        ? defined.reduce(0, +) / Decimal(defined.count) : nil,
      min: defined.first, max: undefined == 0 ? defined.last : nil, undefined: undefined)
  }
}
