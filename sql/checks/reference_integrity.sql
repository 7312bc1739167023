-- Visits in a department that the departments table does not know (visits carry no foreign
-- key, for load speed). Add the department, or correct the visits.
SELECT 'visits_unknown_department' AS check_id,
       count(*) FILTER (WHERE d.department_id IS NULL) AS failing,
       count(*) AS examined,
       (array_agg('visit ' || v.visit_id ORDER BY v.visit_id) FILTER (WHERE d.department_id IS NULL))[1:5] AS sample_ids
FROM hospital.visits AS v
LEFT JOIN hospital.departments AS d USING (department_id)
WHERE v.started_at >= $1 AND v.started_at < $2;
