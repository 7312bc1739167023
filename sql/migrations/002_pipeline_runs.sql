-- 002 — the pipeline's own run history: one row per `metahospital run`, in schema `pipeline`.

CREATE SCHEMA pipeline;

COMMENT ON SCHEMA pipeline IS 'The metahospital pipeline''s own bookkeeping.';

CREATE TABLE pipeline.runs (
  run_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job text NOT NULL,
  period text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  rows_read bigint CHECK (rows_read >= 0),
  -- Output files and their SHA-256: {"report.md": "ab12…", …}
  outputs jsonb,
  -- Input files (job, scenario, SQL) and their SHA-256.
  inputs jsonb,
  error text,
  tool_version text NOT NULL,
  CHECK ((status = 'running') = (finished_at IS NULL))
);

CREATE INDEX runs_job_period ON pipeline.runs (job, period, started_at DESC);
