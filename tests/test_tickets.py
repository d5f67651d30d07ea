"""Signed tickets (DESIGN §2.3, §6): tampering, expiry, foreign keys, retries."""

import time

import pyarrow.flight as flight
import pytest

from flight_sql import raises_warden

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
    twin = launcher.planner(deployment.worker_ports, deployment.ticket_key_file)
    with twin.admin() as client:
        info = _plan_single_file(client, sample_data, unique_name())
        assert client.fetch(info).num_rows == 125
