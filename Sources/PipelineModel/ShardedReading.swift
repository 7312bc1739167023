import Foundation

/// How a run on a coordinator of shards (migration 008) read them.
///
/// PostgreSQL cannot read several servers at one instant: a query reads each shard in a
/// snapshot of that shard, taken when its session first reads it, and the run's sessions read
/// the shards at different instants. What the run can know is whether anything changed while it
/// read: it reads every node's change records (migration 006) before its files run and again
/// after. When no node recorded a change in between, every snapshot it took saw the same rows,
/// so its figures are those of one state of the cluster; otherwise the nodes that changed are
/// named, and the months whose rows changed are read again by the next run (their
/// fingerprints, read before, no longer match).
public struct ShardedReading: Sendable, Equatable {
  /// The shards, by the name of their foreign server.
  public var shards: [String]
  /// When the run began reading (before the first change records were read).
  public var started: Date
  /// When it finished (after the second read of the change records).
  public var finished: Date
  /// The nodes whose change records moved while the run read: shards by name, the
  /// coordinator's own tables as `coordinator`. Empty when nothing changed.
  public var changed: [String]

  /// Whether every figure comes from one state of the cluster.
  public var isConsistent: Bool { changed.isEmpty }

  /// Creates a value (tests build their own).
  public init(shards: [String], started: Date, finished: Date, changed: [String]) {
    self.shards = shards
    self.started = started
    self.finished = finished
    self.changed = changed
  }
}
