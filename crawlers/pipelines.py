"""Store what the spider yields in the moatscan SQLite database.

The pipeline writes rows keyed by scan, in batches, each batch in one transaction, with
idempotent upserts: replaying the same items changes nothing. It never marks a scan
complete when ``moatscan scan`` runs it (the command does that as its very last step);
under a bare ``scrapy crawl`` it opens its own scan and completes it when the crawl
finished normally.
"""

from __future__ import annotations

import json
import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawlers.items import LedgerEntry, ProductItem, StoreSignalsItem
from crawlers.rows import evidence_rows, offer_rows
from moatscan import db as moatdb
from moatscan.config import ConfigError, load_market

logger = logging.getLogger(__name__)

BATCH = 200
"""Rows buffered before a write; a write also happens every FLUSH_S seconds."""
FLUSH_S = 2.0
TABLE_KEYS = {
    "pages": ("scan_id", "url"),
    "offers": ("scan_id", "store_id", "offer_key"),
    "evidence": ("scan_id", "store_id", "subject", "field"),
    "store_signals": ("scan_id", "store_id", "market", "signal"),
}


class SQLitePipeline:
    def __init__(self, db_path: str, market_path: str, scan_id: int | None):
        self.db_path, self.market_path = db_path, market_path
        self.scan_id, self.owns_scan = scan_id, scan_id is None
        self.pending: dict[str, list[dict]] = {table: [] for table in TABLE_KEYS}
        self.db = None
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        db_path = settings.get("MOATSCAN_DB")
        if not db_path:
            raise NotConfigured("MOATSCAN_DB is not set: the SQLite pipeline needs a database path")
        market_path = settings.get("MOATSCAN_MARKET")
        if not market_path:
            raise NotConfigured("MOATSCAN_MARKET is not set: the pipeline needs the market file")
        scan_id = settings.getint("MOATSCAN_SCAN_ID") or None
        pipeline = cls(db_path, market_path, scan_id)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider=None):
        self.db = moatdb.open_db(self.db_path)
        if self.owns_scan:
            try:
                market = load_market(self.market_path)
            except ConfigError as exc:
                raise NotConfigured(str(exc)) from None
            record_market(self.db, market)
            self.scan_id = moatdb.begin_scan(self.db, market_file=self.market_path,
                                             base_currency=market.base_currency)
        logger.info("Writing scan %s to %s", self.scan_id, self.db_path)

    def process_item(self, item, spider=None):
        if isinstance(item, LedgerEntry):
            row = {k: v for k, v in item.__dict__.items()}
            row.update(scan_id=self.scan_id, fetched_at=moatdb.now())
            self.pending["pages"].append(row)
        elif isinstance(item, ProductItem):
            offers = offer_rows(self.scan_id, item.store_id, item.market, item.page)
            self.pending["offers"].extend(offers)
            self.pending["evidence"].extend(evidence_rows(self.scan_id, item.store_id,
                                                          item.page, offers))
        elif isinstance(item, StoreSignalsItem):
            for signal, (value, source) in item.signals.items():
                if isinstance(value, (list, dict)):
                    value = json.dumps(value, ensure_ascii=False)
                self.pending["store_signals"].append({
                    "scan_id": self.scan_id, "store_id": item.store_id,
                    "market": item.market or "*", "signal": signal,
                    "value": None if value is None else str(value), "url": item.url,
                    "source": source,
                })
        if (sum(len(rows) for rows in self.pending.values()) >= BATCH
                or time.monotonic() - self.last_flush >= FLUSH_S):
            self.flush()
        return item

    def flush(self):
        self.last_flush = time.monotonic()
        if not any(self.pending.values()):
            return
        with self.db.conn:
            for table, rows in self.pending.items():
                if table == "offers" and rows:
                    merge_offers(self.db, rows)
                elif rows:
                    self.db[table].upsert_all(rows, pk=TABLE_KEYS[table], batch_size=500)
        for rows in self.pending.values():
            rows.clear()

    def close_spider(self, spider=None):
        self.flush()

    def spider_closed(self, spider, reason):
        """Under a bare ``scrapy crawl``, finish the scan this pipeline opened."""
        if not self.owns_scan or self.db is None:
            return
        if reason != "finished":
            moatdb.finish_scan(self.db, self.scan_id, status="failed",
                               note=f"crawl ended early: {reason}")
            return
        from benchmark import run_benchmark

        run_benchmark(self.db, self.scan_id)
        moatdb.finish_scan(self.db, self.scan_id, status="complete",
                           note="scrapy crawl (stores chosen on the command line)")


ENDPOINT_SOURCES = ("shopify-json", "woocommerce-api")
"""Offers from catalogue endpoints: they fill what a product page left out, never override it."""


def merge_offers(db, rows: list[dict]) -> None:
    """Upsert offers so that a value never erases another with None.

    The same offer can come from a platform endpoint (products.json) and from its HTML page.
    Where both state a value, the page the buyer sees wins (Shopify's ``available: false``
    says less than the page's "pre-order"), whichever arrived first; replaying the same rows
    changes nothing.
    """
    columns = list(dict.fromkeys(key for row in rows for key in row))
    keys = TABLE_KEYS["offers"]
    values = [c for c in columns if c not in keys]
    insert = (f"INSERT INTO offers ({', '.join(f'[{c}]' for c in columns)}) "
              f"VALUES ({', '.join('?' for _ in columns)}) ON CONFLICT ({', '.join(keys)}) ")
    page_wins = insert + "DO UPDATE SET " + ", ".join(
        f"[{c}] = coalesce(excluded.[{c}], offers.[{c}])" for c in values)
    page_kept = insert + "DO UPDATE SET " + ", ".join(
        f"[{c}] = coalesce(offers.[{c}], excluded.[{c}])" for c in values)
    for sql, chosen in ((page_wins, [r for r in rows if r.get("source") not in ENDPOINT_SOURCES]),
                        (page_kept, [r for r in rows if r.get("source") in ENDPOINT_SOURCES])):
        if chosen:
            db.conn.executemany(sql, [[row.get(c) for c in columns] for row in chosen])


def record_market(db, market) -> None:
    """Upsert the stores, markets and exchange rates of the market file."""
    with db.conn:
        db["stores"].upsert_all(
            [{"id": s.id, "name": s.name, "url": s.url, "role": s.role,
              "markets": json.dumps(list(s.markets))} for s in market.stores],
            pk="id",
        )
        db["markets"].upsert_all(
            [{"code": m.code, "currency": m.currency, "language": m.language}
             for m in market.markets.values()],
            pk="code",
        )
        rates = [{"rate_date": day, "currency": cur, "base_currency": market.base_currency,
                  "rate": rate, "source": market.path}
                 for day, table in market.exchange_rates.items() for cur, rate in table.items()]
        if rates:
            db["exchange_rates"].upsert_all(rates, pk=("rate_date", "currency", "base_currency"))
