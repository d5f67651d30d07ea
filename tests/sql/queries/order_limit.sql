-- ORDER BY (ASC/DESC, NULLS FIRST/LAST, ordinals, aliases, expressions) and LIMIT/OFFSET.
-- Every ordered query ends its ORDER BY with a unique key, so the order is fully determined.
-- Default NULL order is PostgreSQL's: last when ascending, first when descending.

-- name: order_by_key
-- ordered
SELECT customer_id, name FROM difftest.customers ORDER BY customer_id;

-- name: order_by_desc
-- ordered
SELECT order_id, status FROM difftest.orders WHERE order_id <= 5000 ORDER BY order_id DESC;

-- name: order_by_nullable_default_asc
-- ordered
SELECT id, i64 FROM difftest.tiny ORDER BY i64, id;

-- name: order_by_nullable_default_desc
-- ordered
SELECT id, i64 FROM difftest.tiny ORDER BY i64 DESC, id;

-- name: order_by_nulls_first
-- ordered
SELECT id, f64 FROM difftest.tiny ORDER BY f64 NULLS FIRST, id;

-- name: order_by_nulls_last_desc
-- ordered
SELECT id, f64 FROM difftest.tiny ORDER BY f64 DESC NULLS LAST, id;

-- name: order_by_string_codepoints
-- ordered
SELECT id, s FROM difftest.tiny ORDER BY s, id;

-- name: order_by_string_desc_nulls_last
-- ordered
SELECT customer_id, city FROM difftest.customers WHERE customer_id <= 200 ORDER BY city DESC NULLS LAST, customer_id;

-- name: order_by_bool
-- ordered
SELECT id, b FROM difftest.tiny ORDER BY b, id;

-- name: order_by_date_and_timestamp
-- ordered
SELECT id, dt, ts FROM difftest.tiny ORDER BY dt DESC, ts, id;

-- name: order_by_decimal
-- ordered
SELECT product_id, price FROM difftest.products ORDER BY price, product_id;

-- name: order_by_multiple_keys_mixed_direction
-- ordered
SELECT customer_id, country, age FROM difftest.customers WHERE customer_id <= 400
ORDER BY country NULLS FIRST, age DESC, customer_id;

-- name: order_by_ordinal
-- ordered
SELECT country, customer_id FROM difftest.customers WHERE customer_id <= 300 ORDER BY 1, 2;

-- name: order_by_alias
-- ordered
SELECT customer_id AS id, score * 2 AS doubled FROM difftest.customers WHERE customer_id <= 300 ORDER BY doubled DESC, id;

-- name: order_by_expression
-- ordered
SELECT order_id, quantity, unit_price FROM difftest.orders WHERE order_id <= 3000 ORDER BY quantity * unit_price DESC, order_id;

-- name: order_by_column_not_selected
-- ordered
SELECT name FROM difftest.products ORDER BY price DESC, product_id;

-- name: order_by_function
-- ordered
SELECT id, s FROM difftest.tiny ORDER BY length(s) DESC, id;

-- name: order_by_case
-- ordered
SELECT order_id, status FROM difftest.orders WHERE order_id <= 500
ORDER BY CASE status WHEN 'new' THEN 0 WHEN 'paid' THEN 1 ELSE 2 END, order_id;

-- name: limit_with_order
-- ordered
SELECT order_id, customer_id, unit_price FROM difftest.orders ORDER BY unit_price DESC, order_id LIMIT 10;

-- name: limit_offset
-- ordered
SELECT customer_id, name FROM difftest.customers ORDER BY customer_id LIMIT 10 OFFSET 25;

-- name: offset_without_limit
-- ordered
SELECT id, s FROM difftest.tiny ORDER BY id OFFSET 9;

-- name: offset_past_end
-- empty
SELECT id FROM difftest.tiny ORDER BY id LIMIT 5 OFFSET 100;

-- name: limit_zero_with_order
-- empty
SELECT id FROM difftest.tiny ORDER BY id LIMIT 0;

-- name: fetch_first
-- ordered
SELECT product_id, name FROM difftest.products ORDER BY product_id FETCH FIRST 5 ROWS ONLY;

-- name: top_n_by_nullable_desc
-- ordered
SELECT customer_id, credit_limit FROM difftest.customers ORDER BY credit_limit DESC, customer_id LIMIT 20;

-- name: top_n_nulls_last_desc
-- ordered
SELECT customer_id, credit_limit FROM difftest.customers ORDER BY credit_limit DESC NULLS LAST, customer_id LIMIT 20;

-- name: bottom_n_nulls_first
-- ordered
SELECT customer_id, age FROM difftest.customers ORDER BY age NULLS FIRST, customer_id LIMIT 30;

-- name: order_after_filter_and_limit_large
-- ordered
SELECT order_id, ordered_at FROM difftest.orders WHERE status = 'paid' ORDER BY ordered_at, order_id LIMIT 100 OFFSET 1000;

-- name: order_aggregates
-- ordered
SELECT status, count(*) AS n FROM difftest.orders GROUP BY status ORDER BY n DESC, status;

-- name: order_by_aggregate_expression
-- ordered
SELECT customer_id, sum(quantity) AS items FROM difftest.orders WHERE customer_id IS NOT NULL
GROUP BY customer_id ORDER BY sum(quantity) DESC, customer_id LIMIT 15;

-- name: order_join
-- ordered
SELECT o.order_id, c.name FROM difftest.orders o JOIN difftest.customers c ON o.customer_id = c.customer_id
ORDER BY c.name NULLS FIRST, o.order_id LIMIT 50;

-- name: order_by_qualified_column
-- ordered
SELECT p.product_id, p.category FROM difftest.products p ORDER BY p.category DESC, p.product_id;

-- name: order_unicode_names_limit
-- ordered
SELECT customer_id, name FROM difftest.customers WHERE name IS NOT NULL ORDER BY name DESC, customer_id LIMIT 40;

-- name: order_many_files
-- ordered
SELECT event_id, kind, value FROM difftest.events ORDER BY value DESC NULLS LAST, event_id LIMIT 25;

-- name: order_partitioned
-- ordered
SELECT sale_id, region, amount FROM difftest.sales_part ORDER BY region, amount DESC, sale_id LIMIT 30;

-- name: order_empty_table
-- empty
-- ordered
SELECT order_id FROM difftest.empty_orders ORDER BY order_id;
