import Foundation

/// Shapley values: each player's share of the change from "no player moved" to "every player
/// moved", averaged over every order in which the players could move. The one attribution that
/// does not depend on an order, gives nothing to a player that changes nothing, and whose parts add
/// up to the whole change (Shapley 1953).
///
/// Exact up to ``exactPlayerLimit`` players (every coalition evaluated once: 2^n evaluations);
/// above that, estimated from random orders (Castro, Gómez and Tejada 2009), taken in antithetic
/// pairs (an order and its reverse), with a standard error per player. Each sampled order's parts
/// still add up to the whole change exactly, so the estimate does too.
public enum Shapley {
  /// The most players computed exactly: 2^12 = 4,096 evaluations.
  public static let exactPlayerLimit = 12

  /// The figures (e.g. margin and NPV) of the coalition whose members are marked `true`.
  public typealias Game = @Sendable (_ members: [Bool]) -> [Decimal]

  /// The players' values and how they were found.
  public struct Estimate: Sendable, Equatable {
    /// For each player, one value per figure of the game.
    public var values: [[Decimal]]
    /// For each player, the standard error of each value; `nil` when exact.
    public var standardErrors: [[Decimal]]?
    /// The figures with no player moved and with every player moved.
    public var none: [Decimal]
    /// The figures with every player moved.
    public var all: [Decimal]
    /// Evaluations of the game.
    public var evaluations: Int
    /// Random orders used; `nil` when exact.
    public var orders: Int?
  }

  /// Exact values: every coalition evaluated once, each player's marginal contributions weighted
  /// by s!(n−s−1)!/n! (s: the coalition's size). Weights are whole numbers until one division.
  public static func exact(players n: Int, figures k: Int, game: Game) -> Estimate {
    precondition(n <= 20, "exact Shapley values of \(n) players would take 2^\(n) evaluations")
    let count = 1 << n
    let values = Parallel.map(count) { mask in game((0..<n).map { mask & (1 << $0) != 0 }) }
    // sums[i][s][f]: Σ over coalitions of size s without i of v(S ∪ i) − v(S), figure f.
    let zero = [Decimal](repeating: 0, count: k)
    var sums = [[[Decimal]]](
      repeating: [[Decimal]](repeating: zero, count: max(n, 1)), count: n)
    for mask in 0..<count {
      let size = mask.nonzeroBitCount
      for player in 0..<n where mask & (1 << player) == 0 {
        let with = values[mask | (1 << player)]
        for figure in 0..<k { sums[player][size][figure] += with[figure] - values[mask][figure] }
      }
    }
    var factorial = [Decimal(1)]
    for m in stride(from: 1, through: n, by: 1) { factorial.append(factorial[m - 1] * Decimal(m)) }
    let shares = (0..<n).map { player in
      (0..<k).map { figure in
        var numerator = Decimal(0)
        for size in 0..<n {
          numerator += factorial[size] * factorial[n - size - 1] * sums[player][size][figure]
        }
        return numerator / factorial[n]
      }
    }
    return Estimate(
      values: shares, standardErrors: nil, none: values[0], all: values[count - 1],
      evaluations: count, orders: nil)
  }

  /// Values estimated from `pairs` random orders and their reverses. Each pair draws its order
  /// from its own stream of `seed`, so the estimate is the same however the pairs are scheduled.
  public static func sampled(players n: Int, figures k: Int, pairs: Int, seed: UInt64, game: Game)
    -> Estimate
  {
    precondition(n > 0 && pairs > 1)
    let none = game([Bool](repeating: false, count: n))
    let all = game([Bool](repeating: true, count: n))
    let zero = [Decimal](repeating: 0, count: k)
    // For each pair: each player's marginal contribution, averaged over the two orders.
    let samples: [[[Decimal]]] = Parallel.map(pairs) { pair in
      var stream = RandomStream(seed: seed, key: "shapley-order-\(pair)")
      var order = Array(0..<n)
      for index in stride(from: n - 1, to: 0, by: -1) {
        order.swapAt(index, stream.next(below: index + 1))
      }
      var contributions = [[Decimal]](repeating: zero, count: n)
      for walk in [order, order.reversed()] {
        var members = [Bool](repeating: false, count: n)
        var previous = none
        for (step, player) in walk.enumerated() {
          members[player] = true
          let current = step == n - 1 ? all : game(members)
          for figure in 0..<k {
            contributions[player][figure] += current[figure] - previous[figure]
          }
          previous = current
        }
      }
      return contributions.map { $0.map { $0 / 2 } }
    }
    let count = Decimal(pairs)
    var means = [[Decimal]](repeating: zero, count: n)
    var errors = [[Decimal]](repeating: zero, count: n)
    for player in 0..<n {
      for figure in 0..<k {
        let mean = samples.map { $0[player][figure] }.reduce(0, +) / count
        let squares = samples.map { ($0[player][figure] - mean) * ($0[player][figure] - mean) }
        let variance = squares.reduce(0, +) / (count - 1)
        means[player][figure] = mean
        // The standard error of the mean of the pairs, to the fen: an estimate, not money.
        errors[player][figure] = Decimal(
          quantity: (variance / count).doubleValue.squareRoot(), scale: 2)
      }
    }
    return Estimate(
      values: means, standardErrors: errors, none: none, all: all,
      evaluations: 2 + pairs * 2 * max(0, n - 1), orders: 2 * pairs)
  }
}

// MARK: - Whole fen that add up

extension Shapley {
  /// `values` rounded to the fen so that they add up to `total` (itself in whole fen) exactly:
  /// each value is rounded down, and the fen left over go one each to the values with the largest
  /// remainders (largest-remainder method), ties to the earlier index; fen in excess are taken
  /// back from the smallest remainders. Returns the rounded values and the fen moved.
  public static func roundedToFen(_ values: [Decimal], total: Decimal) -> (
    values: [Decimal], fenMoved: Int
  ) {
    guard !values.isEmpty else { return ([], 0) }
    let fen = Decimal(1) / 100
    let floors = values.map { $0.rounded(scale: 2, mode: .down) }
    let remainders = zip(values, floors).map { $0 - $1 }
    let leftover = (total - floors.reduce(0, +)) * 100
    var moves = Int(truncating: NSDecimalNumber(decimal: leftover.rounded(scale: 0, mode: .plain)))
    let fenMoved = abs(moves)
    var result = floors
    let byRemainder = values.indices.sorted {
      remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
    }
    var cursor = 0
    while moves > 0 {
      result[byRemainder[cursor % values.count]] += fen
      cursor += 1
      moves -= 1
    }
    cursor = 0
    while moves < 0 {
      result[byRemainder[values.count - 1 - cursor % values.count]] -= fen
      cursor += 1
      moves += 1
    }
    return (result, fenMoved)
  }
}
