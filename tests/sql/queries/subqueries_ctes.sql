-- Subqueries in FROM and non-recursive WITH (several CTEs, a CTE used twice, nested).

-- name: subquery_projection
SELECT sub.id, sub.doubled, sub.s FROM (SELECT id, id * 2 AS doubled, s FROM difftest.tiny) sub WHERE sub.doubled > 10;

-- name: subquery_with_alias_columns
SELECT x.a, x.b FROM (SELECT customer_id, country FROM difftest.customers WHERE customer_id <= 100) AS x(a, b);

-- name: subquery_filter_pushdown_shape
SELECT order_id, total FROM (
  SELECT order_id, quantity * unit_price AS total, status FROM difftest.orders
) t WHERE status = 'returned' AND total > 9000;

-- name: subquery_aggregate_then_filter
SELECT customer_id, n FROM (
  SELECT customer_id, count(*) AS n FROM difftest.orders GROUP BY customer_id
) per_customer WHERE n >= 70;

-- name: subquery_aggregate_of_aggregate
SELECT avg(n) AS avg_orders, max(n) AS max_orders, min(n) AS min_orders FROM (
  SELECT customer_id, count(*) AS n FROM difftest.orders WHERE customer_id IS NOT NULL GROUP BY customer_id
) per_customer;

-- name: subquery_join_two_derived
SELECT a.customer_id, a.orders, b.events
FROM (SELECT customer_id, count(*) AS orders FROM difftest.orders GROUP BY customer_id) a
JOIN (SELECT customer_id, count(*) AS events FROM difftest.events GROUP BY customer_id) b
  ON a.customer_id = b.customer_id;

-- name: subquery_nested_three_levels
SELECT y, n FROM (
  SELECT y, count(*) AS n FROM (
    SELECT extract(year FROM signup_date) AS y FROM (
      SELECT signup_date FROM difftest.customers WHERE is_active
    ) a
  ) b GROUP BY y
) c WHERE n > 10;

-- name: subquery_distinct_then_join
SELECT p.product_id, p.name FROM difftest.products p
JOIN (SELECT DISTINCT product_id FROM difftest.orders WHERE status = 'returned' AND quantity = 20) r
  ON r.product_id = p.product_id;

-- name: subquery_with_order_limit_inside
SELECT t.order_id, t.unit_price FROM (
  SELECT order_id, unit_price FROM difftest.orders ORDER BY unit_price DESC, order_id LIMIT 20
) t WHERE t.order_id > 500000;

-- name: subquery_union_inside
SELECT kind, count(*) AS n FROM (
  SELECT 'order' AS kind, customer_id FROM difftest.orders WHERE order_id <= 1000
  UNION ALL
  SELECT 'event' AS kind, customer_id FROM difftest.events WHERE event_id <= 500
) u GROUP BY kind;

-- name: cte_single
WITH big AS (SELECT order_id, quantity FROM difftest.orders WHERE quantity >= 19)
SELECT count(*) AS n, sum(quantity) AS q FROM big;

-- name: cte_several
WITH active AS (SELECT customer_id, country FROM difftest.customers WHERE is_active),
     recent AS (SELECT order_id, customer_id FROM difftest.orders WHERE ordered_at >= TIMESTAMP WITH TIME ZONE '2025-10-01 00:00:00+00')
SELECT a.country, count(*) AS n FROM active a JOIN recent r ON r.customer_id = a.customer_id GROUP BY a.country;

-- name: cte_referencing_cte
WITH per_customer AS (SELECT customer_id, sum(quantity) AS items FROM difftest.orders GROUP BY customer_id),
     ranked AS (SELECT customer_id, items FROM per_customer WHERE items > 1000)
SELECT customer_id, items FROM ranked;

-- name: cte_used_twice
WITH per_status AS (SELECT status, count(*) AS n FROM difftest.orders GROUP BY status)
SELECT a.status, a.n, b.status AS other_status, b.n AS other_n
FROM per_status a JOIN per_status b ON a.n < b.n;

-- name: cte_self_join_pairs
WITH c AS (SELECT customer_id, referrer_id, name FROM difftest.customers WHERE customer_id <= 500)
SELECT x.customer_id, y.customer_id AS referrer FROM c x JOIN c y ON x.referrer_id = y.customer_id;

-- name: cte_used_in_union
WITH s AS (SELECT id, s FROM difftest.tiny WHERE id <= 6)
SELECT id, s FROM s WHERE id <= 3 UNION ALL SELECT id, s FROM s WHERE id >= 3;

-- name: cte_shadows_nothing_order
-- ordered
WITH top AS (SELECT product_id, price FROM difftest.products ORDER BY price DESC, product_id LIMIT 5)
SELECT product_id, price FROM top ORDER BY product_id;

-- name: cte_with_column_names
WITH t(k, v) AS (SELECT status, quantity FROM difftest.orders WHERE order_id <= 300)
SELECT k, sum(v) AS total FROM t GROUP BY k;

-- name: cte_empty
-- empty
WITH none AS (SELECT order_id FROM difftest.orders WHERE order_id < 0)
SELECT order_id FROM none;

-- name: cte_global_aggregate_over_empty
WITH none AS (SELECT quantity FROM difftest.orders WHERE order_id < 0)
SELECT count(*) AS n, sum(quantity) AS q FROM none;

-- name: cte_and_subquery
WITH totals AS (SELECT customer_id, sum(quantity * unit_price) AS spent FROM difftest.orders GROUP BY customer_id)
SELECT c.segment, avg(t.spent) AS avg_spent
FROM (SELECT customer_id, segment FROM difftest.customers) c JOIN totals t ON t.customer_id = c.customer_id
GROUP BY c.segment;

-- name: cte_left_join_missing
WITH ordered_products AS (SELECT DISTINCT product_id FROM difftest.orders WHERE order_id <= 1000)
SELECT p.product_id FROM difftest.products p LEFT JOIN ordered_products o ON o.product_id = p.product_id
WHERE o.product_id IS NULL;
