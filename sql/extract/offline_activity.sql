-- reads: admissions, surgeries
-- The offline hospital's inpatient activity in the period: admissions and surgeries.
SELECT (SELECT count(*) FROM hospital.admissions WHERE admitted_at >= $1 AND admitted_at < $2) AS admissions,
       (SELECT count(*) FROM hospital.surgeries WHERE performed_at >= $1 AND performed_at < $2) AS surgeries;
