-- checks: duplicate_visit_ids, duplicate_charge_ids
-- Identifiers that occur more than once in the period: a visit or a charge loaded twice would
-- count its revenue twice. Deduplicate at the source and reload the period.
-- Each table is read in id order from the B-tree indexes of migration 003 (an index-only scan
-- per monthly partition, merged) and grouped as it streams: no hash of tens of millions of ids.
SELECT 'duplicate_visit_ids' AS check_id,
       coalesce(sum(copies - 1), 0)::bigint AS failing,
       coalesce(sum(copies), 0)::bigint AS examined,
       (array_agg('visit ' || visit_id ORDER BY visit_id) FILTER (WHERE copies > 1))[1:5] AS sample_ids
FROM (
  SELECT visit_id, count(*) AS copies
  FROM hospital.visits
  WHERE started_at >= $1 AND started_at < $2
  GROUP BY visit_id
) AS v
UNION ALL
SELECT 'duplicate_charge_ids',
       coalesce(sum(copies - 1), 0)::bigint,
       coalesce(sum(copies), 0)::bigint,
       (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE copies > 1))[1:5]
FROM (
  SELECT charge_id, count(*) AS copies
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
  GROUP BY charge_id
) AS c;
