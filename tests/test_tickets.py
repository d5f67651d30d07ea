"""Signed tickets (DESIGN §2.3, §6): tampering, expiry, foreign keys, retries, and the
binding of a ticket to its user's bearer token on the worker (docs/decisions/0008)."""

import secrets
import time

import pyarrow.flight as flight
import pytest

from conftest import start_worker
from flight_sql import FlightSqlClient, raises_warden
from test_auth import _claims, make_jwt
from test_audit_service import ROLL, audit_rows, wait_for

BASE64URL = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _uris(endpoint):
    return [loc.uri.decode() if isinstance(loc.uri, bytes) else loc.uri
            for loc in endpoint.locations]


def _with_ticket(endpoint, ticket: bytes) -> flight.FlightEndpoint:
    return flight.FlightEndpoint(ticket, _uris(endpoint))


def _flip_middle(ticket: bytes) -> bytes:
    data = bytearray(ticket)
    data[len(data) // 2] ^= 0x01
    return bytes(data)


def _swap_char(ticket: bytes) -> bytes:
    """Changes one character in the middle into another valid base64url character, so the
    ticket still decodes and only the MAC can catch it."""
    data = bytearray(ticket)
    i = len(data) // 2
    while data[i] not in BASE64URL:
        i += 1
    data[i] = BASE64URL[(BASE64URL.index(data[i]) + 1) % len(BASE64URL)]
    return bytes(data)


def _flip_last(ticket: bytes) -> bytes:
    data = bytearray(ticket)
    data[-1] = BASE64URL[(BASE64URL.index(data[-1]) + 7) % 64] if data[-1] in BASE64URL \
        else data[-1] ^ 0x01
    return bytes(data)


TAMPERINGS = {
    "flip_middle_byte": _flip_middle,
    "swap_middle_char": _swap_char,
    "change_mac": _flip_last,
    "truncate": lambda t: t[: len(t) - 5],
    "append": lambda t: t + b"AAAA",
    "garbage": lambda t: b"not-a-ticket",
    "empty": lambda t: b"",
}


@pytest.mark.parametrize("tamper", list(TAMPERINGS), ids=list(TAMPERINGS))
def test_tampered_ticket_is_refused(admin, sales_db, deployment, tamper):
    info = admin.flight_info(f"SELECT * FROM {sales_db}.transactions WHERE amount > 0")
    endpoint = info.endpoints[0]
    original = endpoint.ticket.ticket
    bad = TAMPERINGS[tamper](original)
    assert bad != original
    with raises_warden("WARDEN-TICKET-INVALID", flight.FlightUnauthenticatedError):
        admin.do_get(_with_ticket(endpoint, bad))
    # The service is unharmed: the genuine ticket and new queries still work.
    assert deployment.all_running(), deployment.logs()
    assert admin.do_get(endpoint).num_rows > 0
    assert admin.query(f"SELECT id FROM {sales_db}.customers_one LIMIT 2").num_rows == 2


def test_ticket_can_be_read_twice(admin, sales_db):
    """A task may be retried (DESIGN §2): the same ticket gives the same rows again."""
    info = admin.flight_info(f"SELECT * FROM {sales_db}.transactions WHERE currency = 'GBP'")
    for endpoint in info.endpoints:
        first, second = admin.do_get(endpoint), admin.do_get(endpoint)
        assert first.sort_by("id").equals(second.sort_by("id"))


def test_any_worker_runs_any_ticket(admin, sales_db, deployment):
    if deployment.kind != "split":
        pytest.skip("needs two workers")
    info = admin.flight_info(f"SELECT * FROM {sales_db}.customers")
    for endpoint in info.endpoints:
        results = []
        for port in deployment.worker_ports:
            moved = flight.FlightEndpoint(endpoint.ticket, [f"grpc://127.0.0.1:{port}"])
            results.append(admin.do_get(moved).sort_by("id"))
        assert results[0].num_rows > 0
        assert results[0].equals(results[1])


# --- expiry -------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["serve", "split"])
def short_ttl(request, launcher):
    """A deployment whose tickets live one second."""
    return launcher.deployment(request.param, ["--ticket-ttl-seconds", "1"])


def test_expired_ticket_is_refused(short_ttl, sample_data, unique_name):
    with short_ttl.admin() as client:
        db = unique_name()
        client.execute(f"CREATE DATABASE {db}")
        client.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                       f"LOCATION '{sample_data.uri(sample_data.single_file)}'")
        info = client.flight_info(f"SELECT * FROM {db}.t")
        assert client.do_get(info.endpoints[0]).num_rows == 125  # fresh: accepted
        time.sleep(2.5)
        with raises_warden("WARDEN-TICKET-EXPIRED"):
            client.do_get(info.endpoints[0])
        assert short_ttl.all_running(), short_ttl.logs()
        # Planning again gives a fresh ticket.
        assert client.query(f"SELECT * FROM {db}.t").num_rows == 125


# --- foreign tickets (split) ---------------------------------------------------------------------

def _plan_single_file(client, sample_data, db):
    client.execute(f"CREATE DATABASE {db}")
    client.execute(f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET "
                   f"LOCATION '{sample_data.uri(sample_data.single_file)}'")
    return client.flight_info(f"SELECT * FROM {db}.t")


def test_ticket_from_a_planner_with_another_key_is_refused(deployment, launcher, sample_data,
                                                            unique_name):
    if deployment.kind != "split":
        pytest.skip("needs separate workers")
    foreign = launcher.planner(deployment.worker_ports)  # its own, unknown ticket key
    with foreign.admin() as client:
        info = _plan_single_file(client, sample_data, unique_name())
        assert info.endpoints and all(e.locations for e in info.endpoints)
        for endpoint in info.endpoints:
            with raises_warden("WARDEN-TICKET-INVALID", flight.FlightUnauthenticatedError):
                client.do_get(endpoint)
    assert deployment.all_running(), deployment.logs()


def test_second_planner_with_the_shared_key_works(deployment, launcher, sample_data,
                                                  unique_name):
    """Control for the test above, and the HA shape: planners sharing the key share workers."""
    if deployment.kind != "split":
        pytest.skip("needs separate workers")
    twin = launcher.planner(deployment.worker_ports, deployment.ticket_key_file,
                            token_secret_file=deployment.token_secret_file)
    with twin.admin() as client:
        info = _plan_single_file(client, sample_data, unique_name())
        assert client.fetch(info).num_rows == 125


# --- tickets bound to their user (DESIGN §6, docs/decisions/0008) -------------------------------

def _token_secret(deployment) -> bytes:
    path = deployment.token_secret_file or deployment.workdir / "warden-data" / "token.key"
    return bytes.fromhex(path.read_text().strip())


def _token(deployment, user: str, ttl: int = 600) -> str:
    return make_jwt(_claims(user, ttl=ttl), _token_secret(deployment))


def _redeem(deployment, endpoint, token: str | None):
    """Reads `endpoint` on its worker sending `token` as the bearer (None: no header)."""
    assert endpoint.locations, "tickets should name a worker"
    with FlightSqlClient("127.0.0.1", deployment.planner_port) as client:
        if token is not None:
            client.set_bearer(token)
        return client.do_get(endpoint)


def _admin_ticket(admin, sales_db):
    """A ticket issued to user `admin` (user A of the tests below)."""
    return admin.flight_info(f"SELECT * FROM {sales_db}.customers_one").endpoints[0]


def test_ticket_redeemed_with_its_users_token_works(deployment, admin, sales_db):
    endpoint = _admin_ticket(admin, sales_db)
    assert _redeem(deployment, endpoint, _token(deployment, "admin")).num_rows == 125


def test_ticket_redeemed_with_another_users_token_is_foreign(deployment, admin, sales_db):
    endpoint = _admin_ticket(admin, sales_db)
    with raises_warden("WARDEN-TICKET-FOREIGN", flight.FlightUnauthorizedError) as info:
        _redeem(deployment, endpoint, _token(deployment, "bob"))
    assert "admin" not in str(info.value)  # the thief is not told whose ticket it is
    # The owner still reads it: a refused attempt does not burn the ticket.
    assert _redeem(deployment, endpoint, _token(deployment, "admin")).num_rows == 125
    assert deployment.all_running(), deployment.logs()


def test_ticket_without_a_token_is_refused_by_default(deployment, admin, sales_db):
    """Workers require the caller's token by default (decision 0008): a ticket alone is
    not enough, so a copied ticket is worthless without its user's token."""
    endpoint = _admin_ticket(admin, sales_db)
    with raises_warden("WARDEN-AUTH-UNAUTHENTICATED", flight.FlightUnauthenticatedError):
        _redeem(deployment, endpoint, None)
    assert _redeem(deployment, endpoint, _token(deployment, "admin")).num_rows == 125


def _bad_tokens(deployment) -> dict[str, str]:
    return {
        "expired": _token(deployment, "admin", ttl=-60),
        "forged": make_jwt(_claims("admin"), secrets.token_bytes(32)),
        "alg_none": make_jwt(_claims("admin"), b"", alg="none"),
        "garbage": "not-a-token",
    }


@pytest.mark.parametrize("kind", ["expired", "forged", "alg_none", "garbage"])
def test_ticket_with_a_bad_token_is_refused(deployment, admin, sales_db, kind):
    endpoint = _admin_ticket(admin, sales_db)
    with raises_warden("WARDEN-AUTH-UNAUTHENTICATED", flight.FlightUnauthenticatedError):
        _redeem(deployment, endpoint, _bad_tokens(deployment)[kind])


def test_a_bad_ticket_is_refused_as_such_whatever_the_token(deployment, admin, sales_db):
    endpoint = _admin_ticket(admin, sales_db)
    forged = _with_ticket(endpoint, _swap_char(endpoint.ticket.ticket))
    for token in (_token(deployment, "admin"), _token(deployment, "bob"), None):
        with raises_warden("WARDEN-TICKET-INVALID", flight.FlightUnauthenticatedError):
            _redeem(deployment, forged, token)


@pytest.fixture(scope="module")
def audited(launcher):
    """A `warden serve` whose audit files roll every second (events queryable quickly)."""
    return launcher.deployment("serve", ROLL)


def test_foreign_ticket_is_audited(audited, sample_data, unique_name):
    with audited.admin() as admin:
        info = _plan_single_file(admin, sample_data, unique_name())
        endpoint = info.endpoints[0]
        with raises_warden("WARDEN-TICKET-FOREIGN", flight.FlightUnauthorizedError):
            _redeem(audited, endpoint, _token(audited, "mallory"))
        rows = wait_for(lambda: audit_rows(
            admin, "error_code = 'WARDEN-TICKET-FOREIGN' AND \"user\" = 'mallory'"),
            what="the foreign ticket's refusal event")
    assert len(rows) == 1, rows
    event = rows[0]
    assert event["status"] == "refused" and event["kind"] == "refusal", event
    assert event["statement"] == "DoGet"
    assert event["request_id"], event  # the query the ticket belongs to


# --- the permissive mode: --worker-require-caller-token=false -----------------------------------

@pytest.fixture(scope="module")
def permissive(deployment, launcher, tmp_path_factory):
    """(deployment, worker port) where the worker serves a DoGet without a token: a serve
    started with the flag, or an extra worker with it beside the split deployment."""
    flag = ["--worker-require-caller-token", "false"]
    if deployment.kind == "serve":
        dep = launcher.deployment("serve", flag)
        yield dep, dep.worker_ports[0]
        return
    workdir = tmp_path_factory.mktemp("permissive-worker")
    proc, port = start_worker(workdir, "permissive", deployment.ticket_key_file,
                              deployment.token_secret_file, extra_args=flag)
    try:
        proc.wait_ready(port)
        yield deployment, port
    finally:
        proc.stop()


def test_permissive_mode_serves_a_ticket_alone_but_checks_a_token(permissive, sample_data,
                                                                  unique_name):
    dep, port = permissive
    with dep.admin() as admin:
        info = _plan_single_file(admin, sample_data, unique_name())
    endpoint = flight.FlightEndpoint(info.endpoints[0].ticket, [f"grpc://127.0.0.1:{port}"])
    assert _redeem(dep, endpoint, None).num_rows == 125
    with raises_warden("WARDEN-TICKET-FOREIGN", flight.FlightUnauthorizedError):
        _redeem(dep, endpoint, _token(dep, "bob"))
    for token in _bad_tokens(dep).values():
        with raises_warden("WARDEN-AUTH-UNAUTHENTICATED", flight.FlightUnauthenticatedError):
            _redeem(dep, endpoint, token)
    assert _redeem(dep, endpoint, _token(dep, "admin")).num_rows == 125


class _HeaderRecorder(flight.ClientMiddlewareFactory):
    """Records the response headers of every call of a client."""

    def __init__(self):
        self.received: list[dict] = []

    def start_call(self, info):
        recorder = self

        class _Middleware(flight.ClientMiddleware):
            def received_headers(self, headers):
                recorder.received.append(headers)

        return _Middleware()


def test_responses_carry_the_callers_token_back(deployment, admin, sales_db):
    """Planner and worker answer with the caller's own bearer: the JDBC driver replaces its
    stored token with each response's header and would otherwise forget it before the next
    worker (decision 0008)."""
    token = _token(deployment, "admin")
    endpoint = _admin_ticket(admin, sales_db)
    bearer = [(b"authorization", f"Bearer {token}".encode())]
    planner = f"grpc://127.0.0.1:{deployment.planner_port}"
    for where in (planner, endpoint.locations[0].uri.decode()):
        recorder = _HeaderRecorder()
        client = flight.FlightClient(where, middleware=[recorder])
        try:
            options = flight.FlightCallOptions(headers=bearer)
            if where == planner:
                client.list_actions(options)
            else:
                client.do_get(endpoint.ticket, options).read_all()
        finally:
            client.close()
        echoed = [value for headers in recorder.received
                  for value in headers.get("authorization", [])]
        assert f"Bearer {token}" in echoed, (where, recorder.received)
