-- reads: device_utilization, devices, electricity_tariffs
-- Metered IT energy from hourly telemetry in the period, by device class: kWh, hours reported,
-- average utilization, the energy's cost at the tariff in force on each local day, and the last
-- local day with telemetry. Hours are first summed per class and day, so the tariff is looked up
-- once a day, not once an hour. Sums are exact (numeric), so the result does not depend on the
-- order rows arrive in and twelve months add up to their year.
WITH daily AS (
  SELECT d.device_class,
         (u.hour_start AT TIME ZONE $3)::date AS day,
         sum(u.energy_kwh::numeric) AS energy_kwh,
         sum((u.utilization_pct * d.device_count)::numeric) AS weighted_utilization,
         sum(d.device_count) FILTER (WHERE u.utilization_pct IS NOT NULL) AS device_hours,
         count(*) AS group_hours
  FROM hospital.device_utilization AS u
  JOIN hospital.devices AS d USING (device_id)
  WHERE u.hour_start >= $1 AND u.hour_start < $2
  GROUP BY d.device_class, day
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
