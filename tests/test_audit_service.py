"""Audit wired into the services (DESIGN §7, issue 8): the events of real queries, logins,
refusals and errors; `warden_system.audit_logs` and its report views queried through Flight
SQL under policy; readiness, metrics and the refuse/spill policies when the sink (an S3
server on loopback) fails; and no acknowledged query's events lost when a planner and a
worker are SIGKILLed mid-load."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyarrow as pa
import pyarrow.flight as flight
import pyarrow.parquet as pq
import pytest

from conftest import WARDEN_BIN, start_deployment
from flight_sql import FlightSqlClient, raises_warden
from s3_server import start_s3_server
from test_audit import events_by_id

ROLL = ["--audit-roll-seconds", "1", "--audit-flush-ms", "20"]
SECRET_EMAILS = ["alice@secret.example", "bob@secret.example", "carol@secret.example"]


def _b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def token_for(deployment, user: str) -> str:
    """A bearer token for `user` signed with the deployment's token secret."""
    key = bytes.fromhex((deployment.workdir / "warden-data" / "token.key").read_text().strip())
    now = int(time.time())
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps({"sub": user, "iat": now, "exp": now + 600,
                                  "groups": ["analysts"]}).encode())
    signature = hmac.new(key, header + b"." + payload, hashlib.sha256).digest()
    return (header + b"." + payload + b"." + _b64url(signature)).decode()


def make_table(client: FlightSqlClient, root: Path) -> None:
    data = root / "people"
    data.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"id": [1, 2, 3], "email": SECRET_EMAILS}), data / "p.parquet")
    client.execute("CREATE DATABASE IF NOT EXISTS shop")
    client.execute("CREATE EXTERNAL TABLE IF NOT EXISTS shop.people STORED AS PARQUET "
                   f"LOCATION 'file://{data}'")


def http_get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def audit_rows(client: FlightSqlClient, where: str = "TRUE") -> list[dict]:
    return client.query("SELECT kind, status, \"user\", request_id, statement, datasets, "
                        "columns, rows, bytes, tasks, error_code, client_address, application, "
                        f"session_id FROM warden_system.audit_logs WHERE {where}").to_pylist()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    deployment = start_deployment("serve", tmp_path_factory.mktemp("audit-serve"),
                                  extra_args=ROLL)
    yield deployment
    deployment.stop()


def test_queries_logins_and_errors_are_queryable_events(served):
    with served.admin() as admin:
        make_table(admin, served.workdir)
        info = admin.flight_info("SELECT id, email FROM shop.people WHERE id >= 2")
        assert admin.fetch(info).num_rows == 2
        with raises_warden("WARDEN-SQL-BIND"):
            admin.query("SELECT missing_column FROM shop.people")
    with served.connect() as stranger:
        with pytest.raises(flight.FlightUnauthenticatedError):
            stranger.authenticate("admin", "wrong-password")
        stranger.set_bearer("not-a-token")
        with pytest.raises(flight.FlightUnauthenticatedError):
            stranger.query("SHOW DATABASES")

    with served.admin() as admin:
        statement = "SELECT id, email FROM shop.people WHERE id >= 2"
        plans = wait_for(lambda: audit_rows(admin, f"statement = '{statement.replace(chr(39), chr(39) * 2)}'"),
                         what="the plan event in audit_logs")
        plan = plans[0]
        assert plan["kind"] == "plan" and plan["status"] == "ok" and plan["user"] == "admin"
        assert plan["datasets"] == ["shop.people"]
        assert sorted(plan["columns"]) == ["shop.people.email", "shop.people.id"]
        assert plan["client_address"].startswith("127.0.0.1:")
        assert plan["application"] and plan["session_id"]
        assert plan["tasks"] == len(info.endpoints) >= 1
        # The worker's task event: same request id, the rows and bytes actually sent.
        tasks = wait_for(lambda: audit_rows(admin, f"kind = 'task' AND request_id = '{plan['request_id']}'"),
                         what="the task event")
        assert sum(t["rows"] for t in tasks) == 2 and all(t["bytes"] > 0 for t in tasks)

        errors = audit_rows(admin, "error_code = 'WARDEN-SQL-BIND'")
        assert errors and errors[0]["kind"] == "error" and errors[0]["status"] == "failed"
        logins = wait_for(lambda: audit_rows(admin, "kind = 'authentication' AND status = 'refused'"),
                          what="refused logins")
        assert {"admin", None} <= {row["user"] for row in logins}  # bad password, bad token
        assert all(row["error_code"] == "WARDEN-AUTH-UNAUTHENTICATED" for row in logins)
        governance = audit_rows(admin, "kind = 'governance' AND statement LIKE 'CREATE EXTERNAL%'")
        assert governance and governance[0]["status"] == "ok"

        # The report views run (definer rights) and count what happened.
        by_day = admin.query("SELECT * FROM warden_system.audit_requests_by_user_day").to_pylist()
        admin_row = [r for r in by_day if r["user"] == "admin"]
        assert admin_row and admin_row[0]["requests"] >= 4 and admin_row[0]["refused_or_failed"] >= 1
        reads = admin.query("SELECT * FROM warden_system.audit_reads_by_user_day").to_pylist()
        assert any(r["user"] == "admin" and r["rows_sent"] >= 2 for r in reads)
        refusals = admin.query("SELECT error_code FROM warden_system.audit_refusals").to_pylist()
        assert {"WARDEN-SQL-BIND", "WARDEN-AUTH-UNAUTHENTICATED"} <= {r["error_code"] for r in refusals}


def test_datasets_by_reads_counts_each_dataset_a_plan_read(served):
    """audit_datasets_by_reads unnests each allowed plan's `datasets`: a join counts for
    both tables, a refused statement for neither."""
    suffix = time.time_ns()
    names = [f"reads.a_{suffix}", f"reads.b_{suffix}"]
    with served.admin() as admin:
        admin.execute("CREATE DATABASE IF NOT EXISTS reads")
        for name in names:
            data = served.workdir / name
            data.mkdir(parents=True)
            pq.write_table(pa.table({"id": [1, 2, 3]}), data / "t.parquet")
            admin.execute(f"CREATE EXTERNAL TABLE {name} STORED AS PARQUET "
                          f"LOCATION 'file://{data}'")
        a, b = names
        for sql in [f"SELECT id FROM {a}", f"SELECT count(*) AS n FROM {a}",
                    f"SELECT id FROM {a} WHERE id > 1", f"SELECT id FROM {b}",
                    f"SELECT x.id FROM {a} x JOIN {b} y ON x.id = y.id"]:
            admin.query(sql)
        with raises_warden("WARDEN-SQL-BIND"):
            admin.query(f"SELECT missing FROM {a} JOIN {b} ON TRUE")

        def reads():
            rows = admin.query("SELECT dataset, reads, users FROM "
                               "warden_system.audit_datasets_by_reads").to_pylist()
            counts = {name: 0 for name in names}
            for row in rows:
                if row["dataset"] in counts:
                    counts[row["dataset"]] += row["reads"]
                    assert row["users"] == 1
            return counts if counts == {a: 4, b: 2} else None

        wait_for(reads, what="4 reads of the first dataset and 2 of the second")
        # The documented example query (docs/audit.md) runs too.
        top = admin.query(
            "SELECT d.dataset, count(*) AS reads FROM (SELECT unnest(datasets) AS dataset "
            "FROM warden_system.audit_logs WHERE kind = 'plan' AND status = 'ok') d "
            f"WHERE d.dataset LIKE 'reads.%_{suffix}' GROUP BY d.dataset "
            "ORDER BY reads DESC").to_pylist()
        assert top == [{"dataset": a, "reads": 4}, {"dataset": b, "reads": 2}]
        plan = "\n".join(admin.query("EXPLAIN SELECT * FROM warden_system.audit_datasets_by_reads")
                         .column("plan").to_pylist())
        scan = next(line for line in plan.splitlines() if "Scan warden_system.audit_logs" in line)
        assert "Unnest datasets AS " in plan and "datasets" in scan.split("columns=")[1], plan
        assert "Tasks: one, running the whole plan on one worker" in plan, plan
        # In FROM: a WHERE on the table's columns above the Unnest still prunes the scan.
        from_form = (f"SELECT d.x AS dataset, count(*) AS reads FROM warden_system.audit_logs a, "
                     f"unnest(a.datasets) AS d(x) WHERE a.kind = 'plan' AND a.status = 'ok' "
                     f"AND d.x LIKE 'reads.%_{suffix}' GROUP BY d.x ORDER BY reads DESC")
        assert admin.query(from_form).to_pylist() == top
        plan = "\n".join(admin.query("EXPLAIN " + from_form).column("plan").to_pylist())
        scan = next(line for line in plan.splitlines() if "Scan warden_system.audit_logs" in line)
        assert 'pushed=((kind == "plan") and (status == "ok"))' in scan, plan


def test_the_documented_example_queries_run(served):
    """docs/audit.md says its example queries run as written: each does."""
    docs = (Path(__file__).parent.parent / "docs" / "audit.md").read_text()
    block = docs.split("## Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    queries = [q.strip() for q in block.split(";") if q.strip()]
    assert len(queries) >= 6
    with served.admin() as admin:
        for sql in queries:
            admin.query(sql)  # raises if Warden refuses or fails it


def test_recent_events_are_queryable_within_seconds(tmp_path):
    """With the default one-minute roll, a query's events show up in audit_logs within a
    few seconds: open segments are published as small dataset files (pieces)."""
    deployment = start_deployment("serve", tmp_path / "p")
    try:
        with deployment.admin() as admin:
            marker = f"SELECT {time.time_ns()} AS recent"
            admin.query(marker)
            start = time.monotonic()
            rows = wait_for(lambda: audit_rows(admin, f"statement = '{marker}'"), timeout=10,
                            what="the plan event in audit_logs")
            assert time.monotonic() - start < 10
            assert rows[0]["kind"] == "plan" and rows[0]["tasks"] == 1
    finally:
        deployment.stop()
    # Shutdown rolled the segment into one file and removed its pieces: no duplicates.
    result = subprocess.run([str(WARDEN_BIN), "audit", "verify",
                             str(deployment.workdir / "warden-data" / "audit")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "duplicate" not in result.stdout, result.stdout


def _open_segment_text(trail: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in (trail / "_open").rglob("*.jsonl"))


def test_serve_buffers_plan_events_until_a_result_ends(tmp_path):
    """In `warden serve` a plan event waits for its task's durable record (one sync per
    query); a ticket run on the planner instead makes it durable before its stream starts."""
    deployment = start_deployment("serve", tmp_path / "b",
                                  extra_args=["--audit-flush-ms", "60000"])
    trail = deployment.workdir / "warden-data" / "audit"
    try:
        with deployment.admin() as admin:
            statement = f"SELECT {time.time_ns()} AS buffered"
            info = admin.flight_info(statement)
            assert all(endpoint.locations for endpoint in info.endpoints)
            time.sleep(0.3)
            assert statement not in _open_segment_text(trail)  # buffered, not yet written
            ticket = info.endpoints[0].ticket
            assert admin.client.do_get(ticket, admin.options).read_all().num_rows == 1
            assert statement in _open_segment_text(trail)  # durable before the result

            other = f"SELECT {time.time_ns()} AS through_worker"
            assert admin.query(other).num_rows == 1
            assert other in _open_segment_text(trail)  # covered by the task's sync
    finally:
        deployment.stop()


def test_no_result_value_appears_in_any_event(served):
    with served.admin() as admin:
        make_table(admin, served.workdir)
        assert admin.query("SELECT email FROM shop.people").num_rows == 3
        assert wait_for(lambda: audit_rows(admin, "statement = 'SELECT email FROM shop.people'"))
    trail = served.workdir / "warden-data" / "audit"
    text = b"".join(p.read_bytes() for p in trail.rglob("*") if p.is_file())
    for email in SECRET_EMAILS:
        assert email.encode() not in text


def test_audit_logs_is_governed(served):
    with served.connect() as alice:
        alice.set_bearer(token_for(served, "alice"))
        with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
            alice.query("SELECT * FROM warden_system.audit_logs")
        with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
            alice.query("SELECT * FROM warden_system.audit_refusals")
    with served.admin() as admin:
        refused = wait_for(lambda: audit_rows(admin, "\"user\" = 'alice'"), what="alice's events")
        assert {r["error_code"] for r in refused} == {"WARDEN-CATALOG-NOT-FOUND"}


def test_verify_ok_after_shutdown(tmp_path):
    deployment = start_deployment("serve", tmp_path, extra_args=ROLL)
    with deployment.admin() as admin:
        for _ in range(5):
            admin.query("SHOW DATABASES")
    deployment.stop()
    trail = tmp_path / "warden-data" / "audit"
    result = subprocess.run([str(WARDEN_BIN), "audit", "verify", str(trail)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("OK: "), result.stdout + result.stderr
    assert not list((trail / "_open").rglob("*.jsonl"))  # shutdown rolled everything


# --- a failing sink -------------------------------------------------------------------------

@pytest.mark.parametrize("policy", ["refuse", "spill"])
def test_failed_sink_is_visible_and_follows_the_policy(tmp_path, policy):
    s3 = start_s3_server(tmp_path / "moto")
    try:
        s3.create_bucket("trail")
        deployment = start_deployment(
            "serve", tmp_path / "w",
            extra_args=[*ROLL, "--audit-location", "s3://trail/audit", "--audit-policy", policy,
                        "--audit-spill-dir", str(tmp_path / "spill")],
            env=s3.env())
        http_port = int(deployment.planner.args[deployment.planner.args.index("--http-port") + 1])
        try:
            with deployment.admin() as admin:
                admin.query("SHOW DATABASES")
                assert http_get(http_port, "/readyz")[0] == 200
                s3.stop()  # the sink is gone
                if policy == "refuse":
                    with raises_warden("WARDEN-AUDIT-UNAVAILABLE"):
                        admin.query("SHOW DATABASES")
                    status, body = http_get(http_port, "/readyz")
                    assert status == 503 and "audit" in body
                    with raises_warden("WARDEN-AUDIT-UNAVAILABLE"):  # refused up front now
                        admin.query("SHOW DATABASES")
                    metrics = http_get(http_port, "/metrics")[1]
                    assert "warden_audit_healthy 0" in metrics
                    pending = [l for l in metrics.splitlines() if l.startswith("warden_audit_events_pending ")]
                    assert int(pending[0].split()[1]) > 0
                else:
                    for _ in range(3):
                        assert admin.query("SHOW DATABASES").num_rows >= 1
                    metrics = http_get(http_port, "/metrics")[1]
                    undelivered = [l for l in metrics.splitlines()
                                   if l.startswith("warden_audit_events_undelivered ")]
                    assert int(undelivered[0].split()[1]) > 0, metrics
                    assert http_get(http_port, "/readyz")[0] == 200  # spilling works
                    assert list((tmp_path / "spill").rglob("*.jsonl"))
        finally:
            deployment.stop()
    finally:
        s3.stop()


# --- SIGKILL mid-load -------------------------------------------------------------------------

def _query_load(deployment, acknowledged: list[str], stop: threading.Event,
                clients: int = 3) -> list[threading.Thread]:
    """Threads (not started) that each run distinct small queries until `stop`, appending
    every statement whose whole result was read to `acknowledged`, reconnecting on errors."""
    def load(index: int) -> None:
        client = deployment.admin()
        i = 0
        while not stop.is_set():
            statement = f"SELECT {index * 100000 + i} AS n"
            try:
                client.query(statement)
                acknowledged.append(statement)
            except Exception:
                time.sleep(0.05)
                try:
                    client = deployment.admin()
                except Exception:
                    pass
            i += 1

    return [threading.Thread(target=load, args=(t,)) for t in range(clients)]


def _assert_acknowledged_queries_audited(trail, acknowledged: list[str]) -> None:
    """Every acknowledged statement has an ok plan event and an ok task event in `trail`,
    and the trail verifies."""
    events = list(events_by_id(trail).values())
    planned = {e["statement"]: e["request_id"] for e in events
               if e["kind"] == "plan" and e["status"] == "ok"}
    tasks = {e["request_id"] for e in events if e["kind"] == "task" and e["status"] == "ok"}
    missing_plans = [s for s in acknowledged if s not in planned]
    assert not missing_plans, missing_plans[:5]
    missing_tasks = [s for s in acknowledged if planned[s] not in tasks]
    assert not missing_tasks, missing_tasks[:5]
    result = subprocess.run([str(WARDEN_BIN), "audit", "verify", str(trail)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("OK: "), result.stdout + result.stderr


def test_sigkill_loses_no_acknowledged_query_event(tmp_path):
    trail = tmp_path / "trail"
    deployment = start_deployment("split", tmp_path / "w", extra_args=ROLL,
                                  env={"WARDEN_AUDIT_LOCATION": str(trail)})
    acknowledged: list[str] = []  # statements whose whole result was read
    stop = threading.Event()

    threads = _query_load(deployment, acknowledged, stop)
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: len(acknowledged) >= 30, what="load")
        for proc in deployment.processes[:2]:  # the planner and one worker, mid-load
            proc.proc.send_signal(signal.SIGKILL)
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        deployment.restart()  # each restarted writer continues its chain
        with deployment.admin() as admin:
            admin.query("SHOW DATABASES")
    finally:
        stop.set()
        deployment.stop()

    _assert_acknowledged_queries_audited(trail, acknowledged)


def test_sigkill_of_serve_loses_no_acknowledged_query_event(tmp_path):
    """`warden serve` buffers plan events (a task's durable event makes its plan's durable,
    one log): a query whose result was read still has both events after a SIGKILL, and a
    ticket issued before the crash is refused after the restart (its plan event may be
    lost)."""
    deployment = start_deployment("serve", tmp_path / "s", extra_args=ROLL)
    trail = deployment.workdir / "warden-data" / "audit"
    acknowledged: list[str] = []
    stop = threading.Event()

    threads = _query_load(deployment, acknowledged, stop)
    try:
        with deployment.admin() as admin:
            stale = admin.flight_info("SELECT 42 AS stale")
        for thread in threads:
            thread.start()
        wait_for(lambda: len(acknowledged) >= 30, what="load")
        deployment.processes[0].proc.send_signal(signal.SIGKILL)
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        deployment.restart()
        with deployment.admin() as admin:
            with raises_warden("WARDEN-TICKET-EXPIRED"):
                admin.fetch(stale)
    finally:
        stop.set()
        deployment.stop()

    assert len(acknowledged) >= 30
    _assert_acknowledged_queries_audited(trail, acknowledged)
