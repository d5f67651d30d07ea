"""DuckDB as the reference engine: views named like Warden's tables over the same files.

The session is set to PostgreSQL's conventions where DuckDB's defaults differ: time zone UTC
(Warden's sessions are UTC) and NULLs last in ascending, first in descending order.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from datasets import DATABASE, Dataset


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_DUCKDB_TYPES = {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
                 pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}


def _csv_columns(schema: pa.Schema) -> str:
    """The CSV's column types for DuckDB, so that it skips its (slow) type sniffing; they are
    the types any sane inference gives these files."""
    return "{" + ", ".join(f"{_quote(f.name)}: {_quote(_DUCKDB_TYPES[f.type])}"
                           for f in schema) + "}"


def view_source(ds: Dataset) -> str:
    """The DuckDB table function reading the dataset's files."""
    path = ds.path.resolve()
    if ds.format == "parquet":
        if path.is_file():
            return f"read_parquet({_quote(str(path))})"
        if ds.hive_partitioned:
            return (f"read_parquet({_quote(str(path / '**' / '*.parquet'))}, "
                    "hive_partitioning = true, union_by_name = true)")
        return f"read_parquet({_quote(str(path / '**' / '*.parquet'))}, union_by_name = true)"
    if ds.format == "csv":
        return (f"read_csv({_quote(str(path / '*.csv'))}, header = true, "
                f"auto_detect = false, columns = {_csv_columns(ds.schema)})")
    if ds.format == "json":
        return f"read_json({_quote(str(path / '*.jsonl'))}, format = 'newline_delimited')"
    raise ValueError(f"unknown format {ds.format}")


def connect(datasets: dict[str, Dataset], threads: int = 2) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute(f"SET threads = {int(threads)}")
    conn.execute("SET TimeZone = 'UTC'")
    conn.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'")
    conn.execute(f"CREATE SCHEMA {DATABASE}")
    for ds in datasets.values():
        conn.execute(f"CREATE VIEW {DATABASE}.{ds.name} AS SELECT * FROM {view_source(ds)}")
    return conn


def run(conn: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    return conn.sql(sql).to_arrow_table()
