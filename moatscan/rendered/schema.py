"""Tables of the rendered pass: technologies, speed runs, speed medians, pass records.

A migration set of its own ("rendered"), applied by ``moatscan.db.apply_migrations`` after the
crawl tables. Rows are keyed by scan, so re-running the pass for a scan replaces its rows.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("rendered")


@migrations()
def m001_technologies_and_speed(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE technologies (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            name TEXT NOT NULL,
            category TEXT,
            layer TEXT,
            categories TEXT,
            version TEXT,
            confidence INTEGER,
            url TEXT,
            evidence TEXT,
            source TEXT NOT NULL CHECK (source IN ('fingerprint', 'rule')),
            first_scan_id INTEGER,
            last_scan_id INTEGER,
            PRIMARY KEY (scan_id, store_id, name)
        )"""
    )
    db.execute(
        """
        CREATE TABLE speed_runs (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            url TEXT NOT NULL,
            profile TEXT NOT NULL,
            run INTEGER NOT NULL,
            ttfb_ms REAL,
            fcp_ms REAL,
            lcp_ms REAL,
            cls REAL,
            tbt_ms REAL,
            bytes INTEGER,
            requests INTEGER,
            third_party_share REAL,
            load_ms REAL,
            error TEXT,
            measured_at TEXT,
            PRIMARY KEY (scan_id, store_id, url, profile, run)
        )"""
    )
    db.execute(
        """
        CREATE TABLE site_speed (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            url TEXT NOT NULL,
            page_kind TEXT,
            profile TEXT NOT NULL,
            runs INTEGER NOT NULL,
            ttfb_ms REAL,
            fcp_ms REAL,
            lcp_ms REAL,
            cls REAL,
            tbt_ms REAL,
            bytes INTEGER,
            requests INTEGER,
            third_party_share REAL,
            conditions TEXT,
            PRIMARY KEY (scan_id, store_id, url, profile)
        )"""
    )
    db.execute(
        """
        CREATE TABLE rendered_passes (
            scan_id INTEGER NOT NULL REFERENCES scans(id),
            store_id TEXT NOT NULL REFERENCES stores(id),
            started_at TEXT,
            elapsed_s REAL,
            pages INTEGER,
            technologies INTEGER,
            speed_loads INTEGER,
            peak_browser_mb REAL,
            browser_processes_peak INTEGER,
            processes_killed INTEGER,
            problems TEXT,
            PRIMARY KEY (scan_id, store_id)
        )"""
    )
    db.execute("CREATE INDEX idx_technologies_store ON technologies (store_id, name)")
