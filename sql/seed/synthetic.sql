-- Synthetic data that looks like the seed paper's hospitals, generated inside PostgreSQL with
-- set-based SQL. Used by `metahospital seed`, which runs this file to define the session-local
-- function pg_temp.seed_year, then calls it once with its parameters as one bound jsonb value:
--
--   SELECT step, row_count, duration_ms FROM pg_temp.seed_year($1::jsonb)
--
-- Parameters (all required; `metahospital seed` fills them from the command line and the scenario):
--   year, scale, seed, zone                      the year, the volume multiplier, the hash seed, the time zone
--   registration_fee, drug_mean                  CNY per virtual visit (paper: 25 and 125)
--   electricity_price                            CNY per kWh (paper: 0.5)
--   staff_annual_cost                            CNY per meta-hospital person and year (paper: 300,000)
--   software_total, model_total, services_total CNY (paper: 104 M, 150 M, 120 M a year)
--   software_life_months, model_life_months      amortization periods
--   prices: {rtx4090, h100, xeon_5218r, storage_pb}   CNY per board, per CPU, per PB
--   lives:  {gpu, cpu, storage}                  months
--
-- At scale 1 a year holds: 20,000,000 virtual visits (10 minutes on average, within 8 opening
-- hours, weekday and seasonal variation), registration 25 CNY and drugs averaging 125 CNY at
-- zero markup; the offline hospital's 5,000,000 outpatient visits, 200,000 admissions, 150,000
-- surgeries and 10,100 staff (Table 1), with 12,000,000,000 CNY of charges; 800 meta-hospital
-- staff at 300,000 CNY a year; 4,000 RTX 4090, 128 H100, 8,000 Xeon Gold 5218R and 24 PB of
-- storage with hourly utilization averaging about 45 % and metered energy; one visit in ten
-- stored; hourly network peaks; capital items, service contracts and the tariff.
-- Every volume and resource is multiplied by the scale, so at any scale the data tells the
-- same story per visit. Totals that the paper states exactly are exact at scale 1: amounts and
-- durations vary in pairs (+d, -d), so sums equal count x mean.
--
-- Determinism: every varying value comes from hashint8extended(key, seed), never random(), so
-- the same parameters give the same rows, whatever the plan or the parallelism.
-- Idempotence: the year's rows are removed first (the year's partitions truncated), so seeding a
-- year twice replaces it.
-- The functions are session-local and created with OR REPLACE, so one connection can seed
-- again (another year, another seed).

CREATE OR REPLACE FUNCTION pg_temp.h(k bigint, salt bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN hashint8extended(k, salt) & 2147483647;

-- Splits `total` over the days of `yr` in proportion to a weekday profile and a winter peak,
-- by largest remainder, so the day counts add up to `total` exactly.
CREATE OR REPLACE FUNCTION pg_temp.allocate_days(total bigint, yr integer, weekday_weights double precision[])
RETURNS TABLE (day date, day_count bigint, first_seq bigint)
LANGUAGE sql STABLE AS $$
  WITH days AS (
    SELECT d::date AS day,
           weekday_weights[extract(isodow FROM d)::int]
             * (1 + 0.12 * cos(2 * pi() * (extract(doy FROM d) - 15) / 365.0)) AS w
    FROM generate_series(make_date(yr, 1, 1), make_date(yr, 12, 31), interval '1 day') AS d
  ), base AS (
    SELECT day, total * w / sum(w) OVER () AS exact FROM days
  ), floored AS (
    SELECT day, floor(exact)::bigint AS n, exact - floor(exact) AS frac FROM base
  ), ranked AS (
    SELECT day, n, row_number() OVER (ORDER BY frac DESC, day) AS r,
           total - sum(n) OVER () AS remaining
    FROM floored
  ), counted AS (
    SELECT day, n + CASE WHEN r <= remaining THEN 1 ELSE 0 END AS day_count FROM ranked
  )
  SELECT day, day_count, (sum(day_count) OVER (ORDER BY day) - day_count)::bigint AS first_seq
  FROM counted
$$;

-- A pairwise deviation: +d for the odd member of a pair, -d for the even one, 0 for a last
-- unpaired element; d in [0, spread]. Sums over complete pairs are exactly zero.
CREATE OR REPLACE FUNCTION pg_temp.paired(seq bigint, total bigint, spread bigint, salt bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN seq % 2 = 1 AND seq = total THEN 0
  WHEN seq % 2 = 1 THEN pg_temp.h((seq + 1) / 2, salt) % (spread + 1)
  ELSE -(pg_temp.h(seq / 2, salt) % (spread + 1))
END;

CREATE OR REPLACE FUNCTION pg_temp.seed_year(p jsonb)
RETURNS TABLE (step text, row_count bigint, duration_ms bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  yr constant integer := (p ->> 'year')::integer;
  scale constant numeric := (p ->> 'scale')::numeric;
  salt constant bigint := (p ->> 'seed')::bigint;
  zone constant text := p ->> 'zone';
  year_start constant timestamptz := make_timestamptz(yr, 1, 1, 0, 0, 0, zone);
  year_end constant timestamptz := make_timestamptz(yr + 1, 1, 1, 0, 0, 0, zone);
  -- Identifier ranges: every id seeded for a year carries the year, so a reseed removes exactly them.
  id_base constant bigint := yr::bigint * 10000000000;
  small_id_base constant bigint := yr::bigint * 1000000;
  device_base constant integer := (yr % 100) * 10000;
  n_virtual constant bigint := round(20000000 * scale);
  n_offline constant bigint := round(5000000 * scale);
  n_admissions constant bigint := round(200000 * scale);
  n_meta_staff constant bigint := round(800 * scale);
  fee constant numeric := (p ->> 'registration_fee')::numeric;
  drug_mean constant numeric := (p ->> 'drug_mean')::numeric;
  t0 timestamptz;
  n bigint;
BEGIN
  IF yr IS NULL OR scale IS NULL OR scale <= 0 OR salt IS NULL OR zone IS NULL THEN
    RAISE EXCEPTION 'seed_year: year, scale (> 0), seed and zone are required, got %', p;
  END IF;

  -- MARK: replace the year
  t0 := clock_timestamp();
  PERFORM hospital.ensure_month_partitions('hospital.visits', yr, zone);
  PERFORM hospital.ensure_month_partitions('hospital.charges', yr, zone);
  PERFORM hospital.ensure_month_partitions('hospital.device_utilization', yr, zone);
  -- The year's monthly partitions truncated (on a coordinator, the year's rows deleted on every
  -- shard): hospital.remove_year of migration 008.
  PERFORM hospital.remove_year('hospital.visits', yr, zone);
  PERFORM hospital.remove_year('hospital.charges', yr, zone);
  PERFORM hospital.remove_year('hospital.device_utilization', yr, zone);
  DELETE FROM hospital.surgeries WHERE performed_at >= year_start AND performed_at < year_end
    OR surgery_id / 10000000000 = yr;
  DELETE FROM hospital.admissions WHERE admission_id / 10000000000 = yr;
  DELETE FROM hospital.payroll WHERE staff_id / 1000000 = yr;
  DELETE FROM hospital.staff WHERE staff_id / 1000000 = yr;
  DELETE FROM hospital.capital_items WHERE item_id / 1000000 = yr;
  DELETE FROM hospital.devices WHERE device_id / 10000 = yr % 100;
  DELETE FROM hospital.service_contracts WHERE contract_id / 1000000 = yr;
  DELETE FROM hospital.storage_written WHERE written_on >= make_date(yr, 1, 1) AND written_on < make_date(yr + 1, 1, 1);
  DELETE FROM hospital.network_peaks WHERE hour_start >= year_start AND hour_start < year_end;
  INSERT INTO hospital.departments (department_id, name)
  SELECT i, name FROM unnest(ARRAY['Internal medicine', 'Surgery', 'Paediatrics', 'Obstetrics and gynaecology',
    'Cardiology', 'Oncology', 'Neurology', 'Dermatology', 'Ophthalmology', 'ENT', 'Psychiatry', 'General practice'])
    WITH ORDINALITY AS d(name, i)
  ON CONFLICT (department_id) DO NOTHING;
  step := 'prepare'; row_count := 0; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: the day plans
  CREATE TEMP TABLE seed_virtual_days ON COMMIT DROP AS
    SELECT *, (day + time '08:00') AT TIME ZONE zone AS opens_at FROM pg_temp.allocate_days(n_virtual, yr, ARRAY[1.15, 1.10, 1.05, 1.0, 1.0, 0.85, 0.70]);
  CREATE TEMP TABLE seed_offline_days ON COMMIT DROP AS
    SELECT *, (day + time '08:00') AT TIME ZONE zone AS opens_at FROM pg_temp.allocate_days(n_offline, yr, ARRAY[1.25, 1.15, 1.10, 1.05, 1.05, 0.60, 0.40]);
  CREATE TEMP TABLE seed_admission_days ON COMMIT DROP AS
    SELECT *, (day + time '08:00') AT TIME ZONE zone AS opens_at FROM pg_temp.allocate_days(n_admissions, yr, ARRAY[1.2, 1.1, 1.1, 1.0, 1.0, 0.8, 0.6]);

  -- MARK: virtual visits: 08:00-16:00 local, 300-900 s, mean exactly 600 s
  t0 := clock_timestamp();
  INSERT INTO hospital.visits (visit_id, channel, department_id, started_at, duration_seconds)
  SELECT id_base + s.seq, 'virtual', 1 + pg_temp.h(s.seq, salt + 1) % 12,
         d.opens_at + make_interval(secs => pg_temp.h(s.seq, salt + 2) % (28800 - s.dur)),
         s.dur
  FROM seed_virtual_days d
  CROSS JOIN LATERAL (
    SELECT d.first_seq + k AS seq,
           (600 + pg_temp.paired(d.first_seq + k, n_virtual, 300, salt + 3))::integer AS dur
    FROM generate_series(1, d.day_count) AS k
  ) AS s;
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'virtual_visits'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: offline outpatient visits: 08:00-17:00 local, 240-720 s
  t0 := clock_timestamp();
  INSERT INTO hospital.visits (visit_id, channel, department_id, started_at, duration_seconds)
  SELECT id_base + 5000000000 + s.seq, 'offline', 1 + pg_temp.h(s.seq, salt + 11) % 12,
         d.opens_at + make_interval(secs => pg_temp.h(s.seq, salt + 12) % (32400 - s.dur)),
         s.dur
  FROM seed_offline_days d
  CROSS JOIN LATERAL (
    SELECT d.first_seq + k AS seq,
           (480 + pg_temp.paired(d.first_seq + k, n_offline, 240, salt + 13))::integer AS dur
    FROM generate_series(1, d.day_count) AS k
  ) AS s;
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'offline_visits'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: charges of the visits, at the end of each visit
  -- Virtual: registration (the fee) and drugs (mean drug_mean, +-100 CNY in pairs) at zero
  -- markup. Offline: registration 25, examination 175 +-100, drugs 200 +-150 at zero markup
  -- (400 CNY a visit: 2,000,000,000 CNY at scale 1).
  t0 := clock_timestamp();
  -- One pass over the year's visits, in the order they were inserted (visit_id ascending within
  -- each partition; an INSERT ... SELECT runs without parallel workers, so the order holds):
  -- each visit's charges follow each other, so charge_id and visit_id arrive in ascending order
  -- and the B-tree indexes of migration 003 grow at their right edge, densely packed.
  INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, acquisition_cost, charged_at)
  SELECT v.visit_id * 10 + x.k, v.channel, v.visit_id, x.kind, x.amount, x.acquisition_cost, v.ended_at
  FROM (
    SELECT v.visit_id, v.channel,
           v.visit_id - id_base - CASE WHEN v.channel = 'offline' THEN 5000000000 ELSE 0 END AS seq,
           v.started_at + make_interval(secs => v.duration_seconds) AS ended_at
    FROM hospital.visits AS v
    WHERE v.started_at >= year_start AND v.started_at < year_end AND v.visit_id / 10000000000 = yr
  ) AS v
  CROSS JOIN LATERAL (
    SELECT CASE WHEN v.channel = 'virtual'
                THEN drug_mean + pg_temp.paired(v.seq, n_virtual, 10000, salt + 4) / 100.0
                ELSE 200 + pg_temp.paired(v.seq, n_offline, 15000, salt + 14) / 100.0 END AS amount
  ) AS drug
  CROSS JOIN LATERAL (
    SELECT 1, 'registration', CASE WHEN v.channel = 'virtual' THEN fee ELSE 25.00 END, NULL::numeric
    UNION ALL
    SELECT 2, 'drug', drug.amount, drug.amount
    UNION ALL
    SELECT 3, 'examination', 175 + pg_temp.paired(v.seq, n_offline, 10000, salt + 15) / 100.0, NULL::numeric
    WHERE v.channel = 'offline'
  ) AS x(k, kind, amount, acquisition_cost);
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'visit_charges'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: admissions, surgeries and their charges (50,000 CNY an admission: bed 8,000, drugs
  -- 15,000 +-5,000, treatment 27,000 +-10,000; 10,000,000,000 CNY at scale 1). Three in four
  -- admissions have a surgery (150,000 of 200,000).
  t0 := clock_timestamp();
  INSERT INTO hospital.admissions (admission_id, department_id, admitted_at, discharged_at)
  SELECT id_base + 8000000000 + s.seq, 1 + pg_temp.h(s.seq, salt + 21) % 12, s.at,
         s.at + make_interval(days => 1 + (pg_temp.h(s.seq, salt + 22) % 14)::integer)
  FROM seed_admission_days d
  CROSS JOIN LATERAL (
    SELECT d.first_seq + k AS seq,
           d.opens_at + make_interval(secs => pg_temp.h(d.first_seq + k, salt + 23) % 43200) AS at
    FROM generate_series(1, d.day_count) AS k
  ) AS s;
  INSERT INTO hospital.surgeries (surgery_id, admission_id, performed_at)
  SELECT admission_id, admission_id, admitted_at + interval '1 hour'
  FROM hospital.admissions
  WHERE admission_id / 10000000000 = yr AND (admission_id - id_base - 8000000000) % 4 <> 0;
  INSERT INTO hospital.charges (charge_id, channel, admission_id, kind, amount, acquisition_cost, charged_at)
  SELECT a.admission_id * 10 + c.k, 'offline', a.admission_id, c.kind, c.amount,
         CASE WHEN c.kind = 'drug' THEN c.amount END, a.admitted_at + interval '1 hour'
  FROM hospital.admissions AS a
  CROSS JOIN LATERAL (SELECT a.admission_id - id_base - 8000000000 AS seq) AS q
  CROSS JOIN LATERAL (
    VALUES (4, 'bed', 8000.00::numeric),
           (5, 'drug', 15000 + pg_temp.paired(q.seq, n_admissions, 500000, salt + 24) / 100.0),
           (6, 'treatment', 27000 + pg_temp.paired(q.seq, n_admissions, 1000000, salt + 25) / 100.0)
  ) AS c(k, kind, amount)
  WHERE a.admission_id / 10000000000 = yr;
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'admissions'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: staff and payroll
  -- Meta-hospital: round(800 x scale) people in six roles, monthly cost staff_annual_cost / 12
  -- +-10,000 in pairs. Offline (Table 1): 2,000 doctors, 3,000 nurses, 100 administrators and
  -- 5,000 other staff; their payroll is not in the paper and is not generated.
  t0 := clock_timestamp();
  INSERT INTO hospital.staff (staff_id, unit, role, hired_on)
  SELECT small_id_base + i, 'meta',
         CASE
           WHEN (i - 0.5) / n_meta_staff < 0.25 THEN 'operations engineer'
           WHEN (i - 0.5) / n_meta_staff < 0.4375 THEN 'algorithm engineer'
           WHEN (i - 0.5) / n_meta_staff < 0.625 THEN 'data engineer'
           WHEN (i - 0.5) / n_meta_staff < 0.8125 THEN 'medical expert'
           WHEN (i - 0.5) / n_meta_staff < 0.90625 THEN 'monitoring'
           ELSE 'operations and service'
         END,
         make_date(yr - 1, 7, 1)
  FROM generate_series(1, n_meta_staff) AS i;
  INSERT INTO hospital.staff (staff_id, unit, role, hired_on)
  SELECT small_id_base + 100000 + row_number() OVER (), 'offline', r.role, make_date(yr - 5, 1, 1)
  FROM (VALUES ('doctor', 2000), ('nurse', 3000), ('administrator', 100), ('other', 5000)) AS r(role, headcount)
  CROSS JOIN LATERAL generate_series(1, round(r.headcount * scale)::bigint) AS i;
  INSERT INTO hospital.payroll (staff_id, period_month, cost)
  SELECT small_id_base + i, make_date(yr, m, 1),
         round((p ->> 'staff_annual_cost')::numeric / 12, 2)
           + pg_temp.paired(i, n_meta_staff, 1000000, salt + 31 + m) / 100.0
  FROM generate_series(1, n_meta_staff) AS i, generate_series(1, 12) AS m;
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'staff_payroll'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: devices (Table 3), in racks; storage in shelves of capacity_pb at 5 kW per PB
  t0 := clock_timestamp();
  INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts, capacity_pb,
                                purchase_price, in_service_on)
  SELECT device_base + row_number() OVER (ORDER BY c.ord, g.i)::integer, c.device_class, c.model,
         CASE WHEN c.device_class = 'storage' THEN 1
              ELSE (c.total / c.groups + CASE WHEN g.i <= c.total % c.groups THEN 1 ELSE 0 END) END,
         CASE WHEN c.device_class = 'storage' THEN 5000 * c.capacity_each ELSE c.watts END,
         CASE WHEN c.device_class = 'storage' THEN c.capacity_each END,
         CASE WHEN c.device_class = 'storage' THEN round(c.price * c.capacity_each::numeric, 2) ELSE c.price END,
         make_date(yr - 1, 7, 1)
  FROM (
    SELECT x.*, greatest(1, round(x.full_groups * scale))::bigint AS groups,
           greatest(1, round(x.full_total * scale))::bigint AS total,
           (24 * scale::double precision) / greatest(1, round(x.full_groups * scale)) AS capacity_each
    FROM (VALUES
      (1, 'gpu', 'NVIDIA GeForce RTX 4090', 4000, 100, 450.0, (p -> 'prices' ->> 'rtx4090')::numeric),
      (2, 'gpu', 'NVIDIA H100', 128, 4, 700.0, (p -> 'prices' ->> 'h100')::numeric),
      (3, 'cpu', 'Intel Xeon Gold 5218R', 8000, 100, 125.0, (p -> 'prices' ->> 'xeon_5218r')::numeric),
      (4, 'storage', 'Storage shelf', 24, 24, 0.0, (p -> 'prices' ->> 'storage_pb')::numeric)
    ) AS x(ord, device_class, model, full_total, full_groups, watts, price)
  ) AS c
  CROSS JOIN LATERAL generate_series(1, c.groups) AS g(i);

  -- Hourly utilization: 75 % in the 8 opening hours, 30 % otherwise, +-5 points of noise:
  -- 45 % on average. Metered IT energy follows the load: devices x rated W x utilization.
  INSERT INTO hospital.device_utilization (device_id, hour_start, utilization_pct, energy_kwh)
  SELECT d.device_id, hs.t, u.pct, d.device_count * d.rated_watts / 1000.0 * u.pct / 100.0
  FROM hospital.devices AS d
  CROSS JOIN generate_series(year_start, year_end - interval '1 hour', interval '1 hour') AS hs(t)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN extract(hour FROM hs.t AT TIME ZONE zone) BETWEEN 8 AND 15 THEN 75.0 ELSE 30.0 END
           + (pg_temp.h(d.device_id::bigint * 100000 + extract(epoch FROM hs.t)::bigint / 3600, salt + 41) % 1001 - 500) / 100.0 AS pct
  ) AS u
  WHERE d.device_id / 10000 = yr % 100;
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'devices_utilization'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: storage written (one virtual visit in ten: imaging 500 MB, video 2 GB, record text
  -- 500 KB, decimal units) and network peaks (100 Mbps per concurrent session and direction)
  t0 := clock_timestamp();
  INSERT INTO hospital.storage_written (written_on, content_kind, object_count, bytes)
  SELECT d.day, k.kind, s.stored, s.stored * k.bytes_each
  FROM seed_virtual_days AS d
  CROSS JOIN LATERAL (SELECT (d.first_seq + d.day_count) / 10 - d.first_seq / 10 AS stored) AS s
  CROSS JOIN (VALUES ('imaging', 500000000::numeric), ('video', 2000000000), ('record_text', 500000))
    AS k(kind, bytes_each);
  INSERT INTO hospital.network_peaks (hour_start, direction, peak_gbps)
  SELECT h.t, dir.direction,
         d.day_count / 8.0 / 6.0 * 0.1
           * CASE WHEN extract(hour FROM h.t AT TIME ZONE zone) BETWEEN 8 AND 15
                  THEN 1.0 + (pg_temp.h(extract(epoch FROM h.t)::bigint, salt + 51) % 26) / 100.0
                  ELSE 0.05 END
  FROM seed_virtual_days AS d
  CROSS JOIN LATERAL generate_series((d.day::timestamp) AT TIME ZONE zone,
                                     (d.day::timestamp + interval '23 hours') AT TIME ZONE zone,
                                     interval '1 hour') AS h(t)
  CROSS JOIN (VALUES ('inbound'), ('outbound')) AS dir(direction);
  GET DIAGNOSTICS n = ROW_COUNT;
  step := 'storage_network'; row_count := n; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;

  -- MARK: capital items, service contracts, tariff
  t0 := clock_timestamp();
  INSERT INTO hospital.capital_items (item_id, category, description, amount, in_service_on, useful_life_months, device_id)
  SELECT small_id_base + i, 'software', s.description,
         round((p ->> 'software_total')::numeric * s.share * scale, 2),
         make_date(yr, 1, 1), (p ->> 'software_life_months')::integer, NULL
  FROM (VALUES (1, 'Cloud platform: OS, database, middleware, security', 60.0 / 104),
               (2, 'Data platform', 20.0 / 104), (3, 'Modelling platform', 8.0 / 104),
               (4, 'Analysis platform', 8.0 / 104), (5, 'AI platform', 8.0 / 104))
    AS s(i, description, share);
  INSERT INTO hospital.capital_items (item_id, category, description, amount, in_service_on, useful_life_months, device_id)
  VALUES (small_id_base + 10, 'model', 'Foundation model building (GPT-4 scale)',
          round((p ->> 'model_total')::numeric * scale, 2), make_date(yr, 1, 1),
          (p ->> 'model_life_months')::integer, NULL);
  INSERT INTO hospital.capital_items (item_id, category, description, amount, in_service_on, useful_life_months, device_id)
  SELECT small_id_base + 100 + (d.device_id - device_base), 'hardware', d.model || ' rack',
         d.device_count * d.purchase_price, d.in_service_on,
         (p -> 'lives' ->> d.device_class)::integer, d.device_id
  FROM hospital.devices AS d
  WHERE d.device_id / 10000 = yr % 100;
  INSERT INTO hospital.service_contracts (contract_id, category, vendor, annual_amount, starts_on, ends_on)
  SELECT small_id_base + i, c.category, c.vendor,
         round((p ->> 'services_total')::numeric * c.share * scale, 2),
         make_date(yr, 1, 1), make_date(yr, 12, 31)
  FROM (VALUES (1, 'network', 'Backbone carrier', 0.30), (2, 'security', 'Security operations', 0.20),
               (3, 'maintenance', 'Hardware and software maintenance', 0.35),
               (4, 'operations', 'Operations outsourcing', 0.10), (5, 'promotion', 'Promotion agency', 0.05))
    AS c(i, category, vendor, share);
  INSERT INTO hospital.electricity_tariffs (effective_from, price_per_kwh)
  VALUES (make_date(yr, 1, 1), (p ->> 'electricity_price')::numeric)
  ON CONFLICT (effective_from) DO UPDATE SET price_per_kwh = excluded.price_per_kwh;
  step := 'capital_contracts_tariff'; row_count := 0; duration_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN NEXT;
END;
$fn$;
