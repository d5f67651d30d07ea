-- Plain scans: projections with aliases, filters on every column type, LIMIT.
-- These are the queries Warden splits into one task per file.

-- name: star_tiny
SELECT * FROM difftest.tiny;

-- name: star_products
SELECT * FROM difftest.products;

-- name: star_customers
SELECT * FROM difftest.customers;

-- name: star_orders
SELECT * FROM difftest.orders;

-- name: project_columns
SELECT customer_id, name, country FROM difftest.customers;

-- name: project_aliases
SELECT customer_id AS id, name AS customer_name, signup_date AS since FROM difftest.customers;

-- name: project_reordered
SELECT status, order_id, unit_price FROM difftest.orders WHERE order_id <= 5000;

-- name: project_same_column_twice
SELECT product_id, product_id AS again FROM difftest.products;

-- name: project_qualified
SELECT p.product_id, p.name FROM difftest.products p;

-- name: project_table_qualified
SELECT products.product_id, products.price FROM difftest.products;

-- name: project_qualified_star
SELECT t.* FROM difftest.tiny t;

-- name: quoted_identifier
SELECT "customer_id", "name" AS "customer_name" FROM difftest.customers WHERE "age" > 80;

-- name: eq_int64
SELECT * FROM difftest.customers WHERE customer_id = 42;

-- name: eq_int32
SELECT order_id, quantity FROM difftest.orders WHERE quantity = 7;

-- name: ne_string
SELECT customer_id, segment FROM difftest.customers WHERE segment <> 'consumer';

-- name: ne_bang
SELECT customer_id, country FROM difftest.customers WHERE country != 'DE';

-- name: lt_double
SELECT customer_id, score FROM difftest.customers WHERE score < 0;

-- name: le_int
SELECT customer_id, age FROM difftest.customers WHERE age <= 19;

-- name: gt_decimal
SELECT customer_id, credit_limit FROM difftest.customers WHERE credit_limit > 49000;

-- name: ge_decimal_literal
SELECT order_id, unit_price FROM difftest.orders WHERE unit_price >= 499.5;

-- name: eq_decimal
SELECT id, num FROM difftest.tiny WHERE num = 7.5;

-- name: eq_string_unicode
SELECT customer_id, city FROM difftest.customers WHERE city = 'São Paulo';

-- name: eq_string_cjk
SELECT customer_id, city FROM difftest.customers WHERE city = '東京';

-- name: eq_empty_string
SELECT customer_id, name FROM difftest.customers WHERE name = '';

-- name: eq_bool_true
SELECT id, b FROM difftest.tiny WHERE b = TRUE;

-- name: bool_column_as_predicate
SELECT customer_id FROM difftest.customers WHERE is_active;

-- name: not_bool_column
SELECT customer_id FROM difftest.customers WHERE NOT is_active;

-- name: bool_is_false
SELECT id FROM difftest.tiny WHERE b IS FALSE;

-- name: bool_is_not_true
SELECT id FROM difftest.tiny WHERE b IS NOT TRUE;

-- name: date_eq
SELECT id FROM difftest.tiny WHERE dt = '2024-01-01';

-- name: date_lt_literal
SELECT customer_id, signup_date FROM difftest.customers WHERE signup_date < '2015-02-01';

-- name: date_between
SELECT customer_id FROM difftest.customers WHERE signup_date BETWEEN '2020-01-01' AND '2020-01-31';

-- name: timestamp_ge
SELECT order_id, ordered_at FROM difftest.orders WHERE ordered_at >= '2025-12-30';

-- name: timestamp_range
SELECT order_id FROM difftest.orders
WHERE ordered_at >= '2024-03-01 00:00:00' AND ordered_at < '2024-03-02 00:00:00';

-- name: timestamp_eq_exact
SELECT id FROM difftest.tiny WHERE ts = '2024-02-29 23:59:59';

-- name: is_null
SELECT customer_id FROM difftest.customers WHERE email IS NULL;

-- name: is_not_null
SELECT id, f64 FROM difftest.tiny WHERE f64 IS NOT NULL;

-- name: in_strings
SELECT order_id, status FROM difftest.orders WHERE status IN ('returned', 'cancelled') AND order_id < 20000;

-- name: in_ints
SELECT customer_id, name FROM difftest.customers WHERE customer_id IN (1, 2, 3, 1999, 2000, 2001);

-- name: not_in_strings
SELECT customer_id, country FROM difftest.customers WHERE country NOT IN ('DE', 'FR', 'US', 'JP', 'BR');

-- name: between_double
SELECT customer_id, score FROM difftest.customers WHERE score BETWEEN 99.5 AND 120;

-- name: not_between_int
SELECT customer_id, age FROM difftest.customers WHERE age NOT BETWEEN 20 AND 88;

-- name: like_prefix
SELECT customer_id, name FROM difftest.customers WHERE name LIKE 'Zoë%';

-- name: like_suffix_unicode
SELECT customer_id, name FROM difftest.customers WHERE name LIKE '%田中';

-- name: like_underscore
SELECT product_id, name FROM difftest.products WHERE name LIKE '_ug 0%';

-- name: not_like
SELECT customer_id, email FROM difftest.customers WHERE email NOT LIKE '%example.com';

-- name: and_or_not
SELECT customer_id FROM difftest.customers
WHERE (country = 'SE' OR country = 'GB') AND NOT segment = 'smb';

-- name: arithmetic_in_where
SELECT order_id FROM difftest.orders WHERE quantity * 2 + 1 > 39;

-- name: functions_in_where
SELECT customer_id, city FROM difftest.customers WHERE lower(city) = 'zürich' AND length(name) > 14;

-- name: upper_in_where
SELECT customer_id, email FROM difftest.customers WHERE upper(email) LIKE '%@MAIL.ORG' AND customer_id < 100;

-- name: abs_in_where
SELECT id, f64 FROM difftest.tiny WHERE abs(f64) > 2;

-- name: coalesce_in_where
SELECT customer_id FROM difftest.customers WHERE coalesce(age, 0) = 0;

-- name: cast_in_where
SELECT order_id FROM difftest.orders WHERE CAST(quantity AS double precision) > 19.5;

-- name: where_matches_nothing
-- empty
SELECT customer_id, name FROM difftest.customers WHERE customer_id < 0;

-- name: where_false_null
-- empty
SELECT id FROM difftest.tiny WHERE NULL;

-- name: limit_zero
-- empty
SELECT * FROM difftest.orders LIMIT 0;

-- name: limit_larger_than_result
SELECT customer_id, name FROM difftest.customers WHERE customer_id <= 3 LIMIT 10;

-- name: limit_exact_filter
SELECT order_id FROM difftest.orders WHERE order_id <= 50 LIMIT 5;

-- name: limit_on_tiny
SELECT id, s FROM difftest.tiny LIMIT 100;
