"""Honour ``Retry-After`` on 429 and 503 answers before retrying.

Scrapy's RetryMiddleware retries a 429 at once; a polite crawler waits as long as the store
asked (capped by RETRY_AFTER_MAX_S). The wait is asynchronous: other stores go on meanwhile.
"""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import get_retry_request

from moatscan.fetch import CODES, retry_after_seconds

class RetryAfterMiddleware:
    def __init__(self, max_wait: float, max_retries: int):
        self.max_wait, self.max_retries = max_wait, max_retries

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.settings.getfloat("RETRY_AFTER_MAX_S", 30.0),
                         crawler.settings.getint("RETRY_TIMES", 2))
        middleware.crawler = crawler
        return middleware

    async def process_response(self, request, response, spider=None):
        if response.status not in CODES or request.meta.get("dont_retry"):
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return response  # Scrapy's RetryMiddleware handles it as usual
        if wait > self.max_wait:
            return response  # too long: recorded as an http_error with the Retry-After it gave
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"HTTP {response.status} Retry-After {wait:g}s",
                                  max_retry_times=self.max_retries)
        if retry is None:
            return response
        await asyncio.sleep(wait)
        return retry
