"""Deployment shapes: split gives the same rows as serve; workers fail over; clean shutdown."""

import pytest

from flight_sql import FlightSqlClient

QUERIES = [
    "SELECT * FROM {db}.transactions",
    "SELECT id, name AS n, birth_date FROM {db}.customers WHERE country IN ('SE', 'JP')",
    "SELECT * FROM {db}.transactions WHERE amount < 0 OR currency = 'JPY'",
]


def _create(client: FlightSqlClient, db: str, sample_data) -> None:
    client.execute(f"CREATE DATABASE {db}")
    for table, path in (("customers", sample_data.customers_dir),
                        ("transactions", sample_data.transactions_dir)):
        client.execute(f"CREATE EXTERNAL TABLE {db}.{table} STORED AS PARQUET "
                       f"LOCATION '{sample_data.uri(path)}'")


@pytest.fixture(scope="module")
def pair(launcher):
    return launcher.deployment("serve"), launcher.deployment("split")


def test_split_and_serve_return_the_same_rows(pair, sample_data, unique_name):
    serve, split = pair
    db = unique_name()
    with serve.admin() as a, split.admin() as b:
        _create(a, db, sample_data)
        _create(b, db, sample_data)
        for sql in QUERIES:
            x, y = a.query(sql.format(db=db)), b.query(sql.format(db=db))
            assert x.num_rows > 0
            assert x.schema.equals(y.schema), (x.schema, y.schema)
            assert x.sort_by("id").equals(y.sort_by("id")), sql


def test_query_survives_a_dead_worker(launcher, sample_data, unique_name):
    """DESIGN §2: an endpoint lists the workers that may run it; the client moves to the next
    one when a worker is gone."""
    split = launcher.deployment("split")
    db = unique_name()
    with split.admin() as client:
        _create(client, db, sample_data)
        before = client.query(f"SELECT * FROM {db}.transactions")
        worker1 = split.processes[1]
        assert worker1.stop() is not None
        info = client.flight_info(f"SELECT * FROM {db}.transactions")
        single = [e for e in info.endpoints if len(e.locations) < 2]
        assert not single, "with two workers, every endpoint should list both (retry target)"
        after = client.fetch(info)
        assert after.sort_by("id").equals(before.sort_by("id"))
        assert split.planner.running


@pytest.mark.parametrize("kind", ["serve", "split"])
def test_sigterm_stops_cleanly(launcher, kind):
    dep = launcher.deployment(kind)
    with dep.admin() as client:
        client.execute("SHOW DATABASES")
    codes = dep.stop()
    assert all(code == 0 for code in codes.values()), f"{codes}\n{dep.logs()}"


@pytest.mark.parametrize("kind", ["serve", "split"])
def test_catalog_survives_restart(launcher, sample_data, unique_name, kind):
    """All durable state is in the metadata store (DESIGN §1): restarted services still see
    the tables."""
    dep = launcher.deployment(kind)
    db = unique_name()
    with dep.admin() as client:
        _create(client, db, sample_data)
        before = client.query(f"SELECT id, amount FROM {db}.transactions WHERE amount < 0")
    dep.restart()
    with dep.admin() as client:
        assert db in client.execute("SHOW DATABASES")["name"].to_pylist()
        after = client.query(f"SELECT id, amount FROM {db}.transactions WHERE amount < 0")
        assert after.sort_by("id").equals(before.sort_by("id"))
