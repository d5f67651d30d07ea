-- value = ANY(list) over list columns: matches, no match, NULL elements, empty lists.
-- A NULL list gives NULL in PostgreSQL (and Warden) but false in DuckDB, so the queries
-- that would show the difference leave NULL lists out; exec/sql_functions_test.cc covers them.

-- name: any_equal_text_in_where
SELECT id FROM difftest.tagged WHERE 'red' = ANY(tags);

-- name: any_equal_three_valued_result
SELECT id, 'red' = ANY(tags) AS has_red, 'blue' = ANY(tags) AS has_blue FROM difftest.tagged WHERE tags IS NOT NULL;

-- name: any_equal_not_any
SELECT id FROM difftest.tagged WHERE NOT ('red' = ANY(tags)) AND tags IS NOT NULL;

-- name: any_equal_is_null
SELECT id FROM difftest.tagged WHERE ('blue' = ANY(tags)) IS NULL AND tags IS NOT NULL;

-- name: any_equal_unicode_and_case
SELECT id FROM difftest.tagged WHERE '红' = ANY(tags) OR '😀' = ANY(tags) OR 'RED' = ANY(tags);

-- name: any_equal_numbers
SELECT id, 3 = ANY(nums) AS has_3, 9007199254740993 = ANY(nums) AS has_big FROM difftest.tagged WHERE nums IS NOT NULL;

-- name: any_equal_column_value
SELECT id FROM difftest.tagged WHERE id = ANY(nums);

-- name: any_equal_null_value
-- empty
SELECT id FROM difftest.tagged WHERE CAST(NULL AS VARCHAR) = ANY(tags);

-- name: any_equal_in_subquery_then_join
SELECT t.id AS tagged_id, c.s AS s FROM (SELECT id, 'blue' = ANY(tags) AS blue FROM difftest.tagged) t JOIN difftest.tiny c ON c.id = t.id WHERE t.blue;
