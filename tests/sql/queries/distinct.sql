-- SELECT DISTINCT (NULLs are one value) and DISTINCT with ORDER BY / LIMIT.

-- name: distinct_single
SELECT DISTINCT status FROM difftest.orders;

-- name: distinct_with_nulls
SELECT DISTINCT segment FROM difftest.customers;

-- name: distinct_two_columns
SELECT DISTINCT country, segment FROM difftest.customers;

-- name: distinct_expression
SELECT DISTINCT extract(year FROM ordered_at) AS y FROM difftest.orders;

-- name: distinct_bool
SELECT DISTINCT is_gift FROM difftest.orders;

-- name: distinct_unicode
SELECT DISTINCT city FROM difftest.customers;

-- name: distinct_decimal
SELECT DISTINCT quantity, unit_price > 250 AS expensive FROM difftest.orders;

-- name: distinct_dates
SELECT DISTINCT ship_date FROM difftest.orders WHERE ship_date < DATE '2023-02-01';

-- name: distinct_ordered
-- ordered
SELECT DISTINCT country FROM difftest.customers ORDER BY country NULLS FIRST;

-- name: distinct_ordered_limit
-- ordered
SELECT DISTINCT customer_id FROM difftest.orders WHERE customer_id IS NOT NULL ORDER BY customer_id DESC LIMIT 10;

-- name: distinct_after_join
SELECT DISTINCT c.country, p.category
FROM difftest.orders o JOIN difftest.customers c ON o.customer_id = c.customer_id
JOIN difftest.products p ON o.product_id = p.product_id;

-- name: distinct_star
SELECT DISTINCT * FROM difftest.tiny;

-- name: count_of_distinct_subquery
SELECT count(*) AS n FROM (SELECT DISTINCT customer_id, product_id FROM difftest.orders) d;

-- name: distinct_special_floats
-- NaN is one value and -0.0 equals 0.0 in PostgreSQL and DuckDB.
SELECT DISTINCT x FROM difftest.special_floats;
