"""Name what went wrong with a request, in the words the ledger uses."""

from __future__ import annotations

from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from scrapy.spidermiddlewares.httperror import HttpError

from crawlers.middlewares import OffsiteRequest

try:  # the browser's own timeout, when the request went through Playwright
    from playwright.async_api import TimeoutError as BrowserTimeout
except ImportError:  # pragma: no cover - playwright is a dependency
    BrowserTimeout = TimeoutError


def failure_outcome(failure, request) -> tuple[str, str, int | None]:
    """(outcome, reason, http status) for a failed request."""
    timeout = request.meta.get("download_timeout")
    if failure.check(HttpError):
        status = failure.value.response.status
        retry_after = failure.value.response.headers.get("Retry-After")
        reason = f"HTTP {status}"
        if retry_after:
            reason += f" (Retry-After: {retry_after.decode('latin-1')})"
        return "http_error", reason, status
    if failure.check(OffsiteRequest):
        return "offsite", str(failure.value), None
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        if "robots.txt" in message:
            return "disallowed", "Forbidden by robots.txt", None
        return "skipped", message or "request ignored", None
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError, BrowserTimeout):
        return "timeout", f"no answer within {timeout:g} s" if timeout else "timed out", None
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError, DNSLookupError):
        return "error", f"could not connect: {failure.value}", None
    return "error", f"{failure.type.__name__}: {failure.getErrorMessage()}"[:500], None
