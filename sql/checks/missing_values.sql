-- Nulls where there must be none: a visit without an interaction time (a session cut off
-- before it was closed), a charge without an amount. Fix at the source system and reload.
SELECT 'visits_missing_duration' AS check_id,
       count(*) FILTER (WHERE duration_seconds IS NULL) AS failing,
       count(*) AS examined,
       (array_agg('visit ' || visit_id ORDER BY visit_id) FILTER (WHERE duration_seconds IS NULL))[1:5] AS sample_ids
FROM hospital.visits
WHERE started_at >= $1 AND started_at < $2
UNION ALL
SELECT 'charges_missing_amount',
       count(*) FILTER (WHERE amount IS NULL),
       count(*),
       (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE amount IS NULL))[1:5]
FROM hospital.charges
WHERE charged_at >= $1 AND charged_at < $2;
