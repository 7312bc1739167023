-- 006 — change capture off the write path: what the period memory installs in the hospital's
-- tables appends one small row per statement, and nothing a loader's statement does waits on,
-- deadlocks with or fails because of another transaction.
--
-- Migration 005's triggers kept one counter row per (fact table, UTC hour) and per small table,
-- and every statement that changed hospital rows upserted those counters inside the loader's own
-- transaction, from transition tables read with dynamic SQL: two loaders writing the same hours
-- in opposite orders deadlocked, a loader waited for any open transaction that had written the
-- same hour, single-row inserts cost 1.5-2.4 times as much, and the triggers could not exist on
-- a table with foreign partitions. From this migration on:
--
--   * One statement-level trigger per table, `note_change`, appends to pipeline.source_changes:
--       - on a partitioned fact table (visits, charges, device_utilization): one row per
--         partition its transaction has inserted, updated or deleted rows in so far, read from
--         the transaction's own per-table counters (pg_stat_get_xact_tuples_inserted, …_updated,
--         …_deleted: the counters behind pg_stat_xact_user_tables, kept by PostgreSQL for every
--         row anyway). No transition table, so a statement pays nothing per row; a few function
--         calls per partition. When track_counts is off (no counters), one row for the whole table;
--       - on a partition (a statement naming it directly): one row for that partition;
--       - a TRUNCATE of a fact table, and any statement on another hospital table: one row for
--         the whole table.
--     The log has no primary key, no unique constraint and no index, and nothing ever updates
--     its rows on the write path: an insert into it never waits for another transaction. The
--     trigger's SQL is static (planned once per session), and runs as its owner (SECURITY
--     DEFINER, every name schema-qualified), so the loading role needs no right on `pipeline`.
--   * A partition stands for its time range: a month's fingerprint counts the changes of every
--     partition whose range meets the UTC hours the month's rows can fall on (a DEFAULT partition
--     meets every month). Coarser than 005's hours, as exact: a change is never missed, at most a
--     month next to it is read again.
--   * The counters of 005 stay, as the totals the log is folded into, written only by the tool:
--     pipeline.fold_source_changes() moves the log's committed rows into them in one statement
--     (DELETE … RETURNING feeding the upserts): a row is counted by the transaction that deleted
--     it and by no other, and a reader's snapshot sees each row either in the log or in the
--     totals, so a fold never changes a fingerprint. A fold locks only the log rows it deletes,
--     which no loader touches, and takes an advisory lock of its own so that two folds do not
--     wait on each other's rows. Every run folds first; the log holds the statements since.
--   * 005's hour counters keep counting for the hours they cover, so a fingerprint taken before
--     this migration is unchanged by it: the months kept are reused, nothing is restated.
--   * The triggers are ENABLE ALWAYS: they fire under session_replication_role = replica too.
--     Only a table's owner can disable or drop them; every run checks that each one is in place
--     and enabled (pipeline.untracked_tables()), and reads every month again when not.

-- MARK: the log and the folded totals

CREATE TABLE pipeline.source_changes (
  source text NOT NULL,          -- the hospital table
  part oid                       -- the partition written; NULL: the whole table
);

COMMENT ON TABLE pipeline.source_changes IS
  'Append-only change log of the hospital tables: one row per statement and partition written '
  '(part NULL: the whole table). Folded into source_range_versions and source_versions by '
  'pipeline.fold_source_changes(); no key and no index, so appending never waits.';

-- Folded changes of fact-table partitions, by the partition's time range (a partition's oid
-- does not outlive it; its range is what a month's fingerprint needs).
CREATE TABLE pipeline.source_range_versions (
  source text NOT NULL,
  lower_bound timestamptz NOT NULL,   -- '-infinity' for MINVALUE and for a DEFAULT partition
  upper_bound timestamptz NOT NULL,   -- 'infinity' for MAXVALUE and for a DEFAULT partition
  version bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (source, lower_bound, upper_bound)
);

COMMENT ON TABLE pipeline.source_range_versions IS
  'Folded totals of pipeline.source_changes: per fact table and partition range, how many '
  'statements changed rows of the partition up to the last fold.';
COMMENT ON TABLE pipeline.source_hour_versions IS
  'Migration 005''s counters: per fact table and UTC hour, how many statements changed rows in '
  'that hour before migration 006 (read, never written again).';
COMMENT ON TABLE pipeline.source_versions IS
  'Folded totals of pipeline.source_changes: per hospital table, how many statements changed '
  'the whole table (any write to a small table; a TRUNCATE of a fact table) up to the last fold.';

-- MARK: the trigger

-- Appends the statement's changes of TG_ARGV[0] (the hospital table). TG_ARGV[1] says where the
-- trigger sits: 'partitioned' (a fact table: its partitions written so far in this transaction),
-- 'partition' (one partition of it) or 'table' (a small table: the whole table).
-- On the partitioned table, one counter per partition is enough for an INSERT (it only inserts)
-- and a DELETE (it only deletes); an UPDATE reads all three, since a row moved to another
-- partition is deleted from one and inserted into the other. (An INSERT … ON CONFLICT DO UPDATE
-- fires the UPDATE statement trigger too; MERGE fires the trigger of each kind of action it has.)
--
-- The function runs as its owner (SECURITY DEFINER), so loaders need no right on `pipeline`.
-- Instead of a SET search_path clause, which would cost every statement of every loader about
-- 2 µs (a GUC saved, set and restored, and the search path looked up again), every name in it is
-- schema-qualified — tables, functions, casts and operators (OPERATOR(pg_catalog.=)) — so no
-- object of the caller's search path, pg_temp included, can stand in for one of them.
CREATE FUNCTION pipeline.note_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF TG_ARGV[1] OPERATOR(pg_catalog.=) 'partitioned' AND TG_OP OPERATOR(pg_catalog.<>) 'TRUNCATE'
     AND pg_catalog.current_setting('track_counts')::pg_catalog.bool THEN
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
      INSERT INTO pipeline.source_changes (source, part)
      SELECT TG_ARGV[0], i.inhrelid FROM pg_catalog.pg_inherits AS i
      WHERE i.inhparent OPERATOR(pg_catalog.=) TG_RELID
        AND pg_catalog.pg_stat_get_xact_tuples_inserted(i.inhrelid) OPERATOR(pg_catalog.>) 0;
    ELSIF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
      INSERT INTO pipeline.source_changes (source, part)
      SELECT TG_ARGV[0], i.inhrelid FROM pg_catalog.pg_inherits AS i
      WHERE i.inhparent OPERATOR(pg_catalog.=) TG_RELID
        AND pg_catalog.pg_stat_get_xact_tuples_deleted(i.inhrelid) OPERATOR(pg_catalog.>) 0;
    ELSE
      INSERT INTO pipeline.source_changes (source, part)
      SELECT TG_ARGV[0], i.inhrelid FROM pg_catalog.pg_inherits AS i
      WHERE i.inhparent OPERATOR(pg_catalog.=) TG_RELID
        AND pg_catalog.pg_stat_get_xact_tuples_inserted(i.inhrelid)
              OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_updated(i.inhrelid)
              OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_deleted(i.inhrelid)
            OPERATOR(pg_catalog.>) 0;
    END IF;
  ELSIF TG_ARGV[1] OPERATOR(pg_catalog.=) 'partition' THEN
    INSERT INTO pipeline.source_changes (source, part) VALUES (TG_ARGV[0], TG_RELID);
  ELSE
    INSERT INTO pipeline.source_changes (source, part) VALUES (TG_ARGV[0], NULL);
  END IF;
  RETURN NULL;
END;
$$;

-- The trigger of one hospital table, enabled ALWAYS (it fires for replicas' sessions too).
CREATE FUNCTION pipeline.track_table(target regclass, source text, placement text)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = 'note_change') THEN
    EXECUTE format('CREATE TRIGGER note_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s
      FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_change(%L, %L)', target, source, placement);
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER note_change', target);
END;
$$;

-- Every partition of the fact tables tracked: for partitions created by hand (CREATE TABLE …
-- PARTITION OF) rather than by hospital.ensure_month_partitions. Safe to run again.
CREATE FUNCTION pipeline.track_partitions() RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  part record;
  added integer := 0;
BEGIN
  FOR part IN
    SELECT f.source, i.inhrelid::regclass AS rel
    FROM (VALUES ('visits'), ('charges'), ('device_utilization')) AS f(source)
    JOIN pg_inherits AS i ON i.inhparent = ('hospital.' || f.source)::regclass
    ORDER BY 2
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = part.rel AND tgname = 'note_change' AND tgenabled = 'A') THEN
      PERFORM pipeline.track_table(part.rel, part.source, 'partition');
      added := added + 1;
    END IF;
  END LOOP;
  RETURN added;
END;
$$;

-- 005's partition function adds the fact triggers to each partition it creates: now this one.
-- (time_column is no longer needed; the signature stays for hospital.ensure_month_partitions.)
CREATE OR REPLACE FUNCTION pipeline.add_fact_triggers(target regclass, source text, time_column text)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pipeline.track_table(target, source, 'partition');
END;
$$;

-- MARK: 005's triggers replaced

DO $$
DECLARE
  tr record;
  fact record;
  t text;
BEGIN
  -- Every trigger of 005 (on the fact tables, their partitions and the small tables).
  FOR tr IN
    SELECT t.tgrelid::regclass AS target, t.tgname
    FROM pg_trigger AS t
    JOIN pg_proc AS p ON p.oid = t.tgfoid
    JOIN pg_namespace AS n ON n.oid = p.pronamespace
    WHERE n.nspname = 'pipeline' AND p.proname IN ('note_hour_changes', 'note_table_change')
    ORDER BY 1, 2
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', tr.tgname, tr.target);
  END LOOP;
  FOR fact IN SELECT * FROM (VALUES ('visits'), ('charges'), ('device_utilization')) AS f(source) LOOP
    PERFORM pipeline.track_table(('hospital.' || fact.source)::regclass, fact.source, 'partitioned');
  END LOOP;
  PERFORM pipeline.track_partitions();
  FOREACH t IN ARRAY ARRAY['departments', 'admissions', 'surgeries', 'staff', 'payroll', 'devices',
                           'storage_written', 'network_peaks', 'capital_items', 'service_contracts',
                           'electricity_tariffs']
  LOOP
    PERFORM pipeline.track_table(('hospital.' || t)::regclass, t, 'table');
  END LOOP;
END;
$$;

DROP FUNCTION pipeline.note_hour_changes();
DROP FUNCTION pipeline.note_table_change();

-- MARK: reading and folding

-- The partitions of the fact tables with their time ranges, as PostgreSQL states their bounds
-- (read back in the same session, so the text's time zone and date style do not matter). A
-- DEFAULT partition, or bounds that are not one timestamp range, span all time.
CREATE FUNCTION pipeline.fact_partitions()
RETURNS TABLE (source text, part oid, lower_bound timestamptz, upper_bound timestamptz)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT f.source, c.oid,
         CASE WHEN m IS NULL THEN '-infinity'::timestamptz
              WHEN m[1] = 'MINVALUE' THEN '-infinity'::timestamptz
              ELSE trim(both '''' from m[1])::timestamptz END,
         CASE WHEN m IS NULL THEN 'infinity'::timestamptz
              WHEN m[2] = 'MAXVALUE' THEN 'infinity'::timestamptz
              ELSE trim(both '''' from m[2])::timestamptz END
  FROM (VALUES ('visits'), ('charges'), ('device_utilization')) AS f(source)
  JOIN pg_inherits AS i ON i.inhparent = ('hospital.' || f.source)::regclass
  JOIN pg_class AS c ON c.oid = i.inhrelid
  CROSS JOIN LATERAL (
    SELECT regexp_match(pg_get_expr(c.relpartbound, c.oid),
                        '^FOR VALUES FROM \((MINVALUE|''[^'']*'')\) TO \((MAXVALUE|''[^'']*'')\)$') AS m
  ) AS b;
$$;

-- Moves the log's committed rows into the totals and returns how many it moved. A row of a
-- partition that still exists goes to its range; a row of the whole table, or of a partition
-- since dropped, to the table's version (as a reader counts it).
CREATE FUNCTION pipeline.fold_source_changes() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  moved_rows bigint;
BEGIN
  -- One fold at a time: another in progress folds these rows; nothing to wait for.
  IF NOT pg_try_advisory_xact_lock(hashtextextended('metahospital pipeline.fold_source_changes', 0)) THEN
    RETURN 0;
  END IF;
  WITH moved AS (
    DELETE FROM pipeline.source_changes RETURNING source, part
  ), counted AS (
    SELECT m.source, p.lower_bound, p.upper_bound, count(*) AS n
    FROM moved AS m
    LEFT JOIN pipeline.fact_partitions() AS p ON p.part = m.part AND p.source = m.source
    GROUP BY 1, 2, 3
  ), ranges AS (
    INSERT INTO pipeline.source_range_versions AS v (source, lower_bound, upper_bound, version)
    SELECT source, lower_bound, upper_bound, n FROM counted WHERE lower_bound IS NOT NULL
    ORDER BY 1, 2, 3
    ON CONFLICT (source, lower_bound, upper_bound) DO UPDATE
    SET version = v.version + excluded.version, changed_at = clock_timestamp()
  ), tables AS (
    INSERT INTO pipeline.source_versions AS v (source, version)
    SELECT source, n FROM counted WHERE lower_bound IS NULL
    ORDER BY 1
    ON CONFLICT (source) DO UPDATE
    SET version = v.version + excluded.version, changed_at = clock_timestamp()
  )
  SELECT coalesce(sum(n), 0) INTO moved_rows FROM counted;
  RETURN moved_rows;
END;
$$;

COMMENT ON FUNCTION pipeline.fold_source_changes() IS
  'Moves the committed rows of pipeline.source_changes into the folded totals; every run calls '
  'it first. Safe at any time and from any number of sessions; never blocks the loaders.';

-- The tracking triggers that are missing or would not fire for every session: on the fact
-- tables, each of their partitions, and the small tables. Empty when every change is recorded.
CREATE FUNCTION pipeline.untracked_tables()
RETURNS TABLE (source text, table_name text, problem text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  WITH wanted(source, rel) AS (
    SELECT f.source, ('hospital.' || f.source)::regclass
    FROM unnest(ARRAY['visits', 'charges', 'device_utilization', 'departments', 'admissions',
                      'surgeries', 'staff', 'payroll', 'devices', 'storage_written',
                      'network_peaks', 'capital_items', 'service_contracts',
                      'electricity_tariffs']) AS f(source)
    UNION ALL
    SELECT f.source, i.inhrelid::regclass
    FROM unnest(ARRAY['visits', 'charges', 'device_utilization']) AS f(source)
    JOIN pg_inherits AS i ON i.inhparent = ('hospital.' || f.source)::regclass
  )
  SELECT w.source, w.rel::text,
         CASE WHEN c.relkind = 'p' AND w.rel <> ('hospital.' || w.source)::regclass
                THEN 'is partitioned itself (sub-partitions are not tracked)'
              WHEN t.oid IS NULL THEN 'has no trigger note_change'
              WHEN t.tgenabled = 'D' THEN 'has its trigger note_change disabled'
              WHEN t.tgenabled = 'R' THEN 'has its trigger note_change enabled for replicas only'
              ELSE 'has its trigger note_change off under session_replication_role = replica' END
  FROM wanted AS w
  JOIN pg_class AS c ON c.oid = w.rel
  LEFT JOIN pg_trigger AS t ON t.tgrelid = w.rel AND t.tgname = 'note_change'
  WHERE t.oid IS NULL OR t.tgenabled <> 'A'
     OR (c.relkind = 'p' AND w.rel <> ('hospital.' || w.source)::regclass)
  ORDER BY 2;
$$;

-- Only the owner and the roles granted it (sql/roles/reporting.sql) fold; the loaders need no
-- function of this schema (the trigger runs as its owner whoever writes).
REVOKE EXECUTE ON FUNCTION pipeline.fold_source_changes(), pipeline.track_table(regclass, text, text),
  pipeline.track_partitions() FROM PUBLIC;
