import Foundation
import Testing

@testable import EconomicsPipeline

/// The period memory's fingerprints on a coordinator of shards (migration 008), without a
/// database: a fact table's fingerprint is every shard's, a small table's the coordinator's, and
/// a change on one node shows in its own part only.
@Suite struct ShardedFingerprintTests {
  /// October 2026 in UTC hours (Asia/Shanghai's month, roughly: the exact bounds do not matter).
  static let october = SourceChanges.HourRange(low: 497_000, high: 497_743)
  static let elsewhere = SourceChanges.HourRange(low: 490_000, high: 490_743)

  /// A shard whose visits partition of October has `version` folded changes, and one log row.
  static func shard(version: Int64, logged: Int64 = 1) -> SourceChanges {
    var shard = SourceChanges()
    shard.rangeVersions["visits"] = [SourceChanges.RangeCount(hours: october, version: version)]
    shard.partitions["visits"] = [SourceChanges.Partition(oid: 16_500, hours: october)]
    shard.log["visits"] = [16_500: logged]
    shard.tableOIDs["visits"] = 16_400
    shard.triggerTags = [16_400: "901", 16_500: "902"]
    return shard
  }

  static func coordinator(departments: Int64) -> SourceChanges {
    var coordinator = SourceChanges()
    coordinator.tableVersions["departments"] = departments
    coordinator.tableOIDs["departments"] = 17_000
    coordinator.triggerTags = [17_000: "55"]
    coordinator.shards = ["shard1": shard(version: 3), "shard2": shard(version: 7)]
    return coordinator
  }

  @Test func aFactTablesFingerprintIsEveryShards() {
    let changes = Self.coordinator(departments: 2)
    #expect(
      changes.fingerprint(of: "visits", hours: Self.october) == [
        "visits": "shard1=0:4 shard2=0:8",
        "visits tracking": "shard1=901 16500:902 shard2=901 16500:902",
      ])
    // A month the partitions do not meet counts nothing, on either shard.
    #expect(
      changes.fingerprint(of: "visits", hours: Self.elsewhere)["visits"] == "shard1=0:0 shard2=0:0")
    // A small table is the coordinator's own.
    #expect(
      changes.fingerprint(of: "departments", hours: Self.october) == [
        "departments": "2", "departments tracking": "55",
      ])
  }

  @Test func aChangeOnOneShardChangesItsPartOnly() {
    let before = Self.coordinator(departments: 2)
    var after = before
    after.shards["shard2"] = Self.shard(version: 7, logged: 2)
    #expect(
      after.fingerprint(of: "visits", hours: Self.october)["visits"] == "shard1=0:4 shard2=0:9")
    #expect(before.nodesChanged(by: after) == ["shard2"])
    // A fold on shard 2 (its log row moved into the totals) is no change.
    var folded = before
    folded.shards["shard2"] = Self.shard(version: 8, logged: 0)
    #expect(before.nodesChanged(by: folded).isEmpty)
    // A write to the coordinator's own tables is the coordinator's.
    #expect(before.nodesChanged(by: Self.coordinator(departments: 3)) == ["coordinator"])
  }

  @Test func oneServerHasNoShardsAndKeepsItsFingerprints() {
    var single = Self.shard(version: 3)
    single.tableVersions["departments"] = 2
    #expect(single.shards.isEmpty)
    #expect(single.fingerprint(of: "visits", hours: Self.october)["visits"] == "0:4")
  }
}
