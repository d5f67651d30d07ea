-- UNION (removes duplicates; NULLs are equal) and UNION ALL (keeps them), with type unification.

-- name: union_all_keeps_duplicates
SELECT status FROM difftest.orders WHERE order_id <= 50
UNION ALL
SELECT status FROM difftest.orders WHERE order_id <= 30;

-- name: union_removes_duplicates
SELECT status FROM difftest.orders WHERE order_id <= 50
UNION
SELECT status FROM difftest.orders WHERE order_id <= 30;

-- name: union_nulls_are_one_value
SELECT segment FROM difftest.customers UNION SELECT segment FROM difftest.customers;

-- name: union_three_branches
SELECT customer_id AS id FROM difftest.customers WHERE customer_id <= 3
UNION SELECT event_id FROM difftest.events WHERE event_id <= 5
UNION SELECT order_id FROM difftest.orders WHERE order_id <= 40;

-- name: union_all_different_tables
SELECT 'customer' AS source, customer_id AS id FROM difftest.customers WHERE customer_id <= 5
UNION ALL SELECT 'product', product_id FROM difftest.products WHERE product_id <= 5
UNION ALL SELECT 'sale', sale_id FROM difftest.sales_part WHERE sale_id <= 5;

-- name: union_type_widening
SELECT id, i64 AS v FROM difftest.tiny WHERE id <= 4
UNION ALL SELECT id, f64 FROM difftest.tiny WHERE id > 8;

-- name: union_int32_int64
SELECT product_id AS id FROM difftest.products WHERE product_id <= 10
UNION SELECT customer_id FROM difftest.customers WHERE customer_id BETWEEN 5 AND 15;

-- name: union_ordered_limit
-- ordered
SELECT product_id AS id, name FROM difftest.products WHERE product_id <= 5
UNION ALL SELECT customer_id, name FROM difftest.customers WHERE customer_id <= 5
ORDER BY id, name NULLS FIRST
LIMIT 7;

-- name: union_with_empty_side
SELECT order_id FROM difftest.empty_orders UNION ALL SELECT order_id FROM difftest.orders WHERE order_id <= 100;

-- name: union_all_aggregated
SELECT kind, sum(n) AS total FROM (
  SELECT 'gift' AS kind, count(*) AS n FROM difftest.orders WHERE is_gift
  UNION ALL SELECT 'not gift', count(*) FROM difftest.orders WHERE NOT is_gift
  UNION ALL SELECT 'unknown', count(*) FROM difftest.orders WHERE is_gift IS NULL
) parts GROUP BY kind;

-- name: union_unicode_strings
SELECT city AS place FROM difftest.customers UNION SELECT category FROM difftest.products;

-- name: union_dates_timestamps
SELECT CAST(ts AS date) AS d FROM difftest.tiny UNION SELECT dt FROM difftest.tiny;
