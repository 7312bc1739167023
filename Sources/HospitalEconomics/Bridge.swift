import Foundation

/// The change in the yearly margin (and, between two plans, the NPV) from one set of figures to
/// another, explained driver by driver with Shapley values: each driver's effect averaged over
/// every order in which the drivers could change, so the order in which a file lists them plays
/// no role, and the parts add up to the whole change.
///
/// Parts are rounded to the fen so that they add up to the change between the two displayed
/// margins exactly (``Shapley/roundedToFen(_:total:)``); the unrounded values are kept beside.
public struct MarginBridge: Sendable, Equatable {
  /// One driver's share of the change.
  public struct Part: Sendable, Equatable {
    /// The driver.
    public var driver: DriverDescriptor
    /// Its value at the start and at the end.
    public var fromValue: DriverValue
    /// Its value at the end.
    public var toValue: DriverValue
    /// Its effect on the yearly margin, CNY, in whole fen (the parts add up to the change).
    public var marginCNY: Decimal
    /// Its effect on the NPV, CNY, in whole fen; `nil` for a bridge of the margin alone.
    public var npvCNY: Decimal?
    /// The effect on the margin before rounding to the fen.
    public var exactMarginCNY: Decimal
    /// The effect on the NPV before rounding to the fen.
    public var exactNPVCNY: Decimal?
    /// Standard error of the margin effect when it was estimated from random orders.
    public var marginStandardErrorCNY: Decimal?
    /// Standard error of the NPV effect when it was estimated from random orders.
    public var npvStandardErrorCNY: Decimal?
    /// Why this driver stands for a whole line rather than a factor of it, if it does.
    public var note: String?
  }

  /// How the Shapley values were found.
  public enum Method: Sendable, Equatable {
    /// Every coalition of the drivers evaluated with the model: 2^players evaluations.
    case exact(players: Int, evaluations: Int)
    /// Estimated from random orders (antithetic pairs) drawn from `seed`.
    case sampled(players: Int, evaluations: Int, orders: Int, seed: UInt64)
    /// Each line of the margin a product of its drivers, the values exact per line
    /// (2^factors evaluations of each product), summed over the lines a driver multiplies.
    case products(lines: Int, evaluations: Int)
  }

  /// The yearly margin at the start, CNY (full precision).
  public var fromMarginCNY: Decimal
  /// The yearly margin at the end, CNY (full precision).
  public var toMarginCNY: Decimal
  /// The NPV at the start, CNY; `nil` for a bridge of the margin alone.
  public var fromNPVCNY: Decimal?
  /// The NPV at the end, CNY.
  public var toNPVCNY: Decimal?
  /// Each driver that moves a figure, largest margin effect first (then NPV, then id).
  public var parts: [Part]
  /// Drivers whose values differ but move neither the margin nor the NPV (e.g. the offline
  /// hospital's figures, the service radius), by id.
  public var unmoved: [Part]
  /// How the values were found.
  public var method: Method
  /// Fen the rounding moved to make the margin parts add up (largest remainder).
  public var marginFenMoved: Int
  /// Fen the rounding moved to make the NPV parts add up.
  public var npvFenMoved: Int
  /// Device classes in one plan only (they count as 0 units in the other), by id.
  public var classesInOnePlanOnly: [String] = []

  /// The change between the two margins as displayed (each rounded to the fen): what the parts
  /// add up to.
  public var marginChangeCNY: Decimal {
    toMarginCNY.roundedForDisplay() - fromMarginCNY.roundedForDisplay()
  }

  /// The change between the two NPVs as displayed; `nil` for a bridge of the margin alone.
  public var npvChangeCNY: Decimal? {
    guard let fromNPVCNY, let toNPVCNY else { return nil }
    return toNPVCNY.roundedForDisplay() - fromNPVCNY.roundedForDisplay()
  }
}

// MARK: - Between two plans

extension MarginBridge {
  /// Drivers that no figure of the margin or the NPV reads: reported and compared, never costed.
  public static let driversMovingNoMoney: Set<DriverID> = Set(
    [
      ScalarDriver.serviceRadiusKM, .minutesPerVisit, .openDaysPerYear, .effectiveHoursPerDay,
      .terminalBandwidthMbps, .networkDirections, .averageLoadShare, .offlineOutpatientVisits,
      .offlineInpatientAdmissions, .offlineSurgeries, .offlineOpenBeds, .offlineDoctors,
      .offlineNurses, .offlineAdministrativeStaff, .offlineOtherStaff, .offlineMedicalRevenueCNY,
      .offlineITInvestmentCNY,
    ].map(\.id))

  /// The bridge from the plan `from` to the plan `to`, with the model itself as the game: each
  /// coalition of drivers set to `to`'s values, the rest at `from`'s, and the yearly margin and
  /// NPV computed. Exact up to ``Shapley/exactPlayerLimit`` drivers that differ; above that,
  /// estimated from `orderPairs` random orders and their reverses drawn from `seed`.
  ///
  /// A device class in one plan only enters the other with a count of 0 (its other figures
  /// equal), so only its count differs. Drivers are taken in id order and device classes in id
  /// order, so the order of keys in the files changes nothing.
  public static func between(
    _ from: Inputs, _ to: Inputs, orderPairs: Int = 500, seed: UInt64 = 1
  ) -> MarginBridge {
    let (start, end) = canonical(from, to)
    let descriptors = start.driverDescriptors.sorted { $0.id < $1.id }
    var players: [(descriptor: DriverDescriptor, from: DriverValue, to: DriverValue)] = []
    var unmoved: [Part] = []
    var base = start
    for descriptor in descriptors {
      guard let a = start.value(of: descriptor.id), let b = end.value(of: descriptor.id), a != b
      else { continue }
      if driversMovingNoMoney.contains(descriptor.id) {
        base = base.setting(descriptor.id, to: b) ?? base
        unmoved.append(
          Part(
            driver: descriptor, fromValue: a, toValue: b, marginCNY: 0, npvCNY: 0,
            exactMarginCNY: 0, exactNPVCNY: 0))
      } else {
        players.append((descriptor, a, b))
      }
    }
    let moves = players.compactMap { player in
      DriverSetter(player.descriptor.id, in: base).map { ($0, player.to) }
    }
    let fixedBase = base
    let game: Shapley.Game = { members in
      var inputs = fixedBase
      for (index, move) in moves.enumerated() where members[index] {
        _ = move.0.set(move.1, in: &inputs)
      }
      let economics = Economics.computeWithoutBreakEvenVolume(inputs)
      return [economics.annualMarginCNY, economics.npvCNY]
    }
    let estimate: Shapley.Estimate
    let method: Method
    if players.count <= Shapley.exactPlayerLimit {
      estimate = Shapley.exact(players: players.count, figures: 2, game: game)
      method = .exact(players: players.count, evaluations: estimate.evaluations)
    } else {
      estimate = Shapley.sampled(
        players: players.count, figures: 2, pairs: orderPairs, seed: seed, game: game)
      method = .sampled(
        players: players.count, evaluations: estimate.evaluations, orders: estimate.orders ?? 0,
        seed: seed)
    }
    var bridge = MarginBridge(
      fromMarginCNY: estimate.none[0], toMarginCNY: estimate.all[0],
      fromNPVCNY: estimate.none[1], toNPVCNY: estimate.all[1], parts: [], unmoved: unmoved,
      method: method, marginFenMoved: 0, npvFenMoved: 0)
    let margins = Shapley.roundedToFen(estimate.values.map { $0[0] }, total: bridge.marginChangeCNY)
    let npvs = Shapley.roundedToFen(
      estimate.values.map { $0[1] }, total: bridge.npvChangeCNY ?? 0)
    bridge.marginFenMoved = margins.fenMoved
    bridge.npvFenMoved = npvs.fenMoved
    bridge.parts = players.indices.map { index in
      Part(
        driver: players[index].descriptor, fromValue: players[index].from,
        toValue: players[index].to, marginCNY: margins.values[index],
        npvCNY: npvs.values[index], exactMarginCNY: estimate.values[index][0],
        exactNPVCNY: estimate.values[index][1],
        marginStandardErrorCNY: estimate.standardErrors?[index][0],
        npvStandardErrorCNY: estimate.standardErrors?[index][1])
    }
    .sorted(by: largestFirst)
    bridge.classesInOnePlanOnly = Set(from.devices.map(\.id))
      .symmetricDifference(to.devices.map(\.id)).sorted()
    return bridge
  }

  /// Both plans over the same device classes, in id order: a class missing from one plan is
  /// added to it as the other plan's class with a count of 0.
  static func canonical(_ from: Inputs, _ to: Inputs) -> (Inputs, Inputs) {
    let ids = Set(from.devices.map(\.id)).union(to.devices.map(\.id)).sorted()
    func completed(_ inputs: Inputs, other: Inputs) -> Inputs {
      var copy = inputs
      copy.devices = ids.compactMap { id in
        if let own = inputs.devices.first(where: { $0.id == id }) { return own }
        guard var absent = other.devices.first(where: { $0.id == id }) else { return nil }
        absent.count = 0
        return absent
      }
      return copy
    }
    return (completed(from, other: to), completed(to, other: from))
  }

  /// Largest margin effect first, then largest NPV effect, then driver id.
  static func largestFirst(_ a: Part, _ b: Part) -> Bool {
    if abs(a.exactMarginCNY) != abs(b.exactMarginCNY) {
      return abs(a.exactMarginCNY) > abs(b.exactMarginCNY)
    }
    let npvA = abs(a.exactNPVCNY ?? 0)
    let npvB = abs(b.exactNPVCNY ?? 0)
    return npvA != npvB ? npvA > npvB : a.driver.id < b.driver.id
  }
}

// MARK: - Lines that are products of drivers

extension MarginBridge {
  /// A driver of lines that are products: its value at the start and at the end (`nil` where it
  /// is undefined, e.g. a fee per visit without visits).
  public struct Factor: Sendable, Equatable {
    /// What the driver is.
    public var descriptor: DriverDescriptor
    /// Its value at the start.
    public var from: Decimal?
    /// Its value at the end.
    public var to: Decimal?

    /// Creates a factor.
    public init(descriptor: DriverDescriptor, from: Decimal?, to: Decimal?) {
      self.descriptor = descriptor
      self.from = from
      self.to = to
    }
  }

  /// A line of the margin as the product of factors, and the driver that stands for the whole
  /// line when the factors do not give it back (a factor undefined, or a product more than half
  /// a fen from the line).
  public struct ProductLine: Sendable, Equatable {
    /// The line.
    public var line: FinancialLine
    /// Ids of the factors it is the product of (empty: the line is its own driver).
    public var factors: [DriverID]
    /// The driver that stands for the whole line.
    public var whole: DriverDescriptor

    /// Creates a line.
    public init(line: FinancialLine, factors: [DriverID], whole: DriverDescriptor) {
      self.line = line
      self.factors = factors
      self.whole = whole
    }
  }

  /// The bridge of the margin from `from` to `to` when each line is a product of drivers: within a
  /// line the Shapley values of a product are exact (2^factors evaluations), and a driver that
  /// multiplies several lines (the visits) gets the sum of its values over them. The ends of
  /// each line are the lines themselves, so the parts add up to the change in the margin even
  /// where a product rounds.
  public static func ofProducts(
    factors: [Factor], lines: [ProductLine], from: Financials, to: Financials
  ) -> MarginBridge {
    let byID = Dictionary(factors.map { ($0.descriptor.id, $0) }, uniquingKeysWith: { a, _ in a })
    var totals: [DriverID: Decimal] = [:]
    var descriptors: [DriverID: DriverDescriptor] = [:]
    var values: [DriverID: (from: Decimal, to: Decimal)] = [:]
    var notes: [DriverID: String] = [:]
    var evaluations = 0
    let half = Decimal(5) / 1_000
    for line in lines {
      let sign: Decimal = line.line.isRevenue ? 1 : -1
      let start = line.line.marginContribution(in: from)
      let end = line.line.marginContribution(in: to)
      let parts = line.factors.compactMap { byID[$0] }
      let defined =
        parts.count == line.factors.count && parts.allSatisfy { $0.from != nil && $0.to != nil }
      let product = { (pick: (Factor) -> Decimal?) in
        sign * parts.map { pick($0) ?? 0 }.reduce(Decimal(1), *)
      }
      let reproduces =
        defined && !parts.isEmpty && abs(product(\.from) - start) <= half
        && abs(product(\.to) - end) <= half
      guard reproduces else {
        let id = line.whole.id
        descriptors[id] = line.whole
        totals[id, default: 0] += end - start
        values[id] = (abs(start), abs(end))
        evaluations += 2
        if !line.factors.isEmpty {
          notes[id] = "its factors do not give the line back, so the line moves as one"
        }
        continue
      }
      let count = parts.count
      let estimate = Shapley.exact(players: count, figures: 1) { members in
        if members.allSatisfy({ !$0 }) { return [start] }
        if members.allSatisfy({ $0 }) { return [end] }
        var amount = sign
        for (index, factor) in parts.enumerated() {
          amount *= (members[index] ? factor.to : factor.from) ?? 0
        }
        return [amount]
      }
      evaluations += estimate.evaluations
      for (index, factor) in parts.enumerated() {
        let id = factor.descriptor.id
        descriptors[id] = factor.descriptor
        totals[id, default: 0] += estimate.values[index][0]
        values[id] = (factor.from ?? 0, factor.to ?? 0)
      }
    }
    let ids = totals.keys.sorted()
    var bridge = MarginBridge(
      fromMarginCNY: from.marginCNY, toMarginCNY: to.marginCNY, fromNPVCNY: nil, toNPVCNY: nil,
      parts: [], unmoved: [], method: .products(lines: lines.count, evaluations: evaluations),
      marginFenMoved: 0, npvFenMoved: 0)
    let rounded = Shapley.roundedToFen(ids.map { totals[$0] ?? 0 }, total: bridge.marginChangeCNY)
    bridge.marginFenMoved = rounded.fenMoved
    bridge.parts = ids.enumerated().compactMap { index, id in
      guard let descriptor = descriptors[id], let value = values[id] else { return nil }
      return Part(
        driver: descriptor, fromValue: .exact(value.from), toValue: .exact(value.to),
        marginCNY: rounded.values[index], npvCNY: nil, exactMarginCNY: totals[id] ?? 0,
        exactNPVCNY: nil, note: notes[id])
    }
    .sorted(by: largestFirst)
    return bridge
  }
}

extension FinancialLine {
  /// Whether the line adds to the margin (revenue) or takes from it (cost).
  public var isRevenue: Bool {
    switch self {
    case .registrationRevenue, .otherKeptRevenue, .passThroughMarkup: true
    default: false
    }
  }
}
