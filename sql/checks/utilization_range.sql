-- checks: utilization_out_of_range
-- reads: device_utilization
-- Telemetry outside physics: utilization below 0 % or above 100 %, missing, or negative metered
-- energy. Such hours distort metered energy; check the device group's collector.
-- The counts group by the shard key of migration 008 (on a sharded database each shard counts
-- its own hours; on a single server the key is a constant); the five first hours in error are
-- looked up only when there are any (a CASE evaluates its subquery only then).
WITH per_shard AS (
  SELECT hospital.shard_of(device_id) AS shard,
         count(*) FILTER (WHERE utilization_pct IS NULL OR utilization_pct < 0 OR utilization_pct > 100
                          OR energy_kwh IS NULL OR energy_kwh < 0) AS failing,
         count(*) AS examined
  FROM hospital.device_utilization
  WHERE hour_start >= $1 AND hour_start < $2
  GROUP BY shard
), totals AS (
  SELECT coalesce(sum(failing), 0)::bigint AS failing, coalesce(sum(examined), 0)::bigint AS examined
  FROM per_shard
)
SELECT 'utilization_out_of_range' AS check_id, failing, examined,
       CASE WHEN failing > 0 THEN (
         SELECT array_agg('device ' || device_id || ' at ' || to_char(hour_start AT TIME ZONE $3, 'YYYY-MM-DD HH24:00')
                          ORDER BY hour_start, device_id)
         FROM (SELECT device_id, hour_start FROM hospital.device_utilization
               WHERE hour_start >= $1 AND hour_start < $2
                 AND (utilization_pct IS NULL OR utilization_pct < 0 OR utilization_pct > 100
                      OR energy_kwh IS NULL OR energy_kwh < 0)
               ORDER BY hour_start, device_id LIMIT 5) AS s)
       END AS sample_ids
FROM totals;
