"""Authentication on the planner (DESIGN §6): basic-token handshake, bearer tokens."""

import base64
import hashlib
import hmac
import json
import secrets
import time

import pyarrow.flight as flight
import pytest

from flight_sql import FlightSqlClient

ADMIN = "admin"


def _b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def make_jwt(claims: dict, key: bytes, alg: str = "HS256") -> str:
    header = _b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = _b64url(json.dumps(claims).encode())
    signing_input = header + b"." + payload
    if alg == "none":
        return (signing_input + b".").decode()
    signature = hmac.new(key, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + _b64url(signature)).decode()


def _claims(subject=ADMIN, ttl=3600, **extra):
    now = int(time.time())
    return {"sub": subject, "iat": now, "exp": now + ttl, "groups": [], **extra}


def _assert_unauthenticated(client: FlightSqlClient, sql: str = "SHOW DATABASES"):
    with pytest.raises(flight.FlightUnauthenticatedError):
        client.query(sql)


def test_admin_login_returns_bearer(deployment):
    with deployment.connect() as client:
        key, value = client.authenticate(ADMIN, deployment.admin_password)
        assert key.lower() == b"authorization"
        assert value.startswith(b"Bearer ") and len(value) > len(b"Bearer ") + 10
        names = client.query("SHOW DATABASES").column_names
        assert names == ["name"]


def test_token_is_reusable_on_a_new_connection(deployment):
    with deployment.admin() as first:
        token = first.headers[0][1][len(b"Bearer "):]
    with deployment.connect() as second:
        second.set_bearer(token)
        assert second.query("SHOW DATABASES").column_names == ["name"]


@pytest.mark.parametrize("user,password", [
    (ADMIN, "wrong-password"),
    (ADMIN, ""),
    ("nobody", "whatever"),
    ("", ""),
])
def test_bad_credentials_are_refused(deployment, user, password):
    with deployment.connect() as client:
        with pytest.raises(flight.FlightUnauthenticatedError):
            client.authenticate(user, password or "")


def test_right_password_for_wrong_user_is_refused(deployment):
    with deployment.connect() as client:
        with pytest.raises(flight.FlightUnauthenticatedError):
            client.authenticate("admin2", deployment.admin_password)


def test_no_token_is_refused(deployment):
    with deployment.connect() as client:
        _assert_unauthenticated(client)
        _assert_unauthenticated(client, "SELECT 1")


@pytest.mark.parametrize("token", [
    "garbage",
    "",
    "a.b.c",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.AAAA",
])
def test_garbage_bearer_is_refused(deployment, token):
    with deployment.connect() as client:
        client.set_bearer(token)
        _assert_unauthenticated(client)


def test_forged_token_with_wrong_secret_is_refused(deployment):
    with deployment.connect() as client:
        client.set_bearer(make_jwt(_claims(), secrets.token_bytes(32)))
        _assert_unauthenticated(client)


def test_alg_none_token_is_refused(deployment):
    with deployment.connect() as client:
        client.set_bearer(make_jwt(_claims(), b"", alg="none"))
        _assert_unauthenticated(client)


def test_tampered_real_token_is_refused(deployment):
    with deployment.admin() as admin:
        token = admin.headers[0][1][len(b"Bearer "):].decode()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged_payload = _b64url(json.dumps(claims).encode()).decode()
    flipped_sig = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    with deployment.connect() as client:
        for bad in (f"{header}.{forged_payload}.{signature}", f"{header}.{payload}.{flipped_sig}"):
            client.set_bearer(bad)
            _assert_unauthenticated(client)


def test_bad_header_scheme_is_refused(deployment):
    with deployment.connect() as client:
        basic = base64.b64encode(f"{ADMIN}:{deployment.admin_password}".encode())
        client.headers = [(b"authorization", b"Basic " + basic)]
        # A Basic header outside the handshake is not a bearer token: either the server
        # accepts it as a login (allowed by Flight) or refuses it as unauthenticated.
        try:
            client.query("SHOW DATABASES")
        except flight.FlightUnauthenticatedError:
            pass
        client.headers = [(b"authorization", b"Token abc")]
        _assert_unauthenticated(client)


# --- we hold the token secret, so we can mint tokens like the planner does -------------------

def _token_secret(deployment) -> bytes:
    # `warden serve` keeps its secret in <data-dir>/token.key (hex), created on first start.
    path = deployment.token_secret_file or deployment.workdir / "warden-data" / "token.key"
    return bytes.fromhex(path.read_text().strip())


def test_token_minted_with_the_configured_secret_is_accepted(deployment):
    secret = _token_secret(deployment)
    with deployment.connect() as client:
        client.set_bearer(make_jwt(_claims(), secret))
        assert client.query("SHOW DATABASES").column_names == ["name"]


def test_expired_token_is_refused(deployment):
    secret = _token_secret(deployment)
    with deployment.connect() as client:
        client.set_bearer(make_jwt(_claims(ttl=-120), secret))
        _assert_unauthenticated(client)


def test_not_yet_valid_token_is_refused(deployment):
    secret = _token_secret(deployment)
    with deployment.connect() as client:
        client.set_bearer(make_jwt(_claims(nbf=int(time.time()) + 3600), secret))
        _assert_unauthenticated(client)
