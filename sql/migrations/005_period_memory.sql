-- 005 — period memory: what each month of data looked like when it was last read, so that a
-- quarter, a year or a year to date composes its months instead of rescanning them, and a change
-- to a month already reported is found and stated.
--
-- Fingerprints. Every write to a source table bumps a version, in the writing transaction itself,
-- by statement-level triggers (one per statement, never one per row):
--   * the fact tables (visits, charges, device_utilization) keep a version per UTC hour of their
--     timestamp (pipeline.source_hour_versions): a statement adds one to each hour it touched,
--     read from its transition tables (OLD and NEW rows, so a row moved between hours bumps both);
--     TRUNCATE bumps the table's whole-table version;
--   * every other hospital table keeps one whole-table version (pipeline.source_versions).
-- Versions only grow, so the sum of a table's versions over a range of hours changes whenever a
-- row in that range is inserted, updated or deleted: the fingerprint of a month's query is that
-- sum over the UTC hours its rows can fall on (a local month is whole UTC hours wherever the
-- offset is whole hours; elsewhere the boundary hour counts for both months), with the
-- whole-table versions of what it reads. It is
-- exact (no sampling, no planner statistic) and costs one small query per run. The triggers are
-- on the partitioned tables and on each partition (a statement naming a partition fires only the
-- partition's triggers); hospital.ensure_month_partitions below adds them to new partitions.
-- Loaders must not disable triggers (session_replication_role = replica), or the change is missed.

CREATE TABLE pipeline.source_hour_versions (
  source text NOT NULL,
  hour timestamptz NOT NULL,     -- the UTC hour of the row's timestamp
  version bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (source, hour)
);

CREATE TABLE pipeline.source_versions (
  source text PRIMARY KEY,
  version bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

COMMENT ON TABLE pipeline.source_hour_versions IS
  'Per UTC hour, how many statements changed rows of a fact table in that hour (statement triggers).';
COMMENT ON TABLE pipeline.source_versions IS
  'Per hospital table, how many statements changed it (TRUNCATE only, for the fact tables).';

-- Bumps the whole-table version of TG_ARGV[0].
CREATE FUNCTION pipeline.note_table_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pipeline.source_versions AS v (source, version)
  VALUES (TG_ARGV[0], 1)
  ON CONFLICT (source) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();
  RETURN NULL;
END;
$$;

-- Bumps the hour versions of TG_ARGV[0] for the UTC hours of column TG_ARGV[1] in the
-- statement's transition tables (new_rows for INSERT and UPDATE, old_rows for UPDATE and DELETE).
-- Hours are whole seconds since the epoch divided by 3,600: integer arithmetic, no time zone.
CREATE FUNCTION pipeline.note_hour_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  hours_of constant text := format(
    'SELECT DISTINCT date_bin(''1 hour'', %I, timestamptz ''2000-01-01 00:00:00+00'') AS hour FROM %%s', TG_ARGV[1]);
  touched text;
BEGIN
  touched := CASE TG_OP
    WHEN 'INSERT' THEN format(hours_of, 'new_rows')
    WHEN 'DELETE' THEN format(hours_of, 'old_rows')
    ELSE format(hours_of, 'new_rows') || ' UNION ' || format(hours_of, 'old_rows')
  END;
  EXECUTE format(
    'INSERT INTO pipeline.source_hour_versions AS v (source, hour, version)
     SELECT %L, hour, 1 FROM (%s) AS h
     ON CONFLICT (source, hour) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp()',
    TG_ARGV[0], touched);
  RETURN NULL;
END;
$$;

-- The change triggers of one fact table or partition.
CREATE FUNCTION pipeline.add_fact_triggers(target regclass, source text, time_column text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER note_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_hour_changes(%L, %L)', target, source, time_column);
  EXECUTE format('CREATE TRIGGER note_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_hour_changes(%L, %L)', target, source, time_column);
  EXECUTE format('CREATE TRIGGER note_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_hour_changes(%L, %L)', target, source, time_column);
  EXECUTE format('CREATE TRIGGER note_truncate AFTER TRUNCATE ON %s
    FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_table_change(%L)', target, source);
END;
$$;

-- The fact tables and the partitions they have now.
DO $$
DECLARE
  fact record;
  part record;
BEGIN
  FOR fact IN SELECT * FROM (VALUES ('hospital.visits', 'visits', 'started_at'),
                                    ('hospital.charges', 'charges', 'charged_at'),
                                    ('hospital.device_utilization', 'device_utilization', 'hour_start'))
                         AS f(tbl, source, time_column)
  LOOP
    PERFORM pipeline.add_fact_triggers(fact.tbl::regclass, fact.source, fact.time_column);
    FOR part IN SELECT inhrelid::regclass AS rel FROM pg_inherits WHERE inhparent = fact.tbl::regclass LOOP
      PERFORM pipeline.add_fact_triggers(part.rel, fact.source, fact.time_column);
    END LOOP;
  END LOOP;
END;
$$;

-- The other hospital tables: one version each, bumped by any write.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['departments', 'admissions', 'surgeries', 'staff', 'payroll', 'devices',
                           'storage_written', 'network_peaks', 'capital_items', 'service_contracts',
                           'electricity_tariffs']
  LOOP
    EXECUTE format('CREATE TRIGGER note_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hospital.%I
      FOR EACH STATEMENT EXECUTE FUNCTION pipeline.note_table_change(%L)', t, t);
  END LOOP;
END;
$$;

-- New partitions get the triggers too: the function of 001, plus the fact triggers on each
-- partition it creates.
CREATE OR REPLACE FUNCTION hospital.ensure_month_partitions(
  parent regclass, year integer, zone text DEFAULT 'Asia/Shanghai'
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  parent_name text := (SELECT relname FROM pg_class WHERE oid = parent);
  source text := parent_name;
  time_column text := CASE parent_name WHEN 'visits' THEN 'started_at' WHEN 'charges' THEN 'charged_at'
                                       WHEN 'device_utilization' THEN 'hour_start' END;
  m integer;
  lower_bound timestamptz;
  upper_bound timestamptz;
  part_name text;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND c.relname = parent_name || '_default'
  ) THEN
    EXECUTE format('CREATE TABLE hospital.%I PARTITION OF %s DEFAULT', parent_name || '_default', parent);
    IF time_column IS NOT NULL THEN
      PERFORM pipeline.add_fact_triggers(format('hospital.%I', parent_name || '_default')::regclass, source, time_column);
    END IF;
  END IF;
  FOR m IN 1..12 LOOP
    part_name := format('%s_%s_%s', parent_name, year, lpad(m::text, 2, '0'));
    CONTINUE WHEN EXISTS (
      SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'hospital' AND c.relname = part_name
    );
    lower_bound := make_timestamptz(year, m, 1, 0, 0, 0, zone);
    upper_bound := (lower_bound AT TIME ZONE zone + interval '1 month') AT TIME ZONE zone;
    EXECUTE format('CREATE TABLE hospital.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
      part_name, parent, lower_bound, upper_bound);
    IF time_column IS NOT NULL THEN
      PERFORM pipeline.add_fact_triggers(format('hospital.%I', part_name)::regclass, source, time_column);
    END IF;
  END LOOP;
END;
$$;

-- MARK: what was read, and what was reported

-- One month's result of one monthly SQL file (an extraction or a check over the fact tables),
-- with the fingerprint of the rows it read. A later run covering the month reuses it while the
-- fingerprint and the file's SHA-256 are unchanged, and reads the month again otherwise.
CREATE TABLE pipeline.month_results (
  sql_file text NOT NULL,
  zone text NOT NULL,
  month date NOT NULL,                 -- the month's first local day
  sql_sha256 text NOT NULL,
  fingerprint jsonb NOT NULL,          -- {"visits": "epoch:sum of day versions", "departments": "version", …}
  columns jsonb NOT NULL,              -- [["visits", 20], …]: name and type OID of each column
  rows jsonb NOT NULL,                 -- [["virtual", "16946", …], …]: values as PostgreSQL text
  computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  run_id uuid,
  PRIMARY KEY (sql_file, zone, month)
);

-- Each month's figures as a run reported them (append-only): the memory that finds and states a
-- restatement, a closed month whose figures changed since a run reported them after it closed.
CREATE TABLE pipeline.month_figures (
  job text NOT NULL,
  month date NOT NULL,
  run_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  month_closed boolean NOT NULL,       -- whether the month had ended when the run read it
  inputs_sha256 text NOT NULL,         -- of the job, scenario and SQL files the figures came from
  figures jsonb NOT NULL,              -- {"effective_revenue_cny": "423650.00", …}
  PRIMARY KEY (job, month, run_id)
);

CREATE INDEX month_figures_latest ON pipeline.month_figures (job, month, recorded_at DESC);
