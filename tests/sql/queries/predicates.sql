-- IN / NOT IN (with and without NULL in the list), BETWEEN, LIKE / ILIKE.

-- name: in_with_null_in_list
SELECT id FROM difftest.tiny WHERE i64 IN (0, 42, NULL);

-- name: not_in_with_null_in_list
-- empty
SELECT id FROM difftest.tiny WHERE i64 NOT IN (0, 42, NULL);

-- name: not_in_without_null
SELECT id FROM difftest.tiny WHERE i64 NOT IN (0, 42);

-- name: in_on_null_column
SELECT customer_id FROM difftest.customers WHERE segment IN ('smb', 'enterprise') AND customer_id < 400;

-- name: not_in_on_null_column
SELECT customer_id FROM difftest.customers WHERE segment NOT IN ('smb', 'enterprise') AND customer_id < 400;

-- name: in_single_element
SELECT order_id FROM difftest.orders WHERE order_id IN (500);

-- name: in_unicode_strings
SELECT customer_id, city FROM difftest.customers WHERE city IN ('München', '北京', 'Reykjavík') AND customer_id < 300;

-- name: in_dates
SELECT id FROM difftest.tiny WHERE dt IN (DATE '2024-01-01', DATE '1970-01-01');

-- name: in_decimals
SELECT id FROM difftest.tiny WHERE num IN (0.01, 7.50, 100);

-- name: in_expression_value
SELECT order_id FROM difftest.orders WHERE quantity * 2 IN (2, 40) AND order_id < 3000;

-- name: in_select_list
SELECT id, s IN ('x', 'Zoë') AS known, i64 IN (7, NULL) AS maybe FROM difftest.tiny;

-- name: not_in_select_list
SELECT id, i64 NOT IN (3, 11) AS other FROM difftest.tiny;

-- name: between_ints_inclusive
SELECT id FROM difftest.tiny WHERE i64 BETWEEN 3 AND 12;

-- name: between_dates
SELECT order_id FROM difftest.orders WHERE ship_date BETWEEN DATE '2024-02-01' AND DATE '2024-02-03';

-- name: between_timestamps
SELECT id FROM difftest.tiny
WHERE ts BETWEEN TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00' AND TIMESTAMP WITH TIME ZONE '2024-12-31 23:59:59+00';

-- name: between_strings
SELECT customer_id, name FROM difftest.customers WHERE name BETWEEN 'A' AND 'B' AND customer_id < 500;

-- name: between_reversed_bounds
-- empty
SELECT id FROM difftest.tiny WHERE i64 BETWEEN 12 AND 3;

-- name: not_between_null
SELECT id FROM difftest.tiny WHERE f64 NOT BETWEEN -1 AND 1;

-- name: between_in_select
SELECT id, f64 BETWEEN 0 AND 3 AS in_range FROM difftest.tiny;

-- name: like_contains
SELECT order_id, note FROM difftest.orders WHERE note LIKE '%door%' AND order_id < 10000;

-- name: like_exact_no_wildcards
SELECT id FROM difftest.tiny WHERE s LIKE 'x';

-- name: like_only_percent
SELECT id FROM difftest.tiny WHERE s LIKE '%';

-- name: like_underscores_count_characters
SELECT id, s FROM difftest.tiny WHERE s LIKE '___';

-- name: like_underscore_multibyte
SELECT id, s FROM difftest.tiny WHERE s LIKE '_oë';

-- name: like_emoji
SELECT id FROM difftest.tiny WHERE s LIKE '😀%';

-- name: like_cjk_middle
SELECT product_id, name FROM difftest.products WHERE name LIKE '% 本';

-- name: like_escape
SELECT id, s FROM difftest.tiny WHERE s LIKE '%!%%' ESCAPE '!';

-- name: like_escape_underscore
SELECT id, s FROM difftest.tiny WHERE s LIKE 'a!_b%' ESCAPE '!';

-- name: like_case_sensitive
-- empty
SELECT id FROM difftest.tiny WHERE s LIKE 'mixed%';

-- name: ilike_ascii
SELECT id, s FROM difftest.tiny WHERE s ILIKE 'mixed%';

-- name: ilike_emails
SELECT customer_id, email FROM difftest.customers WHERE email ILIKE '%@mail.org' AND customer_id < 400;

-- name: not_ilike
SELECT customer_id FROM difftest.customers WHERE email NOT ILIKE '%EXAMPLE%';

-- name: like_on_null
SELECT id FROM difftest.tiny WHERE s NOT LIKE '%a%';

-- name: like_in_select
SELECT id, s LIKE '%a%' AS has_a, s ILIKE '%A%' AS has_a_any_case FROM difftest.tiny;

-- name: like_percent_and_underscore_mix
SELECT customer_id, name FROM difftest.customers WHERE name LIKE '_na %' AND customer_id < 1000;

-- name: like_escape_hash_and_backslash
SELECT id, s FROM difftest.tiny WHERE s LIKE '%#_%' ESCAPE '#' OR s LIKE '%\%' ESCAPE '';

-- name: not_like_escape
SELECT id, s FROM difftest.tiny WHERE s NOT LIKE 'a!%%' ESCAPE '!';
