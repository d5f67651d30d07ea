"""The ADBC Flight SQL driver (a third-party client, unmodified) against Warden.

Covers what DESIGN §8 promises ADBC users: user/password login, queries fetched as Arrow,
adbc_get_objects over the governed catalog, prepared statements with parameters, and
governance statements as updates.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

adbc_flightsql = pytest.importorskip("adbc_driver_flightsql")
import adbc_driver_flightsql.dbapi as flightsql_dbapi  # noqa: E402
from adbc_driver_manager import ProgrammingError, DatabaseError, OperationalError  # noqa: E402

from conftest import ADMIN_USER  # noqa: E402
from test_auth import _claims, _token_secret, make_jwt  # noqa: E402

ADBC_ERRORS = (ProgrammingError, DatabaseError, OperationalError)


def connect(deployment, user=ADMIN_USER, password=None):
    return flightsql_dbapi.connect(
        f"grpc://127.0.0.1:{deployment.planner_port}",
        db_kwargs={
            "username": user,
            "password": password if password is not None else deployment.admin_password,
        },
        autocommit=True,
    )


@pytest.fixture
def adbc(deployment):
    conn = connect(deployment)
    yield conn
    conn.close()


def test_query_fetches_every_row(adbc, sales_db, sample_data):
    expected = pq.read_table(sample_data.customers_dir)
    with adbc.cursor() as cur:
        cur.execute(f"SELECT * FROM {sales_db}.customers")
        table = cur.fetch_arrow_table()
    assert table.num_rows == expected.num_rows
    assert sorted(table.column("id").to_pylist()) == sorted(
        expected.column("id").to_pylist())


def test_wrong_password_is_refused(deployment):
    with pytest.raises(ADBC_ERRORS) as info:
        conn = connect(deployment, password="not-the-password")
        with conn.cursor() as cur:
            cur.execute("SHOW DATABASES")
    assert "UNAUTHENTICATED" in str(info.value).upper() or "WARDEN-" in str(info.value)


def test_get_objects_lists_databases_tables_and_columns(adbc, sales_db, sample_data):
    objects = adbc.adbc_get_objects(depth="all", db_schema_filter=sales_db).read_all()
    catalogs = objects.to_pylist()
    assert [c["catalog_name"] for c in catalogs] == ["warden"]
    schemas = catalogs[0]["catalog_db_schemas"]
    assert [s["db_schema_name"] for s in schemas] == [sales_db]
    tables = {t["table_name"]: t for t in schemas[0]["db_schema_tables"]}
    assert set(tables) == {"customers", "transactions", "customers_one"}
    assert tables["customers"]["table_type"] == "TABLE"
    columns = [c["column_name"] for c in tables["customers"]["table_columns"]]
    assert columns == pq.read_schema(sample_data.single_file).names


def test_table_schema_and_types(adbc, sales_db, sample_data):
    schema = adbc.adbc_get_table_schema("customers", db_schema_filter=sales_db)
    assert schema.names == pq.read_schema(sample_data.single_file).names
    assert set(adbc.adbc_get_table_types()) == {"TABLE", "VIEW"}


def test_get_info_reports_the_server(adbc):
    info = adbc.adbc_get_info()
    assert info["vendor_name"] == "Warden"
    assert info["vendor_version"]


def test_prepared_statement_with_parameters(adbc, sales_db, sample_data):
    expected = pq.read_table(sample_data.customers_dir).to_pylist()
    target = expected[7]
    with adbc.cursor() as cur:
        cur.execute(f"SELECT id, name FROM {sales_db}.customers WHERE id = ?",
                    parameters=(target["id"],))
        rows = cur.fetch_arrow_table().to_pylist()
        assert rows == [{"id": target["id"], "name": target["name"]}]
        # The same statement again with another value: parameters bind per execution.
        other = expected[3]
        cur.execute(f"SELECT id, name FROM {sales_db}.customers WHERE id = ?",
                    parameters=(other["id"],))
        assert cur.fetch_arrow_table().column("name").to_pylist() == [other["name"]]
        # A string parameter carrying a quote stays one value (never SQL).
        cur.execute(f"SELECT count(*) AS n FROM {sales_db}.customers WHERE name = ?",
                    parameters=("x' OR '1'='1",))
        assert cur.fetch_arrow_table().column("n").to_pylist() == [0]


def test_prepared_statement_explicit_prepare(adbc, sales_db):
    with adbc.cursor() as cur:
        cur.adbc_prepare(f"SELECT id FROM {sales_db}.customers WHERE id < $1")
        cur.execute(f"SELECT id FROM {sales_db}.customers WHERE id < $1",
                    parameters=(5,))
        values = cur.fetch_arrow_table().column("id").to_pylist()
    assert values and all(v < 5 for v in values)


def test_governance_statements_as_updates(adbc, unique_name):
    db = unique_name("adbc")

    def update(sql):
        # A fresh cursor each time: the DB-API cursor caches its last query text.
        with adbc.cursor() as cur:
            cur.adbc_statement.set_sql_query(sql)
            return cur.adbc_statement.execute_update()

    def databases():
        with adbc.cursor() as cur:
            cur.execute("SHOW DATABASES")
            return cur.fetch_arrow_table().column(0).to_pylist()

    update(f"CREATE DATABASE {db}")
    assert db in databases()
    update(f"DROP DATABASE {db}")
    assert db not in databases()


def test_errors_carry_the_warden_code(adbc):
    with adbc.cursor() as cur:
        with pytest.raises(ADBC_ERRORS) as info:
            cur.execute("SELECT * FROM no_such_db.no_such_table")
            cur.fetch_arrow_table()
    assert "WARDEN-CATALOG-NOT-FOUND" in str(info.value)
    with adbc.cursor() as cur:
        with pytest.raises(ADBC_ERRORS) as info:
            cur.adbc_statement.set_sql_query("SELECT 1")
            cur.adbc_statement.execute_update()
    assert "WARDEN-SQL-UNSUPPORTED" in str(info.value)


def test_invisible_objects_stay_invisible(deployment, sales_db):
    """A user holding no grant (a valid token, no roles) sees no database, no table, no
    type of error that would reveal one."""
    token = make_jwt(_claims(subject="adbc_nobody"), _token_secret(deployment))
    conn = flightsql_dbapi.connect(
        f"grpc://127.0.0.1:{deployment.planner_port}",
        db_kwargs={"adbc.flight.sql.authorization_header": f"Bearer {token}"},
        autocommit=True,
    )
    try:
        objects = conn.adbc_get_objects(depth="all").read_all().to_pylist()
        schemas = [s["db_schema_name"] for c in objects for s in (c["catalog_db_schemas"] or [])]
        assert sales_db not in schemas
        with pytest.raises(ADBC_ERRORS) as info:
            conn.adbc_get_table_schema("customers", db_schema_filter=sales_db)
        with conn.cursor() as cur:
            with pytest.raises(ADBC_ERRORS) as info:
                cur.execute(f"SELECT * FROM {sales_db}.customers")
                cur.fetch_arrow_table()
            assert "WARDEN-CATALOG-NOT-FOUND" in str(info.value)
    finally:
        conn.close()
