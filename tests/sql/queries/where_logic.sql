-- WHERE with SQL's three-valued logic: NULL in comparisons, AND/OR/NOT, IS [NOT] DISTINCT FROM.

-- name: null_comparison_drops_rows
SELECT id FROM difftest.tiny WHERE i64 > 0 OR i64 <= 0;

-- name: not_of_null_comparison
SELECT id FROM difftest.tiny WHERE NOT (i64 > 10);

-- name: and_with_unknown
SELECT id FROM difftest.tiny WHERE b AND f64 > 0;

-- name: or_with_unknown
SELECT id FROM difftest.tiny WHERE b OR f64 > 50;

-- name: not_and_unknown
SELECT id FROM difftest.tiny WHERE NOT (b AND i64 > 5);

-- name: not_or_unknown
SELECT id FROM difftest.tiny WHERE NOT (b OR i64 > 5);

-- name: is_true_of_unknown
SELECT id FROM difftest.tiny WHERE (i64 > 5) IS TRUE;

-- name: is_not_false_of_unknown
SELECT id FROM difftest.tiny WHERE (i64 > 5) IS NOT FALSE;

-- name: is_null_of_comparison
SELECT id FROM difftest.tiny WHERE (f64 < 1) IS NULL;

-- name: is_distinct_from
SELECT id FROM difftest.tiny WHERE b IS DISTINCT FROM TRUE;

-- name: is_not_distinct_from_null
SELECT id FROM difftest.tiny WHERE s IS NOT DISTINCT FROM NULL;

-- name: is_not_distinct_from_value
SELECT customer_id FROM difftest.customers WHERE segment IS NOT DISTINCT FROM 'smb' AND customer_id < 300;

-- name: is_distinct_columns
SELECT order_id FROM difftest.orders
WHERE customer_id IS DISTINCT FROM CAST(product_id AS bigint) AND order_id < 300;

-- name: equality_with_null_literal
-- empty
SELECT id FROM difftest.tiny WHERE i64 = NULL;

-- name: ne_with_null_literal
-- empty
SELECT id FROM difftest.tiny WHERE s <> NULL;

-- name: or_null_literal
SELECT id FROM difftest.tiny WHERE NULL OR id < 3;

-- name: and_true_literal
SELECT id FROM difftest.tiny WHERE TRUE AND id > 10;

-- name: nested_logic
SELECT customer_id FROM difftest.customers
WHERE (age > 60 AND (is_active OR score > 90)) OR (country = 'JP' AND NOT (segment = 'consumer' OR segment IS NULL));

-- name: de_morgan_left
SELECT customer_id FROM difftest.customers WHERE NOT (is_active OR age < 30) AND customer_id < 600;

-- name: de_morgan_right
SELECT customer_id FROM difftest.customers WHERE (NOT is_active AND NOT age < 30) AND customer_id < 600;

-- name: column_compare_column
SELECT order_id FROM difftest.orders WHERE customer_id < product_id AND order_id < 20000;

-- name: compare_mixed_numeric_types
SELECT order_id, quantity, discount FROM difftest.orders WHERE quantity > discount * 30 AND order_id < 3000;

-- name: compare_decimal_to_double
SELECT customer_id FROM difftest.customers WHERE credit_limit < score * 100;

-- name: where_on_every_type_null
SELECT id FROM difftest.tiny
WHERE i64 IS NULL OR f64 IS NULL OR num IS NULL OR s IS NULL OR b IS NULL OR dt IS NULL OR ts IS NULL;

-- name: where_on_every_type_not_null
SELECT id FROM difftest.tiny
WHERE i64 IS NOT NULL AND f64 IS NOT NULL AND num IS NOT NULL AND s IS NOT NULL
  AND b IS NOT NULL AND dt IS NOT NULL AND ts IS NOT NULL;

-- name: bool_equals_bool_column
SELECT order_id FROM difftest.orders WHERE is_gift = (quantity > 10) AND order_id < 2000;

-- name: string_ordering_comparison
SELECT customer_id, name FROM difftest.customers WHERE name > 'Ólafur' AND customer_id < 800;

-- name: string_range_unicode
SELECT customer_id, city FROM difftest.customers WHERE city >= 'Z' AND customer_id < 500;

-- name: is_distinct_from_in_select
SELECT id, s IS DISTINCT FROM 'a' AS d, i64 IS NOT DISTINCT FROM NULL AS nd, NULL IS DISTINCT FROM NULL AS nn FROM difftest.tiny;
