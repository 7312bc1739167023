-- checks: duplicate_visit_ids, duplicate_charge_ids
-- reads: visits, charges
-- across months: duplicate_visit_ids = visits(visit_id), duplicate_charge_ids = charges(charge_id)
-- Identifiers that occur more than once in the period: a visit or a charge loaded twice would
-- count its revenue twice. Deduplicate at the source and reload the period.
-- One scan per table counts its rows and its distinct ids: rows − distinct ids are the extra
-- copies. The sample ids are looked up only when a check fails.
--
-- id_ranges covers the period's ids with a few ranges: ids fall in buckets of 2^20 consecutive
-- values; the same scan gives each bucket's lowest and highest id, and runs of neighbouring
-- buckets are merged (beyond 4,096 buckets, one range from the lowest to the highest id). A
-- longer period composes its months: two months can share an id only where their ranges
-- overlap, and only there are their ids compared (the `across months` line above says which
-- table and column).
--
-- The scans group by the shard key as well (migration 008), so on a sharded database each shard
-- counts its own rows and ids and sends a row per bucket. A visit id is on one shard (visits are
-- placed by visit_id), so the visits' counts are exact on any number of shards. A charge is
-- placed by its visit (or admission): a charge loaded twice is on one shard with its copy, but
-- a charge id given to two charges of different visits on different shards is not compared
-- across shards (README, *Beyond one server*). On a single server the shard key is a constant.
WITH visit_buckets AS (
  SELECT hospital.shard_of(visit_id) AS shard, visit_id >> 20 AS bucket,
         count(*) AS copies, count(DISTINCT visit_id) AS ids,
         min(visit_id) AS low, max(visit_id) AS high
  FROM hospital.visits
  WHERE started_at >= $1 AND started_at < $2
  GROUP BY shard, bucket
), visit_ranges AS (
  SELECT bucket, min(low) AS low, max(high) AS high FROM visit_buckets GROUP BY bucket
), visit_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM visit_ranges) AS b
  GROUP BY run
), visit_counts AS (
  SELECT coalesce(sum(copies), 0)::bigint AS copies, coalesce(sum(ids), 0)::bigint AS ids
  FROM visit_buckets
), charge_buckets AS (
  SELECT hospital.shard_of(visit_id, admission_id) AS shard, charge_id >> 20 AS bucket,
         count(*) AS copies, count(DISTINCT charge_id) AS ids,
         min(charge_id) AS low, max(charge_id) AS high
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
  GROUP BY shard, bucket
), charge_ranges AS (
  SELECT bucket, min(low) AS low, max(high) AS high FROM charge_buckets GROUP BY bucket
), charge_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM charge_ranges) AS b
  GROUP BY run
), charge_counts AS (
  SELECT coalesce(sum(copies), 0)::bigint AS copies, coalesce(sum(ids), 0)::bigint AS ids
  FROM charge_buckets
)
-- The samples are looked up only when an id repeats (a CASE evaluates its subquery only then),
-- each shard grouping its own ids and sending the repeated ones (no LIMIT, which would make
-- PostgreSQL group the shards' rows here to stop early).
SELECT 'duplicate_visit_ids' AS check_id, (copies - ids)::bigint AS failing, copies::bigint AS examined,
       CASE WHEN copies > ids THEN (
         SELECT (array_agg('visit ' || visit_id ORDER BY visit_id))[1:5]
         FROM (SELECT visit_id FROM hospital.visits
               WHERE started_at >= $1 AND started_at < $2
               GROUP BY hospital.shard_of(visit_id), visit_id HAVING count(*) > 1) AS s)
       END AS sample_ids,
       CASE WHEN (SELECT count(*) FROM visit_ranges) > 4096
            THEN (SELECT ARRAY[min(low) || ':' || max(high)] FROM visit_ranges)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM visit_runs)
       END AS id_ranges
FROM visit_counts
UNION ALL
SELECT 'duplicate_charge_ids', (copies - ids)::bigint, copies::bigint,
       CASE WHEN copies > ids THEN (
         SELECT (array_agg('charge ' || charge_id ORDER BY charge_id))[1:5]
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2
               GROUP BY hospital.shard_of(visit_id, admission_id), charge_id HAVING count(*) > 1) AS s)
       END,
       CASE WHEN (SELECT count(*) FROM charge_ranges) > 4096
            THEN (SELECT ARRAY[min(low) || ':' || max(high)] FROM charge_ranges)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM charge_runs)
       END
FROM charge_counts;
