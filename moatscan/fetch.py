"""Read one page for ``moatscan extract``: a local file or a URL fetched once over HTTP."""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.request
from pathlib import Path

from parsers.urls import split_url

MAX_WAIT_S = 30
USER_AGENT = "moatscan/0.1 (+competitor benchmark; single page extract)"


CODES = (429, 503)
"""Answers that may carry a Retry-After worth waiting for."""


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait for a Retry-After header: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class FetchError(Exception):
    """The page could not be read."""


def _fetch(url: str, timeout: float, retries: int = 1) -> bytes:
    """The body at ``url``; a 429 or 503 with a short Retry-After is waited out once."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        wait = retry_after_seconds(exc.headers.get("Retry-After"))
        if exc.code in CODES and retries and wait is not None and wait <= MAX_WAIT_S:
            time.sleep(wait)
            return _fetch(url, timeout, retries - 1)
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError,
            http.client.HTTPException) as exc:
        # a redirect to no URL (ValueError), a space in the URL (InvalidURL), a broken answer
        raise FetchError(f"{url}: could not fetch: {exc}") from None


def _checked(url: str, what: str) -> str:
    """``url``, or FetchError when it is no URL ("https://[shop.example/", a port in letters)."""
    if split_url(url) is None:
        raise FetchError(f"{what} {url!r} is not a URL")
    return url


def read_source(source: str, url: str | None = None, timeout: float = 20.0) -> tuple[bytes, str]:
    """(body, page URL) for a local file or an http(s) URL."""
    if url is not None:
        _checked(url, "--url")
    if source.startswith(("http://", "https://")):
        _checked(source, "the page")
        return _fetch(source, timeout), url or source
    path = Path(source)
    try:
        return path.read_bytes(), url or path.resolve().as_uri()
    except OSError as exc:
        raise FetchError(f"{source}: cannot read: {exc.strerror or exc}") from None
