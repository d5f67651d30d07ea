"""The REST gateway (/api/v1) against a live `warden serve` and a `warden rest` in front of a
split deployment: every route, its errors, streaming formats, paging, sessions and CSRF, and
the same rows as Flight. Statements other helpers are still building (roles, grants,
EXPLAIN ACCESS, the audit table) are probed at runtime and skipped with the reason."""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import re
import uuid

import pyarrow as pa
import pyarrow.ipc
import time

import pytest
import requests

from conftest import WardenProcess, _require_binary, free_port, start_deployment

TIMEOUT = 60


class Rest:
    """A small client of one gateway."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return self.base + path

    def login(self, user: str, password: str) -> dict:
        r = self.session.post(self.url("/api/v1/login"), json={"user": user, "password": password},
                              timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        body = r.json()
        self.session.headers["Authorization"] = "Bearer " + body["token"]
        return body

    def get(self, path, **kw):
        return self.session.get(self.url(path), timeout=TIMEOUT, **kw)

    def post(self, path, **kw):
        return self.session.post(self.url(path), timeout=TIMEOUT, **kw)

    def delete(self, path, **kw):
        return self.session.delete(self.url(path), timeout=TIMEOUT, **kw)

    def statement(self, sql: str) -> requests.Response:
        return self.post("/api/v1/statements", json={"sql": sql})


def http_port_of(proc: WardenProcess) -> int:
    return int(proc.args[proc.args.index("--http-port") + 1])


def unsupported(response: requests.Response) -> bool:
    """The planner does not know the statement yet (being built elsewhere)."""
    return response.status_code == 400 and response.json()["code"] in (
        "WARDEN-SQL-UNSUPPORTED", "WARDEN-SQL-SYNTAX")


def skip_unless_supported(response: requests.Response, statement: str) -> None:
    if unsupported(response):
        pytest.skip(f"{statement} is not supported by the planner yet: {response.json()['message']}")


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    # Audit files roll every second so that the audit search sees recent requests.
    dep = start_deployment("serve", tmp_path_factory.mktemp("rest-serve"),
                           extra_args=("--audit-roll-seconds", "1"))
    yield dep
    dep.stop()


@pytest.fixture(scope="module")
def base(serve) -> str:
    return f"http://127.0.0.1:{http_port_of(serve.planner)}"


@pytest.fixture
def rest(serve, base) -> Rest:
    client = Rest(base)
    client.login("admin", serve.admin_password)
    return client


@pytest.fixture(scope="module")
def db(serve, base, sample_data) -> str:
    client = Rest(base)
    client.login("admin", serve.admin_password)
    name = "rest_" + uuid.uuid4().hex[:8]
    for sql in (f"CREATE DATABASE {name}",
                f"CREATE EXTERNAL TABLE {name}.customers STORED AS PARQUET "
                f"LOCATION '{sample_data.uri(sample_data.customers_dir)}'",
                f"CREATE EXTERNAL TABLE {name}.transactions STORED AS PARQUET "
                f"LOCATION '{sample_data.uri(sample_data.transactions_dir)}'"):
        r = client.statement(sql)
        assert r.status_code == 200, r.text
    return name


# --- health, metrics, OpenAPI, errors --------------------------------------------------------------

def test_health_readiness_and_metrics(base):
    assert requests.get(base + "/healthz", timeout=TIMEOUT).json() == {"status": "ok"}
    assert requests.get(base + "/api/v1/health", timeout=TIMEOUT).json() == {"status": "ok"}
    assert requests.get(base + "/readyz", timeout=TIMEOUT).json() == {"status": "ready"}
    requests.get(base + "/api/v1/databases", timeout=TIMEOUT)  # a 401, counted
    text = requests.get(base + "/metrics", timeout=TIMEOUT).text
    assert "# TYPE warden_http_requests_total counter" in text
    assert 'warden_http_requests_total{method="GET",route="/api/v1/databases",status="401"}' in text
    assert "warden_http_request_duration_seconds_bucket" in text


def test_openapi_document_lists_the_api(base):
    doc = requests.get(base + "/api/v1/openapi.json", timeout=TIMEOUT).json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/v1/login", "/api/v1/query", "/api/v1/datasets/{database}/{name}/preview",
                 "/api/v1/grants", "/api/v1/access", "/api/v1/audit", "/metrics"):
        assert path in doc["paths"]


def test_unauthenticated_requests_get_401_and_nothing_else(base):
    for method, path in (("GET", "/api/v1/databases"), ("GET", "/api/v1/datasets?q=x"),
                         ("POST", "/api/v1/query"), ("GET", "/api/v1/session")):
        r = requests.request(method, base + path, json={"sql": "SELECT 1"}, timeout=TIMEOUT)
        assert r.status_code == 401
        body = r.json()
        assert body["code"] == "WARDEN-AUTH-UNAUTHENTICATED"
        assert set(body) == {"code", "message", "request_id"}
        assert r.headers["X-Request-Id"] == body["request_id"]
    r = requests.get(base + "/api/v1/databases", headers={"Authorization": "Bearer not.a.jwt"},
                     timeout=TIMEOUT)
    assert r.status_code == 401


def test_login_with_wrong_password_is_401(base):
    r = requests.post(base + "/api/v1/login", json={"user": "admin", "password": "wrong"},
                      timeout=TIMEOUT)
    assert r.status_code == 401
    assert r.json()["code"] == "WARDEN-AUTH-UNAUTHENTICATED"
    r = requests.post(base + "/api/v1/login", data="{not json", timeout=TIMEOUT)
    assert r.status_code == 400
    assert r.json()["code"] == "WARDEN-INVALID-ARGUMENT"


def test_request_id_is_echoed_when_safe(rest):
    r = rest.get("/api/v1/datasets/nodb/nothing", headers={"X-Request-Id": "trace-123"})
    assert r.status_code == 404
    assert r.json()["request_id"] == "trace-123"
    r = rest.get("/api/v1/databases", headers={"X-Request-Id": "bad id\u00e9"})
    assert r.headers["X-Request-Id"] != "bad id"


def test_unknown_api_route_is_a_json_404(rest):
    r = rest.get("/api/v1/no/such/route")
    assert r.status_code == 404
    assert r.json()["code"] == "WARDEN-CATALOG-NOT-FOUND"


def test_security_headers(base):
    r = requests.get(base + "/healthz", timeout=TIMEOUT)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"


# --- sessions ----------------------------------------------------------------------------------------

def test_cookie_session_needs_csrf_token_for_unsafe_methods(serve, base):
    s = requests.Session()
    r = s.post(base + "/api/v1/login", json={"user": "admin", "password": serve.admin_password},
               timeout=TIMEOUT)
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/" in cookie
    csrf = r.json()["csrf_token"]
    # A GET with the cookie alone works (no Authorization header).
    me = s.get(base + "/api/v1/session", timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["user"] == "admin"
    assert me.json()["csrf_token"] == csrf
    # A POST without the CSRF header is refused; with it, it runs.
    r = s.post(base + "/api/v1/statements", json={"sql": "SHOW DATABASES"}, timeout=TIMEOUT)
    assert r.status_code == 403 and r.json()["code"] == "WARDEN-AUTH-PERMISSION-DENIED" or \
        r.status_code == 403
    r = s.post(base + "/api/v1/statements", json={"sql": "SHOW DATABASES"},
               headers={"X-CSRF-Token": "0" * 64}, timeout=TIMEOUT)
    assert r.status_code == 403
    r = s.post(base + "/api/v1/statements", json={"sql": "SHOW DATABASES"},
               headers={"X-CSRF-Token": csrf}, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    # Logout clears the cookie.
    r = s.post(base + "/api/v1/logout", timeout=TIMEOUT)
    assert r.status_code == 204
    assert s.get(base + "/api/v1/session", timeout=TIMEOUT).status_code == 401


def test_token_refresh_issues_a_working_token(rest, base):
    r = rest.post("/api/v1/token/refresh")
    assert r.status_code == 200
    body = r.json()
    assert body["user"] == "admin" and body["token_type"] == "Bearer"
    fresh = requests.get(base + "/api/v1/databases",
                         headers={"Authorization": "Bearer " + body["token"]}, timeout=TIMEOUT)
    assert fresh.status_code == 200


# --- catalog ------------------------------------------------------------------------------------------

def test_databases_and_datasets(rest, db):
    names = [d["name"] for d in rest.get("/api/v1/databases").json()["databases"]]
    assert db in names
    r = rest.get(f"/api/v1/databases/{db}/datasets")
    assert r.status_code == 200
    assert [d["name"] for d in r.json()["datasets"]] == ["customers", "transactions"]
    assert rest.get("/api/v1/databases/no_such_db/datasets").status_code == 404


def test_search_by_name_database_and_column(rest, db):
    found = rest.get("/api/v1/datasets", params={"q": "custom", "database": db}).json()["datasets"]
    # Text matches names, descriptions and column names (transactions.customer_id).
    assert (db, "customers") in [(d["database"], d["name"]) for d in found]
    found = rest.get("/api/v1/datasets", params={"q": "transac", "database": db}).json()
    assert [d["name"] for d in found["datasets"]] == ["transactions"]
    by_column = rest.get("/api/v1/datasets", params={"database": db, "column": "email"}).json()
    assert [d["name"] for d in by_column["datasets"]] == ["customers"]
    r = rest.get("/api/v1/datasets", params={"attribute": "not an attribute"})
    assert r.status_code == 400
    assert rest.get("/api/v1/datasets", params={"limit": "0"}).status_code == 400
    assert rest.get("/api/v1/datasets", params={"limit": "x"}).status_code == 400


def test_search_by_attribute(rest, db):
    attribute = "pii_" + uuid.uuid4().hex[:6] + ".email"
    r = rest.statement(f"CREATE ATTRIBUTE {attribute}")
    skip_unless_supported(r, "CREATE ATTRIBUTE")
    assert r.status_code == 200, r.text
    r = rest.statement(f"ALTER TABLE {db}.customers ADD ATTRIBUTE {attribute} ON COLUMN email")
    assert r.status_code == 200, r.text
    found = rest.get("/api/v1/datasets", params={"attribute": attribute}).json()["datasets"]
    assert [(d["database"], d["name"]) for d in found] == [(db, "customers")]
    details = rest.get(f"/api/v1/datasets/{db}/customers").json()
    email = next(c for c in details["columns"] if c["name"] == "email")
    assert email["attributes"] == [attribute]


def test_dataset_details(rest, db, sample_data):
    r = rest.get(f"/api/v1/datasets/{db}/customers")
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "table" and body["format"] == "parquet"
    assert body["location"] == sample_data.uri(sample_data.customers_dir)
    assert [c["name"] for c in body["columns"]][:3] == ["id", "name", "email"]
    assert f"CREATE EXTERNAL TABLE {db}.customers" in body["create_statement"]
    assert body["partitions"] == []
    assert rest.get(f"/api/v1/datasets/{db}/nope").status_code == 404
    assert rest.get("/api/v1/datasets/nodb/nope").status_code == 404


def test_preview_is_limited(rest, db):
    r = rest.get(f"/api/v1/datasets/{db}/customers/preview", params={"limit": 7})
    assert r.status_code == 200
    body = r.json()
    assert body["row_count"] == 7 and len(body["rows"]) == 7
    assert [c["name"] for c in body["columns"]][:2] == ["id", "name"]
    assert rest.get(f"/api/v1/datasets/{db}/customers/preview",
                    params={"limit": 100000}).status_code == 400


def test_column_statistics(rest, db):
    r = rest.get(f"/api/v1/datasets/{db}/customers/statistics", params={"column": "id",
                                                                         "buckets": 10})
    assert r.status_code == 200, r.text
    stats = r.json()
    assert stats["row_count"] == 500 and stats["distinct_count"] == 500
    assert stats["min"] == 1 and stats["max"] == 500 and stats["null_fraction"] == 0
    assert stats["histogram_kind"] == "range" and len(stats["histogram"]) == 10
    assert sum(b["count"] for b in stats["histogram"]) == 500
    top = rest.get(f"/api/v1/datasets/{db}/customers/statistics",
                   params={"column": "country"}).json()
    assert top["histogram_kind"] == "top_values"
    assert sum(b["count"] for b in top["histogram"]) <= 500
    assert rest.get(f"/api/v1/datasets/{db}/customers/statistics").status_code == 400
    assert rest.get(f"/api/v1/datasets/{db}/customers/statistics",
                    params={"column": "nope"}).status_code == 400


# --- queries ------------------------------------------------------------------------------------------

def test_query_formats_agree(rest, db):
    sql = f"SELECT c.id, c.name, t.amount FROM {db}.customers c JOIN {db}.transactions t " \
          f"ON c.id = t.customer_id WHERE c.id <= 20 ORDER BY t.id"
    as_json = rest.post("/api/v1/query", json={"sql": sql})
    assert as_json.status_code == 200, as_json.text
    body = as_json.json()
    rows = [tuple(r) for r in body["rows"]]
    assert body["row_count"] == len(rows) > 0 and body["next_cursor"] is None
    nd = rest.post("/api/v1/query", json={"sql": sql}, headers={"Accept": "application/x-ndjson"})
    assert nd.headers["Content-Type"].startswith("application/x-ndjson")
    assert [tuple(json.loads(line).values()) for line in nd.text.splitlines()] == rows
    as_csv = rest.post("/api/v1/query", json={"sql": sql}, headers={"Accept": "text/csv"})
    parsed = list(csv.reader(io.StringIO(as_csv.text)))
    assert parsed[0] == ["id", "name", "amount"]
    assert [(int(a), b, float(c)) for a, b, c in parsed[1:]] == rows
    arrow = rest.post("/api/v1/query", json={"sql": sql},
                      headers={"Accept": "application/vnd.apache.arrow.stream"})
    table = pa.ipc.open_stream(arrow.content).read_all()
    assert [tuple(r.values()) for r in table.to_pylist()] == rows
    r = rest.post("/api/v1/query", json={"sql": sql}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_query_through_rest_equals_flight(rest, db, serve):
    sql = f"SELECT id, name, email, birth_date FROM {db}.customers WHERE id % 7 = 0"
    client = serve.admin()
    try:
        flight_rows = sorted(tuple(r.values()) for r in client.query(sql).to_pylist())
    finally:
        client.close()
    arrow = rest.post("/api/v1/query", json={"sql": sql},
                      headers={"Accept": "application/vnd.apache.arrow.stream"})
    rest_rows = sorted(tuple(r.values()) for r in
                       pa.ipc.open_stream(arrow.content).read_all().to_pylist())
    assert rest_rows == flight_rows and len(rest_rows) > 0
    as_json = rest.post("/api/v1/query", json={"sql": sql}).json()
    assert sorted((r[0], r[1], r[2], r[3]) for r in as_json["rows"]) == \
        sorted((a, b, c, d.isoformat()) for a, b, c, d in flight_rows)


def _plan_lines(lines: list[str]) -> list[str]:
    """EXPLAIN's lines with the measured policy time blanked (it differs call to call)."""
    return [re.sub(r"^Policy evaluation: [0-9.]+ ms", "Policy evaluation: N ms", line)
            for line in lines]


@pytest.mark.parametrize("query", [
    "SELECT id, name FROM {db}.customers WHERE id < 50",
    "SELECT c.id, t.amount FROM {db}.customers c JOIN {db}.transactions t "
    "ON c.id = t.customer_id ORDER BY t.id",
])
def test_explain_through_rest_equals_flight(rest, db, serve, query):
    """EXPLAIN prints the same lines through both doors, the policy evaluation time included."""
    sql = "EXPLAIN " + query.format(db=db)
    client = serve.admin()
    try:
        flight_lines = client.query(sql).column("plan").to_pylist()
    finally:
        client.close()
    assert any(re.match(r"Policy evaluation: [0-9.]+ ms", line) for line in flight_lines), \
        flight_lines
    for route in ("/api/v1/query", "/api/v1/statements"):
        r = rest.post(route, json={"sql": sql})
        assert r.status_code == 200, r.text
        rest_lines = [row[0] for row in r.json()["rows"]]
        assert _plan_lines(rest_lines) == _plan_lines(flight_lines), route


def test_cursor_paging_walks_the_whole_result(rest, db):
    sql = f"SELECT id FROM {db}.customers ORDER BY id"
    seen, body = [], rest.post("/api/v1/query", json={"sql": sql, "limit": 120}).json()
    pages = 1
    while True:
        seen += [r[0] for r in body["rows"]]
        if body["next_cursor"] is None:
            break
        body = rest.post("/api/v1/query", json={"cursor": body["next_cursor"], "limit": 120}).json()
        pages += 1
    assert seen == list(range(1, 501)) and pages == 5
    # Other formats carry the cursor in a header.
    r = rest.post("/api/v1/query", json={"sql": sql, "limit": 10}, headers={"Accept": "text/csv"})
    assert len(r.text.splitlines()) == 11
    nxt = rest.post("/api/v1/query", json={"cursor": r.headers["Warden-Next-Cursor"], "limit": 2})
    assert [row[0] for row in nxt.json()["rows"]] == [11, 12]
    assert rest.post("/api/v1/query", json={"cursor": "garbage!"}).status_code == 400


def test_cursor_pages_of_a_plain_scan_keep_the_file_order(rest, db):
    """No ORDER BY: each page is planned and read again, and still continues where the last
    one ended, because workers emit a scan's rows in file and row-group order."""
    sql = f"SELECT id, customer_id FROM {db}.transactions WHERE amount >= 0"
    whole = [tuple(r) for r in rest.post("/api/v1/query", json={"sql": sql}).json()["rows"]]
    page = len(whole) // 5 + 1
    paged, body = [], rest.post("/api/v1/query", json={"sql": sql, "limit": page}).json()
    while True:
        paged += [tuple(r) for r in body["rows"]]
        if body["next_cursor"] is None:
            break
        body = rest.post("/api/v1/query", json={"cursor": body["next_cursor"], "limit": page}).json()
    assert len(whole) > 1000 and paged == whole


def test_large_result_streams_chunked(rest, db):
    sql = f"SELECT * FROM {db}.transactions"
    with rest.session.post(rest.url("/api/v1/query"), json={"sql": sql}, stream=True,
                           headers={"Accept": "application/x-ndjson"}, timeout=TIMEOUT) as r:
        assert r.headers.get("Transfer-Encoding") == "chunked"
        assert sum(1 for _ in r.iter_lines()) == 5000


def test_query_errors_are_json(rest, db):
    cases = [("SELEC 1", 400, "WARDEN-SQL-SYNTAX"),
             (f"SELECT nope FROM {db}.customers", 400, "WARDEN-SQL-BIND"),
             (f"SELECT * FROM {db}.missing", 404, "WARDEN-CATALOG-NOT-FOUND")]
    for sql, status, code in cases:
        r = rest.post("/api/v1/query", json={"sql": sql})
        assert (r.status_code, r.json()["code"]) == (status, code), sql
    for body in ({}, {"sql": ""}, {"sql": 5}, {"sql": "SELECT 1", "limit": -1}, []):
        assert rest.post("/api/v1/query", json=body).status_code == 400, body


def test_statements(rest, db):
    r = rest.statement(f"SHOW TABLES IN {db}")
    assert r.status_code == 200
    assert r.json() == {"columns": ["name"], "rows": [["customers"], ["transactions"]],
                        "truncated": False}
    r = rest.statement(f"CREATE DATABASE {db}")
    assert r.status_code == 409 and r.json()["code"] == "WARDEN-CATALOG-ALREADY-EXISTS"
    r = rest.statement(f"DESCRIBE {db}.customers")
    assert r.status_code == 200 and r.json()["rows"][0][0] == "id"


# --- the policy side, through SQL ---------------------------------------------------------------------

def test_roles_grants_and_member_resources(rest, db, serve, base):
    role = "r_" + uuid.uuid4().hex[:6]
    r = rest.post("/api/v1/roles", json={"name": role})
    skip_unless_supported(r, "CREATE ROLE")
    assert r.status_code == 201, r.text
    assert r.json()["sql"] == f'CREATE ROLE "{role}"'
    assert role in json.dumps(rest.get("/api/v1/roles").json())
    r = rest.post(f"/api/v1/roles/{role}/members", json={"kind": "user", "name": "analyst1"})
    skip_unless_supported(r, "GRANT ROLE")
    assert r.status_code == 201, r.text
    grant = {"privilege": "SELECT", "scope": "table", "object": f"{db}.customers",
             "where": "country = 'US'", "role": role}
    r = rest.post("/api/v1/grants", json=grant)
    skip_unless_supported(r, "GRANT SELECT")
    assert r.status_code == 201, r.text
    assert r.json()["sql"].startswith("GRANT SELECT ON TABLE")
    r = rest.get("/api/v1/grants", params={"role": role})
    skip_unless_supported(r, "SHOW GRANTS")
    assert r.status_code == 200 and "country" in json.dumps(r.json())
    assert rest.post("/api/v1/grants/revoke", json=grant).status_code == 200
    assert rest.delete(f"/api/v1/roles/{role}/members/user/analyst1").status_code == 200
    assert rest.delete(f"/api/v1/roles/{role}").status_code == 200


def mint_token(serve, user: str, groups=()) -> str:
    """A bearer token signed with `warden serve`'s own key (<data-dir>/token.key)."""
    key = bytes.fromhex((serve.workdir / "warden-data" / "token.key").read_text().strip())
    now = int(time.time())
    part = lambda obj: base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=")  # noqa: E731
    signing_input = part({"alg": "HS256", "typ": "JWT"}) + b"." + part(
        {"sub": user, "iat": now, "exp": now + 600, "groups": list(groups)})
    signature = base64.urlsafe_b64encode(
        hmac.new(key, signing_input, hashlib.sha256).digest()).rstrip(b"=")
    return (signing_input + b"." + signature).decode()


def as_user(base: str, serve, user: str, groups=()) -> Rest:
    client = Rest(base)
    client.session.headers["Authorization"] = "Bearer " + mint_token(serve, user, groups)
    return client


def test_role_members_resource(rest, serve, base):
    role, other = "m_" + uuid.uuid4().hex[:6], "o_" + uuid.uuid4().hex[:6]
    user, group = "member_" + role, "group_" + role
    for name in (role, other):
        assert rest.post("/api/v1/roles", json={"name": name}).status_code == 201
    assert rest.get(f"/api/v1/roles/{role}/members").json() == {
        "columns": ["kind", "member"], "rows": []}
    for kind, name in (("user", user), ("group", group)):
        r = rest.post(f"/api/v1/roles/{role}/members", json={"kind": kind, "name": name})
        assert r.status_code == 201, r.text
    r = rest.get(f"/api/v1/roles/{role}/members")
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [["group", group], ["user", user]]
    # The same through SQL, in both spellings.
    for sql in (f"SHOW MEMBERS OF ROLE {role}", f"SHOW PRINCIPALS {role}"):
        assert rest.statement(sql).json()["rows"] == [["group", group], ["user", user]]

    # A member (directly, or through a group of the token) sees the members; anyone else
    # gets the 404 of an absent role.
    for client in (as_user(base, serve, user), as_user(base, serve, "someone", [group])):
        r = client.get(f"/api/v1/roles/{role}/members")
        assert r.status_code == 200, r.text
        assert r.json()["rows"] == [["group", group], ["user", user]]
    stranger = as_user(base, serve, user)
    hidden = stranger.get(f"/api/v1/roles/{other}/members")
    absent = stranger.get("/api/v1/roles/no_such_role/members")
    assert (hidden.status_code, absent.status_code) == (404, 404)
    assert hidden.json()["code"] == absent.json()["code"] == "WARDEN-CATALOG-NOT-FOUND"
    assert hidden.json()["message"].replace(other, "X") == absent.json()["message"].replace(
        "no_such_role", "X")
    # Members cannot change membership.
    r = stranger.post(f"/api/v1/roles/{role}/members", json={"kind": "user", "name": "x"})
    assert r.status_code == 403, r.text

    assert rest.delete(f"/api/v1/roles/{role}/members/group/{group}").status_code == 200
    assert rest.get(f"/api/v1/roles/{role}/members").json()["rows"] == [["user", user]]
    r = rest.get("/api/v1/roles/no_such_role/members")
    assert r.status_code == 404 and r.json()["code"] == "WARDEN-CATALOG-NOT-FOUND"
    for name in (role, other):
        assert rest.delete(f"/api/v1/roles/{name}").status_code == 200


def test_grant_resource_validation(rest):
    for body in ({"privilege": "READ", "scope": "catalog", "role": "r"},
                 {"privilege": "SELECT", "scope": "catalog"},
                 {"sql": "DROP DATABASE x"}):
        r = rest.post("/api/v1/grants", json=body)
        assert r.status_code == 400 and r.json()["code"] == "WARDEN-INVALID-ARGUMENT"
    assert rest.post("/api/v1/roles/x/members", json={"kind": "robot", "name": "y"}).status_code == 400
    assert rest.delete("/api/v1/roles/x/members/robot/y").status_code == 404


def test_explain_access(rest, db):
    r = rest.get("/api/v1/access", params={"user": "admin", "dataset": f"{db}.customers"})
    skip_unless_supported(r, "EXPLAIN ACCESS")
    assert r.status_code == 200, r.text
    assert r.json()["rows"]
    assert rest.get("/api/v1/access", params={"user": "admin"}).status_code == 400
    assert rest.get("/api/v1/access", params={"user": "a", "dataset": "nodot"}).status_code == 400


def test_audit_search(rest, db):
    rest.post("/api/v1/query", json={"sql": f"SELECT count(*) FROM {db}.customers"})
    r = rest.get("/api/v1/audit", params={"user": "admin", "limit": 50})
    if r.status_code == 404:
        pytest.skip("warden_system.audit_logs is not queryable yet: " + r.json()["message"])
    skip_unless_supported(r, "SELECT FROM warden_system.audit_logs")
    assert r.status_code == 200, r.text
    def found(response):
        return any(f"{db}.customers" in (row[7] or "") for row in response.json()["rows"])

    deadline = time.monotonic() + 30
    while not found(r) and time.monotonic() < deadline:  # the plan event's file rolls
        time.sleep(0.5)
        r = rest.get("/api/v1/audit", params={"user": "admin", "limit": 50})
    assert found(r), r.json()["rows"]
    assert rest.get("/api/v1/audit", params={"since": "yesterday"}).status_code == 400


def test_audit_search_by_dataset_matches_the_datasets_list(rest, db):
    name = f"{db}.transactions"
    # Touches the dataset; the second names it only in a string, the third by a prefix.
    rest.post("/api/v1/query", json={"sql": f"SELECT count(*) FROM {name}"})
    rest.post("/api/v1/query", json={"sql": f"SELECT '{name}' AS mention"})
    deadline, rows = time.monotonic() + 30, []
    while time.monotonic() < deadline:
        r = rest.get("/api/v1/audit", params={"dataset": name, "user": "admin", "limit": 500})
        assert r.status_code == 200, r.text
        rows = r.json()["rows"]
        if any(f"FROM {name}" in (row[7] or "") for row in rows):
            break
        time.sleep(0.5)
    assert any(f"FROM {name}" in (row[7] or "") for row in rows), rows
    assert all(name in row[8] for row in rows), rows  # datasets, exactly this name
    mention = rest.get("/api/v1/audit", params={"user": "admin", "limit": 500}).json()["rows"]
    assert rest.get("/api/v1/audit", params={"dataset": name[:-3]}).json()["rows"] == []
    assert rest.get("/api/v1/audit", params={"dataset": name.upper()}).json()["rows"] == []
    # The unfiltered search does see the statement that only mentions the name.
    deadline = time.monotonic() + 30
    while not any("AS mention" in (row[7] or "") for row in mention) and time.monotonic() < deadline:
        time.sleep(0.5)
        mention = rest.get("/api/v1/audit", params={"user": "admin", "limit": 500}).json()["rows"]
    assert any("AS mention" in (row[7] or "") for row in mention)
    rows = rest.get("/api/v1/audit", params={"dataset": name, "limit": 500}).json()["rows"]
    assert rows and not any("AS mention" in (row[7] or "") for row in rows)


# --- `warden rest` in front of a split deployment ------------------------------------------------------

def test_warden_rest_command_in_front_of_a_planner(tmp_path_factory):
    dep = start_deployment("split", tmp_path_factory.mktemp("rest-split"))
    port = free_port()
    gateway = WardenProcess("rest", [_require_binary(), "rest", "--planner",
                                     f"127.0.0.1:{dep.planner_port}", "--token-secret-file",
                                     dep.token_secret_file, "--port", port],
                            dep.workdir, port=port).start()
    try:
        gateway.wait_ready()
        client = Rest(f"http://127.0.0.1:{port}")
        client.login("admin", dep.admin_password)
        assert client.get("/api/v1/databases").status_code == 200
        r = client.post("/api/v1/query", json={"sql": "SELECT 1 AS one"})
        assert r.status_code == 200 and r.json()["rows"] == [[1]], r.text
        r = client.post("/api/v1/query", json={"sql": "EXPLAIN SELECT 1 AS one"})
        assert r.status_code == 200, r.text
        assert any(re.match(r"Policy evaluation: [0-9.]+ ms", row[0]) for row in r.json()["rows"])
        assert requests.get(f"http://127.0.0.1:{port}/readyz", timeout=TIMEOUT).status_code == 200
    finally:
        assert gateway.stop() == 0
        dep.stop()
