#!/usr/bin/env python3
"""End-to-end read into a pyarrow Table: Warden (one planner, two workers on loopback, the
Python client) against pyarrow.parquet.read_table and DuckDB → Arrow on the same files, in
one run. Also splits Warden's time: planning, the Flight transfer alone (raw DoGet of every
ticket in parallel, no client logic) and the client's own work.

    .venv/bin/python bench/client_bench.py [--rows 10000000] [--files 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.flight as flight
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "clients" / "python"))
import warden  # noqa: E402
from conftest import ADMIN_USER, start_planner, start_worker, write_key_file  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from scan_bench import median_seconds as median  # noqa: E402


def generate(root: Path, rows: int, files: int) -> None:
    root.mkdir(parents=True)
    rng = np.random.default_rng(1)
    per_file = rows // files
    currencies = pa.array(["EUR", "USD", "GBP", "JPY", "CHF"])
    for i in range(files):
        n = per_file if i < files - 1 else rows - per_file * (files - 1)
        start = i * per_file
        table = pa.table({
            "id": np.arange(start, start + n, dtype=np.int64),
            "customer_id": rng.integers(0, 100_000, n),
            "amount": rng.normal(100, 50, n),
            "currency": currencies.take(rng.integers(0, 5, n)),
            "ts": pa.array(rng.integers(1_600_000_000_000_000, 1_700_000_000_000_000, n),
                           pa.timestamp("us")),
        })
        pq.write_table(table, root / f"part-{i:05d}.parquet")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallelism", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="warden-client-bench-") as tmp:
        work = Path(tmp)
        data = work / "t"
        generate(data, args.rows, args.files)
        size = sum(f.stat().st_size for f in data.iterdir())
        ticket_key = write_key_file(work / "ticket.key")
        token_secret = write_key_file(work / "token.key")
        password = "pw-" + secrets.token_urlsafe(12)
        workers = [start_worker(work, f"worker{i}", ticket_key, token_secret) for i in (1, 2)]
        planner, port = start_planner(work, "planner", ticket_key, token_secret,
                                      [p for _, p in workers], password)
        processes = [planner] + [p for p, _ in workers]
        try:
            for proc, worker_port in workers:
                proc.wait_ready(worker_port)
            planner.wait_ready(port)
            conn = warden.connect([f"127.0.0.1:{port}"], user=ADMIN_USER, password=password,
                                  parallelism=args.parallelism, progress=False)
            conn.execute_ddl("CREATE DATABASE bench")
            conn.execute_ddl(f"CREATE EXTERNAL TABLE bench.t STORED AS PARQUET "
                             f"LOCATION 'file://{data}'")
            sql = "SELECT * FROM bench.t"

            expected_rows = pq.read_table(data).num_rows
            result = conn.scan_as_arrow(sql)
            assert result.num_rows == expected_rows, (result.num_rows, expected_rows)

            t_pyarrow = median(lambda: pq.read_table(data), args.repeat)
            def duckdb_to_arrow():
                result = duckdb.sql(f"SELECT * FROM read_parquet('{data}/*.parquet')").arrow()
                # Newer DuckDB returns a lazy reader: materialize like the others do.
                table = result.read_all() if hasattr(result, "read_all") else result
                assert table.num_rows == expected_rows
                return table

            t_duckdb = median(duckdb_to_arrow, args.repeat)
            t_warden = median(lambda: conn.scan_as_arrow(sql), args.repeat)
            t_plan = median(lambda: conn.plan(sql), args.repeat)

            # The transfer alone: every ticket read with plain pyarrow.flight in parallel.
            plan = conn.plan(sql)
            clients = {uri: flight.FlightClient(uri)
                       for task in plan.tasks for uri in task.locations[:1]}
            # Workers honour a ticket only with its user's bearer token (decision 0008).
            with flight.FlightClient(f"grpc://127.0.0.1:{port}") as login:
                bearer = login.authenticate_basic_token(ADMIN_USER, password)
            call_options = flight.FlightCallOptions(headers=[bearer])

            def raw_transfer():
                fresh = conn.plan(sql)

                def read(task):
                    return clients[task.locations[0]].do_get(
                        flight.Ticket(task.ticket), call_options).read_all()
                with ThreadPoolExecutor(args.parallelism) as pool:
                    return pa.concat_tables(pool.map(read, fresh.tasks))

            t_raw = median(raw_transfer, args.repeat)
            conn.close()
        finally:
            for proc in processes:
                proc.stop()

    mb = size / 2**20
    print(f"{args.rows:,} rows, {args.files} files, {mb:.0f} MiB Parquet, "
          f"{os.cpu_count()} CPUs; median of {args.repeat}")
    for name, seconds in [("pyarrow.parquet.read_table", t_pyarrow),
                          ("DuckDB -> Arrow", t_duckdb),
                          ("Warden (1 planner, 2 workers, Python client)", t_warden)]:
        print(f"  {name:<46} {seconds:7.3f} s  {args.rows / seconds / 1e6:7.1f} M rows/s")
    print(f"  Warden / pyarrow throughput: {t_pyarrow / t_warden:.2f}x (target >= 0.6x)")
    print("  where Warden's time goes:")
    print(f"    planning (GetFlightInfo)                     {t_plan:7.3f} s")
    print(f"    plan + decode on workers + Flight transfer   {t_raw:7.3f} s (raw DoGet)")
    print(f"    client (threads, queues, assembling)         {max(t_warden - t_raw, 0):7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
