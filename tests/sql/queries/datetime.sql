-- Dates and timestamps with time zone (sessions are UTC): extract/date_part, date_trunc,
-- arithmetic with integers and intervals, comparisons with literals.

-- name: extract_date_parts
SELECT id, extract(year FROM dt) AS y, extract(month FROM dt) AS m, extract(day FROM dt) AS d FROM difftest.tiny;

-- name: extract_timestamp_parts
SELECT id, extract(year FROM ts) AS y, extract(month FROM ts) AS m, extract(day FROM ts) AS d,
       extract(hour FROM ts) AS h, extract(minute FROM ts) AS mi
FROM difftest.tiny;

-- name: extract_second_whole
SELECT id, extract(second FROM ts) AS s FROM difftest.tiny;

-- name: extract_dow_doy
SELECT id, extract(dow FROM dt) AS dow, extract(doy FROM dt) AS doy FROM difftest.tiny;

-- name: extract_isodow_quarter
SELECT id, extract(isodow FROM dt) AS isodow, extract(quarter FROM dt) AS q FROM difftest.tiny;

-- name: extract_week
SELECT id, extract(week FROM dt) AS w FROM difftest.tiny;

-- name: extract_epoch
SELECT id, extract(epoch FROM ts) AS e FROM difftest.tiny;

-- name: date_part_function
SELECT order_id, date_part('year', ordered_at) AS y, date_part('hour', ordered_at) AS h, date_part('dow', ordered_at) AS dow
FROM difftest.orders WHERE order_id < 2000;

-- name: date_part_on_date
SELECT customer_id, date_part('month', signup_date) AS m, date_part('day', signup_date) AS d FROM difftest.customers WHERE customer_id < 300;

-- name: extract_in_where
SELECT order_id FROM difftest.orders WHERE extract(year FROM ordered_at) = 2024 AND extract(month FROM ordered_at) = 2 AND extract(day FROM ordered_at) = 29;

-- name: extract_hour_filter
SELECT event_id FROM difftest.events WHERE extract(hour FROM event_time) = 23 AND event_id < 3000;

-- name: date_trunc_month_timestamptz
SELECT id, date_trunc('month', ts) AS m FROM difftest.tiny;

-- name: date_trunc_day_hour
SELECT order_id, date_trunc('day', ordered_at) AS d, date_trunc('hour', ordered_at) AS h FROM difftest.orders WHERE order_id < 1500;

-- name: date_trunc_year_week
SELECT id, date_trunc('year', ts) AS y, date_trunc('week', ts) AS w FROM difftest.tiny;

-- name: date_trunc_on_date_cast
SELECT id, CAST(date_trunc('month', dt) AS date) AS m, CAST(date_trunc('quarter', dt) AS date) AS q FROM difftest.tiny;

-- name: date_trunc_on_date_as_instant
SELECT customer_id, date_trunc('year', signup_date) AS y FROM difftest.customers WHERE customer_id < 200;

-- name: date_plus_integer
SELECT id, dt + 1 AS tomorrow, dt - 31 AS month_ago FROM difftest.tiny;

-- name: date_minus_date
SELECT order_id, ship_date - CAST(ordered_at AS date) AS days_to_ship FROM difftest.orders WHERE order_id < 3000;

-- name: date_plus_interval
SELECT id, CAST(dt + INTERVAL '1 month' AS date) AS next_month, CAST(dt + INTERVAL '1 year' AS date) AS next_year FROM difftest.tiny;

-- name: date_plus_interval_days_as_timestamp
SELECT id, dt + INTERVAL '10 days' AS later FROM difftest.tiny;

-- name: timestamptz_plus_interval
SELECT id, ts + INTERVAL '90 minutes' AS later, ts - INTERVAL '1 day' AS before FROM difftest.tiny;

-- name: timestamptz_plus_month_interval
SELECT id, ts + INTERVAL '1 month' AS next_month FROM difftest.tiny;

-- name: timestamp_difference_epoch
SELECT order_id, extract(epoch FROM (CAST(ship_date AS timestamp with time zone) - ordered_at)) AS seconds
FROM difftest.orders WHERE order_id < 1500;

-- name: compare_timestamptz_literal
SELECT id FROM difftest.tiny WHERE ts > TIMESTAMP WITH TIME ZONE '2024-06-01 00:00:00+00';

-- name: compare_timestamptz_literal_offset
SELECT id FROM difftest.tiny WHERE ts >= TIMESTAMP WITH TIME ZONE '2024-01-01 02:00:00+02';

-- name: compare_timestamp_without_zone_literal
SELECT order_id FROM difftest.orders WHERE ordered_at < TIMESTAMP '2023-01-01 06:00:00';

-- name: compare_date_literal
SELECT customer_id FROM difftest.customers WHERE signup_date >= DATE '2024-12-01';

-- name: compare_date_with_timestamp
SELECT id FROM difftest.tiny WHERE dt < TIMESTAMP '2000-03-01 00:00:01';

-- name: compare_date_to_date_column
SELECT order_id FROM difftest.orders WHERE ship_date = CAST(ordered_at AS date) AND order_id < 20000;

-- name: timestamps_between_columns
SELECT order_id FROM difftest.orders WHERE ordered_at + INTERVAL '13 days' < CAST(ship_date AS timestamp with time zone) AND order_id < 50000;

-- name: make_date
SELECT id, make_date(2024, CAST(id AS integer), 1) AS first_of_month FROM difftest.tiny;

-- name: dates_far_range
SELECT id, dt, extract(year FROM dt) AS y FROM difftest.tiny WHERE dt < DATE '1980-01-01' OR dt > DATE '2030-01-01';

-- name: leap_day
SELECT id, dt + 1 AS after_leap FROM difftest.tiny WHERE dt = DATE '2024-02-29';

-- name: timestamp_on_events_many_files
SELECT event_id, date_trunc('day', event_time) AS day FROM difftest.events WHERE event_time < TIMESTAMP WITH TIME ZONE '2025-01-03 00:00:00+00';

-- name: date_on_partitioned
SELECT sale_id, extract(month FROM sold_on) AS m FROM difftest.sales_part WHERE sold_on BETWEEN DATE '2024-02-27' AND DATE '2024-03-02';

-- name: date_on_csv
SELECT customer_id, signup_date, extract(year FROM signup_date) AS y FROM difftest.customers_csv WHERE signup_date < DATE '2015-03-01';

-- name: interval_hours_minutes_seconds
SELECT id, ts + INTERVAL '1 hour 30 minutes' AS later, ts - INTERVAL '00:00:10' AS before, dt + INTERVAL '2 weeks' AS fortnight FROM difftest.tiny;

-- name: date_minus_integer_comparison
SELECT order_id FROM difftest.orders WHERE ship_date - 3 > CAST(ordered_at AS date) AND order_id < 2000;

-- name: timestamp_difference_days
SELECT order_id, extract(epoch FROM (CAST(ship_date AS timestamp with time zone) - ordered_at)) / 86400 AS days
FROM difftest.orders WHERE order_id < 500;

-- name: month_interval_end_of_month_clamping
SELECT id, dt + INTERVAL '1 month' AS m1, dt - INTERVAL '1 month' AS mm1, dt + INTERVAL '13 months' AS m13, dt - INTERVAL '2 years' AS ym2 FROM difftest.tiny;

-- name: month_interval_leap_years
SELECT CAST(DATE '2024-02-29' + INTERVAL '1 year' AS date) AS a, CAST(DATE '2024-02-29' + INTERVAL '4 years' AS date) AS b, CAST(DATE '2024-01-31' + INTERVAL '1 month' AS date) AS c, CAST(DATE '2023-01-31' + INTERVAL '1 month' AS date) AS d, CAST(DATE '1900-01-29' + INTERVAL '1 month' AS date) AS e, CAST(DATE '2000-03-31' - INTERVAL '1 month' AS date) AS f;

-- name: month_interval_mixed_units
SELECT id, ts + INTERVAL '1 month 2 days 3 hours' AS a, ts - INTERVAL '1 year 1 month' AS b, INTERVAL '1 quarter' + ts AS c FROM difftest.tiny;

-- name: month_interval_in_where
SELECT id, dt FROM difftest.tiny WHERE dt + INTERVAL '1 month' > DATE '2024-03-01';

-- name: month_interval_on_column_orders
SELECT order_id, ship_date + INTERVAL '1 month' AS due, ordered_at - INTERVAL '3 months' AS earlier FROM difftest.orders WHERE order_id < 1200;

-- name: make_date_leap_and_columns
SELECT id, make_date(2024, 2, 29) AS leap, make_date(CAST(extract(year FROM dt) AS integer), 12, 31) AS year_end, make_date(1, 1, 1) AS first FROM difftest.tiny;

-- name: make_date_null_arguments
SELECT id, make_date(NULL, 1, 1) AS a, make_date(2024, CAST(NULL AS integer), 1) AS b FROM difftest.tiny;
