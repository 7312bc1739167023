-- checks: duplicate_visit_ids, duplicate_charge_ids
-- reads: visits, charges
-- across months: duplicate_visit_ids = visits(visit_id), duplicate_charge_ids = charges(charge_id)
-- Identifiers that occur more than once in the period: a visit or a charge loaded twice would
-- count its revenue twice. Deduplicate at the source and reload the period.
-- One scan per table: its ids are grouped in buckets of 2^20 consecutive values (a hash of a few
-- groups), each bucket counting its rows and its distinct ids (a copy of an id is always in the
-- id's own bucket, so rows − distinct ids are the extra copies). The sample ids are looked up only
-- when a check fails (a CASE evaluates its subquery only then).
--
-- id_ranges covers the period's ids with a few ranges: ids are grouped in buckets of 2^20
-- consecutive values, runs of neighbouring buckets merged, each run from its lowest id to its
-- highest (one range from the lowest to the highest id beyond 4,096 runs). A longer period
-- composes its months: two months can share an id only where their ranges overlap, and only
-- there are their ids compared (the `across months` line above says which table and column).
WITH visit_buckets AS (
  SELECT visit_id >> 20 AS bucket, min(visit_id) AS low, max(visit_id) AS high,
         count(*) AS copies, count(DISTINCT visit_id) AS ids
  FROM hospital.visits
  WHERE started_at >= $1 AND started_at < $2
  GROUP BY 1
), visit_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM visit_buckets) AS b
  GROUP BY run
), visit_totals AS (
  SELECT coalesce(sum(copies - ids), 0)::bigint AS failing, coalesce(sum(copies), 0)::bigint AS examined
  FROM visit_buckets
), charge_buckets AS (
  SELECT charge_id >> 20 AS bucket, min(charge_id) AS low, max(charge_id) AS high,
         count(*) AS copies, count(DISTINCT charge_id) AS ids
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
  GROUP BY 1
), charge_runs AS (
  SELECT min(low) AS lo, max(high) AS hi
  FROM (SELECT low, high, bucket - row_number() OVER (ORDER BY bucket) AS run FROM charge_buckets) AS b
  GROUP BY run
), charge_totals AS (
  SELECT coalesce(sum(copies - ids), 0)::bigint AS failing, coalesce(sum(copies), 0)::bigint AS examined
  FROM charge_buckets
)
SELECT 'duplicate_visit_ids' AS check_id, failing, examined,
       CASE WHEN failing > 0 THEN (
         SELECT array_agg('visit ' || visit_id ORDER BY visit_id)
         FROM (SELECT visit_id FROM hospital.visits WHERE started_at >= $1 AND started_at < $2
               GROUP BY visit_id HAVING count(*) > 1 ORDER BY visit_id LIMIT 5) AS s)
       END AS sample_ids,
       CASE WHEN (SELECT count(*) FROM visit_runs) > 4096
            THEN (SELECT ARRAY[min(lo) || ':' || max(hi)] FROM visit_runs)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM visit_runs)
       END AS id_ranges
FROM visit_totals
UNION ALL
SELECT 'duplicate_charge_ids', failing, examined,
       CASE WHEN failing > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges WHERE charged_at >= $1 AND charged_at < $2
               GROUP BY charge_id HAVING count(*) > 1 ORDER BY charge_id LIMIT 5) AS s)
       END,
       CASE WHEN (SELECT count(*) FROM charge_runs) > 4096
            THEN (SELECT ARRAY[min(lo) || ':' || max(hi)] FROM charge_runs)
            ELSE (SELECT array_agg(lo || ':' || hi ORDER BY lo) FROM charge_runs)
       END
FROM charge_totals;
