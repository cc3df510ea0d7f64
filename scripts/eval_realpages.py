"""Measure extract_page on a corpus of labelled product pages.

The corpus is a directory holding ``labels.json`` and the pages under ``pages/``. Each label
names a page file and gives what a person reading the page saw::

    {"shop_pl.html": {"url": "https://shop.example.pl/p/1", "country": "PL",
                      "price": "4796.00", "currency": "PLN", "availability": "InStock",
                      "language": "pl"}}

A label of null means the page does not show that value; a price the extractor finds there
counts as a false positive. Prints price precision, recall and F1, currency, availability
(compared by bucket: in stock, out of stock, pre-order, back-order) and language (primary
subtag) accuracy, and the number of pages, stores and countries.

Example:
    python scripts/eval_realpages.py /path/to/corpus -v
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.extract import extract_page  # noqa: E402

BUCKETS = {"InStock": "in", "LimitedAvailability": "in", "OnlineOnly": "in",
           "InStoreOnly": "in", "OutOfStock": "out", "SoldOut": "out", "Discontinued": "out",
           "Reserved": "out", "PreOrder": "pre", "PreSale": "pre", "BackOrder": "back",
           "MadeToOrder": "back"}


def _ratio(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.3f}" if total else "0/0"


def evaluate(corpus: Path, verbose: bool = False) -> dict[str, float]:
    """Scores of extract_page on the corpus; misses printed when ``verbose``."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    right = {"currency": 0, "availability": 0, "language": 0}
    total = dict.fromkeys(right, 0)
    for name, label in sorted(labels.items()):
        path = corpus / "pages" / name
        out = extract_page(path.read_bytes(), label.get("url") or path.resolve().as_uri())
        want = Decimal(label["price"]) if label.get("price") else None
        got = Decimal(str(out["price"])) if out["price"] is not None else None
        tp += got is not None and got == want
        fp += got is not None and got != want
        fn += want is not None and got != want
        checks = {
            "currency": (out["currency"], label.get("currency")),
            "availability": (BUCKETS.get(out["availability"] or ""),
                             BUCKETS.get(label.get("availability") or "")),
            "language": (((out["language"] or "").split("-")[0] or None),
                         label.get("language")),
        }
        misses = [f"price {got} want {want}"] if got != want else []
        for field, (found, expected) in checks.items():
            if expected:
                total[field] += 1
                right[field] += found == expected
                if found != expected:
                    misses.append(f"{field} {found} want {expected}")
        if verbose and misses:
            print(f"  {name}: {'; '.join(misses)}; problems {out['problems']}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    stores = {urlsplit(label["url"]).hostname for label in labels.values()}
    countries = {label.get("country") for label in labels.values()}
    print(f"pages {len(labels)}, stores {len(stores)}, countries {len(countries)}")
    print(f"price F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})")
    for field in right:
        print(f"{field} {_ratio(right[field], total[field])}")
    return {"price_f1": f1, **{k: right[k] / total[k] if total[k] else 0.0 for k in right}}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python scripts/eval_realpages.py corpus/ -v  (corpus/labels.json and "
               "corpus/pages/; the labels' format is in this script's docstring)")
    parser.add_argument("corpus", type=Path, help="directory with labels.json and pages/")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    evaluate(args.corpus, args.verbose)


if __name__ == "__main__":
    main()
