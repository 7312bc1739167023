-- Capital items in service during the period, by category: their cost, and the straight-line
-- amortization (software, model) or depreciation (hardware) that falls in the period.
-- The convention is monthly: an item is charged amount / useful_life_months for every month of
-- its life, from the month it goes into service, and a period gets the months it covers, to the
-- fen per item (so twelve months can differ from their year by a fen per item).
WITH items AS (
  SELECT c.*,
         extract(year FROM c.in_service_on)::int * 12 + extract(month FROM c.in_service_on)::int - 1 AS first_month,
         extract(year FROM ($1 AT TIME ZONE $3))::int * 12 + extract(month FROM ($1 AT TIME ZONE $3))::int - 1 AS period_first_month,
         extract(year FROM ($2 AT TIME ZONE $3))::int * 12 + extract(month FROM ($2 AT TIME ZONE $3))::int - 1 AS period_end_month
  FROM hospital.capital_items AS c
), item_months AS (
  SELECT items.*,
         greatest(0, least(first_month + useful_life_months, period_end_month)
                     - greatest(first_month, period_first_month)) AS months_in_period
  FROM items
)
SELECT category,
       count(*) AS items,
       sum(amount) AS amount,
       sum(round(amount * months_in_period / useful_life_months, 2)) AS period_charge,
       coalesce(sum(amount) FILTER (WHERE first_month >= period_first_month AND first_month < period_end_month), 0)
         AS placed_in_service
FROM item_months
WHERE months_in_period > 0
GROUP BY category
ORDER BY category;
