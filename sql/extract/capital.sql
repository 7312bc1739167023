-- reads: capital_items, devices
-- Capital items charged in the period, by category: their cost, and the straight-line
-- amortization (software, model) or depreciation (hardware) that falls in the period.
--
-- The convention is monthly (local calendar), the full-month convention of fixed-asset books:
-- an item is charged amount / useful_life_months for every month of its life, from the month it
-- goes into service (charged in full, whatever the day); a hardware item whose device group is
-- retired is charged up to the month before the retirement month (the month of disposal is not
-- charged), and its remaining book value is reported as retired_book_value, outside the charge.
--
-- Rounding to the fen is cumulative, never per period: the charge of months k1..k2 of an item's
-- life is round(amount × k2 / life, 2) − round(amount × (k1 − 1) / life, 2). So the charges of any
-- split of a life into periods add up exactly (twelve months = their year), and a whole life
-- charges exactly the amount.
--
--   items               items with a charge in the period
--   amount              their cost, CNY
--   period_charge       the amortization or depreciation of the period, CNY
--   placed_in_service   cost of the items whose first month is in the period, CNY
--   retired_book_value  book value of hardware whose device group was retired in the period, CNY
WITH bounds AS (
  SELECT extract(year FROM ($1 AT TIME ZONE $3))::int * 12 + extract(month FROM ($1 AT TIME ZONE $3))::int - 1 AS first_month,
         extract(year FROM ($2 AT TIME ZONE $3))::int * 12 + extract(month FROM ($2 AT TIME ZONE $3))::int - 1 AS end_month,
         ($1 AT TIME ZONE $3)::date AS first_day,
         ($2 AT TIME ZONE $3)::date AS end_day
), items AS (
  SELECT c.category, c.amount, c.useful_life_months AS life, d.retired_on,
         extract(year FROM c.in_service_on)::int * 12 + extract(month FROM c.in_service_on)::int - 1 AS start_month,
         -- Months charged over the whole life: up to the life, or to the month before retirement.
         greatest(0, least(c.useful_life_months,
           coalesce(extract(year FROM d.retired_on)::int * 12 + extract(month FROM d.retired_on)::int - 1
                    - (extract(year FROM c.in_service_on)::int * 12 + extract(month FROM c.in_service_on)::int - 1),
                    c.useful_life_months))) AS charged_months
  FROM hospital.capital_items AS c
  LEFT JOIN hospital.devices AS d ON d.device_id = c.device_id
), windows AS (
  -- Months of the item's life (0-based, from start_month) that fall in the period: [lo, hi).
  SELECT items.*, b.first_day, b.end_day,
         greatest(0, b.first_month - start_month) AS lo,
         least(charged_months, b.end_month - start_month) AS hi,
         start_month >= b.first_month AND start_month < b.end_month AS placed
  FROM items CROSS JOIN bounds AS b
)
SELECT category,
       count(*) FILTER (WHERE hi > lo) AS items,
       coalesce(sum(amount) FILTER (WHERE hi > lo), 0) AS amount,
       coalesce(sum(round(amount * hi / life, 2) - round(amount * lo / life, 2)) FILTER (WHERE hi > lo), 0) AS period_charge,
       coalesce(sum(amount) FILTER (WHERE placed), 0) AS placed_in_service,
       coalesce(sum(amount - round(amount * charged_months / life, 2))
                  FILTER (WHERE retired_on >= first_day AND retired_on < end_day), 0) AS retired_book_value
FROM windows
GROUP BY category
HAVING count(*) FILTER (WHERE hi > lo OR placed OR (retired_on >= first_day AND retired_on < end_day)) > 0
ORDER BY category;
