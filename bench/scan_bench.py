#!/usr/bin/env python3
"""Scan throughput of the walking skeleton: Warden (planner + worker over Flight, one task per
file, read sequentially by one client) against pyarrow.dataset and DuckDB on the same files,
measured in the same run. Prints each median and the ratio to the fastest reference.

    .venv/bin/python bench/scan_bench.py [--transactions 2000000] [--files 4] [--repeat 5]

It starts its own `warden serve` on free loopback ports in a temp dir and stops it at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from datagen import generate  # noqa: E402
from flight_sql import FlightSqlClient  # noqa: E402

QUERIES = {
    # (Warden SQL over demo.t, the same over DuckDB's read_parquet, a pyarrow.dataset callable)
    "full scan, 4 columns": (
        "SELECT id, customer_id, amount, currency FROM bench.t",
        lambda d: d.to_table(columns=["id", "customer_id", "amount", "currency"]),
    ),
    "filtered scan (~1%)": (
        "SELECT id, amount FROM bench.t WHERE amount > 500",
        lambda d: d.to_table(columns=["id", "amount"], filter=ds.field("amount") > 500),
    ),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu_seconds(pid: int | str) -> float:
    """User + system CPU time process `pid` has used: unlike wall time, barely moved by
    other work on a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median_seconds(run, repeat: int) -> float:
    run()  # warm the page cache and the code paths
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextlib.contextmanager
def start_warden(tmp: str):
    """A `warden serve` on free loopback ports with its data in `tmp`; yields an admin
    Flight SQL client (with `planner_address` and `admin_password` set, for other clients)
    and stops the server (SIGTERM) on exit."""
    password = secrets.token_urlsafe(12)
    planner, worker, http = free_port(), free_port(), free_port()
    env = dict(os.environ, WARDEN_ADMIN_PASSWORD=password)
    server = subprocess.Popen(
        [str(ROOT / "build/bin/warden"), "serve", "--data-dir", f"{tmp}/data",
         "--planner-port", str(planner), "--worker-port", str(worker),
         "--http-port", str(http)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if "ready" in line:
                break
        client = FlightSqlClient("127.0.0.1", planner)
        client.authenticate("admin", password)
        client.planner_address, client.admin_password = f"127.0.0.1:{planner}", password
        yield client
        client.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=2_000_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        generate(tmp, customers=1000, transactions=args.transactions, files=args.files,
                 formats=("parquet",), seed=7)
        location = Path(tmp) / "parquet" / "transactions"
        with start_warden(tmp) as client:
            client.execute("CREATE DATABASE bench")
            client.execute(f"CREATE EXTERNAL TABLE bench.t STORED AS PARQUET "
                           f"LOCATION 'file://{location}'")
            dataset = ds.dataset(location, format="parquet")
            duck = duckdb.connect()
            print(f"{args.transactions:,} rows in {args.files} Parquet files; median of "
                  f"{args.repeat} runs")
            print(f"{'query':24} {'warden':>9} {'pyarrow':>9} {'duckdb':>9} {'ratio':>7}")
            for name, (sql, pyarrow_run) in QUERIES.items():
                rows = client.query(sql).num_rows
                duck_sql = sql.replace("bench.t", f"read_parquet('{location}/*.parquet')")
                warden_s = median_seconds(lambda: client.query(sql), args.repeat)
                pyarrow_s = median_seconds(lambda: pyarrow_run(dataset), args.repeat)
                duck_s = median_seconds(lambda: duck.sql(duck_sql).to_arrow_table(), args.repeat)
                ratio = warden_s / min(pyarrow_s, duck_s)
                print(f"{name:24} {warden_s:8.3f}s {pyarrow_s:8.3f}s {duck_s:8.3f}s "
                      f"{ratio:6.2f}x  ({rows:,} rows)")


if __name__ == "__main__":
    main()
