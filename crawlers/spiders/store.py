"""The store spider: visit each store of the market file and hand every page to parsers/.

It navigates only: robots.txt (obeyed by Scrapy's middleware; read here for its Sitemap
lines), sitemaps, links from the home page down to ``max_depth``, within the store's origin,
up to ``max_pages`` pages per store. Product pages are parsed by ``parsers.product``; a page
that turns out to be a JavaScript shell is fetched again through the browser when the store's
``browser`` mode is ``auto``. Every URL tried ends up in the ledger with its outcome.

Run one store from the checkout::

    scrapy crawl store -a stores=voltaro -s MOATSCAN_DB=/tmp/voltaro.db
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urldefrag, urljoin

import scrapy
from scrapy.utils.sitemap import Sitemap

from crawlers.items import LedgerEntry, ProductItem, StoreSignalsItem
from crawlers.outcomes import failure_outcome
from moatscan.config import ConfigError, load_market, origin_of
from moatscan.markets import page_market
from parsers.html import parse_html
from parsers.localisation import alternate_urls, page_language
from parsers.endpoints import catalogue_endpoints
from parsers.page_shell import looks_script_rendered
from parsers.platforms import shopify_products, woocommerce_products
from parsers.policies import extract_policies, looks_like_policy_page
from parsers.product import extract_product
from parsers.store import extract_store_signals
from parsers.urls import absolute_url

PLATFORM_PARSERS = {"shopify": shopify_products, "woocommerce": woocommerce_products}
MAX_ENDPOINT_PAGES = 40
MALFORMED_LINK = "malformed link: not a URL"
"""The ledger's reason for a link no URL parser reads ("https://[shop.example/")."""
BROWSER_TIMEOUT_FACTOR = 3
"""A page rendered in the browser may take this many times the store's request timeout."""
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
NOT_PAGES = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|pdf|zip|mp4|woff2?)$", re.I)


class StoreSpider(scrapy.Spider):
    name = "store"

    def __init__(self, stores: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected = [s.strip() for s in stores.split(",")] if stores else None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = crawler.settings.get("MOATSCAN_MARKET")
        try:
            spider.market = load_market(path)
            spider.stores = ([spider.market.store(s) for s in spider.selected]
                             if spider.selected else list(spider.market.stores))
        except ConfigError as exc:
            raise scrapy.exceptions.NotConfigured(str(exc)) from None
        spider.by_id = {s.id: s for s in spider.stores}
        spider.today = crawler.settings.get("MOATSCAN_SCAN_DATE") or date.today().isoformat()
        spider.seen: dict[str, set[str]] = {s.id: set() for s in spider.stores}
        spider.budget = {s.id: s.limits.max_pages for s in spider.stores}
        spider.sitemap_count = {s.id: 0 for s in spider.stores}
        spider.ship_to: dict[tuple[str, str | None], set[str]] = {}
        spider.skipped: list[LedgerEntry] = []
        return spider

    async def start(self):
        for store in self.stores:
            robots = urljoin(store.url, "/robots.txt")
            yield self.request(store, robots, "robots", self.parse_robots, depth=0)
            for url in (store.url, *store.start_urls):
                request = self.page_request(store, url, "home" if url == store.url else "listing",
                                            depth=0)
                if request:
                    yield request

    # -- requests -------------------------------------------------------------------------

    def request(self, store, url, kind, callback, *, depth, browser=False, referer=None,
                extra=None):
        # a page rendered in the browser fetches its scripts and their data too
        timeout = store.limits.timeout_s * (BROWSER_TIMEOUT_FACTOR if browser else 1)
        meta = {
            "store": store.id, "kind": kind, "depth": depth, "referer_url": referer,
            "download_slot": store.id, "download_timeout": timeout, **(extra or {}),
        }
        if browser:
            meta.update(playwright=True,
                        playwright_page_goto_kwargs={"wait_until": "networkidle"})
        return scrapy.Request(url, callback=callback, errback=self.failed, meta=meta,
                              dont_filter=True, priority=-depth)

    def page_request(self, store, url, kind, *, depth, referer=None, browser=None):
        """A request for an HTML page, within the store's page budget; None if refused."""
        url = urldefrag(url)[0]
        if url in self.seen[store.id]:
            return None
        self.seen[store.id].add(url)
        if self.budget[store.id] <= 0:
            self.skipped.append(LedgerEntry(store.id, url, "skipped", kind=kind, depth=depth,
                                            reason=f"page limit of {store.limits.max_pages} "
                                                   f"pages reached", referer=referer))
            return None
        self.budget[store.id] -= 1
        browser = store.browser == "always" if browser is None else browser
        return self.request(store, url, kind, self.parse_page, depth=depth, browser=browser,
                            referer=referer)

    @staticmethod
    def malformed(store, link, kind, depth, response) -> LedgerEntry:
        """The ledger's entry for a link no URL parser reads, found on ``response``."""
        return LedgerEntry(store.id, link, "skipped", kind=kind, depth=depth,
                           reason=MALFORMED_LINK, referer=response.url)

    def drain_skipped(self):
        while self.skipped:
            yield self.skipped.pop()

    # -- callbacks ------------------------------------------------------------------------

    def ledger(self, response, outcome, reason=None) -> LedgerEntry:
        meta = response.meta
        return LedgerEntry(
            store_id=meta["store"], url=response.url, outcome=outcome, kind=meta["kind"],
            reason=reason, http_status=response.status,
            via="browser" if meta.get("playwright") else "http",
            elapsed_ms=round(meta["download_latency"] * 1000, 1)
            if "download_latency" in meta else None,
            bytes=len(response.body), depth=meta["depth"], referer=meta.get("referer_url"),
        )

    def parse_robots(self, response):
        store = self.by_id[response.meta["store"]]
        yield self.ledger(response, "fetched")
        for line in response.body.decode("utf-8", "replace").splitlines():
            field, _, value = line.partition(":")
            if field.strip().lower() != "sitemap" or not value.strip():
                continue
            url = absolute_url(response.url, value)
            if url is None:
                yield self.malformed(store, value.strip(), "sitemap", 0, response)
            elif origin_of(url) == store.origin:
                yield self.request(store, url, "sitemap", self.parse_sitemap, depth=0)

    def parse_sitemap(self, response):
        store = self.by_id[response.meta["store"]]
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on broken XML
            yield self.ledger(response, "error", reason=f"not a sitemap: {exc}")
            return
        yield self.ledger(response, "fetched")
        urls = [entry["loc"] for entry in sitemap if entry.get("loc")]
        if sitemap.type == "sitemapindex":
            for url in urls:
                if origin_of(url) == store.origin:
                    yield self.request(store, url, "sitemap", self.parse_sitemap, depth=0)
            return
        self.sitemap_count[store.id] += len(urls)
        yield StoreSignalsItem(store.id, response.url,
                               {"sitemap_urls": (self.sitemap_count[store.id], "sitemap")})
        for url in urls:
            if origin_of(url) == store.origin and not NOT_PAGES.search(url):
                request = self.page_request(store, url, self.kind_of(store, url), depth=1,
                                            referer=response.url)
                if request:
                    yield request
        yield from self.drain_skipped()

    def parse_page(self, response):
        store = self.by_id[response.meta["store"]]
        if not isinstance(response, scrapy.http.TextResponse):
            yield self.ledger(response, "error", reason="not an HTML page "
                              f"({response.headers.get('Content-Type', b'').decode()})")
            return
        tree = parse_html(response.body, response.url,
                          encoding=response.encoding)
        via_browser = bool(response.meta.get("playwright"))
        shell = store.browser != "never" and looks_script_rendered(tree)
        if shell and not response.meta.get("rendered_again") and (
                via_browser or store.browser == "auto"):
            # the HTML is a shell that JavaScript fills: fetch it (again) in the browser; a
            # rendered page still empty had its scripts cut short (a busy machine), once more
            yield self.request(store, response.url, response.meta["kind"], self.parse_page,
                               depth=response.meta["depth"], browser=True,
                               referer=response.meta.get("referer_url"),
                               extra={"rendered_again": via_browser})
            return
        language = page_language(tree)
        market_code, ctx = self.market_ctx(store, language=language)
        page = extract_product(tree, response.url, ctx)
        if response.meta["kind"] == "home" or self.is_localised_home(store, response.url, tree):
            yield from self.parse_home(store, response, tree, market_code)
        elif looks_like_policy_page(response.url, tree):
            policies = extract_policies(tree, response.url, lang=language,
                                        currency_hint=ctx["currency"], today=self.today)
            signals = policies.as_signals()
            if "ship_to" in signals:
                # the countries a market's policy pages name, together ("UK delivery" in the
                # FAQ, the full list on the shipping page)
                stated = self.ship_to.setdefault((store.id, market_code), set())
                stated.update(signals["ship_to"][0])
                signals["ship_to"] = (sorted(stated), signals["ship_to"][1])
            if signals:
                yield StoreSignalsItem(store.id, response.url, signals, market=market_code)
        if page.product is not None:
            currency = next((o.currency for o in page.product.offers if o.currency), None)
            market_code = page_market([self.market.markets[m] for m in store.markets],
                                      language=language, currency=currency)
            yield ProductItem(store.id, market_code, page)
            yield self.ledger(response, "product")
        else:
            reason = "; ".join(page.problems) or "no product data (JSON-LD, microdata, meta)"
            yield self.ledger(response, "not_product", reason=reason)
        yield from self.follow_links(store, response, tree)

    def parse_home(self, store, response, tree, market_code):
        """A home page's signals for its market; the main home page's also for the whole store
        ('*'), and the platform catalogue endpoints it reveals are requested."""
        signals = extract_store_signals(tree, response.url, market=market_code)
        if market_code:
            yield StoreSignalsItem(store.id, response.url, signals.market_signals(),
                                   market=market_code)
        if response.meta["kind"] != "home":
            return
        yield StoreSignalsItem(store.id, response.url, signals.as_signals())
        for endpoint in catalogue_endpoints(tree):
            yield self.request(store, urljoin(store.url, endpoint.path), "endpoint",
                               self.parse_endpoint, depth=0,
                               extra={"platform": endpoint.platform, "page_no": 1})

    def parse_endpoint(self, response):
        """A page of a platform's catalogue endpoint: every product in it, then the next page."""
        store = self.by_id[response.meta["store"]]
        platform, page_no = response.meta["platform"], response.meta["page_no"]
        records, problems = PLATFORM_PARSERS[platform](response.body, store.url,
                                                       self.market_ctx(store)[1])
        if not records:
            reason = "; ".join(problems) or "no products in the answer"
            yield self.ledger(response, "not_product", reason=reason)
            return
        yield self.ledger(response, "fetched", reason=f"{len(records)} products")
        for page in records:
            currency = next((o.currency for o in page.product.offers if o.currency), None)
            # a catalogue endpoint answers for the store's main (first) market unless its
            # prices or language say which market they are for
            market = page_market([self.market.markets[m] for m in store.markets],
                                 language=page.language, currency=currency) or store.markets[0]
            yield ProductItem(store.id, market, page)
        if page_no < MAX_ENDPOINT_PAGES:
            next_url = re.sub(r"([?&]page=)\d+", rf"\g<1>{page_no + 1}", response.url)
            yield self.request(store, next_url, "endpoint", self.parse_endpoint, depth=0,
                               extra={"platform": platform, "page_no": page_no + 1})

    def follow_links(self, store, response, tree):
        depth = response.meta["depth"] + 1
        if depth > store.limits.max_depth:
            return
        for element, attribute, link, _ in tree.iterlinks():
            if element.tag != "a" or attribute != "href" or link.startswith(SKIPPED_SCHEMES):
                continue
            url = absolute_url(response.url, link)
            if url is None:
                if link not in self.seen[store.id]:
                    self.seen[store.id].add(link)
                    self.skipped.append(self.malformed(store, link, "page", depth, response))
                continue
            if origin_of(url) != store.origin or NOT_PAGES.search(urldefrag(url)[0]):
                continue
            request = self.page_request(store, url, self.kind_of(store, url), depth=depth,
                                        referer=response.url)
            if request:
                yield request
        yield from self.drain_skipped()

    @staticmethod
    def is_localised_home(store, url, tree) -> bool:
        """Whether the page is the store's home page in another language ("/de/"): it names
        the home page among its language alternates (hreflang)."""
        home = store.url.rstrip("/")
        return url.rstrip("/") != home and any(
            alternate.rstrip("/") == home for alternate in alternate_urls(tree, url))

    def failed(self, failure):
        request = failure.request
        outcome, reason, status = failure_outcome(failure, request)
        # a refused redirect is recorded under the URL the spider asked for
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        yield LedgerEntry(
            store_id=request.meta["store"], url=url, outcome=outcome,
            kind=request.meta.get("kind"), reason=reason, http_status=status,
            via="browser" if request.meta.get("playwright") else "http",
            depth=request.meta.get("depth"), referer=request.meta.get("referer_url"),
        )

    def market_ctx(self, store, language=None) -> tuple[str | None, dict]:
        """The market a page of ``store`` in ``language`` is for, and the parser's hints."""
        code = page_market([self.market.markets[m] for m in store.markets], language=language)
        market = self.market.markets.get(code) if code else None
        return code, {"market": code, "currency": market.currency if market else None,
                      "language": market.language if market else None, "today": self.today}

    @staticmethod
    def kind_of(store, url) -> str:
        if store.product_url_patterns:
            return "product" if any(re.search(p, url) for p in store.product_url_patterns) \
                else "page"
        return "page"
