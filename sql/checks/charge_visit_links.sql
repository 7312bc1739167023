-- Charges of outpatient visits that do not match a visit: orphans (no visit with that id at all
-- in the period or the week before it) and charges billed in the period for a visit that
-- started before the period (billing lag: the revenue falls in another period than the visit).
-- One anti-join serves both checks.
WITH period_charges AS (
  SELECT charge_id, visit_id
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2 AND visit_id IS NOT NULL
), linked AS (
  SELECT c.charge_id, v.started_at
  FROM period_charges AS c
  LEFT JOIN (
    SELECT DISTINCT ON (visit_id) visit_id, started_at
    FROM hospital.visits
    WHERE started_at >= $1 - interval '7 days' AND started_at < $2
    ORDER BY visit_id, started_at
  ) AS v USING (visit_id)
)
SELECT 'charges_without_visit' AS check_id,
       count(*) FILTER (WHERE started_at IS NULL) AS failing,
       count(*) AS examined,
       (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE started_at IS NULL))[1:5] AS sample_ids
FROM linked
UNION ALL
SELECT 'charges_outside_visit_period',
       count(*) FILTER (WHERE started_at < $1),
       count(*),
       (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE started_at < $1))[1:5]
FROM linked;
