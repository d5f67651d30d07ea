"""Queries over Flight SQL compared with pyarrow reading the same files (DESIGN §2, §5)."""

import datetime as dt
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def reference(sample_data):
    """The sample tables as pyarrow reads them."""
    return {
        "customers": pq.read_table(sample_data.customers_dir),
        "transactions": pq.read_table(sample_data.transactions_dir),
        "customers_one": pq.read_table(sample_data.single_file),
    }


def assert_same_rows(actual: pa.Table, expected: pa.Table, key: str = "id"):
    """Same column names and the same rows, in any order."""
    assert actual.column_names == expected.column_names
    assert actual.num_rows == expected.num_rows, (actual.num_rows, expected.num_rows)
    if actual.num_rows:
        assert actual.sort_by(key).to_pylist() == expected.sort_by(key).to_pylist()


def _ts(text: str) -> pa.Scalar:
    value = dt.datetime.fromisoformat(text).replace(tzinfo=UTC)
    return pa.scalar(value, pa.timestamp("us", tz="UTC"))


def _date(text: str) -> pa.Scalar:
    return pa.scalar(dt.date.fromisoformat(text), pa.date32())


# (id, table, WHERE clause, the same predicate in pyarrow.compute; Kleene logic as in SQL)
FILTERS = [
    ("eq_int", "customers", "id = 42", lambda t: pc.equal(t["id"], 42)),
    ("eq_string", "customers", "country = 'SE'", lambda t: pc.equal(t["country"], "SE")),
    ("ne_string", "customers", "segment <> 'consumer'",
     lambda t: pc.not_equal(t["segment"], "consumer")),
    ("lt_negative", "transactions", "amount < 0", lambda t: pc.less(t["amount"], 0)),
    ("ge_le", "transactions", "customer_id >= 100 AND customer_id <= 120",
     lambda t: pc.and_kleene(pc.greater_equal(t["customer_id"], 100),
                             pc.less_equal(t["customer_id"], 120))),
    ("gt_float", "transactions", "amount > 99.5", lambda t: pc.greater(t["amount"], 99.5)),
    ("between", "transactions", "amount BETWEEN 10 AND 50",
     lambda t: pc.and_kleene(pc.greater_equal(t["amount"], 10), pc.less_equal(t["amount"], 50))),
    ("not_between", "transactions", "amount NOT BETWEEN 0 AND 1000",
     lambda t: pc.invert(pc.and_kleene(pc.greater_equal(t["amount"], 0),
                                       pc.less_equal(t["amount"], 1000)))),
    ("in_strings", "transactions", "currency IN ('EUR', 'GBP')",
     lambda t: pc.is_in(t["currency"], pa.array(["EUR", "GBP"]))),
    ("in_ints", "customers", "id IN (1, 2, 3, 250, 499, 100000)",
     lambda t: pc.is_in(t["id"], pa.array([1, 2, 3, 250, 499, 100000]))),
    ("not_in", "customers", "country NOT IN ('US', 'GB', 'DE')",
     lambda t: pc.invert(pc.is_in(t["country"], pa.array(["US", "GB", "DE"])))),
    ("like_prefix", "customers", "name LIKE 'J%'", lambda t: pc.match_like(t["name"], "J%")),
    ("like_unicode", "customers", "name LIKE '%ö%'", lambda t: pc.match_like(t["name"], "%ö%")),
    ("like_cjk", "customers", "name LIKE '李%'", lambda t: pc.match_like(t["name"], "李%")),
    ("like_underscore", "customers", "ssn LIKE '7_5-%'",
     lambda t: pc.match_like(t["ssn"], "7_5-%")),
    ("not_like", "transactions", "merchant NOT LIKE '%a%'",
     lambda t: pc.invert(pc.match_like(t["merchant"], "%a%"))),
    ("is_null", "customers", "phone IS NULL", lambda t: pc.is_null(t["phone"])),
    ("is_not_null", "customers", "segment IS NOT NULL", lambda t: pc.is_valid(t["segment"])),
    ("and_or_not", "customers", "(country = 'US' OR country = 'DE') AND NOT segment = 'smb'",
     lambda t: pc.and_kleene(
         pc.or_kleene(pc.equal(t["country"], "US"), pc.equal(t["country"], "DE")),
         pc.invert(pc.equal(t["segment"], "smb")))),
    ("or_with_null", "transactions", "amount IS NULL OR amount > 500",
     lambda t: pc.or_kleene(pc.is_null(t["amount"]), pc.greater(t["amount"], 500))),
    ("ts_range", "transactions", "ts >= '2025-06-01' AND ts < '2025-07-01'",
     lambda t: pc.and_kleene(pc.greater_equal(t["ts"], _ts("2025-06-01")),
                             pc.less(t["ts"], _ts("2025-07-01")))),
    ("ts_full_literal", "transactions", "ts > '2025-12-30 12:00:00'",
     lambda t: pc.greater(t["ts"], _ts("2025-12-30T12:00:00"))),
    ("date_lt", "customers", "birth_date < '1960-01-01'",
     lambda t: pc.less(t["birth_date"], _date("1960-01-01"))),
    ("date_between", "customers", "birth_date BETWEEN '1980-01-01' AND '1980-12-31'",
     lambda t: pc.and_kleene(pc.greater_equal(t["birth_date"], _date("1980-01-01")),
                             pc.less_equal(t["birth_date"], _date("1980-12-31")))),
    ("single_file", "customers_one", "country = 'US'", lambda t: pc.equal(t["country"], "US")),
]


@pytest.mark.parametrize("table,where,predicate", [f[1:] for f in FILTERS],
                         ids=[f[0] for f in FILTERS])
def test_filter(admin, sales_db, reference, table, where, predicate):
    expected = reference[table].filter(predicate(reference[table]))
    assert expected.num_rows > 0, "the reference filter should match something"
    actual = admin.query(f"SELECT * FROM {sales_db}.{table} WHERE {where}")
    assert_same_rows(actual, expected)


def test_select_star_returns_every_row(admin, sales_db, reference):
    for table in ("customers", "transactions", "customers_one"):
        actual = admin.query(f"SELECT * FROM {sales_db}.{table}")
        assert_same_rows(actual, reference[table])


def test_select_star_keeps_file_types(admin, sales_db, reference):
    for table in ("customers", "transactions"):
        info = admin.flight_info(f"SELECT * FROM {sales_db}.{table}")
        expected = [(f.name, f.type) for f in reference[table].schema]
        assert [(f.name, f.type) for f in info.schema] == expected
        actual = admin.fetch(info)
        assert [(f.name, f.type) for f in actual.schema] == expected


def test_projection_with_aliases(admin, sales_db, reference):
    sql = f"SELECT id, name AS customer_name, email AS mail, birth_date FROM {sales_db}.customers"
    info = admin.flight_info(sql)
    assert info.schema.names == ["id", "customer_name", "mail", "birth_date"]
    actual = admin.fetch(info)
    assert actual.column_names == ["id", "customer_name", "mail", "birth_date"]
    expected = reference["customers"].select(["id", "name", "email", "birth_date"]).rename_columns(
        ["id", "customer_name", "mail", "birth_date"])
    assert_same_rows(actual, expected)


def test_projection_order_and_filter_on_unprojected_column(admin, sales_db, reference):
    actual = admin.query(
        f"SELECT amount, currency, id FROM {sales_db}.transactions WHERE merchant = 'IKEA'")
    ref = reference["transactions"]
    expected = ref.filter(pc.equal(ref["merchant"], "IKEA")).select(["amount", "currency", "id"])
    assert_same_rows(actual, expected)


def test_same_column_twice(admin, sales_db, reference):
    actual = admin.query(f"SELECT id, id AS id2 FROM {sales_db}.customers_one")
    assert actual.column_names == ["id", "id2"]
    assert actual["id"].to_pylist() == actual["id2"].to_pylist()
    assert sorted(actual["id"].to_pylist()) == sorted(reference["customers_one"]["id"].to_pylist())


def test_filter_matching_nothing(admin, sales_db, reference):
    actual = admin.query(f"SELECT * FROM {sales_db}.customers WHERE id < 0")
    assert actual.num_rows == 0
    assert actual.column_names == reference["customers"].column_names
    projected = admin.query(f"SELECT id, merchant AS n FROM {sales_db}.transactions "
                            f"WHERE currency = 'XXX'")
    assert projected.num_rows == 0
    assert projected.column_names == ["id", "n"]


@pytest.mark.parametrize("n", [1, 7, 100])
def test_limit_with_filter(admin, sales_db, reference, n):
    ref = reference["transactions"]
    matches = ref.filter(pc.equal(ref["currency"], "USD"))
    assert matches.num_rows > n
    actual = admin.query(f"SELECT * FROM {sales_db}.transactions WHERE currency = 'USD' LIMIT {n}")
    assert actual.num_rows == n
    assert set(actual["currency"].to_pylist()) == {"USD"}
    by_id = {row["id"]: row for row in matches.to_pylist()}
    ids = actual["id"].to_pylist()
    assert len(set(ids)) == n
    for row in actual.to_pylist():
        assert by_id[row["id"]] == row


def test_limit_without_filter(admin, sales_db, reference):
    actual = admin.query(f"SELECT id, name FROM {sales_db}.customers LIMIT 3")
    assert actual.num_rows == 3
    assert actual.column_names == ["id", "name"]
    names = dict(zip(reference["customers"]["id"].to_pylist(),
                     reference["customers"]["name"].to_pylist()))
    for row in actual.to_pylist():
        assert names[row["id"]] == row["name"]


def test_limit_larger_than_matches(admin, sales_db, reference):
    ref = reference["customers"]
    expected = ref.filter(pc.equal(ref["country"], "SE"))
    actual = admin.query(f"SELECT * FROM {sales_db}.customers WHERE country = 'SE' LIMIT 100000")
    assert_same_rows(actual, expected)


def test_limit_zero(admin, sales_db, reference):
    actual = admin.query(f"SELECT * FROM {sales_db}.customers LIMIT 0")
    assert actual.num_rows == 0
    assert actual.column_names == reference["customers"].column_names


def test_scan_tasks_read_every_file_once(admin, sales_db, sample_data, deployment):
    for table, files in (("customers", sample_data.files), ("transactions", sample_data.files),
                         ("customers_one", 1)):
        info = admin.flight_info(f"SELECT * FROM {sales_db}.{table}")
        # Files are packed into tasks by size (and only large files cut into row groups).
        assert 1 <= len(info.endpoints) <= files, table
        tickets = [e.ticket.ticket for e in info.endpoints]
        assert len(set(tickets)) == len(tickets), "each task has its own ticket"
        # Together the endpoints hold every row once.
        sizes = sorted(admin.do_get(e).num_rows for e in info.endpoints)
        assert sum(sizes) == (125 if table == "customers_one" else
                              500 if table == "customers" else 5000)


def test_split_endpoints_name_workers(admin, sales_db, deployment):
    if deployment.kind != "split":
        pytest.skip("only the split deployment has separate workers")
    info = admin.flight_info(f"SELECT * FROM {sales_db}.transactions")
    used = set()
    for endpoint in info.endpoints:
        assert endpoint.locations, "a split planner must name worker locations"
        for location in endpoint.locations:
            uri = location.uri.decode() if isinstance(location.uri, bytes) else location.uri
            parsed = urlparse(uri)
            assert parsed.scheme in ("grpc", "grpc+tcp"), uri
            assert parsed.port in deployment.worker_ports, uri
            used.add(parsed.port)
    assert used == set(deployment.worker_ports), "tasks should be spread over both workers"


def test_result_schema_of_flight_info_matches_data(admin, sales_db):
    info = admin.flight_info(
        f"SELECT ts, amount AS value FROM {sales_db}.transactions WHERE amount > 100")
    actual = admin.fetch(info)
    assert actual.num_rows > 0
    assert info.schema.names == actual.column_names == ["ts", "value"]
    assert [f.type for f in info.schema] == [f.type for f in actual.schema]


def test_repeated_query_is_stable(admin, sales_db):
    sql = f"SELECT id, amount FROM {sales_db}.transactions WHERE amount < 0"
    first, second = admin.query(sql), admin.query(sql)
    assert_same_rows(first, second)


def test_join(admin, sales_db, reference):
    actual = admin.query(
        f"SELECT t.id, t.amount, c.country FROM {sales_db}.transactions t "
        f"JOIN {sales_db}.customers c ON t.customer_id = c.id")
    customers = reference["customers"].select(["id", "country"]).rename_columns(
        ["customer_id", "country"])
    expected = reference["transactions"].join(customers, "customer_id", join_type="inner")
    expected = expected.select(["id", "amount", "country"])
    assert expected.num_rows > 0
    assert_same_rows(actual, expected)


def test_group_by(admin, sales_db, reference):
    actual = admin.query(
        f"SELECT country, count(*) AS n, max(id) AS top FROM {sales_db}.customers "
        f"GROUP BY country")
    groups = reference["customers"].group_by("country").aggregate(
        [([], "count_all"), ("id", "max")])
    expected = pa.table({"country": groups["country"], "n": groups["count_all"],
                         "top": groups["id_max"]})
    assert_same_rows(actual, expected, key="top")
