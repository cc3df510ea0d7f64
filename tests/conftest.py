"""Shared fixtures: the demo market served on 127.0.0.1 (free ports) and a market file for it.

Crawls run in a subprocess (``python -m moatscan scan``): Twisted's reactor cannot restart,
and a subprocess is what a user runs.

The two scanned databases (``scanned_db``, ``demo_db``) take minutes, most of it waiting on
the demo stores' planted latency and on the browser. So when the collected tests need them,
their scans start in the background as soon as collection ends, and the tests are ordered
(see ``ORDER``): first those that need neither database nor browser; then the browser tests
marked ``untimed`` (they time nothing, so they may share the machine with the scans); then
those that need ``scanned_db`` (one week: it is ready first), then those that need
``demo_db`` (they wait for it); last the other browser tests, whose timings must not share
the machine with a scan.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILT = ("scanned_db", "demo_db")
"""Session fixtures whose database is built in the background."""
_session: dict = {"builds": {}, "market": None, "folder": None}


class Build:
    """``moatscan ARGS --db FOLDER/moatscan.db`` running in a subprocess since it was created."""

    TIMEOUT = 900
    """Seconds a build may take (the two run side by side with the first tests)."""

    def __init__(self, folder: Path, *args, timeout: float = TIMEOUT):
        folder.mkdir(parents=True)
        self.db, self.folder, self.args = folder / "moatscan.db", folder, [*map(str, args)]
        self.deadline = time.monotonic() + timeout
        with (folder / "stdout").open("w") as out, (folder / "stderr").open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moatscan", *self.args, "--db", str(self.db)], cwd=ROOT,
                stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def result(self) -> subprocess.CompletedProcess:
        """Wait for the command; its outcome, or AssertionError naming what went wrong."""
        try:
            self.process.wait(timeout=max(1.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        out, err = ((self.folder / name).read_text(errors="replace") for name in ("stdout", "stderr"))
        if self.process.returncode != 0:
            raise AssertionError(f"moatscan {' '.join(self.args)} exited "
                                 f"{self.process.returncode}\n{out}\n{err}")
        return subprocess.CompletedProcess(self.process.args, 0, out, err)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


ORDER = ("plain", "untimed", "scanned_db", "demo_db", "browser")
"""The order of the groups of tests (see the module's docstring and ``group``)."""


def needs(item, name: str) -> bool:
    """Whether ``item`` uses this module's session fixture ``name`` (directly or through
    another fixture; a module's own fixture of the same name does not count)."""
    definitions = item._fixtureinfo.name2fixturedefs.get(name)
    return bool(definitions) and getattr(definitions[-1].func, "__module__", None) == __name__


def group(item) -> str:
    """The group of ``item`` in ``ORDER``."""
    for name in reversed(BUILT):         # demo_db first: a test needing both waits for it
        if needs(item, name):
            return name
    if item.get_closest_marker("browser"):
        return "untimed" if item.get_closest_marker("untimed") else "browser"
    return "plain"


def pytest_sessionstart(session):
    """The whole suite (no paths, no selection) needs both databases: start them before the
    tests are even collected."""
    config = session.config
    if (config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.keyword
            and not config.option.markexpr and not config.option.collectonly):
        for name in BUILT:
            _build(name)


def pytest_collection_modifyitems(config, items):
    """Order the tests (see the module's docstring) and start the database builds they need
    (stopping any started early that no collected test needs)."""
    groups = {item: group(item) for item in items}
    items.sort(key=lambda item: ORDER.index(groups[item]))
    for item in items:
        if groups[item] in BUILT:  # its setup may wait for a build (each has its own deadline)
            item.add_marker(pytest.mark.timeout(Build.TIMEOUT + 60))
    if config.option.collectonly:
        return
    for name in BUILT:
        if any(needs(item, name) for item in items):
            _build(name)
        elif name in _session["builds"]:
            _session["builds"].pop(name).stop()


def _build(name: str) -> Build:
    """The session's build of database ``name`` (one of ``BUILT``), started on first use."""
    builds = _session["builds"]
    if name in builds:
        return builds[name]
    if _session["folder"] is None:
        _session["folder"] = Path(tempfile.mkdtemp(prefix="moatscan-tests-"))
    folder = _session["folder"]
    if name == "demo_db":
        builds[name] = Build(folder / "demo", "demo", "--no-serve")
    else:
        from moatscan.cli import DEMO_RENDERED, DEMO_SCAN_DATES

        # the demo's own request timeout (5 s): the scan shares 2 cores with the other build,
        # its browsers and the tests, and only the planted /slow page may time out
        market_file = market_file_for(_demo_market(), folder / "market.yaml")
        builds[name] = Build(folder / "scan", "scan", "--market", market_file,
                             "--scan-date", DEMO_SCAN_DATES[0], *DEMO_RENDERED)
    return builds[name]


def pytest_sessionfinish(session, exitstatus):
    for build in _session["builds"].values():
        build.stop()
    if _session["market"] is not None:
        _session["market"].stop()
    if _session["folder"] is not None:
        shutil.rmtree(_session["folder"], ignore_errors=True)


class MarketProcess:
    """The demo market (week 1, free ports) served by a process of its own.

    The scans of the tests run while other tests keep this process busy. A server in one of
    its threads would then answer only when a test lets go of the GIL: a test that spends
    seconds in lxml or numpy held every store up, and the scans recorded timeouts that no
    store had (planted pages went missing). A process of its own answers on time.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_market, args=(child,), daemon=True)
        self._process.start()
        if not self._conn.poll(60):
            self.stop()
            raise RuntimeError("the demo market process did not start within 60 s")
        self.base_urls = self._conn.recv()

    @property
    def request_log(self) -> list[tuple[str, str, str]]:
        """Every request the market's servers received (see ``DemoMarket.request_log``)."""
        self._conn.send("log")
        return self._conn.recv()

    def stop(self) -> None:
        if self._process.is_alive():
            self._conn.send("stop")
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()


def _serve_market(conn) -> None:
    """The market process: serve, answer ``log`` with the request log, end on ``stop``."""
    from moatscan.demo import DEFAULT_PORTS, DemoMarket

    with DemoMarket(week=1, ports={store: 0 for store in DEFAULT_PORTS}) as market:
        conn.send(market.base_urls)
        while conn.recv() != "stop":
            conn.send(market.request_log)


def _demo_market():
    """The session's demo market (week 1, free ports, its own process), started on first use."""
    if _session["market"] is None:
        _session["market"] = MarketProcess()
    return _session["market"]


@pytest.fixture(scope="session")
def demo_market():
    return _demo_market()


@pytest.fixture(scope="session")
def demo_pages():
    """Week 1 of the demo market without the planted latency (free ports): for the tests that
    read its pages, never for those that time them or scan it."""
    from moatscan.demo import DEFAULT_PORTS, DemoMarket

    with DemoMarket(week=1, ports={store: 0 for store in DEFAULT_PORTS}, latency=False) as market:
        yield market


def market_file_for(market, path: Path, **limits) -> Path:
    """data/market.yaml with its store URLs pointed at ``market``'s ports."""
    data = yaml.safe_load((ROOT / "data" / "market.yaml").read_text(encoding="utf-8"))
    for store in [data["seller"], *data["competitors"]]:
        store["url"] = market.base_urls[store["id"]]
    data.setdefault("limits", {}).update(limits)
    if data.get("private"):
        data["private"] = str(ROOT / "data" / data["private"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_market_file(demo_market, tmp_path_factory):
    return market_file_for(demo_market, tmp_path_factory.mktemp("market") / "market.yaml",
                           timeout_s=3)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_datasette(argv: list[str], port: int, cwd: Path) -> Iterator[str]:
    """Run a Datasette command line (``argv``, serving on ``port``) until the block ends;
    yields its base URL once it answers."""
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Datasette did not start: {process.stderr.read()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def moatscan(*args, check=True, **kwargs) -> subprocess.CompletedProcess:
    """Run the moatscan command line in a subprocess from the checkout."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    result = subprocess.run([sys.executable, "-m", "moatscan", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, env=env, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"moatscan {' '.join(map(str, args))} exited "
                             f"{result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def scanned_db(demo_market):
    """One real scan of the demo market (week 1, the demo's light rendered pass), shared by the
    end-to-end tests: (database path, the finished command)."""
    build = _build("scanned_db")
    return build.db, build.result()


@pytest.fixture(scope="session")
def demo_db():
    """The database `moatscan demo --no-serve` builds: both weeks of the demo market.

    It serves the demo on its fixed ports (data/market.yaml), exactly as a newcomer runs it.
    """
    build = _build("demo_db")
    build.result()
    return build.db
