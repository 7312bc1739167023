/// The model's own pseudo-random numbers: xoshiro256** seeded by SplitMix64, never the system's
/// generator, so a seed gives the same draws on every machine and in every release.
///
/// Each stream is keyed by a name (a driver id) as well as the seed: a driver draws the same
/// values whatever other drivers are uncertain and in whatever order a file lists them.
public struct RandomStream: Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// The stream of `seed` for `key`: SplitMix64 from `seed` XOR the FNV-1a hash of `key` fills
  /// xoshiro256**'s four words.
  public init(seed: UInt64, key: String = "") {
    var mixer = SplitMix64(state: seed ^ Self.fnv1a(key))
    state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  /// The next 64 random bits (xoshiro256**, Blackman and Vigna 2018).
  public mutating func next() -> UInt64 {
    let result = Self.rotate(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = Self.rotate(state.3, 45)
    return result
  }

  /// A number strictly between 0 and 1: the top 53 bits, centred in their step
  /// ((k + ½) / 2^53), so an inverse distribution function never sees 0 or 1.
  public mutating func nextOpenUnit() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1p-53
  }

  /// A whole number in `0..<bound` without modulo bias (Lemire's method).
  public mutating func next(below bound: Int) -> Int {
    precondition(bound > 0)
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }

  private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// FNV-1a, 64 bits, of the UTF-8 bytes: stable across runs (Swift's `Hasher` is not).
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }
}

/// SplitMix64 (Steele, Lea and Flood 2014): spreads one seed over xoshiro's state.
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state = state &+ 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
