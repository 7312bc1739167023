import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The period memory is exact: whatever the loaders do between runs, a run that reuses kept
/// months reports what a run reading everything again (`--recompute`) reports; a duplicate id
/// across months fails every run that composes both months; tracking switched off is found; and a
/// database that kept months under migration 005 keeps them through 006.
@Suite struct PeriodMemoryExactnessTests {
  static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

  /// Runs a hand-made job, with the months kept or everything read again, logging to `log`.
  static func run(
    _ job: String, _ period: String, url: String, out: URL, recompute: Bool = false,
    log: InMemoryLog = InMemoryLog()
  ) throws -> RunPipeline.Outcome {
    try RunPipeline(logger: log.logger).run(
      RunPipeline.Request(
        jobPath: job.hasPrefix("/") ? job : "\(HandMadeDataTests.folder)/\(job)", period: period,
        outputDirectory: out.path,
        database: DatabaseSettings.resolve(flag: url, environment: [:]),
        root: Repository.root, recompute: recompute))
  }

  /// A variant of a hand-made job with lines replaced, written to `folder`.
  static func variant(
    _ job: String, in folder: URL, replacing lines: [String: String], name: String
  ) throws -> String {
    var text = try String(contentsOfFile: "\(HandMadeDataTests.folder)/\(job)", encoding: .utf8)
    for (line, replacement) in lines {
      #expect(text.contains(line), "\(job): \(line)")
      text = text.replacingOccurrences(of: line, with: replacement)
    }
    let file = folder.appending(path: name)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  /// What a run reports, to compare two runs: the period's books, each month's books, and the
  /// checks; or the error it stopped with.
  struct Reported: Equatable, CustomStringConvertible {
    var ledger: PeriodLedger?
    var months: [PeriodLedger] = []
    var checks: [String] = []
    var error: String?

    init(_ body: () throws -> RunPipeline.Outcome) {
      do {
        let outcome = try body()
        ledger = outcome.ledger
        months = outcome.trend.months.map(\.ledger)
        checks = outcome.checks.map {
          "\($0.result.checkID) \($0.result.failing)/\($0.result.examined) \($0.result.sampleIDs) \($0.status)"
        }
      } catch {
        self.error =
          "\(ErrorReporting.exitStatus(for: error).rawValue) \(ErrorReporting.message(for: error))"
      }
    }

    var description: String {
      error ?? "margin \(ledger?.financials.marginCNY ?? 0), checks \(checks)"
    }
  }

  // MARK: - Kept months equal a recompute, whatever the loaders do

  @Test(arguments: [UInt64(11), 12])
  func runsThatReuseMonthsReportWhatARecomputeReports(seed: UInt64) throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        var random = RandomStream(seed: seed, key: "interleavings")
        var nextID: Int64 = 10_000
        func local(_ month: Int, _ day: Int, _ hour: Int) -> String {
          String(format: "2025-%02d-%02d %02d:%02d+08", month, day, hour, random.next(below: 60))
        }
        for step in 0..<14 {
          // One to three writes of a loader, then a run.
          for _ in 0..<(1 + random.next(below: 3)) {
            let month = 1 + random.next(below: 12)
            let day = 1 + random.next(below: 28)
            switch random.next(below: 9) {
            case 0, 1:
              // A visit and its registration, through the partitioned tables.
              let at = local(month, day, 9 + random.next(below: 8))
              try db.simpleExecute(
                """
                INSERT INTO hospital.visits VALUES (\(nextID), 'virtual', 1, '\(at)', 600);
                INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
                VALUES (\(nextID), 'virtual', \(nextID), 'registration', 25.00, '\(at)');
                """, origin: "test")
              nextID += 1
            case 2:
              // The same, naming the month's partitions.
              let at = local(month, day, 10)
              let suffix = String(format: "2025_%02d", month)
              try db.simpleExecute(
                """
                INSERT INTO hospital.visits_\(suffix) VALUES (\(nextID), 'virtual', 1, '\(at)', 900);
                INSERT INTO hospital.charges_\(suffix) (charge_id, channel, visit_id, kind, amount, acquisition_cost, charged_at)
                VALUES (\(nextID), 'virtual', \(nextID), 'drug', 120.00, 100.00, '\(at)');
                """, origin: "test")
              nextID += 1
            case 3:
              // A correction: an amount changed, anywhere in the year.
              try db.execute(
                """
                UPDATE hospital.charges SET amount = amount + 1.25
                WHERE charge_id = (SELECT charge_id FROM hospital.charges ORDER BY charge_id
                                   OFFSET \(random.next(below: 8)) LIMIT 1)
                """)
            case 4:
              // A visit and its charges moved to another day (maybe another month).
              let at = local(month, day, 11)
              try db.simpleExecute(
                """
                WITH v AS (SELECT visit_id FROM hospital.visits ORDER BY visit_id
                           OFFSET \(random.next(below: 8)) LIMIT 1)
                UPDATE hospital.charges SET charged_at = '\(at)' WHERE visit_id IN (SELECT visit_id FROM v);
                UPDATE hospital.visits SET started_at = '\(at)'
                WHERE visit_id = (SELECT visit_id FROM hospital.visits ORDER BY visit_id
                                  OFFSET \(random.next(below: 8)) LIMIT 1);
                """, origin: "test")
            case 5:
              // A visit deleted with its charges, in one transaction.
              try db.simpleExecute(
                """
                BEGIN;
                DELETE FROM hospital.charges WHERE visit_id = (
                  SELECT max(visit_id) FROM hospital.visits WHERE visit_id >= 10000);
                DELETE FROM hospital.visits WHERE visit_id = (
                  SELECT max(visit_id) FROM hospital.visits WHERE visit_id >= 10000);
                COMMIT;
                """, origin: "test")
            case 6:
              // A month of telemetry truncated, or reloaded.
              let suffix = String(format: "2025_%02d", month)
              if random.next(below: 2) == 0 {
                try db.execute("TRUNCATE \(unsafeSQL: "hospital.device_utilization_\(suffix)")")
              } else {
                try db.execute(
                  """
                  INSERT INTO hospital.device_utilization (device_id, hour_start, utilization_pct, energy_kwh)
                  VALUES (1, \(local(month, day, 12))::timestamptz, 40, 0.36)
                  ON CONFLICT DO NOTHING
                  """)
              }
            case 7:
              // A small table: a payroll correction.
              try db.execute(
                """
                UPDATE hospital.payroll SET cost = cost + 10.00
                WHERE staff_id = 1 AND period_month = make_date(2025, \(Int32(month)), 1)
                """)
            default:
              // The tool folds the log between two writes.
              _ = try db.query("SELECT pipeline.fold_source_changes()")
            }
          }
          let month = String(format: "2025-%02d", 1 + random.next(below: 12))
          let kept = Reported {
            try Self.run(
              "job-month.yaml", month, url: url, out: folder.appending(path: "m-\(month)"))
          }
          let recomputed = Reported {
            try Self.run(
              "job-month.yaml", month, url: url, out: folder.appending(path: "r-\(month)"),
              recompute: true)
          }
          #expect(kept == recomputed, "step \(step), \(month): \(kept) vs \(recomputed)")
          if step % 4 == 3 {
            let year = Reported {
              try Self.run("job-year.yaml", "2025", url: url, out: folder.appending(path: "y"))
            }
            let yearAgain = Reported {
              try Self.run(
                "job-year.yaml", "2025", url: url, out: folder.appending(path: "z"),
                recompute: true)
            }
            #expect(year == yearAgain, "step \(step), 2025: \(year) vs \(yearAgain)")
          }
        }
      }
    }
  }

  // MARK: - A year to date is checked as one period

  @Test func aDuplicateAcrossMonthsFailsEveryRunThatComposesBothMonths() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        // Visit 777 loaded in January and again in March.
        try TestDatabase.connect(url).simpleExecute(
          """
          INSERT INTO hospital.visits VALUES (777, 'virtual', 1, '2025-01-20 10:00+08', 600);
          INSERT INTO hospital.visits VALUES (777, 'virtual', 1, '2025-03-10 10:00+08', 600);
          """, origin: "test")
        let quarter = try Self.variant(
          "job-year.yaml", in: folder, replacing: ["grain: year": "grain: quarter"],
          name: "quarter.yaml")
        func refused(_ job: String, _ period: String) throws -> String {
          let error = try #require(throws: RunError.self, "\(job) \(period)") {
            try Self.run(job, period, url: url, out: folder.appending(path: period))
          }
          #expect(error.exitStatus.rawValue == 65, "\(job) \(period)")
          return ErrorReporting.message(for: error)
        }
        // February's year to date holds one copy: no duplicate.
        let february = try Self.run(
          "job-month.yaml", "2025-02", url: url, out: folder.appending(path: "2025-02"))
        #expect(
          february.checks.first { $0.result.checkID == "duplicate_visit_ids" }?.status == .pass)
        // March's monthly run, the first quarter, the year, and October (whose year to date
        // composes both months): each refused the same way, naming the visit.
        for (job, period) in [
          ("job-month.yaml", "2025-03"), (quarter, "2025-Q1"), ("job-year.yaml", "2025"),
          ("job-month.yaml", "2025-10"),
        ] {
          let message = try refused(job, period)
          #expect(message.contains("duplicate_visit_ids"), "\(period): \(message)")
          #expect(message.contains("visit 777"), "\(period): \(message)")
        }
        // Judged by the same thresholds: with a warning instead, March's run warns and counts
        // the extra copy once, as the quarter does.
        let warn = ["duplicate_visit_ids: { fail: 1 }": "duplicate_visit_ids: { warn: 1 }"]
        let warnMonth = try Self.variant(
          "job-month.yaml", in: folder, replacing: warn, name: "warn-month.yaml")
        let warnQuarter = try Self.variant(
          "job-year.yaml", in: folder,
          replacing: warn.merging(["grain: year": "grain: quarter"]) { a, _ in a },
          name: "warn-quarter.yaml")
        for (job, period) in [(warnMonth, "2025-03"), (warnQuarter, "2025-Q1")] {
          let outcome = try Self.run(
            job, period, url: url, out: folder.appending(path: "w\(period)"))
          let check = try #require(
            outcome.checks.first { $0.result.checkID == "duplicate_visit_ids" })
          #expect(check.status == .warn, "\(period)")
          #expect(check.result.failing == 1, "\(period)")
          #expect(check.result.sampleIDs == ["visit 777"], "\(period)")
        }
      }
    }
  }

  // MARK: - Tracking switched off

  @Test func trackingSwitchedOffIsFoundAndTheMonthsItHidReadAgain() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        let out = folder.appending(path: "2025-10")
        let first = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        func septemberVisits(_ outcome: RunPipeline.Outcome) -> Int64 {
          outcome.trend.months.first { $0.month == .month(2025, 9) }?.ledger.virtualVisits ?? -1
        }
        let before = septemberVisits(first)

        // Between two runs, the owner switches September's trigger off, a loader writes into
        // September's partition by name, and the trigger is switched on again: no change was
        // recorded, but the trigger is not the one the kept months were read under.
        try db.simpleExecute(
          """
          ALTER TABLE hospital.visits_2025_09 DISABLE TRIGGER note_change;
          INSERT INTO hospital.visits_2025_09 VALUES (901, 'virtual', 1, '2025-09-12 10:00+08', 600);
          ALTER TABLE hospital.visits_2025_09 ENABLE ALWAYS TRIGGER note_change;
          """, origin: "test")
        let after = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(septemberVisits(after) == before + 1)
        // September is read again; the months whose rows the partition cannot hold are not.
        #expect(PeriodMemoryTests.reads(after, "sql/extract/visits.sql") == (1, 9))

        // Switched off while a run reads: the run says so, reads every month, keeps none, and
        // no later run trusts what was kept before.
        try db.execute("ALTER TABLE hospital.visits_2025_09 DISABLE TRIGGER note_change")
        let log = InMemoryLog()
        let off = try Self.run("job-month.yaml", "2025-10", url: url, out: out, log: log)
        #expect(PeriodMemoryTests.reads(off, "sql/extract/visits.sql") == (10, 0))
        let warnings = log.entries(at: .warning).filter {
          $0.message == "change tracking is off: every month read again"
        }
        #expect(warnings.map { $0.metadata["tracking.table"] } == ["hospital.visits_2025_09"])
        #expect(
          warnings.first?.metadata["tracking.problem"] == "has its trigger note_change disabled")
        try db.execute(
          "INSERT INTO hospital.visits_2025_09 VALUES (902, 'virtual', 1, '2025-09-13 10:00+08', 600)"
        )
        try db.execute("ALTER TABLE hospital.visits_2025_09 ENABLE ALWAYS TRIGGER note_change")
        let on = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(PeriodMemoryTests.reads(on, "sql/extract/visits.sql") == (10, 0))
        #expect(septemberVisits(on) == before + 2)
        let settled = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(PeriodMemoryTests.reads(settled, "sql/extract/visits.sql") == (0, 10))
      }
    }
  }

  // MARK: - Migrating from 005 in place

  /// What migration 005's code stored as a month's fingerprint: per fact table, its whole-table
  /// version and the sum of its UTC-hour versions over the hours the file's rows can fall on;
  /// per other table, its version. (The formula of `PeriodMemory.fingerprints` before 006.)
  static func fingerprintOf005(
    _ file: SQLFile, _ month: Period, hours: [String: [Int64: Int64]], tables: [String: Int64]
  ) -> String {
    let (start, end) = month.bounds(in: shanghai)
    var parts: [String: String] = [:]
    for table in file.dependencies.tables {
      let version = tables[table.name] ?? 0
      guard table.isFact else {
        parts[table.name] = String(version)
        continue
      }
      let low = Int64(
        ((start.timeIntervalSince1970 - Double(table.lookbackDays) * 86_400) / 3_600).rounded(
          .down))
      let high = Int64((end.timeIntervalSince1970 / 3_600).rounded(.up)) - 1
      let sum = (hours[table.name] ?? [:]).filter { $0.key >= low && $0.key <= high }.values
        .reduce(0, +)
      parts[table.name] = "\(version):\(sum)"
    }
    return JSONText.object(parts)
  }

  @Test func aDatabaseThatKeptMonthsUnder005MigratesWithoutLosingThemOrRestatingAnything() throws {
    try withTemporaryDirectory { folder in
      // The reference: the same dataset, migrated to the end, after a monthly run.
      try HandMadeDataTests.withDataset { reference in
        _ = try Self.run(
          "job-month.yaml", "2025-10", url: reference, out: folder.appending(path: "ref"))
        let source = try TestDatabase.connect(reference)
        try TestDatabase.withScratchDatabase { url in
          // A database at migration 005, loaded (005's triggers count the hours) …
          let old = folder.appending(path: "migrations-005")
          try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
          for name in try FileManager.default.contentsOfDirectory(
            atPath: Repository.path("sql/migrations")) where name < "006"
          {
            try FileManager.default.copyItem(
              atPath: Repository.path("sql/migrations/\(name)"),
              toPath: old.appending(path: name).path)
          }
          let db = try TestDatabase.connect(url)
          try Migrator(folder: old.path, logger: TestDatabase.quietLogger).migrate(on: db)
          try db.simpleExecute(
            try String(
              contentsOfFile: "\(HandMadeDataTests.folder)/dataset.sql", encoding: .utf8),
            origin: "dataset.sql")
          // … with the months a monthly run of 005 kept: the reference's results, under the
          // fingerprints 005's code computed from this database's counters, and the figures
          // that run reported.
          var hours: [String: [Int64: Int64]] = [:]
          for row in try db.query(
            "SELECT source, extract(epoch FROM hour)::bigint / 3600 AS hour, version FROM pipeline.source_hour_versions"
          ) {
            hours[try row.decode(String.self, "source"), default: [:]][
              try row.decode(Int64.self, "hour")] = try row.decode(Int64.self, "version")
          }
          var tables: [String: Int64] = [:]
          for row in try db.query("SELECT source, version FROM pipeline.source_versions") {
            tables[try row.decode(String.self, "source")] = try row.decode(Int64.self, "version")
          }
          #expect(!hours.isEmpty)
          var kept = 0
          for row in try source.query(
            """
            SELECT sql_file, zone, to_char(month, 'YYYY-MM') AS month, sql_sha256,
                   columns::text AS columns, rows::text AS rows, run_id::text AS run_id
            FROM pipeline.month_results
            """)
          {
            let path = try row.decode(String.self, "sql_file")
            let file = try SQLFile(path: path, root: Repository.root)
            let month = try Period(parsing: try row.decode(String.self, "month"))
            try db.execute(
              """
              INSERT INTO pipeline.month_results
                (sql_file, zone, month, sql_sha256, fingerprint, columns, rows, run_id)
              VALUES (\(path), \(try row.decode(String.self, "zone")), \(month.firstDay),
                      \(try row.decode(String.self, "sql_sha256")),
                      \(Self.fingerprintOf005(file, month, hours: hours, tables: tables))::jsonb,
                      \(try row.decode(String.self, "columns"))::jsonb,
                      \(try row.decode(String.self, "rows"))::jsonb,
                      \(try row.decode(String.self, "run_id"))::uuid)
              """)
            kept += 1
          }
          #expect(kept > 20)
          for row in try source.query(
            """
            SELECT job, to_char(month, 'YYYY-MM') AS month, run_id::text AS run_id, month_closed,
                   inputs_sha256, figures::text AS figures FROM pipeline.month_figures
            """)
          {
            try db.execute(
              """
              INSERT INTO pipeline.month_figures (job, month, run_id, month_closed, inputs_sha256, figures)
              VALUES (\(try row.decode(String.self, "job")),
                      \(try Period(parsing: try row.decode(String.self, "month")).firstDay),
                      \(try row.decode(String.self, "run_id"))::uuid,
                      \(try row.decode(Bool.self, "month_closed")),
                      \(try row.decode(String.self, "inputs_sha256")),
                      \(try row.decode(String.self, "figures"))::jsonb)
              """)
          }

          // Migrated to 006 in place, the next run reuses every month and restates none.
          try Migrator(folder: Repository.path("sql/migrations"), logger: TestDatabase.quietLogger)
            .migrate(on: db)
          let out = folder.appending(path: "after")
          let outcome = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
          for file in [
            "sql/extract/visits.sql", "sql/extract/charges.sql", "sql/extract/energy.sql",
            "sql/checks/duplicate_ids.sql",
          ] {
            #expect(PeriodMemoryTests.reads(outcome, file) == (0, 10), "\(file)")
          }
          #expect(PeriodMemoryTests.reads(outcome, "sql/checks/charge_visit_links.sql") == (0, 1))
          #expect(outcome.trend.months.allSatisfy { $0.restatement == nil })
          #expect(
            try Data(contentsOf: out.appending(path: "summary.csv"))
              == Data(contentsOf: folder.appending(path: "ref/summary.csv")))
          // And a change after the migration is still found: a late refund in September, by a
          // loader's session of its own (a session that wrote other partitions in the last
          // second would mark those too: its counts of them are not yet flushed).
          try TestDatabase.connect(url).execute(
            """
            INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
            VALUES (130, 'virtual', 101, 'registration', -25.00, '2025-09-30 23:50+08')
            """)
          let later = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
          #expect(PeriodMemoryTests.reads(later, "sql/extract/charges.sql") == (1, 9))
          #expect(later.trend.months.compactMap(\.restatement).map(\.month) == [.month(2025, 9)])
        }
      }
    }
  }
}
