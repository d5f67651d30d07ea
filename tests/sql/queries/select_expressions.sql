-- Select lists with expressions, aliases and literals. PostgreSQL and DuckDB name unaliased
-- expressions differently, so every expression carries an alias.

-- name: arithmetic_int
SELECT order_id, quantity + 1 AS q1, quantity - 3 AS q2, quantity * 2 AS q3 FROM difftest.orders WHERE order_id < 2000;

-- name: arithmetic_decimal
SELECT order_id, unit_price * quantity AS total, unit_price - 1.5 AS cheaper FROM difftest.orders WHERE order_id < 2000;

-- name: arithmetic_double
SELECT customer_id, score * 1.5 + 2 AS scaled, -score AS negated FROM difftest.customers WHERE customer_id < 300;

-- name: division_double
SELECT order_id, unit_price / 3 AS third, discount / 2 AS half FROM difftest.orders WHERE order_id < 2000;

-- name: division_cast_int
SELECT order_id, CAST(quantity AS double precision) / 4 AS quarter FROM difftest.orders WHERE order_id < 2000;

-- name: division_by_nullif
SELECT id, 10.0 / NULLIF(f64, 0) AS inverse FROM difftest.tiny;

-- name: mixed_decimal_double
SELECT id, num + f64 AS mixed FROM difftest.tiny;

-- name: unary_minus_and_parentheses
SELECT id, -(i64 - 2) * 3 AS v FROM difftest.tiny WHERE abs(i64) < 1000;

-- name: literals
SELECT id, 1 AS one, 'x' AS letter, TRUE AS yes, NULL AS nothing, 2.5 AS half FROM difftest.tiny;

-- name: literal_only_columns
SELECT 42 AS answer, 'héllo' AS greeting FROM difftest.tiny WHERE id = 1;

-- name: column_and_expression_same_source
SELECT product_id, price, price * 2 AS double_price FROM difftest.products;

-- name: expression_with_where_on_other_column
SELECT customer_id * 10 AS cid10 FROM difftest.customers WHERE country = 'BR';

-- name: boolean_expressions_in_select
SELECT id, i64 > 0 AS positive, b AND i64 > 0 AS both_true, NOT b AS negated, b OR NULL AS or_null FROM difftest.tiny;

-- name: comparison_results
SELECT id, s = 'x' AS is_x, f64 >= 2 AS big, dt < DATE '2024-01-02' AS early FROM difftest.tiny;

-- name: is_null_in_select
SELECT customer_id, email IS NULL AS no_email, age IS NOT NULL AS has_age FROM difftest.customers WHERE customer_id < 200;

-- name: alias_case_insensitive
SELECT customer_id AS ID, name AS Name FROM difftest.customers WHERE customer_id < 50;

-- name: quoted_alias
SELECT customer_id AS "cust_id", country AS "land" FROM difftest.customers WHERE customer_id < 50;

-- name: alias_without_as
SELECT order_id oid, status st FROM difftest.orders WHERE order_id < 500;

-- name: big_integers
SELECT id, i64, i64 + 1 AS plus_one FROM difftest.tiny WHERE abs(i64) < 9000000000000000000;

-- name: int_widening
SELECT CAST(product_id AS bigint) + 2147483647 AS widened FROM difftest.products WHERE product_id < 5;

-- name: many_columns_expression_mix
SELECT o.order_id, o.quantity * o.unit_price AS gross,
       o.quantity * o.unit_price * (1 - coalesce(o.discount, 0)) AS net,
       o.status, o.ordered_at
FROM difftest.orders o WHERE o.order_id BETWEEN 1000 AND 3000;
