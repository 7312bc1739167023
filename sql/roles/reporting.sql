-- The reporting role: what `metahospital run` needs, and nothing more.
--
--   hospital   USAGE on the schema, SELECT on its tables (and on tables the owner creates
--              later, such as next year's partitions): the extraction queries and checks read.
--   pipeline   USAGE on the schema; SELECT, INSERT and UPDATE on pipeline.runs (the run history)
--              and on pipeline.month_results and pipeline.month_figures (the months a run keeps
--              for the next); SELECT and INSERT on pipeline.run_checks (each run's checks,
--              written with its outcome; migration 007); SELECT on the change log and its folded totals
--              (pipeline.source_changes, source_range_versions, source_versions,
--              source_hour_versions: the fingerprints of what those months read), and EXECUTE on
--              pipeline.fold_source_changes(), which every run calls first (it runs as its owner:
--              the role itself cannot change the log); SELECT on pipeline.shards,
--              pipeline.change_records and pipeline.shard_change_records (migration 008: on a
--              coordinator, the shards and their change records, read through the owner's
--              user mappings; empty elsewhere).
--
-- On a coordinator (README, *Beyond one server*), apply this file there and on every shard, and
-- give each login that runs reports its user mappings to the shards: sql/roles/cluster.sql.
--
-- Nothing else: no INSERT, UPDATE, DELETE or TRUNCATE on hospital data, no DDL, no write to the
-- fingerprints, no access to the migration history or to pipeline.synthetic_data, so `migrate`
-- and `seed` refuse to run as this role (exit 77). Runs also read in read-only transactions,
-- one SELECT per SQL file. Apply the file again after a migration adds a table the run uses.
--
-- Apply as the owner of the database (the role that ran `metahospital migrate`), in each
-- database the tool reports from; safe to apply again:
--
--   psql -d hospital -f sql/roles/reporting.sql
--
-- then give cron a login that is a member, with its password in ~/.pgpass on the cron host:
--
--   CREATE ROLE reporter LOGIN;   -- then \password reporter
--   GRANT metahospital_reporting TO reporter;
--
-- Use one login for every run of a job: a run takes over the lock of a run of the same login
-- whose process is gone (PostgreSQL lets a role end its own sessions only).

DO $$
BEGIN
  CREATE ROLE metahospital_reporting NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- already there (another database of the cluster, or applied before)
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO metahospital_reporting', current_database());
END
$$;

GRANT USAGE ON SCHEMA hospital TO metahospital_reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA hospital TO metahospital_reporting;
ALTER DEFAULT PRIVILEGES IN SCHEMA hospital GRANT SELECT ON TABLES TO metahospital_reporting;

GRANT USAGE ON SCHEMA pipeline TO metahospital_reporting;
GRANT SELECT, INSERT, UPDATE ON pipeline.runs, pipeline.month_results, pipeline.month_figures
  TO metahospital_reporting;
GRANT SELECT, INSERT ON pipeline.run_checks TO metahospital_reporting;
GRANT SELECT ON pipeline.source_changes, pipeline.source_range_versions, pipeline.source_versions,
  pipeline.source_hour_versions TO metahospital_reporting;
GRANT EXECUTE ON FUNCTION pipeline.fold_source_changes() TO metahospital_reporting;
GRANT SELECT ON pipeline.shards, pipeline.change_records, pipeline.shard_change_records
  TO metahospital_reporting;
