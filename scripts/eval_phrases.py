"""Exact-match rates of the delivery and review parsers on a CSV of labelled phrases.

Two kinds of CSV are read, told apart by their header:

- delivery: ``lang,text,min_days,max_days,today,source`` (an empty day is None, ``today`` an
  ISO date for phrases with a date in them);
- reviews: ``lang,kind,text,expected,source`` with ``kind`` ``rating`` (0-5 scale) or ``count``
  (an empty ``expected`` is None).

A phrase is exact when the parser gives exactly the labelled value(s). The script prints, per
kind and language, the number of phrases, the number exact and the rate, then the total;
``--misses`` lists every phrase that is not exact with what the parser gave.

``tests/fixtures/phrases/reviews.csv`` holds labelled phrases from the locale files of
open-source shop software, each with its repository, path and licence. Example::

    python scripts/eval_phrases.py tests/fixtures/phrases/reviews.csv --misses
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.delivery import parse_delivery_window  # noqa: E402
from parsers.reviews import parse_rating, parse_review_count  # noqa: E402


def _number(value: str, kind: type):
    return kind(value) if value.strip() else None


def evaluate(rows: list[dict]) -> list[tuple[str, str, str, object, object]]:
    """(kind, lang, text, expected, got) for each labelled row."""
    results = []
    for row in rows:
        if "min_days" in row:
            expected = (_number(row["min_days"], int), _number(row["max_days"], int))
            window = parse_delivery_window(row["text"], row["lang"], today=row.get("today") or None)
            results.append(("delivery", row["lang"], row["text"], expected,
                            (window.min_days, window.max_days)))
        elif row["kind"] == "rating":
            got = parse_rating(row["text"], row["lang"])
            results.append(("rating", row["lang"], row["text"], _number(row["expected"], float),
                            got))
        else:
            results.append(("count", row["lang"], row["text"], _number(row["expected"], int),
                            parse_review_count(row["text"], row["lang"])))
    return results


def report(results: list[tuple[str, str, str, object, object]], misses: bool) -> str:
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for kind, lang, _, expected, got in results:
        table[(kind, lang)][0] += 1
        table[(kind, lang)][1] += expected == got
    lines = [f"{'kind':<9} {'lang':<5} {'phrases':>7} {'exact':>6} {'rate':>7}"]
    for kind in sorted({k for k, _ in table}):
        total = [0, 0]
        for (k, lang), (n, ok) in sorted(table.items()):
            if k == kind:
                lines.append(f"{kind:<9} {lang:<5} {n:>7} {ok:>6} {ok / n:>7.1%}")
                total = [total[0] + n, total[1] + ok]
        n, ok = total
        lines.append(f"{kind:<9} {'all':<5} {n:>7} {ok:>6} {ok / n:>7.1%}")
    if misses:
        lines.append("")
        lines += [f"MISS {kind} {lang} {text!r}: expected {expected}, got {got}"
                  for kind, lang, text, expected, got in results if expected != got]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Per-language exact-match rates of parse_delivery_window, parse_rating and "
                    "parse_review_count on CSVs of labelled phrases.",
        epilog="example: python scripts/eval_phrases.py tests/fixtures/phrases/reviews.csv "
               "--misses")
    parser.add_argument("csv", nargs="+", type=Path, help="delivery or reviews CSV")
    parser.add_argument("--misses", action="store_true", help="list the phrases not read exactly")
    args = parser.parse_args(argv)
    rows = []
    for path in args.csv:
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    print(report(evaluate(rows), args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
