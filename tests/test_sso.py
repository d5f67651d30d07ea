"""SSO bearer tokens (DESIGN §6): a planner started with --jwks-file accepts RS256 and ES256
JWTs signed by the identity provider's keys (selected by kid), takes groups and attributes
from the configured claims, and refuses every forgery with WARDEN-AUTH-UNAUTHENTICATED."""

import base64
import hashlib
import hmac
import json
import time

import pyarrow.flight as flight
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from conftest import start_planner, write_key_file
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
