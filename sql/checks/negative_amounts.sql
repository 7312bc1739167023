-- Charges with a negative amount: refunds or reversals. A few are normal; many mean a billing
-- export that sends corrections as separate rows, which lowers revenue in the report.
SELECT 'negative_charge_amounts' AS check_id,
       count(*) FILTER (WHERE amount < 0) AS failing,
       count(*) AS examined,
       (array_agg('charge ' || charge_id ORDER BY charge_id) FILTER (WHERE amount < 0))[1:5] AS sample_ids
FROM hospital.charges
WHERE charged_at >= $1 AND charged_at < $2;
