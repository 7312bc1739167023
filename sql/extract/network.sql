-- reads: network_peaks
-- Network peaks in the period, by direction: the highest hourly peak, the 95th percentile, the
-- hours reported and the last local day reported.
SELECT direction,
       max(peak_gbps) AS peak_gbps,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY peak_gbps) AS p95_gbps,
       count(*) AS hours,
       (max(hour_start) AT TIME ZONE $3)::date AS last_day
FROM hospital.network_peaks
WHERE hour_start >= $1 AND hour_start < $2
GROUP BY direction
ORDER BY direction;
