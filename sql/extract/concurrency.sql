-- reads: visits(-1 day)
-- Observed concurrency of virtual sessions, from the visits' intervals, without a per-minute
-- explosion of rows: starts and ends are counted by minute (two grouped scans, which PostgreSQL
-- runs side by side, unlike GROUPING SETS, which it runs in one process), and a running sum over
-- the minutes gives the number of open sessions at each minute boundary. A session counts from
-- the minute boundary after it starts until the boundary after it ends; the peak is therefore
-- sampled once a minute. Minutes are whole UTC minutes computed by date_bin (integer arithmetic,
-- no time-zone conversion per row); every current zone's offset is a whole number of minutes,
-- so they are the local minutes too.
-- The peak counts every session open at a minute of the period, also those started before it (up
-- to a day before: longer sessions are not expected), so the peak of a longer period is the
-- highest of its months' peaks, exactly.
WITH deltas AS (
  SELECT minute + interval '1 minute' AS boundary, sum(delta) AS delta
  FROM (
    SELECT date_bin('1 minute', started_at, timestamptz '2000-01-01 00:00:00+00') AS minute, count(*) AS delta
    FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= $1 - interval '1 day' AND started_at < $2 AND duration_seconds IS NOT NULL
    GROUP BY 1
    UNION ALL
    SELECT date_bin('1 minute', started_at + make_interval(secs => duration_seconds), timestamptz '2000-01-01 00:00:00+00'), -count(*)
    FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= $1 - interval '1 day' AND started_at < $2 AND duration_seconds IS NOT NULL
    GROUP BY 1
  ) AS b
  GROUP BY minute
), running AS (
  SELECT boundary, sum(delta) OVER (ORDER BY boundary) AS open_sessions FROM deltas
)
SELECT coalesce(max(open_sessions), 0)::bigint AS peak_sessions,
       (SELECT boundary FROM running WHERE boundary >= $1 AND boundary < $2
        ORDER BY open_sessions DESC, boundary LIMIT 1) AS peak_at,
       count(*) AS minutes_with_activity
FROM running
WHERE boundary >= $1 AND boundary < $2;
