"""Week over week: two hand-made scans; every planted change appears and nothing else does."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from benchmark import run_benchmark
from benchmark.changes import changes
from benchmark.frames import Frames
from benchmark.model import ChangeSettings
from moatscan.db import open_db

STORES = pd.DataFrame([
    {"id": "me", "name": "Me", "url": "http://me/", "role": "seller", "markets": '["US", "DE"]'},
    {"id": "rival", "name": "Rival", "url": "http://rival/", "role": "competitor",
     "markets": '["US", "JP"]'},
])
MARKETS = pd.DataFrame([{"code": "US", "currency": "USD", "language": "en-US"},
                        {"code": "DE", "currency": "EUR", "language": "de-DE"},
                        {"code": "JP", "currency": "JPY", "language": "ja-JP"}])
RATES = pd.DataFrame([
    {"rate_date": "2026-11-15", "currency": "EUR", "base_currency": "USD", "rate": 0.92},
    {"rate_date": "2026-11-15", "currency": "JPY", "base_currency": "USD", "rate": 150.0},
    {"rate_date": "2026-11-22", "currency": "EUR", "base_currency": "USD", "rate": 0.85},
    {"rate_date": "2026-11-22", "currency": "JPY", "base_currency": "USD", "rate": 150.0},
])
OFFER_COLUMNS = ["store_id", "offer_key", "market", "title", "price", "currency",
                 "regular_price", "availability", "review_count", "delivery_max_days"]
WEEK1 = [
    ("me", "a", "US", "Cable A", 10.00, "USD", None, "InStock", 10, 2),
    ("me", "b", "DE", "Kabel B", 9.20, "EUR", None, "InStock", None, 3),
    ("rival", "c", "US", "Cable C", 20.00, "USD", None, "InStock", 100, 3),
    ("rival", "d", "US", "Cable D", 5.00, "USD", None, "InStock", None, 3),
    ("rival", "e", "JP", "ケーブル E", 1500, "JPY", None, "InStock", None, None),
    ("rival", "f", "US", "Cable F", 7.00, "USD", None, "InStock", None, None),
    ("rival", "g", "US", "Cable G", 8.00, "USD", None, "InStock", None, None),
    ("rival", "h", "US", "Cable H", 10.00, "USD", 12.00, "InStock", None, None),
    ("rival", "i", "US", "Cable I", 3.00, "USD", None, "InStock", None, None),
]
WEEK2 = [
    ("me", "a", "US", "Cable A", 10.00, "USD", None, "InStock", 12, 2),
    ("me", "b", "DE", "Kabel B", 9.20, "EUR", None, "InStock", None, 3),       # currency_move
    ("rival", "c", "US", "Cable C", 18.00, "USD", None, "InStock", 135, 5),    # price_move
    ("rival", "d", "US", "Cable D", 5.05, "USD", None, "InStock", None, 5),    # +1%: nothing
    ("rival", "e", "JP", "ケーブル E", 1500, "JPY", None, "InStock", None, None),
    ("rival", "f", "US", "Cable F", 7.00, "USD", None, "OutOfStock", None, None),  # stock_flip
    ("rival", "g", "US", "Cable G", 6.00, "USD", 8.00, "InStock", None, None),   # promo started
    ("rival", "h", "US", "Cable H", 12.00, "USD", None, "InStock", None, None),  # promo ended
    ("rival", "j", "US", "Cable J", 4.00, "USD", None, "InStock", None, None),   # new
]
TECH1 = [("me", "Yotpo", "reviews", "traffic"), ("rival", "Klaviyo", "email", "traffic")]
TECH2 = [("rival", "Klaviyo", "email", "traffic"), ("rival", "Gorgias", "live_chat",
                                                    "technology")]
SPEED1 = [("me", "http://me/", "mobile", 300, 1500), ("rival", "http://rival/", "mobile", 200,
                                                      2000)]
SPEED2 = [("me", "http://me/", "mobile", 290, 1400), ("rival", "http://rival/", "mobile", 210,
                                                      2600)]


def _frames(scan_id, date, offers, tech, speed, previous=None, pages=None):
    return Frames.build(
        scan_id=scan_id, scan_date=date, previous=previous, stores=STORES, markets=MARKETS,
        pages=pages,
        exchange_rates=RATES,
        offers=pd.DataFrame(offers, columns=OFFER_COLUMNS).assign(
            url=lambda f: "http://" + f["store_id"] + "/p/" + f["offer_key"]),
        technologies=pd.DataFrame(tech, columns=["store_id", "name", "category", "layer"]),
        site_speed=pd.DataFrame(speed, columns=["store_id", "url", "profile", "ttfb_ms",
                                                "lcp_ms"]).assign(runs=3))


EXPECTED = {
    # (store, market, kind, subject): (previous_value, value, delta)
    ("me", "DE", "currency_move", "b"): (10.0, 9.2 / 0.85, 0.92 / 0.85 - 1),
    ("rival", "US", "price_move", "c"): (20.0, 18.0, -0.1),
    ("rival", "US", "stock_flip", "f"): ("InStock", "OutOfStock", None),
    ("rival", "US", "promo_started", "g"): (None, 0.25, None),
    ("rival", "US", "promo_ended", "h"): (1 - 10 / 12, None, None),
    ("rival", "US", "removed_product", "i"): (3.0, None, None),
    ("rival", "US", "new_product", "j"): (None, 4.0, None),
    ("rival", "US", "delivery_changed", "delivery_max_days"): (3.0, 5.0, 2.0),
    ("rival", "*", "technology_added", "Gorgias"): (None, None, None),
    ("me", "*", "technology_removed", "Yotpo"): (None, None, None),
    ("rival", "*", "speed_regression", "lcp_ms (mobile)"): (2000.0, 2600.0, 0.3),
    ("me", "*", "review_velocity", "store"): (None, 2.0, 2.0),
    ("rival", "*", "review_velocity", "store"): (None, 35.0, 35.0),
    ("rival", "US", "review_velocity", "c"): (None, 35.0, 35.0),
}


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _check(found: pd.DataFrame, previous_scan_id: int) -> None:
    got = {(r.store_id, r.market, r.kind, r.subject): (r.previous_value, r.value, r.delta)
           for r in found.itertuples()}
    assert set(got) == set(EXPECTED)
    for key, want in EXPECTED.items():
        assert all(_same(w, g) for w, g in zip(want, got[key])), (key, got[key])
    assert set(found["previous_scan_id"]) == {previous_scan_id}


def test_every_planted_change_and_nothing_else():
    week1 = _frames(1, "2026-11-16", WEEK1, TECH1, SPEED1)
    week2 = _frames(2, "2026-11-23", WEEK2, TECH2, SPEED2)
    found = changes(week2, week1, ChangeSettings())
    _check(found, 1)
    move = found[found["kind"] == "currency_move"].iloc[0]
    assert "price unchanged at 9.20 EUR" in move["detail"]
    assert "0.92 (2026-11-15) → 0.85 (2026-11-22)" in move["detail"]
    price = found[(found["kind"] == "price_move") & (found["subject"] == "c")].iloc[0]
    assert price["detail"] == "20.00 USD → 18.00 USD (-10.0%)"
    assert price["evidence_url"] == "http://rival/p/c"


@pytest.mark.parametrize("outcome, status, known", [
    ("timeout", None, False), ("error", None, False), ("skipped", None, False),
    ("http_error", 503, False), ("http_error", 429, False),
    ("http_error", 404, True), ("not_product", 200, True)])
def test_a_page_not_looked_at_is_neither_new_nor_removed(outcome, status, known):
    """Week 2 could not look at i's page; week 1 could not look at j's. Only a page that
    answered (a 404, a page without the product) says the product is gone or new."""
    def ledger(url):
        return pd.DataFrame([{"store_id": "rival", "url": url, "outcome": outcome,
                              "http_status": status}])
    week1 = _frames(1, "2026-11-16", WEEK1, TECH1, SPEED1, pages=ledger("http://rival/p/j"))
    week2 = _frames(2, "2026-11-23", WEEK2, TECH2, SPEED2, pages=ledger("http://rival/p/i"))
    found = set(changes(week2, week1, ChangeSettings())[["kind", "subject"]]
                .itertuples(index=False, name=None))
    assert (("removed_product", "i") in found) is known
    assert (("new_product", "j") in found) is known


def test_the_thresholds_come_from_the_model():
    week1 = _frames(1, "2026-11-16", WEEK1, TECH1, SPEED1)
    week2 = _frames(2, "2026-11-23", WEEK2, TECH2, SPEED2)
    loose = changes(week2, week1, ChangeSettings(price_move_threshold=0.005,
                                                 currency_move_threshold=0.5))
    kinds = set(zip(loose["kind"], loose["subject"]))
    assert ("price_move", "d") in kinds            # +1% is a move at 0.5%
    assert ("currency_move", "b") not in kinds     # +8.2% is not at 50%


def test_no_previous_scan_no_changes():
    assert changes(_frames(1, "2026-11-16", WEEK1, TECH1, SPEED1), None,
                   ChangeSettings()).empty


def _store(db, scan_id, status, date, offers, tech, speed):
    db["scans"].insert({"id": scan_id, "status": status, "scan_date": date,
                        "started_at": f"{date}T06:00:00", "base_currency": "USD"})
    db["offers"].insert_all([
        {"scan_id": scan_id, **dict(zip(OFFER_COLUMNS, row)),
         "url": f"http://{row[0]}/p/{row[1]}"} for row in offers])
    db["technologies"].insert_all([
        {"scan_id": scan_id, "source": "rule",
         **dict(zip(["store_id", "name", "category", "layer"], row))} for row in tech])
    db["site_speed"].insert_all([
        {"scan_id": scan_id, "runs": 3,
         **dict(zip(["store_id", "url", "profile", "ttfb_ms", "lcp_ms"], row))}
        for row in speed])


@pytest.mark.parametrize("between", ["failed", "running"])
def test_run_benchmark_compares_with_the_previous_complete_scan(tmp_path, between):
    db = open_db(tmp_path / "m.db")
    db["stores"].insert_all(STORES.to_dict("records"))
    db["markets"].insert_all(MARKETS.to_dict("records"))
    db["exchange_rates"].insert_all(RATES.to_dict("records"))
    _store(db, 1, "complete", "2026-11-16", WEEK1, TECH1, SPEED1)
    # a scan that died half way, with wild data: never compared with
    _store(db, 2, between, "2026-11-20", [("rival", "c", "US", "Cable C", 99.0, "USD", None,
                                           "OutOfStock", 0, 9)], [], [])
    _store(db, 3, "running", "2026-11-23", WEEK2, TECH2, SPEED2)
    summary = run_benchmark(db, 3)
    assert summary["previous_scan_id"] == 1
    found = pd.read_sql("SELECT * FROM changes WHERE scan_id = 3", db.conn)
    found = found.astype(object).where(found.notna(), None)
    _check(found, 1)
    velocity = pd.read_sql("SELECT store_id, market, value FROM indicator_values WHERE scan_id = 3"
                           " AND indicator = 'review_velocity' AND market = '*'", db.conn)
    assert dict(zip(velocity["store_id"], velocity["value"])) == {"me": 2.0, "rival": 35.0}
    run_benchmark(db, 3)   # rerun: same rows, no duplicates
    assert db.execute("SELECT count(*) FROM changes WHERE scan_id = 3").fetchone()[0] == len(
        EXPECTED)
    json.dumps(summary)
