"""bench/datagen.py: determinism, schemas, shapes (no server needed)."""

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import datagen

REPO = Path(__file__).resolve().parent.parent


def _files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_is_deterministic(tmp_path):
    args = dict(customers=300, transactions=2000, files=3, formats=("parquet", "csv"), seed=7)
    datagen.generate(tmp_path / "a", **args)
    datagen.generate(tmp_path / "b", **args)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 12
    assert a == b
    # Re-running into the same directory rewrites the same bytes and leaves no stale files.
    datagen.generate(tmp_path / "a", **args)
    assert _files(tmp_path / "a") == b


def test_seed_changes_data(tmp_path):
    datagen.generate(tmp_path / "a", customers=100, transactions=100, files=1, seed=1)
    datagen.generate(tmp_path / "b", customers=100, transactions=100, files=1, seed=2)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_fewer_files_after_more_leaves_no_stale_parts(tmp_path):
    datagen.generate(tmp_path, customers=50, transactions=50, files=4)
    datagen.generate(tmp_path, customers=50, transactions=50, files=2)
    assert sorted(p.name for p in (tmp_path / "parquet" / "customers").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]


def test_layout_and_row_split(sample_data):
    parts = sorted(sample_data.customers_dir.glob("part-*.parquet"))
    assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range(4)]
    counts = [pq.ParquetFile(p).metadata.num_rows for p in parts]
    assert counts == [125, 125, 125, 125]
    tparts = sorted(sample_data.transactions_dir.glob("part-*.parquet"))
    assert sum(pq.ParquetFile(p).metadata.num_rows for p in tparts) == 5000
    assert len(list(sample_data.customers_csv_dir.glob("part-*.csv"))) == 4


def test_customers_schema_and_values(sample_data):
    table = pq.read_table(sample_data.customers_dir)
    assert table.schema.names == ["id", "name", "email", "phone", "ssn", "birth_date",
                                  "country", "segment"]
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("birth_date").type == pa.date32()
    assert table.num_rows == 500
    assert sorted(table["id"].to_pylist()) == list(range(1, 501))
    names = set(table["name"].to_pylist())
    assert {"Zoë Ångström", "José Núñez", "李雷"} <= names
    assert 0 < table["phone"].null_count < 0.12 * 500
    assert 0 < table["segment"].null_count < 0.08 * 500
    assert set(table["segment"].drop_null().to_pylist()) == {"consumer", "smb", "enterprise"}
    assert pc.all(pc.match_substring_regex(table["ssn"], r"^\d{3}-\d{2}-\d{4}$")).as_py()
    assert pc.all(pc.match_substring_regex(table["email"], r"^[a-z.]+\d+@[a-z.]+$")).as_py()
    assert 5 <= len(set(table["country"].to_pylist())) <= 10
    assert table["ssn"].null_count == 0 and table["email"].null_count == 0


def test_transactions_schema_and_values(sample_data):
    table = pq.read_table(sample_data.transactions_dir)
    assert table.schema.field("ts").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("amount").type == pa.float64()
    assert table.num_rows == 5000
    assert len(set(table["id"].to_pylist())) == 5000
    lo, hi = pc.min_max(table["customer_id"]).values()
    assert 1 <= lo.as_py() and hi.as_py() <= 500
    ts_lo, ts_hi = pc.min_max(table["ts"]).values()
    assert ts_lo.as_py().year == 2024 and ts_hi.as_py().year == 2025
    amounts = table["amount"]
    assert 0 < amounts.null_count < 0.03 * 5000
    assert pc.sum(pc.less(amounts, 0)).as_py() > 0
    values = amounts.drop_null().to_pylist()
    assert all(round(v, 2) == v for v in values)
    assert set(table["currency"].to_pylist()) == {"USD", "EUR", "GBP", "JPY"}
    assert pc.all(pc.match_substring_regex(
        table["card_number"], r"^\d{4}-\d{4}-\d{4}-\d{4}$")).as_py()


def test_csv_matches_parquet(sample_data):
    parquet = pq.read_table(sample_data.customers_dir).sort_by("id")
    csv = ds.dataset(sample_data.customers_csv_dir, format="csv").to_table().sort_by("id")
    assert csv.num_rows == parquet.num_rows
    assert csv["id"].to_pylist() == parquet["id"].to_pylist()
    assert csv["name"].to_pylist() == parquet["name"].to_pylist()
    header = (sample_data.customers_csv_dir / "part-00000.csv").read_text().splitlines()[0]
    assert header.replace('"', "") == ",".join(parquet.schema.names)


def test_cli(tmp_path):
    out = tmp_path / "cli"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "datagen.py"), "--out", str(out),
         "--customers", "20", "--transactions", "30", "--files", "2", "--format", "both"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert pq.read_table(out / "parquet" / "transactions").num_rows == 30
    assert len(list((out / "csv" / "customers").glob("*.csv"))) == 2
    # The CLI and the library produce the same bytes.
    datagen.generate(tmp_path / "lib", customers=20, transactions=30, files=2,
                     formats=("parquet", "csv"), seed=42)
    assert _files(out) == _files(tmp_path / "lib")


def test_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        datagen.generate(tmp_path, files=0)
    with pytest.raises(ValueError):
        datagen.generate(tmp_path, formats=("orc",))
