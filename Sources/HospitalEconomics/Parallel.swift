import Foundation

/// Evaluations spread over the machine's cores, each result in its own slot, so the answer is
/// the same however the work is scheduled.
enum Parallel {
  /// `body(0) … body(count − 1)`, computed side by side, in index order.
  static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      slots.store(body(index), at: index)
    }
    return slots.values()
  }

  /// One slot per index, each written by exactly one iteration.
  private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: nil)
    }

    deinit {
      buffer.deinitialize()
      buffer.deallocate()
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    /// Every slot's value (each was stored by its iteration).
    func values() -> [T] { buffer.compactMap { $0 } }
  }
}
