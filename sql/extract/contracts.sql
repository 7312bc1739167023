-- reads: service_contracts
-- Service contracts running in the period, by category: the part of each contract's cost that
-- falls in the period (starts_on and ends_on both included).
--
-- A contract costs its annual amount per contract year (from starts_on to each anniversary),
-- spread evenly over that contract year's days: 365, or 366 when it holds a 29 February. Its cost
-- from starts_on to the start of day x is annual × (k + (x − A_k) / (A_k+1 − A_k)), A_k being the
-- k-th anniversary at or before x; a term that ends between anniversaries costs its share of that
-- contract year. So a contract for calendar 2028 costs its annual amount over 2028's 366 days,
-- and a three-year contract three times its annual amount, whatever the leap days.
--
-- Rounding to the fen is cumulative, never per period: the charge of the days lo..hi − 1
-- (counted from starts_on) is round(cost to hi, 2) − round(cost to lo, 2). So any split of a
-- contract into periods adds up exactly to its cost over its term.
WITH bounds AS (
  SELECT ($1 AT TIME ZONE $3)::date AS first_day, ($2 AT TIME ZONE $3)::date AS end_day
), windows AS (
  SELECT s.category, s.annual_amount, s.starts_on,
         greatest(s.starts_on, b.first_day) AS lo,
         least(s.ends_on + 1, b.end_day) AS hi
  FROM hospital.service_contracts AS s CROSS JOIN bounds AS b
), years AS (
  -- The contract year each bound falls in: k whole years since starts_on (age() counts a
  -- 29 February start's anniversary on 28 February, as starts_on + k years does).
  SELECT w.*, date_part('year', age(w.lo, w.starts_on))::int AS k_lo,
         date_part('year', age(w.hi, w.starts_on))::int AS k_hi
  FROM windows AS w
  WHERE w.hi > w.lo
), costs AS (
  SELECT y.category, y.annual_amount,
         y.annual_amount * (y.k_lo + (y.lo - lo0.d)::numeric / (lo1.d - lo0.d)) AS cost_to_lo,
         y.annual_amount * (y.k_hi + (y.hi - hi0.d)::numeric / (hi1.d - hi0.d)) AS cost_to_hi
  FROM years AS y
  CROSS JOIN LATERAL (SELECT (y.starts_on + make_interval(years => y.k_lo))::date AS d) AS lo0
  CROSS JOIN LATERAL (SELECT (y.starts_on + make_interval(years => y.k_lo + 1))::date AS d) AS lo1
  CROSS JOIN LATERAL (SELECT (y.starts_on + make_interval(years => y.k_hi))::date AS d) AS hi0
  CROSS JOIN LATERAL (SELECT (y.starts_on + make_interval(years => y.k_hi + 1))::date AS d) AS hi1
)
SELECT category,
       count(*) AS contracts,
       sum(annual_amount) AS annual_amount,
       sum(round(cost_to_hi, 2) - round(cost_to_lo, 2)) AS period_amount
FROM costs
GROUP BY category
ORDER BY category;
