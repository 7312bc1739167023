-- checks: duplicate_visit_ids, duplicate_charge_ids
-- reads: visits, charges
-- across months: duplicate_visit_ids = visits(visit_id), duplicate_charge_ids = charges(charge_id)
-- Identifiers that occur more than once in the period: a visit or a charge loaded twice would
-- count its revenue twice. Deduplicate at the source and reload the period.
-- One scan per table counts its rows and its distinct ids: rows − distinct ids are the extra
-- copies. The sample ids are looked up only when a check fails (a CASE evaluates its subquery
-- only then).
--
-- id_ranges covers the period's ids with a few ranges: ids fall in buckets of 2^20 consecutive
-- values; each bucket's lowest and highest id are found in the B-tree of migration 003 (two index
-- probes a bucket, hopping from bucket to bucket: a loose index scan, not a scan of the ids), and
-- runs of neighbouring buckets are merged (beyond 4,096 buckets, one range from the lowest to the
-- highest id). A longer period
-- composes its months: two months can share an id only where their ranges overlap, and only
-- there are their ids compared (the `across months` line above says which table and column).
WITH RECURSIVE visit_counts AS (
  SELECT count(*) AS copies, count(DISTINCT visit_id) AS ids
  FROM hospital.visits
  WHERE started_at >= $1 AND started_at < $2
), visit_lows(low, n) AS (
  SELECT min(visit_id), 1 FROM hospital.visits WHERE started_at >= $1 AND started_at < $2
  UNION ALL
  SELECT (SELECT min(visit_id) FROM hospital.visits
          WHERE visit_id >= ((l.low >> 20) + 1) << 20 AND started_at >= $1 AND started_at < $2), l.n + 1
  FROM visit_lows AS l
  WHERE l.low IS NOT NULL AND l.n <= 4096
), visit_buckets AS (
  SELECT low >> 20 AS bucket, low,
         (SELECT max(visit_id) FROM hospital.visits
          WHERE visit_id >= l.low AND visit_id < ((l.low >> 20) + 1) << 20 AND started_at >= $1 AND started_at < $2) AS high
  FROM visit_lows AS l
  WHERE low IS NOT NULL
), visit_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM visit_buckets) AS b
  GROUP BY run
), charge_counts AS (
  SELECT count(*) AS copies, count(DISTINCT charge_id) AS ids
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
), charge_lows(low, n) AS (
  SELECT min(charge_id), 1 FROM hospital.charges WHERE charged_at >= $1 AND charged_at < $2
  UNION ALL
  SELECT (SELECT min(charge_id) FROM hospital.charges
          WHERE charge_id >= ((l.low >> 20) + 1) << 20 AND charged_at >= $1 AND charged_at < $2), l.n + 1
  FROM charge_lows AS l
  WHERE l.low IS NOT NULL AND l.n <= 4096
), charge_buckets AS (
  SELECT low >> 20 AS bucket, low,
         (SELECT max(charge_id) FROM hospital.charges
          WHERE charge_id >= l.low AND charge_id < ((l.low >> 20) + 1) << 20 AND charged_at >= $1 AND charged_at < $2) AS high
  FROM charge_lows AS l
  WHERE low IS NOT NULL
), charge_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM charge_buckets) AS b
  GROUP BY run
)
-- The samples are a lateral subquery gated on the count (a one-time filter): never read when no
-- id repeats.
SELECT 'duplicate_visit_ids' AS check_id, (copies - ids)::bigint AS failing, copies::bigint AS examined,
       samples.sample_ids,
       CASE WHEN (SELECT count(*) FROM visit_buckets) > 4096
            THEN (SELECT ARRAY[min(visit_id) || ':' || max(visit_id)] FROM hospital.visits
                  WHERE started_at >= $1 AND started_at < $2)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM visit_runs)
       END AS id_ranges
FROM visit_counts AS c
LEFT JOIN LATERAL (
  SELECT array_agg('visit ' || visit_id ORDER BY visit_id) AS sample_ids
  FROM (SELECT visit_id FROM hospital.visits
        WHERE c.copies > c.ids AND started_at >= $1 AND started_at < $2
        GROUP BY visit_id HAVING count(*) > 1 ORDER BY visit_id LIMIT 5) AS s
) AS samples ON true
UNION ALL
SELECT 'duplicate_charge_ids', (copies - ids)::bigint, copies::bigint, samples.sample_ids,
       CASE WHEN (SELECT count(*) FROM charge_buckets) > 4096
            THEN (SELECT ARRAY[min(charge_id) || ':' || max(charge_id)] FROM hospital.charges
                  WHERE charged_at >= $1 AND charged_at < $2)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM charge_runs)
       END
FROM charge_counts AS c
LEFT JOIN LATERAL (
  SELECT array_agg('charge ' || charge_id ORDER BY charge_id) AS sample_ids
  FROM (SELECT charge_id FROM hospital.charges
        WHERE c.copies > c.ids AND charged_at >= $1 AND charged_at < $2
        GROUP BY charge_id HAVING count(*) > 1 ORDER BY charge_id LIMIT 5) AS s
) AS samples ON true;
