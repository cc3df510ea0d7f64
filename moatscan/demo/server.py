"""The HTTP server of one demo store: a threading server answering from a prepared `Site`.

Each request is handled in its own thread, so `/slow` (which waits before answering) and a store's
planted latency never hold up other requests. A rate-limited store answers 429 as `throttle.py`
decides. Every request that parses is recorded in a shared `RequestLog` before it is
answered, so tests can prove what a crawler did and did not fetch.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from moatscan.demo.responses import HTML, encode
from moatscan.demo.site import Site
from moatscan.demo.throttle import TOO_MANY


class RequestLog:
    """A thread-safe record of (store_id, method, path including query) for every request."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    def record(self, store_id: str, method: str, path: str) -> None:
        """Add one request."""
        with self._lock:
            self._entries.append((store_id, method, path))

    def entries(self) -> list[tuple[str, str, str]]:
        """A copy of the requests so far, in arrival order."""
        with self._lock:
            return list(self._entries)


class StoreServer(ThreadingHTTPServer):
    """Serves one `Site`; bind first (the port may be 0), then set `site`, then serve_forever()."""

    daemon_threads = True
    request_queue_size = 128
    """Listen backlog; the default of 5 drops connections when a crawler opens several at once."""

    def __init__(self, store_id: str, address: tuple[str, int], log: RequestLog,
                 stopping: threading.Event) -> None:
        self.store_id = store_id
        self.log = log
        self.stopping = stopping
        """Set when the market stops: cuts short any delayed response."""
        self.site: Site | None = None
        super().__init__(address, StoreHandler)

    @property
    def port(self) -> int:
        """The port actually bound (useful when 0 was asked for)."""
        return self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        """Ignore clients that hang up early (a crawler's timeout on /slow); report the rest."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StoreHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the server's `Site`; gzip when the client accepts it."""

    server: StoreServer
    server_version = "demo-store"
    protocol_version = "HTTP/1.0"

    def version_string(self) -> str:
        """The Server header: "demo-store" (which no fingerprint takes for a real server product)."""
        return self.server_version

    def parse_request(self) -> bool:
        """Parse the request line and headers, then record the request."""
        parsed = super().parse_request()
        if parsed:
            self.server.log.record(self.server.store_id, self.command, self.path)
        return parsed

    def do_GET(self) -> None:
        """Send the page, feed or file at the requested path."""
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        """Send the headers GET would send."""
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        if site.latency and self.server.stopping.wait(site.latency):
            return  # the market is stopping
        limited = site.throttle and site.throttle.limit(self.headers.get("User-Agent", ""),
                                                        urlsplit(self.path).path)
        resource = TOO_MANY if limited else site.respond(self.path)
        if resource.delay and self.server.stopping.wait(resource.delay):
            return  # the market is stopping: drop the connection without an answer
        body, headers = encode(resource, self.headers.get("Accept-Encoding"))
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(body)))
        if site.last_modified and resource.status == 200:
            self.send_header("Last-Modified", site.last_modified)
        platform = site.page_headers if resource.content_type == HTML and resource.status == 200 else ()
        for name, value in [*headers.items(), *resource.headers, *platform]:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        """Stay quiet: requests are recorded in the market's request log instead."""
