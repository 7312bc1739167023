-- 008 — beyond one server: the shard key the SQL files group by, and what makes a node the
-- coordinator of shards (partitions over postgres_fdw). On a single server nothing changes: the
-- shard key is the constant 0, every function keeps its single-node behaviour, and
-- pipeline.shards is empty.
--
-- The layout (README, *Beyond one server*): each shard is a PostgreSQL database migrated with the
-- project's migrations, the single-node schema, whose fact tables stay range-partitioned by local
-- month and carry the change-capture triggers of migration 006. The coordinator is a migrated
-- database on which pipeline.make_coordinator() replaces the three fact tables by parents
-- partitioned BY LIST (hospital.shard_of(…)) with one postgres_fdw foreign partition per shard:
--   visits               by visit_id
--   charges              by visit_id, or admission_id when visit_id is NULL (inpatient): a charge
--                        is on the shard of its visit, so the charge-to-visit check runs per shard
--   device_utilization   by device_id
-- Every other hospital table stays on the coordinator.
--
-- Why the shard key is a function. PostgreSQL 15 sends an aggregate to a foreign partition only
-- when the GROUP BY holds the partition key (partitionwise aggregation); otherwise the
-- coordinator aggregates the shards' rows itself. The SQL files therefore group by
-- hospital.shard_of(visit_id) (…) in their inner GROUP BYs and add the groups up outside. An SQL
-- function with a one-expression body is inlined by the planner, in the partition key as in a
-- query, so the two match, and postgres_fdw sends the inlined expression (built-in functions
-- only) to the shards. On a single server the body is the constant 0: the extra grouping key
-- costs nothing. make_coordinator() gives it the body of the cluster, once, before any row is
-- routed by it: replacing it later would move rows to other partitions than hold them.

-- MARK: the shard key

CREATE FUNCTION hospital.shard_of(id bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 0;

COMMENT ON FUNCTION hospital.shard_of(bigint) IS
  'The shard holding the rows of an id (visit, admission or device): 0 on a single server; on a '
  'coordinator, set once by pipeline.make_coordinator(). The SQL files group by it.';

-- A charge's shard: its visit's, or its admission's when it has no visit (inpatient).
CREATE FUNCTION hospital.shard_of(visit_id bigint, admission_id bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN hospital.shard_of(CASE WHEN visit_id IS NULL THEN admission_id ELSE visit_id END);

COMMENT ON FUNCTION hospital.shard_of(bigint, bigint) IS
  'The shard of a charge: its visit''s, or its admission''s when it has no visit.';

-- MARK: the shards of a coordinator

-- One row per shard of a coordinator: the value of hospital.shard_of() whose rows it holds and
-- the postgres_fdw foreign server that reaches it. Empty on a single server and on a shard.
CREATE TABLE pipeline.shards (
  shard integer PRIMARY KEY,
  server name NOT NULL UNIQUE
);

COMMENT ON TABLE pipeline.shards IS
  'The shards of a coordinator (pipeline.make_coordinator): empty on a single server and on a shard.';

-- Runs one statement on a shard, through dblink (postgres_fdw cannot call a function): as the
-- caller's user mapping of the shard's server, with a lock timeout so that a statement that
-- would wait for a lock the calling session holds through postgres_fdw fails instead of waiting
-- for ever. Returns the first column of the statement's first row, or its status text.
CREATE FUNCTION pipeline.shard_exec(server name, statement text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dblink_schema name := (SELECT n.nspname FROM pg_extension AS e
                         JOIN pg_namespace AS n ON n.oid = e.extnamespace
                         WHERE e.extname = 'dblink');
  status text;
  detail text;
BEGIN
  IF dblink_schema IS NULL THEN
    RAISE EXCEPTION 'the extension dblink is not installed (CREATE EXTENSION dblink, as a superuser)';
  END IF;
  BEGIN
    -- dblink() rather than dblink_exec(): it takes a SELECT as well as a command (whose status
    -- it returns as one row).
    EXECUTE format('SELECT r FROM %I.dblink($1, $2) AS t(r text) LIMIT 1', dblink_schema) INTO status
      USING server, 'SET lock_timeout = ''10s''; ' || statement;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = format('shard %s: %s', server, SQLERRM),
      DETAIL = coalesce(detail, '');
  END;
  RETURN status;
END;
$$;

REVOKE EXECUTE ON FUNCTION pipeline.shard_exec(name, text) FROM PUBLIC;

-- MARK: what a node's change capture says, in one relation

-- The change records of this node (migration 006), in one shape, for a coordinator to read
-- through one foreign table per shard: the same counts SourceChanges reads from the tables
-- themselves on a single server. kind: 'hour' (005's counters), 'range' (folded partition
-- counts), 'table' (folded whole-table counts), 'log' (the log not yet folded, counted by
-- partition; part NULL for the whole table), 'partition' (a fact table's partitions), 'trigger'
-- (each hospital table's tracking trigger and its row version), 'untracked' (what
-- pipeline.untracked_tables() reports). Hours are whole UTC hours since the epoch, both ends
-- included, NULL when unbounded.
CREATE VIEW pipeline.change_records AS
SELECT 'hour'::text AS kind, source, NULL::bigint AS part,
       extract(epoch FROM hour)::bigint / 3600 AS low_hour, NULL::bigint AS high_hour,
       version, NULL::text AS name, NULL::text AS tag
FROM pipeline.source_hour_versions
UNION ALL
SELECT 'range', source, NULL,
       CASE WHEN lower_bound = '-infinity' THEN NULL ELSE floor(extract(epoch FROM lower_bound) / 3600)::bigint END,
       CASE WHEN upper_bound = 'infinity' THEN NULL ELSE ceil(extract(epoch FROM upper_bound) / 3600)::bigint - 1 END,
       version, NULL, NULL
FROM pipeline.source_range_versions
UNION ALL
SELECT 'table', source, NULL, NULL, NULL, version, NULL, NULL
FROM pipeline.source_versions
UNION ALL
SELECT 'log', source, part::bigint, NULL, NULL, count(*), NULL, NULL
FROM pipeline.source_changes
GROUP BY source, part
UNION ALL
SELECT 'partition', source, part::bigint,
       CASE WHEN lower_bound = '-infinity' THEN NULL ELSE floor(extract(epoch FROM lower_bound) / 3600)::bigint END,
       CASE WHEN upper_bound = 'infinity' THEN NULL ELSE ceil(extract(epoch FROM upper_bound) / 3600)::bigint - 1 END,
       NULL, NULL, NULL
FROM pipeline.fact_partitions()
UNION ALL
SELECT 'trigger', NULL, c.oid::bigint, NULL, NULL, NULL, c.relname::text COLLATE "default", coalesce(t.xmin::text, 'none')
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace AND n.nspname = 'hospital'
LEFT JOIN pg_catalog.pg_trigger AS t ON t.tgrelid = c.oid AND t.tgname = 'note_change'
WHERE c.relkind IN ('r', 'p')
UNION ALL
SELECT 'untracked', source, NULL, NULL, NULL, NULL, table_name, problem
FROM pipeline.untracked_tables();

COMMENT ON VIEW pipeline.change_records IS
  'This node''s change capture in one relation (what SourceChanges reads), for a coordinator.';

-- The shards' change records, as a coordinator reads them (one foreign table per shard, made by
-- pipeline.make_coordinator()); no row on a single server or a shard.
CREATE VIEW pipeline.shard_change_records AS
SELECT NULL::text AS shard, r.*
FROM pipeline.change_records AS r
WHERE false;

-- The tracking triggers that are missing or would not fire for every session: 006's function,
-- and on a coordinator, whose fact tables are partitions on other servers, each shard's answer
-- (named `shard: table`) in place of the coordinator's fact tables.
CREATE OR REPLACE FUNCTION pipeline.untracked_tables()
RETURNS TABLE (source text, table_name text, problem text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  WITH coordinator(is_coordinator) AS (
    SELECT EXISTS (SELECT 1 FROM pipeline.shards)
  ), wanted(source, rel) AS (
    SELECT f.source, ('hospital.' || f.source)::regclass
    FROM unnest(ARRAY['visits', 'charges', 'device_utilization', 'departments', 'admissions',
                      'surgeries', 'staff', 'payroll', 'devices', 'storage_written',
                      'network_peaks', 'capital_items', 'service_contracts',
                      'electricity_tariffs']) AS f(source)
    UNION ALL
    SELECT f.source, i.inhrelid::regclass
    FROM unnest(ARRAY['visits', 'charges', 'device_utilization']) AS f(source)
    JOIN pg_inherits AS i ON i.inhparent = ('hospital.' || f.source)::regclass
  ), here AS (
    SELECT w.source, w.rel::text AS table_name,
           CASE WHEN c.relkind = 'p' AND w.rel <> ('hospital.' || w.source)::regclass
                  THEN 'is partitioned itself (sub-partitions are not tracked)'
                WHEN t.oid IS NULL THEN 'has no trigger note_change'
                WHEN t.tgenabled = 'D' THEN 'has its trigger note_change disabled'
                WHEN t.tgenabled = 'R' THEN 'has its trigger note_change enabled for replicas only'
                ELSE 'has its trigger note_change off under session_replication_role = replica' END AS problem
    FROM wanted AS w
    JOIN pg_class AS c ON c.oid = w.rel
    LEFT JOIN pg_trigger AS t ON t.tgrelid = w.rel AND t.tgname = 'note_change'
    WHERE (t.oid IS NULL OR t.tgenabled <> 'A'
           OR (c.relkind = 'p' AND w.rel <> ('hospital.' || w.source)::regclass))
      AND NOT (w.source IN ('visits', 'charges', 'device_utilization')
               AND (SELECT is_coordinator FROM coordinator))
  )
  SELECT source, table_name, problem FROM here
  UNION ALL
  SELECT r.source, r.shard || ': ' || r.name, r.tag
  FROM pipeline.shard_change_records AS r
  WHERE r.kind = 'untracked'
  ORDER BY 2;
$$;

-- MARK: partitions, a year replaced, statistics

-- A year of monthly partitions (migration 005's function): on a coordinator, whose fact tables
-- are partitioned by shard, the same call on every shard (through dblink), where the rows are.
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
  node record;
BEGIN
  IF (SELECT partstrat FROM pg_partitioned_table WHERE partrelid = parent) IS DISTINCT FROM 'r' THEN
    IF NOT EXISTS (SELECT 1 FROM pipeline.shards) THEN
      RAISE EXCEPTION '% is not partitioned by time, and this database has no shards', parent;
    END IF;
    FOR node IN SELECT s.server FROM pipeline.shards AS s ORDER BY s.shard LOOP
      PERFORM pipeline.shard_exec(node.server,
        format('SELECT hospital.ensure_month_partitions(%L, %s, %L)',
               'hospital.' || quote_ident(parent_name), year, zone));
    END LOOP;
    RETURN;
  END IF;
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

-- Removes a year of a fact table's rows (the seed replaces a year): on a single server its
-- twelve monthly partitions are truncated (with wal_level = minimal, rows then loaded in the
-- same transaction skip WAL); on a coordinator the rows are deleted on every shard, in the
-- transaction that loads the year again (postgres_fdw sends one DELETE to each shard).
CREATE FUNCTION hospital.remove_year(parent regclass, year integer, zone text DEFAULT 'Asia/Shanghai')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  parent_name text := (SELECT relname FROM pg_class WHERE oid = parent);
  time_column text := CASE parent_name WHEN 'visits' THEN 'started_at' WHEN 'charges' THEN 'charged_at'
                                       WHEN 'device_utilization' THEN 'hour_start' END;
  part record;
BEGIN
  IF (SELECT partstrat FROM pg_partitioned_table WHERE partrelid = parent) = 'r' THEN
    FOR part IN
      SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = 'hospital'
        AND c.relname IN (SELECT format('%s_%s_%s', parent_name, year, lpad(m::text, 2, '0'))
                          FROM generate_series(1, 12) AS m)
    LOOP
      EXECUTE format('TRUNCATE hospital.%I', part.relname);
    END LOOP;
  ELSE
    EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', parent, time_column, time_column)
      USING make_timestamptz(year, 1, 1, 0, 0, 0, zone), make_timestamptz(year + 1, 1, 1, 0, 0, 0, zone);
  END IF;
END;
$$;

-- Refreshes the planner's statistics of the hospital tables after a bulk load. On a coordinator
-- the fact tables are analyzed on each shard, where their rows are (postgres_fdw 15 would copy
-- every row to the coordinator to sample them), and the coordinator's servers ask the shards for
-- their estimates (use_remote_estimate).
CREATE FUNCTION pipeline.analyze_hospital_tables() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  node record;
BEGIN
  ANALYZE hospital.admissions, hospital.surgeries, hospital.staff, hospital.payroll, hospital.devices,
    hospital.storage_written, hospital.network_peaks, hospital.capital_items,
    hospital.service_contracts, hospital.electricity_tariffs, hospital.departments;
  IF NOT EXISTS (SELECT 1 FROM pipeline.shards) THEN
    ANALYZE hospital.visits, hospital.charges, hospital.device_utilization;
  END IF;
  FOR node IN SELECT s.server FROM pipeline.shards AS s ORDER BY s.shard LOOP
    PERFORM pipeline.shard_exec(node.server,
      'ANALYZE hospital.visits, hospital.charges, hospital.device_utilization');
  END LOOP;
END;
$$;

-- MARK: folding every node's log

-- 006's fold of this node's log, and on a coordinator each shard's own fold, run on the shard
-- (through dblink, as the function's owner's user mapping): a shard's log and its totals change
-- together in one transaction of the shard, as on a single server. A shard that cannot be
-- reached fails the fold with its name (SQLSTATE 08001).
CREATE OR REPLACE FUNCTION pipeline.fold_source_changes() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  moved_rows bigint;
  shard_rows bigint;
  node record;
  dblink_schema name;
  detail text;
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
  FOR node IN SELECT s.server FROM pipeline.shards AS s ORDER BY s.shard LOOP
    dblink_schema := (SELECT n.nspname FROM pg_extension AS e
                      JOIN pg_namespace AS n ON n.oid = e.extnamespace WHERE e.extname = 'dblink');
    BEGIN
      EXECUTE format('SELECT moved FROM %I.dblink($1, $2) AS t(moved bigint)', dblink_schema)
        INTO shard_rows USING node.server, 'SELECT pipeline.fold_source_changes()';
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = format('shard %s: %s', node.server, SQLERRM),
        DETAIL = coalesce(detail, '');
    END;
    moved_rows := moved_rows + coalesce(shard_rows, 0);
  END LOOP;
  RETURN moved_rows;
END;
$$;

REVOKE EXECUTE ON FUNCTION pipeline.fold_source_changes() FROM PUBLIC;

-- MARK: making a coordinator

-- Makes this database the coordinator of the shards reached by `servers` (postgres_fdw foreign
-- servers, in shard order; each a database migrated with the project's migrations, empty):
--   * hospital.shard_of(id) becomes abs(hashint8(id) % number of shards);
--   * visits, charges and device_utilization (which must be empty here) are replaced by parents
--     partitioned BY LIST (hospital.shard_of(…)) with one foreign partition per shard, named
--     <table>_<server>, reading and writing the shard's table of the same name;
--   * pipeline.shard_change_records reads each shard's pipeline.change_records;
--   * the servers get the options the layout relies on (asynchronous scans, batched inserts,
--     remote estimates, transfer costs) unless already set, and the database enables
--     partitionwise joins and aggregation for new sessions and costs its own work 100 times the
--     shards' (below);
--   * on each shard, the foreign key of device_utilization to devices (which stays on the
--     coordinator) is dropped: a key cannot span servers.
-- Run it once, as the database owner, after `metahospital migrate` and after creating the
-- extensions postgres_fdw and dblink, the servers and the owner's user mappings (README,
-- *Beyond one server*; scripts/local-cluster does all of it).
CREATE FUNCTION pipeline.make_coordinator(servers name[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  shard_count integer := coalesce(array_length(servers, 1), 0);
  server_name name;
  i integer;
  fact record;
  union_sql text := '';
  option_name text;
  option_value text;
BEGIN
  IF shard_count < 1 THEN
    RAISE EXCEPTION 'make_coordinator needs at least one foreign server';
  END IF;
  IF EXISTS (SELECT 1 FROM pipeline.shards) THEN
    RAISE EXCEPTION 'this database is already a coordinator (pipeline.shards)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'dblink') THEN
    RAISE EXCEPTION 'the extension dblink is not installed (CREATE EXTENSION dblink, as a superuser)';
  END IF;
  FOREACH server_name IN ARRAY servers LOOP
    IF NOT EXISTS (
      SELECT 1 FROM pg_foreign_server AS s JOIN pg_foreign_data_wrapper AS w ON w.oid = s.srvfdw
      WHERE s.srvname = server_name AND w.fdwname = 'postgres_fdw'
    ) THEN
      RAISE EXCEPTION 'no postgres_fdw server named %', server_name;
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM hospital.visits) OR EXISTS (SELECT 1 FROM hospital.charges)
     OR EXISTS (SELECT 1 FROM hospital.device_utilization) THEN
    RAISE EXCEPTION 'the fact tables of this database hold rows: a coordinator is made from an empty database';
  END IF;

  INSERT INTO pipeline.shards (shard, server)
  SELECT s.ordinality - 1, s.server FROM unnest(servers) WITH ORDINALITY AS s(server, ordinality);
  EXECUTE format('CREATE OR REPLACE FUNCTION hospital.shard_of(id bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN abs(hashint8(id) %% %s)', shard_count);

  FOR fact IN SELECT * FROM (VALUES
      ('visits', 'hospital.shard_of(visit_id)'),
      ('charges', 'hospital.shard_of(visit_id, admission_id)'),
      ('device_utilization', 'hospital.shard_of(device_id)')) AS f(name, shard_key)
  LOOP
    EXECUTE format('CREATE TABLE hospital.%I (LIKE hospital.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      PARTITION BY LIST (%s)', fact.name || '_by_shard', fact.name, fact.shard_key);
    EXECUTE format('DROP TABLE hospital.%I', fact.name);
    EXECUTE format('ALTER TABLE hospital.%I RENAME TO %I', fact.name || '_by_shard', fact.name);
    FOR i IN 1..shard_count LOOP
      EXECUTE format('CREATE FOREIGN TABLE hospital.%I PARTITION OF hospital.%I FOR VALUES IN (%s)
        SERVER %I OPTIONS (schema_name %L, table_name %L)',
        fact.name || '_' || servers[i], fact.name, i - 1, servers[i], 'hospital', fact.name);
    END LOOP;
  END LOOP;

  FOR i IN 1..shard_count LOOP
    EXECUTE format('CREATE FOREIGN TABLE pipeline.%I (kind text, source text, part bigint,
        low_hour bigint, high_hour bigint, version bigint, name text, tag text)
      SERVER %I OPTIONS (schema_name %L, table_name %L)',
      'change_records_' || servers[i], servers[i], 'pipeline', 'change_records');
    union_sql := union_sql || CASE WHEN i > 1 THEN ' UNION ALL ' ELSE '' END
      || format('SELECT %L::text AS shard, r.* FROM pipeline.%I AS r', servers[i], 'change_records_' || servers[i]);
    -- What the layout relies on, unless the server already says otherwise.
    -- Transfer costed in the coordinator's scaled units (below): postgres_fdw's defaults, 100
    -- and 0.01, times 100.
    FOR option_name, option_value IN SELECT * FROM (VALUES
        ('async_capable', 'true'), ('batch_size', '1000'), ('use_remote_estimate', 'true'),
        ('fetch_size', '1000'), ('fdw_startup_cost', '10000'), ('fdw_tuple_cost', '1')) AS o(n, v)
    LOOP
      IF NOT EXISTS (
        SELECT 1 FROM pg_foreign_server AS s, unnest(s.srvoptions) AS o
        WHERE s.srvname = servers[i] AND o LIKE option_name || '=%'
      ) THEN
        EXECUTE format('ALTER SERVER %I OPTIONS (ADD %I %L)', servers[i], option_name, option_value);
      END IF;
    END LOOP;
    PERFORM pipeline.shard_exec(servers[i],
      'ALTER TABLE hospital.device_utilization DROP CONSTRAINT IF EXISTS device_utilization_device_id_fkey');
  END LOOP;
  EXECUTE 'CREATE OR REPLACE VIEW pipeline.shard_change_records AS ' || union_sql;

  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_aggregate = on', current_database());
  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_join = on', current_database());
  -- The coordinator's own work costed 100 times the shards' (every cost setting scaled alike, so
  -- that the coordinator chooses among its local plans as before). Whether PostgreSQL sends an
  -- aggregate or a join to a shard is a choice of the cheaper plan, and it estimates the groups
  -- of a GROUP BY on an expression of an id (the shard key, a minute, a bucket of ids) as many
  -- as the rows, so that aggregating on the shard and aggregating the shard's rows here cost
  -- about the same: a coin toss, measured to go either way. Work here is one process over
  -- every shard's rows; work on the shards runs on each of them at once, on their own rows.
  -- With remote estimates (use_remote_estimate), the shards' costs are their own, unscaled.
  FOR option_name IN SELECT unnest(ARRAY['seq_page_cost', 'random_page_cost', 'cpu_tuple_cost',
      'cpu_index_tuple_cost', 'cpu_operator_cost', 'parallel_setup_cost', 'parallel_tuple_cost',
      'jit_above_cost', 'jit_inline_above_cost', 'jit_optimize_above_cost'])
  LOOP
    EXECUTE format('ALTER DATABASE %I SET %I = %s', current_database(), option_name,
                   current_setting(option_name)::float8 * 100);
  END LOOP;
END;
$$;

REVOKE EXECUTE ON FUNCTION pipeline.make_coordinator(name[]) FROM PUBLIC;
