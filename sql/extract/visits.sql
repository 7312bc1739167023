-- Visits started in the period, by channel: count and interaction time.
SELECT channel,
       count(*) AS visits,
       coalesce(sum(duration_seconds), 0)::bigint AS duration_seconds,
       count(duration_seconds) AS visits_with_duration
FROM hospital.visits
WHERE started_at >= $1 AND started_at < $2
GROUP BY channel
ORDER BY channel;
