#!/usr/bin/env python3
"""Query-engine benchmark (issue 4): Warden against DuckDB running the same SQL on the same
Parquet files, measured in the same run. Warden's time is end to end — planning, the
worker executing the plan with Arrow Acero, and the result streamed over Flight into a
pyarrow Table by a Flight SQL client that reads the endpoints one after the other (as the
Flight SQL JDBC driver does) — against DuckDB materializing the same result as an Arrow table
in process. A second line times Warden's Python client (`warden.connect(...).scan_as_arrow`,
which reads a plan's tasks in parallel; on 2 cores that is not faster when the worker and
the client already keep both busy).

    .venv/bin/python bench/engine_bench.py [--transactions 10000000] [--customers 100000]
        [--files 8] [--repeat 3] [--only a,b] [--data-dir DIR]

A second reference is pyarrow running each query in process on the same Arrow C++ that
Warden links (the dataset scanner for (a) and (b), then Acero's group-by and hash join for
(c) and (d)): it shows how much of the gap to DuckDB is the Arrow Parquet reader itself.

`--data-dir` keeps the generated files there and reuses them on the next run (same sizes);
`--only` runs some of the queries (by letter); `--cpu` adds CPU seconds per query: the
`warden serve` process, this process while reading Warden's result (the Flight client), and
this process while DuckDB runs. On a loaded machine CPU time varies less than wall time.

It starts its own `warden serve` on free loopback ports in a temp dir and stops it at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.dataset as pads

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "clients" / "python"))
import warden  # noqa: E402
from datagen import generate  # noqa: E402
from scan_bench import median_seconds, process_cpu_seconds, start_warden  # noqa: E402

QUERIES = {
    "(a) filtered scan ~1%": "SELECT id, customer_id, amount FROM bench.t WHERE amount > 500",
    "(b) full scan, 4 columns": "SELECT id, customer_id, amount, currency FROM bench.t",
    "(c) group-by aggregate": (
        "SELECT currency, count(*) AS n, sum(amount) AS total, avg(amount) AS mean, "
        "min(amount) AS lo, max(amount) AS hi FROM bench.t GROUP BY currency"),
    "(d) join with customers": (
        "SELECT c.country, count(*) AS n, sum(t.amount) AS total FROM bench.t t "
        "JOIN bench.c c ON t.customer_id = c.id GROUP BY c.country"),
}


def pyarrow_queries(t_dir: Path, c_dir: Path) -> dict:
    """The same four queries written against pyarrow (same results, in process)."""
    t = pads.dataset(t_dir, format="parquet")
    c = pads.dataset(c_dir, format="parquet")
    stats = [("amount", "count"), ("amount", "sum"), ("amount", "mean"), ("amount", "min"),
             ("amount", "max")]
    return {
        "(a)": lambda: t.to_table(columns=["id", "customer_id", "amount"],
                                  filter=pc.field("amount") > 500),
        "(b)": lambda: t.to_table(columns=["id", "customer_id", "amount", "currency"]),
        "(c)": lambda: t.to_table(columns=["currency", "amount"]).group_by("currency")
        .aggregate(stats),
        "(d)": lambda: t.to_table(columns=["customer_id", "amount"])
        .join(c.to_table(columns=["id", "country"]), "customer_id", "id")
        .group_by("country").aggregate([("amount", "count"), ("amount", "sum")]),
    }


TARGETS = {"(a)": 1.5, "(b)": 1.5, "(c)": 3.0, "(d)": 3.0}


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_per_run(run, repeat: int, pid: str | None) -> tuple[float, float]:
    """(CPU seconds of process `pid`, of this process) per call of `run`."""
    server = process_cpu_seconds(pid) if pid else 0.0
    own = own_cpu_seconds()
    for _ in range(repeat):
        run()
    server = (process_cpu_seconds(pid) - server) if pid else 0.0
    return server / repeat, (own_cpu_seconds() - own) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="letters of the queries to run, e.g. a,b")
    parser.add_argument("--data-dir", default="", help="keep and reuse the generated files here")
    parser.add_argument("--cpu", action="store_true", help="also report CPU seconds per query")
    args = parser.parse_args()
    only = {f"({letter.strip()})" for letter in args.only.split(",") if letter.strip()}

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.data_dir) if args.data_dir else Path(tmp)
        stamp = data / f"generated-{args.transactions}-{args.customers}-{args.files}"
        if not stamp.exists():
            generate(str(data), customers=args.customers, transactions=args.transactions,
                     files=args.files, formats=("parquet",), seed=7)
            stamp.touch()
        t_dir = data / "parquet" / "transactions"
        c_dir = data / "parquet" / "customers"
        with start_warden(tmp) as client:
            client.execute("CREATE DATABASE bench")
            client.execute(f"CREATE EXTERNAL TABLE bench.t STORED AS PARQUET LOCATION 'file://{t_dir}'")
            client.execute(f"CREATE EXTERNAL TABLE bench.c STORED AS PARQUET LOCATION 'file://{c_dir}'")
            duck = duckdb.connect()
            duck.sql(f"CREATE SCHEMA bench")
            duck.sql(f"CREATE VIEW bench.t AS SELECT * FROM read_parquet('{t_dir}/*.parquet')")
            duck.sql(f"CREATE VIEW bench.c AS SELECT * FROM read_parquet('{c_dir}/*.parquet')")
            conn = warden.connect([client.planner_address], user="admin",
                                  password=client.admin_password, progress=False)
            print(f"{args.transactions:,} transactions in {args.files} Parquet files, "
                  f"{args.customers:,} customers; median of {args.repeat} runs")
            server_pid = None
            if args.cpu:
                server_pid = subprocess.check_output(
                    ["pgrep", "-f", f"bin/warden serve --data-dir {tmp}/data"], text=True).split()[0]
            arrow = pyarrow_queries(t_dir, c_dir)
            print(f"{'query':28} {'warden':>9} {'duckdb':>9} {'ratio':>7} {'target':>7}")
            for name, sql in QUERIES.items():
                if only and name[:3] not in only:
                    continue
                rows = client.query(sql).num_rows
                warden_s = median_seconds(lambda: client.query(sql), args.repeat)
                parallel_s = median_seconds(lambda: conn.scan_as_arrow(sql), args.repeat)
                duck_s = median_seconds(lambda: duck.sql(sql).to_arrow_table(), args.repeat)
                target = TARGETS[name[:3]]
                arrow_s = median_seconds(arrow[name[:3]], args.repeat)
                print(f"{name:28} {warden_s:8.3f}s {duck_s:8.3f}s {warden_s / duck_s:6.2f}x "
                      f"{target:6.1f}x  ({rows:,} rows)")
                print(f"{'':28} Warden's Python client, tasks in parallel {parallel_s:.3f}s: "
                      f"{parallel_s / duck_s:.2f}x DuckDB")
                print(f"{'':28} pyarrow in process {arrow_s:.3f}s: {arrow_s / duck_s:.2f}x DuckDB; "
                      f"Warden {warden_s / arrow_s:.2f}x pyarrow")
                if args.cpu:
                    server_cpu, client_cpu = cpu_per_run(lambda: client.query(sql), args.repeat,
                                                         server_pid)
                    _, duck_cpu = cpu_per_run(lambda: duck.sql(sql).to_arrow_table(), args.repeat,
                                              None)
                    _, arrow_cpu = cpu_per_run(arrow[name[:3]], args.repeat, None)
                    print(f"{'':28} cpu/query: warden server {server_cpu:.3f}s + client "
                          f"{client_cpu:.3f}s, duckdb {duck_cpu:.3f}s, pyarrow {arrow_cpu:.3f}s; "
                          f"server/duckdb {server_cpu / duck_cpu:.2f}x, "
                          f"server/pyarrow {server_cpu / arrow_cpu:.2f}x")
            conn.close()
            print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
