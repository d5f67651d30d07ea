import duckdb, pytest, traceback

QUERIES = [
 "SELECT count(*) AS n FROM {db}.customers",
 "SELECT country, count(*) AS n, sum(id) AS s FROM {db}.customers GROUP BY country ORDER BY country",
 "SELECT c.country, count(*) AS n, avg(t.amount) AS a FROM {db}.transactions t JOIN {db}.customers c ON t.customer_id = c.id GROUP BY c.country ORDER BY n DESC, c.country LIMIT 5",
 "SELECT id, upper(name) AS u, id * 2 + 1 AS x FROM {db}.customers WHERE id < 5 ORDER BY id",
 "SELECT DISTINCT country FROM {db}.customers ORDER BY 1",
 "SELECT id FROM {db}.customers ORDER BY id DESC LIMIT 3 OFFSET 2",
 "WITH big AS (SELECT * FROM {db}.transactions WHERE amount > 90) SELECT count(*) AS n FROM big",
 "SELECT id FROM {db}.customers WHERE id < 3 UNION ALL SELECT id FROM {db}.customers WHERE id < 2",
 "SELECT id FROM {db}.customers WHERE id < 3 UNION SELECT id FROM {db}.customers WHERE id < 2",
 "SELECT CASE WHEN id % 2 = 0 THEN 'even' ELSE 'odd' END AS parity, count(*) AS n FROM {db}.customers GROUP BY 1 ORDER BY 1",
 "SELECT s.c, s.n FROM (SELECT country AS c, count(*) AS n FROM {db}.customers GROUP BY country) s WHERE s.n > 10 ORDER BY s.c",
 "SELECT count(DISTINCT country) AS d, min(id) AS mi, max(id) AS ma, stddev(id) AS sd FROM {db}.customers",
 "SELECT c.id, t.id AS tid FROM {db}.customers c LEFT JOIN {db}.transactions t ON t.customer_id = c.id AND t.amount > 99 WHERE c.id < 20 ORDER BY 1, 2",
 "SELECT count(*) AS n FROM {db}.customers a CROSS JOIN {db}.customers_one b WHERE a.id < 3",
 "SELECT country, count(*) AS n FROM {db}.customers GROUP BY country HAVING count(*) > 50 ORDER BY n",
 "SELECT 1 + 2 AS three, 'x' || 'y' AS xy",
 "SELECT id, coalesce(NULL, name) AS n, substr(name, 2, 3) AS s, length(name) AS l FROM {db}.customers ORDER BY id LIMIT 4",
]

def test_scratch(admin, sales_db, sample_data):
    con = duckdb.connect()
    con.sql(f"CREATE SCHEMA {sales_db}")
    con.sql(f"CREATE VIEW {sales_db}.customers AS SELECT * FROM read_parquet('{sample_data.customers_dir}/*.parquet')")
    con.sql(f"CREATE VIEW {sales_db}.transactions AS SELECT * FROM read_parquet('{sample_data.transactions_dir}/*.parquet')")
    con.sql(f"CREATE VIEW {sales_db}.customers_one AS SELECT * FROM read_parquet('{sample_data.single_file}')")
    fails = []
    for q in QUERIES:
        sql = q.format(db=sales_db)
        try:
            w = admin.query(sql).to_pylist()
        except Exception as e:
            fails.append((sql, "ERROR " + str(e)[:300])); continue
        d = con.sql(sql).to_arrow_table().to_pylist()
        norm = lambda rows: sorted([tuple(round(v, 6) if isinstance(v, float) else (float(v) if hasattr(v, 'as_tuple') else v) for v in r.values()) for r in rows], key=repr)
        if norm(w) != norm(d):
            fails.append((sql, f"warden={w[:5]} duck={d[:5]}"))
    for f in fails: print("\nFAIL", f)
    assert not fails
