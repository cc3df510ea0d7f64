"""Reading one page for `moatscan extract`: Retry-After is honoured, failures are named."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from moatscan.fetch import FetchError, read_source, retry_after_seconds


@pytest.mark.parametrize("value,seconds", [
    (b"3", 3.0), ("120", 120.0), (" 1 ", 1.0),
    ("Wed, 25 Nov 2026 10:00:05 GMT", 5.0),
    ("Wed, 25 Nov 2026 09:59:00 GMT", 0.0),
    ("soon", None), (None, None), (b"", None),
])
def test_retry_after_seconds(value, seconds):
    now = 1795600800.0  # Wed, 25 Nov 2026 10:00:00 GMT
    assert retry_after_seconds(value, now=now) == seconds


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def do_GET(self):
        n = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "https://[shop.example/x")
            self.end_headers()
            return
        if self.path == "/busy-once" and n == 1 or self.path == "/always-busy":
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        body = b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_429_with_retry_after_is_waited_out_once(server):
    body, url = read_source(server + "/busy-once")
    assert b"ok" in body and url == server + "/busy-once"
    with pytest.raises(FetchError, match="always-busy: HTTP 429"):
        read_source(server + "/always-busy")


def test_unreachable_url_is_named():
    with pytest.raises(FetchError, match="127.0.0.1:9/page: could not fetch"):
        read_source("http://127.0.0.1:9/page", timeout=2)


@pytest.mark.parametrize(("source", "url", "message"), [
    ("https://[shop.example/p", None, "the page 'https://[shop.example/p' is not a URL"),
    (__file__, "http://shop.example:port/p", "--url 'http://shop.example:port/p' is not a URL"),
])
def test_a_malformed_url_is_named(source, url, message):
    with pytest.raises(FetchError, match=re.escape(message)):
        read_source(source, url)


@pytest.mark.parametrize(("path", "message"), [
    ("/moved", "could not fetch: Invalid IPv6 URL"),   # a redirect to no URL
    ("/a b", "could not fetch: URL can't contain control characters"),
])
def test_a_page_that_leads_nowhere_is_named(server, path, message):
    with pytest.raises(FetchError, match=re.escape(f"{server}{path}: {message}")):
        read_source(server + path, timeout=5)
