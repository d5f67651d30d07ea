"""Unit tests of the Python client's pieces that need no server."""

from __future__ import annotations

import pyarrow.flight as flight
import pytest

import warden
from warden import _wire
from warden.connection import _is_transport_failure, _planner_uri, quote_name
from warden.errors import from_flight


def decode_any(data: bytes) -> tuple[str, bytes]:
    """Minimal protobuf reader for Any{1: type_url, 2: value} (single-byte lengths)."""
    assert data[0] == 0x0A
    url_len = data[1]
    url = data[2:2 + url_len].decode()
    rest = data[2 + url_len:]
    assert rest[0] == 0x12
    return url, rest[2:2 + rest[1]]


def test_statement_query_encoding():
    url, value = decode_any(_wire.statement_query("SELECT 1"))
    assert url.endswith("arrow.flight.protocol.sql.CommandStatementQuery")
    assert value == b"\x0a\x08SELECT 1"


def test_get_tables_encoding_includes_types_and_schema_flag():
    url, value = decode_any(_wire.get_tables(schema_pattern="db", table_types=["TABLE"],
                                             include_schema=True))
    assert url.endswith("CommandGetTables")
    assert value == b"\x12\x02db" + b"\x22\x05TABLE" + b"\x28\x01"


def test_like_escape():
    assert _wire.like_escape("my_db%") == "my\\_db\\%"


def test_planner_uri():
    assert _planner_uri("h", False) == "grpc://h:12050"
    assert _planner_uri("h:1", True) == "grpc+tls://h:1"
    assert _planner_uri("grpc://x:2", True) == "grpc://x:2"


def test_quote_name():
    assert quote_name("sales.customers") == "sales.customers"
    assert quote_name('we"ird.t x') == '"we""ird"."t x"'


@pytest.mark.parametrize("text,cls,code", [
    ("WARDEN-CATALOG-NOT-FOUND: table x not found. Detail: NotFound",
     warden.NotFoundError, "WARDEN-CATALOG-NOT-FOUND"),
    ("WARDEN-SQL-SYNTAX: syntax error at 1", warden.SqlError, "WARDEN-SQL-SYNTAX"),
    ("WARDEN-QUERY-MEMORY-LIMIT: too big", warden.QueryFailedError,
     "WARDEN-QUERY-MEMORY-LIMIT"),
    ("WARDEN-AUTH-PERMISSION-DENIED: no", warden.PermissionDeniedError,
     "WARDEN-AUTH-PERMISSION-DENIED"),
])
def test_errors_are_typed_by_code(text, cls, code):
    error = from_flight(flight.FlightServerError(text))
    assert isinstance(error, cls) and error.code == code
    assert "Detail" not in error.message


def test_transport_failures_are_retried_but_warden_errors_are_not():
    assert _is_transport_failure(flight.FlightUnavailableError("connection refused"))
    assert not _is_transport_failure(
        flight.FlightServerError("WARDEN-QUERY-FAILED: division by zero"))


def test_connect_needs_credentials():
    with pytest.raises(ValueError):
        warden.connect(["localhost:1"], user="a")
