-- reads: visits, departments
-- checks: visits_missing_duration, visits_unknown_department
-- Visits started in the period, by channel: count, interaction time, and the local days of the
-- first and last visit (to say whether the data reaches the period's last day); and, from the
-- same scan, the checks of values a visit must not have:
--   visits_missing_duration    a visit without an interaction time (a session cut off before it
--                              was closed). Fix at the source system and reload.
--   visits_unknown_department  a visit in a department that the departments table does not know
--                              (visits carry no foreign key, for load speed). Add the department,
--                              or correct the visits.
-- Rows with a check_id are the checks (check shape: failing, examined, sample_ids); the others
-- are the measure. The counts are plain aggregates, so the scan runs in parallel; the sample
-- identifiers (the five lowest) are looked up only when a check fails (a CASE evaluates its
-- subquery only then).
-- The inner GROUP BY holds the shard key, hospital.shard_of(visit_id) (migration 008): on a
-- sharded database each shard groups its own visits and sends the coordinator its groups; on a
-- single server the key is a constant and costs nothing.
WITH by_department AS (
  -- Grouped by department first, and only the few groups are matched with the departments
  -- table (a join per visit cost a third of the scan).
  SELECT hospital.shard_of(visit_id) AS shard, channel, department_id,
         count(*) AS visits,
         sum(duration_seconds) AS duration_seconds,
         count(duration_seconds) AS visits_with_duration,
         min(started_at) AS first_at,
         max(started_at) AS last_at
  FROM hospital.visits
  WHERE started_at >= $1 AND started_at < $2
  GROUP BY shard, channel, department_id
), by_channel AS (
  SELECT g.channel,
         sum(g.visits)::bigint AS visits,
         coalesce(sum(g.duration_seconds), 0)::bigint AS duration_seconds,
         sum(g.visits_with_duration)::bigint AS visits_with_duration,
         (min(g.first_at) AT TIME ZONE $3)::date AS first_day,
         (max(g.last_at) AT TIME ZONE $3)::date AS last_day,
         coalesce(sum(g.visits) FILTER (WHERE d.department_id IS NULL), 0)::bigint AS unknown_department
  FROM by_department AS g
  LEFT JOIN hospital.departments AS d USING (department_id)
  GROUP BY g.channel
), totals AS (
  SELECT coalesce(sum(visits), 0)::bigint AS examined,
         coalesce(sum(visits - visits_with_duration), 0)::bigint AS missing_duration,
         coalesce(sum(unknown_department), 0)::bigint AS unknown_department
  FROM by_channel
)
SELECT channel, visits, duration_seconds, visits_with_duration, first_day, last_day,
       NULL::text AS check_id, NULL::bigint AS failing, NULL::bigint AS examined,
       NULL::text[] AS sample_ids
FROM by_channel
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, 'visits_missing_duration', missing_duration, examined,
       CASE WHEN missing_duration > 0 THEN (
         SELECT array_agg('visit ' || visit_id ORDER BY visit_id)
         FROM (SELECT visit_id FROM hospital.visits
               WHERE started_at >= $1 AND started_at < $2 AND duration_seconds IS NULL
               ORDER BY visit_id LIMIT 5) AS s)
       END
FROM totals
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, 'visits_unknown_department', unknown_department, examined,
       CASE WHEN unknown_department > 0 THEN (
         SELECT array_agg('visit ' || visit_id ORDER BY visit_id)
         FROM (SELECT v.visit_id FROM hospital.visits AS v
               WHERE v.started_at >= $1 AND v.started_at < $2
                 -- The unknown departments, from the groups: a list the shards can be sent.
                 AND v.department_id = ANY (ARRAY(
                       SELECT g.department_id FROM by_department AS g
                       WHERE NOT EXISTS (SELECT 1 FROM hospital.departments AS d
                                         WHERE d.department_id = g.department_id)))
               ORDER BY v.visit_id LIMIT 5) AS s)
       END
FROM totals;
