"""A worker's actions (the planners' heartbeat, docs/decisions/0009): DoAction and ListActions
answer only a planner's service credential, an HMAC under a key derived from the ticket key
with a short expiry. Without a valid one the caller gets WARDEN-AUTH-UNAUTHENTICATED and
nothing else; the planner's own heartbeats are accepted, those of a planner with another
ticket key are not."""

import base64
import hashlib
import hmac
import json
import time

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from conftest import ADMIN_USER
from flight_sql import raises_warden

UNAUTHENTICATED = "WARDEN-AUTH-UNAUTHENTICATED"
STATUS = "warden.worker.status"
HEADER = b"warden-service-credential"
# What the status action answers: none of it may reach a caller without a credential.
STATUS_FIELDS = ("active", "waiting", "capacity", "draining")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def credential(ticket_key: bytes, expires_in_s: float = 60, audience="warden.worker") -> str:
    """A service credential as planners issue it (worker/service_credential.h), written
    independently here so that the wire form is pinned."""
    key = hmac.new(ticket_key, b"warden worker service credential v1", hashlib.sha256).digest()
    body = {"aud": audience, "exp": int((time.time() + expires_in_s) * 1000)}
    signed = "wsc1." + _b64url(json.dumps(body).encode())
    return signed + "." + _b64url(hmac.new(key, signed.encode(), hashlib.sha256).digest())


def ticket_key_of(dep) -> bytes:
    return bytes.fromhex(dep.ticket_key_file.read_text().strip())


def options(value: str | None) -> flight.FlightCallOptions:
    headers = [] if value is None else [(HEADER, value.encode())]
    return flight.FlightCallOptions(timeout=30, headers=headers)


def status(port: int, value: str | None, action: str = STATUS) -> dict:
    with flight.FlightClient(f"grpc://127.0.0.1:{port}") as client:
        results = list(client.do_action(flight.Action(action, b""), options=options(value)))
    return json.loads(results[0].body.to_pybytes())


def assert_refused(port: int, value: str | None, action: str = STATUS) -> str:
    """The action and the action list are refused as unauthenticated; the error says
    nothing of the worker's state. Returns the error text."""
    with raises_warden(UNAUTHENTICATED, flight.FlightUnauthenticatedError) as info:
        status(port, value, action)
    text = str(info.value)
    assert not any(field in text for field in STATUS_FIELDS), text
    with flight.FlightClient(f"grpc://127.0.0.1:{port}") as client:
        with raises_warden(UNAUTHENTICATED, flight.FlightUnauthenticatedError):
            list(client.list_actions(options=options(value)))
    return text


@pytest.fixture(scope="module")
def split(launcher):
    return launcher.deployment("split", extra_args=["--worker-heartbeat-ms", "100"])


def test_no_credential_is_refused(split):
    for port in split.worker_ports:
        assert "required" in assert_refused(port, None)
    # Not even which actions exist: an unknown one is refused the same way.
    assert_refused(split.worker_ports[0], None, action="warden.worker.nope")


def test_forged_credentials_are_refused(split):
    port = split.worker_ports[0]
    other_key = bytes(range(32))
    assert "invalid" in assert_refused(port, credential(other_key))
    assert "invalid" in assert_refused(port, credential(ticket_key_of(split), audience="other"))
    genuine = credential(ticket_key_of(split))
    signed, _, mac = genuine.rpartition(".")
    assert "invalid" in assert_refused(port, signed + "." + mac[::-1])
    for garbage in ("", "wsc1.", "not-a-credential", "Bearer x.y.z"):
        assert_refused(port, garbage)


def test_a_users_bearer_token_is_not_a_credential(split):
    with flight.FlightClient(f"grpc://127.0.0.1:{split.planner_port}") as planner:
        bearer = planner.authenticate_basic_token(ADMIN_USER, split.admin_password)
    assert bearer[1].startswith(b"Bearer ")
    for header in (bearer, (HEADER, bearer[1]), (HEADER, bearer[1][len(b"Bearer "):])):
        with flight.FlightClient(f"grpc://127.0.0.1:{split.worker_ports[0]}") as client:
            with raises_warden(UNAUTHENTICATED, flight.FlightUnauthenticatedError):
                list(client.do_action(flight.Action(STATUS, b""),
                                      options=flight.FlightCallOptions(timeout=30,
                                                                       headers=[header])))


def test_expired_credential_is_refused(split):
    stale = credential(ticket_key_of(split), expires_in_s=-1)
    assert "expired" in assert_refused(split.worker_ports[0], stale)


def test_valid_credential_gets_the_status(split):
    for port in split.worker_ports:
        answer = status(port, credential(ticket_key_of(split)))
        assert set(answer) == set(STATUS_FIELDS) and answer["draining"] is False
    with flight.FlightClient(f"grpc://127.0.0.1:{split.worker_ports[0]}") as client:
        listed = list(client.list_actions(options=options(credential(ticket_key_of(split)))))
    assert [a.type for a in listed] == [STATUS]


def test_the_planners_heartbeats_are_accepted(split):
    """Heartbeats every 100 ms: after a second the planner has asked each worker ~10 times;
    had a worker refused them, it would log the refusal and, after three, call the worker
    not answering."""
    time.sleep(1.5)
    logs = split.planner.logs(limit=100_000)
    assert "heartbeat refused" not in logs and "not answering" not in logs, logs
    with split.admin() as admin:
        assert admin.query("SELECT 1 AS one").column("one").to_pylist() == [1]


def test_a_planner_with_another_ticket_key_is_refused(split, launcher):
    """Its heartbeats are refused like any stranger's: it logs why and lists no worker as live."""
    stranger = launcher.planner(split.worker_ports,
                                extra_args=["--worker-heartbeat-ms", "100"],
                                token_secret_file=split.token_secret_file)
    deadline = time.time() + 20
    while time.time() < deadline and "not answering" not in stranger.planner.logs(100_000):
        time.sleep(0.2)
    logs = stranger.planner.logs(limit=100_000)
    assert "heartbeat refused" in logs and UNAUTHENTICATED in logs, logs
    assert "not answering" in logs, logs


def _unserved_calls(client: flight.FlightClient, opts: flight.FlightCallOptions):
    """Every Flight call a worker does not serve that pyarrow can make (not PollFlightInfo,
    which pyarrow lacks), each as a thunk."""
    descriptor = flight.FlightDescriptor.for_command(b"SELECT 1")

    def closed_quietly(writer):
        # The refusal is raised above; a writer left open would log it again when collected.
        try:
            writer.close()
        except (flight.FlightError, pa.ArrowException, OSError):
            pass

    def do_put():
        writer, _ = client.do_put(descriptor, pa.schema([("x", pa.int64())]), options=opts)
        writer.close()  # raises the refusal

    def do_exchange():
        writer, reader = client.do_exchange(descriptor, options=opts)
        try:
            writer.done_writing()
            reader.read_all()
        finally:
            closed_quietly(writer)

    return {
        "ListFlights": lambda: list(client.list_flights(options=opts)),
        "GetFlightInfo": lambda: client.get_flight_info(descriptor, opts),
        "GetSchema": lambda: client.get_schema(descriptor, opts),
        "DoPut": do_put,
        "DoExchange": do_exchange,
    }


def test_calls_a_worker_does_not_serve_are_unauthenticated_without_credentials(split):
    with flight.FlightClient(f"grpc://127.0.0.1:{split.planner_port}") as planner:
        bearer = planner.authenticate_basic_token(ADMIN_USER, split.admin_password)
    with flight.FlightClient(f"grpc://127.0.0.1:{split.worker_ports[0]}") as client:
        for name, call in _unserved_calls(client, options(None)).items():
            # (pyarrow raises GetSchema's errors as a plain OSError: the code is the contract.)
            with raises_warden(UNAUTHENTICATED, (flight.FlightError, OSError)) as info:
                call()
            assert "Unauthenticated" in str(info.value), name
        forged = [(b"authorization", b"Bearer not.a.jwt")]
        for name, call in _unserved_calls(
                client, flight.FlightCallOptions(timeout=30, headers=forged)).items():
            with raises_warden(UNAUTHENTICATED, (flight.FlightError, OSError)):
                call()
        # Authenticated callers (a user, or a planner) are told where to go instead.
        for opts in (flight.FlightCallOptions(timeout=30, headers=[bearer]),
                     options(credential(ticket_key_of(split)))):
            for name, call in _unserved_calls(client, opts).items():
                with raises_warden("WARDEN-INVALID-ARGUMENT",
                                   (flight.FlightError, pa.ArrowException, OSError)) as info:
                    call()
                assert "send " + name + " to a planner" in str(info.value)


def test_serve_worker_refuses_and_audits_an_anonymous_status_call(launcher):
    """`warden serve` has no heartbeat, but its worker refuses the action like any other,
    and the refusal is an audit event."""
    from test_audit_service import ROLL, audit_rows, wait_for

    serve = launcher.deployment("serve", ROLL)
    port = serve.worker_ports[0]
    assert_refused(port, None)
    ticket_key = bytes.fromhex((serve.workdir / "warden-data" / "ticket.key").read_text())
    assert set(status(port, credential(ticket_key))) == set(STATUS_FIELDS)
    with serve.admin() as admin:
        rows = wait_for(lambda: audit_rows(
            admin, f"error_code = '{UNAUTHENTICATED}' AND statement = 'DoAction {STATUS}'"),
            what="the refused action's audit event")
    assert rows[0]["kind"] == "refusal" and rows[0]["status"] == "refused", rows
