"""Week over week on the demo market: every planted change is reported, and nothing else."""

from __future__ import annotations

import sqlite3

import pytest

from moatscan.demo import planted_changes

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MEASURED = {"review_velocity"}
"""Kinds measured rather than planted: review counts move with time. (The demo measures speed
with one run a page, too few to call a regression: none may be reported.)"""


def reported(db_path) -> list[dict]:
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        latest = conn.execute("SELECT max(id) FROM scans WHERE status = 'complete'").fetchone()[0]
        return [dict(r) for r in conn.execute("SELECT * FROM changes WHERE scan_id = ?",
                                              [latest])]


def key(store, market, kind, subject) -> tuple:
    # offers are keyed "<market>/<sku>"; the demo plants changes by SKU; a delivery promise
    # changes for a store and market (its subject names the measure)
    if kind == "delivery_changed":
        subject = ""
    return store, market or "*", kind, str(subject).split("/", 1)[-1]


def test_every_planted_change_and_nothing_else(demo_db):
    found = {key(r["store_id"], r["market"], r["kind"], r["subject"])
             for r in reported(demo_db) if r["kind"] not in MEASURED}
    expected = {key(c["store"], c.get("market"), c["kind"], c["subject"])
                for c in planted_changes()}
    assert found - expected == set(), "reported but not planted"
    assert expected - found == set(), "planted but not reported"


def test_currency_only_move_is_not_a_price_move(demo_db):
    rows = reported(demo_db)
    currency = {key(r["store_id"], r["market"], "", r["subject"]) for r in rows
                if r["kind"] == "currency_move"}
    price = {key(r["store_id"], r["market"], "", r["subject"]) for r in rows
             if r["kind"] == "price_move"}
    assert currency and not currency & price
    assert {store for store, *_ in currency} == {"britcharge"}
