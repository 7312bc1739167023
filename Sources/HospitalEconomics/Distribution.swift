import Foundation

/// How uncertain a driver is: the distribution its value is drawn from in a simulation.
///
/// Draws are made by inverse transform sampling: one uniform number u in (0, 1) from the
/// driver's own stream becomes the value whose cumulative probability is u. A normal
/// distribution is truncated to its bounds (u is mapped into the bounds' probabilities), so it
/// never draws outside them and never needs a second try.
public enum Distribution: Sendable, Equatable {
  /// The scenario's value, never drawn (the default).
  case fixed
  /// Every value from `min` to `max` equally likely.
  case uniform(min: Double, max: Double)
  /// From `min` to `max`, most likely at `mode`, likelihood falling linearly to either side.
  case triangular(min: Double, mode: Double, max: Double)
  /// A normal distribution of `mean` and `standardDeviation` truncated to `min`…`max`.
  case normal(mean: Double, standardDeviation: Double, min: Double, max: Double)

  /// The distribution's name as a scenario writes it.
  public var name: String {
    switch self {
    case .fixed: "fixed"
    case .uniform: "uniform"
    case .triangular: "triangular"
    case .normal: "normal"
    }
  }

  /// The lowest and highest value a draw can take; `nil` when fixed.
  public var bounds: ClosedRange<Double>? {
    switch self {
    case .fixed: nil
    case .uniform(let min, let max), .triangular(let min, _, let max),
      .normal(_, _, let min, let max):
      min...max
    }
  }

  /// The value whose cumulative probability is `u` (0 < u < 1); `nil` when fixed.
  public func quantile(_ u: Double) -> Double? {
    switch self {
    case .fixed:
      return nil
    case .uniform(let min, let max):
      return min + u * (max - min)
    case .triangular(let min, let mode, let max):
      let width = max - min
      guard width > 0 else { return min }
      let split = (mode - min) / width
      return u < split
        ? min + (u * width * (mode - min)).squareRoot()
        : max - ((1 - u) * width * (max - mode)).squareRoot()
    case .normal(let mean, let sd, let min, let max):
      let low = Normal.cdf((min - mean) / sd)
      let high = Normal.cdf((max - mean) / sd)
      let value = mean + sd * Normal.quantile(low + u * (high - low))
      return Swift.min(max, Swift.max(min, value))
    }
  }

  /// The expected value of a draw; `nil` when fixed.
  public var expectedValue: Double? {
    switch self {
    case .fixed: return nil
    case .uniform(let min, let max): return (min + max) / 2
    case .triangular(let min, let mode, let max): return (min + mode + max) / 3
    case .normal(let mean, let sd, let min, let max):
      let a = (min - mean) / sd
      let b = (max - mean) / sd
      let mass = Normal.cdf(b) - Normal.cdf(a)
      guard mass > 0 else { return mean }
      return mean + sd * (Normal.density(a) - Normal.density(b)) / mass
    }
  }
}

/// The standard normal distribution's functions, in `Double`.
enum Normal {
  /// Φ(x) = erfc(−x / √2) / 2.
  static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  /// φ(x) = exp(−x² / 2) / √(2π).
  static func density(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

  /// Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation (relative error below 1.2e-9),
  /// refined by one step of Halley's method on Φ, which brings it to full double precision.
  static func quantile(_ p: Double) -> Double {
    if p <= 0 { return -Double.infinity }
    if p >= 1 { return Double.infinity }
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00,
    ]
    let low = 0.02425
    var x: Double
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      x =
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - low {
      let q = p - 0.5
      let r = q * q
      x =
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x =
        -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let error = cdf(x) - p
    let step = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x -= step / (1 + x * step / 2)
    return x
  }
}
