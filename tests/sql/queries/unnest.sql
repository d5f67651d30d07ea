-- unnest(list) in the select list and in FROM after a table: one row per element, the other columns repeated, NULL
-- elements kept as NULL rows, NULL and empty lists giving no row. DuckDB's select-list
-- unnest has the same semantics as PostgreSQL's. Several unnests in one select list (both run
-- them in lockstep, padding the shorter lists with NULLs) are refused by Warden.

-- name: unnest_text
SELECT id, unnest(tags) AS tag FROM difftest.tagged;

-- name: unnest_numbers_with_computed_columns
SELECT id * 10 AS k, unnest(nums) AS n, 'x' AS c FROM difftest.tagged;

-- name: unnest_where_on_other_columns
SELECT unnest(tags) AS tag FROM difftest.tagged WHERE id >= 5;

-- name: unnest_only_null_and_empty_lists
-- empty
SELECT id, unnest(tags) AS tag FROM difftest.tagged WHERE tags IS NULL OR id = 3;

-- name: unnest_order_by_element
-- ordered
SELECT id, unnest(tags) AS tag FROM difftest.tagged ORDER BY tag NULLS FIRST, id;

-- name: unnest_order_by_position_desc_limit
-- ordered
SELECT id, unnest(nums) AS n FROM difftest.tagged ORDER BY 2 DESC NULLS LAST, 1 LIMIT 4;

-- name: unnest_distinct
SELECT DISTINCT unnest(tags) AS tag FROM difftest.tagged;

-- name: unnest_then_group_by
SELECT tag, count(*) AS n, count(DISTINCT id) AS ids FROM (SELECT id, unnest(tags) AS tag FROM difftest.tagged) t GROUP BY tag;

-- name: unnest_count_without_reading_elements
SELECT count(*) AS n, count(id) AS ids FROM (SELECT id, unnest(tags) AS tag FROM difftest.tagged) t;

-- name: unnest_filter_on_elements_above
SELECT id, n FROM (SELECT id, unnest(nums) AS n FROM difftest.tagged) t WHERE n > 2;

-- name: unnest_join_after
SELECT t.id AS id, t.tag AS tag, c.s AS s FROM (SELECT id, unnest(tags) AS tag FROM difftest.tagged) t JOIN difftest.tiny c ON c.id = t.id;

-- name: unnest_in_cte_and_union_all
WITH e AS (SELECT id, unnest(nums) AS n FROM difftest.tagged) SELECT id, n FROM e WHERE n IS NULL UNION ALL SELECT id, n FROM e WHERE n < 0;

-- name: unnest_of_filtered_subquery
SELECT unnest(tags) AS tag FROM (SELECT tags FROM difftest.tagged WHERE 'red' = ANY(tags)) s;

-- name: unnest_in_from_list
SELECT t.id AS id, u.x AS x FROM difftest.tagged t, unnest(t.tags) AS u(x);

-- name: unnest_cross_join_lateral
SELECT id, x FROM difftest.tagged t CROSS JOIN LATERAL unnest(t.nums) AS u(x);

-- name: unnest_in_from_alias_names_the_column
SELECT id, u FROM difftest.tagged t, unnest(t.tags) AS u WHERE id > 4;

-- name: unnest_in_from_grouped_by_element
SELECT u.x AS tag, count(*) AS n FROM difftest.tagged t, unnest(t.tags) AS u(x) WHERE t.id <> 8 GROUP BY u.x;

-- name: unnest_in_from_twice
SELECT t.id AS id, a.x AS x, b.y AS y FROM difftest.tagged t, unnest(t.nums) a(x), unnest(t.tags) b(y);

-- name: unnest_in_from_then_join
SELECT u.x AS n, c.s AS s FROM difftest.tagged t CROSS JOIN unnest(t.nums) AS u(x) JOIN difftest.tiny c ON c.id = u.x;
