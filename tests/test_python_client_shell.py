"""`warden sql` (the shell, a Flight SQL client) driven non-interactively and through a pipe:
statements from -e and -f, output formats, backslash commands, errors with their code."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import ADMIN_USER, WARDEN_BIN


def run_sql(deployment, *args, stdin: str | None = None, tty_commands=False):
    env = dict(os.environ, WARDEN_PASSWORD=deployment.admin_password, HOME="/tmp")
    return subprocess.run(
        [str(WARDEN_BIN), "sql", "--connect", f"grpc://127.0.0.1:{deployment.planner_port}",
         "--user", ADMIN_USER, *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_execute_csv_and_json(deployment, sales_db):
    result = run_sql(deployment, "--format", "csv", "-e",
                     f"SELECT id, name FROM {sales_db}.customers_one ORDER BY id LIMIT 2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "id,name" and len(lines) == 3
    result = run_sql(deployment, "--format", "json", "-e",
                     f"SELECT id FROM {sales_db}.customers_one ORDER BY id LIMIT 2")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2 and all(isinstance(r["id"], int) for r in rows)


def test_file_of_statements_and_error_code(deployment, sales_db, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text(f"SHOW TABLES IN {sales_db};\n-- a comment\n"
                      f"SELECT count(*) AS n\n  FROM {sales_db}.customers;\n"
                      "SELECT * FROM nowhere.nothing;\n")
    result = run_sql(deployment, "-f", str(script))
    assert result.returncode == 1  # one statement failed
    assert "customers_one" in result.stdout
    assert "ERROR: WARDEN-CATALOG-NOT-FOUND" in result.stderr


def test_backslash_commands_in_the_shell(deployment, sales_db):
    stdin = (f"\\l\n\\dt {sales_db}\n\\d {sales_db}.customers\n\\timing\n"
             f"\\explain SELECT id FROM {sales_db}.customers\n"
             f"SELECT count(*)\n AS n FROM {sales_db}.customers_one;\n\\q\n")
    result = run_sql(deployment, stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert sales_db in out                      # \l
    assert "transactions" in out                # \dt db
    assert "birth_date" in out                  # \d db.table
    assert "Timing is on." in out and "Time:" in result.stderr
    assert "customers" in out and "Tasks:" in out  # \explain
