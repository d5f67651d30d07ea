"""The table-driven policy suite (DESIGN §4): tests/policy/*.yaml hold the cases.

One planner + two workers serve a small catalog (tests/policy/catalog.yaml) over files
written here with known values. Each case starts from no roles at all, creates its roles,
grants and memberships as the admin, then runs its queries as its user (a bearer token
signed with the deployment's secret, carrying the case's groups and attributes) and checks
columns, rows, error codes, and that no raw value it names leaks into results or errors.

Case keys:
  name        unique id
  roles       roles to create (default: every `TO ROLE r` in grants and memberships)
  grants      GRANT statements run as the admin; `grant_error: CODE` expects the last to fail
  user        {name, groups, roles, attributes}: roles are granted to the user
  groups      {group: [roles]}: roles granted to groups
  as_admin    run the queries as the admin instead of the user
  query | queries (a list)
  columns, rows (sorted unless `ordered: true`), row_count, error (a WARDEN code),
  message (text the error must contain), absent (strings no cell or error may contain),
  same_error_as {query, replace: [a, b]}: the error equals that query's with a → b
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import hmac
import json
import re
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from flight_sql import ANY_ERROR, FlightSqlClient

SUITE = Path(__file__).resolve().parent / "policy"


def _b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def make_token(secret: bytes, user: str, groups=(), attributes=None, ttl=3600, **extra) -> str:
    now = int(time.time())
    claims = {"sub": user, "iat": now, "exp": now + ttl, "groups": list(groups)}
    if attributes:
        claims["attributes"] = attributes
    claims.update(extra)
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps(claims).encode())
    signing_input = header + b"." + payload
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + _b64url(signature)).decode()


# --- data ----------------------------------------------------------------------------------------

PEOPLE = pa.table({
    "id": pa.array([1, 2, 3, 4, 5, 6], pa.int64()),
    "name": ["Alice Ng", "Bob Li", "Carol Ode", "Dan Roe", "Eve Sun", "Fay Wu"],
    "email": ["alice@corp.com", "bob@corp.com", "carol@mail.org", "dan@mail.org",
              "eve@corp.com", None],
    "ssn": ["111-22-3333", "222-33-4444", "333-44-5555", "444-55-6666", "555-66-7777",
            "666-77-8888"],
    "region": ["eu", "us", "eu", "apac", "us", None],
    "salary": pa.array([5000, 6000, 7000, 8000, 9000, 10000], pa.int64()),
    "age": pa.array([34, 95, 45, 89, 27, 61], pa.int64()),
    "birth": pa.array([datetime.date(1990, 5, 17), datetime.date(1929, 1, 2),
                       datetime.date(1979, 12, 31), datetime.date(1935, 7, 4),
                       datetime.date(1997, 3, 9), datetime.date(1963, 11, 11)], pa.date32()),
    "ccn": ["4111-1111-1111-1111", "4222-2222-2222-2222", "4333-3333-3333-3333",
            "4444-4444-4444-4444", "4555-5555-5555-5555", "4666-6666-6666-6666"],
    "owner": ["alice", "bob", "carol", "alice", "bob", "carol"],
})

ORDERS = pa.table({
    "order_id": pa.array([101, 102, 103, 104, 105, 106], pa.int64()),
    "person_id": pa.array([1, 1, 2, 3, 4, 5], pa.int64()),
    "amount": pa.array([10, 20, 30, 40, 50, 60], pa.int64()),
    "region": ["eu", "eu", "us", "eu", "apac", "us"],
})

PLANS = pa.table({"plan": ["merger", "layoffs"], "budget": pa.array([1, 2], pa.int64())})


def _write(root: Path, name: str, table: pa.Table) -> str:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "part-0.parquet")
    return "file://" + str(folder.resolve())


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(SUITE.glob("cases_*.yaml")):
        for case in yaml.safe_load(path.read_text()):
            case["_file"] = path.name
            cases.append(case)
    names = [c["name"] for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate case names: {duplicates}"
    return cases


CASES = load_cases()


class PolicyEnv:
    def __init__(self, deployment, admin: FlightSqlClient):
        self.deployment = deployment
        self.admin = admin
        self.secret = bytes.fromhex(deployment.token_secret_file.read_text().strip())

    def client_for(self, user: str, groups=(), attributes=None) -> FlightSqlClient:
        client = self.deployment.connect()
        client.set_bearer(make_token(self.secret, user, groups, attributes))
        return client

    def reset_roles(self) -> None:
        for role in self.admin.query("SHOW ROLES").column("role").to_pylist():
            if role != "warden_admin":
                self.admin.execute(f"DROP ROLE {role}")


@pytest.fixture(scope="module")
def policy_env(launcher, tmp_path_factory):
    deployment = launcher.deployment("split")
    root = tmp_path_factory.mktemp("policy-data")
    uris = {name: _write(root, name, table)
            for name, table in (("people", PEOPLE), ("orders", ORDERS), ("plans", PLANS))}
    admin = deployment.admin()
    setup = yaml.safe_load((SUITE / "catalog.yaml").read_text())
    for statement in setup["statements"]:
        admin.execute(statement.format(**uris))
    yield PolicyEnv(deployment, admin)
    admin.close()


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _rows(table: pa.Table) -> list[list]:
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [[_plain(c[r]) for c in columns] for r in range(table.num_rows)]


def _strip_ids(text: str) -> str:
    return re.sub(r"[0-9a-f]{32}", "<id>", text)


def _sort_key(row):
    return [(v is None, str(type(v)), v if v is not None else 0) for v in row]


def _check_absent(case, text: str) -> None:
    for raw in case.get("absent", []):
        assert str(raw) not in text, f"{case['name']}: raw value {raw!r} leaked: {text[:500]}"


def _roles_of(case) -> list[str]:
    if "roles" in case:
        return case["roles"]
    found = []
    for statement in case.get("grants", []):
        for role in re.findall(r"\bTO\s+(?:ROLE\s+)?(\w+)\s*$", statement, re.IGNORECASE):
            found.append(role)
    found += case.get("user", {}).get("roles", [])
    for roles in case.get("groups", {}).values():
        found += roles
    return list(dict.fromkeys(found))


def run_case(env: PolicyEnv, case: dict) -> None:
    env.reset_roles()
    for role in _roles_of(case):
        env.admin.execute(f"CREATE ROLE {role}")
    grants = case.get("grants", [])
    for i, statement in enumerate(grants):
        if "grant_error" in case and i == len(grants) - 1:
            with pytest.raises(ANY_ERROR) as info:
                env.admin.execute(statement)
            assert case["grant_error"] in str(info.value), str(info.value)
            return
        env.admin.execute(statement)
    user = case.get("user", {})
    name = user.get("name", "pat")
    for role in user.get("roles", []):
        env.admin.execute(f"GRANT ROLE {role} TO USER \"{name}\"")
    for group, roles in case.get("groups", {}).items():
        for role in roles:
            env.admin.execute(f"GRANT ROLE {role} TO GROUP {group}")
    client = env.admin if case.get("as_admin") else env.client_for(
        name, user.get("groups", []), user.get("attributes"))
    try:
        queries = case.get("queries") or [case["query"]]
        for sql in queries:
            _run_query(case, client, sql)
    finally:
        if client is not env.admin:
            client.close()


def _run_query(case, client, sql) -> None:
    if "error" in case:
        with pytest.raises(ANY_ERROR) as info:
            client.query(sql)
        text = str(info.value)
        assert case["error"] in text, f"{case['name']}: expected {case['error']}: {text}"
        if "message" in case:
            assert case["message"] in text, f"{case['name']}: {text}"
        _check_absent(case, text)
        if "same_error_as" in case:
            # Hidden and absent objects must be indistinguishable.
            other = case["same_error_as"]
            with pytest.raises(ANY_ERROR) as info2:
                client.query(other["query"])
            first = text.replace(other["replace"][0], other["replace"][1])
            assert _strip_ids(first) == _strip_ids(str(info2.value)), case["name"]
        return
    table = client.query(sql)
    if "columns" in case:
        assert table.column_names == case["columns"], case["name"]
    rows = _rows(table)
    _check_absent(case, json.dumps(rows, default=str))
    if "row_count" in case:
        assert len(rows) == case["row_count"], f"{case['name']}: {rows}"
    if "rows" in case:
        expected = [list(r) for r in case["rows"]]
        if not case.get("ordered"):
            rows, expected = sorted(rows, key=_sort_key), sorted(expected, key=_sort_key)
        assert rows == expected, f"{case['name']}: got {rows}"


def test_suite_has_enough_cases():
    assert len(CASES) >= 150, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_policy_case(policy_env, case):
    run_case(policy_env, case)
