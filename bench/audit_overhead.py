#!/usr/bin/env python3
"""Audit overhead through real processes: the same workload on a `warden serve` with audit on
(Parquet trail, refuse policy: every query's events durable before its result is
acknowledged) and one with audit off (--audit-location none), measured in the same run,
rounds interleaved so that machine noise hits both alike.

    .venv/bin/python bench/audit_overhead.py [--small 10000] [--clients 1,8]
        [--transactions 2000000] [--files 4] [--repeat 5] [--binary build/bin/warden]

Reports, for each number of concurrent clients, small-query throughput (plan + one task
each, one point lookup on a tiny table) and the overhead of audit on it, the syncs
(group-commit batches) per query; then (once the audit server has rolled what the small
queries left) the median time of one large scan with and without audit, and the audit bytes per query (everything written, open segments included, and the
rolled Parquet trail; plus the zeros written ahead into the open part), and the server CPU
time per query (from /proc). The load average is printed: throughput is only comparable on
a quiet machine; CPU per query is much steadier.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from datagen import generate  # noqa: E402
from flight_sql import FlightSqlClient  # noqa: E402
from scan_bench import free_port, process_cpu_seconds  # noqa: E402


@contextlib.contextmanager
def start_warden(data_dir: Path, audit: bool, binary: Path):
    password = secrets.token_urlsafe(12)
    planner, worker, http = free_port(), free_port(), free_port()
    args = [str(binary), "serve", "--data-dir", str(data_dir),
            "--planner-port", str(planner), "--worker-port", str(worker),
            "--http-port", str(http)]
    if not audit:
        args += ["--audit-location", "none"]
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"{data_dir.name}.log"  # a file: a full pipe would stall it
    with open(log, "wb") as out:
        server = subprocess.Popen(args, env=dict(os.environ, WARDEN_ADMIN_PASSWORD=password),
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "ready" not in log.read_text(errors="replace"):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)

        def connect() -> FlightSqlClient:
            client = FlightSqlClient("127.0.0.1", planner)
            client.authenticate("admin", password)
            return client

        yield connect, http, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def metric(http_port: int, name: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + " "):
                return int(line.split()[1])
    return 0


def small_queries(connect, count: int, clients: int) -> float:
    """Queries per second of `count` point lookups spread over `clients` threads."""
    per_client = count // clients
    connections = [connect() for _ in range(clients)]
    errors: list[Exception] = []

    def run(client: FlightSqlClient, offset: int) -> None:
        try:
            for i in range(per_client):
                client.query(f"SELECT id, name FROM bench.small WHERE id = {(offset + i) % 100}")
        except Exception as exc:  # reported below; a failed query must not look fast
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c, k * per_client))
               for k, c in enumerate(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for c in connections:
        c.close()
    if errors:
        raise errors[0]
    return per_client * clients / elapsed


def large_scan(connect) -> float:
    client = connect()
    start = time.perf_counter()
    rows = client.query("SELECT id, customer_id, amount, currency FROM bench.t").num_rows
    elapsed = time.perf_counter() - start
    client.close()
    assert rows > 0
    return elapsed


def setup(connect, small_dir: Path, large_dir: Path) -> None:
    client = connect()
    client.execute("CREATE DATABASE IF NOT EXISTS bench")
    client.execute("CREATE EXTERNAL TABLE IF NOT EXISTS bench.small STORED AS PARQUET "
                   f"LOCATION 'file://{small_dir}'")
    client.execute("CREATE EXTERNAL TABLE IF NOT EXISTS bench.t STORED AS PARQUET "
                   f"LOCATION 'file://{large_dir}'")
    client.close()


def trail_bytes(trail: Path) -> int:
    return sum(p.stat().st_size for p in trail.rglob("*") if p.is_file()
               and "_open" not in p.parts)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--clients", default="1,8",
                        help="comma-separated numbers of concurrent clients to measure")
    parser.add_argument("--rounds", type=int, default=4,
                        help="interleaved on/off rounds the small queries are split into")
    parser.add_argument("--transactions", type=int, default=2_000_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--binary", type=Path, default=ROOT / "build/bin/warden")
    parser.add_argument("--baseline-binary", type=Path,
                        help="also run small queries on a third server, audit on, with this "
                             "binary (an older build): before/after in the same run")
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(tmp, customers=1000, transactions=args.transactions, files=args.files,
                 formats=("parquet",), seed=7)
        large_dir = tmp / "parquet" / "transactions"
        small_dir = tmp / "small"
        small_dir.mkdir()
        pq.write_table(pa.table({"id": list(range(100)),
                                 "name": [f"n{i}" for i in range(100)]}),
                       small_dir / "small.parquet")
        print(f"binary {args.binary}; load average before: {load_average()}")
        with contextlib.ExitStack() as stack:
            on, on_http, on_pid = stack.enter_context(
                start_warden(tmp / "on", True, args.binary))
            off, _, off_pid = stack.enter_context(start_warden(tmp / "off", False, args.binary))
            servers = [("on", on), ("off", off)]
            pids = {"on": on_pid, "off": off_pid}
            if args.baseline_binary:
                base, base_http, pids["baseline on"] = stack.enter_context(
                    start_warden(tmp / "base", True, args.baseline_binary))
                setup(base, small_dir, large_dir)
                small_queries(base, 200, max(client_counts))
                servers.append(("baseline on", base))
            setup(on, small_dir, large_dir)
            setup(off, small_dir, large_dir)
            small_queries(on, 200, max(client_counts))  # warm both
            small_queries(off, 200, max(client_counts))
            queries_total = 0
            events_total = written_total = 0
            for clients in client_counts:
                events_before = metric(on_http, "warden_audit_events_recorded_total")
                bytes_before = metric(on_http, "warden_audit_bytes_written_total")
                syncs_before = metric(on_http, "warden_audit_batches_total")
                zeros_before = metric(on_http, "warden_audit_preallocated_bytes_total")
                if args.baseline_binary:
                    base_syncs_before = metric(base_http, "warden_audit_batches_total")
                qps = {name: [] for name, _ in servers}
                cpu = {name: 0.0 for name, _ in servers}
                per_round = args.small // args.rounds
                for r in range(args.rounds):
                    # Rotate the order so that machine noise hits every server alike.
                    order = servers[r % len(servers):] + servers[:r % len(servers)]
                    for name, connect in order:
                        before = process_cpu_seconds(pids[name])
                        qps[name].append(small_queries(connect, per_round, clients))
                        cpu[name] += process_cpu_seconds(pids[name]) - before
                queries = per_round // clients * clients * args.rounds
                events = metric(on_http, "warden_audit_events_recorded_total") - events_before
                written = metric(on_http, "warden_audit_bytes_written_total") - bytes_before
                syncs = metric(on_http, "warden_audit_batches_total") - syncs_before
                zeros = metric(on_http, "warden_audit_preallocated_bytes_total") - zeros_before
                queries_total += queries
                events_total += events
                written_total += written
                on_qps = sum(qps["on"]) / len(qps["on"])
                off_qps = sum(qps["off"]) / len(qps["off"])
                print(f"small queries: {queries:,} point lookups, {clients} client(s), "
                      f"{args.rounds} interleaved rounds (load average {load_average()})")
                off_cpu = cpu["off"] / queries
                print(f"  audit off  {off_qps:8.1f} queries/s   rounds "
                      + " ".join(f"{q:.0f}" for q in qps["off"])
                      + f"   server CPU {1e6 * off_cpu:5.0f} us/query")
                print(f"  audit on   {on_qps:8.1f} queries/s   rounds "
                      + " ".join(f"{q:.0f}" for q in qps["on"])
                      + f"   overhead {100 * (1 - on_qps / off_qps):5.1f}%"
                      + f"   server CPU {1e6 * cpu['on'] / queries:5.0f} us/query "
                      f"(+{100 * (cpu['on'] / queries / off_cpu - 1):.1f}%)")
                if "baseline on" in qps:
                    base_qps = sum(qps["baseline on"]) / len(qps["baseline on"])
                    base_cpu = cpu["baseline on"] / queries
                    base_syncs = (metric(base_http, "warden_audit_batches_total")
                                  - base_syncs_before)
                    print(f"  baseline on {base_qps:7.1f} queries/s   rounds "
                          + " ".join(f"{q:.0f}" for q in qps["baseline on"])
                          + f"   overhead {100 * (1 - base_qps / off_qps):5.1f}%"
                          + f"   server CPU {1e6 * base_cpu:5.0f} us/query "
                          f"(+{100 * (base_cpu / off_cpu - 1):.1f}%)"
                          f"   syncs per query {base_syncs / queries:.2f}")
                print(f"  events per query {events / queries:.2f}; syncs per query "
                      f"{syncs / queries:.2f}; written per query {written / queries:,.0f} bytes"
                      f" (+ {zeros / queries:,.0f} bytes of zeros pre-allocating the open part)")
            # Let the audit server finish what the small queries left it (rolling sealed
            # segments, the last piece) so the scans measure the scan, not that.
            deadline = time.monotonic() + 60
            while (metric(on_http, "warden_audit_segments_unrolled") > 0
                   and time.monotonic() < deadline):
                time.sleep(0.1)
            time.sleep(2.5)  # one publish interval: the last piece is written
            scans = {"on": [], "off": []}
            for r in range(args.repeat + 1):
                for name, connect in ([("on", on), ("off", off)] if r % 2 == 0
                                      else [("off", off), ("on", on)]):
                    seconds = large_scan(connect)
                    if r > 0:  # the first round warms the page cache
                        scans[name].append(seconds)
        trail = trail_bytes(tmp / "on" / "audit")  # all rolled at shutdown
        setup_queries = 2 * 200 + args.repeat + 1 + 10  # warm-up, scans and setup
        on_scan, off_scan = statistics.median(scans["on"]), statistics.median(scans["off"])
        print(f"write amplification: {written_total / queries_total:,.0f} bytes written per "
              f"small query (open-segment JSON lines); rolled trail "
              f"{trail / (queries_total + setup_queries):,.0f} bytes per query (Parquet)")
        print(f"large scan: {args.transactions:,} rows, {args.files} files, median of "
              f"{args.repeat} (load average {load_average()})")
        print(f"  audit off  {off_scan:8.3f} s")
        print(f"  audit on   {on_scan:8.3f} s   overhead {100 * (on_scan / off_scan - 1):5.1f}%")


if __name__ == "__main__":
    main()
