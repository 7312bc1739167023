-- reads: charges
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
SELECT channel,
       kind,
       admission_id IS NOT NULL AS inpatient,
       count(*) AS charges,
       coalesce(sum(amount), 0) AS amount,
       coalesce(sum(amount) FILTER (WHERE acquisition_cost IS NOT NULL), 0) AS amount_with_cost,
       coalesce(sum(acquisition_cost) FILTER (WHERE amount IS NOT NULL), 0) AS acquisition_cost,
       count(*) FILTER (WHERE amount IS NOT NULL AND acquisition_cost IS NULL) AS missing_cost,
       (max(charged_at) AT TIME ZONE $3)::date AS last_day
FROM hospital.charges
WHERE charged_at >= $1 AND charged_at < $2
GROUP BY channel, kind, inpatient
ORDER BY channel, kind, inpatient;
