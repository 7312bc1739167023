import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The period memory's change capture (migration 006) against the private PostgreSQL: what each
/// kind of write appends, that folding the log never changes a fingerprint, and that loaders
/// writing the same hours and partitions from several sessions never wait on each other or on the
/// tool because of it.
@Suite struct ChangeCaptureTests {
  /// A migrated scratch database with 2025's partitions and one department, the log folded.
  static func withTables<T>(_ body: (String) throws -> T) throws -> T {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      try db.simpleExecute(
        """
        SELECT hospital.ensure_month_partitions('hospital.visits', 2025);
        SELECT hospital.ensure_month_partitions('hospital.charges', 2025);
        SELECT hospital.ensure_month_partitions('hospital.device_utilization', 2025);
        INSERT INTO hospital.departments VALUES (1, 'General practice');
        INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts,
                                      purchase_price, in_service_on)
        VALUES (1, 'gpu', 'NVIDIA H100', 1, 700, 250000.00, '2024-07-01');
        SELECT pipeline.fold_source_changes();
        """, origin: "test")
      return try body(url)
    }
  }

  /// What the log holds, folded away afterwards: `visits_2025_10`, or `visits` for a row of the
  /// whole table, sorted, without repeats.
  static func takeLog(_ url: String) throws -> [String] {
    let db = try TestDatabase.connect(url)
    let names = try db.query(
      """
      SELECT DISTINCT coalesce(c.relname::text, l.source) AS name
      FROM pipeline.source_changes AS l LEFT JOIN pg_class AS c ON c.oid = l.part
      ORDER BY 1
      """
    ).map { try $0.decode(String.self, "name") }
    _ = try db.query("SELECT pipeline.fold_source_changes()")
    return names
  }

  /// Runs `sql` in a session of its own (a fresh session has no counts pending from earlier
  /// transactions, so what it appends is exactly what `sql` wrote) and returns the log.
  static func logOf(_ url: String, _ sql: String) throws -> [String] {
    try TestDatabase.connect(url).simpleExecute(sql, origin: "test")
    return try takeLog(url)
  }

  // MARK: - What each write appends

  @Test func eachStatementAppendsThePartitionsItWrote() throws {
    try Self.withTables { (url: String) throws in
      // Through the partitioned table, two months.
      #expect(
        try Self.logOf(
          url,
          """
          INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2025-10-01 00:10+08', 600),
                                             (2, 'virtual', 1, '2025-11-02 12:00+08', 600)
          """) == ["visits_2025_10", "visits_2025_11"])
      // A statement naming a partition fires the partition's trigger.
      #expect(
        try Self.logOf(
          url,
          "INSERT INTO hospital.visits_2025_10 VALUES (3, 'virtual', 1, '2025-10-02 12:45+08', 600)"
        )
          == ["visits_2025_10"])
      // An update that moves a row to another month marks both.
      #expect(
        try Self.logOf(
          url, "UPDATE hospital.visits SET started_at = '2025-12-05 12:00+08' WHERE visit_id = 2")
          == ["visits_2025_11", "visits_2025_12"])
      #expect(
        try Self.logOf(url, "DELETE FROM hospital.visits WHERE visit_id = 3") == ["visits_2025_10"])
      // COPY and INSERT … SELECT, as bulk loaders write.
      #expect(
        try Self.logOf(
          url,
          "COPY hospital.visits FROM PROGRAM 'printf \"10,virtual,1,2025-03-01 10:00+08,600\\n11,virtual,1,2025-04-01 10:00+08,600\\n\"' WITH (FORMAT csv)"
        ) == ["visits_2025_03", "visits_2025_04"])
      #expect(
        try Self.logOf(
          url,
          """
          INSERT INTO hospital.visits
          SELECT 100 + m, 'virtual', 1, make_timestamptz(2025, m, 15, 10, 0, 0, 'Asia/Shanghai'), 600
          FROM generate_series(6, 8) AS m
          """) == ["visits_2025_06", "visits_2025_07", "visits_2025_08"])
      // A row outside every month partition lands in DEFAULT, which spans all time.
      #expect(
        try Self.logOf(
          url, "INSERT INTO hospital.visits VALUES (20, 'virtual', 1, '2031-01-01 10:00+08', 600)")
          == ["visits_default"])
      // The triggers are ENABLE ALWAYS: a session in replica mode is recorded too.
      #expect(
        try Self.logOf(
          url,
          """
          SET session_replication_role = replica;
          INSERT INTO hospital.visits VALUES (21, 'virtual', 1, '2025-05-01 10:00+08', 600);
          """) == ["visits_2025_05"])
      // Without the per-table counters, the whole table.
      #expect(
        try Self.logOf(
          url,
          """
          SET track_counts = off;
          INSERT INTO hospital.visits VALUES (22, 'virtual', 1, '2025-05-02 10:00+08', 600);
          """) == ["visits"])
      // A savepoint rolled back: what it wrote is gone with what it appended; the rest is kept.
      #expect(
        try Self.logOf(
          url,
          """
          BEGIN;
          SAVEPOINT s;
          INSERT INTO hospital.visits VALUES (23, 'virtual', 1, '2025-01-10 10:00+08', 600);
          ROLLBACK TO SAVEPOINT s;
          INSERT INTO hospital.visits VALUES (24, 'virtual', 1, '2025-02-10 10:00+08', 600);
          COMMIT;
          """
        ).contains("visits_2025_02"))
      // A transaction rolled back appends nothing.
      #expect(
        try Self.logOf(
          url,
          """
          BEGIN;
          INSERT INTO hospital.visits VALUES (25, 'virtual', 1, '2025-09-10 10:00+08', 600);
          ROLLBACK;
          """) == [])
      // TRUNCATE: of a partition, that partition; of the table, the whole table.
      #expect(try Self.logOf(url, "TRUNCATE hospital.visits_2025_03") == ["visits_2025_03"])
      #expect(try Self.logOf(url, "TRUNCATE hospital.visits").contains("visits"))
      // The other fact tables, and a small table.
      #expect(
        try Self.logOf(
          url,
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
          VALUES (1, 'virtual', 1, 'registration', 25.00, '2025-10-01 00:20+08')
          """) == ["charges_2025_10"])
      #expect(
        try Self.logOf(
          url,
          """
          INSERT INTO hospital.device_utilization (device_id, hour_start, utilization_pct, energy_kwh)
          VALUES (1, '2025-07-01 10:00+08', 50, 0.35)
          """) == ["device_utilization_2025_07"])
      #expect(
        try Self.logOf(
          url,
          "INSERT INTO hospital.staff VALUES (1, 'meta', 'operations engineer', '2025-01-01', NULL)"
        )
          == ["staff"])
      #expect(try SourceChanges.untracked(on: TestDatabase.connect(url)) == [])
    }
  }

  @Test func aPartitionCreatedByHandIsFoundUntrackedUntilTracked() throws {
    try Self.withTables { (url: String) throws in
      let db = try TestDatabase.connect(url)
      try db.simpleExecute(
        """
        CREATE TABLE hospital.visits_2026_01 PARTITION OF hospital.visits
          FOR VALUES FROM ('2026-01-01 00:00+08') TO ('2026-02-01 00:00+08');
        """, origin: "test")
      let untracked = try SourceChanges.untracked(on: db)
      #expect(
        untracked.map(\.description) == ["hospital.visits_2026_01 has no trigger note_change"])
      #expect(untracked.map(\.source) == ["visits"])
      // Through the parent its rows are recorded all the same; naming it, only once tracked.
      #expect(
        try Self.logOf(
          url, "INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2026-01-05 10:00+08', 600)")
          == ["visits_2026_01"])
      #expect(try db.value(Int32.self, "SELECT pipeline.track_partitions()") == 1)
      #expect(try SourceChanges.untracked(on: db) == [])
      try db.execute("ALTER TABLE hospital.visits_2025_10 DISABLE TRIGGER note_change")
      try db.execute("ALTER TABLE hospital.staff ENABLE TRIGGER note_change")
      #expect(
        try SourceChanges.untracked(on: db).map(\.description) == [
          "hospital.staff has its trigger note_change off under session_replication_role = replica",
          "hospital.visits_2025_10 has its trigger note_change disabled",
        ])
    }
  }

  // MARK: - Folding keeps every fingerprint

  /// Every month window of 2025 (and the last week of 2024) in three time zones, with and
  /// without a week's look-back, for every table: the fingerprint entries the counts give.
  static func allFingerprints(_ changes: SourceChanges) -> [String: String] {
    var all: [String: String] = [:]
    let zones = ["Asia/Shanghai", "UTC", "America/New_York"].compactMap(TimeZone.init(identifier:))
    let tables = DataDependencies.factTables.union(["departments", "staff", "devices"])
    for zone in zones {
      for m in 1...12 {
        let (start, end) = Period.month(2025, m).bounds(in: zone)
        for lookback in [0, 7] {
          let hours = SourceChanges.hours(
            from: start.addingTimeInterval(-Double(lookback) * 86_400), to: end)
          for table in tables {
            for (key, value) in changes.fingerprint(of: table, hours: hours) {
              all["\(zone.identifier) \(m) -\(lookback) \(key)"] = value
            }
          }
        }
      }
    }
    return all
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func foldingTheLogNeverChangesAFingerprintAndEveryWriteChangesItsMonths(seed: UInt64) throws {
    try Self.withTables { (url: String) throws in
      let db = try TestDatabase.connect(url)
      var random = RandomStream(seed: seed, key: "fold")
      var nextID: Int64 = 1
      var ids: [Int64] = []
      func read() throws -> [String: String] {
        try db.withTransaction { c in
          _ = try c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
          return Self.allFingerprints(try SourceChanges.read(on: c))
        }
      }
      var before = try read()
      for step in 0..<60 {
        let month = 1 + random.next(below: 12)
        let day = 1 + random.next(below: 28)
        let at = "2025-\(String(format: "%02d", month))-\(String(format: "%02d", day)) 10:00+08"
        var touched: [Int] = [month]
        switch random.next(below: 6) {
        case 0, 1:
          try db.execute(
            "INSERT INTO hospital.visits VALUES (\(nextID), 'virtual', 1, \(at)::timestamptz, 600)")
          ids.append(nextID)
          nextID += 1
        case 2 where !ids.isEmpty:
          let id = ids[random.next(below: ids.count)]
          let from = try db.value(
            Int32.self,
            "SELECT extract(month FROM started_at AT TIME ZONE 'Asia/Shanghai')::int FROM hospital.visits WHERE visit_id = \(id)"
          )
          try db.execute(
            "UPDATE hospital.visits SET started_at = \(at)::timestamptz WHERE visit_id = \(id)")
          touched.append(Int(from))
        case 3 where !ids.isEmpty:
          let id = ids.remove(at: random.next(below: ids.count))
          let from = try db.value(
            Int32.self,
            "SELECT extract(month FROM started_at AT TIME ZONE 'Asia/Shanghai')::int FROM hospital.visits WHERE visit_id = \(id)"
          )
          try db.execute("DELETE FROM hospital.visits WHERE visit_id = \(id)")
          touched = [Int(from)]
        case 4:
          // A statement naming a partition.
          try db.execute(
            """
            INSERT INTO \(unsafeSQL: "hospital.visits_2025_\(String(format: "%02d", month))")
            VALUES (\(nextID), 'virtual', 1, \(at)::timestamptz, 600)
            """)
          ids.append(nextID)
          nextID += 1
        default:
          try db.execute(
            "INSERT INTO hospital.staff VALUES (\(nextID), 'meta', 'x', '2025-01-01', NULL)")
          nextID += 1
          touched = []
        }
        let after = try read()
        // Every month whose rows the statement changed has a new fingerprint for visits.
        for m in touched {
          let key = "Asia/Shanghai \(m) -0 visits"
          #expect(before[key] != after[key], "step \(step): month \(m) unchanged in \(key)")
        }
        // A fold now, sometimes: not one fingerprint moves.
        if random.next(below: 3) == 0 {
          _ = try db.query("SELECT pipeline.fold_source_changes()")
          let folded = try read()
          #expect(folded == after, "step \(step): a fold changed a fingerprint")
        }
        before = try read()
      }
      // A partition dropped before its rows are folded: counted for the whole table, before and
      // after the fold alike.
      try db.simpleExecute(
        """
        CREATE TABLE hospital.visits_2026_01 PARTITION OF hospital.visits
          FOR VALUES FROM ('2026-01-01 00:00+08') TO ('2026-02-01 00:00+08');
        SELECT pipeline.track_partitions();
        INSERT INTO hospital.visits_2026_01 VALUES (999, 'virtual', 1, '2026-01-05 10:00+08', 600);
        DROP TABLE hospital.visits_2026_01;
        """, origin: "test")
      let dropped = try read()
      _ = try db.query("SELECT pipeline.fold_source_changes()")
      #expect(try read() == dropped)
      #expect(try db.value(Int64.self, "SELECT count(*) FROM pipeline.source_changes") == 0)
    }
  }

  @Test func aFoldDuringAnOpenLoadCountsItsRowsOnceTheyCommit() throws {
    try Self.withTables { (url: String) throws in
      let loader = try TestDatabase.connect(url)
      let tool = try TestDatabase.connect(url)
      func october() throws -> String {
        let changes = try SourceChanges.read(on: tool)
        let (start, end) = Period.month(2025, 10).bounds(in: TimeZone(identifier: "Asia/Shanghai")!)
        return changes.fingerprint(of: "visits", hours: SourceChanges.hours(from: start, to: end))[
          "visits"] ?? ""
      }
      let empty = try october()
      try loader.execute("BEGIN")
      try loader.execute(
        "INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2025-10-05 10:00+08', 600)")
      // The tool folds while the load is open: the uncommitted row is neither seen nor lost.
      _ = try tool.query("SELECT pipeline.fold_source_changes()")
      #expect(try october() == empty)
      try loader.execute("COMMIT")
      let loaded = try october()
      #expect(loaded != empty)
      _ = try tool.query("SELECT pipeline.fold_source_changes()")
      #expect(try october() == loaded)
    }
  }

  // MARK: - Loaders never wait because of it

  /// Several loader sessions write rows of their own into the same hours and partitions, in
  /// different orders, each holding its transaction open until every other has written too, over
  /// many rounds; the tool folds the log in the middle of each round. A statement that had to
  /// wait for another session's lock would fail (lock_timeout) rather than hang, two sessions
  /// waiting on each other would be a deadlock (40P01), and a monitor session watches pg_locks
  /// for any lock a loader or the fold is waiting for. Without tracking these writes never
  /// conflict (distinct rows), so any wait would be the tracking's.
  @Test func loadersWritingTheSameHoursNeverWaitOnEachOtherOrOnTheFold() throws {
    try Self.withTables { (url: String) throws in
      let drill = try LoadDrill.run(url: url)
      #expect(drill.errors == [], "\(drill.errors)")
      #expect(drill.waits == [], "\(drill.waits)")
      #expect(drill.samples > 0)
      // Everything the loaders committed is there, and the log recorded it.
      let db = try TestDatabase.connect(url)
      #expect(
        try db.value(Int64.self, "SELECT count(*) FROM hospital.visits")
          == Int64(drill.committedRows))
      _ = try db.query("SELECT pipeline.fold_source_changes()")
      #expect(
        try db.value(
          Int64.self, "SELECT coalesce(sum(version), 0)::bigint FROM pipeline.source_range_versions"
        )
          > 0)
    }
  }
}

/// The shared state of `loadersWritingTheSameHoursNeverWaitOnEachOtherOrOnTheFold`: a barrier
/// between the loaders and the tool, the pids to watch, and what went wrong.
final class LoadDrill: @unchecked Sendable {
  private let condition = NSCondition()
  private let parties: Int
  private var arrived = 0
  private var generation = 0
  private var pids: [Int32] = []
  private var finished = false
  private var running = 0
  private(set) var errors: [String] = []
  private(set) var waits: [String] = []
  private(set) var samples = 0

  /// The partition a loader names in one of its inserts (nil: the table itself).
  private let namedPartition: String?

  init(parties: Int, namedPartition: String?) {
    self.parties = parties
    self.namedPartition = namedPartition
  }

  /// The drill on the database at `url`: four loaders, twelve rounds, a fold by the tool in the
  /// middle of each round, and a monitor of `url` and of every database in `alsoWatched` (a
  /// coordinator's shards, where the loaders' statements run through postgres_fdw). Returns
  /// once every session has ended.
  static func run(
    url: String, alsoWatched: [String] = [], namedPartition: String? = "hospital.visits_2025_11"
  ) throws -> LoadDrill {
    let loaders = 4
    let rounds = 12
    let drill = LoadDrill(parties: loaders + 1, namedPartition: namedPartition)
    var threads: [Thread] = []
    for loader in 0..<loaders {
      threads.append(
        Thread { drill.load(url: url, loader: loader, loaders: loaders, rounds: rounds) })
    }
    let monitor = Thread { drill.watch(url: url, alsoWatched: alsoWatched) }
    monitor.start()
    for thread in threads { thread.start() }
    // The tool's side: in every round, once every loader holds its open transaction, a fold.
    let tool = try TestDatabase.connect(url)
    try tool.execute("SET lock_timeout = '5s'")
    for _ in 0..<rounds {
      drill.arrive()  // every loader has written and holds its transaction open
      do {
        _ = try tool.query("SELECT pipeline.fold_source_changes()")
      } catch {
        drill.record("fold: \(error)")
      }
      drill.arrive()  // the loaders commit
    }
    drill.finish()
    while !drill.isDone { Thread.sleep(forTimeInterval: 0.01) }
    return drill
  }

  var isDone: Bool {
    condition.lock()
    defer { condition.unlock() }
    return running == 0 && finished
  }

  func record(_ error: String) {
    condition.lock()
    errors.append(error)
    condition.unlock()
  }

  /// Waits until every party has arrived.
  func arrive() {
    condition.lock()
    let mine = generation
    arrived += 1
    if arrived == parties {
      arrived = 0
      generation += 1
      condition.broadcast()
    } else {
      while generation == mine { condition.wait() }
    }
    condition.unlock()
  }

  /// A session of the drill starts; `leave()` when it ends.
  private func enter() {
    condition.lock()
    running += 1
    condition.unlock()
  }

  private func leave() {
    condition.lock()
    running -= 1
    condition.unlock()
  }

  func finish() {
    condition.lock()
    finished = true
    condition.unlock()
  }

  /// Rows the loaders committed: inserted minus deleted.
  private(set) var committedRows = 0

  /// One loader: in each round, inserts two visits of its own into the same two hours as every
  /// other loader (in an order that depends on the loader and the round), one through a
  /// partition's name and a charge, updates one of its rows of an earlier round into another
  /// month and deletes another; then holds the transaction open until every loader and the tool
  /// have arrived. It arrives twice a round whatever happens, so the drill never hangs.
  func load(url: String, loader: Int, loaders: Int, rounds: Int) {
    enter()
    defer { leave() }
    var db: PostgresConnection?
    do {
      let session = try TestDatabase.connect(url)
      try session.execute("SET lock_timeout = '5s'")
      let pid = try session.value(Int32.self, "SELECT pg_backend_pid()")
      condition.lock()
      pids.append(pid)
      condition.unlock()
      db = session
    } catch {
      record("loader \(loader): \(error)")
    }
    var kept: [Int64] = []
    for round in 0..<rounds {
      let base = Int64(loader * 1_000_000 + round * 100)
      var statements: [PostgresQuery] = [
        "INSERT INTO hospital.visits VALUES (\(base + 1), 'virtual', 1, '2025-10-01 09:05+08', 600)",
        "INSERT INTO hospital.visits VALUES (\(base + 2), 'virtual', 1, '2025-10-01 10:06+08', 600)",
        """
        INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
        VALUES (\(base + 1), 'virtual', \(base + 1), 'registration', 25.00, '2025-10-01 09:15+08')
        """,
        "INSERT INTO \(unsafeSQL: namedPartition ?? "hospital.visits") VALUES (\(base + 3), 'virtual', 1, '2025-11-01 09:30+08', 600)",
      ]
      var rows = 3
      if let moved = kept.last {
        statements.append(
          "UPDATE hospital.visits SET started_at = '2025-12-01 09:10+08' WHERE visit_id = \(moved)")
      }
      let deleting = kept.count > 2 ? kept.first : nil
      if let gone = deleting {
        statements.append("DELETE FROM hospital.visits WHERE visit_id = \(gone)")
        rows -= 1
      }
      // Opposite orders: odd loaders, and odd rounds, write the later hour first.
      if (loader + round) % 2 == 1 { statements.reverse() }
      var failed = db == nil
      if let db, !failed {
        do {
          try db.execute("BEGIN")
          for statement in statements { _ = try db.execute(statement) }
        } catch {
          record("loader \(loader) round \(round): \(error)")
          failed = true
        }
      }
      arrive()  // every loader has written and holds its transaction open; the tool folds
      arrive()  // the tool has folded
      do {
        try db?.execute(failed ? "ROLLBACK" : "COMMIT")
      } catch {
        record("loader \(loader) round \(round) commit: \(error)")
        failed = true
      }
      if !failed {
        kept.append(base + 1)
        if deleting != nil { kept.removeFirst() }
        condition.lock()
        committedRows += rows
        condition.unlock()
      }
    }
  }

  /// Samples pg_locks until the drill ends: any lock that a loader session (or the fold) is
  /// waiting for. Left out: PostgreSQL's relation extension lock, which any insert into any table
  /// may wait on for the moment it takes to add a page, released then and never held by a
  /// transaction (the hospital's own tables take it alike); every lock a transaction can hold
  /// until it ends — on a relation, a row, a transaction, an advisory key — counts.
  func watch(url: String, alsoWatched: [String] = []) {
    enter()
    defer { leave() }
    do {
      let db = try TestDatabase.connect(url)
      let others = try alsoWatched.map { try TestDatabase.connect($0) }
      while true {
        condition.lock()
        let (watched, done) = (pids, finished && running == 1)
        condition.unlock()
        if done { break }
        if !watched.isEmpty {
          let list = "{" + watched.map(String.init).joined(separator: ",") + "}"
          let rows = try db.query(
            """
            SELECT l.pid, l.locktype, l.mode, coalesce(l.relation::regclass::text, '') AS rel
            FROM pg_locks AS l
            WHERE NOT l.granted AND l.locktype <> 'extend'
              AND (l.pid = ANY(\(list)::int[]) OR l.pid IN (
                SELECT pid FROM pg_stat_activity WHERE query LIKE '%fold_source_changes%'
                  AND pid <> pg_backend_pid()))
            """)
          var waiting = Array(rows)
          // On a shard, the loaders' and the fold's statements arrive through postgres_fdw and
          // dblink sessions of their own: any session of the database that waits counts.
          for other in others {
            waiting += try other.query(
              """
              SELECT l.pid, l.locktype, l.mode, coalesce(l.relation::regclass::text, '') AS rel
              FROM pg_locks AS l
              WHERE NOT l.granted AND l.locktype <> 'extend'
                AND l.pid IN (SELECT pid FROM pg_stat_activity
                              WHERE datname = current_database() AND pid <> pg_backend_pid())
              """)
          }
          condition.lock()
          samples += 1
          for row in waiting {
            waits.append(
              "pid \((try? row.decode(Int32.self, "pid")) ?? 0) waits for "
                + "\((try? row.decode(String.self, "locktype")) ?? "") "
                + "\((try? row.decode(String.self, "mode")) ?? "") "
                + "\((try? row.decode(String.self, "rel")) ?? "")")
          }
          condition.unlock()
        }
        Thread.sleep(forTimeInterval: 0.002)
      }
    } catch {
      record("monitor: \(error)")
    }
  }
}
