"""The hand-written protobuf encoding in flight_sql.py (no server needed)."""

from flight_sql import _varint, encode_any, encode_statement_query, STATEMENT_QUERY_TYPE_URL


def _read_varint(data, pos):
    shift = value = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _fields(data):
    """Decodes length-delimited fields only (all we emit): [(field_number, bytes)]."""
    out, pos = [], 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        assert key & 7 == 2
        length, pos = _read_varint(data, pos)
        out.append((key >> 3, data[pos:pos + length]))
        pos += length
    return out


def test_varint():
    assert _varint(0) == b"\x00"
    assert _varint(1) == b"\x01"
    assert _varint(127) == b"\x7f"
    assert _varint(128) == b"\x80\x01"
    assert _varint(300) == b"\xac\x02"
    assert _varint(2**32) == b"\x80\x80\x80\x80\x10"


def test_any_layout():
    assert encode_any("t", b"v") == b"\x0a\x01t\x12\x01v"


def test_statement_query_roundtrip():
    sql = "SELECT name FROM db.t WHERE name = 'Zoë' " + "x" * 300
    fields = _fields(encode_statement_query(sql))
    assert fields[0] == (1, STATEMENT_QUERY_TYPE_URL.encode())
    assert fields[1][0] == 2
    assert _fields(fields[1][1]) == [(1, sql.encode("utf-8"))]
