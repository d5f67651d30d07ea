"""The Arrow Flight SQL JDBC driver (from Maven Central, unmodified) against Warden.

tests/java/WardenJdbcCheck.java connects with user and password, lists tables and columns
through DatabaseMetaData, runs a query, a prepared statement with a parameter and a
governance statement, and prints what it saw; this test checks those lines.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ADMIN_USER, REPO

JAVA_SOURCE = REPO / "tests" / "java" / "WardenJdbcCheck.java"
FETCH_DRIVER = REPO / "scripts" / "fetch_jdbc_driver.sh"
# Arrow Java reads off-heap memory through java.nio internals.
JVM_FLAGS = ["--add-opens=java.base/java.nio=ALL-UNNAMED"]


@pytest.fixture(scope="session")
def jdbc_program(tmp_path_factory) -> tuple[Path, Path]:
    """(driver jar, directory holding the compiled check program)."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.fail("a JDK is required (scripts/install.sh installs openjdk-17-jdk-headless)")
    jar = Path(subprocess.run([str(FETCH_DRIVER)], check=True, capture_output=True,
                              text=True, timeout=600).stdout.strip())
    classes = tmp_path_factory.mktemp("jdbc-classes")
    subprocess.run(["javac", "-cp", str(jar), "-d", str(classes), str(JAVA_SOURCE)],
                   check=True, timeout=300)
    return jar, classes


def run_check(jdbc_program, deployment, database, new_database, name) -> dict[str, str]:
    jar, classes = jdbc_program
    result = subprocess.run(
        ["java", *JVM_FLAGS, "-cp", f"{jar}:{classes}", "WardenJdbcCheck", "127.0.0.1",
         str(deployment.planner_port), ADMIN_USER, deployment.admin_password, database,
         new_database, name],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.split("=", 1) for line in result.stdout.splitlines() if "=" in line]
    return {key: value for key, value in lines}


def test_jdbc_driver_end_to_end(jdbc_program, deployment, admin, sales_db, sample_data,
                                unique_name):
    customers = pq.read_table(sample_data.customers_dir).to_pylist()
    name = customers[11]["name"]
    expected_ids = sorted(row["id"] for row in customers if row["name"] == name)
    new_database = unique_name("jdbc")
    try:
        seen = run_check(jdbc_program, deployment, sales_db, new_database, name)
    finally:
        try:
            admin.execute(f"DROP DATABASE IF EXISTS {new_database}")
        except Exception:
            pass
    assert seen["product"] == "Warden"
    assert sorted(seen["tables"].split(",")) == sorted(
        f"{sales_db}.{t}:TABLE" for t in ("customers", "customers_one", "transactions"))
    assert seen["columns"].split(",") == pq.read_schema(sample_data.single_file).names
    assert int(seen["count"]) == len(customers)
    assert sorted(int(i) for i in seen["prepared_ids"].split(",")) == expected_ids
    assert seen["created"] == "true"
    assert "WARDEN-CATALOG-NOT-FOUND" in seen["error"]
