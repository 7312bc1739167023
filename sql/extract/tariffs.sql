-- reads: electricity_tariffs
-- The electricity tariffs in force during the period: each price with the first and last local
-- day it applies and its number of days. Days before the first tariff have a null price.
WITH days AS (
  SELECT d::date AS day
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS d
), priced AS (
  SELECT days.day, t.effective_from, t.price_per_kwh
  FROM days
  LEFT JOIN LATERAL (
    SELECT effective_from, price_per_kwh FROM hospital.electricity_tariffs
    WHERE effective_from <= days.day
    ORDER BY effective_from DESC
    LIMIT 1
  ) AS t ON true
)
SELECT price_per_kwh, min(day) AS first_day, max(day) AS last_day, count(*) AS days
FROM priced
GROUP BY effective_from, price_per_kwh
ORDER BY first_day;
