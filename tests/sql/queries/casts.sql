-- CAST(x AS t) and x::t between numbers, strings, dates, timestamps and booleans.
-- Casts from double to integer avoid exact .5 ties (the data has none where it matters).

-- name: int_to_double
SELECT order_id, CAST(quantity AS double precision) AS q FROM difftest.orders WHERE order_id < 1000;

-- name: int_to_bigint_colon
SELECT product_id::bigint AS pid FROM difftest.products;

-- name: bigint_to_int
SELECT CAST(customer_id AS integer) AS cid FROM difftest.customers WHERE customer_id < 100;

-- name: double_to_int_rounds
SELECT customer_id, CAST(score AS integer) AS s FROM difftest.customers WHERE customer_id < 500;

-- name: decimal_to_double
SELECT id, CAST(num AS double precision) AS n FROM difftest.tiny;

-- name: decimal_to_int
SELECT id, num::integer AS n FROM difftest.tiny WHERE abs(num) < 1000;

-- name: int_to_decimal
SELECT order_id, CAST(quantity AS decimal(12, 2)) AS q FROM difftest.orders WHERE order_id < 1000;

-- name: double_to_decimal
SELECT customer_id, CAST(score AS numeric(12, 3)) AS s FROM difftest.customers WHERE customer_id < 300;

-- name: int_to_text
SELECT id, CAST(i64 AS text) AS t FROM difftest.tiny;

-- name: int_to_varchar
SELECT id, i64::varchar AS t FROM difftest.tiny;

-- name: decimal_to_text
SELECT id, CAST(num AS varchar) AS t FROM difftest.tiny;

-- name: date_to_text
SELECT id, CAST(dt AS text) AS t FROM difftest.tiny;

-- name: bool_to_text
SELECT id, CAST(b AS text) AS t FROM difftest.tiny;

-- name: text_to_int
SELECT id, CAST('12' AS integer) + id AS v FROM difftest.tiny;

-- name: text_to_date
SELECT id FROM difftest.tiny WHERE dt > CAST('2024-06-01' AS date);

-- name: text_to_date_colon
SELECT id FROM difftest.tiny WHERE dt <= '2000-03-01'::date;

-- name: text_to_timestamptz
SELECT id FROM difftest.tiny WHERE ts < '2000-01-01 00:00:00+00'::timestamptz;

-- name: text_to_double
SELECT id, f64 * CAST('2.5' AS double precision) AS v FROM difftest.tiny;

-- name: text_to_decimal
SELECT id, num + CAST('0.05' AS decimal(12, 2)) AS v FROM difftest.tiny;

-- name: text_to_bool
SELECT id FROM difftest.tiny WHERE b = CAST('true' AS boolean);

-- name: timestamptz_to_date
SELECT order_id, CAST(ordered_at AS date) AS day FROM difftest.orders WHERE order_id < 2000;

-- name: date_to_timestamptz
SELECT id, CAST(dt AS timestamp with time zone) AS midnight FROM difftest.tiny;

-- name: date_to_timestamp
SELECT id, dt::timestamp AS midnight FROM difftest.tiny;

-- name: bool_to_int
SELECT id, CAST(b AS integer) AS bit FROM difftest.tiny;

-- name: cast_in_where_text_compare
SELECT customer_id FROM difftest.customers WHERE CAST(customer_id AS text) LIKE '19%';

-- name: cast_null
SELECT id, CAST(NULL AS integer) AS n, CAST(NULL AS text) AS t FROM difftest.tiny;

-- name: nested_casts
SELECT id, CAST(CAST(num AS double precision) AS bigint) AS v FROM difftest.tiny WHERE abs(num) < 1000000;

-- name: cast_csv_column
SELECT customer_id, CAST(score AS integer) AS s, CAST(age AS double precision) / 2 AS half_age FROM difftest.customers_csv WHERE customer_id < 200;

-- name: decimal_rescale_rounds
SELECT id, CAST(num AS numeric(14, 1)) AS one, CAST(num AS numeric(14, 0)) AS zero FROM difftest.tiny;

-- name: double_to_numeric_scale_zero
SELECT customer_id, CAST(score AS numeric(10, 0)) AS s FROM difftest.customers WHERE customer_id < 100;

-- name: decimal_near_precision_to_bigint
SELECT id, CAST(num AS bigint) AS n FROM difftest.tiny;
