-- checks: visits_missing_duration, visits_unknown_department
-- reads: visits, departments
-- Values that a visit must not have, both from one scan of the period's visits:
--   visits_missing_duration    a visit without an interaction time (a session cut off before it
--                              was closed). Fix at the source system and reload.
--   visits_unknown_department  a visit in a department that the departments table does not know
--                              (visits carry no foreign key, for load speed). Add the department,
--                              or correct the visits.
-- The counts are plain aggregates, so the scan runs in parallel. The sample identifiers (the
-- five lowest) are looked up only when a check fails: a CASE evaluates its subquery only then.
-- (One file per table: a second parallel scan in the same query would find the parallel
-- workers still held by the first and run alone.)
WITH visit_counts AS (
  SELECT count(*) AS examined,
         count(*) FILTER (WHERE v.duration_seconds IS NULL) AS missing_duration,
         count(*) FILTER (WHERE d.department_id IS NULL) AS unknown_department
  FROM hospital.visits AS v
  LEFT JOIN hospital.departments AS d USING (department_id)
  WHERE v.started_at >= $1 AND v.started_at < $2
)
SELECT 'visits_missing_duration' AS check_id,
       missing_duration AS failing,
       examined,
       CASE WHEN missing_duration > 0 THEN (
         SELECT array_agg('visit ' || visit_id ORDER BY visit_id)
         FROM (SELECT visit_id FROM hospital.visits
               WHERE started_at >= $1 AND started_at < $2 AND duration_seconds IS NULL
               ORDER BY visit_id LIMIT 5) AS s)
       END AS sample_ids
FROM visit_counts
UNION ALL
SELECT 'visits_unknown_department', unknown_department, examined,
       CASE WHEN unknown_department > 0 THEN (
         SELECT array_agg('visit ' || visit_id ORDER BY visit_id)
         FROM (SELECT v.visit_id FROM hospital.visits AS v
               WHERE v.started_at >= $1 AND v.started_at < $2
                 AND NOT EXISTS (SELECT 1 FROM hospital.departments AS d WHERE d.department_id = v.department_id)
               ORDER BY v.visit_id LIMIT 5) AS s)
       END
FROM visit_counts;
