-- 001 — the source schema: what the offline hospital's and the meta-hospital's operational
-- systems send us, one schema `hospital`.
--
-- These are landing tables. They keep what the source systems send, even when it is wrong,
-- so that nothing is lost at load time: a refund is a negative charge, a telemetry glitch is a
-- utilization above 100 %, a billing export can carry a charge before its visit arrives. Such
-- rows are found and counted by the data-quality checks under sql/checks/, with thresholds in
-- each job file. Constraints here hold only what no source can legitimately break: value sets,
-- required keys and timestamps, positive counts and lives, and references to dimension tables.
--
-- Money is numeric (exact). Physical measures are double precision with the unit in the name.
-- Timestamps are timestamptz; the hospital's calendar (days, months) is Asia/Shanghai, and the
-- fact tables are partitioned by local month so a month's report scans a month
-- (hospital.ensure_month_partitions, below).

CREATE SCHEMA hospital;

COMMENT ON SCHEMA hospital IS
  'Source data of the offline hospital and the meta-hospital, as the operational systems send it.';

-- MARK: dimensions

CREATE TABLE hospital.departments (
  department_id integer PRIMARY KEY,
  name text NOT NULL UNIQUE
);

-- MARK: visits

-- One row per outpatient encounter, offline (in the building) or virtual (XR terminal and
-- digital human). No personal data: the pipeline needs counts, times and durations only.
CREATE TABLE hospital.visits (
  visit_id bigint NOT NULL,
  channel text NOT NULL CHECK (channel IN ('offline', 'virtual')),
  -- No foreign key: a row-level reference check costs more than the insert itself at tens of
  -- millions of visits a year; unknown departments are counted by check unknown_departments.
  department_id integer NOT NULL,
  started_at timestamptz NOT NULL,
  -- Interaction time. Nullable in landing: a session cut off before it was closed has none
  -- (check visits_missing_duration).
  duration_seconds integer
) PARTITION BY RANGE (started_at);

COMMENT ON TABLE hospital.visits IS
  'Outpatient encounters by channel. visit_id is unique per source system; duplicates are counted by check duplicate_visit_ids (a partitioned table cannot enforce it).';

-- MARK: inpatient activity of the offline hospital

CREATE TABLE hospital.admissions (
  admission_id bigint PRIMARY KEY,
  department_id integer NOT NULL REFERENCES hospital.departments,
  admitted_at timestamptz NOT NULL,
  discharged_at timestamptz,
  CHECK (discharged_at IS NULL OR discharged_at >= admitted_at)
);
CREATE INDEX admissions_admitted_at ON hospital.admissions USING brin (admitted_at);

CREATE TABLE hospital.surgeries (
  surgery_id bigint PRIMARY KEY,
  admission_id bigint REFERENCES hospital.admissions,
  performed_at timestamptz NOT NULL
);
CREATE INDEX surgeries_performed_at ON hospital.surgeries USING brin (performed_at);

-- MARK: charges

-- What a patient is billed. A charge belongs to an outpatient visit or an admission.
-- amount may be negative (a refund); acquisition_cost is what the hospital paid for a drug,
-- so amount - acquisition_cost is the drug's markup (zero in the meta-hospital).
CREATE TABLE hospital.charges (
  charge_id bigint NOT NULL,
  -- The billing system that sent the charge: the offline hospital's or the meta-hospital's.
  channel text NOT NULL CHECK (channel IN ('offline', 'virtual')),
  visit_id bigint,
  admission_id bigint,
  kind text NOT NULL
    CHECK (kind IN ('registration', 'drug', 'examination', 'treatment', 'surgery', 'bed', 'other')),
  amount numeric(14, 2),
  acquisition_cost numeric(14, 2),
  charged_at timestamptz NOT NULL,
  CHECK (num_nonnulls(visit_id, admission_id) = 1)
) PARTITION BY RANGE (charged_at);

COMMENT ON COLUMN hospital.charges.amount IS 'CNY billed; negative for a refund (check negative_charge_amounts).';

-- MARK: staff and payroll

CREATE TABLE hospital.staff (
  staff_id bigint PRIMARY KEY,
  unit text NOT NULL CHECK (unit IN ('offline', 'meta')),
  role text NOT NULL,
  hired_on date NOT NULL,
  left_on date,
  CHECK (left_on IS NULL OR left_on >= hired_on)
);

-- Employer cost per person and month (salary, social insurance, bonus), CNY.
CREATE TABLE hospital.payroll (
  staff_id bigint NOT NULL REFERENCES hospital.staff,
  period_month date NOT NULL CHECK (extract(day FROM period_month) = 1),
  cost numeric(12, 2) NOT NULL,
  PRIMARY KEY (staff_id, period_month)
);
CREATE INDEX payroll_period_month ON hospital.payroll (period_month);

-- MARK: devices, utilization and energy

-- A device group: a rack or pool of identical devices (boards, CPUs, storage shelves,
-- switches). rated_watts is per device, purchase_price per device (CNY).
CREATE TABLE hospital.devices (
  device_id integer PRIMARY KEY,
  device_class text NOT NULL CHECK (device_class IN ('cpu', 'gpu', 'storage', 'network')),
  model text NOT NULL,
  device_count integer NOT NULL CHECK (device_count > 0),
  rated_watts double precision NOT NULL CHECK (rated_watts >= 0),
  -- For storage: capacity of the group in decimal petabytes (10^15 bytes); null otherwise.
  capacity_pb double precision,
  purchase_price numeric(14, 2),
  in_service_on date NOT NULL,
  retired_on date,
  CHECK (retired_on IS NULL OR retired_on > in_service_on)
);

-- Hourly telemetry per device group: average utilization (percent of capacity) and metered
-- IT energy (kWh, the group's devices only: cooling and the rest come from the facility factor).
CREATE TABLE hospital.device_utilization (
  device_id integer NOT NULL REFERENCES hospital.devices,
  hour_start timestamptz NOT NULL,
  utilization_pct double precision,
  energy_kwh double precision
) PARTITION BY RANGE (hour_start);

-- MARK: storage and network

-- Bytes written to long-term storage per day and kind of content.
CREATE TABLE hospital.storage_written (
  written_on date NOT NULL,
  content_kind text NOT NULL CHECK (content_kind IN ('imaging', 'video', 'record_text', 'other')),
  object_count bigint NOT NULL CHECK (object_count >= 0),
  bytes numeric(20, 0) NOT NULL CHECK (bytes >= 0),
  PRIMARY KEY (written_on, content_kind)
);

-- Peak throughput per hour and direction at the meta-hospital's network edge.
CREATE TABLE hospital.network_peaks (
  hour_start timestamptz NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  peak_gbps double precision NOT NULL CHECK (peak_gbps >= 0),
  PRIMARY KEY (hour_start, direction)
);

-- MARK: capital, contracts, tariffs

-- One-off spending that is amortized (software, model building) or depreciated (hardware),
-- straight line over useful_life_months from in_service_on.
CREATE TABLE hospital.capital_items (
  item_id bigint PRIMARY KEY,
  category text NOT NULL CHECK (category IN ('software', 'model', 'hardware')),
  description text NOT NULL,
  amount numeric(16, 2) NOT NULL CHECK (amount >= 0),
  in_service_on date NOT NULL,
  useful_life_months integer NOT NULL CHECK (useful_life_months > 0),
  device_id integer REFERENCES hospital.devices
);

-- Yearly service contracts (network, security, maintenance, operations, promotion), charged
-- pro rata per day between starts_on and ends_on (inclusive).
CREATE TABLE hospital.service_contracts (
  contract_id bigint PRIMARY KEY,
  category text NOT NULL
    CHECK (category IN ('network', 'security', 'maintenance', 'operations', 'promotion', 'other')),
  vendor text NOT NULL,
  annual_amount numeric(16, 2) NOT NULL CHECK (annual_amount >= 0),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  CHECK (ends_on >= starts_on)
);

-- Electricity price per kWh from a date until the next row's date.
CREATE TABLE hospital.electricity_tariffs (
  effective_from date PRIMARY KEY,
  price_per_kwh numeric(10, 4) NOT NULL CHECK (price_per_kwh >= 0)
);

-- MARK: partitions

-- Monthly partitions (local calendar) for one year of a partitioned fact table, plus a DEFAULT
-- partition that catches any row outside the created months, so no row is ever refused.
-- Idempotent: existing partitions are kept.
CREATE FUNCTION hospital.ensure_month_partitions(
  parent regclass, year integer, zone text DEFAULT 'Asia/Shanghai'
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  parent_name text := (SELECT relname FROM pg_class WHERE oid = parent);
  m integer;
  lower_bound timestamptz;
  upper_bound timestamptz;
  part_name text;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND c.relname = parent_name || '_default'
  ) THEN
    EXECUTE format('CREATE TABLE hospital.%I PARTITION OF %s DEFAULT', parent_name || '_default', parent);
  END IF;
  FOR m IN 1..12 LOOP
    part_name := format('%s_%s_%s', parent_name, year, lpad(m::text, 2, '0'));
    CONTINUE WHEN EXISTS (
      SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'hospital' AND c.relname = part_name
    );
    lower_bound := make_timestamptz(year, m, 1, 0, 0, 0, zone);
    upper_bound := (lower_bound AT TIME ZONE zone + interval '1 month') AT TIME ZONE zone;
    EXECUTE format('CREATE TABLE hospital.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
      part_name, parent, lower_bound, upper_bound);
  END LOOP;
END;
$$;

COMMENT ON FUNCTION hospital.ensure_month_partitions IS
  'Creates the 12 monthly partitions of a year (local calendar) and a DEFAULT partition for a partitioned hospital table.';
