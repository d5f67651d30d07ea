"""Bad SQL gets a clear error with a stable code and never harms the service (DESIGN §5, §6)."""

import pyarrow.flight as flight
import pytest

from flight_sql import ANY_ERROR, encode_any, raises_warden


def _still_answers(admin, deployment, db):
    assert deployment.all_running(), deployment.logs()
    assert admin.query(f"SELECT id FROM {db}.customers_one WHERE id = 1").num_rows == 1


@pytest.mark.parametrize("sql", [
    "SELECT * FROM {db}.no_such_table",
    "SELECT id FROM {missing}.customers",
    "SELECT * FROM no_such_db_anywhere.t",
])
def test_unknown_table(admin, deployment, sales_db, unique_name, sql):
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.query(sql.format(db=sales_db, missing=unique_name("missing")))
    _still_answers(admin, deployment, sales_db)


@pytest.mark.parametrize("sql", [
    "SELECT no_such_column FROM {db}.customers",
    "SELECT id, nope AS x FROM {db}.customers",
    "SELECT * FROM {db}.customers WHERE no_such_column = 1",
    "SELECT id FROM {db}.transactions WHERE ssn = '123-45-6789'",
])
def test_unknown_column(admin, deployment, sales_db, sql):
    with raises_warden("WARDEN-SQL-BIND") as info:
        admin.query(sql.format(db=sales_db))
    assert "not found" in str(info.value).lower()
    _still_answers(admin, deployment, sales_db)


@pytest.mark.parametrize("sql", [
    "SELEC * FROM {db}.customers",
    "SELECT * FROM",
    "SELECT * FROM {db}.customers WHERE",
    "SELECT * FROM {db}.customers WHERE id = = 1",
    "SELECT * FROM {db}.customers LIMIT",
    "SELECT * FROM {db}.customers WHERE id IN (1, 2",
    "SELECT 'unterminated FROM {db}.customers",
])
def test_syntax_error(admin, deployment, sales_db, sql):
    with raises_warden("WARDEN-SQL-SYNTAX"):
        admin.query(sql.format(db=sales_db))
    _still_answers(admin, deployment, sales_db)


@pytest.mark.parametrize("sql", [
    "SELECT id FROM {db}.customers INTERSECT SELECT id FROM {db}.customers",
    "SELECT row_number() OVER () FROM {db}.customers",
    "SELECT (SELECT 1) FROM {db}.customers",
    "SELECT * FROM {db}.customers WHERE id IN (SELECT customer_id FROM {db}.transactions)",
    "WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r",
])
def test_unsupported_construct(admin, deployment, sales_db, sql):
    with raises_warden("WARDEN-SQL-UNSUPPORTED"):
        admin.query(sql.format(db=sales_db))
    _still_answers(admin, deployment, sales_db)


def test_long_unicode_literal_round_trips(admin, deployment, sales_db):
    text = "\u00ff" * 5000
    table = admin.query(f"SELECT '{text}' AS t FROM {sales_db}.customers LIMIT 1")
    assert table.to_pylist() == [{"t": text}]


@pytest.mark.parametrize("sql", [
    "",
    ";",
    "   ",
    "SELECT",
    "DROP",
    "CREATE EXTERNAL TABLE",
    "SHOW NOTHING",
    "SELECT * FROM {db}.customers WHERE id = 'not a number'",
    "SELECT * FROM {db}.customers LIMIT abc",  # parses (abc is a column), fails to bind
    "SELECT * FROM {db}.customers LIMIT -1",
    "SELECT \x00 FROM {db}.customers",
    "SELECT * FROM {db}.customers; DROP DATABASE {db} CASCADE",
])
def test_hostile_input_gets_a_user_error(admin, deployment, sales_db, sql):
    with pytest.raises(ANY_ERROR) as info:
        admin.query(sql.replace("{db}", sales_db))
    text = str(info.value)
    assert "WARDEN-" in text, text
    assert "WARDEN-INTERNAL" not in text, text
    _still_answers(admin, deployment, sales_db)
    # A statement smuggled after ';' never runs.
    assert sales_db in admin.execute("SHOW DATABASES")["name"].to_pylist()


def test_long_non_ascii_literal_comes_back_intact(admin, deployment, sales_db):
    text = "\u00ff" * 5000
    result = admin.query(f"SELECT '{text}' AS s FROM {sales_db}.customers_one LIMIT 2")
    assert result["s"].to_pylist() == [text, text]
    _still_answers(admin, deployment, sales_db)


def test_long_predicate(admin, deployment, sales_db):
    where = " OR ".join(f"id = {i}" for i in range(1, 2001))
    result = admin.query(f"SELECT id FROM {sales_db}.customers WHERE name = 'x' OR {where}")
    assert sorted(result["id"].to_pylist()) == list(range(1, 501))
    _still_answers(admin, deployment, sales_db)


def test_descriptor_that_is_not_flight_sql(admin, deployment, sales_db):
    for command in (b"garbage", encode_any("type.googleapis.com/some.Other", b"\x0a\x01x"), b""):
        with pytest.raises(ANY_ERROR) as info:
            admin.client.get_flight_info(flight.FlightDescriptor.for_command(command),
                                         admin.options)
        assert "WARDEN-" in str(info.value), str(info.value)
    with pytest.raises(ANY_ERROR):
        admin.client.get_flight_info(flight.FlightDescriptor.for_path("a", "b"), admin.options)
    _still_answers(admin, deployment, sales_db)


def test_error_does_not_leak_other_text(admin, sales_db):
    """Errors carry one 'WARDEN-CODE: message' and no stack traces."""
    with raises_warden("WARDEN-CATALOG-NOT-FOUND") as info:
        admin.query(f"SELECT * FROM {sales_db}.nothing_here")
    text = str(info.value)
    assert "Traceback" not in text and ".cc:" not in text, text
