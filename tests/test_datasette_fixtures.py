"""Shared helpers for the publishing tests (no tests here): the demo database, completed.

Other engineers are adding tables in parallel (``changes``, ``technologies``, ``site_speed``,
``speed_runs``, ``private_metrics``, ``warnings``). ``complete_demo_db`` copies the scanned demo
database and fills whichever of them is still missing or empty (one week of the demo has no
changes yet) with a few plausible rows for the latest complete scan, so every stored query,
dashboard and the brief can be exercised now; once a table has real rows, they are used as
they are. Delivery, shipping and per-market policy signals are filled the same way.

It also plants the hostile values the publishing must neutralise: a product named
``XSS_TITLE`` and one named ``FORMULA_TITLE``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import sqlite_utils

XSS_TITLE = "<script>alert(1)</script>"
FORMULA_TITLE = '=HYPERLINK("http://127.0.0.1:9/x","click")'

PARALLEL_TABLES: dict[str, dict[str, type]] = {
    "changes": {"scan_id": int, "previous_scan_id": int, "store_id": str, "market": str,
                "kind": str, "subject": str, "title": str, "previous_value": str,
                "value": str, "delta": float, "detail": str, "evidence_url": str},
    "technologies": {"scan_id": int, "store_id": str, "name": str, "category": str,
                     "layer": str, "version": str, "confidence": int, "url": str,
                     "evidence": str, "source": str, "first_scan_id": int,
                     "last_scan_id": int},
    "site_speed": {"scan_id": int, "store_id": str, "url": str, "profile": str, "runs": int,
                   "ttfb_ms": float, "fcp_ms": float, "lcp_ms": float, "cls": float,
                   "tbt_ms": float, "bytes": int, "requests": int,
                   "third_party_share": float, "conditions": str},
    "private_metrics": {"scan_id": int, "metric": str, "value": float, "unit": str,
                        "detail": str},
    "warnings": {"scan_id": int, "kind": str, "message": str, "value": float,
                 "threshold": float},
}
PARALLEL_TABLES["speed_runs"] = {**PARALLEL_TABLES["site_speed"], "run": int}

TECHNOLOGIES = [  # (name, category, layer) per store index
    [("Shopify", "platform", "technology"), ("Klaviyo", "email_capture", "traffic"),
     ("Smile.io", "loyalty", "ecosystem")],
    [("WooCommerce", "platform", "technology"), ("Zendesk Chat", "live_chat", "technology"),
     ("Klarna", "bnpl", "technology"), ("Yotpo", "reviews", "operations")],
    [("Shopware", "platform", "technology"), ("Trusted Shops", "reviews", "operations")],
    [("EC-CUBE", "platform", "technology"), ("LINE", "live_chat", "technology"),
     ("Algolia", "search", "technology")],
]


def complete_demo_db(scanned: Path, target: Path) -> Path:
    """Copy ``scanned`` to ``target`` and add the parallel tables that are still missing."""
    shutil.copy(scanned, target)
    for suffix in ("-wal", "-shm"):
        if Path(f"{scanned}{suffix}").exists():
            shutil.copy(f"{scanned}{suffix}", f"{target}{suffix}")
    db = sqlite_utils.Database(target)
    scan = db.execute("SELECT max(id) FROM scans WHERE status = 'complete'").fetchone()[0]
    stores = [row for row in db.query("SELECT id, url, markets FROM stores ORDER BY role DESC, id")]
    missing = [name for name in PARALLEL_TABLES
               if not db[name].exists() or not db[name].count]  # absent, or empty so far
    for name in missing:
        if not db[name].exists():
            db[name].create(PARALLEL_TABLES[name])
    previous = None
    if "changes" in missing:
        previous = db.execute("SELECT max(id) FROM scans WHERE status = 'complete' AND id < ?",
                              [scan]).fetchone()[0]
        if previous is None:  # one scan only: record the week before as an empty complete scan
            previous = db.execute("SELECT min(id) - 1 FROM scans").fetchone()[0]
            week_before = db.execute("SELECT date(scan_date, '-7 days') FROM scans WHERE id = ?",
                                     [scan]).fetchone()[0]
            db["scans"].insert({"id": previous, "status": "complete", "scan_date": week_before,
                                "started_at": f"{week_before}T03:00:00",
                                "finished_at": f"{week_before}T03:05:00", "base_currency": "USD",
                                "stores": 0, "pages": 0, "offers": 0, "note": "week before"})
    columns = {name: {c.name for c in db[name].columns} for name in PARALLEL_TABLES}

    def insert(table: str, rows) -> None:  # only the columns the table has
        db[table].insert_all({k: v for k, v in row.items() if k in columns[table]}
                             for row in rows)

    with db.conn:
        for i, store in enumerate(stores):
            sid, base = store["id"], store["url"]
            markets = json.loads(store["markets"]) if store["markets"].startswith("[") \
                else store["markets"].split(",")
            market = markets[0]
            offer = db.execute("SELECT offer_key, title, url, price, currency FROM offers"
                               " WHERE scan_id = ? AND store_id = ? ORDER BY offer_key LIMIT 1",
                               [scan, sid]).fetchone()
            if "changes" in missing and offer:
                key, title, url, price, currency = offer
                insert("changes", [
                    {"scan_id": scan, "previous_scan_id": previous, "store_id": sid,
                     "market": market, "kind": "price_move", "subject": key, "title": title,
                     "previous_value": f"{price * 1.1:.2f} {currency}",
                     "value": f"{price:.2f} {currency}", "delta": -9.1,
                     "detail": "-9.1 % in USD at the rates of the scan date",
                     "evidence_url": url},
                    {"scan_id": scan, "previous_scan_id": previous, "store_id": sid,
                     "market": market, "kind": "new_product", "subject": f"{key}-new",
                     "title": {1: XSS_TITLE, 2: FORMULA_TITLE}.get(i, f"New {title}"),
                     "value": "in stock",
                     "evidence_url": url},
                    {"scan_id": scan, "previous_scan_id": previous, "store_id": sid,
                     "market": "*", "kind": "technology_added",
                     "subject": TECHNOLOGIES[i % 4][-1][0], "title": TECHNOLOGIES[i % 4][-1][0],
                     "value": TECHNOLOGIES[i % 4][-1][1], "evidence_url": base},
                ])
            if "technologies" in missing:
                insert("technologies", (
                    {"scan_id": scan, "store_id": sid, "name": name, "category": category,
                     "layer": layer, "confidence": 100, "url": base,
                     "evidence": f"{base}static/{category}.js", "source": "fingerprint",
                     "first_scan_id": scan, "last_scan_id": scan}
                    for name, category, layer in TECHNOLOGIES[i % 4]))
            for profile, factor in (("mobile", 3.0), ("desktop", 1.0)):
                timings = {"ttfb_ms": (60 + 40 * i) * factor, "fcp_ms": (400 + 150 * i) * factor,
                           "lcp_ms": (900 + 300 * i) * factor, "cls": 0.02 * (i + 1),
                           "tbt_ms": (50 + 30 * i) * factor, "bytes": 400_000 + 150_000 * i,
                           "requests": 20 + 5 * i, "third_party_share": 0.1 * i,
                           "conditions": json.dumps({"profile": profile})}
                row = {"scan_id": scan, "store_id": sid, "url": base, "profile": profile,
                       "runs": 3, **timings}
                if "site_speed" in missing:
                    insert("site_speed", [row])
                if "speed_runs" in missing:
                    insert("speed_runs", ({**row, "run": run} for run in (1, 2, 3)))
        if "private_metrics" in missing:
            insert("private_metrics", [
                {"scan_id": scan, "metric": "repurchase_rate", "value": 0.31,
                 "unit": "share (0-1)", "detail": "orders export"},
                {"scan_id": scan, "metric": "nps", "value": 42, "unit": "score",
                 "detail": "survey"}])
        if "warnings" in missing:
            insert("warnings", [{"scan_id": scan, "kind": "few_pages",
                                 "message": "denkiya: fewer pages than last week",
                                 "value": 30, "threshold": 40}])
        # delivery, shipping and per-market policy signals, until the parsers fill them
        if not db.execute("SELECT count(delivery_min_days) FROM offers WHERE scan_id = ?",
                          [scan]).fetchone()[0]:
            for i, store in enumerate(stores):
                db.execute(
                    "UPDATE offers SET delivery_min_days = ?, delivery_max_days = ?,"
                    " delivery_raw = ?, shipping_cost = CASE WHEN price > 30 THEN 0 ELSE ? END,"
                    " shipping_currency = currency, tax_included = (market <> 'US')"
                    " WHERE scan_id = ? AND store_id = ?",
                    [1 + i, 3 + 2 * i, f"{1 + i}-{3 + 2 * i} days", 4.95, scan, store["id"]])
        if not db.execute("SELECT count(*) FROM store_signals WHERE scan_id = ? AND market <> '*'",
                          [scan]).fetchone()[0]:
            payments = {market: json.dumps([{"name": name, "markets": [market]},
                                            {"name": "PayPal", "markets": ["global"]}])
                        for market, name in [("DE", "giropay"), ("FR", "Cartes Bancaires"),
                                             ("JP", "Konbini"), ("US", "Venmo")]}
            for i, store in enumerate(stores):
                markets = json.loads(store["markets"]) if store["markets"].startswith("[") \
                    else store["markets"].split(",")
                for market in markets:
                    base = {"scan_id": scan, "store_id": store["id"], "market": market,
                            "url": f"{store['url']}policies", "source": "text rule"}
                    db["store_signals"].insert_all([
                        {**base, "signal": "returns_days", "value": str(14 + 16 * (i % 2))},
                        {**base, "signal": "free_shipping_threshold", "value": "49"},
                        {**base, "signal": "payment_methods",
                         "value": payments.get(market, "[]") if i != 2 else "[]"},
                    ])
        # hostile product names, as a scraped page could carry them
        competitor = stores[1]["id"]
        keys = [row[0] for row in db.execute(
            "SELECT offer_key FROM offers WHERE scan_id = ? AND store_id = ? ORDER BY offer_key"
            " LIMIT 2", [scan, competitor])]
        db.execute("UPDATE offers SET title = ? WHERE scan_id = ? AND store_id = ? AND offer_key = ?",
                   [XSS_TITLE, scan, competitor, keys[0]])
        db.execute("UPDATE offers SET title = ? WHERE scan_id = ? AND store_id = ? AND offer_key = ?",
                   [FORMULA_TITLE, scan, competitor, keys[1]])
    db.close()
    return target


def query_params(sql: str, **given) -> dict[str, str]:
    """Every :name of ``sql`` with the given value or empty (Datasette passes '' when absent)."""
    import re

    names = set(re.findall(r"(?<![:\w]):(\w+)", sql))
    return {name: str(given.get(name, "")) for name in names}


def vega_fields(spec) -> set[str]:
    """Every data field a vega-lite spec encodes, less those its transforms compute."""
    def walk(node) -> tuple[set[str], set[str]]:
        used, made = set(), set()
        if isinstance(node, dict):
            if isinstance(node.get("field"), str):
                used.add(node["field"])
            if "as" in node:
                made |= set(node["as"] if isinstance(node["as"], list) else [node["as"]])
            for value in node.values():
                u, m = walk(value)
                used, made = used | u, made | m
        elif isinstance(node, list):
            for value in node:
                u, m = walk(value)
                used, made = used | u, made | m
        return used, made

    used, made = walk(spec)
    return used - made
