"""The public database holds no private table, column or value, and serves read-only.

A copy of the demo database gets a marker string planted in everything private: the seller's
private metrics and warnings, an analyst's match decision, a private indicator of the barrier
model and its value, the scans' notes, and a failed scan's offers. The public file must not
contain the marker anywhere, byte for byte.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from moatscan import publish
from moatscan.public import (PRIVATE_TABLES, PUBLIC_TABLES, PublishError, build_public_db,
                             public_metadata, tables_used)
from moatscan.publish_cli import public_command
from moatscan.publish_cli import publish as publish_command
from test_datasette_fixtures import complete_demo_db, query_params

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MARKER = "PRIVATE-MARKER-7f3a9c"


def plant_private_values(db_path: Path) -> int:
    """Put MARKER into every private place of the database; return the failed scan's id."""
    conn = sqlite3.connect(db_path)
    with conn:
        scan, started = conn.execute("SELECT id, started_at FROM scans WHERE status = 'complete'"
                                     " ORDER BY id DESC LIMIT 1").fetchone()
        conn.execute("UPDATE scans SET note = ?, market_file = ?", [MARKER, f"/home/{MARKER}.yaml"])
        conn.execute("INSERT OR REPLACE INTO private_metrics (scan_id, metric, value, unit, detail)"
                     " VALUES (?, 'ltv', 123.45, 'USD', ?)", [scan, MARKER])
        conn.execute("INSERT OR REPLACE INTO warnings (scan_id, kind, message, value, threshold)"
                     " VALUES (?, ?, ?, 0.9, 0.5)", [scan, f"kind-{MARKER}", MARKER])
        if _has_table(conn, "match_decisions"):
            conn.execute("INSERT INTO match_decisions (seller_store_id, seller_key, store_id, key,"
                         " decision, decided_at, note) VALUES ('brightlane', 'x', 'voltaro', 'y',"
                         " 'reject', '2026-11-24', ?)", [MARKER])
        conn.execute(
            "INSERT INTO benchmark_indicators (scan_id, indicator, layer, private, direction,"
            " weight, scale, per_market, unit, description, function, source_table, params)"
            " VALUES (?, ?, 'ecosystem', 1, 'higher_is_better', 1, 'linear', 0, 'share', ?,"
            " 'private_metric', 'private_metrics', '{}')",
            [scan, f"secret_{MARKER}", MARKER])
        conn.execute(
            "INSERT INTO indicator_values (scan_id, store_id, market, indicator, layer, value,"
            " normalised, weight, direction, n, evidence) SELECT ?, id, '*', ?, 'ecosystem',"
            " 0.42, NULL, 1, 'higher_is_better', 1, ? FROM stores WHERE role = 'seller'",
            [scan, f"secret_{MARKER}", MARKER])
        failed = conn.execute(
            "INSERT INTO scans (status, scan_date, started_at, note) VALUES ('failed',"
            " '2026-12-01', ?, 'killed')", [started]).lastrowid
        conn.execute(
            "INSERT INTO offers (scan_id, store_id, offer_key, url, market, title)"
            " SELECT ?, id, 'k', url || ?, 'US', ? FROM stores LIMIT 1",
            [failed, MARKER, MARKER])
    conn.close()
    return failed


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() \
        is not None


@pytest.fixture(scope="module")
def planted(scanned_db, tmp_path_factory):
    """(private database with markers, public database built from it, failed scan id)."""
    directory = tmp_path_factory.mktemp("public")
    private = complete_demo_db(scanned_db[0], directory / "moatscan.db")
    failed = plant_private_values(private)
    public = directory / "public" / "moatscan_public.db"
    build_public_db(private, public)
    return private, public, failed


def test_the_private_database_carries_the_markers(planted):
    private, _, _ = planted
    conn = sqlite3.connect(private)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert MARKER.encode() in private.read_bytes()


def test_the_public_file_contains_no_private_value_byte_for_byte(planted):
    _, public, _ = planted
    data = public.read_bytes()
    assert MARKER.encode() not in data
    assert MARKER.encode("utf-16-le") not in data and MARKER.encode("utf-16-be") not in data
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{public}{suffix}").exists()


def test_the_public_file_has_no_private_table_or_column(planted):
    private, public, failed = planted
    conn = sqlite3.connect(public)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables <= set(PUBLIC_TABLES)
    assert not tables & PRIVATE_TABLES
    for table in tables:
        columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        assert columns <= set(PUBLIC_TABLES[table]), table
    scans = conn.execute("SELECT DISTINCT status FROM scans").fetchall()
    assert scans == [("complete",)]
    assert conn.execute("SELECT count(*) FROM offers WHERE scan_id = ?", [failed]).fetchone() \
        == (0,)
    assert conn.execute("SELECT count(*) FROM benchmark_indicators WHERE private <> 0").fetchone() \
        == (0,)
    sql = " ".join(row[0] or "" for row in conn.execute("SELECT sql FROM sqlite_master"))
    for name in ("private_metrics", "warnings", "match_decisions", "pid", "note", "market_file"):
        assert f'"{name}"' not in sql and f" {name} " not in sql, name
    # everything public did arrive
    src = sqlite3.connect(private)
    for table in ("offers", "evidence", "gaps", "layer_scores", "changes", "technologies"):
        complete = src.execute(f"SELECT count(*) FROM {table} WHERE scan_id IN (SELECT id FROM"
                               " scans WHERE status = 'complete')").fetchone()[0]
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == complete, table
    assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)  # VACUUMed


def test_public_metadata_lists_no_private_table_or_query():
    metadata = public_metadata(publish.metadata_for("moatscan_public", DATA_DIR),
                               "moatscan_public")
    text = json.dumps(metadata)
    database = metadata["databases"]["moatscan_public"]
    assert not set(database["tables"]) & PRIVATE_TABLES
    for name in PRIVATE_TABLES:
        assert f'"{name}"' not in text
    for name, query in database["queries"].items():
        assert not tables_used(query["sql"]) & PRIVATE_TABLES, name
    assert "market_file" not in database["tables"]["scans"]["columns"]
    assert set(database["queries"]) >= {"layer_gaps", "price_position", "changes_this_week"}


def test_every_public_query_and_chart_answers_on_the_public_file(planted):
    _, public, _ = planted
    metadata = public_metadata(publish.metadata_for(public.stem, DATA_DIR), public.stem)
    queries = metadata["databases"][public.stem]["queries"]
    charts = [chart for dashboard in metadata["plugins"]["datasette-dashboards"].values()
              for chart in dashboard["charts"].values()]

    async def run():
        from datasette.app import Datasette

        ds = Datasette(immutables=[str(public)], metadata=metadata,
                       settings=publish.load_settings(DATA_DIR))
        await ds.invoke_startup()
        statuses = {}
        for name, query in queries.items():
            params = query_params(query["sql"], store_id="voltaro")
            response = await ds.client.get(f"/{public.stem}/{name}.json?_shape=objects&"
                                           + "&".join(f"{k}={v}" for k, v in params.items()))
            statuses[name] = (response.status_code, bool(response.json().get("rows")))
        for dashboard in metadata["plugins"]["datasette-dashboards"]:
            statuses[dashboard] = ((await ds.client.get(f"/-/dashboards/{dashboard}"))
                                   .status_code, True)
        write = await ds.client.post(f"/{public.stem}/-/create", json={})
        return statuses, write.status_code

    statuses, write_status = asyncio.run(run())
    assert {k: v for k, v in statuses.items() if v != (200, True)} == {}
    assert write_status >= 400
    assert all(chart["db"] == public.stem for chart in charts)


def test_publish_command_builds_the_file_and_the_command_serves_it(planted, tmp_path):
    private, _, _ = planted
    out = tmp_path / "public" / "moatscan_public.db"
    result = CliRunner().invoke(publish_command, ["--db", str(private), "--out", str(out),
                                                  "--no-serve"])
    assert result.exit_code == 0, result.output
    assert MARKER.encode() not in out.read_bytes()
    metadata_path = out.with_name("moatscan_public.metadata.json")
    assert MARKER not in metadata_path.read_text()
    argv = public_command(out, metadata_path, port=8999, data_dir=DATA_DIR)
    assert argv[1:3] == ["--immutable", str(out)] and argv[-4:] == ["-h", "127.0.0.1", "-p",
                                                                    "8999"]
    served = subprocess.run([*argv, "--get", "/moatscan_public/layer_gaps.json?_shape=objects"],
                            capture_output=True, text=True, timeout=120)
    assert served.returncode == 0, served.stderr[-2000:]
    assert json.loads(served.stdout)["rows"]
    private_page = subprocess.run([*argv, "--get", "/moatscan_public/private_metrics"],
                                  capture_output=True, text=True, timeout=120)
    assert private_page.returncode != 0 or MARKER not in private_page.stdout


def test_publish_refuses_to_overwrite_its_source(planted):
    private, _, _ = planted
    with pytest.raises(PublishError, match="differ"):
        build_public_db(private, private)
    with pytest.raises(PublishError, match="moatscan scan"):
        build_public_db(private.with_name("missing.db"), private.with_name("out.db"))
