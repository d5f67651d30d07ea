"""Compares two query results (Arrow tables) the way the differential suite defines "the same".

- Columns: the same count and the same names, compared case-insensitively.
- Rows: the same multiset of rows; in the same order only when the query is `-- ordered`.
- Values, after normalization:
  * NULL equals only NULL; booleans equal only booleans.
  * Numbers (integers, floats, decimals) compare by value whatever their type: two integers
    exactly, otherwise as doubles with |a - b| <= tolerance * max(|a|, |b|) + 1e-12
    (relative tolerance 1e-9 unless the query says `-- tolerance: x`). NaN equals NaN,
    +/-Infinity equal themselves only, -0.0 equals 0.0.
  * Timestamps compare as UTC instants (a timestamp without time zone is read as UTC).
  * Dates, strings (exactly, code point by code point), binaries and intervals by equality.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import pyarrow as pa

ABSOLUTE_TOLERANCE = 1e-12
MAX_SHOWN_ROWS = 8
MAX_GREEDY_ROWS = 3000  # unmatched rows beyond this are reported without pairing attempts

_UTC = dt.timezone.utc


def normalize(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=_UTC)
        return value.astimezone(_UTC)
    if isinstance(value, pa.MonthDayNano):
        return ("interval", value.months, value.days, value.nanoseconds)
    if isinstance(value, list):
        return tuple(normalize(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, normalize(v)) for k, v in value.items())
    return value


def table_rows(table: pa.Table) -> list[tuple]:
    """Rows as tuples of normalized values (column by column: names may repeat)."""
    columns = [[normalize(v) for v in column.to_pylist()] for column in table.columns]
    return list(zip(*columns)) if columns else [() for _ in range(table.num_rows)]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def values_equal(a: Any, b: Any, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        if math.isinf(x) or math.isinf(y):
            return x == y
        return abs(x - y) <= tolerance * max(abs(x), abs(y)) + ABSOLUTE_TOLERANCE
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    return a == b


def rows_equal(a: tuple, b: tuple, tolerance: float) -> bool:
    return len(a) == len(b) and all(values_equal(x, y, tolerance) for x, y in zip(a, b))


def _sort_key_value(v: Any) -> tuple:
    """A total order that puts values equal within tolerance next to each other (mostly)."""
    if v is None:
        return (0,)
    if isinstance(v, bool):
        return (1, v)
    if _is_number(v):
        x = float(v)
        if math.isnan(x):
            return (2, 1, 0.0)
        if math.isinf(x) or x == 0:
            return (2, 0, x)
        return (2, 0, float(f"{x:.6g}"))
    if isinstance(v, str):
        return (3, v)
    if isinstance(v, dt.datetime):
        return (4, v.timestamp())
    if isinstance(v, dt.date):
        return (5, v.toordinal())
    return (6, repr(v))


def _sort_key(row: tuple) -> tuple:
    return tuple(_sort_key_value(v) for v in row)


def _multiset_difference(actual: list[tuple], expected: list[tuple], tolerance: float):
    """(rows only in actual, rows only in expected)."""
    a_sorted = sorted(actual, key=_sort_key)
    e_sorted = sorted(expected, key=_sort_key)
    only_a, only_e = [], []
    i = j = 0
    while i < len(a_sorted) and j < len(e_sorted):
        if rows_equal(a_sorted[i], e_sorted[j], tolerance):
            i += 1
            j += 1
        elif _sort_key(a_sorted[i]) < _sort_key(e_sorted[j]):
            only_a.append(a_sorted[i])
            i += 1
        else:
            only_e.append(e_sorted[j])
            j += 1
    only_a.extend(a_sorted[i:])
    only_e.extend(e_sorted[j:])
    if only_a and only_e and len(only_a) <= MAX_GREEDY_ROWS and len(only_e) <= MAX_GREEDY_ROWS:
        # Rows whose float columns differ within tolerance may sort apart: pair them up.
        remaining = list(only_e)
        unmatched_a = []
        for row in only_a:
            for k, other in enumerate(remaining):
                if rows_equal(row, other, tolerance):
                    del remaining[k]
                    break
            else:
                unmatched_a.append(row)
        only_a, only_e = unmatched_a, remaining
    return only_a, only_e


def _show(rows: list[tuple]) -> str:
    shown = "\n".join(f"    {row!r}" for row in rows[:MAX_SHOWN_ROWS])
    more = f"\n    … {len(rows) - MAX_SHOWN_ROWS} more" if len(rows) > MAX_SHOWN_ROWS else ""
    return shown + more


def _identical(actual: pa.Table, expected: pa.Table, ordered: bool) -> bool:
    """Fast path for large results: same types and exactly the same (sorted) rows."""
    if actual.schema.types != expected.schema.types or actual.num_rows != expected.num_rows:
        return False
    names = [f"c{i}" for i in range(actual.num_columns)]
    a, e = actual.rename_columns(names), expected.rename_columns(names)
    if not ordered:
        try:
            keys = [(n, "ascending") for n in names]
            a, e = a.sort_by(keys), e.sort_by(keys)
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
            return False
    return a.equals(e)


def compare_tables(actual: pa.Table, expected: pa.Table, *, ordered: bool, tolerance: float,
                   actual_name: str = "warden", expected_name: str = "duckdb") -> str | None:
    """None when the results match, else a report of the first differences."""
    a_names = [n.lower() for n in actual.column_names]
    e_names = [n.lower() for n in expected.column_names]
    if a_names != e_names:
        return (f"columns differ:\n  {actual_name}: {actual.column_names}\n"
                f"  {expected_name}: {expected.column_names}")
    if _identical(actual, expected, ordered):
        return None
    actual_rows, expected_rows = table_rows(actual), table_rows(expected)
    header = (f"columns {actual.column_names}; rows: {actual_name} {len(actual_rows)}, "
              f"{expected_name} {len(expected_rows)}")
    if ordered:
        for k in range(max(len(actual_rows), len(expected_rows))):
            a = actual_rows[k] if k < len(actual_rows) else None
            e = expected_rows[k] if k < len(expected_rows) else None
            if a is None or e is None or not rows_equal(a, e, tolerance):
                lo = max(0, k - 2)
                return (f"{header}\nfirst difference at row {k} (ordered):\n"
                        f"  {actual_name} rows {lo}..:\n{_show(actual_rows[lo:k + 6])}\n"
                        f"  {expected_name} rows {lo}..:\n{_show(expected_rows[lo:k + 6])}")
        return None
    only_a, only_e = _multiset_difference(actual_rows, expected_rows, tolerance)
    if not only_a and not only_e:
        return None
    return (f"{header}\n  only in {actual_name} ({len(only_a)}):\n{_show(only_a)}\n"
            f"  only in {expected_name} ({len(only_e)}):\n{_show(only_e)}")
