"""One weekly scan: crawl every store, load, benchmark, and only then mark it complete.

The crawl runs in this process (Twisted's reactor can run once per process); callers that
need several scans in one session, such as ``moatscan demo``, run ``moatscan scan`` in a
subprocess for each.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from moatscan import db as moatdb
from moatscan.config import MarketFile


class ScanFailed(Exception):
    """The crawl did not finish; the scan is recorded as failed and not used anywhere."""


@dataclass
class ScanResult:
    scan_id: int
    stores: int
    pages: dict[str, int]
    """Ledger rows by outcome."""
    offers: int
    benchmark: dict
    peak_memory_mb: float = 0.0
    """The scanning process plus its browsers at their highest (crawl and rendered pass)."""
    peak_crawler_mb: float = 0.0
    """The scanning process alone at its highest."""
    rendered: dict | None = None
    """``run_rendered_pass``'s summary, or None without a rendered pass."""


def crawler_settings(market_path: str, db_path: str, scan_id: int | None,
                     log_level: str = "WARNING", scan_date: str | None = None,
                     stores=()):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("MOATSCAN_MARKET", str(market_path), priority="cmdline")
    settings.set("MOATSCAN_DB", str(db_path), priority="cmdline")
    settings.set("MOATSCAN_SCAN_ID", scan_id, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("MOATSCAN_SCAN_DATE", scan_date, priority="cmdline")
    # the spider gives every store its own download slot; this sets each slot's concurrency
    settings.set("DOWNLOAD_SLOTS", {store.id: {"concurrency": store.limits.concurrency}
                                    for store in stores}, priority="cmdline")
    settings.set("EXTENSIONS", {"crawlers.progress.Progress": 500}, priority="cmdline")
    return settings


@dataclass
class RenderedOptions:
    """How much of the browser pass (technologies and site speed) a scan runs."""

    enabled: bool = True
    tech_pages: int = 3
    """Product pages per store rendered for technologies, besides the home page."""
    speed_pages: int = 1
    """Of those, how many are also timed (the home page always is)."""
    runs: int = 3
    """Loads per page and profile; the median is kept."""
    profiles: tuple[str, ...] = ("mobile", "desktop")
    budget_s: float = 120
    """Most seconds spent on one store."""


def run_scan(market: MarketFile, db_path: str, *, stores: list[str] | None = None,
             scan_date: str | None = None, log_level: str = "WARNING",
             rendered: RenderedOptions | None = None) -> ScanResult:
    """Scan the stores of ``market`` into ``db_path``; return what was collected.

    Raises ScanFailed (with the scan recorded as ``failed``) when the crawl ends early.
    """
    from scrapy.crawler import CrawlerProcess

    from benchmark import run_benchmark
    from crawlers.pipelines import record_market
    from crawlers.spiders.store import StoreSpider
    from moatscan.rendered.session import MemorySampler

    database = moatdb.open_db(db_path)
    record_market(database, market)
    scan_id = moatdb.begin_scan(database, market_file=market.path,
                                base_currency=market.base_currency, scan_date=scan_date)
    logging.getLogger(__name__).info("scan %s started", scan_id)
    rendered_summary = None
    try:
        with MemorySampler(include_self=True) as memory:
            settings = crawler_settings(market.path, db_path, scan_id, log_level, scan_date,
                                        market.stores)
            process = CrawlerProcess(settings)
            crawler = process.create_crawler(StoreSpider)
            kwargs = {"stores": ",".join(stores)} if stores else {}
            process.crawl(crawler, **kwargs)
            process.start()
            reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
            if reason != "finished":
                raise ScanFailed(f"the crawl ended early ({reason or 'did not start'})")
            rendered = rendered or RenderedOptions()
            if rendered.enabled:
                from moatscan.rendered import run_rendered_pass

                chosen = [market.store(s) for s in stores] if stores else list(market.stores)
                print(f"Rendering {len(chosen)} stores in Chromium (technologies, site speed)"
                      " ...", file=sys.stderr, flush=True)
                rendered_summary = run_rendered_pass(
                    database, scan_id, chosen, samples=rendered.tech_pages,
                    speed_samples=rendered.speed_pages, runs=rendered.runs,
                    profiles=rendered.profiles, budget_s=rendered.budget_s)
        peaks = {"peak_memory_mb": round(memory.total_peak_kb / 1024, 1),
                 "peak_crawler_mb": round(memory.self_peak_kb / 1024, 1)}
        database["scans"].update(scan_id, peaks)
        summary = run_benchmark(database, scan_id, private_path=market.private_path)
    except BaseException as exc:
        moatdb.finish_scan(database, scan_id, status="failed",
                           note=f"{type(exc).__name__}: {exc}"[:500])
        raise
    moatdb.finish_scan(database, scan_id, status="complete")
    pages = {row["outcome"]: row["n"] for row in database.query(
        "SELECT outcome, count(*) AS n FROM pages WHERE scan_id = ? GROUP BY outcome",
        [scan_id])}
    offers = database.execute("SELECT count(*) FROM offers WHERE scan_id = ?",
                              [scan_id]).fetchone()[0]
    n_stores = database.execute("SELECT stores FROM scans WHERE id = ?", [scan_id]).fetchone()[0]
    return ScanResult(scan_id, n_stores, pages, offers, summary, rendered=rendered_summary,
                      **peaks)
