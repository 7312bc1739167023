import Foundation
import PostgresClient

/// The project's local sharded PostgreSQL (`scripts/local-cluster`: a coordinator and its shards),
/// for the tests of a sharded run, and throw-away cluster databases on it.
public enum TestCluster {
  /// A cluster database: the same name on the coordinator and on every shard, migrated, the
  /// coordinator wired to the shards (`scripts/local-cluster createdb`).
  public struct Database: Sendable {
    /// Its name on every node.
    public let name: String
    /// The coordinator's URL (the owner role).
    public let url: String

    /// A database of that name on the cluster, at that URL.
    public init(name: String, url: String) {
      self.name = name
      self.url = url
    }

    /// Shard `number`'s URL (1-based), the owner role.
    public func shardURL(_ number: Int) throws -> String {
      try TestCluster.script(["shard-url", String(number), name])
    }
  }

  /// Why the cluster cannot be used, or nil when it runs: it is started (`scripts/local-cluster
  /// start`, with the built binary) when it does not run yet, once per test process.
  public static let unavailableReason: String? = {
    do {
      if try runScript(["status"]).status == 0 { return nil }
      let started = try runScript(["start"])
      if started.status == 0 { return nil }
      return "scripts/local-cluster start failed (status \(started.status)): \(started.stderr)"
    } catch {
      return "cannot run scripts/local-cluster: \(error)"
    }
  }()

  /// Whether the cluster runs (else the reason is on stderr): for `.enabled(if:)`.
  public static var isAvailable: Bool {
    if let reason = unavailableReason {
      FileHandle.standardError.write(
        Data("TestCluster: skipping the cluster tests: \(reason)\n".utf8))
      return false
    }
    return true
  }

  /// Creates a uniquely named cluster database, passes it to `body`, and drops it afterwards.
  public static func withScratchDatabase<T>(_ body: (Database) throws -> T) throws -> T {
    let name =
      "mh_cluster_"
      + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    let url = try script(["createdb", name])
    defer { _ = try? runScript(["dropdb", name]) }
    return try body(Database(name: name, url: url))
  }

  /// A cluster database named `name`, made anew (dropped first when it exists): for a database
  /// shared by several tests of one process, which the next process replaces.
  public static func recreate(_ name: String) throws -> Database {
    try script(["dropdb", name])
    return Database(name: name, url: try script(["createdb", name]))
  }

  /// Runs `scripts/local-cluster` with `arguments` and returns the last line it printed.
  /// - Throws: when it fails, with its stderr.
  @discardableResult
  public static func script(_ arguments: [String]) throws -> String {
    let result = try runScript(arguments)
    guard result.status == 0 else {
      throw TestDatabase.Unavailable(
        description:
          "scripts/local-cluster \(arguments.joined(separator: " ")) failed: \(result.stderr)"
      )
    }
    return String(result.stdout.split(whereSeparator: \.isNewline).last ?? "")
  }

  private static func runScript(_ arguments: [String]) throws -> ProcessOutput {
    var environment = ProcessInfo.processInfo.environment
    environment["METAHOSPITAL_BIN"] = try TestPaths.metahospitalBinary().path
    return try run(
      TestPaths.repositoryRoot.appending(path: "scripts/local-cluster"), arguments,
      environment: environment, currentDirectory: TestPaths.repositoryRoot)
  }
}
