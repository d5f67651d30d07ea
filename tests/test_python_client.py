"""The Python client (clients/python, `import warden`) against real deployments."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import warden
from warden._progress import Progress
from conftest import ADMIN_USER, free_port
from test_auth import _claims, _token_secret, make_jwt


@pytest.fixture
def client(deployment):
    with warden.connect([f"127.0.0.1:{deployment.planner_port}"], user=ADMIN_USER,
                        password=deployment.admin_password) as conn:
        yield conn


def sorted_rows(table: pa.Table, key: str = "id") -> list:
    return sorted(table.to_pylist(), key=lambda row: row[key])


def test_scan_as_arrow_equals_pyarrow(client, sales_db, sample_data):
    expected = pq.read_table(sample_data.customers_dir)
    table = client.scan_as_arrow(f"SELECT * FROM {sales_db}.customers")
    assert table.schema.names == expected.schema.names
    assert sorted_rows(table) == sorted_rows(expected)


def test_plan_lists_tasks_with_worker_locations(client, sales_db, sample_data, deployment):
    plan = client.plan(f"SELECT id FROM {sales_db}.customers")
    assert plan.schema.names == ["id"]
    # Small files are packed into tasks by size: never more tasks than files.
    assert 1 <= len(plan.tasks) <= sample_data.files
    worker_uris = {f"grpc://127.0.0.1:{p}" for p in deployment.worker_ports}
    for task in plan.tasks:
        assert task.locations and set(task.locations) <= worker_uris


def test_iter_batches_streams_every_row_in_task_order(client, sales_db, sample_data):
    batches = list(client.iter_batches(f"SELECT id FROM {sales_db}.transactions"))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert sum(b.num_rows for b in batches) == pq.read_table(
        sample_data.transactions_dir).num_rows


def test_pandas_and_json(client, sales_db, sample_data):
    expected = pq.read_table(sample_data.single_file)
    frame = client.scan_as_pandas(f"SELECT id, name, birth_date FROM {sales_db}.customers_one")
    assert len(frame) == expected.num_rows
    rows = client.scan_as_json(
        f"SELECT id, name, birth_date FROM {sales_db}.customers_one ORDER BY id LIMIT 3")
    json.dumps(rows)  # JSON-ready: dates became text
    first = sorted_rows(expected)[0]
    assert rows[0]["id"] == first["id"]
    assert rows[0]["birth_date"] == (first["birth_date"].isoformat()
                                     if first["birth_date"] else None)


def test_polars_when_installed(client, sales_db):
    pytest.importorskip("polars")
    frame = client.scan_as_polars(f"SELECT id FROM {sales_db}.customers_one")
    assert frame.height > 0


def test_catalog_listing(client, sales_db, sample_data):
    assert sales_db in client.list_databases()
    assert client.list_datasets(sales_db) == ["customers", "customers_one", "transactions"]
    assert client.list_datasets(sales_db, like="customers%") == ["customers", "customers_one"]
    described = client.describe(f"{sales_db}.customers")
    assert described and "id" in json.dumps(described)
    assert client.schema(f"{sales_db}.customers").names == pq.read_schema(
        sample_data.single_file).names


def test_list_datasets_by_attribute(client, sales_db):
    client.execute_ddl("CREATE ATTRIBUTE IF NOT EXISTS pii.email")
    client.execute_ddl(f"ALTER TABLE {sales_db}.customers ADD ATTRIBUTE pii.email "
                       f"ON COLUMN email")
    assert client.list_datasets(sales_db, attribute="pii.email") == ["customers"]
    assert client.list_datasets(sales_db, attribute="pii.email", like="trans%") == []


def test_execute_ddl_and_typed_errors(client, unique_name):
    db = unique_name("pyclient")
    client.execute_ddl(f"CREATE DATABASE {db}")
    assert db in client.list_databases()
    with pytest.raises(warden.WardenError) as info:
        client.execute_ddl(f"CREATE DATABASE {db}")
    assert info.value.code == "WARDEN-CATALOG-ALREADY-EXISTS"
    client.execute_ddl(f"DROP DATABASE {db}")
    with pytest.raises(warden.NotFoundError) as info:
        client.scan_as_arrow(f"SELECT * FROM {db}.nothing")
    assert info.value.code == "WARDEN-CATALOG-NOT-FOUND"
    with pytest.raises(warden.SqlError) as info:
        client.scan_as_arrow("SELEKT 1")
    assert info.value.code == "WARDEN-SQL-SYNTAX"
    assert "gRPC" not in str(info.value)


def test_explain(client, sales_db):
    text = client.explain(f"SELECT id FROM {sales_db}.customers WHERE id < 3")
    assert "customers" in text


def test_wrong_password_is_an_authentication_error(deployment):
    with pytest.raises(warden.AuthenticationError) as info:
        warden.connect([f"127.0.0.1:{deployment.planner_port}"], user=ADMIN_USER,
                       password="wrong")
    assert info.value.code == "WARDEN-AUTH-UNAUTHENTICATED"


def test_token_login_and_governed_listing(deployment, sales_db):
    token = make_jwt(_claims(subject="py_nobody"), _token_secret(deployment))
    with warden.connect([f"127.0.0.1:{deployment.planner_port}"], token=token) as conn:
        assert sales_db not in conn.list_databases()
        assert conn.list_datasets(sales_db) == []
        with pytest.raises(warden.NotFoundError):
            conn.scan_as_arrow(f"SELECT * FROM {sales_db}.customers")


def test_a_planner_that_is_down_is_skipped(deployment, sales_db):
    dead = f"127.0.0.1:{free_port()}"  # nothing listens there
    with warden.connect([dead, f"127.0.0.1:{deployment.planner_port}"], user=ADMIN_USER,
                        password=deployment.admin_password, timeout=10) as conn:
        assert conn.planner.endswith(str(deployment.planner_port))
        assert sales_db in conn.list_databases()


def test_no_planner_reachable(deployment):
    with pytest.raises(warden.UnavailableError):
        warden.connect([f"127.0.0.1:{free_port()}"], user=ADMIN_USER, password="x", timeout=5)


def test_closed_connection_refuses_calls(deployment):
    conn = warden.connect([f"127.0.0.1:{deployment.planner_port}"], user=ADMIN_USER,
                          password=deployment.admin_password)
    conn.close()
    with pytest.raises(warden.WardenError):
        conn.list_databases()


def test_progress_line_counts_rows_bytes_and_tasks():
    out = io.StringIO()
    progress = Progress(3, enabled=True, stream=out)
    progress.DELAY_S = 0
    progress.add(1500, 4096)
    progress.task_done()
    progress.close()
    text = out.getvalue()
    assert "1,500 rows" in text and "4.0 KiB" in text and "tasks 1/3" in text
    quiet = io.StringIO()
    Progress(3, stream=quiet).add(1, 1)  # not a terminal: nothing drawn
    assert quiet.getvalue() == ""
