"""Read one page for ``moatscan extract``: a local file or a URL fetched once over HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

USER_AGENT = "moatscan/0.1 (+competitor benchmark; single page extract)"


class FetchError(Exception):
    """The page could not be read."""


def read_source(source: str, url: str | None = None, timeout: float = 20.0) -> tuple[bytes, str]:
    """(body, page URL) for a local file or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read(), url or response.geturl()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError(f"{source}: could not fetch: {exc}") from None
    path = Path(source)
    try:
        return path.read_bytes(), url or path.resolve().as_uri()
    except OSError as exc:
        raise FetchError(f"{source}: cannot read: {exc.strerror or exc}") from None
