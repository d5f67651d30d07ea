#!/usr/bin/env python3
"""Per-query latency of one client with audit off, on, and (optionally) on with an older
build, interleaved query by query: on a shared, noisy machine this resolves differences that
throughput rounds (bench/audit_overhead.py) drown in noise.

    .venv/bin/python bench/audit_latency.py [--queries 1000] [--binary build/bin/warden]
        [--baseline-binary /path/to/older/warden]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from audit_overhead import setup, start_warden  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--binary", type=Path, default=ROOT / "build/bin/warden")
    parser.add_argument("--baseline-binary", type=Path)
    args = parser.parse_args()
    variants = [("audit off", False, args.binary), ("audit on", True, args.binary)]
    if args.baseline_binary:
        variants.append(("baseline on", True, args.baseline_binary))
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        tmp = Path(tmp)
        small, unused = tmp / "small", tmp / "unused"
        small.mkdir()
        unused.mkdir()
        pq.write_table(pa.table({"id": list(range(100)),
                                 "name": [f"n{i}" for i in range(100)]}),
                       small / "small.parquet")
        pq.write_table(pa.table({"id": [1]}), unused / "unused.parquet")
        clients = {}
        for k, (name, audit, binary) in enumerate(variants):
            connect, *_ = stack.enter_context(start_warden(tmp / f"s{k}", audit, binary))
            setup(connect, small, unused)
            clients[name] = stack.enter_context(contextlib.closing(connect()))
        latencies: dict[str, list[float]] = {name: [] for name in clients}
        for i in range(args.queries):
            for name, client in clients.items():
                start = time.perf_counter()
                client.query(f"SELECT id, name FROM bench.small WHERE id = {i % 100}")
                latencies[name].append(time.perf_counter() - start)
        off = statistics.mean(latencies["audit off"][20:])
        for name, values in latencies.items():
            values = sorted(values[20:])  # the first queries warm caches
            mean = statistics.mean(values)
            print(f"{name:12s} median {1e3 * statistics.median(values):5.2f} ms   "
                  f"mean {1e3 * mean:5.2f} ms   p90 {1e3 * values[int(len(values) * 0.9)]:5.2f} ms"
                  f"   throughput vs off {100 * (off / mean - 1):+6.1f}%")


if __name__ == "__main__":
    main()
