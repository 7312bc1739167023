-- Observed concurrency of virtual sessions, from the visits' intervals, without a per-minute
-- explosion of rows: one scan groups starts and ends by minute (GROUPING SETS), and a running
-- sum over the minutes gives the number of open sessions at each minute boundary. A session
-- counts from the minute boundary after it starts until the boundary after it ends; the peak is
-- therefore sampled once a minute.
WITH buckets AS (
  SELECT date_trunc('minute', started_at) AS start_minute,
         date_trunc('minute', started_at + make_interval(secs => duration_seconds)) AS end_minute,
         grouping(date_trunc('minute', started_at)) AS is_end,
         count(*) AS sessions
  FROM hospital.visits
  WHERE channel = 'virtual' AND started_at >= $1 AND started_at < $2
    AND duration_seconds IS NOT NULL
  GROUP BY GROUPING SETS (
    (date_trunc('minute', started_at)),
    (date_trunc('minute', started_at + make_interval(secs => duration_seconds)))
  )
), deltas AS (
  SELECT coalesce(start_minute, end_minute) + interval '1 minute' AS boundary,
         sum(CASE WHEN is_end = 0 THEN sessions ELSE -sessions END) AS delta
  FROM buckets
  GROUP BY 1
), running AS (
  SELECT boundary, sum(delta) OVER (ORDER BY boundary) AS open_sessions FROM deltas
)
SELECT coalesce(max(open_sessions), 0)::bigint AS peak_sessions,
       (SELECT boundary FROM running ORDER BY open_sessions DESC, boundary LIMIT 1) AS peak_at,
       count(*) AS minutes_with_activity
FROM running;
