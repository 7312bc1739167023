-- checks: days_without_visits, days_without_telemetry
-- reads: visits, device_utilization
-- A period whose data looks incomplete: local days with no virtual visit or no telemetry. A
-- missing day usually means a load that did not run; rerun the load for those days, then the
-- report. (Days without a tariff: tariff_days.sql.)
-- Each virtual visit and each telemetry hour is given the number of its local day by
-- width_bucket over the days' first instants (computed once from the time zone), and the rows
-- are grouped by day: no time-zone conversion per row. The GROUP BYs hold the shard keys of
-- migration 008, so on a sharded database each shard sends its days (at most one row a day),
-- not its rows; on a single server the shard keys are constants.
WITH days AS (
  SELECT d::date AS day, n AS day_number, d::timestamp AT TIME ZONE $3 AS day_start
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day')
       WITH ORDINALITY AS g(d, n)
), visit_days AS (
  SELECT DISTINCT day_number
  FROM (
    SELECT hospital.shard_of(visit_id) AS shard,
           width_bucket(started_at, (SELECT array_agg(day_start ORDER BY day) FROM days)) AS day_number
    FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= $1 AND started_at < $2
    GROUP BY 1, 2
  ) AS per_shard
), telemetry_days AS (
  SELECT DISTINCT day_number
  FROM (
    SELECT hospital.shard_of(device_id) AS shard,
           width_bucket(hour_start, (SELECT array_agg(day_start ORDER BY day) FROM days)) AS day_number
    FROM hospital.device_utilization
    WHERE hour_start >= $1 AND hour_start < $2
    GROUP BY 1, 2
  ) AS per_shard
)
SELECT 'days_without_visits' AS check_id,
       count(*) FILTER (WHERE v.day_number IS NULL) AS failing,
       count(*) AS examined,
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE v.day_number IS NULL))[1:5] AS sample_ids
FROM days LEFT JOIN visit_days AS v USING (day_number)
UNION ALL
SELECT 'days_without_telemetry',
       count(*) FILTER (WHERE t.day_number IS NULL),
       count(*),
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE t.day_number IS NULL))[1:5]
FROM days LEFT JOIN telemetry_days AS t USING (day_number);
