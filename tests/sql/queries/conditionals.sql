-- CASE (searched and simple), COALESCE, NULLIF, IS [NOT] NULL.

-- name: case_searched
SELECT customer_id,
       CASE WHEN age < 30 THEN 'young' WHEN age < 60 THEN 'middle' ELSE 'senior' END AS bracket
FROM difftest.customers WHERE customer_id < 400;

-- name: case_searched_no_else
SELECT id, CASE WHEN f64 > 0 THEN 'positive' WHEN f64 < 0 THEN 'negative' END AS sign_name FROM difftest.tiny;

-- name: case_simple
SELECT order_id,
       CASE status WHEN 'new' THEN 1 WHEN 'paid' THEN 2 WHEN 'shipped' THEN 3 ELSE 0 END AS stage
FROM difftest.orders WHERE order_id < 3000;

-- name: case_simple_null_operand
SELECT id, CASE b WHEN TRUE THEN 'yes' WHEN FALSE THEN 'no' ELSE 'unknown' END AS answer FROM difftest.tiny;

-- name: case_simple_null_when_never_matches
SELECT id, CASE s WHEN NULL THEN 'matched null' ELSE 'other' END AS r FROM difftest.tiny;

-- name: case_first_match_wins
SELECT id, CASE WHEN i64 > 0 THEN 'a' WHEN i64 > 10 THEN 'b' ELSE 'c' END AS r FROM difftest.tiny;

-- name: case_numeric_result_mix
SELECT id, CASE WHEN id < 5 THEN i64 ELSE f64 END AS mixed FROM difftest.tiny;

-- name: case_decimal_result
SELECT order_id, CASE WHEN quantity > 10 THEN unit_price * 0.9 ELSE unit_price END AS price FROM difftest.orders WHERE order_id < 2000;

-- name: case_nested
SELECT customer_id,
       CASE WHEN country IS NULL THEN 'none'
            ELSE CASE WHEN country IN ('DE', 'FR', 'SE', 'GB') THEN 'europe' ELSE 'other' END END AS area
FROM difftest.customers WHERE customer_id < 500;

-- name: case_in_where
SELECT order_id FROM difftest.orders
WHERE CASE WHEN discount IS NULL THEN quantity > 18 ELSE discount > 0.49 END AND order_id < 50000;

-- name: case_returning_bool
SELECT id, CASE WHEN s = '' THEN NULL ELSE length(s) > 3 END AS long_text FROM difftest.tiny;

-- name: case_returning_date
SELECT id, CASE WHEN dt > DATE '2024-01-01' THEN dt ELSE DATE '2000-01-01' END AS clipped FROM difftest.tiny;

-- name: coalesce_two
SELECT customer_id, coalesce(city, 'unknown') AS city FROM difftest.customers WHERE customer_id < 300;

-- name: coalesce_many
SELECT id, coalesce(NULL, i64, CAST(f64 AS bigint), -1) AS v FROM difftest.tiny;

-- name: coalesce_numeric_mix
SELECT order_id, coalesce(discount, 0) AS d, coalesce(CAST(quantity AS numeric(12,2)), unit_price) AS q FROM difftest.orders WHERE order_id < 1500;

-- name: coalesce_date
SELECT order_id, coalesce(ship_date, DATE '1900-01-01') AS shipped FROM difftest.orders WHERE order_id < 1500;

-- name: coalesce_all_null
SELECT id, coalesce(s, NULL) AS s2 FROM difftest.tiny;

-- name: coalesce_in_where
SELECT customer_id FROM difftest.customers WHERE coalesce(segment, country, 'x') = 'x';

-- name: nullif_basic
SELECT id, nullif(i64, 0) AS nz, nullif(s, '') AS ns FROM difftest.tiny;

-- name: nullif_never_equal
SELECT id, nullif(id, -1) AS same FROM difftest.tiny;

-- name: nullif_strings
SELECT order_id, nullif(status, 'new') AS status FROM difftest.orders WHERE order_id < 1000;

-- name: coalesce_nullif_combo
SELECT order_id, coalesce(nullif(trim(note), ''), '(none)') AS note FROM difftest.orders WHERE order_id < 2000;

-- name: is_null_every_type
SELECT id, i64 IS NULL AS a, f64 IS NULL AS b2, num IS NULL AS c, s IS NULL AS d, b IS NULL AS e,
       dt IS NULL AS f, ts IS NULL AS g
FROM difftest.tiny;

-- name: is_not_null_filter_join_key
SELECT order_id FROM difftest.orders WHERE customer_id IS NULL AND product_id IS NOT NULL AND order_id < 100000;
