-- Headcount in service at any time in the period, by unit (offline hospital or meta-hospital)
-- and role.
SELECT unit, role, count(*) AS headcount
FROM hospital.staff
WHERE hired_on < ($2 AT TIME ZONE $3)::date
  AND (left_on IS NULL OR left_on >= ($1 AT TIME ZONE $3)::date)
GROUP BY unit, role
ORDER BY unit, role;
