import Foundation
import PipelineModel
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// A sharded run on the local cluster (`scripts/local-cluster`: a coordinator and its shards
/// over postgres_fdw, migration 008), with the built binary: the same files as one server, the
/// aggregation done on the shards, the checks over every shard, the period memory across shards,
/// and a shard's failures named. One test at a time: one of them stops a shard.
@Suite(
  .serialized,
  .enabled(
    if: TestCluster.isAvailable,
    "the local cluster (scripts/local-cluster) could not start; its error is on stderr"))
struct ClusterTests {
  // MARK: - Helpers

  /// Runs the binary in `directory` (default: the repository root), warnings only, with no
  /// `DATABASE_URL` but the one given.
  static func metahospital(
    _ arguments: [String], database: String? = nil, in directory: URL = TestPaths.repositoryRoot
  ) throws -> ProcessOutput {
    var environment = ProcessInfo.processInfo.environment
    environment["DATABASE_URL"] = database
    environment["METAHOSPITAL_LOG_LEVEL"] = "warning"
    return try run(
      TestPaths.metahospitalBinary(), arguments, environment: environment,
      currentDirectory: directory)
  }

  /// Seeds 2026 at scale 0.01 into the (migrated) database at `url`.
  static func seed(_ url: String) throws {
    let seed = try metahospital(["seed", "--year", "2026", "--scale", "0.01"], database: url)
    #expect(seed.status == 0, "seed: \(seed.stderr)")
  }

  /// A seeded cluster database shared by the tests that change no hospital row, made once per
  /// test process (under a fixed name, so a later process replaces it).
  static let shared: Result<TestCluster.Database, SharedUnavailable> = {
    do {
      let database = try TestCluster.recreate("mh_cluster_shared")
      try seed(database.url)
      return .success(database)
    } catch {
      return .failure(SharedUnavailable(description: "the shared cluster database: \(error)"))
    }
  }()

  /// Why the shared database could not be made.
  struct SharedUnavailable: Error, CustomStringConvertible {
    let description: String
  }

  /// The quarterly job of the demo (a job of the scratch project `project`).
  static func quarterlyJob(in project: URL) throws -> String {
    let path = "Pipelines/demo-quarterly-economics.yaml"
    try Data(
      """
      extends: Pipelines/demo-monthly-economics.yaml
      name: demo-quarterly-economics
      grain: quarter

      """.utf8
    ).write(to: project.appending(path: path))
    return path
  }

  /// Every file of a report folder but `report.md` and the marker, by name.
  static func csvFiles(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder)
    where name.hasSuffix(".csv") {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appending(path: name))
    }
    return files
  }

  // MARK: - The same reports as one server

  @Test func theMonthlyAndQuarterlyJobsGiveTheSameFilesAsOneServer() throws {
    let cluster = try Self.shared.get()
    try TestDatabase.withScratchDatabase { single in
      let migrate = try Self.metahospital(["migrate"], database: single)
      #expect(migrate.status == 0, "\(migrate.stderr)")
      try Self.seed(single)
      try withTemporaryDirectory { folder in
        let project = try scratchProject(in: folder)
        let quarterly = try Self.quarterlyJob(in: project)
        for (job, period) in [
          ("Pipelines/demo-monthly-economics.yaml", "2026-10"), (quarterly, "2026-Q3"),
        ] {
          var outputs: [String: String] = [:]
          for (node, url) in [("single", single), ("cluster", cluster.url)] {
            let out = folder.appending(path: "\(node)-\(period)").path
            let result = try Self.metahospital(
              ["run", job, "--period", period, "--out", out, "--recompute"], database: url,
              in: project)
            #expect(result.status == 0, "\(node) \(period): \(result.stderr)")
            outputs[node] = out
          }
          let (one, sharded) = (
            try Self.csvFiles(outputs["single"] ?? ""), try Self.csvFiles(outputs["cluster"] ?? "")
          )
          #expect(one.count == 9 && one.keys.sorted() == sharded.keys.sorted())
          for (name, bytes) in one {
            #expect(
              sharded[name] == bytes, "\(period) \(name) differs between one server and the cluster"
            )
          }
          // What a sharded run guarantees is said in its report, and only there.
          let report = try String(
            contentsOfFile: "\(outputs["cluster"] ?? "")/report.md", encoding: .utf8)
          #expect(report.contains("Read from a sharded database: the coordinator and 2 shards"))
          #expect(report.contains("every figure comes from one state of the data"))
          let single = try String(
            contentsOfFile: "\(outputs["single"] ?? "")/report.md", encoding: .utf8)
          #expect(!single.contains("sharded"))
        }
      }
    }
  }

  // MARK: - The coordinator receives groups, never rows

  /// The heavy files, each with the tables it must aggregate on the shards.
  static let heavyFiles = [
    "sql/extract/visits.sql", "sql/extract/charges.sql", "sql/extract/concurrency.sql",
    "sql/extract/energy.sql", "sql/checks/charge_visit_links.sql", "sql/checks/duplicate_ids.sql",
    "sql/checks/activity_days.sql", "sql/checks/utilization_range.sql",
  ]

  /// The plan nodes of an `EXPLAIN (FORMAT JSON)` tree, depth first.
  static func planNodes(_ node: [String: Any]) -> [[String: Any]] {
    [node] + ((node["Plans"] as? [[String: Any]]) ?? []).flatMap(planNodes)
  }

  @Test func theHeavyFilesAggregateOnTheShards() throws {
    let cluster = try Self.shared.get()
    let db = try TestDatabase.connect(cluster.url)
    for path in Self.heavyFiles {
      let file = try SQLFile(path: path, root: TestPaths.repositoryRoot)
      // October in Asia/Shanghai, bound as a run binds it; executed, so that the nodes a run
      // would not execute (the samples, looked up only when a check fails) say so.
      var query = file.query(
        period: try Period(parsing: "2026-10"),
        zone: try #require(TimeZone(identifier: "Asia/Shanghai")))
      query.sql = "EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) " + query.sql
      let explain = try db.query(query).first?.decode(String.self, "QUERY PLAN")
      let json = try JSONSerialization.jsonObject(with: Data((explain ?? "[]").utf8))
      let plan = try #require(((json as? [[String: Any]])?.first)?["Plan"] as? [String: Any])
      let scans = Self.planNodes(plan).filter { ($0["Node Type"] as? String) == "Foreign Scan" }
      let executed = scans.filter { (($0["Actual Loops"] as? Int) ?? 0) > 0 }
      #expect(executed.count >= 2, "\(path): no foreign scan ran")
      for scan in executed {
        let relations = scan["Relations"] as? String ?? "\(scan["Relation Name"] ?? "?")"
        let remote = scan["Remote SQL"] as? String ?? ""
        #expect(
          relations.hasPrefix("Aggregate on") && remote.contains(" GROUP BY "),
          "\(path): the shards send rows, not groups: \(relations): \(remote)")
      }
      // Each shard is asked for its own groups: the shard key is in the remote GROUP BY.
      for shard in ["shard1", "shard2"] {
        #expect(
          executed.contains { ($0["Relations"] as? String)?.contains("_\(shard)") == true },
          "\(path): nothing aggregated on \(shard)")
      }
    }
  }

  // MARK: - Checks over every shard

  /// The loader drill of `ChangeCaptureTests` through a coordinator: four loaders write the same
  /// hours of both shards in opposite orders through postgres_fdw, holding their transactions
  /// open while the tool folds every node's log (the coordinator's fold calls each shard's through
  /// dblink). No statement waits for a lock on the coordinator or on a shard, none deadlocks or
  /// fails, and the shards' logs record every write.
  @Test func loadersWritingThroughTheCoordinatorNeverWait() throws {
    try TestCluster.withScratchDatabase { cluster in
      try Self.seed(cluster.url)
      let shards = try (1...2).map { try cluster.shardURL($0) }
      let recorded = """
        SELECT coalesce(sum(version), 0)::bigint FROM pipeline.source_range_versions
        WHERE source = 'visits'
        """
      _ = try TestDatabase.connect(cluster.url).query("SELECT pipeline.fold_source_changes()")
      let before = try shards.map {
        try TestDatabase.connect($0).value(Int64.self, .unsafeSQL(recorded))
      }
      let drill = try LoadDrill.run(url: cluster.url, alsoWatched: shards, namedPartition: nil)
      #expect(drill.errors == [], "\(drill.errors)")
      #expect(drill.waits == [], "\(drill.waits)")
      #expect(drill.samples > 0)
      let db = try TestDatabase.connect(cluster.url)
      #expect(
        try db.value(
          Int64.self,
          "SELECT count(*) FROM hospital.visits WHERE started_at < '2025-12-15 00:00+08'")
          == Int64(drill.committedRows))
      // Every shard's log recorded the writes of its own rows, folded into its totals.
      _ = try db.query("SELECT pipeline.fold_source_changes()")
      for (url, count) in zip(shards, before) {
        #expect(try TestDatabase.connect(url).value(Int64.self, .unsafeSQL(recorded)) > count)
      }
    }
  }

  @Test func theChecksFireOnBadRowsOnEitherShard() throws {
    try TestCluster.withScratchDatabase { cluster in
      try Self.seed(cluster.url)
      let db = try TestDatabase.connect(cluster.url)
      var duplicated: [Int64] = []
      var orphans: [Int64] = []
      for shard in 1...2 {
        // A visit of October on this shard, loaded twice through the coordinator.
        let visit = try db.value(
          Int64.self,
          .unsafeSQL(
            """
            SELECT visit_id FROM hospital.visits_shard\(shard)
            WHERE started_at >= '2026-10-01 00:00+08' AND started_at < '2026-11-01 00:00+08'
            ORDER BY visit_id LIMIT 1
            """))
        try db.execute(
          "INSERT INTO hospital.visits SELECT * FROM hospital.visits WHERE visit_id = \(visit)")
        duplicated.append(visit)
        // A charge of a visit that does not exist, whose visit id places it on this shard.
        let missing = try db.value(
          Int64.self,
          "SELECT v FROM generate_series(1, 1000) AS v WHERE hospital.shard_of(v) = \(shard - 1) LIMIT 1"
        )
        let charge = 990_000_000 + Int64(shard)
        try db.execute(
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, acquisition_cost, charged_at)
          VALUES (\(charge), 'virtual', \(missing), 'registration', 25.00, NULL, '2026-10-15 10:00+08')
          """)
        orphans.append(charge)
        // Both rows are on that shard, as its own database holds them.
        let own = try TestDatabase.connect(try cluster.shardURL(shard))
        #expect(
          try own.value(
            Int64.self, "SELECT count(*) FROM hospital.visits WHERE visit_id = \(visit)") == 2)
        #expect(
          try own.value(
            Int64.self, "SELECT count(*) FROM hospital.charges WHERE charge_id = \(charge)") == 1)
      }
      let result = try Self.metahospital(
        [
          "run", "Pipelines/demo-monthly-economics.yaml", "--period", "2026-10", "--out",
          FileManager.default.temporaryDirectory.appending(path: "mh-\(cluster.name)").path,
        ],
        database: cluster.url)
      #expect(result.status == 65, "\(result.stderr)")
      #expect(result.stderr.contains("FAIL duplicate_visit_ids"), "\(result.stderr)")
      for visit in duplicated {
        #expect(result.stderr.contains("visit \(visit)"), "duplicate \(visit): \(result.stderr)")
      }
      #expect(result.stderr.contains("charges_without_visit"), "\(result.stderr)")
      for charge in orphans {
        #expect(result.stderr.contains("charge \(charge)"), "orphan \(charge): \(result.stderr)")
      }
    }
  }

  // MARK: - The period memory across shards

  @Test func aChangeOnAShardIsFoundAndRestatedWithoutRecompute() throws {
    try TestCluster.withScratchDatabase { cluster in
      try Self.seed(cluster.url)
      try withTemporaryDirectory { folder in
        let arguments = [
          "run", "Pipelines/demo-monthly-economics.yaml", "--period", "2026-10", "--out",
          folder.appending(path: "2026-10").path,
        ]
        let first = try Self.metahospital(arguments, database: cluster.url)
        #expect(first.status == 0, "\(first.stderr)")

        // A September charge changed on shard 2's own database (as a loader there would).
        let shard2 = try TestDatabase.connect(try cluster.shardURL(2))
        try shard2.execute(
          """
          UPDATE hospital.charges SET amount = amount + 1000
          WHERE charge_id = (SELECT min(charge_id) FROM hospital.charges
                             WHERE kind = 'registration'
                               AND charged_at >= '2026-09-10 00:00+08' AND charged_at < '2026-09-11 00:00+08')
          """)
        let second = try Self.metahospital(arguments, database: cluster.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("restated month"), "\(second.stderr)")
        let restatements = try String(
          contentsOfFile: folder.appending(path: "2026-10/restatements.csv").path, encoding: .utf8)
        #expect(restatements.contains("2026-09,registration_revenue_cny,"), "\(restatements)")
        #expect(restatements.contains(",1000.00,"), "\(restatements)")

        // Tracking switched off on a shard's partition: every month read again, and said so.
        let shard1 = try TestDatabase.connect(try cluster.shardURL(1))
        try shard1.execute("ALTER TABLE hospital.charges_2026_10 DISABLE TRIGGER note_change")
        let untracked = try Self.metahospital(arguments, database: cluster.url)
        #expect(untracked.status == 0, "\(untracked.stderr)")
        #expect(untracked.stderr.contains("change tracking is off"), "\(untracked.stderr)")
        #expect(
          untracked.stderr.contains("shard1: hospital.charges_2026_10"), "\(untracked.stderr)")
        try shard1.execute("ALTER TABLE hospital.charges_2026_10 ENABLE ALWAYS TRIGGER note_change")
      }
    }
  }

  @Test func whatChangedOnWhichNodeWhileARunReadIsFound() throws {
    let cluster = try Self.shared.get()
    let db = try TestDatabase.connect(cluster.url)
    let before = try SourceChanges.read(on: db)
    #expect(before.shards.keys.sorted() == ["shard1", "shard2"])
    #expect(before.nodesChanged(by: try SourceChanges.read(on: db)).isEmpty)
    // A write on shard 2 (a department kept in its visits' ids is not needed: any tracked write).
    let shard2 = try TestDatabase.connect(try cluster.shardURL(2))
    try shard2.execute(
      "UPDATE hospital.visits SET duration_seconds = duration_seconds WHERE visit_id = (SELECT min(visit_id) FROM hospital.visits)"
    )
    #expect(before.nodesChanged(by: try SourceChanges.read(on: db)) == ["shard2"])
    // A fold moves the log into the totals: no change.
    let folded = try SourceChanges.read(on: db)
    _ = try db.query("SELECT pipeline.fold_source_changes()")
    #expect(folded.nodesChanged(by: try SourceChanges.read(on: db)).isEmpty)
    // The coordinator's own tables count too.
    try db.execute("UPDATE hospital.departments SET name = name WHERE department_id = 1")
    #expect(folded.nodesChanged(by: try SourceChanges.read(on: db)) == ["coordinator"])
  }

  // MARK: - A shard's failures named

  @Test func aStoppedShardExits69NamingIt() throws {
    let cluster = try Self.shared.get()
    try TestCluster.script(["stop-shard", "2"])
    defer { _ = try? TestCluster.script(["start-shard", "2"]) }
    let result = try Self.metahospital(
      [
        "run", "Pipelines/demo-monthly-economics.yaml", "--period", "2026-10", "--recompute",
        "--out",
        FileManager.default.temporaryDirectory.appending(path: "mh-stopped-shard").path,
      ],
      database: cluster.url)
    #expect(result.status == 69, "\(result.stderr)")
    #expect(result.stderr.contains("error: shard shard2 cannot be reached"), "\(result.stderr)")
  }

  @Test func aMissingUserMappingOrGrantExits77NamingIt() throws {
    let cluster = try Self.shared.get()
    let owner = try TestDatabase.connect(cluster.url)
    let login = "mh_cluster_" + UUID().uuidString.prefix(8).lowercased()
    let password = "Pw-" + UUID().uuidString
    // Generated here (letters, digits, '-'): safe as literals.
    try owner.execute(
      .unsafeSQL("CREATE ROLE \(login) LOGIN PASSWORD '\(password)' IN ROLE metahospital_reporting")
    )
    defer {
      _ = try? owner.execute(.unsafeSQL("DROP OWNED BY \(login)"))
      _ = try? owner.execute(.unsafeSQL("DROP ROLE \(login)"))
    }
    let url = try PostgresConnectionString.replacing(
      ["user": login, "password": password], in: cluster.url)
    let arguments = [
      "run", "Pipelines/demo-monthly-economics.yaml", "--period", "2026-10", "--out",
      FileManager.default.temporaryDirectory.appending(path: "mh-\(login)").path,
    ]

    // No user mapping for the shards.
    let unmapped = try Self.metahospital(arguments, database: url)
    #expect(unmapped.status == 77, "\(unmapped.stderr)")
    #expect(
      unmapped.stderr.contains("the role \(login) has no user mapping for shard shard1"),
      "\(unmapped.stderr)")
    #expect(unmapped.stderr.contains("sql/roles/cluster.sql"))

    // A mapping without a password: postgres_fdw lets no role but a superuser through.
    try owner.execute(
      .unsafeSQL(
        "CREATE USER MAPPING FOR \(login) SERVER shard1 OPTIONS (user 'metahospital_shard_reader')")
    )
    let passwordless = try Self.metahospital(arguments, database: url)
    #expect(passwordless.status == 77, "\(passwordless.stderr)")
    #expect(
      passwordless.stderr.contains("gives no password that the shard asks for"),
      "\(passwordless.stderr)")

    // Mapped as sql/roles/cluster.sql does: the run goes through.
    try TestCluster.script(["map-login", login, cluster.name])
    let mapped = try Self.metahospital(arguments, database: url)
    #expect(mapped.status == 0, "\(mapped.stderr)")
    #expect(!mapped.stderr.contains(password) && !mapped.stdout.contains(password))

    // A grant missing on a shard.
    let shard1 = try TestDatabase.connect(try cluster.shardURL(1))
    try shard1.execute("REVOKE SELECT ON hospital.visits FROM metahospital_reporting")
    defer { _ = try? shard1.execute("GRANT SELECT ON hospital.visits TO metahospital_reporting") }
    let ungranted = try Self.metahospital(arguments + ["--recompute"], database: url)
    #expect(ungranted.status == 77, "\(ungranted.stderr)")
    #expect(ungranted.stderr.contains("on shard shard1"), "\(ungranted.stderr)")
    #expect(ungranted.stderr.contains("lacks SELECT on table visits"), "\(ungranted.stderr)")
    #expect(ungranted.stderr.contains("sql/roles/reporting.sql"))
  }
}
