-- Math functions. round() is applied to decimals (PostgreSQL has no round(double, n), and rounds
-- ties of doubles to even where DuckDB rounds them away from zero).

-- name: abs_values
SELECT id, abs(i64) AS ai, abs(f64) AS af, abs(num) AS an FROM difftest.tiny WHERE i64 > -9000000000000000000 OR i64 IS NULL;

-- name: round_decimal_places
SELECT id, round(num, 1) AS r1, round(num, 0) AS r0, round(num) AS r FROM difftest.tiny;

-- name: round_decimal_negative_places
SELECT product_id, round(price, -1) AS tens FROM difftest.products;

-- name: round_double_via_decimal
SELECT customer_id, round(CAST(score AS numeric(12, 4)), 2) AS s FROM difftest.customers WHERE customer_id < 400;

-- name: round_computed_decimal
SELECT order_id, round(unit_price * quantity * 0.19, 2) AS vat FROM difftest.orders WHERE order_id < 2000;

-- name: ceil_floor_double
SELECT customer_id, ceil(score) AS c, floor(score) AS f FROM difftest.customers WHERE customer_id < 400;

-- name: ceil_floor_decimal
SELECT id, ceil(num) AS c, floor(num) AS f, ceiling(num) AS c2 FROM difftest.tiny;

-- name: sqrt_values
SELECT product_id, sqrt(weight_kg) AS s FROM difftest.products;

-- name: sqrt_of_abs
SELECT id, sqrt(abs(f64)) AS s FROM difftest.tiny;

-- name: power_values
SELECT id, power(f64, 2) AS sq, power(2, id) AS p2 FROM difftest.tiny;

-- name: power_fractional
SELECT product_id, power(weight_kg, 0.5) AS root FROM difftest.products;

-- name: ln_exp
SELECT product_id, ln(weight_kg) AS l, exp(weight_kg / 10) AS e FROM difftest.products;

-- name: ln_exp_roundtrip
SELECT id, exp(ln(abs(f64))) AS back FROM difftest.tiny WHERE f64 <> 0;

-- name: mod_function
SELECT order_id, mod(quantity, 7) AS m FROM difftest.orders WHERE order_id < 2000;

-- name: mod_operator
SELECT order_id, order_id % 7 AS m, quantity % 3 AS q FROM difftest.orders WHERE order_id < 2000;

-- name: mod_negative
SELECT id, i64 % 4 AS m, mod(i64, -3) AS m2 FROM difftest.tiny;

-- name: mod_in_where
SELECT customer_id FROM difftest.customers WHERE customer_id % 97 = 0;

-- name: sign_values
SELECT id, sign(f64) AS sf, sign(i64) AS si, sign(num) AS sn FROM difftest.tiny;

-- name: trunc_like_via_cast
SELECT id, CAST(num AS bigint) AS n FROM difftest.tiny WHERE abs(num) < 1000;

-- name: arithmetic_precedence
SELECT id, 2 + 3 * i64 - 4 AS a, (2 + 3) * i64 AS b FROM difftest.tiny WHERE abs(i64) < 1000;

-- name: decimal_arithmetic_exact
SELECT id, num * 3 AS triple, num + num AS twice, num - 0.01 AS less FROM difftest.tiny;

-- name: decimal_division
SELECT product_id, price / 4 AS quarter FROM difftest.products;

-- name: double_special_math
SELECT customer_id, abs(score - 50) / 25 AS z FROM difftest.customers WHERE customer_id < 300;

-- name: math_in_where
SELECT product_id FROM difftest.products WHERE sqrt(weight_kg) > 5 OR ln(price) < 1;

-- name: greatest_least
SELECT id, greatest(f64, 0) AS g, least(i64, 10) AS l FROM difftest.tiny;

-- name: math_on_csv
SELECT customer_id, abs(score) AS a, floor(score) AS f FROM difftest.customers_csv WHERE customer_id < 100;

-- name: math_on_events
SELECT event_id, round(CAST(value AS numeric(12, 2)), 1) AS v, sqrt(value) AS s FROM difftest.events WHERE event_id <= 300;
