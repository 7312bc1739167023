-- reads: device_utilization, devices, electricity_tariffs
-- Metered IT energy from hourly telemetry in the period, by device class: kWh, hours reported,
-- average utilization, the energy's cost at the tariff in force on each local day, and the last
-- local day with telemetry. Hours are first summed per device and local day, so the devices are
-- matched and the tariff looked up once a day, not once an hour. Sums are exact (numeric), so the
-- result does not depend on the order rows arrive in and twelve months add up to their year; the
-- weighted utilization is a device group's devices × the sum of its hours' utilization.
--
-- Sharded (migration 008): telemetry is placed by device, and the inner GROUP BY holds the shard
-- key, hospital.shard_of(device_id), so each shard sums its own hours; the devices (which stay on
-- the coordinator) are matched with the sums. A local day is found by width_bucket over the
-- days' first instants, computed once from the time zone: a shard is sent the list, rather than
-- asked to convert each hour to the local calendar. On a single server the shard key is a constant.
WITH days AS (
  SELECT d::date AS day, d::timestamp AT TIME ZONE $3 AS day_start
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS d
), device_days AS (
  SELECT hospital.shard_of(u.device_id) AS shard,
         u.device_id,
         width_bucket(u.hour_start, (SELECT array_agg(day_start ORDER BY day) FROM days)) AS day_number,
         sum(u.energy_kwh::numeric) AS energy_kwh,
         sum(u.utilization_pct::numeric) AS utilization,
         count(u.utilization_pct) AS hours_with_utilization,
         count(*) AS group_hours
  FROM hospital.device_utilization AS u
  WHERE u.hour_start >= $1 AND u.hour_start < $2
  GROUP BY shard, u.device_id, day_number
), daily AS (
  SELECT d.device_class,
         days.day,
         sum(x.energy_kwh) AS energy_kwh,
         sum(x.utilization * d.device_count) AS weighted_utilization,
         sum(x.hours_with_utilization * d.device_count) AS device_hours,
         sum(x.group_hours) AS group_hours
  FROM device_days AS x
  JOIN hospital.devices AS d USING (device_id)
  JOIN (SELECT day, row_number() OVER (ORDER BY day) AS day_number FROM days) AS days USING (day_number)
  GROUP BY d.device_class, days.day
)
SELECT daily.device_class,
       coalesce(sum(daily.energy_kwh), 0) AS energy_kwh,
       sum(daily.group_hours)::bigint AS group_hours,
       coalesce(sum(daily.weighted_utilization), 0) AS weighted_utilization,
       coalesce(sum(daily.device_hours), 0)::bigint AS device_hours,
       coalesce(sum(daily.energy_kwh * t.price_per_kwh), 0) AS energy_cost,
       count(*) FILTER (WHERE t.price_per_kwh IS NULL) AS days_without_tariff,
       max(daily.day) AS last_day
FROM daily
LEFT JOIN LATERAL (
  SELECT price_per_kwh FROM hospital.electricity_tariffs
  WHERE effective_from <= daily.day
  ORDER BY effective_from DESC
  LIMIT 1
) AS t ON true
GROUP BY daily.device_class
ORDER BY daily.device_class;
