"""The few Flight SQL protobuf messages the client sends, encoded by hand.

pyarrow has Flight but not Flight SQL, and the client should not need a protobuf package:
the messages are tiny (strings, a bool, repeated strings), so we write the wire format
(varints and length-delimited fields) directly. Field numbers follow FlightSql.proto.
"""

from __future__ import annotations

from typing import Iterable, Optional

_TYPE_PREFIX = "type.googleapis.com/arrow.flight.protocol.sql."


def _varint(value: int) -> bytes:
    if value < 0:
        raise ValueError("negative varint")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def _string_field(number: int, text: Optional[str]) -> bytes:
    return b"" if text is None else _bytes_field(number, text.encode("utf-8"))


def _bool_field(number: int, value: bool) -> bytes:
    return _varint(number << 3) + _varint(1) if value else b""


def _any(message: str, value: bytes) -> bytes:
    """google.protobuf.Any{type_url = 1, value = 2}."""
    return _bytes_field(1, (_TYPE_PREFIX + message).encode()) + _bytes_field(2, value)


def statement_query(sql: str) -> bytes:
    return _any("CommandStatementQuery", _string_field(1, sql))


def get_db_schemas(catalog: Optional[str] = None, pattern: Optional[str] = None) -> bytes:
    return _any("CommandGetDbSchemas", _string_field(1, catalog) + _string_field(2, pattern))


def get_tables(catalog: Optional[str] = None, schema_pattern: Optional[str] = None,
               table_pattern: Optional[str] = None, table_types: Iterable[str] = (),
               include_schema: bool = False) -> bytes:
    body = _string_field(1, catalog) + _string_field(2, schema_pattern)
    body += _string_field(3, table_pattern)
    for table_type in table_types:
        body += _string_field(4, table_type)
    body += _bool_field(5, include_schema)
    return _any("CommandGetTables", body)


def like_escape(text: str) -> str:
    """`text` as a LIKE pattern that matches only itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
