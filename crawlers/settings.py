"""Scrapy settings for moatscan.

``scrapy crawl store -a stores=voltaro`` works in the checkout with these settings; the
``moatscan scan`` command uses them too and sets MOATSCAN_* per run. Polite by default:
robots.txt obeyed, AutoThrottle on, a small per-store concurrency, an identifying user agent.
"""

import os
import shutil

from moatscan.browser import CHROMIUM_ARGS

BOT_NAME = "moatscan"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = "moatscan/0.1 (+competitor benchmark; respects robots.txt)"
ROBOTSTXT_OBEY = True

# Each store gets its own download slot (set by the spider), so these apply per store.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 10
RETRY_TIMES = 1
# A page that still fails after its retries is one page, not a failed crawl: the ledger records
# it (outcome timeout or error, with the reason), so Scrapy's message about it is a warning.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's offsite filter compares host names only; ours compares scheme, host and port.
    # It runs first (before robots.txt is consulted) for every request, redirects included.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawlers.middlewares.StoreOriginMiddleware": 50,
    # sees 429/503 answers before Scrapy's RetryMiddleware (550) and waits as asked
    "crawlers.retry_after.RetryAfterMiddleware": 560,
}
RETRY_AFTER_MAX_S = 30
ITEM_PIPELINES = {"crawlers.pipelines.SQLitePipeline": 300}

# The browser, only for requests that ask for it (meta["playwright"] = True).
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("MOATSCAN_CHROMIUM")
    or shutil.which("chromium")
    or "/usr/bin/chromium",
    "headless": True,
    "args": CHROMIUM_ARGS,
}
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 15_000

# moatscan's own settings (the pipeline fails at start with a message naming the missing one)
MOATSCAN_MARKET = os.environ.get("MOATSCAN_MARKET", "data/market.yaml")
MOATSCAN_DB = os.environ.get("MOATSCAN_DB", "data/moatscan.db")
MOATSCAN_SCAN_DATE = None  # the date relative phrases ("arrives by Fri") resolve against
MOATSCAN_SCAN_ID = None  # set by `moatscan scan`; `scrapy crawl` opens and closes its own scan
