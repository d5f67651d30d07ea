#!/usr/bin/env python3
"""Cost of the policy engine, end to end through Flight SQL, in one run:

(a) governed scan: a non-admin user whose grant has a row filter and two transforms
    (`sha2` on `merchant`, `mask_ccn` on `card_number`) reads `transactions`, against the
    admin's ungoverned scan of the same columns; throughput = rows scanned per second, and
    the ratio governed / ungoverned. A third run separates what the policy costs from what
    its result weighs: the admin's ungoverned scan of a copy of the table whose `merchant`
    already holds the 64-character digests, i.e. about the bytes the analyst receives;
(b) planning: GetFlightInfo latency (p50/p99) for a user with `--grants` grants across
    `--roles` roles, with `--datasets` datasets in the catalog.

    .venv/bin/python bench/policy_bench.py [--transactions 10000000] [--files 8] [--repeat 5]
        [--datasets 10000] [--grants 1000] [--roles 10] [--plans 300] [--skip-scan]
        [--skip-planning] [--breakdown]

It starts its own planner and worker on free loopback ports in a temp dir (a planner, not
`warden serve`, because the user's bearer token is signed with the planner's token secret,
as tests/test_policy_suite.py does) and stops them at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from conftest import start_planner, start_worker, write_key_file  # noqa: E402
from datagen import generate  # noqa: E402
from flight_sql import FlightSqlClient  # noqa: E402
from scan_bench import median_seconds, process_cpu_seconds  # noqa: E402
from test_policy_suite import make_token  # noqa: E402

COLUMNS = "id, amount, currency, merchant, card_number"
ROW_FILTER = "currency <> 'JPY'"  # keeps ~95% of the rows


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def interleaved_medians(runs: list, repeat: int, pid: int) -> list[tuple[float, float]]:
    """Median wall seconds and median CPU seconds of process `pid` (the worker) of each
    run, timed in turns (a b a b …) after one warm-up each, so that a change in the
    machine's load during the benchmark hits every run alike."""
    for run in runs:
        run()
    walls: list[list[float]] = [[] for _ in runs]
    cpus: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for i, run in enumerate(runs):
            cpu = process_cpu_seconds(pid)
            start = time.perf_counter()
            run()
            walls[i].append(time.perf_counter() - start)
            cpus[i].append(process_cpu_seconds(pid) - cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def write_hashed_copy(source: Path, target: Path) -> None:
    """`source`'s Parquet files with `merchant` replaced by its SHA-256 hex, as sha2()
    returns it, written like the originals (same row groups, dictionary-encoded, snappy)."""
    target.mkdir()
    for path in sorted(source.glob("*.parquet")):
        table = pq.read_table(path)
        merchant = table.column("merchant").combine_chunks().dictionary_encode()
        digests = pa.array([hashlib.sha256(v.encode()).hexdigest() if v is not None else None
                            for v in merchant.dictionary.to_pylist()])
        hashed = pa.DictionaryArray.from_arrays(merchant.indices, digests).cast(pa.string())
        table = table.set_column(table.column_names.index("merchant"), "merchant", hashed)
        row_group = pq.ParquetFile(path).metadata.row_group(0).num_rows
        pq.write_table(table, target / path.name, row_group_size=row_group,
                       compression="snappy")


def governed_scan(admin: FlightSqlClient, user: FlightSqlClient, tmp: Path,
                  args: argparse.Namespace) -> None:
    start = time.perf_counter()
    generate(str(tmp), customers=1000, transactions=args.transactions, files=args.files,
             formats=("parquet",), seed=7)
    print(f"generated {args.transactions:,} rows in {args.files} files in "
          f"{time.perf_counter() - start:.0f} s")
    location = tmp / "parquet" / "transactions"
    admin.execute("CREATE DATABASE bench")
    admin.execute(f"CREATE EXTERNAL TABLE bench.transactions STORED AS PARQUET "
                  f"LOCATION 'file://{location}'")
    admin.execute("CREATE ROLE scan_reader")
    admin.execute(f"GRANT SELECT ({COLUMNS}) ON TABLE bench.transactions WHERE {ROW_FILTER} "
                  "TRANSFORM merchant WITH sha2() TRANSFORM card_number WITH mask_ccn() "
                  "TO ROLE scan_reader")
    admin.execute("GRANT ROLE scan_reader TO USER analyst")
    sql = f"SELECT {COLUMNS} FROM bench.transactions"
    governed = user.query(sql)
    ungoverned = admin.query(sql)
    # The governed result really is governed: filtered rows, hashed and masked values.
    assert governed.num_rows < ungoverned.num_rows
    assert "JPY" not in governed.column("currency").unique().to_pylist()
    assert all(len(v) == 64 for v in governed.column("merchant").slice(0, 100).to_pylist())
    assert governed.column("card_number")[0].as_py() != ungoverned.column("card_number")[0].as_py()
    sizes = (ungoverned.nbytes / 1e6, governed.nbytes / 1e6)
    del governed, ungoverned
    hashed = tmp / "parquet" / "transactions_hashed"
    write_hashed_copy(location, hashed)
    admin.execute(f"CREATE EXTERNAL TABLE bench.transactions_hashed STORED AS PARQUET "
                  f"LOCATION 'file://{hashed}'")
    same_bytes_sql = f"SELECT {COLUMNS} FROM bench.transactions_hashed"
    load_before = os.getloadavg()[0]
    (ungoverned_s, ungoverned_cpu), (governed_s, governed_cpu), (same_bytes_s, same_bytes_cpu) = \
        interleaved_medians([lambda: admin.query(sql), lambda: user.query(sql),
                             lambda: admin.query(same_bytes_sql)], args.repeat, args.worker_pid)
    rows = args.transactions
    print(f"\n(a) scan of {rows:,} rows, {COLUMNS}; median of {args.repeat} runs, "
          f"alternating; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; results of {sizes[0]:.0f} MB ungoverned and "
          f"{sizes[1]:.0f} MB governed")

    def line(name: str, seconds: float, cpu: float) -> str:
        return (f"    {name:22} {seconds:7.3f} s  {rows / seconds / 1e6:6.2f} M rows/s   "
                f"worker CPU {cpu:6.3f} s")

    print(line("ungoverned (admin):", ungoverned_s, ungoverned_cpu))
    print(line("governed (analyst):", governed_s, governed_cpu)
          + f"  (WHERE {ROW_FILTER}, sha2(merchant), mask_ccn(card_number))")
    print(line("same bytes, no policy:", same_bytes_s, same_bytes_cpu)
          + "  (admin; a copy whose merchant holds the digests)")
    print(f"    ratio of throughputs governed / ungoverned: {ungoverned_s / governed_s:.2f}"
          f"   (worker CPU per query: {ungoverned_cpu / governed_cpu:.2f})")
    print(f"    ratio governed / same bytes without policy: {same_bytes_s / governed_s:.2f}"
          f"   (worker CPU per query: {same_bytes_cpu / governed_cpu:.2f})")
    if args.breakdown:
        breakdown(admin, sql, rows, args)


def breakdown(admin: FlightSqlClient, sql: str, rows: int, args: argparse.Namespace) -> None:
    """The governed scan with one rule at a time, and under two grants: where the cost goes."""
    secret = args.token_secret
    variants = {
        "no rule (plain grant)": [""],
        f"WHERE {ROW_FILTER} only": [f" WHERE {ROW_FILTER}"],
        "sha2(merchant) only": [" TRANSFORM merchant WITH sha2()"],
        "mask_ccn(card_number) only": [" TRANSFORM card_number WITH mask_ccn()"],
        # A user in two roles: the benchmark's grant, and one for the other rows that masks
        # card_number alike but shows merchant (cells become CASE over the two filters).
        "two grants": [" WHERE currency <> 'JPY' TRANSFORM merchant WITH sha2() "
                       "TRANSFORM card_number WITH mask_ccn()",
                       " WHERE currency = 'JPY' TRANSFORM card_number WITH mask_ccn()"],
    }
    for i, (name, rules) in enumerate(variants.items()):
        for j, rule in enumerate(rules):
            admin.execute(f"CREATE ROLE part_{i}_{j}")
            admin.execute(f"GRANT SELECT ({COLUMNS}) ON TABLE bench.transactions{rule} "
                          f"TO ROLE part_{i}_{j}")
            admin.execute(f"GRANT ROLE part_{i}_{j} TO USER part_user_{i}")
        with FlightSqlClient("127.0.0.1", args.planner_port) as user:
            user.set_bearer(make_token(secret, f"part_user_{i}", ttl=3600))
            cpu = process_cpu_seconds(args.worker_pid)
            seconds = median_seconds(lambda: user.query(sql), args.repeat)
            cpu = (process_cpu_seconds(args.worker_pid) - cpu) / (args.repeat + 1)
        print(f"    {name:28} {seconds:7.3f} s  {rows / seconds / 1e6:6.2f} M rows/s   "
              f"worker CPU {cpu:6.3f} s")


def planning(admin: FlightSqlClient, user: FlightSqlClient, tmp: Path,
             args: argparse.Namespace) -> None:
    folder = tmp / "small"
    folder.mkdir()
    pq.write_table(pa.table({"id": pa.array(range(10), pa.int64()),
                             "region": ["eu", "us"] * 5,
                             "email": [f"u{i}@corp.com" for i in range(10)]}),
                   folder / "part-0.parquet")
    start = time.perf_counter()
    per_database = 1000
    for d in range((args.datasets + per_database - 1) // per_database):
        admin.execute(f"CREATE DATABASE plan_{d}")
    for i in range(args.datasets):
        admin.execute(f"CREATE EXTERNAL TABLE plan_{i // per_database}.t_{i} "
                      f"(id BIGINT, region STRING, email STRING) STORED AS PARQUET "
                      f"LOCATION 'file://{folder}'")
    for r in range(args.roles):
        admin.execute(f"CREATE ROLE plan_role_{r}")
        admin.execute(f"GRANT ROLE plan_role_{r} TO USER planner_user")
    # Grants on tables spread over the catalog, every tenth one with a row filter and a
    # transform; the planned table is covered by several of them.
    step = max(1, args.datasets // args.grants)
    for g in range(args.grants):
        i = (g * step) % args.datasets
        extra = " WHERE region = 'eu' TRANSFORM email WITH sha2()" if g % 10 == 0 else ""
        admin.execute(f"GRANT SELECT ON TABLE plan_{i // per_database}.t_{i}{extra} "
                      f"TO ROLE plan_role_{g % args.roles}")
    print(f"\n(b) catalog: {args.datasets:,} datasets, {args.grants:,} grants over "
          f"{args.roles} roles of the user; filled in {time.perf_counter() - start:.0f} s")
    sql = "SELECT id, email FROM plan_0.t_0"
    assert user.query(sql).num_rows == 5  # the row filter applies: the grant is in force
    for _ in range(20):
        user.flight_info(sql)  # warm the listing cache and code paths
    latencies = []
    for _ in range(args.plans):
        start = time.perf_counter()
        user.flight_info(sql)
        latencies.append((time.perf_counter() - start) * 1000)
    print(f"    plan (GetFlightInfo) of {sql!r}, {args.plans} plans: "
          f"p50 {statistics.median(latencies):.2f} ms, p99 {percentile(latencies, 99):.2f} ms, "
          f"max {max(latencies):.2f} ms")
    # Policy evaluation per plan (principal, grants, governed views), as EXPLAIN reports it
    # for the same statement.
    costs = []
    for _ in range(min(args.plans, 100)):
        lines = user.query(f"EXPLAIN {sql}").column("plan").to_pylist()
        line = next(x for x in lines if x.startswith("Policy evaluation:"))
        costs.append(float(line.split()[2]))
    print(f"    policy evaluation per plan (EXPLAIN), {len(costs)} plans: "
          f"p50 {statistics.median(costs):.3f} ms, p99 {percentile(costs, 99):.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--grants", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=10)
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--skip-scan", action="store_true")
    parser.add_argument("--skip-planning", action="store_true")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time the governed scan with one rule at a time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        ticket_key = write_key_file(tmp / "ticket.key")
        token_key = write_key_file(tmp / "token.key")
        password = secrets.token_urlsafe(12)
        worker, worker_port = start_worker(tmp, "worker", ticket_key, token_key)
        planner, planner_port = start_planner(tmp, "planner", ticket_key, token_key,
                                              [worker_port], password)
        try:
            worker.wait_ready()
            planner.wait_ready()
            secret = bytes.fromhex(token_key.read_text().strip())
            args.token_secret, args.planner_port = secret, planner_port
            args.worker_pid = worker.proc.pid
            with FlightSqlClient("127.0.0.1", planner_port) as admin, \
                    FlightSqlClient("127.0.0.1", planner_port) as analyst, \
                    FlightSqlClient("127.0.0.1", planner_port) as planner_user:
                admin.authenticate("admin", password)
                analyst.set_bearer(make_token(secret, "analyst", ttl=24 * 3600))
                planner_user.set_bearer(make_token(secret, "planner_user", ttl=24 * 3600))
                if not args.skip_scan:
                    governed_scan(admin, analyst, tmp, args)
                if not args.skip_planning:
                    planning(admin, planner_user, tmp, args)
        finally:
            planner.stop()
            worker.stop()


if __name__ == "__main__":
    main()
