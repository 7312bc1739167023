-- Device inventory in service during the period, by class and model: devices, rated power,
-- storage capacity, and nameplate IT energy (every device at rated power for every hour it
-- was in service within the period).
WITH bounds AS (
  SELECT d.*,
         greatest(d.in_service_on::timestamp AT TIME ZONE $3, $1) AS from_ts,
         least(coalesce(d.retired_on::timestamp AT TIME ZONE $3, $2), $2) AS to_ts
  FROM hospital.devices AS d
  WHERE d.in_service_on::timestamp AT TIME ZONE $3 < $2
    AND (d.retired_on IS NULL OR d.retired_on::timestamp AT TIME ZONE $3 > $1)
)
SELECT device_class,
       model,
       sum(device_count)::bigint AS devices,
       count(*) AS device_groups,
       sum(device_count * rated_watts) / 1000.0 AS rated_kw,
       coalesce(sum(capacity_pb), 0) AS capacity_pb,
       sum(device_count * rated_watts / 1000.0 * extract(epoch FROM to_ts - from_ts) / 3600.0) AS nameplate_kwh,
       sum(device_count * purchase_price) AS purchase_value
FROM bounds
GROUP BY device_class, model
ORDER BY device_class, model;
