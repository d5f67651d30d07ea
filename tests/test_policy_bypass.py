"""Getting around policy through identity and tickets (DESIGN §4, §6): forged, tampered,
expired and borrowed tokens and tickets, replay after a revoke, and a revoke seen by a
second planner sharing a PostgreSQL metadata store."""

from __future__ import annotations

import base64
import json
import time

import pyarrow.flight as flight
import pytest

from conftest import start_planner, start_worker, write_key_file
from flight_sql import ANY_ERROR, raises_warden
from test_policy_suite import PEOPLE, _write, make_token


def _b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _setup(admin, uri: str, db: str) -> None:
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.people STORED AS PARQUET LOCATION '{uri}'")
    admin.execute(f"CREATE ROLE IF NOT EXISTS {db}_eu")
    admin.execute(f"GRANT SELECT (id, email, region) ON TABLE {db}.people WHERE region = 'eu' "
                  f"TRANSFORM email WITH mask_email() TO ROLE {db}_eu")
    admin.execute(f"GRANT ROLE {db}_eu TO USER alice")


@pytest.fixture(scope="module")
def short(launcher, tmp_path_factory):
    """A split deployment whose tickets live two seconds, with a governed table."""
    dep = launcher.deployment("split", ["--ticket-ttl-seconds", "2"])
    uri = _write(tmp_path_factory.mktemp("bypass"), "people", PEOPLE)
    with dep.admin() as admin:
        _setup(admin, uri, "byp")
    secret = bytes.fromhex(dep.token_secret_file.read_text().strip())
    return dep, secret


def _client(dep, token):
    client = dep.connect()
    client.set_bearer(token)
    return client


def test_governed_user_gets_masked_eu_rows(short):
    dep, secret = short
    with _client(dep, make_token(secret, "alice")) as alice:
        table = alice.query("SELECT id, email FROM byp.people ORDER BY id")
        assert table.to_pylist() == [{"id": 1, "email": "xxxxx@corp.com"},
                                     {"id": 3, "email": "xxxxx@mail.org"}]


@pytest.mark.parametrize("forge", ["wrong_key", "alg_none", "expired", "not_yet_valid",
                                   "claims_swapped"])
def test_forged_tokens_are_refused(short, forge):
    dep, secret = short
    if forge == "wrong_key":
        token = make_token(b"x" * 32, "admin")
    elif forge == "alg_none":
        header = _b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        now = int(time.time())
        payload = _b64url(json.dumps({"sub": "admin", "exp": now + 600}).encode())
        token = (header + b"." + payload + b".").decode()
    elif forge == "expired":
        token = make_token(secret, "alice", ttl=-10)
    elif forge == "not_yet_valid":
        token = make_token(secret, "alice", nbf=int(time.time()) + 600)
    else:  # alice's signature on admin's claims
        genuine = make_token(secret, "alice").split(".")
        now = int(time.time())
        claims = _b64url(json.dumps({"sub": "admin", "exp": now + 600}).encode())
        token = ".".join([genuine[0], claims.decode(), genuine[2]])
    with _client(dep, token) as client:
        with raises_warden("WARDEN-AUTH-UNAUTHENTICATED", flight.FlightUnauthenticatedError):
            client.query("SELECT id FROM byp.people")


def test_token_for_another_user_gives_that_users_view_only(short):
    """Groups and attributes in a token are the holder's; a token for bob does not carry
    alice's roles."""
    dep, secret = short
    with _client(dep, make_token(secret, "bob", groups=["alice"])) as bob:
        with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
            bob.query("SELECT id FROM byp.people")


def test_ticket_rewritten_for_another_user_is_refused(short):
    dep, secret = short
    with _client(dep, make_token(secret, "alice")) as alice:
        info = alice.flight_info("SELECT id FROM byp.people")
        endpoint = info.endpoints[0]
        ticket = endpoint.ticket.ticket
        prefix, payload, mac = ticket.split(b".")
        data = json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
        assert data.get("user") == "alice" or "alice" in json.dumps(data)
        text = json.dumps(data).replace('"alice"', '"admin"').encode()
        forged = b".".join([prefix, _b64url(text), mac])
        uris = [loc.uri.decode() if isinstance(loc.uri, bytes) else loc.uri
                for loc in endpoint.locations]
        with raises_warden("WARDEN-TICKET-INVALID", flight.FlightUnauthenticatedError):
            alice.do_get(flight.FlightEndpoint(forged, uris))


def _decode(ticket: bytes):
    prefix, payload, mac = ticket.split(b".")
    return prefix, json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4))), mac


def test_ticket_plan_cannot_be_widened(short):
    """Putting the admin's (unfiltered, unmasked) plan into alice's ticket breaks the MAC."""
    dep, secret = short
    with _client(dep, make_token(secret, "alice")) as alice, dep.admin() as admin:
        mine = alice.flight_info("SELECT id FROM byp.people").endpoints[0]
        theirs = admin.flight_info("SELECT id FROM byp.people").endpoints[0]
        prefix, payload, mac = _decode(mine.ticket.ticket)
        _, admin_payload, _ = _decode(theirs.ticket.ticket)
        assert payload["frag"] != admin_payload["frag"]
        payload["frag"] = admin_payload["frag"]
        forged = b".".join([prefix, _b64url(json.dumps(payload).encode()), mac])
        uris = [loc.uri.decode() if isinstance(loc.uri, bytes) else loc.uri
                for loc in mine.locations]
        with raises_warden("WARDEN-TICKET-INVALID", flight.FlightUnauthenticatedError):
            alice.do_get(flight.FlightEndpoint(forged, uris))


def test_replay_after_revoke(short):
    """After a revoke, new plans are refused at once; a ticket planned before it runs only
    until its (short) expiry."""
    dep, secret = short
    with dep.admin() as admin, _client(dep, make_token(secret, "alice")) as alice:
        admin.execute("CREATE ROLE IF NOT EXISTS byp_tmp")
        admin.execute("GRANT SELECT (id) ON TABLE byp.people TO ROLE byp_tmp")
        admin.execute("GRANT ROLE byp_tmp TO USER alice")
        info = alice.flight_info("SELECT id FROM byp.people")
        assert alice.fetch(info).num_rows == 6
        admin.execute("REVOKE SELECT (id) ON TABLE byp.people FROM ROLE byp_tmp")
        # The next statement sees the revoke: back to the eu rows only.
        assert alice.query("SELECT id FROM byp.people").num_rows == 2
        time.sleep(2.5)
        with raises_warden("WARDEN-TICKET-EXPIRED"):
            alice.do_get(info.endpoints[0])
        admin.execute("DROP ROLE byp_tmp")


def test_revoke_applies_on_a_second_planner_sharing_postgres(pg_server, tmp_path,
                                                              tmp_path_factory):
    uri = _write(tmp_path_factory.mktemp("pg-bypass"), "people", PEOPLE)
    store = pg_server.create_database("policy_ha")
    ticket_key = write_key_file(tmp_path / "ticket.key")
    token_key = write_key_file(tmp_path / "token.key")
    secret = bytes.fromhex(token_key.read_text().strip())
    worker, worker_port = start_worker(tmp_path, "worker", ticket_key, token_key)
    processes = [worker]
    try:
        worker.wait_ready(worker_port)
        planners = []
        for name in ("planner_a", "planner_b"):
            proc, port = start_planner(tmp_path, name, ticket_key, token_key, [worker_port],
                                       "pw-policy-ha", metastore=store)
            processes.append(proc)
            proc.wait_ready(port)
            planners.append(port)
        from flight_sql import FlightSqlClient
        with FlightSqlClient("127.0.0.1", planners[0]) as admin_a, \
                FlightSqlClient("127.0.0.1", planners[1]) as alice_b:
            admin_a.authenticate("admin", "pw-policy-ha")
            _setup(admin_a, uri, "ha")
            alice_b.set_bearer(make_token(secret, "alice"))
            assert alice_b.query("SELECT id FROM ha.people").num_rows == 2
            admin_a.execute("REVOKE ROLE ha_eu FROM USER alice")
            with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
                alice_b.query("SELECT id FROM ha.people")
            admin_a.execute("GRANT ROLE ha_eu TO USER alice")
            assert alice_b.query("SELECT id FROM ha.people").num_rows == 2
            admin_a.execute(
                "REVOKE SELECT (id, email, region) ON TABLE ha.people WHERE region = 'eu' "
                "TRANSFORM email WITH mask_email() FROM ROLE ha_eu")
            with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
                alice_b.query("SELECT id FROM ha.people")
    finally:
        for proc in reversed(processes):
            proc.stop()
