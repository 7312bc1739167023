-- A small dataset written by hand (never by the generator) for the run's figures: 2025, the
-- hospital's calendar Asia/Shanghai (+08:00, no daylight saving time). Every figure a run reports
-- on it is worked out by hand in EXPECTED.md beside this file, and asserted by
-- HandMadeDataTests.swift. What it exercises:
--   local-time month boundaries   visits and charges at 23:30 / 00:10 local around month ends
--   a refund                      charge 109: -25.00 registration
--   a mid-month tariff change     0.5000 CNY/kWh from 2025-01-01, 0.8000 from 2025-10-16
--   a drug with no cost           charge 106: 80.00 billed, acquisition cost NULL
--   a non-drug charge             charge 107: examination 60.00 (kept revenue)
--   staff who join and leave      staff 2 hired 2025-10-11, staff 3 left 2025-10-20
--   a device retired, one bought  H100 group retired 2025-10-21, CPU group in service 2025-10-16
--   storage of every kind         imaging, video, record_text and other
--   a month with no capital item  no model item before October (September: model amortization 0)
--   network peaks                 two hours in October
--   an unplanned device group     two network switches (no class of the scenario matches them)

SELECT hospital.ensure_month_partitions('hospital.visits', 2025);
SELECT hospital.ensure_month_partitions('hospital.charges', 2025);
SELECT hospital.ensure_month_partitions('hospital.device_utilization', 2025);

INSERT INTO hospital.departments (department_id, name) VALUES (1, 'General practice');

-- MARK: visits
INSERT INTO hospital.visits (visit_id, channel, department_id, started_at, duration_seconds) VALUES
  (101, 'virtual', 1, '2025-09-30 23:30+08', 600),   -- September (local)
  (102, 'virtual', 1, '2025-10-01 00:10+08', 900),   -- October (UTC still 30 September)
  (103, 'virtual', 1, '2025-10-15 10:00+08', 600),
  (104, 'virtual', 1, '2025-10-16 14:00+08', 300),
  (105, 'virtual', 1, '2025-10-31 23:50+08', 1200),  -- October; ends 1 November 00:10
  (106, 'virtual', 1, '2025-11-01 00:05+08', 600),   -- November (UTC still 31 October)
  (201, 'offline', 1, '2025-10-10 09:00+08', 480),
  (202, 'offline', 1, '2025-10-20 09:00+08', 480);

-- MARK: the offline hospital's inpatient activity
INSERT INTO hospital.admissions (admission_id, department_id, admitted_at, discharged_at) VALUES
  (301, 1, '2025-10-12 08:00+08', '2025-10-15 10:00+08');
INSERT INTO hospital.surgeries (surgery_id, admission_id, performed_at) VALUES
  (401, 301, '2025-10-12 10:00+08');

-- MARK: charges
INSERT INTO hospital.charges (charge_id, channel, visit_id, admission_id, kind, amount, acquisition_cost, charged_at) VALUES
  (101, 'virtual', 101, NULL, 'registration', 25.00, NULL, '2025-09-30 23:40+08'),
  (102, 'virtual', 101, NULL, 'drug', 100.00, 100.00, '2025-09-30 23:40+08'),
  (103, 'virtual', 102, NULL, 'registration', 25.00, NULL, '2025-10-01 00:25+08'),
  (104, 'virtual', 102, NULL, 'drug', 120.00, 100.00, '2025-10-01 00:25+08'),      -- markup 20.00
  (105, 'virtual', 103, NULL, 'registration', 25.00, NULL, '2025-10-15 10:10+08'),
  (106, 'virtual', 103, NULL, 'drug', 80.00, NULL, '2025-10-15 10:10+08'),         -- no cost: no markup
  (107, 'virtual', 103, NULL, 'examination', 60.00, NULL, '2025-10-15 10:10+08'),  -- kept in full
  (108, 'virtual', 104, NULL, 'registration', 25.00, NULL, '2025-10-16 14:05+08'),
  (109, 'virtual', 104, NULL, 'registration', -25.00, NULL, '2025-10-17 09:00+08'), -- refund
  (110, 'virtual', 105, NULL, 'registration', 30.00, NULL, '2025-10-31 23:55+08'),
  (111, 'virtual', 105, NULL, 'drug', 57.50, 50.00, '2025-11-01 00:15+08'),        -- November (local)
  (112, 'virtual', 106, NULL, 'registration', 25.00, NULL, '2025-11-01 00:20+08'),
  (120, 'offline', 201, NULL, 'registration', 25.00, NULL, '2025-10-10 09:10+08'),
  (121, 'offline', 201, NULL, 'examination', 175.00, NULL, '2025-10-10 09:10+08'),
  (122, 'offline', 202, NULL, 'drug', 200.00, 200.00, '2025-10-20 09:10+08'),
  (123, 'offline', NULL, 301, 'bed', 8000.00, NULL, '2025-10-12 09:00+08');

-- MARK: staff and payroll
INSERT INTO hospital.staff (staff_id, unit, role, hired_on, left_on) VALUES
  (1, 'meta', 'operations engineer', '2024-01-01', NULL),
  (2, 'meta', 'algorithm engineer', '2025-10-11', NULL),          -- joins in October
  (3, 'meta', 'data engineer', '2024-06-01', '2025-10-20'),        -- leaves: last day 20 October
  (10, 'offline', 'doctor', '2020-01-01', NULL),
  (11, 'offline', 'nurse', '2020-01-01', NULL);
INSERT INTO hospital.payroll (staff_id, period_month, cost)
SELECT 1, make_date(2025, m, 1), 20000.00 FROM generate_series(1, 12) AS m;
INSERT INTO hospital.payroll (staff_id, period_month, cost) VALUES
  (2, '2025-10-01', 14000.00), (2, '2025-11-01', 20000.00), (2, '2025-12-01', 20000.00);
INSERT INTO hospital.payroll (staff_id, period_month, cost)
SELECT 3, make_date(2025, m, 1), 18000.00 FROM generate_series(1, 9) AS m;
INSERT INTO hospital.payroll (staff_id, period_month, cost) VALUES (3, '2025-10-01', 12000.00);

-- MARK: devices, telemetry
INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts, capacity_pb, purchase_price, in_service_on, retired_on) VALUES
  (1, 'gpu', 'NVIDIA GeForce RTX 4090', 2, 450, NULL, 15000.00, '2024-07-01', NULL),
  (2, 'gpu', 'nvidia h100 sxm', 1, 700, NULL, 250000.00, '2024-07-01', '2025-10-21'),  -- out of service from 21 October
  (3, 'cpu', 'Intel Xeon Gold 5218R', 4, 125, NULL, 30000.00, '2025-10-16', NULL),      -- in service from 16 October
  (4, 'storage', 'Storage shelf', 1, 500, 0.1, 150000.00, '2024-07-01', NULL),
  (5, 'network', 'Core switch X1', 2, 250, NULL, 20000.00, '2024-07-01', NULL);
INSERT INTO hospital.device_utilization (device_id, hour_start, utilization_pct, energy_kwh) VALUES
  (1, '2025-09-30 23:00+08', 50, 0.45),   -- September (local)
  (1, '2025-10-05 10:00+08', 50, 0.45),
  (2, '2025-10-05 10:00+08', 80, 0.56),
  (5, '2025-10-17 12:00+08', 30, 0.15),
  (1, '2025-10-20 10:00+08', 60, 0.54),
  (4, '2025-10-20 11:00+08', 40, 0.2);    -- the last telemetry: 20 October

-- MARK: storage written, network peaks
INSERT INTO hospital.storage_written (written_on, content_kind, object_count, bytes) VALUES
  ('2025-09-30', 'imaging', 1, 500000000),
  ('2025-10-05', 'imaging', 2, 1000000000),
  ('2025-10-05', 'video', 2, 4000000000),
  ('2025-10-05', 'record_text', 2, 1000000),
  ('2025-10-20', 'other', 1, 500000000);
INSERT INTO hospital.network_peaks (hour_start, direction, peak_gbps) VALUES
  ('2025-10-05 10:00+08', 'inbound', 0.8), ('2025-10-05 10:00+08', 'outbound', 0.7),
  ('2025-10-20 10:00+08', 'inbound', 1.2), ('2025-10-20 10:00+08', 'outbound', 0.9);

-- MARK: capital items, service contracts, tariffs
INSERT INTO hospital.capital_items (item_id, category, description, amount, in_service_on, useful_life_months, device_id) VALUES
  (1, 'software', 'Data platform', 10000.00, '2025-01-15', 12, NULL),
  (2, 'model', 'Triage model', 36000.00, '2025-10-01', 36, NULL),
  (3, 'hardware', 'H100 board', 250000.00, '2024-07-01', 48, 2),
  (4, 'hardware', 'Xeon servers', 120000.00, '2025-10-16', 60, 3),
  (5, 'hardware', 'RTX 4090 boards', 30000.00, '2024-07-01', 48, 1),
  (6, 'hardware', 'Storage shelf', 150000.00, '2024-07-01', 60, 4),
  (7, 'hardware', 'Core switches', 40000.00, '2024-07-01', 60, 5);
INSERT INTO hospital.service_contracts (contract_id, category, vendor, annual_amount, starts_on, ends_on) VALUES
  (1, 'network', 'Carrier', 36500.00, '2025-01-01', '2025-12-31'),
  (2, 'maintenance', 'Maintainer', 10000.00, '2025-10-10', '2026-10-09');
INSERT INTO hospital.electricity_tariffs (effective_from, price_per_kwh) VALUES
  ('2025-01-01', 0.5000), ('2025-10-16', 0.8000);
