-- String functions over unicode data (accents, CJK, emoji, empty strings, padding spaces).
-- Lengths and positions count characters (code points), not bytes.

-- name: lower_upper_unicode
SELECT customer_id, lower(name) AS lo, upper(name) AS up FROM difftest.customers WHERE customer_id < 400;

-- name: lower_upper_tiny
SELECT id, lower(s) AS lo, upper(s) AS up FROM difftest.tiny;

-- name: length_chars
SELECT id, length(s) AS len, char_length(s) AS clen FROM difftest.tiny;

-- name: length_product_names
SELECT product_id, length(name) AS len FROM difftest.products;

-- name: substr_from_for
SELECT id, substr(s, 2, 3) AS mid FROM difftest.tiny;

-- name: substr_from_only
SELECT id, substr(s, 3) AS tail FROM difftest.tiny;

-- name: substring_sql_syntax
SELECT customer_id, substring(name FROM 1 FOR 4) AS head FROM difftest.customers WHERE customer_id < 300;

-- name: substring_past_end
SELECT id, substring(s FROM 20 FOR 5) AS nothing_left FROM difftest.tiny;

-- name: trim_spaces
SELECT order_id, trim(note) AS t, length(trim(note)) AS n FROM difftest.orders WHERE order_id < 1500;

-- name: ltrim_rtrim
SELECT id, ltrim(s) AS l, rtrim(s) AS r, '[' || trim(s) || ']' AS bracketed FROM difftest.tiny;

-- name: trim_characters
SELECT product_id, trim(BOTH 'L' FROM name) AS t, ltrim(name, 'BCDKLMPRT') AS l FROM difftest.products;

-- name: rtrim_characters
SELECT id, rtrim(s, 'e ') AS r FROM difftest.tiny;

-- name: replace_basic
SELECT customer_id, replace(email, 'example', 'EXAMPLE') AS e FROM difftest.customers WHERE customer_id < 300;

-- name: replace_unicode
SELECT id, replace(s, 'é', 'e') AS ascii_e, replace(s, ' ', '') AS no_spaces FROM difftest.tiny;

-- name: replace_with_empty_pattern_result
SELECT id, replace(s, 'x', '') AS r FROM difftest.tiny;

-- name: concat_function_skips_nulls
SELECT id, concat(s, '|', i64, '|', num) AS c FROM difftest.tiny;

-- name: concat_operator_propagates_null
SELECT id, s || '-' || CAST(id AS text) AS c FROM difftest.tiny;

-- name: concat_operator_with_int
SELECT customer_id, country || customer_id AS code FROM difftest.customers WHERE customer_id < 200;

-- name: concat_many_columns
SELECT customer_id, concat(name, ' <', email, '> ', city) AS contact FROM difftest.customers WHERE customer_id < 300;

-- name: left_right
SELECT id, left(s, 2) AS l, right(s, 2) AS r FROM difftest.tiny;

-- name: left_right_names
SELECT customer_id, left(name, 1) AS initial, right(email, 3) AS tld FROM difftest.customers WHERE customer_id < 400;

-- name: strpos_basic
SELECT customer_id, strpos(email, '@') AS at_pos FROM difftest.customers WHERE customer_id < 300;

-- name: strpos_unicode
SELECT id, strpos(s, 'é') AS p, strpos(s, 'タ') AS q FROM difftest.tiny;

-- name: position_syntax
SELECT product_id, position(' ' IN name) AS first_space FROM difftest.products;

-- name: strpos_not_found
SELECT id, strpos(s, 'zzz') AS p FROM difftest.tiny;

-- name: starts_with_basic
SELECT customer_id FROM difftest.customers WHERE starts_with(email, 'user1');

-- name: starts_with_select
SELECT id, starts_with(s, 'a') AS sa, starts_with(s, '') AS empty_prefix FROM difftest.tiny;

-- name: lpad_rpad
SELECT product_id, lpad(CAST(product_id AS text), 6, '0') AS padded, rpad(category, 12, '.') AS cat FROM difftest.products;

-- name: lpad_truncates
SELECT id, lpad(s, 3, '*') AS l, rpad(s, 3, '*') AS r FROM difftest.tiny;

-- name: lpad_multichar_fill
SELECT id, lpad(s, 8, 'ab') AS l, rpad(s, 8, 'äö') AS r FROM difftest.tiny;

-- name: reverse_unicode
SELECT id, reverse(s) AS r FROM difftest.tiny;

-- name: reverse_names
SELECT customer_id, reverse(name) AS r FROM difftest.customers WHERE customer_id < 200;

-- name: split_part_email
SELECT customer_id, split_part(email, '@', 2) AS domain FROM difftest.customers WHERE customer_id < 300;

-- name: repeat_string
SELECT id, repeat(s, 2) AS twice FROM difftest.tiny;

-- name: nested_string_functions
SELECT customer_id, upper(left(trim(name), 3)) || lower(right(name, 2)) AS code FROM difftest.customers WHERE customer_id < 500;

-- name: string_function_in_where
SELECT product_id, name FROM difftest.products WHERE length(name) > 10 AND strpos(name, 'a') > 0;

-- name: string_functions_on_csv
SELECT customer_id, upper(name) AS up, length(country) AS n FROM difftest.customers_csv WHERE customer_id < 200;

-- name: string_functions_on_json
SELECT product_id, lower(name) AS lo, coalesce(category, '?') AS cat FROM difftest.products_json;

-- name: repeat_negative_and_zero
SELECT id, repeat(s, 0) AS none, repeat(s, -1) AS negative, repeat('ab', 3) AS lit FROM difftest.tiny;

-- name: split_part_negative_and_out_of_range
SELECT id, split_part(s, ' ', 1) AS first, split_part(s, ' ', -1) AS last, split_part(s, ' ', 3) AS third, split_part(s, ' ', -5) AS far FROM difftest.tiny;

-- name: split_part_unicode_delimiter
SELECT id, split_part(s, 'ï', 1) AS a, split_part(s, 'タ', 2) AS b, split_part(s, '😀', -1) AS c, split_part(s, 'é c', 2) AS d FROM difftest.tiny;

-- name: split_part_null_arguments
SELECT id, split_part(s, NULL, 1) AS nd, split_part(NULL, ',', 1) AS ns, split_part(s, ',', NULL) AS nn FROM difftest.tiny;

-- name: split_part_columns_and_where
SELECT customer_id, split_part(split_part(email, '@', 2), '.', -1) AS tld FROM difftest.customers WHERE split_part(email, '@', 1) <> '' AND customer_id < 500;

-- name: lpad_rpad_truncate_and_unicode_fill
SELECT id, lpad(s, 3, '→·') AS l3, rpad(s, 12, '東京') AS r12, lpad(s, 0, 'x') AS l0, rpad(s, -2, 'x') AS rneg FROM difftest.tiny;

-- name: lpad_rpad_space_fill_and_nulls
SELECT id, lpad(s, 6, ' ') AS l, rpad(s, 6, ' ') AS r, lpad(s, NULL, 'x') AS ln, rpad(s, 4, NULL) AS rn FROM difftest.tiny;

-- name: lpad_column_length
SELECT id, lpad(CAST(id AS varchar), CAST(id AS integer), '0+') AS padded FROM difftest.tiny WHERE id IS NOT NULL;
