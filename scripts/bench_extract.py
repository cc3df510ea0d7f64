"""Time extract_page on generated product pages of growing size: does it stay linear?

    .venv/bin/python scripts/bench_extract.py [--blocks 500] [--runs 3] [--corpus DIR]

Each page is a product page written the way CSS-in-JS storefronts write theirs: a ``<style>``
inside nearly every block, the price and stock label among them, and N review blocks that each
mention delivery and the price (every one of them is a candidate delivery and shipping text,
and a place where the currency of the "$" price could be written). The page is
timed with N, 4N and 16N blocks, best of ``--runs``; each step prints the seconds and the
growth against the step before. Four times the page should take about four times as long:
the script exits 1 when a step grows more than six times (work that grows with the square of
the page). With ``--corpus`` (a directory as ``eval_realpages.py`` reads it) it also prints the
mean time a page over those saved pages.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.extract import extract_page  # noqa: E402

MAX_GROWTH = 6.0
STYLE = '<style data-emotion="css r{i}">.css-r{i}{{margin:0 8px;padding:4px;color:#333}}</style>'


def page(blocks: int) -> str:
    """A product page with ``blocks`` review blocks, each styled inline."""
    reviews = "".join(
        f'<div class="css-r{i}">{STYLE.format(i=i)}<p>Arrived in 3 days, free delivery. Great '
        f'mug for $24.99, the colour is as shown and it keeps coffee warm for an hour.</p></div>'
        for i in range(blocks))
    main = (f'<h1>Mug</h1><div class="product-price">{STYLE.format(i="p")}<span>$24.99</span>'
            f'</div><div class="availability">{STYLE.format(i="s")}<span>In stock</span></div>')
    return (f'<html lang="en"><head><title>Mug</title></head><body>{main}'
            f'<div class="reviews">{reviews}</div></body></html>')


def best_time(html: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        out = extract_page(html, "https://shop.example.com/products/mug")
        best = min(best, time.perf_counter() - start)
    if out["price"] != "24.99" or out["availability"] != "InStock":
        raise SystemExit(f"wrong extraction on the generated page: {out['price']!r}, "
                         f"{out['availability']!r}")
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python scripts/bench_extract.py "
                                            "--blocks 500 --runs 3")
    parser.add_argument("--blocks", type=int, default=500, help="review blocks of the first page")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (the best counts)")
    parser.add_argument("--corpus", type=Path, help="also time the saved pages of this corpus")
    args = parser.parse_args()
    extract_page(page(10), "https://shop.example.com/products/mug")  # imports and caches
    worst, before = 0.0, None
    for blocks in (args.blocks, 4 * args.blocks, 16 * args.blocks):
        html = page(blocks)
        seconds = best_time(html, args.runs)
        growth = seconds / before if before else None
        worst = max(worst, growth or 0.0)
        print(f"{blocks:>6} blocks, {len(html) // 1000:>5} KB: {seconds:7.3f} s"
              + (f", {growth:4.1f}x the page 4x smaller" if growth else ""))
        before = seconds
    if args.corpus:
        labels = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
        pages = [((args.corpus / "pages" / name).read_bytes(), label.get("url") or "file:///x")
                 for name, label in sorted(labels.items())]
        start = time.perf_counter()
        for data, url in pages:
            extract_page(data, url)
        print(f"corpus: {len(pages)} pages, "
              f"{(time.perf_counter() - start) / len(pages) * 1000:.1f} ms a page")
    if worst > MAX_GROWTH:
        print(f"superlinear: a page 4x larger took {worst:.1f}x as long (limit {MAX_GROWTH}x)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
