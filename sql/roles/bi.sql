-- The BI role: what a dashboard (Metabase, Superset, Grafana, Power BI…) connected to the
-- database needs to chart what the tool recorded, and nothing more.
--
--   reporting  USAGE on the schema; SELECT on its views (migration 007): reporting.month_figures,
--              reporting.restatements, reporting.runs and reporting.check_results, and on views
--              a later migration adds there (default privileges of the role that migrates).
--   hospital   nothing: no patient, visit or charge row.
--   pipeline   nothing: the views read the tool's tables with their owner's rights, so the role
--              needs no right on the tables themselves.
--
-- No write anywhere, no DDL. Apply as the owner of the database (the role that ran
-- `metahospital migrate`), in each database the tool reports from, after `migrate`; safe to
-- apply again:
--
--   psql -d hospital -f sql/roles/bi.sql
--
-- then give the BI tool a login that is a member, and its password in the tool's settings:
--
--   CREATE ROLE dashboards LOGIN;   -- then \password dashboards
--   GRANT metahospital_bi TO dashboards;

DO $$
BEGIN
  CREATE ROLE metahospital_bi NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- already there (another database of the cluster, or applied before)
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO metahospital_bi', current_database());
END
$$;

GRANT USAGE ON SCHEMA reporting TO metahospital_bi;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO metahospital_bi;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO metahospital_bi;

-- Nothing on the hospital's data or the tool's own tables, even if granted by hand before.
REVOKE ALL ON ALL TABLES IN SCHEMA hospital FROM metahospital_bi;
REVOKE ALL ON ALL TABLES IN SCHEMA pipeline FROM metahospital_bi;
REVOKE ALL ON SCHEMA hospital, pipeline FROM metahospital_bi;
