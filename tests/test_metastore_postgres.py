"""Several planners on one PostgreSQL metadata store (DESIGN §1, §3): concurrent DDL from a
client of each planner loses no update and leaves exactly the expected catalog."""

import secrets
import threading

import pytest

from conftest import Deployment, start_planner, start_worker, write_key_file
from flight_sql import raises_warden

TABLES_PER_CLIENT = 24


@pytest.fixture
def two_planners(pg_server, tmp_path, unique_name):
    """Two `warden planner` processes sharing one PostgreSQL store, keys and one worker."""
    metastore = pg_server.create_database(unique_name("store"))
    ticket_key = write_key_file(tmp_path / "ticket.key")
    token_secret = write_key_file(tmp_path / "token.key")
    password = "pw-" + secrets.token_urlsafe(12)
    worker, worker_port = start_worker(tmp_path, "worker", ticket_key, token_secret)
    deployments = []
    try:
        worker.wait_ready(worker_port)
        for name in ("planner_a", "planner_b"):
            proc, port = start_planner(tmp_path, name, ticket_key, token_secret, [worker_port],
                                       password, metastore=metastore)
            deployments.append(Deployment("planner", tmp_path, port, password, [proc],
                                          worker_ports=[worker_port]))
        for deployment in deployments:
            deployment.planner.wait_ready()
        yield deployments
    finally:
        for deployment in deployments:
            deployment.stop()
        worker.stop()


def _names(table):
    return set(table["name"].to_pylist())


def test_concurrent_ddl_through_two_planners(two_planners, sample_data, unique_name):
    a, b = two_planners
    db = unique_name("shared")
    location = sample_data.uri(sample_data.single_file)
    errors: list[str] = []

    def client_run(deployment, prefix):
        try:
            with deployment.admin() as client:
                # Both clients race to create the same database; IF NOT EXISTS makes it benign.
                client.execute(f"CREATE DATABASE IF NOT EXISTS {db}")
                for i in range(TABLES_PER_CLIENT):
                    client.execute(f"CREATE EXTERNAL TABLE {db}.{prefix}_{i} "
                                   f"STORED AS PARQUET LOCATION '{location}'")
                    if i % 3 == 0:
                        client.execute(f"DROP TABLE {db}.{prefix}_{i}")
        except Exception as exc:  # reported below with the planner logs
            errors.append(f"{prefix}: {exc}")

    threads = [threading.Thread(target=client_run, args=(a, "a")),
               threading.Thread(target=client_run, args=(b, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "DDL clients did not finish"
    assert not errors, "\n".join(errors) + "\n" + a.logs() + b.logs()

    expected = {f"{p}_{i}" for p in ("a", "b") for i in range(TABLES_PER_CLIENT) if i % 3}
    with a.admin() as client_a, b.admin() as client_b:
        assert _names(client_a.execute(f"SHOW TABLES IN {db}")) == expected
        assert _names(client_b.execute(f"SHOW TABLES IN {db}")) == expected
        # A table created through one planner is queryable through the other.
        rows = client_b.query(f"SELECT id FROM {db}.a_1 WHERE id = 1")
        assert rows.num_rows == 1
        # DDL conflicts are still user errors with stable codes, whichever planner sees them.
        with raises_warden("WARDEN-CATALOG-ALREADY-EXISTS"):
            client_b.execute(f"CREATE EXTERNAL TABLE {db}.a_1 STORED AS PARQUET "
                             f"LOCATION '{location}'")
        with raises_warden("WARDEN-CATALOG-NOT-EMPTY"):
            client_a.execute(f"DROP DATABASE {db}")
        client_a.execute(f"DROP DATABASE {db} CASCADE")
        assert db not in _names(client_b.execute("SHOW DATABASES"))
    assert a.all_running() and b.all_running()
