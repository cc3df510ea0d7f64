"""`moatscan demo --no-serve`: the README's main job, as a newcomer runs it."""

import sqlite3

import pytest

from conftest import moatscan

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def query(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_demo_builds_two_complete_weekly_scans(demo_db):
    scans = query(demo_db, "SELECT id, status, scan_date FROM scans ORDER BY id")
    assert [(s[1], s[2]) for s in scans] == [("complete", "2026-11-16"),
                                            ("complete", "2026-11-23")]
    for scan_id, *_ in scans:
        stores = query(demo_db, f"SELECT count(DISTINCT store_id) FROM offers "
                                f"WHERE scan_id = {scan_id} AND price IS NOT NULL "
                                f"AND currency IS NOT NULL")[0][0]
        offers = query(demo_db, f"SELECT count(*) FROM offers WHERE scan_id = {scan_id} "
                                f"AND price IS NOT NULL AND currency IS NOT NULL")[0][0]
        assert stores >= 3 and offers >= 60
        per_store = query(demo_db, f"SELECT store_id, count(DISTINCT layer) FROM layer_scores "
                                   f"WHERE scan_id = {scan_id} AND market = '*' "
                                   f"GROUP BY store_id")
        assert len(per_store) == stores and all(n == 4 for _, n in per_store)


def test_the_weekly_scan_honours_robots_and_stays_on_its_stores(demo_db, demo_requests):
    """What week 2's scan asked the market for, as its servers logged it: every store's
    robots.txt, nothing robots.txt forbids, nothing of the partner site the stores link to."""
    from moatscan.demo import DEFAULT_PORTS

    stores = set(DEFAULT_PORTS) - {"partner"}
    assert {(store, "GET", "/robots.txt") for store in stores} <= set(demo_requests)
    assert not [path for _, _, path in demo_requests if path.startswith("/private/")]
    assert "partner" not in {site for site, _, _ in demo_requests}
    disallowed = query(demo_db, "SELECT store_id, url FROM pages WHERE outcome = 'disallowed' "
                                "AND scan_id = (SELECT max(id) FROM scans)")
    assert {store for store, _ in disallowed} == stores
    assert all("/private/" in url for _, url in disallowed)


def test_demo_refuses_a_database_of_another_market(tmp_path, demo_market_file):
    db_path = tmp_path / "mine.db"
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, market_file TEXT)")
        conn.execute("INSERT INTO scans (market_file) VALUES ('my/market.yaml')")
    result = moatscan("demo", "--no-serve", "--db", db_path, check=False)
    assert result.returncode == 1
    assert "holds 1 scans of another market" in result.stderr
    assert query(db_path, "SELECT count(*) FROM scans") == [(1,)]
