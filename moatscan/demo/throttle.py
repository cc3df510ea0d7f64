"""The rate limit of one demo store: every Nth request of a client answers 429 once.

Like a real store's rate limiter it counts per client (here: per User-Agent, since every client
is 127.0.0.1), so one crawler's count does not depend on other clients. The Nth, 2Nth, ...
request answers `429 Too Many Requests` with `Retry-After: 1`, once per path: the same request
sent again after the wait succeeds. robots.txt is never limited.
"""

from __future__ import annotations

import threading

from moatscan.demo.responses import HTML, Resource

RETRY_AFTER_SECONDS = 1
TOO_MANY = Resource(b"<!doctype html><title>429 Too Many Requests</title>"
                    b"<h1>Too Many Requests</h1><p>Please slow down.</p>\n", HTML, 429,
                    (("Retry-After", str(RETRY_AFTER_SECONDS)),))


class Throttle:
    """Decides, request by request, whether to answer 429; thread-safe."""

    def __init__(self, every: int) -> None:
        self.every = every
        self._counts: dict[str, int] = {}
        self._limited: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def limit(self, client: str, path: str) -> bool:
        """True if this request (the client's next one, for `path`) must answer 429."""
        if self.every <= 0 or path == "/robots.txt":
            return False
        with self._lock:
            count = self._counts[client] = self._counts.get(client, 0) + 1
            if count % self.every or (client, path) in self._limited:
                return False
            self._limited.add((client, path))
            return True
