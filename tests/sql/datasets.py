"""Deterministic datasets of the differential SQL suite (tests/sql/).

`generate(root)` writes every table below under `root` and returns a `Dataset` per table; the same
seed always gives the same rows (one numpy stream per table, seeded by (seed, table code)).

| table          | rows    | files                  | exercises                                    |
|----------------|---------|------------------------|----------------------------------------------|
| customers      | 2,000   | 3 Parquet              | every type with NULLs, unicode, self join    |
| products       | 120     | 1 Parquet              | join target, emoji/CJK names, decimals       |
| orders         | 100,000 | 8 Parquet, row groups  | size; FKs with dangling and NULL keys        |
| tiny           | 12      | 1 Parquet              | hand-written edge values in every type       |
| special_floats | 9       | 1 Parquet              | NaN, +/-Infinity, -0.0 (PostgreSQL rules)    |
| empty_orders   | 0       | 1 Parquet (empty)      | empty input everywhere                       |
| events         | 6,000   | 200 small Parquet      | many-small-files scans                       |
| sales_part     | 3,000   | Hive `region=XX/` dirs | partition column from the path, pruning      |
| customers_csv  | 2,000   | 2 CSV with header      | CSV (strings never NULL or empty: see below) |
| products_json  | 120     | 1 JSON lines           | JSON                                         |

Relations: orders.customer_id → customers.customer_id (≈2% NULL, ≈1% dangling ids 2001..2050),
orders.product_id → products.product_id (≈1% NULL, ≈1% dangling 121..130),
customers.referrer_id → customers.customer_id (NULLs and dangling), events.customer_id and
sales_part.product_id likewise. Strings compare by code point (PostgreSQL's COLLATE "C").

Unicode strings use precomposed characters and single-code-point emoji only, so that code points
and grapheme clusters coincide (DuckDB's reverse() works on graphemes, PostgreSQL's on code points).
CSV can't tell an empty string from NULL portably, so the CSV table's strings are never NULL or
empty (its NULLs are in numeric, date and boolean columns).

Usage: `python tests/sql/datasets.py OUT_DIR` writes the files and prints the table list.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SEED = 20250101
DATABASE = "difftest"
UTC = dt.timezone.utc
DECIMAL = pa.decimal128(12, 2)
TIMESTAMP = pa.timestamp("us", tz="UTC")

CUSTOMERS = 2000
PRODUCTS = 120
ORDERS = 100_000
EVENT_FILES = 200
EVENTS_PER_FILE = 30
SALES_REGIONS = ("EU", "US", "APAC")
SALES_PER_REGION = 1000

FIRST_NAMES = ["Alice", "Bob", "Zoë", "José", "Chloé", "Björn", "Łukasz", "Ünal", "李", "王",
               "Søren", "Ana", "Émile", "Nadia", "Ólafur", "Priya"]
LAST_NAMES = ["Smith", "Müller", "Núñez", "O'Brien", "Ångström", "田中", "Nguyen", "Dubois",
              "Kowalski", "Rossi", "Çelik", "Patel"]
COUNTRIES = ["DE", "FR", "US", "JP", "BR", "SE", "GB", "CN"]
CITIES = ["München", "São Paulo", "東京", "Zürich", "Reykjavík", "北京", "Paris", "New York",
          "Göteborg", "Kraków", "Málaga", "London"]
SEGMENTS = ["consumer", "smb", "enterprise"]
CATEGORIES = ["books", "garden", "toys", "électronique", "食品", "tools"]
PRODUCT_WORDS = ["Lamp", "Chair", "Kettle", "Mug", "Drill", "Book", "Plant", "Robot", "Tee"]
PRODUCT_MARKS = ["", " ☕", " 🚀", " 🌱", " 本", " Ü", " ✓"]
STATUSES = ["new", "paid", "shipped", "cancelled", "returned"]
NOTES = ["", "  gift wrap  ", "leave at door", "Übergabe an Nachbarn", "請小心輕放", "fragile 📦",
         "call first", "100% cotton", "size_M", "  ", "deliver after 5pm", "café"]
EVENT_KINDS = ["view", "click", "cart", "purchase", "search"]
CHANNELS = ["web", "store", "phone", "partner"]

_TABLE_CODES = {"customers": 1, "products": 2, "orders": 3, "events": 4, "sales_part": 5,
                "customers_csv": 6}


@dataclass(frozen=True)
class Dataset:
    """One table of the suite: where its files are and how to read them."""

    name: str
    path: Path  # a directory, or a single file
    format: str  # parquet | csv | json
    hive_partitioned: bool = False
    schema: pa.Schema | None = None  # what the CSV files were written from

    @property
    def uri(self) -> str:
        return "file://" + str(self.path.resolve())


# --- helpers ------------------------------------------------------------------------------------

def _rng(seed: int, table: str) -> np.random.Generator:
    return np.random.default_rng([seed, _TABLE_CODES[table]])


def _nulls(rng: np.random.Generator, values: pa.Array, fraction: float) -> pa.Array:
    mask = pa.array(rng.random(len(values)) < fraction)
    return pc.if_else(mask, pa.nulls(len(values), values.type), values)


def _pick(rng: np.random.Generator, choices: list, n: int) -> pa.Array:
    return pa.array(choices).take(pa.array(rng.integers(0, len(choices), n)))


def _cents(values: np.ndarray) -> pa.Array:
    """Integer cents as decimal128(12, 2)."""
    return pa.array([decimal.Decimal(int(v)).scaleb(-2) for v in values], DECIMAL)


def _days(start: dt.date, offsets: np.ndarray) -> pa.Array:
    base = (start - dt.date(1970, 1, 1)).days
    return pa.array((offsets + base).astype(np.int32), pa.int32()).cast(pa.date32())


def _micros(start: dt.datetime, seconds: np.ndarray) -> pa.Array:
    base = int(start.timestamp()) * 1_000_000
    return pa.array(seconds.astype(np.int64) * 1_000_000 + base, pa.int64()).cast(TIMESTAMP)


def _write_parquet(table: pa.Table, path: Path, row_group_size: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="snappy", row_group_size=row_group_size)


def _write_split(table: pa.Table, directory: Path, files: int, row_group_size=None) -> None:
    bounds = np.linspace(0, table.num_rows, files + 1).astype(int)
    for i in range(files):
        part = table.slice(bounds[i], bounds[i + 1] - bounds[i])
        _write_parquet(part, directory / f"part-{i:05d}.parquet", row_group_size)


# --- tables -------------------------------------------------------------------------------------

def customers(seed: int = SEED) -> pa.Table:
    rng = _rng(seed, "customers")
    n = CUSTOMERS
    ids = np.arange(1, n + 1, dtype=np.int64)
    names = pc.binary_join_element_wise(_pick(rng, FIRST_NAMES, n), _pick(rng, LAST_NAMES, n),
                                        " ")
    names = pc.if_else(pa.array(rng.random(n) < 0.01), pa.scalar(""), names)  # empty strings
    emails = pc.binary_join_element_wise(pa.array(np.full(n, "user")),
                                         pa.array(ids).cast(pa.string()), "")
    emails = pc.binary_join_element_wise(emails, _pick(rng, ["example.com", "Mail.ORG"], n), "@")
    referrer = rng.integers(1, n + 60, n)  # ids above n dangle
    return pa.table({
        "customer_id": pa.array(ids),
        "name": _nulls(rng, names, 0.03),
        "email": _nulls(rng, emails, 0.05),
        "country": _nulls(rng, _pick(rng, COUNTRIES, n), 0.04),
        "city": _nulls(rng, _pick(rng, CITIES, n), 0.04),
        "segment": _nulls(rng, _pick(rng, SEGMENTS, n), 0.05),
        "signup_date": _nulls(rng, _days(dt.date(2015, 1, 1), rng.integers(0, 3650, n)), 0.03),
        "last_login": _nulls(rng, _micros(dt.datetime(2024, 1, 1, tzinfo=UTC),
                                          rng.integers(0, 2 * 365 * 86400, n)), 0.05),
        "credit_limit": _nulls(rng, _cents(rng.integers(0, 5_000_000, n)), 0.04),
        "score": _nulls(rng, pa.array(rng.normal(50, 25, n)), 0.04),
        "age": _nulls(rng, pa.array(rng.integers(18, 91, n).astype(np.int32)), 0.05),
        "is_active": _nulls(rng, pa.array(rng.random(n) < 0.7), 0.05),
        "referrer_id": _nulls(rng, pa.array(referrer.astype(np.int64)), 0.3),
    })


def products(seed: int = SEED) -> pa.Table:
    rng = _rng(seed, "products")
    n = PRODUCTS
    words = _pick(rng, PRODUCT_WORDS, n)
    marks = _pick(rng, PRODUCT_MARKS, n)
    numbers = pa.array([f" {i:03d}" for i in range(1, n + 1)])
    return pa.table({
        "product_id": pa.array(np.arange(1, n + 1, dtype=np.int32)),
        "name": pc.binary_join_element_wise(words, numbers, marks, ""),
        "category": _nulls(rng, _pick(rng, CATEGORIES, n), 0.08),
        "price": _cents(rng.integers(99, 100_000, n)),
        "weight_kg": _nulls(rng, pa.array(np.round(rng.uniform(0.05, 40.0, n), 3)), 0.1),
        "in_stock": _nulls(rng, pa.array(rng.random(n) < 0.8), 0.05),
        "launched": _nulls(rng, _days(dt.date(2018, 1, 1), rng.integers(0, 2500, n)), 0.1),
    })


def orders(seed: int = SEED) -> pa.Table:
    rng = _rng(seed, "orders")
    n = ORDERS
    customer = rng.integers(1, CUSTOMERS + 1, n)
    customer = np.where(rng.random(n) < 0.01, rng.integers(CUSTOMERS + 1, CUSTOMERS + 51, n),
                        customer)
    product = rng.integers(1, PRODUCTS + 1, n)
    product = np.where(rng.random(n) < 0.01, rng.integers(PRODUCTS + 1, PRODUCTS + 11, n),
                       product)
    ordered_seconds = rng.integers(0, 3 * 365 * 86400, n)
    ship_days = ordered_seconds // 86400 + rng.integers(0, 15, n)
    return pa.table({
        "order_id": pa.array(np.arange(1, n + 1, dtype=np.int64) * 10),
        "customer_id": _nulls(rng, pa.array(customer.astype(np.int64)), 0.02),
        "product_id": _nulls(rng, pa.array(product.astype(np.int32)), 0.01),
        "quantity": _nulls(rng, pa.array(rng.integers(1, 21, n).astype(np.int32)), 0.02),
        "unit_price": _cents(rng.integers(50, 50_000, n)),
        "discount": _nulls(rng, pa.array(np.round(rng.uniform(0, 0.5, n), 4)), 0.3),
        "status": _pick(rng, STATUSES, n),
        "ordered_at": _nulls(rng, _micros(dt.datetime(2023, 1, 1, tzinfo=UTC), ordered_seconds),
                             0.01),
        "ship_date": _nulls(rng, _days(dt.date(2023, 1, 1), ship_days), 0.2),
        "is_gift": _nulls(rng, pa.array(rng.random(n) < 0.1), 0.05),
        "note": _nulls(rng, _pick(rng, NOTES, n), 0.5),
    })


def tiny() -> pa.Table:
    """Hand-written edge values; every column has a NULL, ids are unique."""
    D = decimal.Decimal
    ts = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    rows = [
        # id, i64, f64, num, s, b, dt, ts
        (1, 0, 0.0, D("0.00"), "", True, dt.date(2024, 1, 1), ts(2024, 1, 1, 0, 0, 0)),
        (2, -5, -1.5, D("-12.34"), "Zoë", False, dt.date(2024, 2, 29),
         ts(2024, 2, 29, 23, 59, 59)),
        (3, 9007199254740993, 2.25, D("9999999999.99"), "東京タワー", True, dt.date(1999, 12, 31),
         ts(1999, 12, 31, 23, 0, 0)),
        (4, None, None, None, None, None, None, None),
        (5, 42, 1e-9, D("0.01"), "😀 smile", None, dt.date(2000, 3, 1),
         ts(2000, 3, 1, 12, 30, 0)),
        (6, -9223372036854775807, -1e12, D("-9999999999.99"), "  padded  ", False, None,
         ts(2024, 7, 4, 6, 7, 8)),
        (7, 7, 3.5, D("7.50"), "a_b%c", True, dt.date(1970, 1, 1), None),
        (8, 100, 100.0, D("100.00"), "MiXeD CaSe", None, dt.date(2038, 1, 19),
         ts(2038, 1, 19, 3, 14, 7)),
        (9, 3, 0.1, D("0.10"), "naïve café", True, dt.date(2024, 12, 31),
         ts(2024, 12, 31, 23, 59, 59)),
        (10, None, 123.456, D("1.23"), "北京", False, dt.date(2024, 1, 15),
         ts(2024, 1, 15, 8, 0, 0)),
        (11, 11, -0.5, D("-0.50"), "null", None, dt.date(2023, 6, 15),
         ts(2023, 6, 15, 0, 0, 1)),
        (12, 12, 2.0, D("2.00"), "x", True, dt.date(2024, 1, 1), ts(2024, 1, 1, 0, 0, 0)),
    ]
    columns = list(zip(*rows))
    return pa.table({
        "id": pa.array(columns[0], pa.int32()),
        "i64": pa.array(columns[1], pa.int64()),
        "f64": pa.array(columns[2], pa.float64()),
        "num": pa.array(columns[3], DECIMAL),
        "s": pa.array(columns[4], pa.string()),
        "b": pa.array(columns[5], pa.bool_()),
        "dt": pa.array(columns[6], pa.date32()),
        "ts": pa.array(columns[7], TIMESTAMP),
    })


def special_floats() -> pa.Table:
    values = [float("nan"), float("inf"), float("-inf"), -0.0, 0.0, None, 1.0, -1.0, float("nan")]
    return pa.table({"id": pa.array(range(1, len(values) + 1), pa.int32()),
                     "x": pa.array(values, pa.float64())})


def tagged() -> pa.Table:
    """List columns for `value = ANY(list)`: NULL lists, empty lists, NULL elements."""
    rows = [
        # id, tags, nums
        (1, ["red", "blue"], [1, 2, 3]),
        (2, ["blue"], [2]),
        (3, [], []),
        (4, None, None),
        (5, ["red", None], [None, 5]),
        (6, [None], [None]),
        (7, ["Red", "红", "😀"], [-1, 9007199254740993]),
        (8, ["green", "green", "red"], [3, 3]),
    ]
    ids, tags, nums = zip(*rows)
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "tags": pa.array(tags, pa.list_(pa.string())),
        "nums": pa.array(nums, pa.list_(pa.int64())),
    })


def events(seed: int = SEED) -> list[pa.Table]:
    """One table per small file."""
    rng = _rng(seed, "events")
    parts = []
    for f in range(EVENT_FILES):
        n = EVENTS_PER_FILE
        ids = np.arange(f * n + 1, f * n + n + 1, dtype=np.int64)
        parts.append(pa.table({
            "event_id": pa.array(ids),
            "customer_id": _nulls(rng, pa.array(rng.integers(1, CUSTOMERS + 30, n)), 0.05),
            "kind": _pick(rng, EVENT_KINDS, n),
            "event_time": _micros(dt.datetime(2025, 1, 1, tzinfo=UTC) + dt.timedelta(days=f),
                          rng.integers(0, 86400, n)),
            "value": _nulls(rng, pa.array(np.round(rng.exponential(20.0, n), 2)), 0.1),
        }))
    return parts


def sales_part(seed: int = SEED) -> dict[str, list[pa.Table]]:
    """Two files per region; `region` lives only in the directory names."""
    rng = _rng(seed, "sales_part")
    out = {}
    next_id = 1
    for region in SALES_REGIONS:
        files = []
        for half in (SALES_PER_REGION // 2, SALES_PER_REGION - SALES_PER_REGION // 2):
            ids = np.arange(next_id, next_id + half, dtype=np.int64)
            next_id += half
            files.append(pa.table({
                "sale_id": pa.array(ids),
                "product_id": _nulls(rng, pa.array(rng.integers(1, PRODUCTS + 5, half)
                                                   .astype(np.int32)), 0.03),
                "amount": _nulls(rng, _cents(rng.integers(100, 200_000, half)), 0.03),
                "sold_on": _days(dt.date(2024, 1, 1), rng.integers(0, 366, half)),
                "channel": _nulls(rng, _pick(rng, CHANNELS, half), 0.05),
            }))
        out[region] = files
    return out


def customers_csv(seed: int = SEED) -> pa.Table:
    rng = _rng(seed, "customers_csv")
    n = CUSTOMERS
    names = pc.binary_join_element_wise(_pick(rng, FIRST_NAMES, n), _pick(rng, LAST_NAMES, n),
                                        " ")
    return pa.table({
        "customer_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "name": names,
        "country": _pick(rng, COUNTRIES, n),
        "signup_date": _nulls(rng, _days(dt.date(2015, 1, 1), rng.integers(0, 3650, n)), 0.05),
        "score": _nulls(rng, pa.array(np.round(rng.normal(50, 25, n), 3)), 0.05),
        "age": _nulls(rng, pa.array(rng.integers(18, 91, n)), 0.05),
        "is_active": _nulls(rng, pa.array(rng.random(n) < 0.7), 0.05),
    })


def products_json_rows(table: pa.Table) -> list[dict]:
    """products with the decimal price as a JSON number (JSON has no decimal type)."""
    rows = []
    for row in table.to_pylist():
        rows.append({
            "product_id": row["product_id"],
            "name": row["name"],
            "category": row["category"],
            "price": float(row["price"]),
            "weight_kg": row["weight_kg"],
            "in_stock": row["in_stock"],
        })
    return rows


# --- writing ------------------------------------------------------------------------------------

def generate(root: Path, seed: int = SEED) -> dict[str, Dataset]:
    """Writes every table under `root` (which should be empty) and describes them."""
    root = Path(root)
    out: dict[str, Dataset] = {}

    def add(name, path, fmt="parquet", hive=False, schema=None):
        out[name] = Dataset(name, path, fmt, hive, schema)

    _write_split(customers(seed), root / "customers", 3)
    add("customers", root / "customers")
    prods = products(seed)
    _write_parquet(prods, root / "products" / "products.parquet")
    add("products", root / "products")
    orders_table = orders(seed)
    _write_split(orders_table, root / "orders", 8, row_group_size=4096)
    add("orders", root / "orders")
    _write_parquet(tiny(), root / "tiny" / "tiny.parquet")
    add("tiny", root / "tiny")
    _write_parquet(tagged(), root / "tagged" / "tagged.parquet")
    add("tagged", root / "tagged")
    _write_parquet(special_floats(), root / "special_floats" / "special_floats.parquet")
    add("special_floats", root / "special_floats")
    empty_file = root / "empty_orders" / "empty.parquet"
    _write_parquet(orders_table.schema.empty_table(), empty_file)
    add("empty_orders", empty_file)
    for i, part in enumerate(events(seed)):
        _write_parquet(part, root / "events" / f"events-{i:04d}.parquet")
    add("events", root / "events")
    for region, files in sales_part(seed).items():
        for i, part in enumerate(files):
            _write_parquet(part, root / "sales_part" / f"region={region}" / f"part-{i}.parquet")
    add("sales_part", root / "sales_part", hive=True)

    csv_table = customers_csv(seed)
    csv_dir = root / "customers_csv"
    csv_dir.mkdir(parents=True, exist_ok=True)
    half = csv_table.num_rows // 2
    for i, part in enumerate((csv_table.slice(0, half), csv_table.slice(half))):
        # NULL is an empty unquoted field; strings are quoted only where needed.
        pacsv.write_csv(part, csv_dir / f"part-{i}.csv",
                        pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    add("customers_csv", csv_dir, "csv", schema=csv_table.schema)

    json_dir = root / "products_json"
    json_dir.mkdir(parents=True, exist_ok=True)
    with open(json_dir / "products.jsonl", "w", encoding="utf-8") as f:
        for row in products_json_rows(prods):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    add("products_json", json_dir, "json")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("Usage: ")[1].strip(), file=sys.stderr)
        return 2
    for ds in generate(Path(argv[1])).values():
        print(f"{ds.name:16} {ds.format:8} {ds.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
