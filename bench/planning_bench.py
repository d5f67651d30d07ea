#!/usr/bin/env python3
"""Planning latency of a table of many small Parquet files, end to end through Flight SQL
(GetFlightInfo: bind, list files from the listing cache, split into tasks, sign tickets).
The first plan lists storage and reads footers (cold); later plans hit the listing cache
(warm). Prints p50/p99 of warm plans and the size of the FlightInfo returned.

    .venv/bin/python bench/planning_bench.py [--files 10000] [--repeat 50]

It starts its own `warden serve` on free loopback ports in a temp dir and stops it at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from scan_bench import start_warden  # noqa: E402


def write_files(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        table = pa.table({"id": pa.array([i * 10 + j for j in range(10)], pa.int64()),
                          "v": pa.array([float(j) for j in range(10)])})
        pq.write_table(table, folder / f"part-{i:05d}.parquet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "many"
        write_files(folder, args.files)
        with start_warden(tmp) as client:
            client.execute("CREATE DATABASE bench")
            client.execute(f"CREATE EXTERNAL TABLE bench.many STORED AS PARQUET "
                           f"LOCATION 'file://{folder}'")
            queries = {
                "SELECT * (plain scan)": "SELECT * FROM bench.many",
                "filtered scan": "SELECT id FROM bench.many WHERE v > 5",
                "aggregate (one task)": "SELECT count(*) FROM bench.many",
            }
            print(f"{args.files:,} Parquet files; {args.repeat} warm plans each")
            print(f"{'query':24} {'cold ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'tasks':>6} "
                  f"{'info KiB':>9}")
            for name, sql in queries.items():
                start = time.perf_counter()
                info = client.flight_info(sql)
                cold = (time.perf_counter() - start) * 1000
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    info = client.flight_info(sql)
                    times.append((time.perf_counter() - start) * 1000)
                times.sort()
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                size = len(info.serialize()) / 1024
                print(f"{name:24} {cold:8.1f} {statistics.median(times):8.1f} {p99:8.1f} "
                      f"{len(info.endpoints):6d} {size:9.1f}")


if __name__ == "__main__":
    main()
