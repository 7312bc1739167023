import Foundation

/// A model of the yearly margin that the sensitivity analysis and the margin bridge move driver
/// by driver: one engine for `plan` and `run`, two models.
///
/// - ``Inputs``, the plan: each move recomputes every figure of the model (``Economics``), so a
///   driver reaches every line it feeds, through the model's own arithmetic.
/// - ``LineProducts``, the figures on data: each line of the margin is a product of drivers
///   measured on the period, so moving a driver moves the lines it multiplies, and only them.
///
/// ``Sensitivity/analyze(_:settings:)`` moves each driver down and up;
/// ``MarginBridge/between(_:_:orderPairs:seed:)`` splits the change from one model to another
/// into Shapley values of its drivers, over the games the model declares
/// (``bridgeGames(from:to:)``).
public protocol DriverModel: Sendable {
  /// The drivers the sensitivity moves, in a stable order.
  var movableDrivers: [DriverDescriptor] { get }
  /// A driver's value, or `nil` where the model has none.
  func value(of id: DriverID) -> DriverValue?
  /// The model with one driver's value multiplied by `share`; `nil` when it cannot move.
  func scaling(_ id: DriverID, by share: Decimal) -> Self?
  /// The yearly margin, CNY.
  var marginCNY: Decimal { get }
  /// The change from `from` to `to` as games of drivers whose Shapley values add up to it.
  static func bridgeGames(from: Self, to: Self) -> BridgeGames
}

/// The change between two models as one or more cooperative games of drivers: the players (a
/// driver that plays in several games gets the sum of its values), the games, and the drivers
/// that differ but move no figure.
public struct BridgeGames: Sendable {
  /// A driver that moves a figure, with its values at both ends.
  public struct Player: Sendable {
    /// The driver.
    public var descriptor: DriverDescriptor
    /// Its value at the start.
    public var from: DriverValue
    /// Its value at the end.
    public var to: DriverValue
    /// Why it stands for more than itself, if it does.
    public var note: String?
  }

  /// One game: the players in it (indices into ``players``) and the figures of each coalition.
  public struct Game: Sendable {
    /// The players, by index into ``BridgeGames/players``.
    public var members: [Int]
    /// The figures of the coalition whose members (in `members` order) are marked.
    public var figures: Shapley.Game
  }

  /// The players, in id order.
  public var players: [Player]
  /// The games; their values add up per player.
  public var games: [Game]
  /// How many figures each game gives: 2 (margin and NPV) or 1 (the margin).
  public var figureCount: Int
  /// Whether the model is a sum of separate lines (one game each), or one game.
  public var separable: Bool
  /// The figures at the ends where the games do not give them (separable models): the lines
  /// themselves, which a product may miss by rounding.
  public var ends: (from: [Decimal], to: [Decimal])?
  /// Drivers whose values differ but move no figure.
  public var unmoved: [MarginBridge.Part]
  /// Device classes in one model only.
  public var classesInOneOnly: [String]
}

// MARK: - The plan

extension Inputs: DriverModel {
  /// The drivers that feed the margin.
  public var movableDrivers: [DriverDescriptor] { driverDescriptors.filter(\.affectsMargin) }

  /// The inputs with one driver's value multiplied by `share`.
  public func scaling(_ id: DriverID, by share: Decimal) -> Inputs? {
    value(of: id).flatMap { setting(id, to: $0.scaled(by: share)) }
  }

  /// The yearly margin of the model.
  public var marginCNY: Decimal { Economics.margin(self) }

  /// One game over the whole model: each coalition of drivers at `to`'s values, the rest at
  /// `from`'s, and the yearly margin and NPV computed. A device class in one plan only enters the
  /// other with a count of 0 (its other figures equal), so only its count differs; drivers and
  /// device classes are taken in id order, so the order of keys in the files changes nothing.
  public static func bridgeGames(from: Inputs, to: Inputs) -> BridgeGames {
    let (start, end) = MarginBridge.canonical(from, to)
    var players: [BridgeGames.Player] = []
    var unmoved: [MarginBridge.Part] = []
    var base = start
    for descriptor in start.driverDescriptors.sorted(by: { $0.id < $1.id }) {
      guard let a = start.value(of: descriptor.id), let b = end.value(of: descriptor.id), a != b
      else { continue }
      if MarginBridge.driversMovingNoMoney.contains(descriptor.id) {
        base = base.setting(descriptor.id, to: b) ?? base
        unmoved.append(
          MarginBridge.Part(
            driver: descriptor, fromValue: a, toValue: b, marginCNY: 0, npvCNY: 0,
            exactMarginCNY: 0, exactNPVCNY: 0))
      } else {
        players.append(BridgeGames.Player(descriptor: descriptor, from: a, to: b))
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
    return BridgeGames(
      players: players, games: [BridgeGames.Game(members: Array(players.indices), figures: game)],
      figureCount: 2, separable: false, ends: nil, unmoved: unmoved,
      classesInOneOnly: Set(from.devices.map(\.id)).symmetricDifference(to.devices.map(\.id))
        .sorted())
  }
}

// MARK: - Figures on data

/// The margin on data as lines that are products of drivers: the sensitivity's drivers (each
/// with the lines it multiplies) and the bridge's factors (each line a product of them, with the
/// driver that stands for the whole line where they do not give it back).
public struct LineProducts: DriverModel {
  /// A factor of the lines and its value (`nil` where it is undefined, e.g. a fee per visit
  /// without visits).
  public struct Factor: Sendable, Equatable {
    /// What the driver is.
    public var descriptor: DriverDescriptor
    /// Its value.
    public var value: Decimal?

    /// Creates a factor.
    public init(descriptor: DriverDescriptor, value: Decimal?) {
      self.descriptor = descriptor
      self.value = value
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

  /// The lines' amounts.
  public var financials: Financials
  /// The drivers the sensitivity moves, with the lines each multiplies.
  public var drivers: [LineDriver]
  /// The bridge's factors.
  public var factors: [Factor]
  /// The bridge's lines.
  public var lines: [ProductLine]
  /// Each line's multiplier after moves (1 where absent).
  private var scales: [FinancialLine: Decimal] = [:]

  /// Creates the model of a period's (or a plan's) lines.
  public init(
    financials: Financials, drivers: [LineDriver] = [], factors: [Factor] = [],
    lines: [ProductLine] = []
  ) {
    self.financials = financials
    self.drivers = drivers
    self.factors = factors
    self.lines = lines
  }

  /// The sensitivity's drivers, in declaration order.
  public var movableDrivers: [DriverDescriptor] { drivers.map(\.descriptor) }

  /// A sensitivity driver's value.
  public func value(of id: DriverID) -> DriverValue? {
    drivers.first { $0.descriptor.id == id }?.value
  }

  /// The model with the lines the driver multiplies multiplied by `share`.
  public func scaling(_ id: DriverID, by share: Decimal) -> LineProducts? {
    guard let driver = drivers.first(where: { $0.descriptor.id == id }) else { return nil }
    var copy = self
    for line in driver.lines { copy.scales[line] = (scales[line] ?? 1) * share }
    return copy
  }

  /// The margin: the lines' margin, each moved line changed by its multiplier.
  public var marginCNY: Decimal {
    scales.reduce(financials.marginCNY) { margin, moved in
      margin + moved.key.marginContribution(in: financials) * (moved.value - 1)
    }
  }

  /// One game per line (the lines add up to the margin): within a line the Shapley values of a
  /// product are exact (2^factors evaluations), and a driver that multiplies several lines (the
  /// visits) gets the sum of its values over them. The ends of each line are the lines
  /// themselves, so the parts add up to the change in the margin even where a product rounds.
  public static func bridgeGames(from: LineProducts, to: LineProducts) -> BridgeGames {
    let fromValues = Dictionary(
      from.factors.map { ($0.descriptor.id, $0) }, uniquingKeysWith: { a, _ in a })
    let toValues = Dictionary(
      to.factors.map { ($0.descriptor.id, $0.value) }, uniquingKeysWith: { a, _ in a })
    let half = Decimal(5) / 1_000
    var players: [DriverID: BridgeGames.Player] = [:]
    var lineGames: [(members: [DriverID], figures: Shapley.Game)] = []
    for line in to.lines {
      let sign: Decimal = line.line.isRevenue ? 1 : -1
      let start = line.line.marginContribution(in: from.financials)
      let end = line.line.marginContribution(in: to.financials)
      let parts = line.factors.compactMap { id in
        fromValues[id].map { (descriptor: $0.descriptor, from: $0.value, to: toValues[id] ?? nil) }
      }
      let defined =
        parts.count == line.factors.count && parts.allSatisfy { $0.from != nil && $0.to != nil }
      let product = { (atEnd: Bool) in
        sign * parts.map { (atEnd ? $0.to : $0.from) ?? 0 }.reduce(Decimal(1), *)
      }
      let reproduces =
        defined && !parts.isEmpty && abs(product(false) - start) <= half
        && abs(product(true) - end) <= half
      guard reproduces else {
        let id = line.whole.id
        players[id] = BridgeGames.Player(
          descriptor: line.whole, from: .exact(abs(start)), to: .exact(abs(end)),
          note: line.factors.isEmpty
            ? players[id]?.note : "its factors do not give the line back, so the line moves as one")
        lineGames.append(([id], { members in [members[0] ? end : start] }))
        continue
      }
      for part in parts {
        players[part.descriptor.id] = BridgeGames.Player(
          descriptor: part.descriptor, from: .exact(part.from ?? 0), to: .exact(part.to ?? 0),
          note: players[part.descriptor.id]?.note)
      }
      lineGames.append(
        (
          parts.map(\.descriptor.id),
          { members in
            if members.allSatisfy({ !$0 }) { return [start] }
            if members.allSatisfy({ $0 }) { return [end] }
            var amount = sign
            for (index, part) in parts.enumerated() {
              amount *= (members[index] ? part.to : part.from) ?? 0
            }
            return [amount]
          }
        ))
    }
    let ids = players.keys.sorted()
    let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    return BridgeGames(
      players: ids.compactMap { players[$0] },
      games: lineGames.map { game in
        BridgeGames.Game(members: game.members.compactMap { index[$0] }, figures: game.figures)
      },
      figureCount: 1, separable: true,
      ends: ([from.financials.marginCNY], [to.financials.marginCNY]), unmoved: [],
      classesInOneOnly: [])
  }
}
