import Foundation
import PipelineModel
import PostgresClient

/// What the hospital tables' change capture says, read in one snapshot: the counts that month
/// fingerprints are made of (migration 006, with 005's hour counters before it).
///
/// Every statement that changes a hospital table appends rows to `pipeline.source_changes`
/// (one per partition of a fact table it wrote, or one for the whole table), and the tool folds
/// them from time to time into `source_range_versions` (per partition range) and
/// `source_versions` (whole tables). 005's `source_hour_versions` keeps what was counted per
/// UTC hour before 006. A count is read the same before and after a fold: a log row of a
/// partition counts for that partition's range, a log row of the whole table (or of a partition
/// since dropped) for the whole table.
///
/// On a coordinator of shards (migration 008) the fact tables' rows, their triggers and their
/// logs are on the shards: `read(on:)` also reads each shard's records (through the coordinator's
/// `pipeline.shard_change_records`), and a fact table's fingerprint is made of every shard's.
///
/// The value is pure: `fingerprint(of:hours:)` is a function of the counts, testable without a
/// database; `read(on:)` loads them.
struct SourceChanges: Sendable, Equatable {
  /// UTC hours since the epoch, both ends included; nil ends are unbounded.
  struct HourRange: Sendable, Equatable {
    var low: Int64?
    var high: Int64?

    func overlaps(_ other: HourRange) -> Bool {
      (low.map { l in other.high.map { l <= $0 } ?? true } ?? true)
        && (high.map { h in other.low.map { h >= $0 } ?? true } ?? true)
    }

    func contains(_ hour: Int64) -> Bool {
      (low.map { hour >= $0 } ?? true) && (high.map { hour <= $0 } ?? true)
    }
  }

  /// A partition of a fact table: its oid, the hours its range covers, and its trigger's tag.
  struct Partition: Sendable, Equatable {
    var oid: Int64
    var hours: HourRange
  }

  /// A folded count of a partition's range.
  struct RangeCount: Sendable, Equatable {
    var hours: HourRange
    var version: Int64
  }

  /// 005's counters: per fact table, count by UTC hour.
  var hourVersions: [String: [Int64: Int64]] = [:]
  /// Folded partition counts: per fact table, by range.
  var rangeVersions: [String: [RangeCount]] = [:]
  /// Folded whole-table counts.
  var tableVersions: [String: Int64] = [:]
  /// The log not yet folded: per table, count by partition oid (nil: the whole table).
  var log: [String: [Int64?: Int64]] = [:]
  /// The fact tables' partitions now.
  var partitions: [String: [Partition]] = [:]
  /// Each hospital table's and partition's tracking trigger, by oid: the trigger's row version
  /// (`xmin` of its `pg_trigger` row, which every CREATE, ENABLE or DISABLE changes), or
  /// `none`. Part of the fingerprint, so that a trigger switched off and on again between two
  /// runs makes the months it covers be read again.
  var triggerTags: [Int64: String] = [:]
  /// The oid of each hospital table by name.
  var tableOIDs: [String: Int64] = [:]
  /// On a coordinator, each shard's own records by the name of its server: the fact tables'
  /// changes are counted there. Empty on a single server.
  var shards: [String: SourceChanges] = [:]

  /// The UTC hours that rows of [start, end) fall in.
  static func hours(from start: Date, to end: Date) -> HourRange {
    HourRange(
      low: Int64((start.timeIntervalSince1970 / 3_600).rounded(.down)),
      high: Int64((end.timeIntervalSince1970 / 3_600).rounded(.up)) - 1)
  }

  /// Whether a fingerprint key is one of the trigger identities (`visits tracking`), which
  /// fingerprints kept before migration 006 do not have.
  static func isTrackingKey(_ key: String) -> Bool { key.hasSuffix(" tracking") }

  /// The fingerprint entries of one table read over `hours` (ignored for a small table, read
  /// whole): `table` → `"whole:ranged"` counts for a fact table, `"whole"` for another, and
  /// `table tracking` → the triggers that recorded them.
  func fingerprint(of table: String, hours: HourRange) -> [String: String] {
    if !shards.isEmpty, DataDependencies.factTables.contains(table) {
      // `shard1=whole:ranged shard2=…`: the fact table's rows are on the shards.
      var counts: [String] = []
      var tracking: [String] = []
      for (name, shard) in shards.sorted(by: { $0.key < $1.key }) {
        let entries = shard.fingerprint(of: table, hours: hours)
        counts.append("\(name)=\(entries[table] ?? "")")
        tracking.append("\(name)=\(entries["\(table) tracking"] ?? "")")
      }
      return [
        table: counts.joined(separator: " "),
        "\(table) tracking": tracking.joined(separator: " "),
      ]
    }
    let ownTag = tableOIDs[table].flatMap { triggerTags[$0] } ?? "none"
    let log = self.log[table] ?? [:]
    guard DataDependencies.factTables.contains(table) else {
      let whole = (tableVersions[table] ?? 0) + log.values.reduce(0, +)
      return [table: String(whole), "\(table) tracking": ownTag]
    }
    let parts = partitions[table] ?? []
    let byOID = Dictionary(parts.map { ($0.oid, $0) }, uniquingKeysWith: { a, _ in a })
    var whole = tableVersions[table] ?? 0
    var ranged: Int64 = 0
    for (hour, version) in hourVersions[table] ?? [:] where hours.contains(hour) {
      ranged += version
    }
    for count in rangeVersions[table] ?? [] where count.hours.overlaps(hours) {
      ranged += count.version
    }
    for (oid, count) in log {
      if let oid, let part = byOID[oid] {
        if part.hours.overlaps(hours) { ranged += count }
      } else {
        whole += count  // the whole table, or a partition that no longer exists
      }
    }
    let met = parts.filter { $0.hours.overlaps(hours) }.sorted { $0.oid < $1.oid }
    let tracking =
      ([ownTag] + met.map { "\($0.oid):\(triggerTags[$0.oid] ?? "none")" }).joined(separator: " ")
    return [table: "\(whole):\(ranged)", "\(table) tracking": tracking]
  }

  /// Every table's counts over all time with its tracking triggers, on this node and on each
  /// shard: two reads give the same totals exactly when no tracked change committed between
  /// them (a fold moves counts from the log to the totals, never changes one).
  func totals() -> [String: String] {
    let allTime = HourRange(low: nil, high: nil)
    var result: [String: String] = [:]
    for table in DataDependencies.factTables.union(DataDependencies.otherTables) {
      for (key, value) in fingerprint(of: table, hours: allTime) { result[key] = value }
    }
    return result
  }

  /// The nodes whose change records differ between `self` and a later read: the shards by
  /// their server's name, this node as `coordinator`.
  func nodesChanged(by later: SourceChanges) -> [String] {
    var local = self
    var localLater = later
    local.shards = [:]
    localLater.shards = [:]
    var changed = local.totals() == localLater.totals() ? [] : ["coordinator"]
    for name in Set(shards.keys).union(later.shards.keys).sorted()
    where shards[name]?.totals() != later.shards[name]?.totals() {
      changed.append(name)
    }
    return changed
  }

  // MARK: - Reading

  /// The counts in the snapshot of `connection`: this node's `pipeline.change_records` (migration
  /// 008: the folded totals, the log not yet folded, the fact tables' partitions and the tracking
  /// triggers, in one relation) and, on a coordinator, each shard's, through
  /// `pipeline.shard_change_records` (no row elsewhere).
  static func read(on connection: PostgresConnection) throws -> SourceChanges {
    var changes = SourceChanges()
    let columns = "kind, source, part, low_hour, high_hour, version, name, tag"
    var own: PostgresQuery = .unsafeSQL(
      "SELECT \(columns) FROM pipeline.change_records WHERE kind <> 'untracked'")
    own.origin = "pipeline.change_records"
    for row in try connection.query(own) { try changes.absorb(row) }
    var shards: PostgresQuery = .unsafeSQL(
      "SELECT shard, \(columns) FROM pipeline.shard_change_records WHERE kind <> 'untracked'")
    shards.origin = "pipeline.shard_change_records"
    for row in try connection.query(shards) {
      try changes.shards[row.decode(String.self, "shard"), default: SourceChanges()].absorb(row)
    }
    return changes
  }

  /// Adds one row of `pipeline.change_records` to the counts.
  private mutating func absorb(_ row: PostgresRow) throws {
    try absorb(
      kind: row.decode(String.self, "kind"), source: row.decode(String?.self, "source"),
      part: row.decode(Int64?.self, "part"),
      hours: HourRange(
        low: row.decode(Int64?.self, "low_hour"), high: row.decode(Int64?.self, "high_hour")),
      version: row.decode(Int64?.self, "version"), name: row.decode(String?.self, "name"),
      tag: row.decode(String?.self, "tag"))
  }

  /// Adds one row of a node's `pipeline.change_records` (migration 008) to the counts.
  mutating func absorb(
    kind: String, source: String?, part: Int64?, hours: HourRange, version: Int64?,
    name: String?, tag: String?
  ) {
    switch kind {
    case "hour":
      if let source, let hour = hours.low {
        hourVersions[source, default: [:]][hour] = version ?? 0
      }
    case "range":
      if let source {
        rangeVersions[source, default: []].append(RangeCount(hours: hours, version: version ?? 0))
      }
    case "table":
      if let source { tableVersions[source] = version ?? 0 }
    case "log":
      if let source { log[source, default: [:]][part] = version ?? 0 }
    case "partition":
      if let source, let part {
        partitions[source, default: []].append(Partition(oid: part, hours: hours))
      }
    case "trigger":
      if let name, let part {
        tableOIDs[name] = part
        triggerTags[part] = tag ?? "none"
      }
    default:
      break
    }
  }

  /// A hospital table whose changes are not all recorded: a tracking trigger missing, disabled,
  /// or not set to fire for every session, or a partition that is partitioned itself.
  struct Untracked: Sendable, Equatable, CustomStringConvertible {
    /// The hospital table it belongs to (`visits` for a partition of visits).
    var source: String
    /// The table or partition, as PostgreSQL names it.
    var table: String
    /// What is wrong.
    var problem: String

    /// `hospital.visits_2026_10 has its trigger note_change disabled`.
    var description: String { "\(table) \(problem)" }
  }

  /// The tables whose changes would go unrecorded now (`pipeline.untracked_tables()`).
  static func untracked(on connection: PostgresConnection) throws -> [Untracked] {
    var query: PostgresQuery =
      "SELECT source, table_name, problem FROM pipeline.untracked_tables()"
    query.origin = "pipeline.untracked_tables() (is every change recorded?)"
    return try connection.query(query).map {
      Untracked(
        source: try $0.decode(String.self, "source"),
        table: try $0.decode(String.self, "table_name"),
        problem: try $0.decode(String.self, "problem"))
    }
  }
}
