"""Keep every request, redirects included, on the origins named in the market file."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from moatscan.config import origin_of


class OffsiteRequest(IgnoreRequest):
    """A request (often a redirect) to an origin that is not the store's."""


class StoreOriginMiddleware:
    """Refuse requests outside their store's origin (scheme, host and port).

    Scrapy's own offsite middleware compares host names only, so stores served from one host
    on different ports (as the demo market is) would leak into each other. This runs for every
    request the engine downloads, so a 302 to another origin is refused before it is fetched.
    Requests without ``meta["store"]`` (robots.txt fetched by Scrapy itself) pass.
    """

    def __init__(self):
        self.allowed: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls()
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider):
        self.allowed = {store.id: store.origin for store in getattr(spider, "stores", ())}

    def process_request(self, request, spider=None):
        store = request.meta.get("store")
        if store is None or not self.allowed:
            return None
        if origin_of(request.url) != self.allowed.get(store):
            raise OffsiteRequest(
                f"offsite: {request.url} is outside the store's origin {self.allowed.get(store)}"
            )
        return None
