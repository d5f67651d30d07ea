"""A tiny Arrow Flight SQL client for the end-to-end tests.

pyarrow ships Flight but not Flight SQL, and the tests must not depend on a protobuf package,
so the messages we need (google.protobuf.Any wrapping CommandStatementQuery) are encoded by
the Python client's hand-written encoder (clients/python/warden/_wire.py).
"""

from __future__ import annotations

import contextlib

import pytest
import pyarrow as pa
import pyarrow.flight as flight

from warden._wire import _bytes_field, _varint, statement_query  # noqa: F401 (_varint: tests)

STATEMENT_QUERY_TYPE_URL = "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery"
# Flight's "reuse the connection you used for GetFlightInfo" location (Arrow >= 14).
REUSE_CONNECTION_URI = "arrow-flight-reuse-connection://?"
DEFAULT_TIMEOUT_S = 60.0


# --- protobuf wire format: the Python client's encoder (warden._wire), one copy ---------------

def encode_any(type_url: str, value: bytes) -> bytes:
    """A serialized google.protobuf.Any{type_url = 1, value = 2} of any type URL (the tests
    also send types Warden does not know)."""
    return _bytes_field(1, type_url.encode()) + _bytes_field(2, value)


def encode_statement_query(sql: str) -> bytes:
    """Any(CommandStatementQuery{query = 1}) — the Flight SQL command for an ad-hoc statement."""
    return statement_query(sql)


def statement_descriptor(sql: str) -> flight.FlightDescriptor:
    return flight.FlightDescriptor.for_command(encode_statement_query(sql))


# --- client -------------------------------------------------------------------------------------

def _location_uri(location) -> str:
    uri = location.uri if isinstance(location, flight.Location) else location
    return uri.decode() if isinstance(uri, bytes) else str(uri)


class FlightSqlClient:
    """A planner connection plus cached worker connections, all sending one bearer header."""

    def __init__(self, host: str, port: int, timeout: float = DEFAULT_TIMEOUT_S):
        self.uri = f"grpc://{host}:{port}"
        self.timeout = timeout
        self.client = flight.FlightClient(self.uri)
        self.headers: list[tuple[bytes, bytes]] = []
        self._workers: dict[str, flight.FlightClient] = {}

    # authentication
    def authenticate(self, user: str, password: str) -> tuple[bytes, bytes]:
        pair = self.client.authenticate_basic_token(
            user, password, flight.FlightCallOptions(timeout=self.timeout)
        )
        self.headers = [pair]
        return pair

    def set_bearer(self, token: str | bytes) -> None:
        if isinstance(token, str):
            token = token.encode()
        self.headers = [(b"authorization", b"Bearer " + token)]

    @property
    def options(self) -> flight.FlightCallOptions:
        return flight.FlightCallOptions(headers=list(self.headers), timeout=self.timeout)

    # planning
    def flight_info(self, sql: str) -> flight.FlightInfo:
        return self.client.get_flight_info(statement_descriptor(sql), self.options)

    # execution
    def _client_for(self, uri: str) -> flight.FlightClient:
        if uri.startswith("arrow-flight-reuse-connection:"):
            return self.client
        if uri not in self._workers:
            self._workers[uri] = flight.FlightClient(uri)
        return self._workers[uri]

    def do_get(self, endpoint: flight.FlightEndpoint) -> pa.Table:
        """Reads one endpoint: on the planner when it has no location, else on its first
        reachable location (falling over to the next one on connection errors)."""
        if not endpoint.locations:
            return self.client.do_get(endpoint.ticket, self.options).read_all()
        last_error: Exception | None = None
        for location in endpoint.locations:
            uri = _location_uri(location)
            try:
                return self._client_for(uri).do_get(endpoint.ticket, self.options).read_all()
            except flight.FlightUnavailableError as exc:
                last_error = exc
                continue
        assert last_error is not None
        raise last_error

    def fetch(self, info: flight.FlightInfo) -> pa.Table:
        """Reads every endpoint of `info` in order and concatenates the results."""
        tables = [self.do_get(endpoint) for endpoint in info.endpoints]
        if not tables:
            return info.schema.empty_table()
        return pa.concat_tables(tables)

    def query(self, sql: str) -> pa.Table:
        return self.fetch(self.flight_info(sql))

    def execute(self, sql: str) -> pa.Table:
        """Same as query(); reads better for governance statements."""
        return self.query(sql)

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()
        self._workers.clear()
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


# --- assertions ---------------------------------------------------------------------------------

# What a failed Flight call can raise: Flight-specific errors, or plain Arrow errors when the
# server returns a non-Flight status (e.g. Invalid → ArrowInvalid).
ANY_ERROR = (flight.FlightError, pa.ArrowException)


@contextlib.contextmanager
def raises_warden(code: str, exc_type=ANY_ERROR):
    """The block must raise `exc_type` whose text contains the stable Warden `code`.
    Yields pytest's ExceptionInfo."""
    with pytest.raises(exc_type) as info:
        yield info
    text = str(info.value)
    assert code in text, f"expected {code} in {type(info.value).__name__}: {text!r}"
