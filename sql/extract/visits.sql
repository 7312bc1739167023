-- reads: visits
-- Visits started in the period, by channel: count, interaction time, and the local days of the
-- first and last visit (to say whether the data reaches the period's last day).
SELECT channel,
       count(*) AS visits,
       coalesce(sum(duration_seconds), 0)::bigint AS duration_seconds,
       count(duration_seconds) AS visits_with_duration,
       (min(started_at) AT TIME ZONE $3)::date AS first_day,
       (max(started_at) AT TIME ZONE $3)::date AS last_day
FROM hospital.visits
WHERE started_at >= $1 AND started_at < $2
GROUP BY channel
ORDER BY channel;
