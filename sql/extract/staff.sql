-- reads: staff
-- Staff employed during the period, by unit (offline hospital or meta-hospital) and role: people
-- employed on at least one day, and person-days (÷ days in the period = average headcount).
-- A person is employed from hired_on through left_on, both local days included (left_on is the
-- last day employed; null while still employed).
WITH bounds AS (
  SELECT ($1 AT TIME ZONE $3)::date AS first_day, ($2 AT TIME ZONE $3)::date AS end_day
), spans AS (
  SELECT s.unit, s.role,
         greatest(s.hired_on, b.first_day) AS from_day,
         least(coalesce(s.left_on + 1, b.end_day), b.end_day) AS to_day
  FROM hospital.staff AS s CROSS JOIN bounds AS b
)
SELECT unit, role, count(*) AS people, sum(to_day - from_day)::bigint AS person_days
FROM spans
WHERE to_day > from_day
GROUP BY unit, role
ORDER BY unit, role;
