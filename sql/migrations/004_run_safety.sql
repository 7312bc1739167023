-- 004 — runs stopped by a signal, runs reconciled with their published report, and the mark of
-- a database that holds synthetic data only.

-- A run stopped by SIGTERM or SIGINT before publishing its report is 'cancelled' (exit 75).
ALTER TABLE pipeline.runs DROP CONSTRAINT runs_status_check;
ALTER TABLE pipeline.runs ADD CONSTRAINT runs_status_check
  CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'));

-- What a later run found out about this one, e.g. that its report was published although the
-- process ended before it could record its success.
ALTER TABLE pipeline.runs ADD COLUMN note text;

-- `metahospital seed` writes (and deletes) only in a database that carries this mark, and puts
-- the mark only into a database whose hospital tables are all empty: a demo database. A
-- database holding the hospital's own records never has it, so seed refuses to touch it.
CREATE TABLE pipeline.synthetic_data (
  database_name name PRIMARY KEY,
  marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  marked_by name NOT NULL DEFAULT current_user,
  tool_version text NOT NULL
);

COMMENT ON TABLE pipeline.synthetic_data IS
  'Set by metahospital seed when it first fills an empty database with synthetic data; seed refuses to write in a database without it.';
