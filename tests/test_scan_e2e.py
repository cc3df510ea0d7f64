"""A real scan of the demo market over loopback: Scrapy, Chromium, SQLite, benchmark."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal

import pytest

from conftest import ROOT, moatscan
from moatscan.demo.pages import BROKEN_HREF
from moatscan.demo.sitemaps import BROKEN_SITEMAP

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_scan_completes_with_offers_and_layer_scores(scanned_db):
    db_path, result = scanned_db
    assert "complete" in result.stdout
    scans = rows(db_path, "SELECT * FROM scans")
    assert [s["status"] for s in scans] == ["complete"]
    scan_id = scans[0]["id"]
    per_store = rows(db_path, "SELECT store_id, count(*) AS n FROM offers WHERE scan_id = ? "
                              "AND price IS NOT NULL AND currency IS NOT NULL GROUP BY store_id",
                     [scan_id])
    assert len(per_store) >= 3
    assert sum(r["n"] for r in per_store) >= 60
    layers = rows(db_path, "SELECT store_id, count(DISTINCT layer) AS n FROM layer_scores "
                           "WHERE scan_id = ? AND market = '*' GROUP BY store_id", [scan_id])
    assert {r["store_id"] for r in layers} == {r["store_id"] for r in per_store}
    assert all(r["n"] == 4 for r in layers)


def test_scan_reports_the_peak_memory_of_the_crawler_and_its_browsers(scanned_db):
    db_path, result = scanned_db
    scan = rows(db_path, "SELECT peak_memory_mb, peak_crawler_mb FROM scans")[0]
    browsers = rows(db_path, "SELECT max(peak_browser_mb) AS mb FROM rendered_passes")[0]["mb"]
    # the crawler holds at least the Python process (> 50 MB); with its browsers, more than
    # either alone; and far below this machine's memory
    assert 50 < scan["peak_crawler_mb"] < scan["peak_memory_mb"] < 8000
    assert scan["peak_memory_mb"] >= browsers > 50
    assert f"Peak memory: {scan['peak_memory_mb']:g} MB" in result.stderr
    assert "Rendered pass: 6 stores in" in result.stderr


def test_every_planted_offer_is_collected(scanned_db):
    from moatscan.demo import planted

    db_path, _ = scanned_db
    offers = {(r["store_id"], r["url"].split("/", 3)[3]): r
              for r in rows(db_path, "SELECT * FROM offers")}
    missing, wrong = [], []
    for truth in planted(week=1):
        key = (truth["store"], truth["path"].lstrip("/"))
        if truth.get("disallowed"):
            assert key not in offers, f"robots-disallowed page was collected: {key}"
            continue
        offer = offers.get(key)
        if offer is None:
            missing.append(key)
            continue
        expected = {"price": Decimal(truth["price"]), "currency": truth["currency"],
                    "availability": truth["availability"], "gtin": truth["gtin"],
                    "rating": truth["rating"], "review_count": truth["review_count"]}
        got = {"price": Decimal(str(offer["price"])).quantize(Decimal(truth["price"])),
               "currency": offer["currency"], "availability": offer["availability"],
               "gtin": offer["gtin"], "rating": offer["rating"],
               "review_count": offer["review_count"]}
        if got != expected:
            wrong.append((key, expected, got))
    ledger = {(r["store_id"], r["url"].split("/", 3)[3]): (r["outcome"], r["reason"])
              for r in rows(db_path, "SELECT store_id, url, outcome, reason FROM pages")}
    assert not missing, (f"{len(missing)} planted offers not collected: "
                         f"{[(key, ledger.get(key, 'never requested')) for key in missing[:5]]}")
    assert not wrong, f"{len(wrong)} offers differ from the planted values: {wrong[:3]}"


def test_javascript_store_went_through_the_browser(scanned_db):
    db_path, _ = scanned_db
    via = rows(db_path, "SELECT via, count(*) AS n FROM pages WHERE store_id = 'denkiya' "
                        "AND outcome = 'product' GROUP BY via")
    assert via and {r["via"] for r in via} == {"browser"}
    others = rows(db_path, "SELECT count(*) AS n FROM pages WHERE store_id != 'denkiya' "
                           "AND via = 'browser'")
    assert others[0]["n"] == 0, "the browser was used for a store that does not need it"


def test_a_page_given_up_on_is_logged_as_a_warning_not_an_error(scanned_db):
    """The planted /slow pages time out and the ledger says so (next test): one page, not a
    failed crawl, so Scrapy's message about giving up on it is a warning."""
    _, result = scanned_db
    given_up = [line for line in result.stderr.splitlines() if "Gave up retrying" in line]
    assert given_up and all("/slow" in line for line in given_up)
    assert all("WARNING" in line and "ERROR" not in line for line in given_up), given_up


def test_ledger_names_what_was_not_collected(scanned_db):
    db_path, _ = scanned_db
    ledger = rows(db_path, "SELECT store_id, url, outcome, reason FROM pages")
    by_outcome = {}
    for row in ledger:
        by_outcome.setdefault(row["outcome"], []).append(row)
    disallowed = by_outcome.get("disallowed", [])
    assert disallowed and all(r["reason"] == "Forbidden by robots.txt" for r in disallowed)
    assert all("/private/" in r["url"] for r in disallowed)
    assert {r["store_id"] for r in by_outcome.get("offsite", [])} >= {"voltaro", "kabelwerk"}
    timeouts = by_outcome.get("timeout", [])
    assert timeouts, "the planted /slow pages did not time out"
    assert [r["url"] for r in timeouts if not r["url"].endswith("/slow")] == []
    assert all(r["reason"].startswith("no answer within") for r in timeouts)
    not_products = by_outcome.get("not_product", [])
    assert not_products and all(r["reason"] for r in not_products)
    stores = sorted({r["store_id"] for r in ledger})
    for planted in (BROKEN_HREF, BROKEN_SITEMAP):  # a home page's link, a robots.txt line
        malformed = [r for r in by_outcome.get("skipped", [])
                     if r["url"] == planted.format(store=r["store_id"])]
        assert sorted(r["store_id"] for r in malformed) == stores, f"{planted} not recorded"
        assert {r["reason"] for r in malformed} == {"malformed link: not a URL"}


def test_loading_is_idempotent(scanned_db, tmp_path):
    """Replaying a scan's rows through the pipeline's keyed upserts changes nothing."""
    import sqlite_utils

    from crawlers.pipelines import TABLE_KEYS

    db_path, _ = scanned_db
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    db = sqlite_utils.Database(copy)
    before = {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall()))
              for t in TABLE_KEYS}
    for table, pk in TABLE_KEYS.items():
        db[table].upsert_all(list(db[table].rows), pk=pk)
    after = {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall()))
             for t in TABLE_KEYS}
    assert before == after


@pytest.mark.untimed
def test_sigkill_half_way_leaves_no_complete_scan(demo_market_file, tmp_path):
    db_path = tmp_path / "killed.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "moatscan", "scan", "--market", str(demo_market_file),
         "--db", str(db_path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if db_path.exists():
                try:
                    n = rows(db_path, "SELECT count(*) AS n FROM offers")[0]["n"]
                except sqlite3.OperationalError:
                    n = 0
                if n >= 10:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("the scan wrote no offers within 60 s")
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    scans = rows(db_path, "SELECT id, status FROM scans")
    assert scans == [{"id": 1, "status": "running"}]
    moatscan("scan", "--market", demo_market_file, "--db", db_path, "--stores", "voltaro",
             "--no-rendered", timeout=120)
    scans = rows(db_path, "SELECT id, status, note FROM scans ORDER BY id")
    assert [(s["id"], s["status"]) for s in scans] == [(1, "failed"), (2, "complete")]
    assert "abandoned" in scans[0]["note"]
    # the benchmark only ever reads the complete scan
    assert {r["scan_id"] for r in rows(db_path, "SELECT scan_id FROM layer_scores")} == {2}


def test_broken_market_file_crawls_nothing(tmp_path, demo_market):
    bad = tmp_path / "market.yaml"
    bad.write_text("base_currency: USD\nmarkets: {US: {currency: usd}}\n", encoding="utf-8")
    before = len(demo_market.request_log)
    result = moatscan("scan", "--market", bad, "--db", tmp_path / "x.db", check=False)
    assert result.returncode == 1
    assert f"{bad}: markets.US.currency: 'usd' is not an ISO 4217" in result.stderr
    assert not (tmp_path / "x.db").exists()
    assert len(demo_market.request_log) == before


@pytest.mark.untimed
def test_scrapy_crawl_works_in_the_checkout(demo_market, demo_market_file, tmp_path):
    """`scrapy crawl store` in the checkout; the store's own server says what was requested:
    nothing robots.txt forbids, nothing off the store."""
    db_path = tmp_path / "one-store.db"
    asked_before = len(demo_market.request_log)
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "stores=voltaro",
         "-s", f"MOATSCAN_MARKET={demo_market_file}", "-s", f"MOATSCAN_DB={db_path}",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [s["status"] for s in rows(db_path, "SELECT status FROM scans")] == ["complete"]
    ledger = rows(db_path, "SELECT url, outcome FROM pages")
    disallowed = [r["url"] for r in ledger if r["outcome"] == "disallowed"]
    assert disallowed and all("/private/" in url for url in disallowed)
    assert any(r["outcome"] == "offsite" for r in ledger)
    log = demo_market.request_log[asked_before:]
    assert ("voltaro", "GET", "/robots.txt") in log
    assert not [path for _, _, path in log if path.startswith("/private/")], \
        "robots.txt was not honoured"
    assert not [store for store, _, _ in log if store == "partner"], "an offsite link was followed"
    stores = rows(db_path, "SELECT DISTINCT store_id FROM offers")
    assert stores == [{"store_id": "voltaro"}]
    assert rows(db_path, "SELECT count(*) AS n FROM layer_scores")[0]["n"] > 0
