-- 003 — indexes for the data-quality checks at tens of millions of rows a year.
--
-- The duplicate-id and charge-to-visit checks group or join the period's rows by identifier.
-- Without an index PostgreSQL hashes 25 M visits and 55 M charges a year (spilling to disk):
-- about two minutes. With a B-tree per monthly partition that also holds the partition key, each
-- partition is read in identifier order by an index-only scan, the partitions are merged (Merge
-- Append) and grouped or merge-joined without hashing or sorting: the sort is paid once, at load.
-- The partition key is in the index so that the period filter needs no heap access.
-- Defined on the partitioned tables, so partitions created later (ensure_month_partitions) get them.
-- None is UNIQUE: landing tables keep duplicates so that the checks can count them.
-- Index-only scans need an up-to-date visibility map: VACUUM (ANALYZE) after a bulk load.

CREATE INDEX visits_visit_id ON hospital.visits (visit_id, started_at);

CREATE INDEX charges_charge_id ON hospital.charges (charge_id, charged_at);

-- Outpatient charges by visit, for check charges_without_visit / charges_outside_visit_period.
CREATE INDEX charges_visit_id ON hospital.charges (visit_id, charged_at) INCLUDE (charge_id)
  WHERE visit_id IS NOT NULL;

-- The few charges without an amount or with a negative one (refunds): the checks count them
-- from this small index instead of reading every charge.
CREATE INDEX charges_bad_amount ON hospital.charges (charged_at)
  WHERE amount IS NULL OR amount < 0;

-- Local days with no virtual visit (check days_without_visits): one EXISTS per day, which this
-- small BRIN index (visits arrive in time order) leads to the day's pages.
CREATE INDEX visits_started_at ON hospital.visits USING brin (started_at);
