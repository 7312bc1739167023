-- reads: service_contracts
-- Service contracts running in the period, by category: the part of each yearly amount that
-- falls in the period, pro rata per day of a 365-day year (starts_on and ends_on both included).
--
-- Rounding to the fen is cumulative, never per period: the charge of a contract's days d1..d2
-- (counted from starts_on) is round(annual × d2 / 365, 2) − round(annual × (d1 − 1) / 365, 2). So
-- any split of a contract into periods adds up exactly, and a 365-day contract charges exactly its
-- yearly amount.
WITH bounds AS (
  SELECT ($1 AT TIME ZONE $3)::date AS first_day, ($2 AT TIME ZONE $3)::date AS end_day
), windows AS (
  SELECT s.category, s.annual_amount,
         greatest(s.starts_on, b.first_day) - s.starts_on AS lo,
         least(s.ends_on + 1, b.end_day) - s.starts_on AS hi
  FROM hospital.service_contracts AS s CROSS JOIN bounds AS b
)
SELECT category,
       count(*) AS contracts,
       sum(annual_amount) AS annual_amount,
       sum(round(annual_amount * hi / 365, 2) - round(annual_amount * lo / 365, 2)) AS period_amount
FROM windows
WHERE hi > lo
GROUP BY category
ORDER BY category;
