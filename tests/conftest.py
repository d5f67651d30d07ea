"""Fixtures for Warden's end-to-end tests: sample data, real warden processes, clients.

Deployments (the `deployment` fixture is parametrized over both):
  serve  one `warden serve` (planner + worker + REST in one process)
  split  one `warden planner` + two `warden worker` processes sharing a ticket key

Every wait is bounded: process start-up (READY_TIMEOUT_S), shutdown (SIGTERM, then SIGKILL
after STOP_TIMEOUT_S) and every Flight call (FlightCallOptions timeout).

Environment:
  WARDEN_BIN   path of the warden binary (default: build/bin/warden in the repo)
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from flight_sql import FlightSqlClient  # noqa: E402
from pg_server import PostgresServer  # noqa: E402
from s3_server import S3Server, start_s3_server  # noqa: E402

WARDEN_BIN = Path(os.environ.get("WARDEN_BIN", REPO / "build" / "bin" / "warden"))
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
ADMIN_USER = "admin"

CUSTOMERS = 500
TRANSACTIONS = 5000
FILES = 4


# --- processes ----------------------------------------------------------------------------------

_ALL_PROCESSES: list["WardenProcess"] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "<missing>"
    text = data[-limit:].decode("utf-8", errors="replace")
    return ("…" if len(data) > limit else "") + text


class WardenProcess:
    """One warden subprocess with its stdout/stderr captured to files in `log_dir`."""

    def __init__(self, name: str, args: list[str], log_dir: Path, env: dict | None = None,
                 port: int | None = None):
        self.name = name
        self.args = [str(a) for a in args]
        self.port = port  # the port whose readiness wait_ready checks
        self.log_dir = log_dir
        self.extra_env = dict(env or {})
        self.stdout_path = log_dir / f"{name}.stdout.log"
        self.stderr_path = log_dir / f"{name}.stderr.log"
        self.env = dict(os.environ, **(env or {}))
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self.stopped_at: float | None = None

    def start(self) -> "WardenProcess":
        self.stdout_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                self.args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=self.env,
                start_new_session=True,
            )
        self.started_at = time.monotonic()
        _ALL_PROCESSES.append(self)
        return self

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def logs(self, limit: int = 6000) -> str:
        return (
            f"$ {' '.join(self.args)}\n"
            f"--- {self.name} stdout ---\n{_tail(self.stdout_path, limit)}\n"
            f"--- {self.name} stderr ---\n{_tail(self.stderr_path, limit)}"
        )

    def wait_ready(self, port: int | None = None, timeout: float = READY_TIMEOUT_S) -> None:
        """Waits for a stdout line containing `ready` (and, if given, for `port` to accept)."""
        port = port if port is not None else self.port
        deadline = time.monotonic() + timeout
        while True:
            text = self.stdout_path.read_bytes().decode("utf-8", errors="replace")
            if any("ready" in line.lower() for line in text.splitlines()):
                break
            if not self.running:
                code = self.proc.returncode if self.proc else None
                pytest.fail(f"{self.name} exited with code {code} before printing 'ready'\n"
                            + self.logs(), pytrace=False)
            if time.monotonic() > deadline:
                hint = ""
                if "ready" in _tail(self.stderr_path).lower():
                    hint = " ('ready' appeared on stderr, the contract says stdout)"
                self.stop()
                pytest.fail(f"{self.name} did not print 'ready' within {timeout:.0f}s{hint}\n"
                            + self.logs(), pytrace=False)
            time.sleep(0.05)
        if port is not None:
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        return
                except OSError:
                    if time.monotonic() > deadline or not self.running:
                        self.stop()
                        pytest.fail(f"{self.name} printed 'ready' but port {port} does not "
                                    "accept connections\n" + self.logs(), pytrace=False)
                    time.sleep(0.05)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; returns the exit code (None if never started)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                try:
                    self.proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    pass
            except ProcessLookupError:
                pass
        if self.stopped_at is None:
            self.stopped_at = time.monotonic()
        return self.proc.returncode


def write_key_file(path: Path) -> Path:
    path.write_text(secrets.token_hex(32) + "\n")
    path.chmod(0o600)
    return path


# --- deployments --------------------------------------------------------------------------------

@dataclass
class Deployment:
    kind: str  # "serve" | "split"
    workdir: Path
    planner_port: int
    admin_password: str
    processes: list[WardenProcess] = field(default_factory=list)
    worker_ports: list[int] = field(default_factory=list)
    ticket_key_file: Path | None = None
    token_secret_file: Path | None = None

    @property
    def planner(self) -> WardenProcess:
        return self.processes[0]

    def connect(self) -> FlightSqlClient:
        """An unauthenticated client of the planner."""
        return FlightSqlClient("127.0.0.1", self.planner_port)

    def admin(self) -> FlightSqlClient:
        client = self.connect()
        client.authenticate(ADMIN_USER, self.admin_password)
        return client

    def all_running(self) -> bool:
        return all(p.running for p in self.processes)

    def logs(self) -> str:
        return "\n".join(p.logs() for p in self.processes)

    def stop(self) -> dict[str, int | None]:
        # Planner first so that workers are not left without one mid-request.
        return {p.name: p.stop() for p in self.processes}

    def restart(self) -> None:
        """Stops every process and starts it again with the same arguments and ports."""
        self.stop()
        fresh = []
        for old in self.processes:
            generation = sum(1 for p in _ALL_PROCESSES if p.args == old.args)
            fresh.append(WardenProcess(f"{old.name.split('#')[0]}#{generation + 1}", old.args,
                                       old.log_dir, old.extra_env, old.port))
        self.processes = fresh
        try:
            for proc in reversed(fresh):  # workers before the planner
                proc.start()
                proc.wait_ready()
        except BaseException:
            self.stop()
            raise


def _require_binary() -> Path:
    if not WARDEN_BIN.exists():
        pytest.skip(f"warden binary not built: {WARDEN_BIN} (set WARDEN_BIN or build first)")
    return WARDEN_BIN


def start_worker(workdir: Path, name: str, ticket_key_file: Path, token_secret_file: Path,
                 extra_args=(), env: dict | None = None) -> tuple:
    """A worker; it verifies callers' bearer tokens with the planners' `token_secret_file`."""
    port = free_port()
    proc = WardenProcess(
        name,
        [_require_binary(), "worker", "--port", port, "--ticket-key-file", ticket_key_file,
         "--token-secret-file", token_secret_file, *extra_args],
        workdir,
        env=env,
        port=port,
    ).start()
    return proc, port


def start_planner(workdir: Path, name: str, ticket_key_file: Path, token_secret_file: Path,
                  worker_ports: list[int], password: str, extra_args=(),
                  env: dict | None = None, metastore: str | None = None) -> tuple:
    """A planner on `metastore` (default: its own SQLite file in `workdir`)."""
    port = free_port()
    metastore = metastore or f"sqlite:///{(workdir / (name + '-catalog.db')).resolve()}"
    proc = WardenProcess(
        name,
        [_require_binary(), "planner", "--port", port, "--metastore", metastore,
         "--ticket-key-file", ticket_key_file, "--token-secret-file", token_secret_file,
         "--workers", ",".join(f"127.0.0.1:{p}" for p in worker_ports), *extra_args],
        workdir,
        env={"WARDEN_ADMIN_PASSWORD": password, **(env or {})},
        port=port,
    ).start()
    return proc, port


def start_deployment(kind: str, workdir: Path, extra_args=(),
                     env: dict | None = None) -> Deployment:
    """Starts a deployment and waits until every process is ready; stops it on failure.
    `env` is added to every process's environment (e.g. S3 settings)."""
    binary = _require_binary()
    workdir.mkdir(parents=True, exist_ok=True)
    password = "pw-" + secrets.token_urlsafe(12)
    if kind == "serve":
        planner_port, worker_port, http_port = free_port(), free_port(), free_port()
        proc = WardenProcess(
            "serve",
            [binary, "serve", "--data-dir", workdir / "warden-data",
             "--planner-port", planner_port, "--worker-port", worker_port,
             "--http-port", http_port, *extra_args],
            workdir,
            env={"WARDEN_ADMIN_PASSWORD": password, **(env or {})},
            port=planner_port,
        )
        deployment = Deployment(kind, workdir, planner_port, password, [proc],
                                worker_ports=[worker_port])
        try:
            proc.start()
            proc.wait_ready(planner_port)
        except BaseException:
            deployment.stop()
            raise
        return deployment

    if kind == "split":
        ticket_key = write_key_file(workdir / "ticket.key")
        token_secret = write_key_file(workdir / "token.key")
        deployment = Deployment(kind, workdir, 0, password, ticket_key_file=ticket_key,
                                token_secret_file=token_secret)
        try:
            workers = []
            for i in (1, 2):
                workers.append(start_worker(workdir, f"worker{i}", ticket_key, token_secret,
                                            env=env))
                deployment.processes.append(workers[-1][0])  # so that stop() covers it
            deployment.worker_ports = [port for _, port in workers]
            planner, planner_port = start_planner(
                workdir, "planner", ticket_key, token_secret, deployment.worker_ports,
                password, extra_args, env)
            deployment.planner_port = planner_port
            deployment.processes.insert(0, planner)  # processes[0] is the planner
            for (proc, port) in workers:
                proc.wait_ready(port)
            planner.wait_ready(planner_port)
        except BaseException:
            deployment.stop()
            raise
        return deployment

    raise ValueError(kind)


# --- PostgreSQL --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session (tests/pg_server.py); each test that needs a
    metadata store creates its own database with `pg_server.create_database(name)`."""
    server = PostgresServer().start()
    yield server
    server.stop()


# --- data ---------------------------------------------------------------------------------------

@dataclass
class SampleData:
    root: Path
    customers_dir: Path
    transactions_dir: Path
    customers_csv_dir: Path
    single_file: Path  # one customers parquet file
    files: int

    @staticmethod
    def uri(path: Path) -> str:
        return "file://" + str(path.resolve())


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory) -> SampleData:
    root = tmp_path_factory.mktemp("data")
    paths = datagen.generate(root, customers=CUSTOMERS, transactions=TRANSACTIONS, files=FILES,
                             formats=("parquet", "csv"), seed=42)
    customers = paths["parquet"]["customers"]
    return SampleData(
        root=root,
        customers_dir=customers,
        transactions_dir=paths["parquet"]["transactions"],
        customers_csv_dir=paths["csv"]["customers"],
        single_file=customers / "part-00000.parquet",
        files=FILES,
    )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> S3Server:
    """A moto_server on loopback (started on first use, stopped at the end of the session);
    tests create their own buckets."""
    server = start_s3_server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


# --- deployments as fixtures ---------------------------------------------------------------------

@pytest.fixture(scope="session", params=["serve", "split"])
def deployment(request, tmp_path_factory) -> Deployment:
    """A running deployment shared by the session (one per kind)."""
    workdir = tmp_path_factory.mktemp(f"deploy-{request.param}")
    dep = start_deployment(request.param, workdir)
    yield dep
    codes = dep.stop()
    bad = {name: code for name, code in codes.items() if code != 0}
    if bad:
        # Reported as a teardown error: SIGTERM must stop every service cleanly.
        pytest.fail(f"{request.param}: processes did not exit 0 on SIGTERM: {bad}\n"
                    + dep.logs(), pytrace=False)


class Launcher:
    """Starts extra deployments for one module and stops them all at its end."""

    def __init__(self, tmp_path_factory):
        self._tmp = tmp_path_factory
        self.started: list[Deployment] = []

    def deployment(self, kind: str, extra_args=(), env: dict | None = None) -> Deployment:
        dep = start_deployment(kind, self._tmp.mktemp(f"extra-{kind}"), extra_args, env)
        self.started.append(dep)
        return dep

    def planner(self, worker_ports: list[int], ticket_key_file: Path | None = None,
                extra_args=(), token_secret_file: Path | None = None) -> Deployment:
        """A lone planner (own metastore) in front of existing workers; with no
        `ticket_key_file` or `token_secret_file` it gets a fresh key or secret the workers
        do not know."""
        workdir = self._tmp.mktemp("extra-planner")
        password = "pw-" + secrets.token_urlsafe(12)
        ticket_key = ticket_key_file or write_key_file(workdir / "ticket.key")
        token_secret = token_secret_file or write_key_file(workdir / "token.key")
        proc, port = start_planner(workdir, "planner", ticket_key, token_secret, worker_ports,
                                   password, extra_args)
        dep = Deployment("planner", workdir, port, password, [proc],
                         worker_ports=list(worker_ports), ticket_key_file=ticket_key,
                         token_secret_file=token_secret)
        self.started.append(dep)
        proc.wait_ready(port)
        return dep

    def stop_all(self) -> None:
        for dep in reversed(self.started):
            dep.stop()


@pytest.fixture(scope="module")
def launcher(tmp_path_factory):
    launcher = Launcher(tmp_path_factory)
    yield launcher
    launcher.stop_all()


@pytest.fixture
def admin(deployment):
    """An authenticated admin client of the planner (closed after the test)."""
    client = deployment.admin()
    yield client
    client.close()


@pytest.fixture
def unique_name(request):
    """Returns a fresh database/table name on each call: t_<test>_<random>."""
    name = request.node.name.lower()
    base = "".join(c if c.isascii() and c.isalnum() else "_" for c in name)[:30]

    def make(prefix: str = "db") -> str:
        return f"{prefix}_{base}_{uuid.uuid4().hex[:8]}".replace("__", "_")

    return make


@pytest.fixture
def sales_db(admin, sample_data, unique_name):
    """A fresh database with `customers` and `transactions` tables over the sample parquet
    directories and `customers_one` over a single file; dropped after the test."""
    db = unique_name("sales")
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.customers STORED AS PARQUET "
                  f"LOCATION '{sample_data.uri(sample_data.customers_dir)}'")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.transactions STORED AS PARQUET "
                  f"LOCATION '{sample_data.uri(sample_data.transactions_dir)}'")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.customers_one STORED AS PARQUET "
                  f"LOCATION '{sample_data.uri(sample_data.single_file)}'")
    yield db
    try:
        admin.execute(f"DROP DATABASE {db} CASCADE")
    except Exception:  # best effort: the deployment may be the thing under test
        pass


# --- failure reports: attach the logs of the warden processes ------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        started = getattr(item, "_warden_started", 0.0)
        for proc in _ALL_PROCESSES:
            if proc.stopped_at is None or proc.stopped_at >= started:
                report.sections.append((f"warden {proc.name} logs", proc.logs(4000)))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item._warden_started = time.monotonic()


def pytest_sessionfinish(session, exitstatus):
    # Safety net: never leave a warden process behind.
    for proc in _ALL_PROCESSES:
        proc.stop()
