-- checks: duplicate_visit_ids, duplicate_charge_ids
-- reads: visits, charges
-- across months: duplicate_visit_ids = visits(visit_id), duplicate_charge_ids = charges(charge_id)
-- Identifiers that occur more than once in the period: a visit or a charge loaded twice would
-- count its revenue twice. Deduplicate at the source and reload the period.
-- Each table is read in id order from the B-tree indexes of migration 003 (an index-only scan
-- per monthly partition, merged) and grouped as it streams: no hash of tens of millions of ids.
--
-- id_ranges covers the period's ids with a few ranges: ids are grouped in buckets of 2^20
-- consecutive values, runs of neighbouring buckets merged, each run from its lowest id to its
-- highest (one range from the lowest to the highest id beyond 4,096 runs). A longer period
-- composes its months: two months can share an id only where their ranges overlap, and only
-- there are their ids compared (the `across months` line above says which table and column).
WITH visit_buckets AS (
  SELECT visit_id >> 20 AS bucket, min(visit_id) AS low, max(visit_id) AS high,
         sum(copies - 1) AS extra, sum(copies) AS copies,
         (array_agg(visit_id ORDER BY visit_id) FILTER (WHERE copies > 1))[1:5] AS samples
  FROM (
    SELECT visit_id, count(*) AS copies
    FROM hospital.visits
    WHERE started_at >= $1 AND started_at < $2
    GROUP BY visit_id
  ) AS v
  GROUP BY 1
), visit_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM visit_buckets) AS b
  GROUP BY run
), charge_buckets AS (
  SELECT charge_id >> 20 AS bucket, min(charge_id) AS low, max(charge_id) AS high,
         sum(copies - 1) AS extra, sum(copies) AS copies,
         (array_agg(charge_id ORDER BY charge_id) FILTER (WHERE copies > 1))[1:5] AS samples
  FROM (
    SELECT charge_id, count(*) AS copies
    FROM hospital.charges
    WHERE charged_at >= $1 AND charged_at < $2
    GROUP BY charge_id
  ) AS c
  GROUP BY 1
), charge_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM charge_buckets) AS b
  GROUP BY run
)
SELECT 'duplicate_visit_ids' AS check_id,
       coalesce((SELECT sum(extra) FROM visit_buckets), 0)::bigint AS failing,
       coalesce((SELECT sum(copies) FROM visit_buckets), 0)::bigint AS examined,
       (SELECT (array_agg('visit ' || id ORDER BY id))[1:5] FROM visit_buckets, unnest(samples) AS id) AS sample_ids,
       CASE WHEN (SELECT count(*) FROM visit_runs) > 4096
            THEN (SELECT ARRAY[min(lo) || ':' || max(hi)] FROM visit_runs)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM visit_runs)
       END AS id_ranges
UNION ALL
SELECT 'duplicate_charge_ids',
       coalesce((SELECT sum(extra) FROM charge_buckets), 0)::bigint,
       coalesce((SELECT sum(copies) FROM charge_buckets), 0)::bigint,
       (SELECT (array_agg('charge ' || id ORDER BY id))[1:5] FROM charge_buckets, unnest(samples) AS id),
       CASE WHEN (SELECT count(*) FROM charge_runs) > 4096
            THEN (SELECT ARRAY[min(lo) || ':' || max(hi)] FROM charge_runs)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM charge_runs)
       END;
