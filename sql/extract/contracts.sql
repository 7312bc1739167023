-- Service contracts running in the period, by category: the part of each yearly amount that
-- falls in the period, pro rata per day of a 365-day year, to the fen.
WITH bounds AS (
  SELECT s.*,
         ($1 AT TIME ZONE $3)::date AS period_start,
         ($2 AT TIME ZONE $3)::date AS period_end
  FROM hospital.service_contracts AS s
)
SELECT category,
       count(*) AS contracts,
       sum(annual_amount) AS annual_amount,
       sum(round(annual_amount * (least(ends_on + 1, period_end) - greatest(starts_on, period_start)) / 365.0, 2)) AS period_amount
FROM bounds
WHERE starts_on < period_end AND ends_on >= period_start
GROUP BY category
ORDER BY category;
