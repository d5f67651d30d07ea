"""Schemathesis (its CLI, run against the live gateway): generated requests for every
operation of the OpenAPI document; no response may be a 5xx, and every response must match
the document (status code, content type, body schema)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from test_rest import TIMEOUT, base, db, serve  # noqa: F401  (module fixtures)

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_api_conforms_to_its_document(serve, base, db, tmp_path):  # noqa: F811
    token = requests.post(base + "/api/v1/login",
                          json={"user": "admin", "password": serve.admin_password},
                          timeout=TIMEOUT).json()["token"]
    run = subprocess.run(
        [str(SCHEMATHESIS), "run", base + "/api/v1/openapi.json", "--url", base,
         "--header", f"Authorization: Bearer {token}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                     "response_schema_conformance",
         "--max-examples", "15", "--seed", "7", "--request-timeout", "30",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
