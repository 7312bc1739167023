-- reads: payroll, staff
-- Payroll of the months in the period, by unit and role: people paid, person-months, employer
-- cost (CNY, exact) and the last month with payroll (to say whether it is loaded to the end).
SELECT s.unit,
       s.role,
       count(DISTINCT p.staff_id) AS people,
       count(*) AS person_months,
       sum(p.cost) AS cost,
       max(p.period_month) AS last_month
FROM hospital.payroll AS p
JOIN hospital.staff AS s USING (staff_id)
WHERE p.period_month >= ($1 AT TIME ZONE $3)::date
  AND p.period_month < ($2 AT TIME ZONE $3)::date
GROUP BY s.unit, s.role
ORDER BY s.unit, s.role;
