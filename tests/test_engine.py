"""The query engine end to end (DESIGN §2, §5): EXPLAIN, the per-query memory limit, and a
multi-table query whose plan runs as one task. Row-level correctness of SQL is the
differential suite's job (tests/sql/)."""

import pytest

from flight_sql import raises_warden


def plan_text(client, sql: str) -> str:
    return "\n".join(client.query("EXPLAIN " + sql).column("plan").to_pylist())


def test_explain_shows_pushdown_pruning_and_tasks(admin, deployment, sales_db):
    text = plan_text(admin, f"SELECT id, amount FROM {sales_db}.transactions WHERE amount > 99")
    assert f"Scan {sales_db}.transactions [parquet] columns=[id, amount]" in text
    # amount is a double: NaN is greater than 99 in PostgreSQL, and Parquet statistics
    # leave NaN out of min/max, so a row group whose max is below 99 may still match:
    # the predicate is not pushed into the scan (it could not prune a thing).
    assert "pushed=none" in text
    text = plan_text(admin, f"SELECT id, amount FROM {sales_db}.transactions WHERE amount < 99")
    assert "pushed=(amount < 99)" in text
    assert "files=4/4" in text and "row_groups=" in text
    assert "files packed by size or cut into row-group ranges" in text
    assert "  task 1: file://" in text


def test_explain_of_a_join_runs_as_one_task(admin, deployment, sales_db):
    text = plan_text(admin, f"SELECT c.country, count(*) AS n FROM {sales_db}.transactions t "
                            f"JOIN {sales_db}.customers c ON t.customer_id = c.id "
                            f"WHERE c.id < 10 GROUP BY c.country ORDER BY n DESC")
    lines = text.splitlines()
    assert lines[0].startswith("Sort") or lines[0].startswith("Project")
    assert any("Inner HashJoin on customer_id = id" in line for line in lines)
    # The filter on one side moved below the join and into that side's scan.
    assert "pushed=(id < 10)" in text
    assert lines[-1].startswith("Tasks: one,")
    # The same query answers, as one task.
    info = admin.flight_info(f"SELECT c.country, count(*) AS n FROM {sales_db}.transactions t "
                             f"JOIN {sales_db}.customers c ON t.customer_id = c.id "
                             f"WHERE c.id < 10 GROUP BY c.country")
    assert len(info.endpoints) == 1


def test_explain_names_unsupported_and_missing_things(admin, deployment, sales_db):
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.query(f"EXPLAIN SELECT * FROM {sales_db}.nope")
    with raises_warden("WARDEN-SQL-UNSUPPORTED"):
        admin.query(f"EXPLAIN SELECT id FROM {sales_db}.customers INTERSECT "
                    f"SELECT id FROM {sales_db}.customers")


@pytest.fixture(scope="module")
def small_memory(launcher, sample_data):
    """A deployment whose queries may use 16 MiB each."""
    dep = launcher.deployment("split", extra_args=["--query-memory-mb", "16"])
    client = dep.admin()
    client.execute("CREATE DATABASE m")
    client.execute(f"CREATE EXTERNAL TABLE m.customers STORED AS PARQUET "
                   f"LOCATION '{sample_data.uri(sample_data.customers_dir)}'")
    client.execute(f"CREATE EXTERNAL TABLE m.transactions STORED AS PARQUET "
                   f"LOCATION '{sample_data.uri(sample_data.transactions_dir)}'")
    return dep, client


def test_a_query_over_its_memory_limit_fails_cleanly(small_memory):
    dep, client = small_memory
    # 2.5 million joined rows, all held for the sort: far more than 16 MiB.
    with raises_warden("WARDEN-QUERY-MEMORY-LIMIT"):
        client.query("SELECT t.id, c.name, c.email FROM m.transactions t CROSS JOIN m.customers c "
                     "ORDER BY c.name, t.id")
    # The worker survived and small queries still run under the same limit.
    assert client.query("SELECT count(*) AS n FROM m.customers").column("n").to_pylist() == [500]
    assert dep.all_running()


@pytest.fixture
def one_big_file(admin, tmp_path, unique_name):
    """A table over one Parquet file of 12 row groups (120,000 rows)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 120_000
    table = pa.table({"id": pa.array(range(n), pa.int64()),
                      "x": pa.array([i * 0.5 for i in range(n)], pa.float64()),
                      "s": pa.array([f"s{i % 97}" for i in range(n)], pa.string())})
    path = tmp_path / "one" / "big.parquet"
    path.parent.mkdir()
    pq.write_table(table, path, row_group_size=10_000)
    assert pq.ParquetFile(path).num_row_groups == 12
    db = unique_name("big")
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                  f"LOCATION 'file://{path.parent.resolve()}'")
    yield db, table
    admin.execute(f"DROP DATABASE {db} CASCADE")


def test_one_parquet_file_splits_into_row_group_ranges(admin, one_big_file):
    db, table = one_big_file
    info = admin.flight_info(f"SELECT id, x, s FROM {db}.t")
    assert len(info.endpoints) > 1
    result = admin.fetch(info).sort_by("id")
    assert result.equals(table)
    # A filter still prunes row groups inside each range, and rows stay exact.
    info = admin.flight_info(f"SELECT id, s FROM {db}.t WHERE id >= 55000 AND id < 65000")
    assert len(info.endpoints) > 1
    result = admin.fetch(info).sort_by("id")
    assert result.column("id").to_pylist() == list(range(55000, 65000))
    assert result.column("s").to_pylist() == table.column("s").to_pylist()[55000:65000]
    text = plan_text(admin, f"SELECT id FROM {db}.t")
    assert f"Tasks: {len(info.endpoints)}, files packed by size" in text
    assert "row groups 0.." in text


@pytest.fixture
def many_small_files(admin, tmp_path, unique_name):
    """A table over 300 small Parquet files (some empty), ten rows each."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "many"
    folder.mkdir()
    tables = []
    for i in range(300):
        rows = 0 if i % 50 == 7 else 10
        table = pa.table({"id": pa.array(range(i * 10, i * 10 + rows), pa.int64()),
                          "v": pa.array([float(j) for j in range(rows)], pa.float64())})
        pq.write_table(table, folder / f"part-{i:04d}.parquet")
        tables.append(table)
    db = unique_name("many")
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                  f"LOCATION 'file://{folder.resolve()}'")
    yield db, pa.concat_tables(tables)
    admin.execute(f"DROP DATABASE {db} CASCADE")


def test_many_small_files_are_packed_into_few_tasks(admin, many_small_files):
    db, table = many_small_files
    info = admin.flight_info(f"SELECT id, v FROM {db}.t")
    # Packed by bytes into a few tasks per worker, not one task per file.
    assert 1 < len(info.endpoints) < 300
    assert sum(len(e.ticket.ticket) for e in info.endpoints) < 300 * 200
    assert admin.fetch(info).sort_by("id").equals(table)
    # Every file is read exactly once across the tasks, and a ticket run again yields the
    # same rows (what a client does when a worker dies mid-stream).
    first = admin.do_get(info.endpoints[0]).sort_by("id")
    assert 0 < first.num_rows < table.num_rows
    assert admin.do_get(info.endpoints[0]).sort_by("id").equals(first)
    filtered = admin.fetch(admin.flight_info(f"SELECT id FROM {db}.t WHERE v >= 8"))
    assert sorted(filtered.column("id").to_pylist()) == sorted(
        i for i, v in zip(table.column("id").to_pylist(), table.column("v").to_pylist())
        if v >= 8)
    text = plan_text(admin, f"SELECT id FROM {db}.t")
    assert f"Tasks: {len(info.endpoints)}, files packed by size" in text
    assert "more file(s)" in text


def test_a_limit_over_one_file_stays_one_task(admin, one_big_file):
    db, _ = one_big_file
    info = admin.flight_info(f"SELECT id FROM {db}.t LIMIT 5")
    assert len(info.endpoints) == 1
    assert admin.fetch(info).num_rows == 5


def _worker_logs(deployment) -> str:
    return "".join(p.stdout_path.read_text(errors="replace") for p in deployment.processes)


def test_client_cancellation_stops_the_workers_plan(admin, deployment, sales_db):
    """A query that would run for hours (a three-way cross join counted), cancelled by the
    client while the worker is still computing: the worker stops the plan."""
    import time

    from flight_sql import _location_uri

    info = admin.flight_info(
        f"SELECT count(*) AS n FROM {sales_db}.transactions a "
        f"CROSS JOIN {sales_db}.transactions b CROSS JOIN {sales_db}.customers c "
        f"WHERE a.amount + b.amount + c.id > -1")
    assert len(info.endpoints) == 1
    endpoint = info.endpoints[0]
    client = admin._client_for(_location_uri(endpoint.locations[0])) \
        if endpoint.locations else admin.client
    def started() -> set[str]:
        return {line.split("task of query ")[1].split()[0]
                for line in _worker_logs(deployment).splitlines()
                if "task of query" in line and line.endswith("started")}

    before = started()
    reader = client.do_get(endpoint.ticket, admin.options)
    query_id = None
    deadline = time.monotonic() + 30
    while query_id is None and time.monotonic() < deadline:
        new = started() - before
        query_id = next(iter(new), None)
        time.sleep(0.2)
    assert query_id is not None
    time.sleep(1.0)  # the plan is busy joining
    reader.cancel()
    # Generous bound: the worker notices within ~50 ms and the plan stops at its next
    # allocation; this only guards against a plan that never stops.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        logs = _worker_logs(deployment)
        if f"task of query {query_id} stopped; 0 plan(s) still running" in logs:
            break
        time.sleep(0.2)
    logs = _worker_logs(deployment)
    assert f"task of query {query_id} cancelled by the client" in logs
    assert f"task of query {query_id} stopped; 0 plan(s) still running" in logs
    # The worker still answers.
    assert admin.query(f"SELECT count(*) AS n FROM {sales_db}.customers").column("n")[0].as_py() == 500


def test_a_large_file_and_small_files_are_each_read_once(admin, tmp_path, unique_name):
    """Row-group ranges of a large file and whole small files share tasks: every row is
    read exactly once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "mixed"
    folder.mkdir()
    n = 120_000
    big = pa.table({"id": pa.array(range(n), pa.int64())})
    pq.write_table(big, folder / "a-big.parquet", row_group_size=10_000)
    for i in range(3):
        small = pa.table({"id": pa.array(range(n + i * 10, n + i * 10 + 10), pa.int64())})
        pq.write_table(small, folder / f"b-small-{i}.parquet")
    db = unique_name("mixed")
    admin.execute(f"CREATE DATABASE {db}")
    try:
        admin.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                      f"LOCATION 'file://{folder.resolve()}'")
        info = admin.flight_info(f"SELECT id FROM {db}.t")
        assert len(info.endpoints) > 1
        ids = admin.fetch(info).column("id").to_pylist()
        assert sorted(ids) == list(range(n + 30))
        assert "row groups" in plan_text(admin, f"SELECT id FROM {db}.t")
    finally:
        admin.execute(f"DROP DATABASE {db} CASCADE")


def test_a_transform_that_every_grant_shares_is_computed_once(admin, deployment, sales_db,
                                                              unique_name):
    """Two grants under different row filters that mask a column alike give the cell one
    expression (no CASE computing mask_ccn once per grant), and every row is masked."""
    import re

    from test_policy_suite import make_token

    user, roles = unique_name("user"), [unique_name("role"), unique_name("role")]
    for role, currency in zip(roles, ("EUR", "USD")):
        admin.execute(f"CREATE ROLE {role}")
        admin.execute(f"GRANT SELECT (id, currency, card_number) ON TABLE {sales_db}.transactions "
                      f"WHERE currency = '{currency}' TRANSFORM card_number WITH mask_ccn() "
                      f"TO ROLE {role}")
        admin.execute(f"GRANT ROLE {role} TO USER {user}")
    secret_file = deployment.token_secret_file or deployment.workdir / "warden-data" / "token.key"
    sql = f"SELECT id, currency, card_number FROM {sales_db}.transactions"
    with deployment.connect() as client:
        client.set_bearer(make_token(bytes.fromhex(secret_file.read_text().strip()), user))
        plan = plan_text(client, sql)
        assert "warden_mask_ccn(card_number)" in plan and "case_when" not in plan, plan
        rows = client.query(sql).to_pylist()
    expected = admin.query(f"{sql} WHERE currency IN ('EUR', 'USD')").num_rows
    assert len(rows) == expected > 0
    assert {row["currency"] for row in rows} == {"EUR", "USD"}
    assert all(re.fullmatch(r"[X -]*\d{4}", row["card_number"]) for row in rows), rows[:3]
