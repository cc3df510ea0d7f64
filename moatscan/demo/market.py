"""`DemoMarket`: start and stop the demo stores and the partner site on the loopback interface.

    with DemoMarket(ports={sid: 0 for sid in DEFAULT_PORTS}) as market:
        market.base_urls["voltaro"]      # "http://127.0.0.1:40123/"
        ...                              # crawl it
        market.request_log               # [("voltaro", "GET", "/robots.txt"), ...]

Servers bind first (so port 0 becomes a real port), then the sites are rendered with the real
URLs, then every server runs in a background thread.
"""

from __future__ import annotations

import dataclasses
import errno
import ipaddress
import threading

from moatscan.demo.catalogue_file import load_catalogue
from moatscan.demo.server import RequestLog, StoreServer
from moatscan.demo.site import build_sites
from moatscan.demo.weeks import check_week

DEFAULT_PORTS: dict[str, int] = {"brightlane": 8471, "voltaro": 8472, "kabelwerk": 8473,
                                 "denkiya": 8474, "maisonvolt": 8475, "britcharge": 8476,
                                 "partner": 8479}
"""The demo market's fixed ports, as listed in data/market.yaml; "partner" is not a store."""
POLL_INTERVAL = 0.02
"""Seconds between shutdown checks of each server loop: keeps stop() quick."""


class PortInUseError(OSError):
    """A demo server could not listen because its port is taken; the message names both, and
    so do ``site_id`` and ``address`` (host, port)."""

    site_id: str | None = None
    address: tuple[str, int] | None = None


class DemoMarket:
    """The demo stores and the partner site, served on 127.0.0.1 in background threads."""

    def __init__(self, week: int = 1, ports: dict[str, int] | None = None,
                 host: str = "127.0.0.1", *, latency: bool = True) -> None:
        """`ports` overrides DEFAULT_PORTS per site; 0 picks a free port. `host` must be loopback.
        `latency=False` answers without the stores' planted latency: for reading the pages
        (tests of what is on them), never for timing them."""
        self.week = check_week(week)
        self.latency = latency
        self.host = _loopback(host)
        unknown = sorted(set(ports or {}) - set(DEFAULT_PORTS))
        if unknown:
            raise ValueError(f"unknown demo site {unknown[0]!r}; known: {sorted(DEFAULT_PORTS)}")
        self.ports = {**DEFAULT_PORTS, **(ports or {})}
        self._log = RequestLog()
        self._servers: dict[str, StoreServer] = {}
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def start(self) -> DemoMarket:
        """Bind every server, render the sites for the real ports, serve; returns self."""
        if self._servers:
            raise RuntimeError("this DemoMarket is already running")
        self._stopping = threading.Event()
        servers: dict[str, StoreServer] = {}
        try:
            for site_id, port in self.ports.items():
                servers[site_id] = self._bind(site_id, port)
            self._servers = servers
            sites = build_sites(load_catalogue(), self.week, self.base_urls)
        except BaseException:
            self._servers = {}
            for server in servers.values():
                server.server_close()
            raise
        for site_id, server in servers.items():
            server.site = sites[site_id] if self.latency else dataclasses.replace(sites[site_id],
                                                                                  latency=0.0)
            thread = threading.Thread(target=server.serve_forever, args=(POLL_INTERVAL,),
                                      name=f"demo-{site_id}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop every server (a delayed /slow answer is cut short); safe to call twice."""
        self._stopping.set()
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers.values()]
        for stopper in stoppers:  # in parallel: each waits up to POLL_INTERVAL for its loop
            stopper.start()
        for thread in [*stoppers, *self._threads]:
            thread.join()
        for server in self._servers.values():
            server.server_close()
        self._servers, self._threads = {}, []

    def __enter__(self) -> DemoMarket:
        return self if self._servers else self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def base_urls(self) -> dict[str, str]:
        """{"brightlane": "http://127.0.0.1:8471/", ...} with the ports actually served."""
        if self._servers:
            ports = {site_id: server.port for site_id, server in self._servers.items()}
        elif 0 in self.ports.values():
            raise RuntimeError("start the DemoMarket first: some ports are chosen when it starts")
        else:
            ports = self.ports
        return {site_id: f"http://{self.host}:{port}/" for site_id, port in ports.items()}

    @property
    def today(self):
        """The week's fixed demo date (a datetime.date): "Arrives by ..." counts from it, and the
        matching scan date for the dated exchange rates (week 1: 2026-11-16)."""
        return load_catalogue().published(self.week)

    @property
    def request_log(self) -> list[tuple[str, str, str]]:
        """Every request any server received: (site_id, method, path including query)."""
        return self._log.entries()

    def _bind(self, site_id: str, port: int) -> StoreServer:
        try:
            return StoreServer(site_id, (self.host, port), self._log, self._stopping)
        except OSError as err:
            where = f"demo site {site_id!r} cannot listen on {self.host}:{port}"
            if err.errno == errno.EADDRINUSE:
                taken = PortInUseError(err.errno, f"{where}: the port is already in use "
                                       f"(pass ports={{{site_id!r}: 0}} to pick a free one)")
                taken.site_id, taken.address = site_id, (self.host, port)
                raise taken from err
            raise OSError(err.errno, f"{where}: {err.strerror}") from err


def _loopback(host: str) -> str:
    """`host` if it is an IPv4 loopback address; the demo market never listens anywhere else."""
    try:
        if ipaddress.ip_address(host).version == 4 and ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ValueError(f"the demo market serves on an IPv4 loopback address only, not {host!r}")
