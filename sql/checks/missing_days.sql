-- A period whose data looks incomplete: local days with no virtual visit, no telemetry or no
-- electricity tariff. A missing day usually means a load that did not run; rerun the load for
-- those days, then the report.
WITH days AS (
  SELECT day::date AS day
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS day
), visit_days AS (
  SELECT DISTINCT (started_at AT TIME ZONE $3)::date AS day
  FROM hospital.visits
  WHERE channel = 'virtual' AND started_at >= $1 AND started_at < $2
), telemetry_days AS (
  SELECT DISTINCT (hour_start AT TIME ZONE $3)::date AS day
  FROM hospital.device_utilization
  WHERE hour_start >= $1 AND hour_start < $2
)
SELECT 'days_without_visits' AS check_id,
       count(*) FILTER (WHERE v.day IS NULL) AS failing,
       count(*) AS examined,
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE v.day IS NULL))[1:5] AS sample_ids
FROM days LEFT JOIN visit_days AS v USING (day)
UNION ALL
SELECT 'days_without_telemetry',
       count(*) FILTER (WHERE t.day IS NULL),
       count(*),
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE t.day IS NULL))[1:5]
FROM days LEFT JOIN telemetry_days AS t USING (day)
UNION ALL
SELECT 'days_without_tariff',
       count(*) FILTER (WHERE NOT EXISTS (
         SELECT 1 FROM hospital.electricity_tariffs AS e WHERE e.effective_from <= days.day)),
       count(*),
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE NOT EXISTS (
         SELECT 1 FROM hospital.electricity_tariffs AS e WHERE e.effective_from <= days.day)))[1:5]
FROM days;
