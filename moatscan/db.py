"""The moatscan database: schema migrations and the scan lifecycle.

One SQLite file holds every scan. A scan is one atomic unit: its row in ``scans`` goes
``running`` -> ``complete`` only in the very last step of ``moatscan scan``, so a scan that
died half way (SIGKILL, power cut, crash) is never ``complete``, and the benchmark, the views
and week-over-week changes only ever read complete scans.

Rows written during a scan are keyed by ``scan_id``; writes are idempotent upserts, so loading
the same scan twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

DEFAULT_DB = Path("data") / "moatscan.db"

migrations = Migrations("moatscan")


@migrations()
def m001_crawl_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE scans (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'complete', 'failed')),
            scan_date TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            market_file TEXT,
            base_currency TEXT,
            stores INTEGER,
            pages INTEGER,
            offers INTEGER,
            pid INTEGER,
            note TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE stores (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('seller', 'competitor')),
            markets TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE markets (
            code TEXT PRIMARY KEY,
            currency TEXT NOT NULL,
            language TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE exchange_rates (
            rate_date TEXT NOT NULL,
            currency TEXT NOT NULL,
            base_currency TEXT NOT NULL,
            rate REAL NOT NULL,
            source TEXT,
            PRIMARY KEY (rate_date, currency, base_currency)
        )"""
    )
    db.execute(
        """
        CREATE TABLE pages (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            url TEXT NOT NULL,
            kind TEXT,
            outcome TEXT NOT NULL,
            reason TEXT,
            http_status INTEGER,
            via TEXT,
            fetched_at TEXT,
            elapsed_ms REAL,
            bytes INTEGER,
            depth INTEGER,
            referer TEXT,
            PRIMARY KEY (scan_id, url)
        )"""
    )
    db.execute(
        """
        CREATE TABLE offers (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            offer_key TEXT NOT NULL,
            url TEXT NOT NULL,
            market TEXT,
            title TEXT,
            brand TEXT,
            gtin TEXT,
            mpn TEXT,
            sku TEXT,
            variant TEXT,
            price REAL,
            price_raw TEXT,
            currency TEXT,
            regular_price REAL,
            availability TEXT,
            rating REAL,
            review_count INTEGER,
            language TEXT,
            source TEXT,
            PRIMARY KEY (scan_id, store_id, offer_key)
        )"""
    )
    db.execute(
        """
        CREATE TABLE evidence (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            url TEXT NOT NULL,
            source TEXT,
            snippet TEXT,
            seen_at TEXT,
            PRIMARY KEY (scan_id, store_id, subject, field)
        )"""
    )
    db.execute(
        """
        CREATE TABLE store_signals (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            signal TEXT NOT NULL,
            value TEXT,
            url TEXT,
            source TEXT,
            PRIMARY KEY (scan_id, store_id, signal)
        )"""
    )
    db.execute("CREATE INDEX idx_offers_gtin ON offers (scan_id, gtin)")
    db.execute("CREATE INDEX idx_pages_outcome ON pages (scan_id, store_id, outcome)")


@migrations()
def m002_delivery_and_market_signals(db: sqlite_utils.Database) -> None:
    """Delivery, shipping and tax per offer; store signals per market (policy pages differ)."""
    offers = db["offers"]
    for column, kind in [("delivery_min_days", int), ("delivery_max_days", int),
                         ("delivery_raw", str), ("shipping_cost", float),
                         ("shipping_currency", str), ("tax_included", int)]:
        offers.add_column(column, kind)
    db["store_signals"].add_column("market", str, not_null_default="*")
    db["store_signals"].transform(pk=("scan_id", "store_id", "market", "signal"))


@migrations()
def m003_scan_memory(db: sqlite_utils.Database) -> None:
    """Peak memory of the scanning process and of it plus its browsers (MB, proportional set
    size sampled every 0.25 s over the crawl and the rendered pass)."""
    for column in ("peak_crawler_mb", "peak_memory_mb"):
        db["scans"].add_column(column, float)


def open_db(path: str | os.PathLike, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    WAL journaling lets Datasette read while a scan writes, and keeps earlier scans safe
    when a writer is killed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    if migrate:
        apply_migrations(db)
    return db


def apply_migrations(db: sqlite_utils.Database) -> None:
    """Apply every pending migration: the crawl tables here, the benchmark's own set after."""
    migrations.apply(db)
    from benchmark.schema import migrations as benchmark_migrations

    benchmark_migrations.apply(db)
    __import__("moatscan.rendered.schema", fromlist=["migrations"]).migrations.apply(db)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def begin_scan(db: sqlite_utils.Database, *, market_file: str, base_currency: str,
               scan_date: str | None = None) -> int:
    """Record a new scan as ``running`` and return its id.

    Scans left ``running`` by a process that no longer exists are marked ``failed`` first,
    so that an interrupted week is visible as such and never mistaken for a live one.
    """
    abandon_dead_scans(db)
    with db.conn:
        cursor = db.execute(
            "INSERT INTO scans (status, scan_date, started_at, market_file, base_currency, pid)"
            " VALUES ('running', ?, ?, ?, ?, ?)",
            [scan_date or dt.date.today().isoformat(), now(), market_file, base_currency,
             os.getpid()],
        )
    return cursor.lastrowid


def abandon_dead_scans(db: sqlite_utils.Database) -> list[int]:
    """Mark ``running`` scans whose process is gone as ``failed``; return their ids."""
    abandoned = []
    for row in db.query("SELECT id, pid FROM scans WHERE status = 'running'"):
        if row["pid"] and _process_alive(row["pid"]) and row["pid"] != os.getpid():
            continue
        abandoned.append(row["id"])
    with db.conn:
        for scan_id in abandoned:
            db.execute(
                "UPDATE scans SET status = 'failed', finished_at = ?, note = ? WHERE id = ?",
                [now(), "abandoned: the scanning process died before the scan completed",
                 scan_id],
            )
    return abandoned


def finish_scan(db: sqlite_utils.Database, scan_id: int, *, status: str,
                note: str | None = None) -> None:
    """Close a scan: ``complete`` is written here and nowhere else."""
    counts = db.execute(
        "SELECT (SELECT count(DISTINCT store_id) FROM pages WHERE scan_id = :s),"
        " (SELECT count(*) FROM pages WHERE scan_id = :s),"
        " (SELECT count(*) FROM offers WHERE scan_id = :s)",
        {"s": scan_id},
    ).fetchone()
    with db.conn:
        db.execute(
            "UPDATE scans SET status = ?, finished_at = ?, stores = ?, pages = ?, offers = ?,"
            " note = coalesce(?, note) WHERE id = ?",
            [status, now(), *counts, note, scan_id],
        )


def latest_complete_scan(db: sqlite_utils.Database) -> int | None:
    row = db.execute(
        "SELECT max(id) FROM scans WHERE status = 'complete'"
    ).fetchone()
    return row[0] if row else None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
