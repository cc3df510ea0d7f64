"""What a demo server answers: prepared responses and content negotiation.

Every page, feed and file of a demo store is rendered once, when the market starts, into a
`Resource`. The server only looks resources up by path, so answering is cheap and the content is
the same on every request. Per-request behaviour (a delay today; rate limits or slow stores
later) is described on the resource and carried out by `server.py`.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
TYPES_BY_SUFFIX = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                   ".svg": "image/svg+xml; charset=utf-8", ".json": JSON, ".html": HTML}
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True)
class Resource:
    """A prepared HTTP response."""

    body: bytes
    content_type: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers, e.g. ("Location", url) for a redirect."""
    delay: float = 0.0
    """Seconds to wait before answering (the /slow page); other requests are not held up."""


def html(text: str, status: int = 200) -> Resource:
    """An HTML page."""
    return Resource(text.encode("utf-8"), HTML, status)


def json_resource(data: object) -> Resource:
    """A JSON document, keys in a stable order, non-ASCII text kept readable."""
    return Resource(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), JSON)


def text(body: str, content_type: str = TEXT) -> Resource:
    """A text document such as robots.txt or a sitemap."""
    return Resource(body.encode("utf-8"), content_type)


def static_file(path: Path) -> Resource:
    """A file shipped in `moatscan/demo/static/`."""
    content_type = TYPES_BY_SUFFIX.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    return Resource(path.read_bytes(), content_type or "application/octet-stream")


def redirect(location: str, status: int = 302) -> Resource:
    """A redirect to `location` (absolute, or a path on the same store)."""
    body = f'<!doctype html><title>Moved</title><a href="{location}">{location}</a>\n'
    return Resource(body.encode("utf-8"), HTML, status, (("Location", location),))


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True if an Accept-Encoding header allows gzip ("gzip, deflate"; not "gzip;q=0")."""
    for item in (accept_encoding or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def encode(resource: Resource, accept_encoding: str | None) -> tuple[bytes, dict[str, str]]:
    """The body to send and the encoding headers, gzip-compressed when the client accepts it."""
    headers = {}
    if resource.content_type.startswith(COMPRESSIBLE):
        headers["Vary"] = "Accept-Encoding"
        if resource.body and accepts_gzip(accept_encoding):
            headers["Content-Encoding"] = "gzip"
            return gzip.compress(resource.body, mtime=0), headers
    return resource.body, headers
