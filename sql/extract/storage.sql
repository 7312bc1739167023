-- reads: storage_written
-- Bytes written to long-term storage on the period's local days, by kind of content (every kind,
-- `other` included), and the last day with a write.
SELECT content_kind,
       sum(object_count)::bigint AS objects,
       sum(bytes) AS bytes,
       max(written_on) AS last_day
FROM hospital.storage_written
WHERE written_on >= ($1 AT TIME ZONE $3)::date AND written_on < ($2 AT TIME ZONE $3)::date
GROUP BY content_kind
ORDER BY content_kind;
