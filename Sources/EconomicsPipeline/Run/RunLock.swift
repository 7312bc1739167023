import Foundation
import Logging
import PipelineModel
import PostgresClient

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The advisory lock that keeps two runs of the same job and period apart, and the sessions'
/// application name that says which process holds it.
///
/// Every session of a run is named `metahospital run <pid>@<host> <job> <period>`. When the lock
/// is held by a run on this host whose process no longer exists (killed with SIGKILL while a
/// query ran, so its backends live on until the query ends), the new run ends those sessions
/// (`pg_terminate_backend`: a role may end its own sessions), takes the lock and logs that it
/// did. A holder that is alive, on another host, or not a run of this tool keeps the lock: the
/// new run exits 75 as before.
public struct RunLock {
  /// The lock's key: the first 8 bytes of a SHA-256 of the job and period.
  public let key: Int64
  /// This process's id and host, as they appear in the application name.
  public let pid: Int32
  /// This host's name (at most 24 characters, so the application name keeps it).
  public let host: String

  /// The lock of `job` and `period`, for this process.
  public init(job: String, period: Period) {
    var hash = SHA256()
    hash.update(Array("metahospital.run|\(job)|\(period)".utf8))
    let bytes = hash.finalize().prefix(8)
    key = Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    pid = getpid()
    host = Self.localHost()
  }

  /// `metahospital run <pid>@<host> <job> <period>`: PostgreSQL keeps the first 63 bytes, which
  /// always hold the pid and host.
  public func applicationName(job: String, period: Period) -> String {
    "metahospital run \(pid)@\(host) \(job) \(period)"
  }

  /// The pid and host of a run's session from its application name, or nil when it is not one.
  public static func holder(fromApplicationName name: String) -> (pid: Int32, host: String)? {
    let parts = name.split(separator: " ")
    guard parts.count >= 3, parts[0] == "metahospital", parts[1] == "run" else { return nil }
    let owner = parts[2].split(separator: "@", maxSplits: 1)
    guard owner.count == 2, let pid = Int32(owner[0]), pid > 0 else { return nil }
    return (pid, String(owner[1]))
  }

  /// Takes the lock on `connection` without waiting; takes it over from a run on this host whose
  /// process is gone.
  /// - Returns: whether this session now holds the lock.
  public func acquire(on connection: PostgresConnection, logger: Logger) throws -> Bool {
    if try connection.tryAdvisoryLock(key: key) { return true }
    // The holder: advisory locks on a bigint key are (classid, objid) = (high, low) 32 bits.
    let high = Int64(UInt64(bitPattern: key) >> 32)
    let low = Int64(UInt64(bitPattern: key) & 0xFFFF_FFFF)
    var find: PostgresQuery = """
      SELECT a.pid, coalesce(a.application_name, '') AS application_name
      FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = \(high) AND l.objid::bigint = \(low)
      """
    find.origin = "pg_locks (who holds the run's lock)"
    guard let row = try connection.query(find).first else {
      // Released in the meantime.
      return try connection.tryAdvisoryLock(key: key)
    }
    let name = try row.decode(String.self, "application_name")
    let backend = try row.decode(Int32.self, "pid")
    guard let holder = Self.holder(fromApplicationName: name), holder.host == host,
      !Self.isAlive(holder.pid)
    else {
      return false
    }
    var terminate: PostgresQuery = """
      SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
      FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = \(name) AND pid <> pg_backend_pid()
      """
    terminate.origin = "pg_terminate_backend (sessions of a run whose process is gone)"
    let ended: Int
    do {
      ended = try connection.query(terminate).first?.decode(Int.self, "ended") ?? 0
    } catch {
      guard error.sqlState == "42501" else { throw error }
      logger.warning(
        "the lock is held by a run whose process is gone, but its sessions belong to another role",
        metadata: ["lock.holder": "\(name)", "lock.backend": "\(backend)"])
      return false
    }
    // The server releases the lock as the terminated backend exits: wait for that, briefly.
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
      if try connection.tryAdvisoryLock(key: key) {
        logger.warning(
          "took over the lock of a run whose process is gone",
          metadata: [
            "lock.holder": "\(name)", "lock.holder_pid": "\(holder.pid)",
            "lock.sessions_ended": "\(ended)",
          ])
        return true
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Whether a process with this id exists on this host.
  static func isAlive(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }

  static func localHost() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let name =
      String(decoding: bytes, as: UTF8.self)
      .split(separator: ".").first.map(String.init) ?? "localhost"
    let safe = name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
    return safe && !name.isEmpty ? String(name.prefix(24)) : "localhost"
  }
}
