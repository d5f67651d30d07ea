"""A real S3-compatible server on loopback for the object-storage tests: `moto_server`.

The server enforces credentials: the first few requests (creating an IAM user with full
access and its key) run unauthenticated, every later one must be signed with that key, so
tests can check what Warden does with wrong credentials.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

REGION = "us-east-1"
READY_TIMEOUT_S = 30.0
# Unauthenticated requests before moto starts checking signatures: the IAM calls in
# _create_user below, exactly.
_SETUP_REQUESTS = 3


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _moto_server_binary() -> Path:
    binary = Path(sys.executable).parent / "moto_server"
    if not binary.exists():
        raise RuntimeError(f"{binary} is missing: install requirements-dev.txt "
                           "(scripts/install.sh)")
    return binary


@dataclass
class S3Server:
    endpoint: str  # http://127.0.0.1:port
    access_key: str
    secret_key: str
    process: subprocess.Popen
    log_path: Path

    def client(self, secret_key: str | None = None):
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key)

    def env(self, secret_key: str | None = None) -> dict[str, str]:
        """The environment a warden process needs to reach this server."""
        return {
            "WARDEN_S3_ENDPOINT": self.endpoint,
            "WARDEN_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": secret_key or self.secret_key,
            # Never fall back to a developer's own AWS profile or an instance role.
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def create_bucket(self, bucket: str) -> None:
        self.client().create_bucket(Bucket=bucket)

    def put_bytes(self, bucket: str, key: str, data: bytes) -> None:
        self.client().put_object(Bucket=bucket, Key=key, Body=data)

    def put_table(self, bucket: str, key: str, table: pa.Table, fmt: str = "parquet") -> None:
        """Uploads `table` as one Parquet or CSV (with header) object."""
        sink = io.BytesIO()
        if fmt == "parquet":
            pq.write_table(table, sink)
        elif fmt == "csv":
            pacsv.write_csv(table, sink)
        else:
            raise ValueError(fmt)
        self.put_bytes(bucket, key, sink.getvalue())

    def logs(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return "<missing>"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _create_user(endpoint: str) -> tuple[str, str]:
    iam = boto3.client("iam", endpoint_url=endpoint, region_name=REGION,
                       aws_access_key_id="setup", aws_secret_access_key="setup")
    iam.create_user(UserName="warden")
    iam.put_user_policy(
        UserName="warden", PolicyName="all",
        PolicyDocument='{"Version": "2012-10-17", "Statement": '
                       '[{"Effect": "Allow", "Action": "*", "Resource": "*"}]}')
    key = iam.create_access_key(UserName="warden")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def start_s3_server(log_dir: Path) -> S3Server:
    """Starts moto_server on a free loopback port and returns it once it accepts requests
    signed with its user's key."""
    port = _free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "moto_server.log"
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(_SETUP_REQUESTS))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [_moto_server_binary(), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {process.returncode}:\n"
                                   + log_path.read_text(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start listening in time")
                time.sleep(0.05)
        access_key, secret_key = _create_user(endpoint)
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise
    return S3Server(endpoint, access_key, secret_key, process, log_path)
