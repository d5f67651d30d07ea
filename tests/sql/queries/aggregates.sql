-- GROUP BY with count/sum/avg/min/max/count(DISTINCT)/stddev, HAVING, global aggregates,
-- NULL groups, aggregates over empty input.

-- name: count_star
SELECT count(*) AS n FROM difftest.orders;

-- name: count_column_skips_nulls
SELECT count(*) AS n, count(customer_id) AS with_customer, count(discount) AS with_discount, count(note) AS with_note FROM difftest.orders;

-- name: global_sum_avg_min_max
SELECT sum(quantity) AS q, avg(quantity) AS avg_q, min(unit_price) AS lo, max(unit_price) AS hi FROM difftest.orders;

-- name: global_decimal_sum_exact
SELECT sum(unit_price) AS total, sum(unit_price * quantity) AS gross FROM difftest.orders;

-- name: global_double_sum
SELECT sum(discount) AS d, avg(discount) AS avg_d FROM difftest.orders;

-- name: global_stddev
SELECT stddev(score) AS sd, stddev_samp(age) AS sd_age, stddev_pop(score) AS sd_pop, variance(score) AS var FROM difftest.customers;

-- name: global_count_distinct
SELECT count(DISTINCT customer_id) AS customers, count(DISTINCT product_id) AS products, count(DISTINCT status) AS statuses FROM difftest.orders;

-- name: min_max_strings_codepoint_order
SELECT min(name) AS first_name, max(name) AS last_name, min(city) AS first_city, max(city) AS last_city FROM difftest.customers;

-- name: min_max_dates_timestamps
SELECT min(signup_date) AS first_signup, max(signup_date) AS last_signup, min(last_login) AS first_login, max(last_login) AS last_login FROM difftest.customers;

-- name: bool_and_or
SELECT bool_and(in_stock) AS all_in_stock, bool_or(in_stock) AS any_in_stock FROM difftest.products;

-- name: group_by_single
SELECT status, count(*) AS n FROM difftest.orders GROUP BY status;

-- name: group_by_with_null_group
SELECT segment, count(*) AS n, avg(age) AS avg_age FROM difftest.customers GROUP BY segment;

-- name: group_by_two_keys
SELECT country, segment, count(*) AS n, max(credit_limit) AS max_credit FROM difftest.customers GROUP BY country, segment;

-- name: group_by_int_key
SELECT quantity, count(*) AS n, sum(unit_price) AS revenue FROM difftest.orders GROUP BY quantity;

-- name: group_by_customer
SELECT customer_id, count(*) AS n, sum(quantity) AS items, min(ordered_at) AS first_order, max(ordered_at) AS last_order
FROM difftest.orders GROUP BY customer_id;

-- name: group_by_bool
SELECT is_gift, count(*) AS n, avg(quantity) AS q FROM difftest.orders GROUP BY is_gift;

-- name: group_by_date
SELECT ship_date, count(*) AS n FROM difftest.orders WHERE ship_date < DATE '2023-03-01' GROUP BY ship_date;

-- name: group_by_expression
SELECT extract(year FROM ordered_at) AS y, count(*) AS n, sum(quantity) AS q FROM difftest.orders GROUP BY extract(year FROM ordered_at);

-- name: group_by_alias
SELECT extract(month FROM ordered_at) AS m, count(*) AS n FROM difftest.orders GROUP BY m;

-- name: group_by_ordinal
SELECT status, is_gift, count(*) AS n FROM difftest.orders GROUP BY 1, 2;

-- name: group_by_date_trunc
SELECT date_trunc('month', ordered_at) AS month, count(*) AS n, sum(unit_price * quantity) AS revenue
FROM difftest.orders GROUP BY date_trunc('month', ordered_at);

-- name: group_by_case
SELECT CASE WHEN age < 40 THEN 'under 40' WHEN age >= 40 THEN '40 plus' END AS bucket, count(*) AS n
FROM difftest.customers GROUP BY 1;

-- name: group_by_unicode_strings
SELECT city, count(*) AS n, count(DISTINCT country) AS countries FROM difftest.customers GROUP BY city;

-- name: group_by_key_not_selected
SELECT count(*) AS n, sum(quantity) AS q FROM difftest.orders GROUP BY product_id;

-- name: group_by_decimal_key
SELECT num, count(*) AS n FROM difftest.tiny GROUP BY num;

-- name: group_by_double_key
SELECT weight_kg, count(*) AS n FROM difftest.products GROUP BY weight_kg;

-- name: group_by_timestamp_key
SELECT ts, count(*) AS n FROM difftest.tiny GROUP BY ts;

-- name: count_distinct_per_group
SELECT status, count(DISTINCT customer_id) AS customers, count(DISTINCT product_id) AS products FROM difftest.orders GROUP BY status;

-- name: sum_avg_distinct
SELECT status, sum(DISTINCT quantity) AS sq, avg(DISTINCT quantity) AS aq FROM difftest.orders GROUP BY status;

-- name: stddev_per_group
SELECT country, stddev(score) AS sd, stddev(credit_limit) AS sd_credit FROM difftest.customers GROUP BY country;

-- name: stddev_single_row_group_is_null
SELECT id, stddev(f64) AS sd, count(*) AS n FROM difftest.tiny GROUP BY id;

-- name: avg_decimal
SELECT status, avg(unit_price) AS avg_price, min(unit_price) AS lo, max(unit_price) AS hi FROM difftest.orders GROUP BY status;

-- name: avg_int_is_fractional
SELECT country, avg(age) AS avg_age, sum(age) AS sum_age FROM difftest.customers GROUP BY country;

-- name: aggregate_of_expression
SELECT status, sum(quantity * unit_price * (1 - coalesce(discount, 0))) AS net, max(length(note)) AS longest_note
FROM difftest.orders GROUP BY status;

-- name: expression_of_aggregates
SELECT status, sum(unit_price) / count(*) AS manual_avg, max(quantity) - min(quantity) AS spread
FROM difftest.orders GROUP BY status;

-- name: count_ratio_cast
SELECT country, CAST(count(*) AS double precision) / 2000 AS share FROM difftest.customers GROUP BY country;

-- name: having_count
SELECT customer_id, count(*) AS n FROM difftest.orders GROUP BY customer_id HAVING count(*) > 70;

-- name: having_aggregate_not_selected
SELECT product_id FROM difftest.orders GROUP BY product_id HAVING sum(quantity) > 9300;

-- name: having_with_and
SELECT country, segment, count(*) AS n FROM difftest.customers
GROUP BY country, segment HAVING count(*) >= 40 AND avg(score) > 49;

-- name: having_on_group_key
SELECT status, count(*) AS n FROM difftest.orders GROUP BY status HAVING status LIKE '%d';

-- name: having_filters_everything
-- empty
SELECT status, count(*) AS n FROM difftest.orders GROUP BY status HAVING count(*) > 1000000;

-- name: having_without_group_by
SELECT count(*) AS n FROM difftest.orders HAVING count(*) > 10;

-- name: where_and_having
SELECT customer_id, sum(quantity) AS items FROM difftest.orders
WHERE status = 'shipped' AND ordered_at >= TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00'
GROUP BY customer_id HAVING sum(quantity) >= 60;

-- name: global_aggregate_empty_input
SELECT count(*) AS n, sum(quantity) AS q, avg(quantity) AS a, min(status) AS s, max(ordered_at) AS t FROM difftest.orders WHERE order_id < 0;

-- name: group_by_empty_input
-- empty
SELECT status, count(*) AS n FROM difftest.orders WHERE order_id < 0 GROUP BY status;

-- name: aggregates_all_null_column
SELECT count(i64) AS c, sum(i64) AS s, min(s) AS mn FROM difftest.tiny WHERE id = 4;

-- name: group_by_join_result
SELECT c.country, count(*) AS orders, sum(o.quantity * o.unit_price) AS revenue, count(DISTINCT o.customer_id) AS buyers
FROM difftest.orders o JOIN difftest.customers c ON o.customer_id = c.customer_id
GROUP BY c.country;

-- name: group_by_left_join_counts_zero
SELECT p.product_id, count(o.order_id) AS n
FROM difftest.products p LEFT JOIN (SELECT order_id, product_id FROM difftest.orders WHERE order_id <= 2000) o
  ON o.product_id = p.product_id
GROUP BY p.product_id;

-- name: group_by_category_with_null
SELECT p.category, count(*) AS n, avg(o.quantity) AS q
FROM difftest.orders o JOIN difftest.products p ON o.product_id = p.product_id
GROUP BY p.category;

-- name: aggregate_special_floats
-- Sums that meet NaN are NaN in PostgreSQL and DuckDB alike.
SELECT count(x) AS n, sum(x) AS s, min(x) AS lo, max(x) AS hi FROM difftest.special_floats;

-- name: sum_avg_distinct_no_group
SELECT sum(DISTINCT quantity) AS sq, avg(DISTINCT quantity) AS aq, count(DISTINCT quantity) AS cq FROM difftest.orders;

-- name: sum_distinct_mixed_with_plain_aggregates
SELECT status, sum(DISTINCT quantity) AS sq, count(*) AS n, count(quantity) AS nq, sum(quantity) AS total, avg(quantity) AS mean, min(unit_price) AS lo, max(unit_price) AS hi, count(DISTINCT quantity) AS cq FROM difftest.orders GROUP BY status;

-- name: avg_distinct_decimal_and_nulls
SELECT id % 3 AS bucket, sum(DISTINCT num) AS sn, avg(DISTINCT num) AS an, count(num) AS cn FROM difftest.tiny GROUP BY id % 3;

-- name: sum_distinct_expression_argument
SELECT sum(DISTINCT i64 % 7) AS si, avg(DISTINCT i64 % 7) AS ai, max(f64) AS mf FROM difftest.tiny;

-- name: sum_distinct_empty_input
SELECT sum(DISTINCT quantity) AS sq, avg(DISTINCT quantity) AS aq, count(*) AS n FROM difftest.empty_orders;

-- name: sum_distinct_having_order
SELECT customer_id, sum(DISTINCT product_id) AS sp FROM difftest.orders WHERE customer_id < 100 GROUP BY customer_id HAVING sum(DISTINCT product_id) > 200 ORDER BY customer_id;

-- name: avg_distinct_float_and_min_distinct
SELECT status, avg(DISTINCT discount) AS ad, min(DISTINCT discount) AS md, max(DISTINCT quantity) AS mq FROM difftest.orders GROUP BY status;
