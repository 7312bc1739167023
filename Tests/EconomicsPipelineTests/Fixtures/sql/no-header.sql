-- A check file that does not say which checks it returns.
SELECT 'duplicate_visit_ids' AS check_id, 0::bigint AS failing, 0::bigint AS examined, NULL::text[] AS sample_ids;
