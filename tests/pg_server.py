"""A throwaway PostgreSQL server for end-to-end tests (the metadata store of several planners).

`initdb` + `pg_ctl` from Debian's postgresql package (scripts/install.sh) in a temporary
directory, on a free loopback port, unix socket inside that directory; run as user `postgres`
(via runuser) when the tests run as root, since PostgreSQL refuses root. Stopped and removed
by stop(). Every wait is bounded (pg_ctl -t).

Environment:
  WARDEN_PG_BINDIR   directory of initdb/pg_ctl/psql (default: newest /usr/lib/postgresql/*/bin)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

START_TIMEOUT_S = 60


def _bin_dir() -> Path:
    configured = os.environ.get("WARDEN_PG_BINDIR")
    if configured:
        return Path(configured)
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql "
                           "(run scripts/install.sh, or set WARDEN_PG_BINDIR)")
    return candidates[-1].parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin_dir = _bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="warden_pg_"))
        self.data = self.dir / "data"
        self.socket_dir = self.dir / "socket"
        self.log = self.dir / "server.log"
        self.port = 0
        self.started = False
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.run_as, *args], stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=START_TIMEOUT_S + 30)
        if result.returncode != 0:
            server_log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}\n{server_log[-3000:]}")

    def start(self) -> "PostgresServer":
        self.socket_dir.mkdir(parents=True)
        if self.run_as:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "warden",
                  "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        for attempt in range(5):  # the probed port may be taken before the server binds it
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l",
                          str(self.log), "-w", "-t", str(START_TIMEOUT_S), "-o", options, "start")
                break
            except RuntimeError:
                if attempt == 4:
                    raise
        self.started = True
        self._start_reaper()
        return self

    def _start_reaper(self) -> None:
        """A process that stops the server once this one is gone, however it ended (a killed
        pytest runs no finalizers)."""
        stop = " ".join([*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data),
                         "-m", "immediate", "-w", "-t", "30", "stop"])
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
                  f"{stop}; rm -rf {self.dir}")
        subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)

    def uri(self, database: str) -> str:
        return f"postgresql://warden@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run(
            [str(self.bin_dir / "psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
             "-d", self.uri(database), "-c", sql],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout

    def create_database(self, name: str) -> str:
        """Creates an empty database; returns its metadata store URI."""
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.uri(name)

    def stop(self) -> None:
        if self.started:
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                          "-w", "-t", "30", "stop")
            finally:
                self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
