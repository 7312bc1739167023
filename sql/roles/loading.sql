-- The loading role: what the jobs that load the hospital's records need, and nothing more.
--
--   hospital   USAGE on the schema; SELECT, INSERT, UPDATE and DELETE on its tables (and on
--              tables the owner creates later). Rows go in through the partitioned tables
--              (hospital.visits, …), so no right on a partition itself is needed.
--
--   pipeline   nothing. Every statement that changes hospital data appends to the period memory's
--              change log (pipeline.source_changes), through triggers whose function runs as its
--              owner (migration 006), so the loading role needs no right there. (Before 006 it
--              needed SELECT, INSERT and UPDATE on the version tables; this file revokes them.)
--
-- No TRUNCATE, no DDL: partitions for a new year are created
-- by the owner (`SELECT hospital.ensure_month_partitions('hospital.visits', 2027)`, and the
-- same for charges and device_utilization); until then rows land in the DEFAULT partition.
--
-- Apply as the owner of the database, in each database that is loaded; safe to apply again:
--
--   psql -d hospital -f sql/roles/loading.sql
--   CREATE ROLE loader LOGIN;   -- then \password loader
--   GRANT metahospital_loading TO loader;

DO $$
BEGIN
  CREATE ROLE metahospital_loading NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- already there (another database of the cluster, or applied before)
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO metahospital_loading', current_database());
END
$$;

GRANT USAGE ON SCHEMA hospital TO metahospital_loading;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hospital TO metahospital_loading;
ALTER DEFAULT PRIVILEGES IN SCHEMA hospital
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO metahospital_loading;

-- What migration 005's triggers needed, taken back.
REVOKE ALL ON pipeline.source_versions, pipeline.source_hour_versions FROM metahospital_loading;
REVOKE USAGE ON SCHEMA pipeline FROM metahospital_loading;
