"""Local users and issued tokens (`warden users …`, `warden token issue`) against a live
`warden serve`: users added by the CLI log in over Flight and REST, wrong or changed passwords
and removed users are refused with WARDEN-AUTH codes, issued tokens work until they expire,
and groups kept in the store give role membership through GRANT ROLE … TO GROUP."""

from __future__ import annotations

import os
import subprocess
import time
import uuid

import pyarrow.flight as flight
import pytest
import requests

from conftest import _require_binary, start_deployment
from flight_sql import FlightSqlClient, raises_warden

TIMEOUT = 60


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    dep = start_deployment("serve", tmp_path_factory.mktemp("users-serve"))
    yield dep
    dep.stop()


@pytest.fixture(scope="module")
def data_dir(serve):
    return serve.workdir / "warden-data"


@pytest.fixture(scope="module")
def base(serve) -> str:
    args = serve.planner.args
    return f"http://127.0.0.1:{args[args.index('--http-port') + 1]}"


def warden(*args, password: str | None = None, stdin: str | None = None, check=True):
    env = {k: v for k, v in os.environ.items() if k != "WARDEN_NEW_PASSWORD"}
    if password is not None:
        env["WARDEN_NEW_PASSWORD"] = password
    run = subprocess.run([str(_require_binary()), *map(str, args)], env=env, input=stdin or "",
                         capture_output=True, text=True, timeout=TIMEOUT)
    if check:
        assert run.returncode == 0, run.stdout + run.stderr
    return run


def flight_login(serve, user: str, password: str) -> FlightSqlClient:
    client = serve.connect()
    client.authenticate(user, password)
    return client


def flight_refused(serve, user: str, password: str) -> str:
    with serve.connect() as client:
        with pytest.raises(flight.FlightUnauthenticatedError) as info:
            client.authenticate(user, password)
    return str(info.value)


def rest_login(base: str, user: str, password: str) -> requests.Response:
    return requests.post(base + "/api/v1/login", json={"user": user, "password": password},
                         timeout=TIMEOUT)


def new_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_added_user_logs_in_over_flight_and_rest(serve, base, data_dir):
    user = new_name("ana")
    out = warden("users", "add", user, "--data-dir", data_dir, "--groups", "eu,analysts",
                 "--attr", "regions=eu,us", "--attr", "team=risk", password="s3cret-pw")
    assert f"Added user {user}" in out.stdout
    listing = warden("users", "list", "--data-dir", data_dir).stdout.splitlines()
    assert listing[0] == "user\tgroups\troles\tattributes"
    assert f"{user}\tanalysts,eu\t\tregions=eu,us team=risk" in listing
    assert any(line.startswith("admin\t") for line in listing)

    with flight_login(serve, user, "s3cret-pw") as client:
        assert client.query("SHOW DATABASES").column_names == ["name"]
    r = rest_login(base, user, "s3cret-pw")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"] == user and body["groups"] == ["analysts", "eu"] and body["token"]


def test_wrong_password_is_refused_with_auth_code(serve, base, data_dir):
    user = new_name("bob")
    warden("users", "add", user, "--data-dir", data_dir, password="right-pw")
    assert "WARDEN-AUTH" in flight_refused(serve, user, "wrong-pw")
    r = rest_login(base, user, "wrong-pw")
    assert r.status_code == 401
    assert r.json()["code"] == "WARDEN-AUTH-UNAUTHENTICATED"


def test_passwd_changes_the_password(serve, base, data_dir, tmp_path):
    user = new_name("carol")
    warden("users", "add", user, "--data-dir", data_dir, password="first-pw")
    password_file = tmp_path / "pw"
    password_file.write_text("second-pw\n")
    warden("users", "passwd", user, "--data-dir", data_dir, "--password-file", password_file)
    assert "WARDEN-AUTH" in flight_refused(serve, user, "first-pw")
    assert rest_login(base, user, "first-pw").status_code == 401
    flight_login(serve, user, "second-pw").close()
    assert rest_login(base, user, "second-pw").status_code == 200


def test_password_from_standard_input(serve, data_dir):
    user = new_name("dina")
    warden("users", "add", user, "--data-dir", data_dir, stdin="piped-pw\n")
    flight_login(serve, user, "piped-pw").close()


def test_removed_user_is_refused(serve, base, data_dir):
    user = new_name("eve")
    warden("users", "add", user, "--data-dir", data_dir, password="pw-eve")
    flight_login(serve, user, "pw-eve").close()
    assert f"Removed user {user}" in warden("users", "remove", user, "--data-dir", data_dir).stdout
    assert "WARDEN-AUTH" in flight_refused(serve, user, "pw-eve")
    assert rest_login(base, user, "pw-eve").status_code == 401
    assert user not in warden("users", "list", "--data-dir", data_dir).stdout


def test_cli_errors_have_stable_codes(serve, data_dir, tmp_path):
    user = new_name("fay")
    warden("users", "add", user, "--data-dir", data_dir, password="pw")
    again = warden("users", "add", user, "--data-dir", data_dir, password="pw", check=False)
    assert again.returncode == 1 and "WARDEN-CATALOG-ALREADY-EXISTS" in again.stderr
    missing = warden("users", "remove", "nobody_here", "--data-dir", data_dir, check=False)
    assert missing.returncode == 1 and "WARDEN-CATALOG-NOT-FOUND" in missing.stderr
    passwd = warden("users", "passwd", "nobody_here", "--data-dir", data_dir, password="x",
                    check=False)
    assert passwd.returncode == 1 and "WARDEN-CATALOG-NOT-FOUND" in passwd.stderr
    for bad in (["users", "add", "Upper", "--data-dir", data_dir],
                ["users", "add", new_name("g"), "--data-dir", data_dir, "--attr", "novalue"],
                ["users", "list"],
                ["users", "list", "--data-dir", tmp_path / "no-such-dir"],
                ["users", "add", new_name("h"), "--data-dir", data_dir]):  # empty password
        run = warden(*bad, password="" if bad[-1] == data_dir else "pw", check=False)
        assert run.returncode == 1 and "WARDEN-INVALID-ARGUMENT" in run.stderr, (bad, run.stderr)
    token = warden("token", "issue", "--user", "x", "--ttl", "soon", "--data-dir", data_dir,
                   check=False)
    assert token.returncode == 1 and "WARDEN-INVALID-ARGUMENT" in token.stderr


def test_users_against_a_metastore_uri(serve, data_dir):
    user = new_name("gil")
    uri = f"sqlite:///{(data_dir / 'catalog.db').resolve()}"
    warden("users", "add", user, "--metastore", uri, password="pw-gil")
    flight_login(serve, user, "pw-gil").close()


def test_issued_token_works_and_expires(serve, base, data_dir):
    token = warden("token", "issue", "--user", "svc_etl", "--groups", "etl",
                   "--attr", "regions=eu", "--ttl", "3s", "--data-dir", data_dir).stdout.strip()
    assert token.count(".") == 2
    with serve.connect() as client:
        client.set_bearer(token)
        assert client.query("SHOW DATABASES").column_names == ["name"]
    headers = {"Authorization": "Bearer " + token}
    session = requests.get(base + "/api/v1/session", headers=headers, timeout=TIMEOUT)
    assert session.status_code == 200, session.text
    assert session.json()["user"] == "svc_etl" and session.json()["groups"] == ["etl"]
    assert requests.get(base + "/api/v1/databases", headers=headers,
                        timeout=TIMEOUT).status_code == 200
    time.sleep(4.5)
    with serve.connect() as client:
        client.set_bearer(token)
        with pytest.raises(flight.FlightUnauthenticatedError):
            client.query("SHOW DATABASES")
    r = requests.get(base + "/api/v1/databases", headers=headers, timeout=TIMEOUT)
    assert r.status_code == 401 and r.json()["code"] == "WARDEN-AUTH-UNAUTHENTICATED"


def test_token_signed_with_the_secret_file(serve, data_dir):
    token = warden("token", "issue", "--user", "admin", "--token-secret-file",
                   data_dir / "token.key").stdout.strip()
    with serve.connect() as client:
        client.set_bearer(token)
        assert client.query("SHOW DATABASES").column_names == ["name"]


def test_store_groups_give_roles_through_grant_role_to_group(serve, data_dir, sample_data):
    db, role, group = new_name("ugrp"), new_name("readers"), new_name("grp")
    member, outsider = new_name("mem"), new_name("out")
    with serve.admin() as admin:
        admin.execute(f"CREATE DATABASE {db}")
        admin.execute(f"CREATE EXTERNAL TABLE {db}.customers STORED AS PARQUET "
                      f"LOCATION '{sample_data.uri(sample_data.customers_dir)}'")
        admin.execute(f"CREATE ROLE {role}")
        admin.execute(f"GRANT SELECT (id, country) ON TABLE {db}.customers "
                      f"WHERE country IN user_attribute('countries') TO ROLE {role}")
        admin.execute(f"GRANT ROLE {role} TO GROUP {group}")
        expected = admin.query(f"SELECT count(*) AS n FROM {db}.customers "
                               "WHERE country IN ('US', 'GB')").column("n")[0]
    # Groups and attributes both come from the store at login.
    warden("users", "add", member, "--data-dir", data_dir, "--groups", f"other,{group}",
           "--attr", "countries=US,GB", password="pw-m")
    warden("users", "add", outsider, "--data-dir", data_dir, password="pw-o")
    with flight_login(serve, member, "pw-m") as client:
        table = client.query(f"SELECT * FROM {db}.customers")
        assert table.column_names == ["id", "country"]
        assert table.num_rows == expected.as_py() > 0
        assert set(table.column("country").to_pylist()) == {"US", "GB"}
    with flight_login(serve, outsider, "pw-o") as client:
        with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
            client.query(f"SELECT * FROM {db}.customers")
    # Taking the user out of the group (passwd --groups) takes the role away at the next login.
    warden("users", "passwd", member, "--data-dir", data_dir, "--groups", "", password="pw-m")
    with flight_login(serve, member, "pw-m") as client:
        with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
            client.query(f"SELECT * FROM {db}.customers")
