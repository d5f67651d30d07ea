"""The audit trail on real processes: `warden audit verify` against tampering, the hash
definition recomputed independently in Python, the trail read as a Hive dataset, and no loss
of an acknowledged event when the writer is SIGKILLed mid-write; on local disk and on an
S3-compatible server (moto) on loopback.

Events are written by the hidden `warden audit emit-test-events LOCATION`, which prints
"ack <event_id>" after each RecordDurable returned OK (a flushed stdout line = acknowledged).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parent.parent
WARDEN_BIN = Path(os.environ.get("WARDEN_BIN", REPO / "build" / "bin" / "warden"))
RUN_TIMEOUT_S = 60
CHAIN = "emit-test"
FORMATS = ["parquet", "jsonl"]


@pytest.fixture(autouse=True)
def _binary():
    if not WARDEN_BIN.exists():
        pytest.skip(f"warden binary not built: {WARDEN_BIN}")


def warden(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARDEN_BIN), *map(str, args)], capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)


def emit(location: Path, count: int, fmt: str, prefix: str = "t", threads: int = 1):
    result = warden("audit", "emit-test-events", location, "--count", count, "--format", fmt,
                    "--prefix", prefix, "--threads", threads)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def verify(location: Path, *extra) -> subprocess.CompletedProcess:
    return warden("audit", "verify", location, *extra)


# --- reading the trail independently of Warden ---------------------------------------------

def _format_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rows_of(path: Path) -> list[dict]:
    """Events of one audit file as JSON-shaped dicts (complete JSON lines only)."""
    if path.suffix == ".parquet":
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            row["time"] = _format_time(row["time"])
        return rows
    text = path.read_bytes().decode("utf-8")
    complete = text[: text.rfind("\n") + 1]  # an unterminated last line was never acked
    return [json.loads(line) for line in complete.splitlines()]


def audit_files(location: Path) -> list[Path]:
    return sorted(p for p in location.rglob("*")
                  if p.is_file() and p.suffix in (".parquet", ".jsonl")
                  and not p.name.startswith("."))


def events_by_id(location: Path) -> dict[str, dict]:
    return {row["event_id"]: row for path in audit_files(location) for row in rows_of(path)}


def canonical_hash(row: dict) -> str:
    """docs/audit.md: SHA-256 of the compact, key-sorted JSON of every field but `hash`
    (and `tasks` when null: it is absent from the canonical form then)."""
    body = {k: v for k, v in row.items()
            if k != "hash" and not (k == "tasks" and v is None)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rolled_files(location: Path) -> list[Path]:
    return sorted(location.glob("date=*/audit-*"))


# --- verification ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_verify_ok_and_hashes_recomputed_in_python(tmp_path, fmt):
    location = tmp_path / "audit"
    emit(location, 40, fmt, threads=4)
    result = verify(location)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 40 events in 1 files, 1 chain verified"), result.stdout
    rows = sorted(events_by_id(location).values(), key=lambda r: r["sequence"])
    assert [r["sequence"] for r in rows] == list(range(1, 41))
    previous = "0" * 64
    for row in rows:
        assert row["prev_hash"] == previous
        assert canonical_hash(row) == row["hash"], row
        previous = row["hash"]
    assert f"head {previous}" in result.stdout


def test_trail_is_a_hive_partitioned_dataset(tmp_path):
    location = tmp_path / "audit"
    emit(location, 10, "parquet", prefix="a")
    emit(location, 5, "parquet", prefix="b")  # a second file, continuing the chain
    table = ds.dataset(location, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 15
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    dates = {str(d) for d in table.column("date").to_pylist()}
    assert dates <= {today, (datetime.date.fromisoformat(today)
                             - datetime.timedelta(days=1)).isoformat()}
    assert table.schema.field("time").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("groups").type == pa.list_(pa.string())
    assert sorted(table.column("sequence").to_pylist()) == list(range(1, 16))
    assert len(rolled_files(location)) == 2


def _three_files(location: Path, fmt: str) -> list[Path]:
    for prefix in ("a", "b", "c"):
        emit(location, 5, fmt, prefix=prefix)
    files = rolled_files(location)
    assert len(files) == 3
    return files


def _rewrite(path: Path, rows: list[dict]) -> None:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        return
    table = pq.read_table(path)
    for row in rows:
        row["time"] = datetime.datetime.strptime(row["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=datetime.timezone.utc)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)


def _alter(files):
    rows = rows_of(files[1])
    rows[2]["user"] = "mallory"
    _rewrite(files[1], rows)
    return "event altered", files[1], 8


def _delete_event(files):
    rows = rows_of(files[1])
    del rows[2]
    _rewrite(files[1], rows)
    return "events removed", files[1], 9


def _delete_file(files):
    files[1].unlink()
    return "events removed", files[2], 11


def _reorder(files):
    rows = rows_of(files[1])
    rows[1], rows[3] = rows[3], rows[1]
    _rewrite(files[1], rows)
    return "events reordered", files[1], 9


def _swap_files(files):
    spare = files[0].with_name("spare")
    files[0].rename(spare)
    files[1].rename(files[0])
    spare.rename(files[1])
    return "file misplaced", files[0], 6


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("tamper", [_alter, _delete_event, _delete_file, _reorder, _swap_files],
                         ids=["alter", "delete-event", "delete-file", "reorder", "swap-files"])
def test_verify_catches_tampering(tmp_path, fmt, tamper):
    location = tmp_path / "audit"
    files = _three_files(location, fmt)
    assert verify(location).returncode == 0
    kind, file, sequence = tamper(files)
    result = verify(location)
    assert result.returncode == 1, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    relative = file.relative_to(location).as_posix()
    assert first.startswith(f"FAILED: {kind}: chain {CHAIN}, {relative}"), first
    assert f"sequence {sequence}:" in first, first


def test_verify_unreadable_location_exits_2(tmp_path):
    result = verify(tmp_path / "missing")
    assert result.returncode == 2
    assert "WARDEN-STORAGE-ERROR" in result.stderr


# --- crash safety -----------------------------------------------------------------------------

def _acks(stdout: Path) -> set[str]:
    text = stdout.read_bytes().decode("utf-8", errors="replace")
    complete = text[: text.rfind("\n") + 1]
    return {line[4:] for line in complete.splitlines() if line.startswith("ack ")}


def _run_and_kill(location: Path, fmt: str, prefix: str, log_dir: Path, min_acks: int) -> set:
    """Starts a writer with 4 threads that never finishes, SIGKILLs it once it has
    acknowledged `min_acks` events, and returns every event id it acknowledged."""
    stdout = log_dir / f"{prefix}.stdout"
    with open(stdout, "wb") as out, open(log_dir / f"{prefix}.stderr", "wb") as err:
        proc = subprocess.Popen(
            [str(WARDEN_BIN), "audit", "emit-test-events", str(location), "--format", fmt,
             "--count", "100000000", "--threads", "4", "--prefix", prefix],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while len(_acks(stdout)) < min_acks:
            assert proc.poll() is None, (log_dir / f"{prefix}.stderr").read_text()
            assert time.monotonic() < deadline, "writer too slow"
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=RUN_TIMEOUT_S)
    assert proc.returncode == -signal.SIGKILL
    return _acks(stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_sigkill_loses_no_acknowledged_event(tmp_path, fmt):
    location = tmp_path / "audit"
    acked: set[str] = set()
    for round_ in range(3):  # each writer continues the chain its killed predecessor left
        acked |= _run_and_kill(location, fmt, f"r{round_}-", tmp_path, min_acks=150)
        result = verify(location)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("OK: "), result.stdout
        stored = events_by_id(location)
        missing = acked - stored.keys()
        assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:5]}"

    # A clean start on the same chain rolls what the killed writers left open.
    emit(location, 0, fmt)
    open_parts = list((location / "_open" / CHAIN).glob("*.jsonl"))
    assert open_parts == []
    result = verify(location)
    assert result.returncode == 0, result.stdout
    assert "note:" not in result.stdout, result.stdout
    rolled = {row["event_id"] for path in rolled_files(location) for row in rows_of(path)}
    assert acked <= rolled
    if fmt == "parquet":
        table = ds.dataset(location, format="parquet", partitioning="hive").to_table()
        assert acked <= set(table.column("event_id").to_pylist())
        sequences = sorted(table.column("sequence").to_pylist())
        assert sequences == list(range(1, len(sequences) + 1))  # no gap, no duplicate


def test_torn_tail_is_reported_as_unacknowledged(tmp_path):
    """The state a kill mid-append leaves, made deterministic: verify accepts it and says so."""
    location = tmp_path / "audit"
    _run_and_kill(location, "jsonl", "x", tmp_path, min_acks=20)
    parts = sorted((location / "_open" / CHAIN).glob("*.jsonl"))
    assert parts, "the killed writer left no open segment"
    with open(parts[-1], "ab") as part:
        part.write(b'{"application":null,"by')
    result = verify(location)
    assert result.returncode == 0, result.stdout
    assert "note: unacknowledged tail ignored" in result.stdout, result.stdout
    # ... but a torn line inside a rolled file is damage, not a crash artefact.
    emit(location, 0, "jsonl")
    shutil.copy(rolled_files(location)[0], tmp_path / "backup")
    with open(rolled_files(location)[0], "ab") as rolled:
        rolled.write(b'{"application":null,"by')
    result = verify(location)
    assert result.returncode == 1
    assert result.stdout.startswith("FAILED: file unreadable"), result.stdout


# --- object storage (an S3-compatible server on loopback) -------------------------------------

MOTO_SERVER = REPO / ".venv" / "bin" / "moto_server"
S3_ENV = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
          "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """A moto S3 server on a free loopback port, for the module."""
    if not MOTO_SERVER.exists():
        pytest.skip("moto_server not installed (requirements-dev.txt)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "moto_server did not start"
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def s3_location(s3_endpoint, monkeypatch, request):
    for key, value in S3_ENV.items():
        monkeypatch.setenv(key, value)
    s3 = pafs.S3FileSystem(endpoint_override=s3_endpoint, scheme="http", access_key="test",
                           secret_key="test", region="us-east-1", allow_bucket_creation=True)
    bucket = "audit-" + request.node.name.lower().replace("_", "-")[:40]
    s3.create_dir(bucket)
    # Endpoint and region come from the environment, as for table locations.
    monkeypatch.setenv("WARDEN_S3_ENDPOINT", f"http://{s3_endpoint}")
    monkeypatch.setenv("WARDEN_S3_REGION", "us-east-1")
    uri = f"s3://{bucket}/trail"
    return uri, s3, f"{bucket}/trail"


def test_s3_trail_verifies_and_survives_sigkill(s3_location, tmp_path):
    uri, s3, prefix = s3_location
    result = warden("audit", "emit-test-events", uri, "--count", 20, "--threads", 4)
    assert result.returncode == 0, result.stdout + result.stderr
    acked = _run_and_kill(uri, "parquet", "k", tmp_path, min_acks=30)
    result = verify(uri)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: "), result.stdout

    # Restart rolls the killed writer's open segment; every acknowledged event is in the dataset.
    result = warden("audit", "emit-test-events", uri, "--count", 0)
    assert result.returncode == 0, result.stdout + result.stderr
    keys = [info.path for info in s3.get_file_info(pafs.FileSelector(prefix, recursive=True))
            if info.type == pafs.FileType.File]
    assert not [k for k in keys if "/_open/" in k and k.endswith(".jsonl")], keys
    table = ds.dataset(prefix, filesystem=s3, format="parquet", partitioning="hive").to_table()
    assert acked <= set(table.column("event_id").to_pylist())
    assert verify(uri).returncode == 0

    # Deleting an object is caught.
    rolled = sorted(k for k in keys if "/date=" in k)
    assert len(rolled) >= 2, keys
    s3.delete_file(rolled[0])
    result = verify(uri)
    assert result.returncode == 1
    assert result.stdout.startswith("FAILED: chain start missing"), result.stdout

