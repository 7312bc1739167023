-- checks: charges_without_visit, charges_outside_visit_period
-- reads: charges, visits(-7 days)
-- Charges of outpatient visits that do not match a visit: orphans (no visit with that id at all
-- in the period or the week before it) and charges billed in the period for a visit that
-- started before the period (billing lag: the revenue falls in another period than the visit).
--
-- One outer join of the period's outpatient charges with the visits of the window (the period
-- and the week before) serves both checks, grouped by the shard key of migration 008: a charge
-- is on the shard of its visit, so on a sharded database each shard joins and counts its own
-- rows and sends one row (the join clause on hospital.shard_of tells PostgreSQL that the pairs of
-- partitions to join are on the same server; on a single server it is `0 = 0`, and vanishes).
-- A charge meets one row of the join per visit row with its id in the window, so the join has
-- exactly one row per charge unless a visit id repeats in the window (check
-- duplicate_visit_ids): the charges are counted apart, and when a shard's join has more rows
-- than charges, the lagging charges are counted again against each visit id's earliest start,
-- one row per charge (a CASE evaluates that subquery only then). Orphans meet no visit: one row
-- each, always. Sample identifiers: the five lowest of each shard, then the five lowest of those.
-- The look-back bound is immutable (interval arithmetic in UTC), so it is a constant that a
-- shard is sent, and the partitions before the window are not read.
WITH pairs AS (
  SELECT hospital.shard_of(c.visit_id, c.admission_id) AS shard,
         count(*) AS pairs,
         count(*) FILTER (WHERE v.visit_id IS NULL) AS orphans,
         (array_agg(c.charge_id ORDER BY c.charge_id) FILTER (WHERE v.visit_id IS NULL))[1:5] AS orphan_ids,
         count(*) FILTER (WHERE v.started_at < $1) AS lagging,
         (array_agg(c.charge_id ORDER BY c.charge_id) FILTER (WHERE v.started_at < $1))[1:5] AS lagging_ids
  FROM hospital.charges AS c
  LEFT JOIN hospital.visits AS v
    ON v.visit_id = c.visit_id
   AND hospital.shard_of(v.visit_id) = hospital.shard_of(c.visit_id, c.admission_id)
   AND v.started_at >= ($1 AT TIME ZONE interval '0' - interval '7 days') AT TIME ZONE interval '0'
   AND v.started_at < $2
  WHERE c.charged_at >= $1 AND c.charged_at < $2 AND c.visit_id IS NOT NULL
  GROUP BY shard
), charged AS (
  SELECT hospital.shard_of(visit_id, admission_id) AS shard, count(*) AS charges
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2 AND visit_id IS NOT NULL
  GROUP BY shard
), totals AS (
  SELECT coalesce(sum(c.charges), 0)::bigint AS examined,
         coalesce(sum(p.orphans), 0)::bigint AS orphans,
         (SELECT array_agg('charge ' || id ORDER BY id)
          FROM (SELECT unnest(orphan_ids) AS id FROM pairs ORDER BY 1 LIMIT 5) AS s) AS orphan_ids,
         coalesce(bool_and(p.pairs = c.charges), true) AS one_row_per_charge,
         coalesce(sum(p.lagging), 0)::bigint AS lagging,
         (SELECT array_agg('charge ' || id ORDER BY id)
          FROM (SELECT unnest(lagging_ids) AS id FROM pairs ORDER BY 1 LIMIT 5) AS s) AS lagging_ids
  FROM pairs AS p
  JOIN charged AS c USING (shard)
), lagging_by_earliest_start AS (
  -- Only when a visit id repeats in the window: each charge against its visit id's earliest
  -- start in the window.
  SELECT count(*) AS lagging,
         (array_agg('charge ' || c.charge_id ORDER BY c.charge_id))[1:5] AS lagging_ids
  FROM hospital.charges AS c
  JOIN (
    SELECT visit_id, min(started_at) AS started_at
    FROM hospital.visits
    WHERE started_at >= ($1 AT TIME ZONE interval '0' - interval '7 days') AT TIME ZONE interval '0'
      AND started_at < $2
    GROUP BY visit_id
  ) AS v USING (visit_id)
  WHERE c.charged_at >= $1 AND c.charged_at < $2 AND v.started_at < $1
)
SELECT 'charges_without_visit' AS check_id, orphans AS failing, examined, orphan_ids AS sample_ids
FROM totals
UNION ALL
SELECT 'charges_outside_visit_period',
       CASE WHEN one_row_per_charge THEN lagging
            ELSE (SELECT l.lagging FROM lagging_by_earliest_start AS l) END,
       examined,
       CASE WHEN one_row_per_charge THEN lagging_ids
            ELSE (SELECT l.lagging_ids FROM lagging_by_earliest_start AS l) END
FROM totals;
