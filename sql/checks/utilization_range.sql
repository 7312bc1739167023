-- checks: utilization_out_of_range
-- reads: device_utilization
-- Telemetry outside physics: utilization below 0 % or above 100 %, missing, or negative metered
-- energy. Such hours distort metered energy; check the device group's collector.
SELECT 'utilization_out_of_range' AS check_id,
       count(*) FILTER (WHERE utilization_pct IS NULL OR utilization_pct < 0 OR utilization_pct > 100
                        OR energy_kwh IS NULL OR energy_kwh < 0) AS failing,
       count(*) AS examined,
       (array_agg('device ' || device_id || ' at ' || to_char(hour_start AT TIME ZONE $3, 'YYYY-MM-DD HH24:00')
                  ORDER BY hour_start, device_id)
          FILTER (WHERE utilization_pct IS NULL OR utilization_pct < 0 OR utilization_pct > 100
                  OR energy_kwh IS NULL OR energy_kwh < 0))[1:5] AS sample_ids
FROM hospital.device_utilization
WHERE hour_start >= $1 AND hour_start < $2;
