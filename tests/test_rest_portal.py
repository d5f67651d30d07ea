"""The web portal in headless Chromium (tests/browser/portal_scenario.mjs) against a live
`warden serve`; screenshots land in the test's output directory. The policy half of the
issue's scenario (tests/browser/analyst_scenario.mjs: role, grant with row filter and mask_ccn
built in the admin form, an analyst made by `warden users add`, masked and filtered preview
checked against the generated files, a join exported as CSV, EXPLAIN ACCESS, the analyst's
query in the audit explorer) runs in the same way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import _require_binary
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


def _expected_policy_view(sample_data, currency: str, join_sql_where: str) -> dict:
    """What the analyst must see, computed from the generated files: the masked card of each
    transaction inside the row filter, and the row count of the join."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    transactions = pq.read_table(sample_data.transactions_dir)
    customers = pq.read_table(sample_data.customers_dir)
    kept = transactions.filter(pc.equal(transactions["currency"], currency))
    masked = {str(i): "XXXX-XXXX-XXXX-" + card[-4:]
              for i, card in zip(kept["id"].to_pylist(), kept["card_number"].to_pylist())}
    small = set(i for i in customers["id"].to_pylist() if i < 20)
    join_rows = sum(1 for c in kept["customer_id"].to_pylist() if c in small)
    return {"masked": masked, "join_rows": join_rows}


def test_portal_policy_scenario(serve, base, db, sample_data, tmp_path):  # noqa: F811
    _require_browser()
    rest = Rest(base)
    rest.login("admin", serve.admin_password)
    skip_unless_supported(rest.statement("EXPLAIN ACCESS FOR USER admin ON " + db + ".customers"),
                          "EXPLAIN ACCESS")
    suffix = uuid.uuid4().hex[:6]
    analyst, password, role = f"analyst_{suffix}", "pw-" + uuid.uuid4().hex, f"portal_{suffix}"
    added = subprocess.run(
        [str(_require_binary()), "users", "add", analyst, "--data-dir",
         str(serve.workdir / "warden-data")],
        env=dict(os.environ, WARDEN_NEW_PASSWORD=password), capture_output=True, text=True,
        timeout=60)
    assert added.returncode == 0, added.stderr
    currency = "EUR"
    join_sql = (f"SELECT c.name, t.card_number, t.amount FROM {db}.customers c "
                f"JOIN {db}.transactions t ON c.id = t.customer_id WHERE c.id < 20")
    expected = _expected_policy_view(sample_data, currency, join_sql)
    expected["join_sql"] = join_sql
    expected_file = tmp_path / "expected.json"
    expected_file.write_text(json.dumps(expected))
    out = tmp_path / "screenshots"
    out.mkdir()
    run = subprocess.run(
        ["node", str(REPO / "tests" / "browser" / "analyst_scenario.mjs")],
        env=dict(os.environ, BASE=base, ADMIN_PASSWORD=serve.admin_password, DB=db,
                 OUT_DIR=str(out), ANALYST=analyst, ANALYST_PASSWORD=password, ROLE=role,
                 CURRENCY=currency, EXPECTED=str(expected_file)),
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr + f"\n(screenshots in {out})"
    assert run.stdout.strip().endswith("ok")
    for name in ("10-admin-policy", "11-analyst-search", "12-analyst-preview",
                 "13-analyst-explain-access", "14-analyst-sql", "15-admin-audit"):
        assert (out / f"{name}.png").stat().st_size > 1000
