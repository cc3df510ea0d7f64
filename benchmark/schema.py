"""The benchmark's own tables, as numbered migrations (applied by ``moatscan.db.open_db``).

Every table is keyed by ``scan_id``: ``run_benchmark`` replaces one scan's rows at a time.
Columns, in the order a reader takes a score apart:

- ``moat_index``: one score per store and market (``'*'`` = all markets), 0..100, with its
  ``coverage`` (0..1, copy-difficulty-weighted share of public indicators with data).
- ``layer_scores``: per store, market and layer: ``score`` (0..100, NULL without data),
  ``coverage`` = ``indicators_with_data`` / ``indicators_total``, ``copy_difficulty``.
- ``indicator_values``: per store, market and indicator: raw ``value`` (in the indicator's
  unit), ``normalised`` (0..100 within the scan's peer set, NULL when missing), ``weight``,
  ``direction``, ``n`` observations and a short ``evidence`` text.
- ``gaps``: per competitor, market and layer: ``gap`` = competitor − seller score.
- ``price_index``: per store and market: geometric mean of price ratios against the seller
  ×100 over ``matched_products``; ``rate_date`` is the oldest exchange rate used.
- ``product_matches``: which competitor offer was matched to which seller offer, how, and
  with what confidence.
- ``benchmark_indicators`` and ``benchmark_layers``: the model the scan was scored with (it
  may change between weeks).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("benchmark")

_SCAN = "scan_id INTEGER NOT NULL REFERENCES scans(id)"
_STORE = "store_id TEXT NOT NULL REFERENCES stores(id)"


@migrations()
def m001_benchmark_tables(db: sqlite_utils.Database) -> None:
    db.execute(f"""
        CREATE TABLE indicator_values (
            {_SCAN}, {_STORE},
            market TEXT NOT NULL,
            indicator TEXT NOT NULL,
            layer TEXT NOT NULL,
            value REAL,
            normalised REAL,
            weight REAL NOT NULL,
            direction TEXT NOT NULL,
            n INTEGER NOT NULL,
            evidence TEXT,
            PRIMARY KEY (scan_id, store_id, market, indicator)
        )""")
    db.execute(f"""
        CREATE TABLE layer_scores (
            {_SCAN}, {_STORE},
            market TEXT NOT NULL,
            layer TEXT NOT NULL,
            score REAL,
            coverage REAL NOT NULL,
            indicators_with_data INTEGER NOT NULL,
            indicators_total INTEGER NOT NULL,
            copy_difficulty TEXT,
            PRIMARY KEY (scan_id, store_id, market, layer)
        )""")
    db.execute(f"""
        CREATE TABLE moat_index (
            {_SCAN}, {_STORE},
            market TEXT NOT NULL,
            score REAL,
            coverage REAL NOT NULL,
            PRIMARY KEY (scan_id, store_id, market)
        )""")
    db.execute(f"""
        CREATE TABLE product_matches (
            {_SCAN},
            seller_store_id TEXT NOT NULL REFERENCES stores(id),
            seller_offer_key TEXT NOT NULL,
            {_STORE},
            offer_key TEXT NOT NULL,
            gtin TEXT,
            method TEXT NOT NULL,
            confidence REAL NOT NULL,
            PRIMARY KEY (scan_id, seller_store_id, seller_offer_key, store_id, offer_key)
        )""")
    db.execute(f"""
        CREATE TABLE price_index (
            {_SCAN}, {_STORE},
            market TEXT NOT NULL,
            base_currency TEXT NOT NULL,
            matched_products INTEGER NOT NULL,
            cross_market_products INTEGER NOT NULL,
            "index" REAL,
            rate_date TEXT,
            PRIMARY KEY (scan_id, store_id, market)
        )""")
    db.execute(f"""
        CREATE TABLE gaps (
            {_SCAN}, {_STORE},
            market TEXT NOT NULL,
            layer TEXT NOT NULL,
            seller_score REAL,
            competitor_score REAL,
            gap REAL,
            copy_difficulty TEXT,
            PRIMARY KEY (scan_id, store_id, market, layer)
        )""")
    db.execute(f"""
        CREATE TABLE benchmark_indicators (
            {_SCAN},
            indicator TEXT NOT NULL,
            layer TEXT NOT NULL,
            private INTEGER NOT NULL,
            direction TEXT NOT NULL,
            weight REAL NOT NULL,
            scale TEXT NOT NULL,
            per_market INTEGER NOT NULL,
            unit TEXT,
            description TEXT,
            function TEXT,
            source_table TEXT,
            params TEXT,
            PRIMARY KEY (scan_id, indicator)
        )""")
    db.execute(f"""
        CREATE TABLE benchmark_layers (
            {_SCAN},
            layer TEXT NOT NULL,
            position INTEGER NOT NULL,
            weight REAL NOT NULL,
            copy_difficulty TEXT NOT NULL,
            description TEXT,
            PRIMARY KEY (scan_id, layer)
        )""")
    db.execute("CREATE INDEX idx_indicator_values_indicator"
               " ON indicator_values (scan_id, indicator, market)")
    db.execute("CREATE INDEX idx_layer_scores_layer ON layer_scores (scan_id, layer, market)")
    db.execute("CREATE INDEX idx_gaps_layer ON gaps (scan_id, layer, market)")


@migrations()
def m002_matching_changes_private(db: sqlite_utils.Database) -> None:
    """Match refusals and keys, analyst decisions, week-over-week changes, the best competitor
    per layer, and the seller's private metrics and warnings (never published anonymously)."""
    matches = db["product_matches"]
    matches.add_column("seller_key", str)
    matches.add_column("key", str)
    matches.add_column("score", float)
    matches.add_column("status", str, not_null_default="matched")
    matches.add_column("reason", str)
    db.execute("""
        CREATE TABLE match_decisions (
            seller_store_id TEXT NOT NULL,
            seller_key TEXT NOT NULL,
            store_id TEXT NOT NULL,
            key TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('confirm', 'reject')),
            decided_at TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (seller_store_id, seller_key, store_id, key)
        )""")
    db.execute(f"""
        CREATE TABLE changes (
            {_SCAN},
            previous_scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL,
            market TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            title TEXT,
            previous_value NUMERIC,
            value NUMERIC,
            delta REAL,
            detail TEXT,
            evidence_url TEXT
        )""")
    db.execute("CREATE INDEX idx_changes_kind ON changes (scan_id, kind, store_id)")
    db.execute(f"""
        CREATE TABLE layer_leaders (
            {_SCAN},
            market TEXT NOT NULL,
            layer TEXT NOT NULL,
            seller_score REAL,
            best_store_id TEXT,
            best_score REAL,
            gap REAL,
            competitors_scored INTEGER NOT NULL,
            copy_difficulty TEXT,
            PRIMARY KEY (scan_id, market, layer)
        )""")
    db.execute(f"""
        CREATE TABLE private_metrics (
            {_SCAN},
            metric TEXT NOT NULL,
            value REAL,
            unit TEXT,
            detail TEXT,
            PRIMARY KEY (scan_id, metric)
        )""")
    db.execute(f"""
        CREATE TABLE warnings (
            {_SCAN},
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            value REAL,
            threshold REAL,
            PRIMARY KEY (scan_id, kind)
        )""")
