-- Hours of the period at each electricity price (CNY per kWh), by local day. A day before the
-- first tariff has no price and is reported with a null price.
WITH days AS (
  SELECT day::date AS day,
         extract(epoch FROM ((day + interval '1 day')::timestamp AT TIME ZONE $3)
                            - (day::timestamp AT TIME ZONE $3)) / 3600.0 AS hours
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS day
)
SELECT t.price_per_kwh, sum(days.hours)::double precision AS hours, count(*) AS days
FROM days
LEFT JOIN LATERAL (
  SELECT price_per_kwh FROM hospital.electricity_tariffs
  WHERE effective_from <= days.day
  ORDER BY effective_from DESC
  LIMIT 1
) AS t ON true
GROUP BY t.price_per_kwh
ORDER BY t.price_per_kwh NULLS FIRST;
