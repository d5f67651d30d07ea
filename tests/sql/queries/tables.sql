-- Table shapes: an empty file, 200 small files, a Hive-partitioned folder (region=XX/, the
-- partition column comes last), CSV and JSON-lines files.

-- name: empty_select_star
-- empty
SELECT * FROM difftest.empty_orders;

-- name: empty_filter
-- empty
SELECT order_id, status FROM difftest.empty_orders WHERE quantity > 1;

-- name: empty_global_aggregates
SELECT count(*) AS n, count(note) AS notes, sum(quantity) AS q, avg(unit_price) AS p, max(ordered_at) AS t FROM difftest.empty_orders;

-- name: empty_group_by
-- empty
SELECT status, count(*) AS n FROM difftest.empty_orders GROUP BY status;

-- name: empty_distinct
-- empty
SELECT DISTINCT status FROM difftest.empty_orders;

-- name: empty_right_join_keeps_other_side
SELECT e.order_id, p.product_id
FROM difftest.empty_orders e RIGHT JOIN difftest.products p ON e.product_id = p.product_id;

-- name: empty_full_join
SELECT e.order_id, t.id FROM difftest.empty_orders e FULL JOIN difftest.tiny t ON e.order_id = t.id;

-- name: empty_cross_join
-- empty
SELECT e.order_id, t.id FROM difftest.empty_orders e CROSS JOIN difftest.tiny t;

-- name: many_files_count
SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, min(event_id) AS lo, max(event_id) AS hi FROM difftest.events;

-- name: many_files_select_star
SELECT * FROM difftest.events;

-- name: many_files_filter
SELECT event_id, kind, value FROM difftest.events WHERE kind = 'purchase' AND value > 60;

-- name: many_files_filter_one_file
SELECT event_id, event_time FROM difftest.events WHERE event_time >= TIMESTAMP WITH TIME ZONE '2025-05-01 00:00:00+00' AND event_time < TIMESTAMP WITH TIME ZONE '2025-05-02 00:00:00+00';

-- name: many_files_group_by
SELECT kind, count(*) AS n, sum(value) AS total, avg(value) AS mean FROM difftest.events GROUP BY kind;

-- name: many_files_group_by_day
SELECT CAST(event_time AS date) AS day, count(*) AS n FROM difftest.events GROUP BY CAST(event_time AS date);

-- name: many_files_limit_ordered
-- ordered
SELECT event_id, customer_id FROM difftest.events ORDER BY event_id DESC LIMIT 7;

-- name: many_files_distinct
SELECT DISTINCT kind FROM difftest.events;

-- name: partitioned_select_star
SELECT * FROM difftest.sales_part;

-- name: partitioned_filter_eq
SELECT sale_id, amount, region FROM difftest.sales_part WHERE region = 'EU';

-- name: partitioned_filter_in
SELECT sale_id, region FROM difftest.sales_part WHERE region IN ('US', 'APAC') AND amount > 1990;

-- name: partitioned_filter_ne
SELECT count(*) AS n FROM difftest.sales_part WHERE region <> 'APAC';

-- name: partitioned_filter_like
SELECT sale_id FROM difftest.sales_part WHERE region LIKE 'A%' AND channel = 'phone';

-- name: partitioned_filter_nothing
-- empty
SELECT sale_id FROM difftest.sales_part WHERE region = 'MARS';

-- name: partitioned_filter_or_data
SELECT sale_id, region FROM difftest.sales_part WHERE region = 'US' OR amount < 5;

-- name: partitioned_group_by_region
SELECT region, count(*) AS n, sum(amount) AS total, count(DISTINCT product_id) AS products FROM difftest.sales_part GROUP BY region;

-- name: partitioned_project_region_only
SELECT DISTINCT region FROM difftest.sales_part;

-- name: partitioned_region_in_expression
SELECT sale_id, lower(region) || '-' || CAST(sale_id AS text) AS code FROM difftest.sales_part WHERE sale_id <= 20 OR sale_id > 2990;

-- name: partitioned_join_by_region
SELECT s.region, p.category, count(*) AS n
FROM difftest.sales_part s JOIN difftest.products p ON s.product_id = p.product_id
WHERE s.region IN ('EU', 'US') GROUP BY s.region, p.category;

-- name: partitioned_date_filter
SELECT region, count(*) AS n FROM difftest.sales_part WHERE sold_on >= DATE '2024-12-01' GROUP BY region;

-- name: csv_select_star
SELECT * FROM difftest.customers_csv;

-- name: csv_filter_types
SELECT customer_id, name, score FROM difftest.customers_csv WHERE score > 90 AND is_active AND age < 50;

-- name: csv_nulls
SELECT count(*) AS n, count(signup_date) AS dates, count(score) AS scores, count(age) AS ages, count(is_active) AS flags FROM difftest.customers_csv;

-- name: csv_unicode_filter
SELECT customer_id, name FROM difftest.customers_csv WHERE name LIKE '%ö%' OR name LIKE '李%';

-- name: csv_group_by
SELECT country, count(*) AS n, avg(score) AS mean, max(signup_date) AS latest FROM difftest.customers_csv GROUP BY country;

-- name: csv_join_parquet
SELECT k.country, count(*) AS n
FROM difftest.customers_csv k JOIN difftest.orders o ON o.customer_id = k.customer_id
WHERE o.order_id <= 20000 GROUP BY k.country;

-- name: json_select_star
SELECT * FROM difftest.products_json;

-- name: json_filter
SELECT product_id, name, price FROM difftest.products_json WHERE price > 500 AND in_stock;

-- name: json_nulls
SELECT product_id FROM difftest.products_json WHERE category IS NULL OR weight_kg IS NULL;

-- name: json_group_by
SELECT category, count(*) AS n, sum(price) AS total, max(weight_kg) AS heaviest FROM difftest.products_json GROUP BY category;

-- name: json_matches_parquet
SELECT count(*) AS matched FROM difftest.products_json j JOIN difftest.products p
  ON j.product_id = p.product_id AND j.name = p.name AND CAST(j.price AS numeric(12, 2)) = p.price
  AND j.category IS NOT DISTINCT FROM p.category;
