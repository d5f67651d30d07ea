"""Differential SQL suite (DESIGN §9 golden suite, issue "Query engine" › Correctness).

Every query of tests/sql/queries/*.sql runs through Warden (Flight SQL, one shared deployment)
and through DuckDB (the reference, from PyPI) over the same files (tests/sql/datasets.py), and
the results must match:

- the same number of columns with the same names (case-insensitive);
- the same rows as a multiset, or in the same order for queries marked `-- ordered`;
- values compared after normalization: NULL only equals NULL; integers, floats and decimals by
  value — two integers exactly, otherwise as doubles within a relative tolerance of 1e-9
  (|a - b| <= tol * max(|a|, |b|) + 1e-12; a query may set `-- tolerance: x`); NaN equals NaN;
  timestamps as UTC instants; dates, strings and booleans exactly (result_compare.py).

Test groups (select with -k):
  test_duckdb_reference   DuckDB only: every query runs, twice (1 and 4 threads), with the same
                          result both times; it is non-empty unless marked `-- empty`; every
                          output column has a plain name (expressions carry an alias, since
                          PostgreSQL and DuckDB name unaliased expressions differently).
  test_warden_matches_duckdb
                          the differential test proper (needs the warden binary).
  test_unsupported_construct
                          valid SQL (DuckDB runs it) that Warden refuses with
                          WARDEN-SQL-UNSUPPORTED naming the construct.

Environment: WARDEN_BIN (see tests/conftest.py); WARDEN_SQL_DEPLOYMENT=serve|split (default
split: a planner and two workers, so plain scans are spread over tasks).
"""

from __future__ import annotations

import os
import re
import sys
import time
import warnings
from pathlib import Path

import pyarrow.flight as flight
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import duckdb_reference  # noqa: E402
from flight_sql import ANY_ERROR, raises_warden  # noqa: E402
from query_corpus import Query, load_queries  # noqa: E402
from result_compare import compare_tables  # noqa: E402

QUERIES = load_queries()
QUERY_PARAMS = [pytest.param(q, id=q.id) for q in QUERIES]


def _known_gaps() -> dict[str, str]:
    """known_gaps.txt: queries Warden does not answer correctly yet, with the reason."""
    gaps = {}
    for line in (Path(__file__).parent / "known_gaps.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            query_id, _, reason = line.partition("#")
            gaps[query_id.strip()] = reason.strip()
    return gaps


KNOWN_GAPS = _known_gaps()
WARDEN_PARAMS = [
    pytest.param(q, id=q.id, marks=pytest.mark.xfail(reason=KNOWN_GAPS[q.id], strict=True))
    if q.id in KNOWN_GAPS else pytest.param(q, id=q.id)
    for q in QUERIES
]
DEPLOYMENT_KIND = os.environ.get("WARDEN_SQL_DEPLOYMENT", "split")
PLAIN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$", re.IGNORECASE)


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, datasets.Dataset]:
    return datasets.generate(tmp_path_factory.mktemp("sql-datasets"))


@pytest.fixture(scope="module")
def duck(tables):
    conn = duckdb_reference.connect(tables)
    yield conn
    conn.close()


class WardenTables:
    """An admin connection to a deployment where the suite's tables are registered."""

    def __init__(self, deployment, errors: dict[str, str]):
        self.deployment = deployment
        self.client = deployment.admin()
        self.registration_errors = errors  # table → why CREATE EXTERNAL TABLE failed
        self.last_query = ""  # id of the query run before, to name it when a process died

    def crashed(self, wait: float = 0.0) -> str | None:
        """If a process died (or dies within `wait` seconds), its logs; the deployment is then
        restarted (same catalog) so that one crash is charged to the query that caused it,
        not to every query after it."""
        deadline = time.monotonic() + wait
        while self.deployment.all_running():
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)
        dead = ", ".join(f"{p.name} exited with {p.proc.returncode}"
                         for p in self.deployment.processes if not p.running)
        logs = f"{dead}\n{self.deployment.logs()}"
        self.client.close()
        self.deployment.restart()
        self.client = self.deployment.admin()
        return logs


def registration_sql(ds: datasets.Dataset) -> str:
    """How the suite registers a table in Warden (docs/sql-reference.md). A Hive-partitioned
    folder is registered like any other: its `region=…` directories are partitions
    (DESIGN §3)."""
    fmt = {"parquet": "PARQUET", "csv": "CSV", "json": "JSON"}[ds.format]
    return (f"CREATE EXTERNAL TABLE {datasets.DATABASE}.{ds.name} STORED AS {fmt} "
            f"LOCATION '{ds.uri}'")


@pytest.fixture(scope="module")
def warden(launcher, tables):
    deployment = launcher.deployment(DEPLOYMENT_KIND)
    errors = {}
    with deployment.admin() as client:
        client.execute(f"CREATE DATABASE {datasets.DATABASE}")
        for ds in tables.values():
            try:
                client.execute(registration_sql(ds))
            except ANY_ERROR as exc:  # reported by every query that reads the table
                errors[ds.name] = f"{registration_sql(ds)}\n  failed: {exc}"
    side = WardenTables(deployment, errors)
    yield side
    side.client.close()


# --- DuckDB only ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def duck_other_threads(tables):
    conn = duckdb_reference.connect(tables, threads=4)
    yield conn
    conn.close()


def test_corpus_is_large_enough():
    assert len(QUERIES) >= 300, len(QUERIES)


def test_datasets_are_deterministic(tmp_path):
    datasets.generate(tmp_path / "a")
    datasets.generate(tmp_path / "b")
    first, second = _file_bytes(tmp_path / "a"), _file_bytes(tmp_path / "b")
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"files differ between two generations: {changed}"


def _file_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("query", QUERY_PARAMS)
def test_duckdb_reference(query: Query, duck, duck_other_threads):
    first = duckdb_reference.run(duck, query.sql)
    second = duckdb_reference.run(duck_other_threads, query.sql)
    diff = compare_tables(second, first, ordered=query.ordered, tolerance=query.tolerance,
                          actual_name="duckdb (4 threads)", expected_name="duckdb (2 threads)")
    assert diff is None, f"{query.source}: not deterministic on DuckDB\n{query.sql}\n{diff}"
    odd = [n for n in first.column_names if not PLAIN_NAME.match(n)]
    assert not odd, f"{query.source}: give these expressions an alias: {odd}"
    if query.empty:
        assert first.num_rows == 0, f"{query.source}: marked empty, DuckDB returns rows"
    else:
        assert first.num_rows > 0, f"{query.source}: empty result; mark it `-- empty`"


# --- Warden against DuckDB -----------------------------------------------------------------------

@pytest.mark.parametrize("query", WARDEN_PARAMS)
def test_warden_matches_duckdb(query: Query, warden, duck):
    if warden.crashed() is not None:
        warnings.warn(f"a Warden process died after query {warden.last_query} had run; "
                      "restarted the deployment")
    warden.last_query = query.id
    expected = duckdb_reference.run(duck, query.sql)
    unregistered = [warden.registration_errors[t] for t in sorted(query.tables)
                    if t in warden.registration_errors]
    try:
        actual = warden.client.query(query.sql)
    except ANY_ERROR as exc:
        context = "".join(f"\ntable registration: {e}" for e in unregistered)
        # A lost connection usually means a process is dying: give it a moment to exit.
        lost = isinstance(exc, flight.FlightUnavailableError)
        if (logs := warden.crashed(wait=2.0 if lost else 0.0)) is not None:
            context += f"\na Warden process died running this query:\n{logs}"
        pytest.fail(f"{query.source}: Warden failed: {exc}{context}\n{query.sql}",
                    pytrace=False)
    diff = compare_tables(actual, expected, ordered=query.ordered, tolerance=query.tolerance)
    if diff is not None:
        pytest.fail(f"{query.source}: results differ\n{query.sql}\n{diff}", pytrace=False)


# --- constructs Warden refuses -------------------------------------------------------------------

# (id, SQL, text the error must contain to name the construct)
UNSUPPORTED = [
    ("window_function",
     "SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS n "
     "FROM difftest.customers", "window function"),
    ("window_aggregate",
     "SELECT order_id, sum(quantity) OVER (PARTITION BY customer_id) AS s "
     "FROM difftest.orders", "window function"),
    ("intersect",
     "SELECT customer_id FROM difftest.customers INTERSECT "
     "SELECT customer_id FROM difftest.orders", "INTERSECT"),
    ("except",
     "SELECT customer_id FROM difftest.customers EXCEPT "
     "SELECT customer_id FROM difftest.orders", "EXCEPT"),
    ("scalar_subquery_in_select_list",
     "SELECT customer_id, (SELECT max(order_id) FROM difftest.orders) AS m "
     "FROM difftest.customers", "subquery"),
    ("recursive_cte",
     "WITH RECURSIVE chain(id, depth) AS (SELECT customer_id, 1 FROM difftest.customers "
     "WHERE customer_id = 1 UNION ALL SELECT c.customer_id, chain.depth + 1 "
     "FROM difftest.customers c JOIN chain ON c.referrer_id = chain.id WHERE chain.depth < 3) "
     "SELECT id, depth FROM chain", "RECURSIVE"),
    ("lateral",
     "SELECT c.customer_id, o.order_id FROM difftest.customers c, LATERAL "
     "(SELECT order_id FROM difftest.orders WHERE customer_id = c.customer_id LIMIT 1) o",
     "LATERAL"),
    ("distinct_aggregates_over_different_arguments",
     "SELECT sum(DISTINCT quantity) AS a, sum(DISTINCT product_id) AS b FROM difftest.orders",
     "DISTINCT aggregates over different arguments"),
    ("stddev_with_sum_distinct",
     "SELECT sum(DISTINCT quantity) AS a, stddev(quantity) AS b FROM difftest.orders",
     "together with sum/avg(DISTINCT)"),
    ("two_unnests_in_a_select_list",
     "SELECT unnest(tags) AS a, unnest(nums) AS b FROM difftest.tagged", "more than one unnest()"),
    ("unnest_left_join_lateral",
     "SELECT t.id, u.x FROM difftest.tagged t LEFT JOIN LATERAL unnest(t.tags) AS u(x) ON TRUE",
     "joined other than by CROSS JOIN"),
    ("interval_months_plus_interval",
     "SELECT INTERVAL '1 month' + INTERVAL '1 year' AS i", "intervals of months or years"),
    ("fractional_month_interval",
     "SELECT DATE '2024-01-31' + INTERVAL '1.5 months' AS d", "fractional"),
]


@pytest.mark.parametrize("sql,construct", [u[1:] for u in UNSUPPORTED],
                         ids=[u[0] for u in UNSUPPORTED])
def test_unsupported_construct(sql, construct, warden, duck):
    duckdb_reference.run(duck, sql)  # valid SQL: the refusal is about Warden's support
    with raises_warden("WARDEN-SQL-UNSUPPORTED") as info:
        warden.client.query(sql)
    assert warden.crashed() is None
    text = str(info.value)
    assert construct.lower() in text.lower(), f"the error should name {construct!r}: {text}"


# (id, SQL, text of the error): PostgreSQL raises these while running, so does Warden.
QUERY_ERRORS = [
    ("make_date_invalid_day", "SELECT make_date(2023, 2, 29) AS d", "out of range"),
    ("make_date_month_13", "SELECT id, make_date(2024, CAST(id AS integer) + 12, 1) AS d "
     "FROM difftest.tiny", "out of range"),
    ("make_date_year_zero", "SELECT make_date(0, 1, 1) AS d", "out of range"),
    ("split_part_field_zero", "SELECT split_part(s, ',', 0) AS p FROM difftest.tiny",
     "must not be zero"),
]


@pytest.mark.parametrize("sql,message", [e[1:] for e in QUERY_ERRORS],
                         ids=[e[0] for e in QUERY_ERRORS])
def test_query_error(sql, message, warden):
    with raises_warden("WARDEN-QUERY-FAILED") as info:
        warden.client.query(sql)
    assert warden.crashed() is None
    assert message in str(info.value), str(info.value)
