"""Governance statements over Flight SQL: databases and external tables (DESIGN §3, §5)."""

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from flight_sql import raises_warden


def _names(table, column="name"):
    assert column in table.column_names, table.schema
    return table[column].to_pylist()


def _status_ok(result):
    assert result.column_names == ["status"], result.schema
    assert result.num_rows == 1


def test_create_and_show_database(admin, unique_name):
    db = unique_name()
    _status_ok(admin.execute(f"CREATE DATABASE {db}"))
    databases = admin.execute("SHOW DATABASES")
    assert databases.column_names == ["name"]
    assert db in _names(databases)
    assert _names(databases).count(db) == 1
    assert _names(admin.execute(f"SHOW TABLES IN {db}")) == []


def test_create_tables_and_show_tables(admin, sample_data, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    _status_ok(admin.execute(
        f"CREATE EXTERNAL TABLE {db}.customers STORED AS PARQUET "
        f"LOCATION '{sample_data.uri(sample_data.customers_dir)}'"))
    _status_ok(admin.execute(
        f"CREATE EXTERNAL TABLE {db}.one_file STORED AS PARQUET "
        f"LOCATION '{sample_data.uri(sample_data.single_file)}'"))
    tables = admin.execute(f"SHOW TABLES IN {db}")
    assert tables.column_names[0] == "name"
    assert sorted(_names(tables)) == ["customers", "one_file"]
    # SHOW TABLES FROM is the same statement.
    assert sorted(_names(admin.execute(f"SHOW TABLES FROM {db}"))) == ["customers", "one_file"]
    # Tables of other databases do not leak in.
    other = unique_name("other")
    admin.execute(f"CREATE DATABASE {other}")
    assert _names(admin.execute(f"SHOW TABLES IN {other}")) == []


def test_describe_customers(admin, sales_db, sample_data):
    described = admin.execute(f"DESCRIBE {sales_db}.customers")
    assert described.column_names[:3] == ["name", "type", "comment"]
    expected = pq.read_schema(sorted(sample_data.customers_dir.glob("*.parquet"))[0]).names
    assert _names(described) == expected
    types = dict(zip(_names(described), described["type"].to_pylist()))
    assert types["id"] == "bigint"
    assert types["name"] == "string"
    assert types["birth_date"] == "date"


def test_describe_transactions(admin, sales_db):
    described = admin.execute(f"DESCRIBE {sales_db}.transactions")
    types = dict(zip(_names(described), described["type"].to_pylist()))
    assert list(types) == ["id", "customer_id", "ts", "amount", "currency", "merchant",
                           "card_number"]
    assert types["customer_id"] == "bigint"
    assert types["amount"] == "double"
    assert types["ts"].startswith("timestamp"), types["ts"]
    assert types["currency"] == "string"


def test_describe_single_file_table(admin, sales_db):
    described = admin.execute(f"DESCRIBE {sales_db}.customers_one")
    assert _names(described)[:2] == ["id", "name"]


def test_drop_table(admin, sales_db):
    _status_ok(admin.execute(f"DROP TABLE {sales_db}.customers_one"))
    assert sorted(_names(admin.execute(f"SHOW TABLES IN {sales_db}"))) == [
        "customers", "transactions"]
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.query(f"SELECT * FROM {sales_db}.customers_one")
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.execute(f"DESCRIBE {sales_db}.customers_one")
    # The files are untouched and the other tables still work.
    assert admin.query(f"SELECT id FROM {sales_db}.customers").num_rows == 500


def test_drop_empty_database(admin, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    _status_ok(admin.execute(f"DROP DATABASE {db}"))
    assert db not in _names(admin.execute("SHOW DATABASES"))
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.execute(f"SHOW TABLES IN {db}")


def test_drop_database_cascade(admin, sales_db):
    with raises_warden("WARDEN-CATALOG-NOT-EMPTY"):
        admin.execute(f"DROP DATABASE {sales_db}")
    assert sales_db in _names(admin.execute("SHOW DATABASES"))
    _status_ok(admin.execute(f"DROP DATABASE {sales_db} CASCADE"))
    assert sales_db not in _names(admin.execute("SHOW DATABASES"))
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.query(f"SELECT * FROM {sales_db}.customers")


def test_recreate_after_drop(admin, sample_data, unique_name):
    db = unique_name()
    location = sample_data.uri(sample_data.single_file)
    for _ in range(2):
        admin.execute(f"CREATE DATABASE {db}")
        admin.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET LOCATION '{location}'")
        assert admin.query(f"SELECT id FROM {db}.t").num_rows == 125
        admin.execute(f"DROP DATABASE {db} CASCADE")


def test_identifiers_are_case_insensitive(admin, sales_db):
    assert sales_db in _names(admin.execute("SHOW DATABASES"))
    upper = sales_db.upper()
    assert "customers" in _names(admin.execute(f"SHOW TABLES IN {upper}"))
    result = admin.query(f"SELECT ID, Name FROM {upper}.CUSTOMERS WHERE Id = 1")
    assert result.num_rows == 1
    assert [n.lower() for n in result.column_names] == ["id", "name"]


def test_if_not_exists_and_if_exists(admin, sample_data, unique_name):
    db = unique_name()
    location = sample_data.uri(sample_data.single_file)
    admin.execute(f"CREATE DATABASE IF NOT EXISTS {db}")
    admin.execute(f"CREATE DATABASE IF NOT EXISTS {db}")
    admin.execute(f"CREATE EXTERNAL TABLE IF NOT EXISTS {db}.t STORED AS PARQUET "
                  f"LOCATION '{location}'")
    admin.execute(f"CREATE EXTERNAL TABLE IF NOT EXISTS {db}.t STORED AS PARQUET "
                  f"LOCATION '{location}'")
    admin.execute(f"DROP TABLE IF EXISTS {db}.t")
    admin.execute(f"DROP TABLE IF EXISTS {db}.t")
    admin.execute(f"DROP DATABASE IF EXISTS {db}")
    admin.execute(f"DROP DATABASE IF EXISTS {db}")
    assert db not in _names(admin.execute("SHOW DATABASES"))


# --- errors -------------------------------------------------------------------------------------

def test_duplicate_database(admin, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    with raises_warden("WARDEN-CATALOG-ALREADY-EXISTS"):
        admin.execute(f"CREATE DATABASE {db}")
    assert _names(admin.execute("SHOW DATABASES")).count(db) == 1


def test_duplicate_table(admin, sales_db, sample_data):
    with raises_warden("WARDEN-CATALOG-ALREADY-EXISTS"):
        admin.execute(f"CREATE EXTERNAL TABLE {sales_db}.customers STORED AS PARQUET "
                      f"LOCATION '{sample_data.uri(sample_data.transactions_dir)}'")
    # The original definition is kept.
    assert "ssn" in _names(admin.execute(f"DESCRIBE {sales_db}.customers"))


@pytest.mark.parametrize("statement", [
    "DROP DATABASE {missing}",
    "DROP TABLE {missing}.t",
    "DROP TABLE {db}.missing_table",
    "SHOW TABLES IN {missing}",
    "DESCRIBE {missing}.t",
    "DESCRIBE {db}.missing_table",
    "CREATE EXTERNAL TABLE {missing}.t STORED AS PARQUET LOCATION '{location}'",
    "SELECT * FROM {db}.missing_table",
    "SELECT * FROM {missing}.customers",
])
def test_missing_objects(admin, sales_db, sample_data, unique_name, statement):
    sql = statement.format(missing=unique_name("missing"), db=sales_db,
                           location=sample_data.uri(sample_data.single_file))
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.execute(sql)
    assert admin.query(f"SELECT id FROM {sales_db}.customers_one LIMIT 1").num_rows == 1


def test_table_over_missing_location(admin, unique_name, tmp_path):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    # A user error (DESIGN: "location missing" is WARDEN-STORAGE-ERROR), never an internal one.
    with raises_warden("WARDEN-") as info:
        admin.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                      f"LOCATION 'file://{tmp_path}/does-not-exist'")
    assert "WARDEN-INTERNAL" not in str(info.value)
    assert "t" not in _names(admin.execute(f"SHOW TABLES IN {db}"))


def test_csv_table(admin, sample_data, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.customers_csv STORED AS CSV "
                  f"LOCATION '{sample_data.uri(sample_data.customers_csv_dir)}'")
    described = admin.execute(f"DESCRIBE {db}.customers_csv")
    assert _names(described)[:3] == ["id", "name", "email"]
    result = admin.query(f"SELECT id, name FROM {db}.customers_csv WHERE country = 'SE'")
    reference = pq.read_table(sample_data.customers_dir)
    reference = reference.filter(pc.equal(reference["country"], "SE"))
    assert sorted(result["id"].to_pylist()) == sorted(reference["id"].to_pylist())
    assert sorted(result["name"].to_pylist()) == sorted(reference["name"].to_pylist())
