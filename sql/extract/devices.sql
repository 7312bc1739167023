-- reads: devices, electricity_tariffs
-- Device inventory in service during the period, by class and model, and its nameplate IT energy
-- (every device at rated power for every hour it was in service) costed at the tariff in force on
-- each local day.
--
-- A device group is in service on the local days from in_service_on up to the day before
-- retired_on (retired_on is the first day out of service). Each local day has its own length in
-- hours (23 or 25 on a daylight-saving change), and its own tariff: the electricity_tariffs row
-- with the latest effective_from on or before the day. Sums are exact (numeric): the energy and
-- cost of a period are the sums of its days, so twelve months add up to their year exactly.
--
--   devices            devices in service on at least one day of the period
--   device_days        devices × days in service within the period (÷ days = average devices)
--   watt_days          devices × rated watts × days in service (÷ device_days = rated W a device)
--   capacity_pb_days   storage capacity × days in service (÷ days = average capacity, decimal PB)
--   nameplate_kwh      IT energy at nameplate, kWh
--   nameplate_cost     that energy at each day's tariff, CNY (days without a tariff add nothing:
--                      check days_without_tariff)
--   untariffed_kwh     nameplate energy on days without a tariff, kWh
WITH days AS (
  SELECT d::date AS day,
         extract(epoch FROM ((d + interval '1 day')::timestamp AT TIME ZONE $3)
                            - (d::timestamp AT TIME ZONE $3))::numeric / 3600 AS hours
  FROM generate_series(($1 AT TIME ZONE $3)::date, ($2 AT TIME ZONE $3)::date - 1, interval '1 day') AS d
), priced_days AS (
  SELECT days.day, days.hours, t.price_per_kwh
  FROM days
  LEFT JOIN LATERAL (
    SELECT price_per_kwh FROM hospital.electricity_tariffs
    WHERE effective_from <= days.day
    ORDER BY effective_from DESC
    LIMIT 1
  ) AS t ON true
), group_days AS (
  SELECT g.device_class, g.model, g.device_id, g.device_count, g.capacity_pb, p.price_per_kwh,
         g.device_count * g.rated_watts::numeric AS watts,
         g.device_count * g.rated_watts::numeric * p.hours / 1000 AS kwh
  FROM hospital.devices AS g
  JOIN priced_days AS p
    ON p.day >= g.in_service_on AND (g.retired_on IS NULL OR p.day < g.retired_on)
), per_group AS (
  SELECT device_class, model, device_id, device_count,
         count(*) * device_count AS device_days,
         sum(watts) AS watt_days,
         coalesce(sum(capacity_pb::numeric), 0) AS capacity_pb_days,
         sum(kwh) AS nameplate_kwh,
         coalesce(sum(kwh * price_per_kwh), 0) AS nameplate_cost,
         coalesce(sum(kwh) FILTER (WHERE price_per_kwh IS NULL), 0) AS untariffed_kwh
  FROM group_days
  GROUP BY device_class, model, device_id, device_count
)
SELECT device_class,
       model,
       count(*) AS device_groups,
       sum(device_count)::bigint AS devices,
       sum(device_days)::bigint AS device_days,
       sum(watt_days) AS watt_days,
       sum(capacity_pb_days) AS capacity_pb_days,
       sum(nameplate_kwh) AS nameplate_kwh,
       sum(nameplate_cost) AS nameplate_cost,
       sum(untariffed_kwh) AS untariffed_kwh
FROM per_group
GROUP BY device_class, model
ORDER BY device_class, model;
