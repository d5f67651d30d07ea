"""`python -m warden -e "SQL"`: run statements and print results (a minimal non-interactive
companion of the `warden sql` shell)."""

from __future__ import annotations

import argparse
import os
import sys

from . import connect
from .errors import WardenError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warden")
    parser.add_argument("--planner", action="append", default=None,
                        help="host:port of a planner (repeat for fail-over)")
    parser.add_argument("--user", default=os.environ.get("WARDEN_USER"))
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("-e", "--execute", required=True, help="one statement")
    args = parser.parse_args(argv)
    password = os.environ.get("WARDEN_PASSWORD")
    token = os.environ.get("WARDEN_TOKEN")
    try:
        with connect(args.planner, user=args.user, password=password, token=token) as conn:
            table = conn.execute(args.execute)
    except WardenError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    if args.format == "csv":
        import pyarrow.csv as csv
        csv.write_csv(table, sys.stdout.buffer)
    elif args.format == "json":
        import json
        from .connection import _json_value
        for row in table.to_pylist():
            print(json.dumps(_json_value(row)))
    else:
        print(table.to_pandas().to_string(index=False) if table.num_rows else "(0 rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
