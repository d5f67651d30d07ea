"""A connection to Warden: planners for plans and metadata, workers for the data."""

from __future__ import annotations

import datetime
import decimal
import json
import queue
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator, List, Optional, Sequence

import pyarrow as pa
import pyarrow.flight as flight

from . import _wire
from ._progress import Progress
from .errors import (FLIGHT_ERRORS, UnavailableError, WardenError, from_flight)

DEFAULT_PORT = 12050
REUSE_CONNECTION = "arrow-flight-reuse-connection:"
_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


@dataclass
class Task:
    """One unit of a plan: a signed ticket and the workers that may run it (empty: the
    planner itself serves it). Re-running a ticket yields the same rows; when
    `repeatable_order` is true (plain scans) also in the same order, so a task that lost its
    worker mid-stream can be resumed on the next location."""
    ticket: bytes
    locations: List[str]
    repeatable_order: bool = False


@dataclass
class Plan:
    """What a planner made of a statement: the result schema and its tasks."""
    sql: str
    schema: pa.Schema
    tasks: List[Task] = field(default_factory=list)


def _planner_uri(address: str, tls: bool) -> str:
    if "://" in address:
        return address
    scheme = "grpc+tls" if tls else "grpc"
    if ":" not in address:
        address = f"{address}:{DEFAULT_PORT}"
    return f"{scheme}://{address}"


def _location_uri(location) -> str:
    uri = location.uri if isinstance(location, flight.Location) else location
    return uri.decode() if isinstance(uri, bytes) else str(uri)


def _repeatable_order(app_metadata: bytes) -> bool:
    """Whether the planner marked an endpoint's ticket as repeating its row order."""
    if not app_metadata:
        return False
    try:
        return json.loads(app_metadata).get("repeatable_order") is True
    except (ValueError, AttributeError):
        return False  # not ours to understand: assume the order may change


def _is_transport_failure(exc: BaseException) -> bool:
    """True when a call failed because a server went away (retry elsewhere), false when
    Warden answered with an error (retrying would fail the same way)."""
    if isinstance(exc, WardenError):
        return exc.code is None or exc.code == "WARDEN-UNAVAILABLE"
    if isinstance(exc, flight.FlightUnavailableError):
        return True
    text = str(exc)
    if "WARDEN-" in text:
        return False
    return isinstance(exc, (flight.FlightInternalError, flight.FlightCancelledError,
                            flight.FlightTimedOutError, OSError, pa.ArrowIOError))


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def quote_name(name: str) -> str:
    """A dataset or user name as SQL: kept when simple, else double-quoted."""
    if _SIMPLE_NAME.match(name):
        return name
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


class Connection:
    """A session with Warden. Thread-safe for concurrent scans; use as a context manager
    or call close()."""

    def __init__(self, planners: Sequence[str], user: Optional[str] = None,
                 password: Optional[str] = None, token: Optional[str] = None,
                 tls: bool = False, tls_root_certs: Optional[bytes] = None,
                 timeout: float = 60.0, parallelism: int = 8,
                 progress: Optional[bool] = None, application: str = "warden-python"):
        if not planners:
            raise ValueError("connect() needs at least one planner address")
        if token is None and (user is None or password is None):
            raise ValueError("connect() needs user and password, or token")
        self._planner_uris = [_planner_uri(p, tls) for p in planners]
        self._user, self._password, self._token = user, password, token
        self._tls_root_certs = tls_root_certs
        self.timeout = timeout
        self.parallelism = max(1, parallelism)
        self.progress = progress
        self._application = application
        self._lock = threading.Lock()
        self._planner: Optional[flight.FlightClient] = None
        self._planner_index = 0
        self._headers: list = []
        self._workers: dict = {}
        self._closed = False
        # How many times a task was re-run on another location (workers that died).
        self.retries = 0
        self._connect_planner(start=0)

    # --- planners ------------------------------------------------------------------------

    def _new_client(self, uri: str) -> flight.FlightClient:
        kwargs = {}
        if self._tls_root_certs is not None:
            kwargs["tls_root_certs"] = self._tls_root_certs
        return flight.FlightClient(uri, **kwargs)

    def _connect_planner(self, start: int) -> None:
        """Connects to the first reachable planner from `start` on (wrapping around)."""
        errors = []
        count = len(self._planner_uris)
        for offset in range(count):
            index = (start + offset) % count
            uri = self._planner_uris[index]
            client = self._new_client(uri)
            try:
                if self._token is not None:
                    headers = [(b"authorization", b"Bearer " + self._token.encode())]
                    # Any cheap call checks that the planner is up and the token valid.
                    client.get_flight_info(
                        flight.FlightDescriptor.for_command(_wire.get_db_schemas("", "")),
                        flight.FlightCallOptions(headers=headers, timeout=self.timeout))
                else:
                    pair = client.authenticate_basic_token(
                        self._user, self._password,
                        flight.FlightCallOptions(timeout=self.timeout))
                    headers = [pair]
            except FLIGHT_ERRORS as exc:
                client.close()
                error = from_flight(exc)
                if not _is_transport_failure(exc):
                    raise error from None
                errors.append(f"{uri}: {error}")
                continue
            old = self._planner
            self._planner, self._planner_index = client, index
            self._headers = headers + [(b"x-warden-application",
                                        self._application.encode())]
            if old is not None:
                old.close()
            return
        raise UnavailableError("no planner is reachable: " + "; ".join(errors),
                               "WARDEN-UNAVAILABLE")

    @property
    def planner(self) -> str:
        """The URI of the planner in use."""
        return self._planner_uris[self._planner_index]

    def _options(self) -> flight.FlightCallOptions:
        return flight.FlightCallOptions(headers=list(self._headers), timeout=self.timeout)

    def _on_planner(self, call: Callable[[flight.FlightClient], object]):
        """Runs `call` on the current planner; when that planner is down, moves to the next
        one in the list (re-authenticating) and retries once per planner."""
        self._check_open()
        attempts = len(self._planner_uris)
        for attempt in range(attempts):
            client = self._planner
            try:
                return call(client)
            except FLIGHT_ERRORS as exc:
                if not _is_transport_failure(exc) or attempt == attempts - 1:
                    raise from_flight(exc) from None
                with self._lock:
                    if self._planner is client:  # another thread may have moved on already
                        self._connect_planner(start=self._planner_index + 1)

    def _check_open(self) -> None:
        if self._closed:
            raise WardenError("the connection is closed")

    # --- statements ----------------------------------------------------------------------

    def _flight_info(self, command: bytes) -> flight.FlightInfo:
        descriptor = flight.FlightDescriptor.for_command(command)
        return self._on_planner(lambda c: c.get_flight_info(descriptor, self._options()))

    def plan(self, sql: str) -> Plan:
        """Plans `sql` without reading any data: its schema and tasks."""
        return self._plan_of(sql, self._flight_info(_wire.statement_query(sql)))

    @staticmethod
    def _plan_of(sql: str, info: flight.FlightInfo) -> Plan:
        tasks = [Task(endpoint.ticket.ticket, [_location_uri(l) for l in endpoint.locations],
                      _repeatable_order(endpoint.app_metadata))
                 for endpoint in info.endpoints]
        return Plan(sql, info.schema, tasks)

    def iter_batches(self, sql: str) -> Iterator[pa.RecordBatch]:
        """The result of `sql` as record batches, in task order, read from the workers in
        parallel (at most `parallelism` tasks at once, each buffering a few batches)."""
        plan = self.plan(sql)
        return self._iter_plan(plan)

    def _iter_plan(self, plan: Plan) -> Iterator[pa.RecordBatch]:
        progress = Progress(len(plan.tasks), enabled=self.progress)
        if not plan.tasks:
            progress.close()
            return
        done = object()
        queues = [queue.Queue(maxsize=8) for _ in plan.tasks]
        cancelled = threading.Event()

        def produce(index: int) -> None:
            out = queues[index]
            try:
                for batch in self._read_task(plan.tasks[index], cancelled):
                    while not cancelled.is_set():
                        try:
                            out.put(batch, timeout=0.2)
                            break
                        except queue.Full:
                            continue
                    if cancelled.is_set():
                        return
                out.put(done)
            except BaseException as exc:  # handed to the consumer, raised there
                out.put(exc)

        pool = ThreadPoolExecutor(max_workers=min(self.parallelism, len(plan.tasks)),
                                  thread_name_prefix="warden-task")
        try:
            # Submitting in order bounds what runs ahead: the pool runs `parallelism` tasks.
            for index in range(len(plan.tasks)):
                pool.submit(produce, index)
            for index in range(len(plan.tasks)):
                while True:
                    item = queues[index].get()
                    if item is done:
                        progress.task_done()
                        break
                    if isinstance(item, BaseException):
                        raise item
                    progress.add(item.num_rows, item.nbytes)
                    yield item
        finally:
            cancelled.set()
            for q in queues:  # unblock producers waiting on a full queue
                while True:
                    try:
                        q.get_nowait()
                    except queue.Empty:
                        break
            pool.shutdown(wait=True, cancel_futures=True)
            progress.close()

    def _client_for(self, uri: str) -> flight.FlightClient:
        if uri.startswith(REUSE_CONNECTION):
            return self._planner
        with self._lock:
            client = self._workers.get(uri)
            if client is None:
                client = self._workers[uri] = self._new_client(uri)
            return client

    def _read_task(self, task: Task, cancelled: threading.Event) -> Iterator[pa.RecordBatch]:
        """The batches of one task. When a location dies the ticket is re-run on the next
        one. Mid-stream, that is only safe when the task repeats its row order: then the
        rows already delivered are skipped, and no row is lost or repeated. Otherwise (a
        join or an aggregate may come back in another order) the task fails with
        WARDEN-UNAVAILABLE rather than risk a wrong result."""
        delivered = 0
        failures = []
        locations = task.locations or [None]
        ticket = flight.Ticket(task.ticket)
        for attempt, uri in enumerate(locations):
            if attempt:
                with self._lock:
                    self.retries += 1
            try:
                if uri is None:
                    reader = self._on_planner(lambda c: c.do_get(ticket, self._options()))
                else:
                    reader = self._client_for(uri).do_get(ticket, self._options())
                skip = delivered
                for chunk in reader:
                    if cancelled.is_set():
                        reader.cancel()
                        return
                    batch = chunk.data
                    if skip:
                        if batch.num_rows <= skip:
                            skip -= batch.num_rows
                            continue
                        batch = batch.slice(skip)
                        skip = 0
                    delivered += batch.num_rows
                    yield batch
                if skip:
                    raise WardenError(f"task re-run on {uri} returned fewer rows than before",
                                      "WARDEN-INTERNAL")
                return
            except FLIGHT_ERRORS as exc:
                if not _is_transport_failure(exc):
                    raise from_flight(exc) from None
                failures.append(f"{uri or self.planner}: {from_flight(exc)}")
                if delivered and not task.repeatable_order:
                    raise UnavailableError(
                        f"the worker running a task went away after {delivered} rows, and the "
                        "task's rows do not come back in a repeatable order, so it cannot be "
                        "resumed elsewhere; run the query again: " + "; ".join(failures),
                        "WARDEN-UNAVAILABLE") from None
                if uri is not None:
                    with self._lock:
                        dead = self._workers.pop(uri, None)
                    if dead is not None:
                        dead.close()
        raise UnavailableError("no location could run a task: " + "; ".join(failures),
                               "WARDEN-UNAVAILABLE")

    def scan_as_arrow(self, sql: str) -> pa.Table:
        """The whole result of `sql` as a pyarrow Table."""
        plan = self.plan(sql)
        batches = list(self._iter_plan(plan))
        return pa.Table.from_batches(batches, schema=plan.schema)

    def scan_as_pandas(self, sql: str):
        """The result as a pandas DataFrame (needs pandas)."""
        return self.scan_as_arrow(sql).to_pandas()

    def scan_as_polars(self, sql: str):
        """The result as a polars DataFrame (needs polars)."""
        try:
            import polars
        except ImportError:
            raise ImportError("scan_as_polars needs polars: pip install polars") from None
        return polars.from_arrow(self.scan_as_arrow(sql))

    def scan_as_json(self, sql: str) -> List[dict]:
        """The result as a list of JSON-ready dicts (dates as ISO text, decimals as text)."""
        return [_json_value(row) for row in self.scan_as_arrow(sql).to_pylist()]

    def execute(self, sql: str) -> pa.Table:
        """Runs any statement and returns its result table."""
        return self.scan_as_arrow(sql)

    def execute_ddl(self, sql: str) -> List[dict]:
        """Runs a governance statement (CREATE, DROP, GRANT, SHOW, DESCRIBE...) and returns
        its result rows."""
        return self.execute(sql).to_pylist()

    # --- catalog -------------------------------------------------------------------------

    def _metadata(self, command: bytes) -> pa.Table:
        plan = self._plan_of("", self._flight_info(command))
        return pa.Table.from_batches(list(self._iter_plan(plan)), schema=plan.schema)

    def list_databases(self) -> List[str]:
        """The databases you can see."""
        table = self._metadata(_wire.get_db_schemas())
        return table.column("db_schema_name").to_pylist()

    def list_datasets(self, db: str, like: Optional[str] = None,
                      attribute: Optional[str] = None) -> List[str]:
        """The datasets of `db` you can see, optionally those whose name matches the SQL
        LIKE pattern `like`, or that carry `attribute` (namespace.key) on them or a column."""
        if attribute is not None:
            rows = self.execute_ddl(f"SEARCH DATASETS IN {quote_name(db)} ATTRIBUTE "
                                    f"{quote_name(attribute)} LIMIT 100000")
            names = sorted(row["name"] for row in rows)
            if like is not None:
                pattern = re.compile(
                    "^" + re.escape(like).replace("%", ".*").replace("_", ".") + "$",
                    re.IGNORECASE)
                names = [n for n in names if pattern.match(n)]
            return names
        table = self._metadata(_wire.get_tables(schema_pattern=_wire.like_escape(db),
                                                table_pattern=like))
        return sorted(table.column("table_name").to_pylist())

    def describe(self, name: str) -> List[dict]:
        """The columns of dataset `db.name` as you see them."""
        return self.execute_ddl(f"DESCRIBE {quote_name(name)}")

    def schema(self, name: str) -> pa.Schema:
        """The Arrow schema of dataset `db.name` as you see it."""
        return self.plan(f"SELECT * FROM {quote_name(name)}").schema

    def explain(self, sql: str) -> str:
        """The governed plan of a query, as text."""
        return "\n".join(str(r) for r in self.execute(f"EXPLAIN {sql}").column(0).to_pylist())

    def explain_access(self, dataset: str, user: Optional[str] = None) -> List[dict]:
        """What `user` (default: you) sees of `dataset` and why: grants, filters, masks."""
        user = user or self._user
        if user is None:
            raise ValueError("explain_access needs a user when connected with a token")
        return self.execute_ddl(
            f"EXPLAIN ACCESS FOR USER {quote_name(user)} ON {quote_name(dataset)}")

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers.values()), {}
        for client in workers:
            client.close()
        if self._planner is not None:
            self._planner.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def connect(planners=None, user: Optional[str] = None, password: Optional[str] = None,
            token: Optional[str] = None, tls: bool = False, **options) -> Connection:
    """Connects to the first reachable planner of `planners` ("host:port" or URIs; default
    localhost:12050) with user/password or a bearer token."""
    if planners is None:
        planners = [f"127.0.0.1:{DEFAULT_PORT}"]
    elif isinstance(planners, str):
        planners = [planners]
    return Connection(list(planners), user=user, password=password, token=token, tls=tls,
                      **options)
