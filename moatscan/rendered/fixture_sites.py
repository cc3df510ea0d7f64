"""Small stores of known speed, served on 127.0.0.1, for the speed tests and the Lighthouse
comparison (``scripts/bench_lighthouse.py``).

Each site answers every request after a fixed delay and serves a home page and product pages
whose largest element is a hero image of a fixed size (random bytes in a valid PNG, so neither
gzip nor the network can shrink it). Everything a page references is on the site itself.

    with serve_sites(SPEED_SITES) as urls:      # {"fast": "http://127.0.0.1:PORT/", ...}
        ...
"""

from __future__ import annotations

import contextlib
import random
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True)
class Site:
    name: str
    delay_ms: int
    """Every response is held this long before it is sent."""
    hero_kb: int
    """Size of the hero image (the page's largest contentful element)."""
    products: int = 3


SPEED_SITES = (Site("fast", 10, 20), Site("medium", 150, 120), Site("slow", 450, 350))
"""Three stores whose speed order is planted: fast < medium < slow on every metric."""


def png(width: int, height: int, size_kb: int, seed: int = 1) -> bytes:
    """A valid RGB PNG of about ``size_kb`` kB whose pixels are noise (incompressible)."""
    rng = random.Random(seed)
    row_bytes = width * 3
    rows = max(1, min(height, (size_kb * 1024) // (row_bytes + 1)))
    raw = b"".join(b"\x00" + rng.randbytes(row_bytes) for _ in range(rows))
    raw += b"".join(b"\x00" + bytes(row_bytes) for _ in range(height - rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def page(site: Site, title: str) -> str:
    links = "".join(f'<li><a href="/products/item-{i}">Item {i}</a></li>'
                    for i in range(1, site.products + 1))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {site.name}</title>
<link rel="stylesheet" href="/static/style.css">
</head><body>
<header><h1>{site.name.title()} store</h1></header>
<main>
<img class="hero" src="/static/hero.png" width="800" height="400" alt="{title}">
<h2>{title}</h2>
<p>Fast shipping, easy returns, and a store served at a fixed speed for measurement.</p>
<ul>{links}</ul>
</main>
<script src="/static/app.js"></script>
</body></html>"""


STYLE = "body{font-family:sans-serif;margin:0}main{padding:16px}.hero{width:100%;height:auto}"
SCRIPT = "document.documentElement.dataset.ready = '1';"


def _handler(site: Site, hero: bytes):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version, sys_version = "fixture-site", ""

        def do_GET(self):  # noqa: N802 - http.server's name
            time.sleep(site.delay_ms / 1000)
            path = self.path.split("?", 1)[0]
            if path == "/static/hero.png":
                self._send(200, "image/png", hero)
            elif path == "/static/style.css":
                self._send(200, "text/css", STYLE.encode())
            elif path == "/static/app.js":
                self._send(200, "application/javascript", SCRIPT.encode())
            elif path == "/":
                self._send(200, "text/html; charset=utf-8", page(site, "Home").encode())
            elif path.startswith("/products/item-"):
                self._send(200, "text/html; charset=utf-8",
                           page(site, path.rsplit("/", 1)[-1]).encode())
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    return Handler


class _Static(BaseHTTPRequestHandler):
    """Serves a folder (the saved technology pages) with the extra headers and cookies of
    ``<page>.headers`` files beside them (``Name: value`` lines)."""

    protocol_version = "HTTP/1.1"
    server_version, sys_version = "fixture-site", ""
    root: Path

    def do_GET(self):  # noqa: N802
        path = (self.root / self.path.split("?", 1)[0].lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not str(path).startswith(str(self.root.resolve())) or not path.is_file():
            body = b"not found"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        body = path.read_bytes()
        kinds = {".html": "text/html; charset=utf-8", ".js": "application/javascript",
                 ".css": "text/css"}
        self.send_response(200)
        self.send_header("Content-Type", kinds.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        extra = path.with_suffix(".headers")
        if extra.is_file():
            for line in extra.read_text(encoding="utf-8").splitlines():
                if ":" in line and not line.startswith("#"):
                    name, value = line.split(":", 1)
                    self.send_header(name.strip(), value.strip())
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a browser context closed mid-response (the favicon probe) is not an error here
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def _serving(handler):
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_sites(sites=SPEED_SITES):
    """Serve each site on its own loopback port: yields {name: base URL}."""
    with contextlib.ExitStack() as stack:
        urls = {}
        for i, site in enumerate(sites):
            hero = png(800, 400, site.hero_kb, seed=i + 1)
            urls[site.name] = stack.enter_context(_serving(_handler(site, hero)))
        yield urls


@contextlib.contextmanager
def serve_folder(root: str | Path):
    """Serve a folder on a loopback port: yields its base URL."""
    handler = type("Static", (_Static,), {"root": Path(root)})
    with _serving(handler) as url:
        yield url
