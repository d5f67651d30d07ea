"""A worker dies mid-scan (SIGKILL): the Python client re-runs its tasks on other listed
workers and the result is still exactly the files' rows, none lost, none repeated."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import signal
import time

import numpy as np
import pyarrow as pa
import pyarrow.flight as flight
import pyarrow.parquet as pq
import pytest

import warden
from conftest import ADMIN_USER, start_planner, start_worker, write_key_file

FILES = 40
ROWS_PER_FILE = 20_000
ROW_GROUP = 2_000  # several batches per task, so that a kill lands mid-stream


def write_table(root) -> None:
    root.mkdir()
    rng = np.random.default_rng(7)
    for i in range(FILES):
        ids = np.arange(i * ROWS_PER_FILE, (i + 1) * ROWS_PER_FILE, dtype=np.int64)
        table = pa.table({
            "id": ids,
            "value": rng.normal(size=ROWS_PER_FILE),
            "label": pa.array([f"row-{v}" for v in ids]),
        })
        pq.write_table(table, root / f"part-{i:05d}.parquet", row_group_size=ROW_GROUP)


def checksum(table: pa.Table) -> str:
    """Order-independent identity of a table's rows: sorted by id, hashed column by column."""
    ordered = table.sort_by("id")
    digest = hashlib.sha256()
    for name in ordered.column_names:
        for chunk in ordered.column(name).chunks:
            digest.update(name.encode())
            digest.update(str(chunk.to_pylist()).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def start_cluster(workdir, worker_args: list, planner_args: list):
    """A planner and one worker per entry of `worker_args` (their extra flags) on loopback,
    with the events table's files written under `workdir`."""
    ticket_key = write_key_file(workdir / "ticket.key")
    token_secret = write_key_file(workdir / "token.key")
    password = "pw-" + secrets.token_urlsafe(12)
    workers = [start_worker(workdir, f"worker{i}", ticket_key, token_secret, extra_args=args)
               for i, args in enumerate(worker_args, start=1)]
    processes = [proc for proc, _ in workers]
    try:
        planner, port = start_planner(workdir, "planner", ticket_key, token_secret,
                                      [p for _, p in workers], password,
                                      extra_args=planner_args)
        processes.insert(0, planner)
        for proc, worker_port in workers:
            proc.wait_ready(worker_port)
        planner.wait_ready(port)
        data = workdir / "events"
        write_table(data)
        yield {"port": port, "password": password, "workers": workers, "data": data}
    finally:
        for proc in processes:
            proc.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """One planner and three workers. Worker 3 runs one task at a time: scans must queue on
    it (back-pressure), not fail."""
    # Worker 2 keeps no freed buffers: the scans come out the same without the cache.
    with start_cluster(tmp_path_factory.mktemp("failover"),
                       [[], ["--buffer-cache-mib", "0"], ["--max-tasks", "1"]],
                       ["--worker-heartbeat-ms", "200"]) as started:
        yield started


def create_events_table(conn, data) -> None:
    conn.execute_ddl("CREATE DATABASE IF NOT EXISTS failover")
    conn.execute_ddl(f"CREATE EXTERNAL TABLE IF NOT EXISTS failover.events STORED AS PARQUET "
                     f"LOCATION 'file://{data}'")


def read_task(conn, task) -> pa.Table:
    """One run of a task's ticket on its first location, straight through Flight."""
    reader = conn._client_for(task.locations[0]).do_get(flight.Ticket(task.ticket),
                                                         conn._options())
    return reader.read_all()


def test_a_scan_task_repeats_its_rows_in_the_same_order(cluster):
    """What resuming a task mid-stream relies on: the same ticket, run again, yields the
    rows in the same order, though its files' row groups are decoded on several threads."""
    with warden.connect([f"127.0.0.1:{cluster['port']}"], user=ADMIN_USER,
                        password=cluster["password"]) as conn:
        create_events_table(conn, cluster["data"])
        plan = conn.plan("SELECT id, label FROM failover.events WHERE value > -1.5")
        assert all(task.repeatable_order for task in plan.tasks)
        task = plan.tasks[0]
        orders = {tuple(read_task(conn, task).column("id").to_pylist()) for _ in range(12)}
        assert len(orders) == 1, f"{len(orders)} different row orders in 12 runs of one ticket"


@pytest.mark.parametrize("sql", [
    "SELECT label, count(*) AS n FROM failover.events GROUP BY label",
    "SELECT a.id FROM failover.events a JOIN failover.events b ON a.id = b.id",
    "SELECT id FROM failover.events ORDER BY value",
    "SELECT id FROM failover.events UNION ALL SELECT id FROM failover.events",
])
def test_only_plain_scans_are_marked_as_repeating_their_order(cluster, sql):
    with warden.connect([f"127.0.0.1:{cluster['port']}"], user=ADMIN_USER,
                        password=cluster["password"]) as conn:
        create_events_table(conn, cluster["data"])
        plan = conn.plan(sql)
        assert plan.tasks and not any(task.repeatable_order for task in plan.tasks)
        limited = conn.plan("SELECT id FROM failover.events LIMIT 10")
        assert [task.repeatable_order for task in limited.tasks] == [True]


def test_scan_survives_a_worker_killed_mid_stream(cluster):
    data = cluster["data"]
    expected = pq.read_table(data)
    with warden.connect([f"127.0.0.1:{cluster['port']}"], user=ADMIN_USER,
                        password=cluster["password"], parallelism=3) as conn:
        create_events_table(conn, data)
        plan = conn.plan("SELECT * FROM failover.events")
        # The files are packed into twice as many tasks as workers.
        assert len(plan.tasks) == 2 * len(cluster["workers"])
        assert all(len(task.locations) == 3 for task in plan.tasks)

        victim, victim_port = cluster["workers"][0]
        batches = []
        stream = conn.iter_batches("SELECT * FROM failover.events")
        for batch in stream:
            batches.append(batch)
            if len(batches) == 3:
                # Streams are open on every worker now: kill one without warning.
                victim.proc.send_signal(signal.SIGKILL)
                victim.proc.wait(timeout=10)
            elif len(batches) < 3:
                time.sleep(0.05)  # a slow reader keeps the workers' streams open
        assert not victim.running
        result = pa.Table.from_batches(batches)
        assert conn.retries >= 1, "no task was re-run: the kill did not hit the scan"

    assert result.num_rows == expected.num_rows
    assert checksum(result) == checksum(expected)


def live_locations(conn, sql: str) -> set:
    return {uri for task in conn.plan(sql).tasks for uri in task.locations}


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_planner_stops_listing_dead_and_leaving_workers(cluster):
    """Runs after the kill above: the dead worker misses heartbeats and is no longer
    listed; a worker stopped with SIGTERM drains and leaves the lists too."""
    sql = "SELECT * FROM failover.events"
    with warden.connect([f"127.0.0.1:{cluster['port']}"], user=ADMIN_USER,
                        password=cluster["password"]) as conn:
        uri = lambda port: f"grpc://127.0.0.1:{port}"  # noqa: E731
        (first, dead), (second, second_port), (_, third_port) = cluster["workers"]
        if first.running:  # this test alone: kill it here
            first.proc.send_signal(signal.SIGKILL)
            first.proc.wait(timeout=10)
        assert wait_for(lambda: uri(dead) not in live_locations(conn, sql))
        assert live_locations(conn, sql) == {uri(second_port), uri(third_port)}

        assert second.stop() == 0  # SIGTERM: drain, then exit cleanly
        assert wait_for(lambda: live_locations(conn, sql) == {uri(third_port)})
        # One worker left, capped at one task at a time: all 40 tasks queue on it.
        expected = pq.read_table(cluster["data"])
        assert checksum(conn.scan_as_arrow(sql)) == checksum(expected)


@pytest.fixture()
def two_workers(tmp_path):
    """A planner and two workers of its own: the test below kills one of them."""
    with start_cluster(tmp_path, [[], []], []) as started:
        yield started


def test_a_join_that_loses_its_worker_mid_stream_fails_instead_of_resuming(two_workers):
    """A join's rows may come back in another order when re-run, so skipping the rows
    already delivered could lose some and repeat others: the client must fail instead."""
    sql = "SELECT a.id, a.label FROM failover.events a JOIN failover.events b ON a.id = b.id"
    with warden.connect([f"127.0.0.1:{two_workers['port']}"], user=ADMIN_USER,
                        password=two_workers["password"]) as conn:
        create_events_table(conn, two_workers["data"])
        plan = conn.plan(sql)
        assert len(plan.tasks) == 1 and len(plan.tasks[0].locations) == 2
        assert not plan.tasks[0].repeatable_order
        serving = plan.tasks[0].locations[0]
        victim = next(proc for proc, port in two_workers["workers"] if serving.endswith(f":{port}"))
        delivered = 0
        with pytest.raises(warden.UnavailableError) as failure:
            for batch in conn._iter_plan(plan):
                delivered += batch.num_rows
                if victim.running:
                    victim.proc.send_signal(signal.SIGKILL)
                    victim.proc.wait(timeout=10)
                time.sleep(0.05)
        assert failure.value.code == "WARDEN-UNAVAILABLE"
        assert "repeatable order" in failure.value.message
        assert 0 < delivered < FILES * ROWS_PER_FILE
        assert conn.retries == 0
