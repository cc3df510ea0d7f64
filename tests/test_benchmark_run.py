"""run_benchmark on a small database filled by hand, with the shipped model."""

from __future__ import annotations

import json

import pytest

from benchmark import BenchmarkError, run_benchmark
from benchmark.run import OUTPUT_TABLES
from moatscan.db import open_db

LAYERS = {"traffic", "operations", "technology", "ecosystem"}


def _fill(db, scan_id: int, status: str = "running") -> None:
    db["scans"].insert({"id": scan_id, "status": status, "scan_date": "2026-11-24",
                        "started_at": "2026-11-24T06:00:00+00:00", "base_currency": "USD"},
                       replace=True)
    db["stores"].insert_all([
        {"id": "bright", "name": "Brightlane", "url": "http://127.0.0.1:8471/",
         "role": "seller", "markets": json.dumps(["US", "DE"])},
        {"id": "voltaro", "name": "Voltaro", "url": "http://127.0.0.1:8472/",
         "role": "competitor", "markets": json.dumps(["US"])},
        {"id": "kabelwerk", "name": "Kabelwerk", "url": "http://127.0.0.1:8473/",
         "role": "competitor", "markets": json.dumps(["DE", "FR"])},
    ], replace=True)
    db["markets"].insert_all([
        {"code": "US", "currency": "USD", "language": "en-US"},
        {"code": "DE", "currency": "EUR", "language": "de-DE"},
        {"code": "FR", "currency": "EUR", "language": "fr-FR"},
    ], replace=True)
    db["exchange_rates"].insert({"rate_date": "2026-11-23", "currency": "EUR",
                                 "base_currency": "USD", "rate": 0.92}, replace=True)
    pages, offers = [], []
    for store, via, ms in [("bright", "http", 120), ("voltaro", "http", 300),
                           ("kabelwerk", "browser", 800)]:
        for i in range(3):
            pages.append({"scan_id": scan_id, "store_id": store, "url": f"http://{store}/p/{i}",
                          "kind": "product", "outcome": "product", "via": via,
                          "elapsed_ms": ms + i, "http_status": 200})
    offers = [
        ("bright", "b1", "US", 10.00, "USD", "InStock", 4.5, 120, "json-ld"),
        ("bright", "b2", "DE", 9.20, "EUR", "OutOfStock", 4.0, 30, "json-ld"),
        ("voltaro", "v1", "US", 9.00, "USD", "InStock", None, None, "microdata"),
        ("kabelwerk", "k1", "DE", 11.04, "EUR", "InStock", 3.5, 5, "html"),
    ]
    db["pages"].insert_all(pages, replace=True)
    db["offers"].insert_all([
        {"scan_id": scan_id, "store_id": s, "offer_key": k, "url": f"http://{s}/p/0",
         "market": m, "gtin": "4006381333931", "price": p, "currency": c, "availability": a,
         "rating": r, "review_count": n, "source": src}
        for s, k, m, p, c, a, r, n, src in offers], replace=True)
    db["store_signals"].insert_all([
        {"scan_id": scan_id, "store_id": s, "signal": sig, "value": v}
        for s, sig, v in [
            ("bright", "social_links", json.dumps(["https://facebook.com/b"])),
            ("voltaro", "social_links", "[]"),
            ("bright", "hreflang", json.dumps(["en-US", "de-DE"])),
            ("kabelwerk", "language", "de"),
            ("bright", "sitemap_urls", "40"),
            ("voltaro", "sitemap_urls", "1200"),
            ("bright", "script_srcs", json.dumps(["https://cdn.smile.io/x.js"])),
            ("voltaro", "script_srcs", json.dumps(["https://widget.intercom.io/w.js"])),
        ]], replace=True)


def _dump(db) -> dict[str, list]:
    return {t: list(db.query(f"SELECT * FROM [{t}] ORDER BY 1, 2, 3, 4")) for t in OUTPUT_TABLES}


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "x.db")
    _fill(database, 1)
    yield database
    database.close()


def test_run_benchmark_scores_every_store_on_four_layers(db):
    summary = run_benchmark(db, 1)
    assert summary["stores"] == 3 and summary["seller"] == "bright"
    assert summary["values_missing"] > 0
    for store in ("bright", "voltaro", "kabelwerk"):
        layers = {r["layer"] for r in db.query(
            "SELECT layer FROM layer_scores WHERE scan_id = 1 AND store_id = ? AND market = '*'",
            [store])}
        assert layers == LAYERS
    # kabelwerk has no social, sitemap or script signals: its layers are not fully covered
    coverage = {r["layer"]: r["coverage"] for r in db.query(
        "SELECT layer, coverage FROM layer_scores WHERE store_id = 'kabelwerk' AND market = '*'")}
    assert coverage["traffic"] < 1 and coverage["ecosystem"] == 0
    # per market: kabelwerk in DE and FR, voltaro in US, the seller in US and DE
    markets = {(r["store_id"], r["market"]) for r in db.query(
        "SELECT DISTINCT store_id, market FROM moat_index")}
    assert markets == {("bright", "*"), ("bright", "DE"), ("bright", "US"),
                       ("kabelwerk", "*"), ("kabelwerk", "DE"), ("kabelwerk", "FR"),
                       ("voltaro", "*"), ("voltaro", "US")}


def test_missing_is_never_zero(db):
    run_benchmark(db, 1)
    row = db.execute("SELECT value, normalised, evidence FROM indicator_values WHERE"
                     " store_id = 'kabelwerk' AND indicator = 'social_channels'").fetchone()
    assert row == (None, None, "no data in store_signals")
    zero = db.execute("SELECT value FROM indicator_values WHERE store_id = 'voltaro'"
                      " AND indicator = 'social_channels'").fetchone()
    assert zero == (0.0,)   # an empty list is a real zero
    assert db.execute("SELECT count(*) FROM indicator_values WHERE value IS NULL"
                      " AND normalised IS NOT NULL").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM layer_scores WHERE indicators_with_data = 0"
                      " AND score IS NOT NULL").fetchone() == (0,)
    eco = db.execute("SELECT score, coverage FROM layer_scores WHERE store_id = 'kabelwerk'"
                     " AND market = '*' AND layer = 'ecosystem'").fetchone()
    assert eco == (None, 0.0)


def test_price_index_and_gaps_are_written(db):
    run_benchmark(db, 1)
    index = {(r["store_id"], r["market"]): r["index"] for r in db["price_index"].rows}
    # voltaro 9 USD vs 10 USD in the US; kabelwerk 11.04 EUR = 12 USD vs 9.20 EUR = 10 USD in DE
    assert index[("voltaro", "US")] == pytest.approx(90.0)
    assert index[("kabelwerk", "DE")] == pytest.approx(120.0)
    assert index[("bright", "*")] == 100.0
    gap_markets = {(r["store_id"], r["market"]) for r in db["gaps"].rows}
    assert gap_markets == {("voltaro", "*"), ("voltaro", "US"), ("kabelwerk", "*"),
                           ("kabelwerk", "DE")}
    assert db["product_matches"].count == 4   # 2 seller offers x 2 competitor offers


def test_running_twice_changes_nothing(db):
    first = run_benchmark(db, 1)
    before = _dump(db)
    assert run_benchmark(db, 1) == first
    assert _dump(db) == before


def test_rerun_replaces_the_scans_rows_and_leaves_other_scans_alone(db):
    _fill(db, 2)
    run_benchmark(db, 1)
    run_benchmark(db, 2)
    scan_1 = _dump(db)
    db.execute("DELETE FROM offers WHERE scan_id = 2 AND store_id = 'voltaro'")
    db.conn.commit()
    run_benchmark(db, 2)
    assert db.execute("SELECT count(*) FROM product_matches WHERE scan_id = 2").fetchone() == (2,)
    assert {t: [r for r in rows if r["scan_id"] == 1] for t, rows in _dump(db).items()} == {
        t: [r for r in rows if r["scan_id"] == 1] for t, rows in scan_1.items()}


def test_seller_without_data_still_has_rows_so_gaps_show_as_unknown(db):
    for table in ("pages", "offers", "store_signals"):
        db.execute(f"DELETE FROM {table} WHERE store_id = 'bright'")
    db.conn.commit()
    run_benchmark(db, 1)
    seller = list(db.query("SELECT score, coverage FROM layer_scores"
                           " WHERE store_id = 'bright' AND market = '*'"))
    assert seller == [{"score": None, "coverage": 0.0}] * 4
    assert db.execute("SELECT count(*), count(gap) FROM gaps WHERE market = '*'").fetchone() == (
        8, 0)


def test_failed_scan_is_refused(db):
    db["scans"].update(1, {"status": "failed", "note": "abandoned"})
    with pytest.raises(BenchmarkError, match="scan 1 failed"):
        run_benchmark(db, 1)
    assert db["layer_scores"].count == 0


def test_unknown_scan_is_refused(db):
    with pytest.raises(BenchmarkError, match="scan 99 does not exist"):
        run_benchmark(db, 99)


def test_complete_scan_is_benchmarked(db):
    db["scans"].update(1, {"status": "complete"})
    assert run_benchmark(db, 1)["rows"]["layer_scores"] > 0
