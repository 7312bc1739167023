-- checks: days_without_visits, days_without_telemetry
-- reads: visits, device_utilization
-- A period whose data looks incomplete: local days with no virtual visit or no telemetry. A
-- missing day usually means a load that did not run; rerun the load for those days, then the
-- report. (Days without a tariff: tariff_days.sql.)
-- Each local day asks for one virtual visit between its two local midnights (an EXISTS that
-- stops at the first row: the BRIN index visits_started_at of migration 003 leads it to the
-- day's pages), instead of converting the local day of every visit. Telemetry (a few million
-- rows) is first reduced to distinct UTC minutes (date_bin, integer arithmetic), and only those
-- are converted to local days: exact, as every current zone's offset is a whole number of minutes.
WITH days AS (
  SELECT day::date AS day,
         day::timestamp AT TIME ZONE $3 AS day_start,
         (day::timestamp + interval '1 day') AT TIME ZONE $3 AS day_end
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS day
), telemetry_days AS (
  SELECT DISTINCT (minute AT TIME ZONE $3)::date AS day
  FROM (
    SELECT DISTINCT date_bin('1 minute', hour_start, timestamptz '2000-01-01 00:00:00+00') AS minute
    FROM hospital.device_utilization
    WHERE hour_start >= $1 AND hour_start < $2
  ) AS m
), visit_days AS (
  SELECT days.day,
         EXISTS (
           SELECT 1 FROM hospital.visits AS v
           WHERE v.channel = 'virtual'
             AND v.started_at >= $1 AND v.started_at < $2
             AND v.started_at >= days.day_start AND v.started_at < days.day_end
         ) AS has_visits
  FROM days
)
SELECT 'days_without_visits' AS check_id,
       count(*) FILTER (WHERE NOT has_visits) AS failing,
       count(*) AS examined,
       (array_agg(day::text ORDER BY day) FILTER (WHERE NOT has_visits))[1:5] AS sample_ids
FROM visit_days
UNION ALL
SELECT 'days_without_telemetry',
       count(*) FILTER (WHERE t.day IS NULL),
       count(*),
       (array_agg(days.day::text ORDER BY days.day) FILTER (WHERE t.day IS NULL))[1:5]
FROM days LEFT JOIN telemetry_days AS t USING (day);
