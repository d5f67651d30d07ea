-- NaN, +/-Infinity and -0.0 with PostgreSQL's semantics (which DuckDB shares): NaN equals NaN
-- and sorts above every other value, -0.0 equals 0.0.

-- name: select_all
SELECT id, x FROM difftest.special_floats;

-- name: greater_than_zero_includes_nan
SELECT id FROM difftest.special_floats WHERE x > 0;

-- name: equals_nan
SELECT id FROM difftest.special_floats WHERE x = CAST('NaN' AS double precision);

-- name: equals_zero_includes_negative_zero
SELECT id FROM difftest.special_floats WHERE x = 0;

-- name: infinity_literal
SELECT id FROM difftest.special_floats WHERE x = CAST('Infinity' AS double precision) OR x = CAST('-Infinity' AS double precision);

-- name: order_nan_last
-- ordered
SELECT id, x FROM difftest.special_floats ORDER BY x, id;

-- name: order_desc_nulls_then_nan
-- ordered
SELECT id, x FROM difftest.special_floats ORDER BY x DESC, id;

-- name: group_by_nan
SELECT x, count(*) AS n FROM difftest.special_floats WHERE x <> 0 OR x IS NULL GROUP BY x;

-- name: arithmetic_on_specials
SELECT id, x + 1 AS plus, x * 0 AS times_zero, -x AS negated FROM difftest.special_floats;

-- name: join_on_nan
SELECT a.id AS left_id, b.id AS right_id FROM difftest.special_floats a JOIN difftest.special_floats b ON a.x = b.x;

-- name: nan_range_comparisons
SELECT id, x < CAST('NaN' AS double precision) AS lt_nan, x >= CAST('NaN' AS double precision) AS ge_nan,
       x <= 1 AS le_one, x <> CAST('NaN' AS double precision) AS ne_nan FROM difftest.special_floats;

-- name: nan_between_columns
SELECT a.id AS left_id, b.id AS right_id FROM difftest.special_floats a JOIN difftest.special_floats b
  ON a.x > b.x WHERE a.id <> b.id;

-- name: max_min_with_nan_per_group
SELECT x > 0 AS positive, max(x) AS hi, min(x) AS lo FROM difftest.special_floats GROUP BY x > 0;

-- name: group_by_negative_zero
SELECT x, count(*) AS n FROM difftest.special_floats WHERE x = 0 GROUP BY x;

-- name: nan_is_distinct_from
SELECT a.id AS left_id, b.id AS right_id FROM difftest.special_floats a, difftest.special_floats b
  WHERE a.x IS NOT DISTINCT FROM b.x;
