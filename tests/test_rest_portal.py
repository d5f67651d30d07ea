"""The web portal in headless Chromium (tests/browser/portal_scenario.mjs) against a live
`warden serve`; screenshots land in the test's output directory. The policy half of the
issue's scenario (role, grant with row filter and mask_ccn, analyst sign-in, masked preview,
audit of the analyst's query) needs statements other helpers are building and is skipped at
runtime, naming the missing statement, until the planner accepts them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_rest import Rest, base, db, serve, skip_unless_supported  # noqa: F401

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _require_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/install.sh installs Debian's chromium)")
    if not (REPO / "web" / "node_modules" / "playwright-core").exists() or not shutil.which("node"):
        pytest.skip("node or web/node_modules missing (scripts/install.sh runs npm ci)")
    if not (REPO / "web" / "dist" / "index.html").exists():
        pytest.skip("the portal is not built (make build)")


def test_portal_scenario(serve, base, db, tmp_path):  # noqa: F811
    _require_browser()
    out = tmp_path / "screenshots"
    out.mkdir()
    run = subprocess.run(
        ["node", str(REPO / "tests" / "browser" / "portal_scenario.mjs")],
        env=dict(os.environ, BASE=base, ADMIN_PASSWORD=serve.admin_password, DB=db,
                 OUT_DIR=str(out)),
        capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr + f"\n(screenshots in {out})"
    assert run.stdout.strip().endswith("ok")
    for name in ("02-home-search", "03-dataset", "04-sql-workspace", "05-admin", "06-audit"):
        assert (out / f"{name}.png").stat().st_size > 1000


def test_portal_policy_scenario(serve, base, db):  # noqa: F811
    rest = Rest(base)
    rest.login("admin", serve.admin_password)
    skip_unless_supported(rest.post("/api/v1/roles", json={"name": "portal_analyst"}),
                          "CREATE ROLE")
    skip_unless_supported(rest.statement("EXPLAIN ACCESS FOR USER admin ON " + db + ".customers"),
                          "EXPLAIN ACCESS")
    pytest.skip("the analyst half of the browser scenario is not written yet: it needs a way "
                "to create the analyst user (no CREATE USER statement exists)")
