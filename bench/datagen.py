#!/usr/bin/env python3
"""Deterministic sample-data generator for Warden's tests and benchmarks.

Writes two tables, ``customers`` and ``transactions``, each split into K files:

    OUT/parquet/customers/part-00000.parquet ...   OUT/csv/customers/part-00000.csv ...
    OUT/parquet/transactions/part-00000.parquet ...  OUT/csv/transactions/part-00000.csv ...

The same arguments always produce byte-identical files (each file is generated from its own
random stream, seeded by (seed, table, file index), so generation runs file by file in bounded
memory and scales to tens of millions of rows).

Usage:
    datagen.py --out DIR [--customers N] [--transactions M] [--files K]
               [--format parquet|csv|both] [--seed 42]

As a library:
    from datagen import generate
    paths = generate("/tmp/data", customers=500, transactions=5000, files=4,
                     formats=("parquet", "csv"), seed=42)
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CUSTOMERS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("email", pa.string()),
        pa.field("phone", pa.string()),
        pa.field("ssn", pa.string()),
        pa.field("birth_date", pa.date32()),
        pa.field("country", pa.string()),
        pa.field("segment", pa.string()),
    ]
)

TRANSACTIONS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("customer_id", pa.int64()),
        pa.field("ts", pa.timestamp("us", tz="UTC")),
        pa.field("amount", pa.float64()),
        pa.field("currency", pa.string()),
        pa.field("merchant", pa.string()),
        pa.field("card_number", pa.string()),
    ]
)

# (display name, ascii spelling used in e-mail addresses)
FIRST_NAMES = [
    ("Alice", "alice"), ("Bob", "bob"), ("Carol", "carol"), ("David", "david"),
    ("Emma", "emma"), ("Frank", "frank"), ("Grace", "grace"), ("Henry", "henry"),
    ("Isabel", "isabel"), ("Jack", "jack"), ("Julia", "julia"), ("Karim", "karim"),
    ("Laura", "laura"), ("Mohammed", "mohammed"), ("Nina", "nina"), ("Oscar", "oscar"),
    ("Priya", "priya"), ("Quentin", "quentin"), ("Rosa", "rosa"), ("Sven", "sven"),
    ("Zoë", "zoe"), ("José", "jose"), ("Chloé", "chloe"), ("Björn", "bjorn"),
    ("Ana", "ana"), ("Łukasz", "lukasz"),
]
LAST_NAMES = [
    ("Smith", "smith"), ("Johnson", "johnson"), ("Williams", "williams"), ("Brown", "brown"),
    ("Garcia", "garcia"), ("Miller", "miller"), ("Davis", "davis"), ("Martin", "martin"),
    ("Schmidt", "schmidt"), ("Dubois", "dubois"), ("Rossi", "rossi"), ("Tanaka", "tanaka"),
    ("Nguyen", "nguyen"), ("Kowalski", "kowalski"), ("O'Brien", "obrien"), ("Patel", "patel"),
    ("Ångström", "angstrom"), ("Núñez", "nunez"), ("Müller", "muller"), ("Sørensen", "sorensen"),
]
# Full names used verbatim for customers 1..len(SPECIAL_NAMES) (so tests can rely on them) and,
# rarely, for other customers.
SPECIAL_NAMES = [
    ("Zoë Ångström", "zoe.angstrom"),
    ("José Núñez", "jose.nunez"),
    ("李雷", "li.lei"),
    ("韩梅梅", "han.meimei"),
    ("Владимир Петров", "vladimir.petrov"),
]
EMAIL_DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "post.example.de"]
COUNTRIES = ["US", "GB", "DE", "FR", "ES", "SE", "JP", "CN", "BR", "IN"]
COUNTRY_WEIGHTS = [0.30, 0.12, 0.10, 0.09, 0.07, 0.05, 0.08, 0.08, 0.06, 0.05]
SEGMENTS = ["consumer", "smb", "enterprise"]
SEGMENT_WEIGHTS = [0.70, 0.22, 0.08]
CURRENCIES = ["USD", "EUR", "GBP", "JPY"]
CURRENCY_WEIGHTS = [0.50, 0.30, 0.15, 0.05]
MERCHANTS = [
    "Amazon", "Walmart", "Tesco", "Carrefour", "IKEA", "Starbucks", "Shell", "Uber",
    "Netflix", "Spotify", "Apple Store", "Zalando", "Lidl", "Aldi", "H&M", "Café Crème",
    "Bäckerei Müller", "Rakuten", "Mercado Livre", "Flipkart",
]

_EPOCH = _dt.date(1970, 1, 1)
_BIRTH_MIN = (_dt.date(1940, 1, 1) - _EPOCH).days
_BIRTH_MAX = (_dt.date(2006, 12, 31) - _EPOCH).days
_TS_MIN_US = int(_dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc).timestamp()) * 1_000_000
_TS_MAX_US = int(_dt.datetime(2026, 1, 1, tzinfo=_dt.timezone.utc).timestamp()) * 1_000_000

_TABLE_CODES = {"customers": 1, "transactions": 2}
FORMATS = ("parquet", "csv")


def _rng(seed: int, table: str, part: int) -> np.random.Generator:
    return np.random.default_rng([seed, _TABLE_CODES[table], part])


def _split(total: int, parts: int) -> list[tuple[int, int]]:
    """[start, stop) row ranges for `parts` files, as even as possible (first files larger)."""
    base, extra = divmod(total, parts)
    ranges, start = [], 0
    for i in range(parts):
        stop = start + base + (1 if i < extra else 0)
        ranges.append((start, stop))
        start = stop
    return ranges


def _digits(values: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded decimal strings."""
    return pc.utf8_lpad(pa.array(values, pa.int64()).cast(pa.string()), width, padding="0")


def _pick(rng: np.random.Generator, choices: list[str], n: int, weights=None) -> pa.Array:
    idx = rng.choice(len(choices), size=n, p=weights)
    return pa.array(choices, pa.string()).take(pa.array(idx))


def _with_nulls(rng: np.random.Generator, values: pa.Array, fraction: float) -> pa.Array:
    mask = rng.random(len(values)) < fraction
    return pc.if_else(pa.array(mask), pa.nulls(len(values), values.type), values)


def _customers(rng: np.random.Generator, start: int, stop: int) -> pa.Table:
    n = stop - start
    ids = np.arange(start + 1, stop + 1, dtype=np.int64)

    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    first_disp = pa.array([f for f, _ in FIRST_NAMES]).take(pa.array(first))
    last_disp = pa.array([l for l, _ in LAST_NAMES]).take(pa.array(last))
    first_ascii = pa.array([a for _, a in FIRST_NAMES]).take(pa.array(first))
    last_ascii = pa.array([a for _, a in LAST_NAMES]).take(pa.array(last))
    names = pc.binary_join_element_wise(first_disp, last_disp, " ")
    local = pc.binary_join_element_wise(first_ascii, last_ascii, ".")

    # A few customers get one of the special full names; ids 1..len(SPECIAL_NAMES) always do.
    special = rng.integers(0, len(SPECIAL_NAMES), n)
    use_special = (rng.random(n) < 0.02) | (ids <= len(SPECIAL_NAMES))
    special = np.where(ids <= len(SPECIAL_NAMES), ids - 1, special)
    special_disp = pa.array([s for s, _ in SPECIAL_NAMES]).take(pa.array(special))
    special_ascii = pa.array([a for _, a in SPECIAL_NAMES]).take(pa.array(special))
    use_special_arr = pa.array(use_special)
    names = pc.if_else(use_special_arr, special_disp, names)
    local = pc.if_else(use_special_arr, special_ascii, local)

    domains = _pick(rng, EMAIL_DOMAINS, n)
    emails = pc.binary_join_element_wise(local, pa.array(ids).cast(pa.string()), "")
    emails = pc.binary_join_element_wise(emails, domains, "@")

    phones = pc.binary_join_element_wise(
        pa.array(np.full(n, "+1")),
        _digits(rng.integers(200, 1000, n), 3),
        _digits(rng.integers(200, 1000, n), 3),
        _digits(rng.integers(0, 10000, n), 4),
        "-",
    )
    phones = _with_nulls(rng, phones, 0.05)

    ssn = pc.binary_join_element_wise(
        _digits(rng.integers(100, 900, n), 3),
        _digits(rng.integers(1, 100, n), 2),
        _digits(rng.integers(1, 10000, n), 4),
        "-",
    )
    birth = pa.array(
        rng.integers(_BIRTH_MIN, _BIRTH_MAX + 1, n).astype(np.int32), pa.int32()
    ).cast(pa.date32())
    country = _pick(rng, COUNTRIES, n, COUNTRY_WEIGHTS)
    segment = _with_nulls(rng, _pick(rng, SEGMENTS, n, SEGMENT_WEIGHTS), 0.03)

    return pa.Table.from_arrays(
        [pa.array(ids), names, emails, phones, ssn, birth, country, segment],
        schema=CUSTOMERS_SCHEMA,
    )


def _transactions(rng: np.random.Generator, start: int, stop: int, customers: int) -> pa.Table:
    n = stop - start
    ids = np.arange(start + 1, stop + 1, dtype=np.int64)
    customer_id = rng.integers(1, max(customers, 1) + 1, n, dtype=np.int64)
    ts = pa.array(rng.integers(_TS_MIN_US, _TS_MAX_US, n, dtype=np.int64), pa.int64()).cast(
        pa.timestamp("us", tz="UTC")
    )

    magnitude = np.round(rng.lognormal(mean=3.5, sigma=1.0, size=n), 2)
    sign = np.where(rng.random(n) < 0.05, -1.0, 1.0)  # ~5% refunds
    amount = np.round(magnitude * sign, 2)
    amount = pa.array(amount, pa.float64(), mask=rng.random(n) < 0.01)  # ~1% null

    currency = _pick(rng, CURRENCIES, n, CURRENCY_WEIGHTS)
    merchant = _pick(rng, MERCHANTS, n)
    card = pc.binary_join_element_wise(
        _digits(rng.integers(4000, 5600, n), 4),
        _digits(rng.integers(0, 10000, n), 4),
        _digits(rng.integers(0, 10000, n), 4),
        _digits(rng.integers(0, 10000, n), 4),
        "-",
    )
    return pa.Table.from_arrays(
        [pa.array(ids), pa.array(customer_id), ts, amount, currency, merchant, card],
        schema=TRANSACTIONS_SCHEMA,
    )


def _write(table: pa.Table, out: Path, fmt: str, name: str, part: int) -> Path:
    directory = out / fmt / name
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"part-{part:05d}.{fmt}"
    tmp = path.with_name(path.name + ".tmp")
    if fmt == "parquet":
        pq.write_table(table, tmp, compression="snappy")
    else:
        pacsv.write_csv(table, tmp, pacsv.WriteOptions(include_header=True))
    os.replace(tmp, path)
    return path


def _clean(out: Path, fmt: str, name: str) -> None:
    """Removes stale part files (e.g. from an earlier run with more files)."""
    directory = out / fmt / name
    if directory.is_dir():
        for old in directory.glob(f"part-*.{fmt}*"):
            old.unlink()


def generate(
    out_dir,
    customers: int = 1000,
    transactions: int = 10000,
    files: int = 4,
    formats=("parquet",),
    seed: int = 42,
) -> dict:
    """Generates both tables under `out_dir`; returns {fmt: {table: directory}}."""
    if customers < 1 or transactions < 0 or files < 1:
        raise ValueError("need customers >= 1, transactions >= 0, files >= 1")
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be a non-empty subset of {FORMATS}, got {formats}")
    out = Path(out_dir)
    result: dict = {fmt: {} for fmt in formats}
    for fmt in formats:
        for name in ("customers", "transactions"):
            _clean(out, fmt, name)
            result[fmt][name] = out / fmt / name

    for part, (start, stop) in enumerate(_split(customers, files)):
        table = _customers(_rng(seed, "customers", part), start, stop)
        for fmt in formats:
            _write(table, out, fmt, "customers", part)
    for part, (start, stop) in enumerate(_split(transactions, files)):
        table = _transactions(_rng(seed, "transactions", part), start, stop, customers)
        for fmt in formats:
            _write(table, out, fmt, "transactions", part)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--transactions", type=int, default=10000)
    parser.add_argument("--files", type=int, default=4, help="files per table")
    parser.add_argument("--format", choices=["parquet", "csv", "both"], default="parquet")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    formats = FORMATS if args.format == "both" else (args.format,)
    try:
        paths = generate(args.out, args.customers, args.transactions, args.files, formats,
                         args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    for fmt, tables in paths.items():
        for name, directory in tables.items():
            print(f"{fmt}\t{name}\t{directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
