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
-- Sharded (migration 008): the two inner GROUP BYs hold the shard key, hospital.shard_of(visit_id),
-- so each shard counts its own starts and ends per minute and the coordinator adds them up; the
-- bounds and the minutes are immutable expressions (interval arithmetic in UTC, `AT TIME ZONE
-- interval '0'`: the session's own time zone plays no part), which PostgreSQL computes once or
-- sends to the shards as they are. On a single server the shard key is a constant.
WITH deltas AS (
  SELECT minute + interval '1 minute' AS boundary, sum(delta) AS delta
  FROM (
    SELECT hospital.shard_of(visit_id) AS shard,
           date_bin('1 minute', started_at, timestamptz '2000-01-01 00:00:00+00') AS minute, count(*) AS delta
    FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= ($1 AT TIME ZONE interval '0' - interval '1 day') AT TIME ZONE interval '0'
      AND started_at < $2 AND duration_seconds IS NOT NULL
    GROUP BY 1, 2
    UNION ALL
    SELECT hospital.shard_of(visit_id),
           date_bin('1 minute',
                    (started_at AT TIME ZONE interval '0' + make_interval(secs => duration_seconds)) AT TIME ZONE interval '0',
                    timestamptz '2000-01-01 00:00:00+00'),
           -count(*)
    FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= ($1 AT TIME ZONE interval '0' - interval '1 day') AT TIME ZONE interval '0'
      AND started_at < $2 AND duration_seconds IS NOT NULL
    GROUP BY 1, 2
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
