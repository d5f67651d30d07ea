"""SSO bearer tokens (DESIGN §6): a planner started with --jwks-file accepts RS256 and ES256
JWTs signed by the identity provider's keys (selected by kid), takes groups and attributes
from the configured claims, and refuses every forgery with WARDEN-AUTH-UNAUTHENTICATED.
`warden serve` takes the same flags for its planner, worker and REST gateway, and `warden rest`
for itself."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import pyarrow.flight as flight
import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from conftest import (WardenProcess, _require_binary, free_port, start_planner,
                      write_key_file)
from flight_sql import raises_warden

UNAUTHENTICATED = "WARDEN-AUTH-UNAUTHENTICATED"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int, length: int | None = None) -> str:
    length = length or (value.bit_length() + 7) // 8
    return _b64url(value.to_bytes(length, "big"))


class Provider:
    """An identity provider: one RSA and one P-256 key."""

    def __init__(self):
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())

    def jwks(self) -> dict:
        rsa_numbers = self.rsa.public_key().public_numbers()
        ec_numbers = self.ec.public_key().public_numbers()
        return {"keys": [
            {"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
             "n": _int_b64(rsa_numbers.n), "e": _int_b64(rsa_numbers.e)},
            {"kty": "EC", "kid": "ec-1", "crv": "P-256", "alg": "ES256",
             "x": _int_b64(ec_numbers.x, 32), "y": _int_b64(ec_numbers.y, 32)},
        ]}

    def token(self, claims: dict, alg: str = "RS256", kid: str | None = None) -> str:
        kid = kid or {"RS256": "rsa-1", "ES256": "ec-1"}.get(alg, "rsa-1")
        header = {"alg": alg, "typ": "JWT", "kid": kid}
        signing_input = (_b64url(json.dumps(header).encode()) + "." +
                         _b64url(json.dumps(claims).encode())).encode()
        if alg == "RS256":
            signature = self.rsa.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        elif alg == "ES256":
            r, s = decode_dss_signature(self.ec.sign(signing_input, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        else:
            signature = b""
        return signing_input.decode() + "." + _b64url(signature)


def claims(sub="admin", ttl=600, **extra) -> dict:
    now = int(time.time())
    return {"sub": sub, "iat": now, "exp": now + ttl, **extra}


@pytest.fixture(scope="module")
def provider():
    return Provider()


@pytest.fixture(scope="module")
def sso_planner(launcher, provider, tmp_path_factory):
    jwks_file = tmp_path_factory.mktemp("sso") / "jwks.json"
    jwks_file.write_text(json.dumps(provider.jwks()))
    dep = launcher.planner([], extra_args=["--jwks-file", jwks_file,
                                           "--groups-claim", "idp_groups",
                                           "--attributes-claim", "idp_attributes"])
    with dep.admin() as admin:
        admin.execute("CREATE DATABASE sso_finance")
        admin.execute("CREATE ROLE sso_finance_reader")
        admin.execute("GRANT SELECT ON DATABASE sso_finance TO ROLE sso_finance_reader")
        admin.execute("GRANT ROLE sso_finance_reader TO GROUP finance")
    return dep


def databases(dep, token: str) -> list[str]:
    with dep.connect() as client:
        client.set_bearer(token)
        return client.query("SHOW DATABASES").column("name").to_pylist()


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_sso_token_of_each_key_accepted(sso_planner, provider, alg):
    assert "sso_finance" in databases(sso_planner, provider.token(claims(), alg))


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_groups_come_from_the_configured_claim(sso_planner, provider, alg):
    member = provider.token(claims("carol", idp_groups=["finance"]), alg)
    assert databases(sso_planner, member) == ["sso_finance"]
    # The default claim name means nothing to this planner.
    outsider = provider.token(claims("carol", groups=["finance"]), alg)
    assert databases(sso_planner, outsider) == []


def _refused(dep, token: str):
    with dep.connect() as client:
        client.set_bearer(token)
        with raises_warden(UNAUTHENTICATED, flight.FlightUnauthenticatedError):
            client.query("SHOW DATABASES")


def test_expired_and_not_yet_valid_refused(sso_planner, provider):
    _refused(sso_planner, provider.token(claims(ttl=-5), "RS256"))
    _refused(sso_planner, provider.token(claims(nbf=int(time.time()) + 300), "ES256"))


def test_wrong_key_refused(sso_planner, provider):
    other = Provider()  # same kids, other keys
    _refused(sso_planner, other.token(claims(), "RS256"))
    _refused(sso_planner, other.token(claims(), "ES256"))


def test_tampered_claims_refused(sso_planner, provider):
    header, _, signature = provider.token(claims("carol"), "RS256").split(".")
    forged = _b64url(json.dumps(claims("admin")).encode())
    _refused(sso_planner, f"{header}.{forged}.{signature}")


def test_unknown_kid_refused(sso_planner, provider):
    _refused(sso_planner, provider.token(claims(), "RS256", kid="rsa-2"))
    # A key only verifies its own algorithm.
    _refused(sso_planner, provider.token(claims(), "ES256", kid="rsa-1"))


def test_alg_none_refused(sso_planner, provider):
    _refused(sso_planner, provider.token(claims(), "none"))


def test_public_key_as_hmac_secret_refused(sso_planner, provider):
    """Algorithm confusion: HS256 keyed with the RSA public key the attacker can fetch."""
    pem = provider.rsa.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}).encode())
    payload = _b64url(json.dumps(claims()).encode())
    signing_input = f"{header}.{payload}".encode()
    for secret in (pem, json.dumps(provider.jwks()["keys"][0]).encode()):
        signature = _b64url(hmac.new(secret, signing_input, hashlib.sha256).digest())
        _refused(sso_planner, f"{header}.{payload}.{signature}")


def test_planner_refuses_a_malformed_jwks(tmp_path):
    """A symmetric ("oct") key in the JWKS would make alg confusion possible: refused at start."""
    bad = tmp_path / "jwks.json"
    bad.write_text('{"keys": [{"kty": "oct", "kid": "k", "k": "AAAA"}]}')
    proc, _ = start_planner(tmp_path, "planner", write_key_file(tmp_path / "ticket.key"),
                            write_key_file(tmp_path / "token.key"), [], "pw-unused",
                            extra_args=["--jwks-file", bad])
    try:
        proc.proc.wait(timeout=30)
    finally:
        proc.stop()
    assert proc.proc.returncode != 0
    stderr = proc.stderr_path.read_text()
    assert "WARDEN-INVALID-ARGUMENT" in stderr and "JWKS key 'k'" in stderr, stderr


# --- `warden serve` and `warden rest` take the same SSO flags ---------------------------------------

SSO_FLAGS = ["--groups-claim", "idp_groups", "--attributes-claim", "idp_attributes"]


def _jwks_file(tmp_path_factory, provider) -> Path:
    path = tmp_path_factory.mktemp("sso-jwks") / "jwks.json"
    path.write_text(json.dumps(provider.jwks()))
    return path


@pytest.fixture(scope="module")
def sso_serve(launcher, provider, tmp_path_factory, sample_data):
    """`warden serve --jwks-file …`: its planner, worker and REST gateway all verify SSO
    tokens. The finance group reads a real table, so that queries run on the worker."""
    dep = launcher.deployment("serve", extra_args=["--jwks-file",
                                                   _jwks_file(tmp_path_factory, provider),
                                                   *SSO_FLAGS])
    with dep.admin() as admin:
        admin.execute("CREATE DATABASE sso_sales")
        admin.execute("CREATE EXTERNAL TABLE sso_sales.customers STORED AS PARQUET LOCATION "
                      f"'{sample_data.uri(sample_data.customers_dir)}'")
        admin.execute("CREATE ROLE sso_sales_reader")
        admin.execute("GRANT SELECT ON DATABASE sso_sales TO ROLE sso_sales_reader")
        admin.execute("GRANT ROLE sso_sales_reader TO GROUP sales")
    return dep


def _rest_base(dep) -> str:
    args = dep.planner.args
    return f"http://127.0.0.1:{args[args.index('--http-port') + 1]}"


def _rest(base: str, token: str, method: str, path: str, **kw) -> requests.Response:
    return requests.request(method, base + path, headers={"Authorization": "Bearer " + token},
                            timeout=60, **kw)


def _assert_rest_refused(base: str, token: str):
    for method, path, body in (("GET", "/api/v1/databases", None),
                               ("POST", "/api/v1/query", {"sql": "SELECT 1"})):
        r = _rest(base, token, method, path, json=body)
        assert r.status_code == 401, r.text
        assert r.json()["code"] == UNAUTHENTICATED and set(r.json()) == {
            "code", "message", "request_id"}


QUERY = "SELECT id, name FROM sso_sales.customers WHERE id % 50 = 0 ORDER BY id"


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_serve_accepts_sso_tokens_on_flight_sql_and_rest(sso_serve, provider, alg):
    token = provider.token(claims("dana", idp_groups=["sales"]), alg)
    with sso_serve.connect() as client:
        client.set_bearer(token)
        info = client.flight_info(QUERY)
        # Read from the worker: it verifies the same token against the same JWKS.
        assert all(endpoint.locations for endpoint in info.endpoints)
        flight_rows = client.fetch(info).to_pylist()
    assert len(flight_rows) > 0
    base = _rest_base(sso_serve)
    r = _rest(base, token, "POST", "/api/v1/query", json={"sql": QUERY})
    assert r.status_code == 200, r.text
    assert [dict(zip(["id", "name"], row)) for row in r.json()["rows"]] == flight_rows
    r = _rest(base, token, "GET", "/api/v1/databases")
    assert r.status_code == 200 and "sso_sales" in r.text, r.text
    # A refresh turns it into a Warden token for the same user and groups.
    r = _rest(base, token, "POST", "/api/v1/token/refresh")
    assert r.status_code == 200, r.text
    assert "sso_sales" in _rest(base, r.json()["token"], "GET", "/api/v1/databases").text
    # The groups come from --groups-claim: the default claim name grants nothing.
    outsider = provider.token(claims("dana", groups=["sales"]), alg)
    r = _rest(base, outsider, "GET", "/api/v1/databases")
    assert r.status_code == 200 and "sso_sales" not in r.text, r.text


@pytest.mark.parametrize("make_token", [
    lambda provider: Provider().token(claims(idp_groups=["sales"]), "RS256"),  # another key
    lambda provider: Provider().token(claims(idp_groups=["sales"]), "ES256"),
    lambda provider: provider.token(claims(ttl=-5, idp_groups=["sales"]), "RS256"),  # expired
    lambda provider: provider.token(claims(idp_groups=["sales"]), "none"),
], ids=["other-rsa-key", "other-ec-key", "expired", "alg-none"])
def test_serve_refuses_bad_sso_tokens(sso_serve, provider, make_token):
    token = make_token(provider)
    _refused(sso_serve, token)
    _assert_rest_refused(_rest_base(sso_serve), token)


def test_serve_worker_refuses_a_bad_token_with_a_good_ticket(sso_serve, provider):
    """The ticket was planned for a valid SSO token; the worker still checks the token that
    comes with the DoGet against the JWKS."""
    good = provider.token(claims("dana", idp_groups=["sales"]), "ES256")
    with sso_serve.connect() as client:
        client.set_bearer(good)
        endpoint = client.flight_info(QUERY).endpoints[0]
        for bad in (Provider().token(claims("dana"), "ES256"),
                    provider.token(claims("dana", ttl=-5), "ES256"),
                    provider.token(claims("dana"), "none")):
            client.set_bearer(bad)
            with raises_warden(UNAUTHENTICATED, flight.FlightUnauthenticatedError):
                client.do_get(endpoint)
        client.set_bearer(good)
        assert client.do_get(endpoint).num_rows > 0


def test_rest_command_takes_the_planners_sso_flags(sso_planner, provider, tmp_path_factory):
    """`warden rest --jwks-file` in front of an SSO planner accepts what the planner accepts."""
    def gateway(extra):
        port = free_port()
        proc = WardenProcess("rest", [_require_binary(), "rest", "--planner",
                                      f"127.0.0.1:{sso_planner.planner_port}",
                                      "--token-secret-file", sso_planner.token_secret_file,
                                      "--port", port, *extra],
                             sso_planner.workdir, port=port).start()
        proc.wait_ready()
        return proc, f"http://127.0.0.1:{port}"

    member = provider.token(claims("carol", idp_groups=["finance"]), "RS256")
    proc, base = gateway(["--jwks-file", _jwks_file(tmp_path_factory, provider), *SSO_FLAGS])
    try:
        r = _rest(base, member, "GET", "/api/v1/databases")
        assert r.status_code == 200 and "sso_finance" in r.text, r.text
        _assert_rest_refused(base, Provider().token(claims("carol"), "RS256"))
        _assert_rest_refused(base, provider.token(claims("carol"), "none"))
    finally:
        assert proc.stop() == 0
    # Without the JWKS the gateway cannot verify the provider's tokens.
    proc, base = gateway([])
    try:
        _assert_rest_refused(base, member)
    finally:
        assert proc.stop() == 0
