"""Time every stored query (and every dashboard chart query) of data/metadata.yaml.

    .venv/bin/python scripts/bench_queries.py --db data/moatscan.db [--runs 5] [--charts]

Runs the SQL as Datasette does (named parameters empty unless given, dashboard filters
removed), prints rows and the best and median time in milliseconds, and exits 1 when a stored
query's best time is over the budget (200 ms). Queries reading a table the database does not
have yet are listed as skipped.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moatscan.public import tables_used  # noqa: E402
from moatscan.publish import load_metadata  # noqa: E402

BUDGET_MS = 200.0
PARAMS = {"store_id": "voltaro"}


def params_for(sql: str) -> dict[str, str]:
    return {name: PARAMS.get(name, "") for name in set(re.findall(r"(?<![:\w]):(\w+)", sql))}


def bench(conn: sqlite3.Connection, sql: str, runs: int) -> tuple[int, float, float]:
    params = params_for(sql)
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(conn.execute(sql, params).fetchall())
        times.append((time.perf_counter() - start) * 1000)
    return rows, min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "data" / "moatscan.db"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--charts", action="store_true", help="time dashboard charts too")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        parser.error(f"no database at {args.db}: run `moatscan scan` or `moatscan demo` first")
    metadata = load_metadata(ROOT / "data")
    described = set(metadata["databases"]["moatscan"]["tables"])
    conn = sqlite3.connect(Path(args.db).resolve().as_uri() + "?mode=ro", uri=True)
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    jobs = [(f"query {name}", q["sql"]) for name, q in
            metadata["databases"]["moatscan"]["queries"].items()]
    if args.charts:
        from datasette_dashboards import replace_opts_in_query

        for slug, dashboard in metadata["plugins"]["datasette-dashboards"].items():
            for name, chart in dashboard["charts"].items():
                jobs.append((f"chart {slug}/{name}", replace_opts_in_query(chart["query"], {})))
    over = []
    print(f"{'':44} {'rows':>6} {'best ms':>9} {'median ms':>10}")
    for label, sql in jobs:
        missing = (tables_used(sql) & described) - present
        if missing:
            print(f"{label:44} skipped: no table {', '.join(sorted(missing))} yet")
            continue
        rows, best, median = bench(conn, sql, args.runs)
        flag = "  OVER BUDGET" if best > BUDGET_MS and label.startswith("query") else ""
        print(f"{label:44} {rows:6d} {best:9.1f} {median:10.1f}{flag}")
        if flag:
            over.append(label)
    print(f"budget {BUDGET_MS:.0f} ms per stored query: "
          + ("all within" if not over else f"over: {', '.join(over)}"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
