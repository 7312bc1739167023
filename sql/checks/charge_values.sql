-- checks: charges_missing_amount, negative_charge_amounts, drugs_missing_cost
-- reads: charges
-- Values that a charge must not have, both from one scan of the period's charges:
--   charges_missing_amount     a charge without an amount. Fix at the source system and reload.
--   negative_charge_amounts    refunds or reversals. A few are normal; many mean a billing export
--                              that sends corrections as separate rows, which lowers revenue.
--   drugs_missing_cost         a drug charge with an amount but no acquisition cost: its markup
--                              cannot be known, so it adds none to effective revenue. Load the
--                              acquisition cost from the pharmacy system and rerun.
-- The counts are plain aggregates, so the scan runs in parallel. The sample identifiers (the
-- five lowest) are looked up only when a check fails (a CASE evaluates its subquery only then),
-- from the small partial index charges_bad_amount of migration 003.
WITH charge_counts AS (
  SELECT count(*) AS examined,
         count(*) FILTER (WHERE amount IS NULL) AS missing_amount,
         count(*) FILTER (WHERE amount < 0) AS negative_amount,
         count(*) FILTER (WHERE kind = 'drug') AS drugs,
         count(*) FILTER (WHERE kind = 'drug' AND amount IS NOT NULL AND acquisition_cost IS NULL) AS drugs_missing_cost
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
)
SELECT 'charges_missing_amount' AS check_id, missing_amount AS failing, examined,
       CASE WHEN missing_amount > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND amount IS NULL
               ORDER BY charge_id LIMIT 5) AS s)
       END AS sample_ids
FROM charge_counts
UNION ALL
SELECT 'negative_charge_amounts', negative_amount, examined,
       CASE WHEN negative_amount > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND amount < 0
               ORDER BY charge_id LIMIT 5) AS s)
       END
FROM charge_counts
UNION ALL
SELECT 'drugs_missing_cost', drugs_missing_cost, drugs,
       CASE WHEN drugs_missing_cost > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND kind = 'drug'
                 AND amount IS NOT NULL AND acquisition_cost IS NULL
               ORDER BY charge_id LIMIT 5) AS s)
       END
FROM charge_counts;
