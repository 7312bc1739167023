-- Charges billed in the period, by billing channel, kind and setting (outpatient or inpatient):
-- count, amount billed and drug acquisition cost (CNY, exact).
SELECT channel,
       kind,
       admission_id IS NOT NULL AS inpatient,
       count(*) AS charges,
       coalesce(sum(amount), 0) AS amount,
       coalesce(sum(acquisition_cost), 0) AS acquisition_cost
FROM hospital.charges
WHERE charged_at >= $1 AND charged_at < $2
GROUP BY channel, kind, inpatient
ORDER BY channel, kind, inpatient;
