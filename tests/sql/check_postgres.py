#!/usr/bin/env python3
"""Checks that PostgreSQL agrees with DuckDB on the differential suite's queries.

Warden follows PostgreSQL's semantics while the suite's reference is DuckDB, so every query must
be written in the dialect the two agree on. This tool (not part of `make test`: it needs the
PostgreSQL server binaries) starts a throw-away PostgreSQL cluster, loads the suite's datasets
(as DuckDB reads them), runs every query on both and compares with the suite's own rules.

Usage (as root, which runs the server as the `postgres` user):
    .venv/bin/python tests/sql/check_postgres.py [-k SUBSTRING]
Prints one line per disagreement and a summary; exits 1 if any query disagrees or fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import duckdb_reference  # noqa: E402
from query_corpus import load_queries  # noqa: E402
from result_compare import compare_tables  # noqa: E402

FIELD_SEP = "\x1f"
RECORD_SEP = "\x1e"
NULL_MARK = "\x01NULL\x01"


def _pg_type(t: pa.DataType) -> str:
    if pa.types.is_int8(t) or pa.types.is_int16(t):
        return "smallint"
    if pa.types.is_int32(t):
        return "integer"
    if pa.types.is_int64(t):
        return "bigint"
    if pa.types.is_floating(t):
        return "double precision"
    if pa.types.is_decimal(t):
        return f"numeric({t.precision},{t.scale})"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "text"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "timestamptz" if t.tz else "timestamp"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _pg_type(t.value_type) + "[]"
    raise TypeError(f"no PostgreSQL type for {t}")


def _array_literal(values: list) -> str:
    """A PostgreSQL array literal: {1,NULL} or {"a","b\\"c"}."""
    def element(v) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return str(v)
    return "{" + ",".join(element(v) for v in values) + "}"


def _csv_field(v) -> str:
    """COPY's CSV: NULL is an unquoted empty field, strings are always quoted."""
    if v is None:
        return ""
    if isinstance(v, list):
        return _csv_field(_array_literal(v))
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat()
    return str(v)


class Postgres:
    """A private PostgreSQL cluster in a temporary directory, run as the `postgres` user."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="warden-pgcheck-"))
        shutil.chown(self.dir, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = self.dir / "data"

    def _as_postgres(self, *args, **kwargs):
        return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True,
                              capture_output=True, text=True, **kwargs)

    def start(self) -> None:
        self._as_postgres("initdb", "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8",
                          "-A", "trust")
        self._as_postgres("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                          "-o", f"-p {self.port} -k {self.dir} -h '' -c TimeZone=UTC", "start")

    def stop(self) -> None:
        try:
            self._as_postgres("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, sql: str, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["psql", "-X", "-q", "-h", str(self.dir), "-p", str(self.port), "-U", "postgres",
             "-v", "ON_ERROR_STOP=1", *extra, "-c", sql],
            capture_output=True, text=True, env=dict(os.environ, PGTZ="UTC"))

    def load(self, name: str, table: pa.Table) -> None:
        columns = ", ".join(f'"{f.name}" {_pg_type(f.type)}' for f in table.schema)
        out = self.psql(f"CREATE TABLE {datasets.DATABASE}.{name} ({columns})")
        if out.returncode:
            raise RuntimeError(out.stderr)
        path = self.dir / f"{name}.csv"
        with open(path, "w", encoding="utf-8") as f:
            for row in zip(*[col.to_pylist() for col in table.columns]):
                f.write(",".join(_csv_field(v) for v in row) + "\n")
        shutil.chown(path, "postgres")
        out = self.psql(f"COPY {datasets.DATABASE}.{name} FROM '{path}' WITH (FORMAT csv)")
        if out.returncode:
            raise RuntimeError(out.stderr)

    def query(self, sql: str) -> tuple[list[str], list[list[str | None]]]:
        out = self.psql(sql, "-A", "-F", FIELD_SEP, "-R", RECORD_SEP, "-P", f"null={NULL_MARK}",
                        "-P", "footer=off")
        if out.returncode:
            raise RuntimeError(out.stderr.strip())
        records = out.stdout.rstrip("\n").split(RECORD_SEP)
        names = records[0].split(FIELD_SEP)
        rows = [[None if v == NULL_MARK else v for v in r.split(FIELD_SEP)] for r in records[1:]]
        return names, rows


def _parse(text: str | None, t: pa.DataType):
    """PostgreSQL's text output of a value, read as the type DuckDB gave the column."""
    if text is None:
        return None
    try:
        if pa.types.is_boolean(t):
            return {"t": True, "f": False}[text]
        if pa.types.is_integer(t):
            return int(text) if text.lstrip("-").isdigit() else float(text)
        if pa.types.is_floating(t) or pa.types.is_decimal(t):
            return float({"Infinity": "inf", "-Infinity": "-inf"}.get(text, text))
        if pa.types.is_date(t):
            return dt.date.fromisoformat(text)
        if pa.types.is_timestamp(t):
            value = dt.datetime.fromisoformat(text)
            return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    except (ValueError, KeyError):
        return text  # shows up as a difference
    return text


def pg_table(names: list[str], rows, like: pa.Schema) -> pa.Table:
    if len(names) != len(like):
        return pa.table({n: pa.array([r[i] for r in rows], pa.string())
                         for i, n in enumerate(names)})
    arrays = []
    for i, field in enumerate(like):
        values = [_parse(r[i], field.type) for r in rows]
        arrays.append(pa.array(values, type=None if values else pa.null())
                      if len({type(v) for v in values if v is not None}) <= 1
                      else pa.array([repr(v) for v in values]))
    return pa.Table.from_arrays(arrays, names=names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", default="", help="only queries whose id contains this")
    args = parser.parse_args()
    queries = [q for q in load_queries() if args.k in q.id]
    root = Path(tempfile.mkdtemp(prefix="warden-pgcheck-data-"))
    pg = Postgres()
    failures = 0
    try:
        tables = datasets.generate(root)
        duck = duckdb_reference.connect(tables)
        pg.start()
        pg.psql(f"CREATE SCHEMA {datasets.DATABASE}")
        for name in tables:
            pg.load(name, duck.sql(f"SELECT * FROM {datasets.DATABASE}.{name}").to_arrow_table())
        for q in queries:
            try:
                expected = duckdb_reference.run(duck, q.sql)
            except Exception as exc:  # noqa: BLE001 - reported like a disagreement
                failures += 1
                print(f"FAIL {q.id} ({q.source}): duckdb error: {exc}")
                continue
            try:
                names, rows = pg.query(q.sql)
            except RuntimeError as exc:
                failures += 1
                print(f"FAIL {q.id} ({q.source}): postgres error: {exc}")
                continue
            actual = pg_table(names, rows, expected.schema)
            diff = compare_tables(actual, expected, ordered=q.ordered, tolerance=q.tolerance,
                                  actual_name="postgres")
            if diff:
                failures += 1
                print(f"FAIL {q.id} ({q.source}):\n{q.sql}\n{diff}\n")
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"{len(queries) - failures} agree, {failures} disagree or fail "
          f"(of {len(queries)} queries)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
