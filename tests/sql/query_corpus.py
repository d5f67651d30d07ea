"""Reads the differential suite's queries from tests/sql/queries/*.sql.

A file holds the queries of one feature, separated by `;`. Each query is preceded by directive
comment lines (other comment lines are commentary and are ignored):

    -- name: inner_join_basic     required; the query's id is "<file stem>/<name>"
    -- ordered                    the rows must come in the same order (ORDER BY on a unique key)
    -- tolerance: 1e-6            relative tolerance for floating-point values (default 1e-9)
    -- empty                      the result is expected to have no rows

Queries name their tables `difftest.<table>` (datasets.DATABASE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"
DEFAULT_TOLERANCE = 1e-9

_NAME = re.compile(r"--\s*name:\s*([a-z0-9_]+)\s*$")
_TOLERANCE = re.compile(r"--\s*tolerance:\s*([0-9.eE+-]+)\s*$")
_FLAG = re.compile(r"--\s*(ordered|empty)\s*$")
_TABLE = re.compile(r"\bdifftest\.([a-z_][a-z0-9_]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    id: str
    sql: str
    ordered: bool = False
    tolerance: float = DEFAULT_TOLERANCE
    empty: bool = False
    source: str = ""  # file:line, for messages

    @property
    def tables(self) -> set[str]:
        return {m.lower() for m in _TABLE.findall(self.sql)}


def split_statements(text: str) -> list[tuple[int, str]]:
    """Splits on `;` outside quotes and comments; returns (first line number, chunk)."""
    chunks, start, i, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if c in ("'", '"'):
            end = i + 1
            while end < n:
                if text[end] == c:
                    if end + 1 < n and text[end + 1] == c:  # doubled quote
                        end += 2
                        continue
                    break
                end += 1
            i = end + 1
        elif text.startswith("--", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
        elif c == ";":
            chunks.append((text.count("\n", 0, start) + 1, text[start:i]))
            start = i = i + 1
        else:
            i += 1
    if text[start:].strip():
        chunks.append((text.count("\n", 0, start) + 1, text[start:]))
    return chunks


def _parse_chunk(stem: str, path: Path, line: int, chunk: str) -> Query | None:
    meta = {"ordered": False, "empty": False, "tolerance": DEFAULT_TOLERANCE}
    name = None
    sql_lines = []
    for offset, raw in enumerate(chunk.splitlines()):
        stripped = raw.strip()
        if not sql_lines and (not stripped or stripped.startswith("--")):
            if m := _NAME.match(stripped):
                name, line = m.group(1), line + offset
            elif m := _TOLERANCE.match(stripped):
                meta["tolerance"] = float(m.group(1))
            elif m := _FLAG.match(stripped):
                meta[m.group(1)] = True
            continue
        sql_lines.append(raw.rstrip())
    sql = "\n".join(sql_lines).strip()
    if not sql:
        if name is not None:
            raise ValueError(f"{path.name}:{line}: query {name!r} has no SQL")
        return None
    if name is None:
        raise ValueError(f"{path.name}:{line}: query without a '-- name:' line: {sql[:80]!r}")
    return Query(id=f"{stem}/{name}", sql=sql, source=f"{path.name}:{line}", **meta)


def load_queries(directory: Path = QUERY_DIR) -> list[Query]:
    """Every query of every file, in file order; ids are unique."""
    queries: list[Query] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.sql")):
        for line, chunk in split_statements(path.read_text(encoding="utf-8")):
            query = _parse_chunk(path.stem, path, line, chunk)
            if query is None:
                continue
            if query.id in seen:
                raise ValueError(f"duplicate query id {query.id} ({seen[query.id]}, "
                                 f"{query.source})")
            seen[query.id] = query.source
            queries.append(query)
    return queries
