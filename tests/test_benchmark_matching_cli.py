"""``moatscan match`` (moatscan/matching_cli.py) and week-to-week reuse of matches."""

from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

from benchmark import run_benchmark
from benchmark.matching import match_offers, match_offers_since
from moatscan.db import open_db
from moatscan.matching_cli import match


def _db(path):
    db = open_db(path)
    db["stores"].insert_all([
        {"id": "me", "name": "Me", "url": "http://me/", "role": "seller", "markets": '["US"]'},
        {"id": "rival", "name": "R", "url": "http://r/", "role": "competitor",
         "markets": '["US"]'}])
    for scan_id, date in ((1, "2026-11-16"), (2, "2026-11-23")):
        db["scans"].insert({"id": scan_id, "status": "running", "scan_date": date,
                            "started_at": date, "base_currency": "USD"})
        db["offers"].insert_all([
            {"scan_id": scan_id, "store_id": s, "offer_key": k, "url": f"http://{s}/{k}",
             "market": "US", "title": t, "brand": "Anker", "gtin": g, "price": p,
             "currency": "USD"}
            for s, k, t, g, p in [
                ("me", "m1", "Anker Nano Charger 65W", "4006381333931", 40.0),
                ("rival", "r1", "Anker 65W Nano charger", "4006381333931", 38.0),
                ("me", "m2", "Anker USB-C Cable 1m", None, 10.0),
                ("rival", "r2", "Anker USB-C Cable 1m 3-pack", None, 25.0)]])
    return db


def test_help_shows_examples():
    runner = CliRunner()
    for args in (["--help"], ["list", "--help"], ["confirm", "--help"], ["reject", "--help"]):
        got = runner.invoke(match, args)
        assert got.exit_code == 0 and "Example:" in got.output, args


def test_decisions_hold_in_later_scans(tmp_path):
    path = tmp_path / "m.db"
    db = _db(path)
    run_benchmark(db, 1)
    db.execute("UPDATE scans SET status = 'complete' WHERE id = 1")
    db.conn.commit()
    runner = CliRunner()
    listed = runner.invoke(match, ["list", "--db", str(path), "--status", "refused"])
    assert listed.exit_code == 0, listed.output
    assert "sku:" not in listed.output and "offer:m2\trival\toffer:r2\ttitle" in listed.output
    assert "pack size: 1 vs 3" in listed.output
    for args in (["reject", "gtin:04006381333931", "rival", "gtin:04006381333931",
                  "--note", "refurbished"],
                 ["confirm", "offer:m2", "rival", "offer:r2"]):
        got = runner.invoke(match, [*args, "--db", str(path)])
        assert got.exit_code == 0, got.output
    run_benchmark(db, 2)   # the next week
    rows = {(r["seller_offer_key"], r["offer_key"]): r for r in db.query(
        "SELECT * FROM product_matches WHERE scan_id = 2")}
    assert (rows[("m1", "r1")]["status"], rows[("m1", "r1")]["method"]) == ("refused", "analyst")
    assert (rows[("m2", "r2")]["status"], rows[("m2", "r2")]["method"]) == ("matched", "analyst")
    index = {r["store_id"]: r["matched_products"] for r in db.query(
        "SELECT * FROM price_index WHERE scan_id = 2 AND market = '*'")}
    assert index == {"me": 1, "rival": 1}
    bad = runner.invoke(match, ["confirm", "a", "nobody", "b", "--db", str(path)])
    assert bad.exit_code != 0 and "no store 'nobody'" in bad.output


def test_reusing_last_weeks_matches_gives_the_same_result():
    week1 = pd.DataFrame([
        ("me", "m1", "Anker Nano Charger 65W", "Anker", "4006381333931", None),
        ("me", "m2", "Ugreen USB-C Cable 1m", "Ugreen", None, None),
        ("r", "r1", "Anker 65W Nano", "Anker", "4006381333931", None),
        ("r", "r2", "Ugreen USB-C Cable 1m black", "Ugreen", None, None),
        ("r", "r3", "Ugreen USB-C Cable 2m", "Ugreen", None, None),
    ], columns=["store_id", "offer_key", "title", "brand", "gtin", "mpn"])
    week2 = week1.copy()
    week2.loc[4, "title"] = "Ugreen USB-C Cable 1m"      # r3 changed: matched afresh
    week2 = pd.concat([week2, pd.DataFrame([("r", "r4", "Ugreen USB-C Kabel 1m", "Ugreen",
                                             None, None)], columns=week1.columns)])
    first = match_offers(week1, "me")
    assert_frame_equal(match_offers_since(week2, "me", week1, first),
                       match_offers(week2, "me"))
    json.dumps(first.to_dict("records"))
