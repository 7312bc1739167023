-- reads: charges
-- checks: charges_missing_amount, negative_charge_amounts, drugs_missing_cost
-- Charges billed in the period, by billing channel, kind and setting (outpatient or inpatient),
-- CNY, exact. Charges without an amount add nothing (check charges_missing_amount).
--
--   amount            billed
--   amount_with_cost  billed on the charges that carry an acquisition cost
--   acquisition_cost  what the hospital paid for those charges' goods (drugs)
--   missing_cost      charges with an amount but no acquisition cost
--   last_day          the local day of the last charge
-- A pass-through kind (drugs) keeps only its markup, amount_with_cost − acquisition_cost: a
-- charge without an acquisition cost adds no markup (check drugs_missing_cost).
--
-- The same scan checks the values a charge must not have (rows with a check_id):
--   charges_missing_amount     a charge without an amount. Fix at the source system and reload.
--   negative_charge_amounts    refunds or reversals. A few are normal; many mean a billing export
--                              that sends corrections as separate rows, which lowers revenue.
--   drugs_missing_cost         a drug charge with an amount but no acquisition cost: its markup
--                              cannot be known, so it adds none to effective revenue. Load the
--                              acquisition cost from the pharmacy system and rerun.
-- The counts are plain aggregates, so the scan runs in parallel. The sample identifiers (the five
-- lowest) are looked up only when a check fails (a CASE evaluates its subquery only then; bad
-- amounts from the small partial index charges_bad_amount of migration 003).
-- The inner GROUP BY holds the shard key of a charge, hospital.shard_of(visit_id, admission_id)
-- (migration 008): on a sharded database each shard groups its own charges and sends the
-- coordinator its groups, which are added up here; on a single server the key is a constant.
WITH by_shard AS (
  SELECT hospital.shard_of(visit_id, admission_id) AS shard,
         channel,
         kind,
         admission_id IS NOT NULL AS inpatient,
         count(*) AS charges,
         sum(amount) AS amount,
         sum(amount) FILTER (WHERE acquisition_cost IS NOT NULL) AS amount_with_cost,
         sum(acquisition_cost) FILTER (WHERE amount IS NOT NULL) AS acquisition_cost,
         count(*) FILTER (WHERE amount IS NOT NULL AND acquisition_cost IS NULL) AS missing_cost,
         max(charged_at) AS last_at,
         count(*) FILTER (WHERE amount IS NULL) AS missing_amount,
         count(*) FILTER (WHERE amount < 0) AS negative_amount
  FROM hospital.charges
  WHERE charged_at >= $1 AND charged_at < $2
  GROUP BY shard, channel, kind, inpatient
), groups AS (
  SELECT channel,
         kind,
         inpatient,
         sum(charges)::bigint AS charges,
         coalesce(sum(amount), 0) AS amount,
         coalesce(sum(amount_with_cost), 0) AS amount_with_cost,
         coalesce(sum(acquisition_cost), 0) AS acquisition_cost,
         sum(missing_cost)::bigint AS missing_cost,
         (max(last_at) AT TIME ZONE $3)::date AS last_day,
         sum(missing_amount)::bigint AS missing_amount,
         sum(negative_amount)::bigint AS negative_amount
  FROM by_shard
  GROUP BY channel, kind, inpatient
), totals AS (
  SELECT coalesce(sum(charges), 0)::bigint AS examined,
         coalesce(sum(missing_amount), 0)::bigint AS missing_amount,
         coalesce(sum(negative_amount), 0)::bigint AS negative_amount,
         coalesce(sum(charges) FILTER (WHERE kind = 'drug'), 0)::bigint AS drugs,
         coalesce(sum(missing_cost) FILTER (WHERE kind = 'drug'), 0)::bigint AS drugs_missing_cost
  FROM groups
)
SELECT channel, kind, inpatient, charges, amount, amount_with_cost, acquisition_cost, missing_cost,
       last_day, NULL::text AS check_id, NULL::bigint AS failing, NULL::bigint AS examined,
       NULL::text[] AS sample_ids
FROM groups
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'charges_missing_amount', missing_amount, examined,
       CASE WHEN missing_amount > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND amount IS NULL
               ORDER BY charge_id LIMIT 5) AS s)
       END
FROM totals
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'negative_charge_amounts', negative_amount, examined,
       CASE WHEN negative_amount > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND amount < 0
               ORDER BY charge_id LIMIT 5) AS s)
       END
FROM totals
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       'drugs_missing_cost', drugs_missing_cost, drugs,
       CASE WHEN drugs_missing_cost > 0 THEN (
         SELECT array_agg('charge ' || charge_id ORDER BY charge_id)
         FROM (SELECT charge_id FROM hospital.charges
               WHERE charged_at >= $1 AND charged_at < $2 AND kind = 'drug'
                 AND amount IS NOT NULL AND acquisition_cost IS NULL
               ORDER BY charge_id LIMIT 5) AS s)
       END
FROM totals;
