-- Inner, left, right, full and cross joins; residual non-equi conditions; self joins; NULL and
-- dangling keys (orders reference customers 2001..2050 and products 121..130 that don't exist).

-- name: inner_basic
SELECT o.order_id, o.customer_id, c.name
FROM difftest.orders o JOIN difftest.customers c ON o.customer_id = c.customer_id
WHERE o.order_id <= 20000;

-- name: inner_keyword
SELECT o.order_id, p.name AS product
FROM difftest.orders o INNER JOIN difftest.products p ON o.product_id = p.product_id
WHERE o.order_id <= 20000;

-- name: inner_count_all
SELECT count(*) AS n FROM difftest.orders o JOIN difftest.customers c ON o.customer_id = c.customer_id;

-- name: inner_drops_null_and_dangling_keys
SELECT count(*) AS n, count(DISTINCT o.customer_id) AS customers
FROM difftest.orders o JOIN difftest.customers c ON c.customer_id = o.customer_id;

-- name: left_keeps_unmatched
SELECT o.order_id, o.customer_id, c.customer_id AS matched, c.country
FROM difftest.orders o LEFT JOIN difftest.customers c ON o.customer_id = c.customer_id
WHERE o.order_id <= 30000;

-- name: left_outer_keyword
SELECT o.order_id, p.price
FROM difftest.orders o LEFT OUTER JOIN difftest.products p ON o.product_id = p.product_id
WHERE o.order_id <= 10000;

-- name: left_anti_by_null
SELECT o.order_id, o.customer_id
FROM difftest.orders o LEFT JOIN difftest.customers c ON o.customer_id = c.customer_id
WHERE c.customer_id IS NULL;

-- name: left_join_filter_in_on_vs_where
SELECT c.customer_id, o.order_id
FROM difftest.customers c LEFT JOIN difftest.orders o
  ON o.customer_id = c.customer_id AND o.status = 'returned' AND o.quantity = 20
WHERE c.customer_id <= 300;

-- name: left_join_filter_in_where
SELECT c.customer_id, o.order_id
FROM difftest.customers c LEFT JOIN difftest.orders o ON o.customer_id = c.customer_id
WHERE c.customer_id <= 300 AND o.status = 'returned' AND o.quantity = 20;

-- name: right_join
SELECT c.customer_id, c.name, o.order_id
FROM difftest.customers c RIGHT JOIN difftest.orders o ON o.customer_id = c.customer_id
WHERE o.order_id <= 20000;

-- name: right_join_unmatched_products
SELECT p.product_id, p.name, o.order_id, o.product_id AS ordered_product
FROM difftest.products p RIGHT JOIN difftest.orders o ON o.product_id = p.product_id
WHERE p.product_id IS NULL AND o.order_id <= 200000;

-- name: full_join
SELECT p.product_id, o.product_id AS ordered_product, o.order_id
FROM difftest.products p FULL JOIN (SELECT order_id, product_id FROM difftest.orders WHERE order_id <= 3000) o
  ON p.product_id = o.product_id;

-- name: full_outer_join_counts
SELECT count(*) AS n, count(p.product_id) AS with_product, count(o.order_id) AS with_order
FROM difftest.products p FULL OUTER JOIN difftest.orders o ON p.product_id = o.product_id;

-- name: full_join_null_keys_never_match
SELECT a.id AS left_id, b.id AS right_id
FROM difftest.tiny a FULL JOIN difftest.tiny b ON a.i64 = b.i64;

-- name: inner_join_null_keys
SELECT a.id AS left_id, b.id AS right_id
FROM difftest.tiny a JOIN difftest.tiny b ON a.b = b.b;

-- name: cross_join
SELECT t.id, f.id AS fid FROM difftest.tiny t CROSS JOIN difftest.special_floats f;

-- name: cross_join_comma
SELECT t.id, p.product_id FROM difftest.tiny t, difftest.products p WHERE p.product_id <= 3;

-- name: comma_join_with_where_equality
SELECT o.order_id, c.email
FROM difftest.orders o, difftest.customers c
WHERE o.customer_id = c.customer_id AND o.order_id <= 5000;

-- name: residual_non_equi
SELECT o.order_id, c.customer_id, o.quantity, c.age
FROM difftest.orders o JOIN difftest.customers c
  ON o.customer_id = c.customer_id AND o.quantity > CAST(c.age AS double precision) / 5
WHERE o.order_id <= 20000;

-- name: left_join_residual
SELECT o.order_id, p.product_id
FROM difftest.orders o LEFT JOIN difftest.products p
  ON o.product_id = p.product_id AND p.price > o.unit_price
WHERE o.order_id <= 10000;

-- name: full_join_residual
SELECT a.id AS left_id, b.id AS right_id
FROM difftest.tiny a FULL JOIN difftest.tiny b ON a.id = b.id AND a.f64 > 0;

-- name: non_equi_only
SELECT a.id AS left_id, b.id AS right_id FROM difftest.tiny a JOIN difftest.tiny b ON a.i64 < b.i64;

-- name: band_join
SELECT a.product_id AS a_id, b.product_id AS b_id
FROM difftest.products a JOIN difftest.products b
  ON b.price BETWEEN a.price - 1 AND a.price + 1 AND a.product_id < b.product_id;

-- name: self_join_referrer
SELECT c.customer_id, c.name, r.customer_id AS referrer, r.name AS referrer_name
FROM difftest.customers c JOIN difftest.customers r ON c.referrer_id = r.customer_id;

-- name: self_left_join_dangling_referrer
SELECT c.customer_id, c.referrer_id
FROM difftest.customers c LEFT JOIN difftest.customers r ON c.referrer_id = r.customer_id
WHERE r.customer_id IS NULL AND c.referrer_id IS NOT NULL;

-- name: self_join_same_country_pairs
SELECT a.customer_id AS a_id, b.customer_id AS b_id
FROM difftest.customers a JOIN difftest.customers b
  ON a.country = b.country AND a.customer_id < b.customer_id
WHERE a.customer_id <= 40 AND b.customer_id <= 60;

-- name: three_way_join
SELECT o.order_id, c.name AS customer, p.name AS product, o.quantity * p.price AS total
FROM difftest.orders o
JOIN difftest.customers c ON o.customer_id = c.customer_id
JOIN difftest.products p ON o.product_id = p.product_id
WHERE o.order_id <= 15000;

-- name: three_way_mixed_outer
SELECT o.order_id, c.customer_id, p.product_id
FROM difftest.orders o
LEFT JOIN difftest.customers c ON o.customer_id = c.customer_id
JOIN difftest.products p ON o.product_id = p.product_id
WHERE o.order_id <= 8000;

-- name: join_using
SELECT customer_id, c.name, o.order_id
FROM difftest.customers c JOIN difftest.orders o USING (customer_id)
WHERE o.order_id <= 10000;

-- name: full_join_using_merges_key
SELECT customer_id, e.event_id
FROM (SELECT customer_id FROM difftest.customers WHERE customer_id BETWEEN 100 AND 120) c
FULL JOIN (SELECT customer_id, event_id FROM difftest.events WHERE event_id <= 400) e USING (customer_id);

-- name: join_on_expression
SELECT o.order_id, c.customer_id
FROM difftest.orders o JOIN difftest.customers c ON o.customer_id + 1 = c.customer_id
WHERE o.order_id <= 5000;

-- name: join_on_string_function
SELECT a.id AS left_id, b.id AS right_id FROM difftest.tiny a JOIN difftest.tiny b ON lower(a.s) = lower(b.s);

-- name: join_on_string_keys_unicode
SELECT c.customer_id, k.customer_id AS csv_id
FROM difftest.customers c JOIN difftest.customers_csv k ON c.name = k.name
WHERE c.customer_id <= 100;

-- name: join_int32_with_int64
SELECT o.order_id, c.customer_id
FROM difftest.orders o JOIN difftest.customers c ON o.product_id = c.customer_id
WHERE o.order_id <= 3000;

-- name: join_decimal_keys
SELECT o.order_id, p.product_id
FROM difftest.orders o JOIN difftest.products p ON o.unit_price = p.price;

-- name: join_date_keys
SELECT t.id, c.customer_id
FROM difftest.tiny t JOIN difftest.customers c ON c.signup_date = t.dt;

-- name: join_with_empty_table
SELECT o.order_id, e.order_id AS other
FROM difftest.orders o LEFT JOIN difftest.empty_orders e ON o.order_id = e.order_id
WHERE o.order_id <= 500;

-- name: inner_join_empty_table
-- empty
SELECT o.order_id FROM difftest.orders o JOIN difftest.empty_orders e ON o.order_id = e.order_id;

-- name: join_many_files_and_partitioned
SELECT e.event_id, c.country
FROM difftest.events e JOIN difftest.customers c ON e.customer_id = c.customer_id
WHERE e.event_id <= 900;

-- name: join_partitioned_products
SELECT s.sale_id, s.region, p.category
FROM difftest.sales_part s LEFT JOIN difftest.products p ON s.product_id = p.product_id
WHERE s.region = 'EU';

-- name: join_json_products
SELECT o.order_id, j.name, j.price
FROM difftest.orders o JOIN difftest.products_json j ON o.product_id = j.product_id
WHERE o.order_id <= 3000;

-- name: join_select_star
SELECT * FROM difftest.tiny a JOIN difftest.special_floats b ON a.id = b.id;

-- name: join_qualified_star
SELECT c.*, o.order_id FROM difftest.customers c JOIN difftest.orders o ON o.customer_id = c.customer_id
WHERE o.order_id <= 2000;

-- name: join_or_condition
SELECT a.id AS left_id, b.id AS right_id FROM difftest.tiny a JOIN difftest.tiny b ON a.id = b.i64 OR a.i64 = b.id;

-- name: join_result_in_where_and_select
SELECT c.country, o.status, o.quantity * o.unit_price AS amount
FROM difftest.customers c JOIN difftest.orders o ON o.customer_id = c.customer_id
WHERE c.country IN ('SE', 'BR') AND o.status <> 'cancelled' AND o.order_id <= 40000;
