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

// MARK: - The engine

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

  /// The bridge from the model `from` to the model `to`: the Shapley values of the drivers over
  /// the games the model declares (``DriverModel/bridgeGames(from:to:)``), summed per driver,
  /// rounded to the fen so that they add up to the change between the displayed figures. Each
  /// game is exact up to ``Shapley/exactPlayerLimit`` players; above that, estimated from
  /// `orderPairs` random orders and their reverses drawn from `seed`.
  public static func between<Model: DriverModel>(
    _ from: Model, _ to: Model, orderPairs: Int = 500, seed: UInt64 = 1
  ) -> MarginBridge {
    let games = Model.bridgeGames(from: from, to: to)
    let players = games.players
    let k = games.figureCount
    var totals = [[Decimal]](repeating: [Decimal](repeating: 0, count: k), count: players.count)
    var errors: [[Decimal]]?
    var evaluations = 0
    var orders: Int?
    var ends = games.ends ?? ([Decimal](repeating: 0, count: k), [Decimal](repeating: 0, count: k))
    for game in games.games {
      let n = game.members.count
      let estimate =
        n <= Shapley.exactPlayerLimit
        ? Shapley.exact(players: n, figures: k, game: game.figures)
        : Shapley.sampled(players: n, figures: k, pairs: orderPairs, seed: seed, game: game.figures)
      evaluations += estimate.evaluations
      orders = estimate.orders ?? orders
      for (position, player) in game.members.enumerated() {
        for figure in 0..<k { totals[player][figure] += estimate.values[position][figure] }
      }
      if let standardErrors = estimate.standardErrors {
        var all = errors ?? totals.map { $0.map { _ in Decimal(0) } }
        for (position, player) in game.members.enumerated() {
          all[player] = standardErrors[position]
        }
        errors = all
      }
      if games.ends == nil { ends = (estimate.none, estimate.all) }
    }
    let method: Method =
      games.separable
      ? .products(lines: games.games.count, evaluations: evaluations)
      : orders.map {
        .sampled(players: players.count, evaluations: evaluations, orders: $0, seed: seed)
      } ?? .exact(players: players.count, evaluations: evaluations)
    let hasNPV = k > 1
    var bridge = MarginBridge(
      fromMarginCNY: ends.0[0], toMarginCNY: ends.1[0],
      fromNPVCNY: hasNPV ? ends.0[1] : nil, toNPVCNY: hasNPV ? ends.1[1] : nil, parts: [],
      unmoved: games.unmoved, method: method, marginFenMoved: 0, npvFenMoved: 0)
    let margins = Shapley.roundedToFen(totals.map { $0[0] }, total: bridge.marginChangeCNY)
    bridge.marginFenMoved = margins.fenMoved
    let npvs =
      hasNPV ? Shapley.roundedToFen(totals.map { $0[1] }, total: bridge.npvChangeCNY ?? 0) : nil
    bridge.npvFenMoved = npvs?.fenMoved ?? 0
    bridge.parts = players.indices.map { index in
      Part(
        driver: players[index].descriptor, fromValue: players[index].from,
        toValue: players[index].to, marginCNY: margins.values[index],
        npvCNY: npvs?.values[index], exactMarginCNY: totals[index][0],
        exactNPVCNY: hasNPV ? totals[index][1] : nil,
        marginStandardErrorCNY: errors?[index][0],
        npvStandardErrorCNY: hasNPV ? errors?[index][1] : nil, note: players[index].note)
    }
    .sorted(by: largestFirst)
    bridge.classesInOnePlanOnly = games.classesInOneOnly
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

extension FinancialLine {
  /// Whether the line adds to the margin (revenue) or takes from it (cost).
  public var isRevenue: Bool {
    switch self {
    case .registrationRevenue, .otherKeptRevenue, .passThroughMarkup: true
    default: false
    }
  }
}
