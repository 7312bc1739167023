-- 007 — where a finance office works: what the tool recorded, as typed views for BI tools.
--
-- Schema `reporting` holds four views and nothing else; the role metahospital_bi
-- (sql/roles/bi.sql) reads them and no table of `hospital` or `pipeline`:
--
--   reporting.month_figures   one row per job and month: the figures the latest run recorded for
--                             it, as typed columns, with the plan prorated to the month and
--                             whether a run found it restated
--   reporting.restatements    one row per figure a run found changed in a closed month since a
--                             run had recorded it after the month closed (the tool's own rule)
--   reporting.runs            one row per run: job, period, status, times, build, checks
--   reporting.check_results   one row per data-quality check of a run
--
-- The views run with their owner's rights (the role that migrates; they are not
-- security_invoker), so a role granted SELECT on them reads them without any right on the
-- tables below. They add no index and no trigger, and read only the tool's own tables.
--
-- One table is added, pipeline.run_checks: the checks of each run, written with the run's
-- outcome (success, failure or cancellation) in one transaction. The reporting role needs
-- INSERT on it: apply sql/roles/reporting.sql again after this migration.

CREATE SCHEMA reporting;

COMMENT ON SCHEMA reporting IS
  'Typed read-only views of what metahospital recorded (months, restatements, runs, checks), '
  'for BI tools; granted to metahospital_bi by sql/roles/bi.sql.';

-- MARK: the checks of each run

CREATE TABLE pipeline.run_checks (
  run_id uuid NOT NULL REFERENCES pipeline.runs (run_id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),   -- the job's order, as checks.csv lists them
  check_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
  failing bigint NOT NULL CHECK (failing >= 0),
  examined bigint NOT NULL CHECK (examined >= 0),
  warn_at numeric,                                   -- the job's thresholds, as in checks.csv
  warn_unit text CHECK (warn_unit IN ('rows', 'percent')),
  fail_at numeric,
  fail_unit text CHECK (fail_unit IN ('rows', 'percent')),
  sql_file text NOT NULL,
  PRIMARY KEY (run_id, position),
  CHECK ((warn_at IS NULL) = (warn_unit IS NULL) AND (fail_at IS NULL) = (fail_unit IS NULL))
);

COMMENT ON TABLE pipeline.run_checks IS
  'The data-quality checks of each run as it judged them, written with the run''s outcome.';

-- MARK: restatements

-- A closed month's figures compared with those the previous run recorded after the month had
-- closed, exactly as a run compares them (MonthFigures in Trend.swift): the figures below, as
-- exact decimals; a figure the earlier record lacks is not compared. The plan's figures
-- (plan_margin_cny) are recorded but never compared: a changed plan is not a restatement.
CREATE VIEW reporting.restatements AS
WITH closed AS (
  SELECT f.job, f.month, f.run_id, f.recorded_at, f.inputs_sha256, f.figures,
         lag(f.run_id) OVER w AS previous_run_id,
         lag(f.recorded_at) OVER w AS previous_recorded_at,
         lag(f.inputs_sha256) OVER w AS previous_inputs_sha256,
         lag(f.figures) OVER w AS previous_figures
  FROM pipeline.month_figures AS f
  WHERE f.month_closed
  WINDOW w AS (PARTITION BY f.job, f.month ORDER BY f.recorded_at)
)
SELECT c.job,
       c.month,
       l.figure,
       l.unit,
       round(v.previous, l.decimals) AS previous,
       round(v.current, l.decimals) AS current,
       round(v.current - v.previous, l.decimals) AS difference,
       c.recorded_at AS restated_at,
       CASE WHEN c.inputs_sha256 = c.previous_inputs_sha256 THEN 'data' ELSE 'inputs' END AS cause,
       c.run_id,
       c.previous_run_id,
       c.previous_recorded_at,
       l.position AS figure_position
FROM closed AS c
CROSS JOIN (VALUES
  (1, 'virtual_visits', 'visits', 0),
  (2, 'registration_revenue_cny', 'CNY', 2),
  (3, 'other_kept_revenue_cny', 'CNY', 2),
  (4, 'drug_sales_cny', 'CNY', 2),
  (5, 'drug_markup_cny', 'CNY', 2),
  (6, 'effective_revenue_cny', 'CNY', 2),
  (7, 'staff_cost_cny', 'CNY', 2),
  (8, 'electricity_cost_cny', 'CNY', 2),
  (9, 'other_services_cny', 'CNY', 2),
  (10, 'software_amortization_cny', 'CNY', 2),
  (11, 'model_amortization_cny', 'CNY', 2),
  (12, 'hardware_depreciation_cny', 'CNY', 2),
  (13, 'total_cost_cny', 'CNY', 2),
  (14, 'margin_cny', 'CNY', 2),
  (15, 'nameplate_energy_kwh', 'kWh', 6)
) AS l (position, figure, unit, decimals)
CROSS JOIN LATERAL (
  SELECT (c.previous_figures ->> l.figure)::numeric AS previous,
         (c.figures ->> l.figure)::numeric AS current
) AS v
-- No earlier record, or a figure either record lacks: NULL, not compared.
WHERE v.previous <> v.current;

COMMENT ON VIEW reporting.restatements IS
  'Each figure a run found changed in a closed month since the previous run had recorded it after '
  'the month closed: the rows of restatements.csv, for every run.';
COMMENT ON COLUMN reporting.restatements.job IS 'The job (its name: field).';
COMMENT ON COLUMN reporting.restatements.month IS 'The month restated (its first day).';
COMMENT ON COLUMN reporting.restatements.figure IS 'The figure''s id, as in the reports (margin_cny).';
COMMENT ON COLUMN reporting.restatements.unit IS 'CNY, visits or kWh.';
COMMENT ON COLUMN reporting.restatements.previous IS 'As recorded before (CNY to the fen, kWh to 6 decimals).';
COMMENT ON COLUMN reporting.restatements.current IS 'As the restating run recorded it.';
COMMENT ON COLUMN reporting.restatements.difference IS 'current - previous.';
COMMENT ON COLUMN reporting.restatements.restated_at IS 'When the restating run recorded the month.';
COMMENT ON COLUMN reporting.restatements.cause IS
  'data: the job''s files were the same, so the data changed; inputs: the job, scenario or SQL files changed.';
COMMENT ON COLUMN reporting.restatements.run_id IS 'The restating run (reporting.runs).';
COMMENT ON COLUMN reporting.restatements.previous_run_id IS 'The run that had recorded the previous value.';
COMMENT ON COLUMN reporting.restatements.previous_recorded_at IS 'When it recorded it.';
COMMENT ON COLUMN reporting.restatements.figure_position IS 'The figure''s place in the reports'' order.';

-- MARK: the months

CREATE VIEW reporting.month_figures AS
WITH latest AS (
  SELECT DISTINCT ON (f.job, f.month) f.job, f.month, f.run_id, f.recorded_at, f.month_closed, f.figures
  FROM pipeline.month_figures AS f
  ORDER BY f.job, f.month, f.recorded_at DESC
)
SELECT l.job,
       l.month,
       (l.figures ->> 'virtual_visits')::numeric::bigint AS virtual_visits,
       (l.figures ->> 'registration_revenue_cny')::numeric(18, 2) AS registration_revenue_cny,
       (l.figures ->> 'other_kept_revenue_cny')::numeric(18, 2) AS other_kept_revenue_cny,
       (l.figures ->> 'drug_sales_cny')::numeric(18, 2) AS drug_sales_cny,
       (l.figures ->> 'drug_markup_cny')::numeric(18, 2) AS drug_markup_cny,
       (l.figures ->> 'effective_revenue_cny')::numeric(18, 2) AS effective_revenue_cny,
       (l.figures ->> 'staff_cost_cny')::numeric(18, 2) AS staff_cost_cny,
       (l.figures ->> 'electricity_cost_cny')::numeric(18, 2) AS electricity_cost_cny,
       (l.figures ->> 'other_services_cny')::numeric(18, 2) AS other_services_cny,
       (l.figures ->> 'software_amortization_cny')::numeric(18, 2) AS software_amortization_cny,
       (l.figures ->> 'model_amortization_cny')::numeric(18, 2) AS model_amortization_cny,
       (l.figures ->> 'hardware_depreciation_cny')::numeric(18, 2) AS hardware_depreciation_cny,
       (l.figures ->> 'total_cost_cny')::numeric(18, 2) AS total_cost_cny,
       (l.figures ->> 'margin_cny')::numeric(18, 2) AS margin_cny,
       (l.figures ->> 'nameplate_energy_kwh')::numeric(18, 6) AS nameplate_energy_kwh,
       round((l.figures ->> 'total_cost_cny')::numeric
             / nullif((l.figures ->> 'virtual_visits')::numeric, 0), 2)::numeric(18, 2)
         AS cost_per_visit_cny,
       (l.figures ->> 'plan_margin_cny')::numeric(18, 2) AS plan_margin_cny,
       EXISTS (SELECT FROM reporting.restatements AS r WHERE r.job = l.job AND r.month = l.month)
         AS restated,
       l.month_closed,
       l.run_id,
       l.recorded_at
FROM latest AS l;

COMMENT ON VIEW reporting.month_figures IS
  'One row per job and month: the figures its most recent run recorded (the books of the month, '
  'from data, without fallbacks), with the plan prorated to the month.';
COMMENT ON COLUMN reporting.month_figures.job IS 'The job (its name: field).';
COMMENT ON COLUMN reporting.month_figures.month IS 'The month (its first day, in the job''s time zone).';
COMMENT ON COLUMN reporting.month_figures.virtual_visits IS 'Virtual visits.';
COMMENT ON COLUMN reporting.month_figures.registration_revenue_cny IS 'Registration revenue, CNY.';
COMMENT ON COLUMN reporting.month_figures.other_kept_revenue_cny IS 'Other revenue kept (examinations, treatments…), CNY.';
COMMENT ON COLUMN reporting.month_figures.drug_sales_cny IS 'Drug sales passed through, CNY.';
COMMENT ON COLUMN reporting.month_figures.drug_markup_cny IS 'The markup kept on drug sales, CNY.';
COMMENT ON COLUMN reporting.month_figures.effective_revenue_cny IS 'Revenue the meta-hospital keeps, CNY.';
COMMENT ON COLUMN reporting.month_figures.staff_cost_cny IS 'Payroll, CNY.';
COMMENT ON COLUMN reporting.month_figures.electricity_cost_cny IS 'Electricity, CNY.';
COMMENT ON COLUMN reporting.month_figures.other_services_cny IS 'Service contracts, CNY.';
COMMENT ON COLUMN reporting.month_figures.software_amortization_cny IS 'Software amortization, CNY.';
COMMENT ON COLUMN reporting.month_figures.model_amortization_cny IS 'Model amortization, CNY.';
COMMENT ON COLUMN reporting.month_figures.hardware_depreciation_cny IS 'Hardware depreciation, CNY.';
COMMENT ON COLUMN reporting.month_figures.total_cost_cny IS 'Total cost, CNY.';
COMMENT ON COLUMN reporting.month_figures.margin_cny IS 'Effective revenue - total cost, CNY.';
COMMENT ON COLUMN reporting.month_figures.nameplate_energy_kwh IS 'Nameplate energy of the devices in service, kWh.';
COMMENT ON COLUMN reporting.month_figures.cost_per_visit_cny IS 'Total cost / virtual visits, CNY; NULL without visits.';
COMMENT ON COLUMN reporting.month_figures.plan_margin_cny IS
  'The plan''s yearly margin prorated to the month''s days, CNY; NULL when recorded before migration 007.';
COMMENT ON COLUMN reporting.month_figures.restated IS
  'Whether a run ever found this month''s figures changed after it closed (rows in reporting.restatements).';
COMMENT ON COLUMN reporting.month_figures.month_closed IS 'Whether the month had ended when the run read it.';
COMMENT ON COLUMN reporting.month_figures.run_id IS 'The run that recorded these figures (reporting.runs).';
COMMENT ON COLUMN reporting.month_figures.recorded_at IS 'When it recorded them.';

-- MARK: runs and their checks

CREATE VIEW reporting.runs AS
SELECT r.run_id,
       r.job,
       r.period,
       r.status,
       r.started_at,
       r.finished_at,
       r.tool_version AS build,
       r.rows_read,
       c.checks_passed,
       c.checks_warned,
       c.checks_failed,
       r.error,
       r.note
FROM pipeline.runs AS r
LEFT JOIN (
  SELECT run_id,
         count(*) FILTER (WHERE status = 'pass') AS checks_passed,
         count(*) FILTER (WHERE status = 'warn') AS checks_warned,
         count(*) FILTER (WHERE status = 'fail') AS checks_failed
  FROM pipeline.run_checks
  GROUP BY run_id
) AS c USING (run_id);

COMMENT ON VIEW reporting.runs IS 'One row per run of metahospital run, the latest first when ordered by started_at DESC.';
COMMENT ON COLUMN reporting.runs.run_id IS 'The run''s id, as its report''s footer gives it.';
COMMENT ON COLUMN reporting.runs.job IS 'The job (its name: field).';
COMMENT ON COLUMN reporting.runs.period IS 'The period reported: 2026-10, 2026-Q4 or 2026.';
COMMENT ON COLUMN reporting.runs.status IS 'running, succeeded, failed or cancelled.';
COMMENT ON COLUMN reporting.runs.started_at IS 'When the run started.';
COMMENT ON COLUMN reporting.runs.finished_at IS 'When it ended; NULL while running.';
COMMENT ON COLUMN reporting.runs.build IS 'The build that ran: version and commit.';
COMMENT ON COLUMN reporting.runs.rows_read IS 'Source rows its aggregates summarize.';
COMMENT ON COLUMN reporting.runs.checks_passed IS 'Checks that passed; NULL when the run stopped before judging its checks.';
COMMENT ON COLUMN reporting.runs.checks_warned IS 'Checks that warned; NULL likewise.';
COMMENT ON COLUMN reporting.runs.checks_failed IS 'Checks that failed (the run then failed); NULL likewise.';
COMMENT ON COLUMN reporting.runs.error IS 'Why it failed or was cancelled.';
COMMENT ON COLUMN reporting.runs.note IS 'What a later run found out about it.';

CREATE VIEW reporting.check_results AS
SELECT c.run_id,
       r.job,
       r.period,
       r.started_at,
       c.position,
       c.check_id,
       c.status,
       c.failing,
       c.examined,
       c.warn_at,
       c.warn_unit,
       c.fail_at,
       c.fail_unit,
       c.sql_file
FROM pipeline.run_checks AS c
JOIN pipeline.runs AS r USING (run_id);

COMMENT ON VIEW reporting.check_results IS 'One row per data-quality check of a run: the rows of its checks.csv.';
COMMENT ON COLUMN reporting.check_results.run_id IS 'The run (reporting.runs).';
COMMENT ON COLUMN reporting.check_results.job IS 'The job.';
COMMENT ON COLUMN reporting.check_results.period IS 'The period the run reported.';
COMMENT ON COLUMN reporting.check_results.started_at IS 'When the run started.';
COMMENT ON COLUMN reporting.check_results.position IS 'The check''s place in the job''s order.';
COMMENT ON COLUMN reporting.check_results.check_id IS 'The check''s id (duplicate_visit_ids).';
COMMENT ON COLUMN reporting.check_results.status IS 'pass, warn or fail.';
COMMENT ON COLUMN reporting.check_results.failing IS 'Rows (or days) that break the rule.';
COMMENT ON COLUMN reporting.check_results.examined IS 'Rows (or days) examined.';
COMMENT ON COLUMN reporting.check_results.warn_at IS 'The job''s warn threshold, in warn_unit; NULL when none.';
COMMENT ON COLUMN reporting.check_results.warn_unit IS 'rows or percent.';
COMMENT ON COLUMN reporting.check_results.fail_at IS 'The job''s fail threshold, in fail_unit; NULL when none.';
COMMENT ON COLUMN reporting.check_results.fail_unit IS 'rows or percent.';
COMMENT ON COLUMN reporting.check_results.sql_file IS 'The SQL file that ran the check.';
