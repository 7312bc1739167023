-- Network peaks in the period, by direction: the highest hourly peak and the 95th percentile.
SELECT direction,
       max(peak_gbps) AS peak_gbps,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY peak_gbps) AS p95_gbps,
       count(*) AS hours
FROM hospital.network_peaks
WHERE hour_start >= $1 AND hour_start < $2
GROUP BY direction
ORDER BY direction;
