-- checks: days_without_tariff
-- reads: electricity_tariffs
-- Local days of the period with no electricity tariff in force (no electricity_tariffs row on or
-- before the day): their energy cannot be costed. Add the tariff and rerun the report.
WITH days AS (
  SELECT day::date AS day
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS day
), priced AS (
  SELECT days.day,
         EXISTS (SELECT 1 FROM hospital.electricity_tariffs AS e WHERE e.effective_from <= days.day) AS has_tariff
  FROM days
)
SELECT 'days_without_tariff' AS check_id,
       count(*) FILTER (WHERE NOT has_tariff) AS failing,
       count(*) AS examined,
       (array_agg(day::text ORDER BY day) FILTER (WHERE NOT has_tariff))[1:5] AS sample_ids
FROM priced;
