"""Print one progress line per store every few seconds during a long crawl."""

from __future__ import annotations

import sys
import time
from collections import Counter

from scrapy import signals

from crawlers.items import LedgerEntry


class Progress:
    """Counts ledger entries per store and prints them to stderr at most every ``interval``."""

    def __init__(self, interval: float = 5.0, stream=sys.stderr):
        self.interval, self.stream = interval, stream
        self.counts: dict[str, Counter] = {}
        self.last = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.settings.getfloat("MOATSCAN_PROGRESS_INTERVAL", 5.0))
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item, response=None, spider=None):
        if isinstance(item, LedgerEntry):
            self.counts.setdefault(item.store_id, Counter())[item.outcome] += 1
            if time.monotonic() - self.last >= self.interval:
                self.report()

    def spider_closed(self, spider, reason):
        self.report(final=True)

    def report(self, final: bool = False):
        self.last = time.monotonic()
        for store, counts in sorted(self.counts.items()):
            parts = ", ".join(f"{n} {outcome}" for outcome, n in counts.most_common())
            print(f"{'done' if final else '...'} {store}: {parts}", file=self.stream, flush=True)
