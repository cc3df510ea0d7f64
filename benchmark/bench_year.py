"""How long a year of weekly scans takes to benchmark: a benchmark script, not a test.

    .venv/bin/python -m benchmark.bench_year [--weeks 52] [--stores 30] [--products 2000]
                                             [--jobs N]

Generates, in frames (no crawl, no database), ``weeks`` weekly scans of ``stores`` stores
(one of them the seller) with ``products`` offers each over two markets: 90% of the offers
publish a GTIN, the rest are matched by brand + MPN or by title; prices drift week to week,
some go on promotion, out of stock, or vanish and come back; reviews grow; the EUR rate
moves. Then it runs exactly what ``run_benchmark`` computes for each scan (indicators on the
shipped model, normalisation, layer scores, moat index, gaps, leaders, product matching, price
index and the changes against the previous week) and prints the seconds it took. Generating
the data is not timed. The weeks are cut into runs of consecutive weeks, one per worker
process (``benchmark.series``, as ``moatscan benchmark --scan all`` does); ``--jobs 1`` runs
them all in this process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmark.frames import Frames
from benchmark.model import load_model
from benchmark.series import compute_series, default_jobs, spans

MODEL = Path(__file__).resolve().parents[1] / "data" / "barrier_model.yaml"
BRANDS = ["Anker", "Ugreen", "Baseus", "Belkin", "Satechi", "Nitecore", "Xiaomi", "Elecom",
          "Sanwa", "Logitech", "JBL", "Philips", "Spigen", "SanDisk", "Aukey", "Zendure"]
KINDS = ["USB-C Cable", "Charger", "Power Bank", "HDMI Cable", "USB Hub", "Wireless Pad",
         "Car Charger", "Lightning Cable", "Headphones", "Speaker", "Mouse", "Keyboard"]


def _gtin(body: int) -> str:
    digits = f"4{body:011d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def catalogue(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` products: GTIN, brand, MPN, a title with its variant attributes, a base price."""
    brand = rng.choice(BRANDS, n)
    kind = rng.choice(KINDS, n)
    watts = rng.choice([20, 30, 45, 65, 100, 140], n)
    length = rng.choice(["0.5m", "1m", "2m", "3m"], n)
    colour = rng.choice(["Black", "White", "Blue", "Grey"], n)
    titles = [f"{b} {k} {w}W {length_} {c} Model {i}" for i, (b, k, w, length_, c) in
              enumerate(zip(brand, kind, watts, length, colour))]
    return pd.DataFrame({"product": np.arange(n), "gtin": [_gtin(10_000 + i) for i in range(n)],
                         "brand": brand, "mpn": [f"{b[:2].upper()}-{i:05d}" for i, b in
                                                 enumerate(brand)],
                         "title": titles, "base_price": rng.uniform(8, 120, n).round(2)})


def make_year(weeks: int, stores: int, products: int, seed: int = 7) -> list[dict]:
    """Per week the tables of one scan (as dicts of frames for ``Frames.build``)."""
    rng = np.random.default_rng(seed)
    items = catalogue(int(products * 1.25), rng)
    store_ids = ["seller"] + [f"rival{i:02d}" for i in range(1, stores)]
    store_rows = pd.DataFrame({"id": store_ids, "name": store_ids,
                               "url": [f"https://{s}.example/" for s in store_ids],
                               "role": ["seller"] + ["competitor"] * (stores - 1),
                               "markets": json.dumps(["US", "DE"])})
    markets = pd.DataFrame([{"code": "US", "currency": "USD", "language": "en-US"},
                            {"code": "DE", "currency": "EUR", "language": "de-DE"}])
    start = dt.date(2026, 1, 5)
    rates = pd.DataFrame({"rate_date": [(start + dt.timedelta(weeks=w)).isoformat()
                                        for w in range(weeks)],
                          "currency": "EUR", "base_currency": "USD",
                          "rate": 0.92 + np.cumsum(rng.normal(0, 0.004, weeks))})
    # Each store carries its own ``products`` products, priced around the product's base.
    carried = {s: np.sort(rng.choice(len(items), products, replace=False)) for s in store_ids}
    markup = {s: rng.uniform(0.85, 1.2) for s in store_ids}
    reviews = {s: rng.integers(0, 500, products).astype(float) for s in store_ids}
    on_promo = {s: rng.random(products) < 0.1 for s in store_ids}
    level = {s: items["base_price"].to_numpy()[carried[s]] * markup[s] for s in store_ids}
    in_stock = {s: rng.random(products) < 0.93 for s in store_ids}
    # what a product page shows of its identifiers is the store's template: the same every week
    gtin_shown = {s: rng.random(products) < 0.9 if s != "seller" else np.ones(products, bool)
                  for s in store_ids}
    mpn_shown = {s: gtin_shown[s] | (rng.random(products) < 0.5) for s in store_ids}
    scans = []
    for week in range(weeks):
        offers = []
        for s in store_ids:
            rows = items.iloc[carried[s]]
            n = len(rows)
            drift = np.where(rng.random(n) < 0.02, rng.uniform(0.9, 1.1, n), 1.0)
            level[s] = (level[s] * drift).round(2)
            price = level[s]
            # promotions and stock persist from week to week, a few flip
            on_promo[s] ^= rng.random(n) < 0.02
            in_stock[s] ^= rng.random(n) < 0.01
            promo = on_promo[s]
            reviews[s] += rng.poisson(0.5, n)
            market = np.where(np.arange(n) % 2 == 0, "US", "DE")
            rate = float(rates["rate"].iloc[week])
            # a competitor's product now and then missing from a week's crawl; the seller's
            # own catalogue stable (when it changes, that week is matched in full)
            present = (rng.random(n) > 0.01) if s != "seller" else np.ones(n, bool)
            offers.append(pd.DataFrame({
                "store_id": s, "offer_key": [f"{m}/{g}" for m, g in zip(market, rows["gtin"])],
                "url": [f"https://{s}.example/p/{p}" for p in rows["product"]],
                "market": market, "title": rows["title"].to_numpy(),
                "brand": rows["brand"].to_numpy(),
                "mpn": np.where(mpn_shown[s], rows["mpn"].to_numpy(), None),
                "gtin": np.where(gtin_shown[s], rows["gtin"].to_numpy(), None),
                "price": np.where(market == "DE", (price * rate).round(2), price),
                "currency": np.where(market == "DE", "EUR", "USD"),
                "regular_price": np.where(promo, price * 1.2, np.nan),
                "availability": np.where(in_stock[s], "InStock", "OutOfStock"),
                "rating": np.full(n, 4.4), "review_count": reviews[s].copy(),
                "language": np.where(market == "DE", "de", "en"), "source": "json-ld",
                "delivery_max_days": np.full(n, 2.0 + store_ids.index(s) % 4),
                "shipping_cost": np.where(np.arange(n) % 3 == 0, 0.0, 4.9),
            })[present])
        offers = pd.concat(offers, ignore_index=True)
        pages = offers[["store_id", "url"]].drop_duplicates("url").assign(
            outcome="product", via="http", elapsed_ms=rng.uniform(80, 900, 1)[0])
        signals = pd.DataFrame(
            [(s, "*", "social_links", json.dumps([f"https://x.com/{s}"])) for s in store_ids]
            + [(s, "*", "sitemap_urls", str(products)) for s in store_ids]
            + [(s, "DE", "returns_days", "30") for s in store_ids]
            + [(s, "*", "payment_methods", json.dumps([{"name": "Klarna", "markets": ["DE"]}]))
               for s in store_ids[::2]],
            columns=["store_id", "market", "signal", "value"])
        scans.append({"scan_id": week + 1,
                      "scan_date": (start + dt.timedelta(weeks=week)).isoformat(),
                      "stores": store_rows, "markets": markets, "exchange_rates": rates,
                      "offers": offers, "pages": pages, "store_signals": signals})
    return scans


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="example: python -m benchmark.bench_year "
        "--weeks 52 --stores 30 --products 2000 --jobs 2")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--stores", type=int, default=30)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="worker processes (default: one per core; 1 runs in this one)")
    args = parser.parse_args(argv)
    model = load_model(MODEL)
    year = make_year(args.weeks, args.stores, args.products)

    def load(position: int, previous: Frames | None) -> Frames:
        return Frames.build(base_currency="USD", previous=previous, **year[position])

    def keep(position: int, frames: Frames, tables: dict) -> dict[str, int]:
        return {name: len(frame) for name, frame in tables.items()}

    started, cpu = time.perf_counter(), time.process_time()
    totals: dict[str, int] = {}
    for counts in compute_series(load, len(year), model, keep, jobs=args.jobs):
        for name, rows in counts.items():
            totals[name] = totals.get(name, 0) + rows
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    offers = sum(len(t["offers"]) for t in year)
    jobs = len(spans(len(year), args.jobs))
    print(f"{args.weeks} weekly scans × {args.stores} stores × {args.products} products "
          f"({offers:,} offers) benchmarked in {seconds:.1f} s "
          f"({seconds / args.weeks:.2f} s a scan; {jobs} worker{'s' * (jobs > 1)}"
          + ("" if jobs > 1 else f", {cpu:.1f} s of CPU") + ")")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in totals.items()))
    return seconds


if __name__ == "__main__":
    main()
