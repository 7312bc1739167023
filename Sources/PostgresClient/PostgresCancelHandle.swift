import CLibPQ
import Foundation

/// Cancels whatever query a connection is running, from any thread (libpq's `PQcancel`), e.g.
/// when the process is told to stop while a long extraction runs.
///
/// The handle holds its own copy of the connection's cancel key, so it stays valid and safe to
/// use while the connection's thread is blocked in a query. A cancelled query fails on its own
/// connection with SQLSTATE 57014 (`query_canceled`); with no query running, cancelling does
/// nothing.
public final class PostgresCancelHandle: @unchecked Sendable {
  // `PQcancel` is documented as safe to call from any thread (and from a signal handler) with
  // its own PGcancel object; the lock only keeps `deinit` from freeing it during a call.
  private let lock = NSLock()
  private let cancel: OpaquePointer

  init?(connection handle: OpaquePointer) {
    guard let cancel = PQgetCancel(handle) else { return nil }
    self.cancel = cancel
  }

  deinit {
    PQfreeCancel(cancel)
  }

  /// Asks the server to cancel the query in progress.
  /// - Returns: nil when the request was sent, else libpq's reason it could not be.
  @discardableResult
  public func cancelQuery() -> String? {
    lock.withLock {
      var buffer = [CChar](repeating: 0, count: 256)
      guard PQcancel(cancel, &buffer, Int32(buffer.count)) == 1 else {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
      }
      return nil
    }
  }
}

extension PostgresConnection {
  /// A handle that cancels this connection's running query from another thread.
  public func makeCancelHandle() -> PostgresCancelHandle? {
    PostgresCancelHandle(connection: handle)
  }
}
