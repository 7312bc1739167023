-- checks: charges_without_visit, charges_outside_visit_period
-- reads: charges, visits(-7 days)
-- Charges of outpatient visits that do not match a visit: orphans (no visit with that id at all
-- in the period or the week before it) and charges billed in the period for a visit that
-- started before the period (billing lag: the revenue falls in another period than the visit).
-- One outer join serves both checks. Both sides come in visit_id order from the B-tree indexes
-- of migration 003 (index-only scans, one per monthly partition, merged), so PostgreSQL
-- merge-joins them without hashing tens of millions of visits.
WITH period_charges AS (
  SELECT charge_id, visit_id
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2 AND visit_id IS NOT NULL
), linked AS (
  SELECT c.charge_id, v.started_at
  FROM period_charges AS c
  LEFT JOIN (
    -- A visit id's earliest start in the window (duplicates are check duplicate_visit_ids').
    SELECT visit_id, min(started_at) AS started_at
    FROM hospital.visits
    WHERE started_at >= $1 - interval '7 days' AND started_at < $2
    GROUP BY visit_id
  ) AS v USING (visit_id)
  -- Asking for visit_id order steers the planner to a merge join of the two presorted streams
  -- (a hash join of 25 M visits spills to disk and took twice as long at scale 1).
  ORDER BY visit_id
), totals AS (
  -- One pass over the joined rows for both checks (the join is not materialized twice).
  SELECT count(*) AS examined,
         count(*) FILTER (WHERE started_at IS NULL) AS orphans,
         (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE started_at IS NULL))[1:5] AS orphan_ids,
         count(*) FILTER (WHERE started_at < $1) AS lagging,
         (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE started_at < $1))[1:5] AS lagging_ids
  FROM linked
)
SELECT 'charges_without_visit' AS check_id, orphans AS failing, examined, orphan_ids AS sample_ids FROM totals
UNION ALL
SELECT 'charges_outside_visit_period', lagging, examined, lagging_ids FROM totals;
