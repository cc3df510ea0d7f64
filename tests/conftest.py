"""Shared fixtures: the demo market served on 127.0.0.1 (free ports) and a market file for it.

Crawls run in a subprocess (``python -m moatscan scan``): Twisted's reactor cannot restart,
and a subprocess is what a user runs.

The two scanned databases (``scanned_db``: week 1 of the demo; ``demo_db``: weeks 1 and 2)
take minutes, most of it waiting on the demo stores' planted latency and on the browser. So
when the collected tests need them, their scans start in the background as soon as the session
starts (or collection ends), week 2 added to a copy of week 1, and the tests are ordered
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
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILT = ("scanned_db", "demo_db")
"""Session fixtures whose database is built in the background."""
_session: dict = {"builds": {}, "market": None, "folder": None}


class Build:
    """A database built in the background: ``job(build)`` runs in a thread from creation on,
    starting its commands with ``run`` and ``start`` (output to FOLDER/stdout, FOLDER/stderr)."""

    TIMEOUT = 900
    """Seconds a build may take (it shares the machine with the first tests)."""

    def __init__(self, folder: Path, job: Callable[[Build], None], timeout: float = TIMEOUT):
        folder.mkdir(parents=True)
        for name in ("stdout", "stderr"):
            (folder / name).touch()
        self.db, self.folder, self.timeout = folder / "moatscan.db", folder, timeout
        self.deadline = time.monotonic() + timeout
        self.commands: list[str] = []
        self.error: str | None = None
        self.request_log: list[tuple[str, str, str]] | None = None
        """What the market a build serves itself was asked (``_week_two``)."""
        self._processes: list[subprocess.Popen] = []
        self._markets: list[MarketProcess] = []
        self._lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(target=self._job, args=(job,), daemon=True)
        self._thread.start()

    def _job(self, job) -> None:
        try:
            job(self)
        except Exception:  # reported by result()
            self.error = traceback.format_exc()

    def start(self, module: str, *args) -> subprocess.Popen:
        """Start ``python -m MODULE ARGS`` from the checkout in a process group of its own (its
        own subprocesses and browsers are stopped with it), its output added to the build's."""
        argv = [sys.executable, "-m", module, *map(str, args)]
        with self._lock:
            if self._stopped:
                raise RuntimeError("the build was stopped")
            self.commands.append(" ".join(argv[2:]))
            with (self.folder / "stdout").open("a") as out, \
                    (self.folder / "stderr").open("a") as err:
                process = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err,
                                           start_new_session=True,
                                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
            self._processes.append(process)
        return process

    def run(self, module: str, *args) -> None:
        """Run ``python -m MODULE ARGS`` to its end; RuntimeError if it fails."""
        process = self.start(module, *args)
        if process.wait() != 0:
            raise RuntimeError(f"{self.commands[-1]} exited {process.returncode}")

    def serve(self, **kwargs) -> MarketProcess:
        """A demo market (``MarketProcess(**kwargs)``) that stops with the build."""
        market = MarketProcess(**kwargs)
        with self._lock:
            self._markets.append(market)
            stopped = self._stopped
        if stopped:
            market.stop()
            raise RuntimeError("the build was stopped")
        return market

    def result(self) -> subprocess.CompletedProcess:
        """Wait for the build; the output of its commands, or AssertionError naming what went
        wrong."""
        self._thread.join(timeout=max(1.0, self.deadline - time.monotonic()))
        if self._thread.is_alive():
            self.stop()
            self._thread.join()
            self.error = f"not finished within {self.timeout:g} s ({self.commands[-1:]})"
        out, err = ((self.folder / name).read_text(errors="replace") for name in ("stdout", "stderr"))
        if self.error:
            raise AssertionError(f"{self.error}\n{out}\n{err}")
        return subprocess.CompletedProcess(self.commands, 0, out, err)

    def running(self) -> list[subprocess.Popen]:
        """The build's commands still running."""
        return [process for process in self._processes if process.poll() is None]

    def stop(self) -> None:
        """Kill every command the build started, with their subprocesses, and its markets."""
        with self._lock:
            self._stopped = True
        for process in self._processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for market in self._markets:
            market.stop()


def _week_one(build: Build) -> None:
    """Week 1 of the demo, exactly as a newcomer builds it: `moatscan demo --no-serve`."""
    build.run("moatscan", "demo", "--no-serve", "--weeks", "1", "--db", build.db)


def _week_two(build: Build, week_one: Build) -> None:
    """Week 1's database, then week 2 scanned into it as `moatscan demo` scans it: the market
    of week 2 served on the demo's fixed ports (by a process of the tests, which keeps the log
    of what the scan asked for)."""
    import sqlite3

    from moatscan.cli import demo_scan_args
    from moatscan.demo import DEFAULT_PORTS

    week_one.result()
    with sqlite3.connect(week_one.db) as source, sqlite3.connect(build.db) as copy:
        source.backup(copy)
    market = build.serve(week=2, ports=DEFAULT_PORTS)
    try:
        build.run("moatscan", *demo_scan_args(2, build.db))
        build.request_log = market.request_log
    finally:
        market.stop()


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
    wanted = {name for name in BUILT if any(needs(item, name) for item in items)}
    if "demo_db" in wanted:
        wanted.add("scanned_db")  # week 2 is added to week 1
    for name in BUILT:
        if name in wanted:
            _build(name)
        elif name in _session["builds"]:
            _session["builds"].pop(name).stop()


def _build(name: str) -> Build:
    """The session's build of database ``name`` (one of ``BUILT``), started on first use:
    ``scanned_db`` is week 1 of the demo, ``demo_db`` adds week 2 to a copy of it."""
    builds = _session["builds"]
    if name in builds:
        return builds[name]
    if _session["folder"] is None:
        _session["folder"] = Path(tempfile.mkdtemp(prefix="moatscan-tests-"))
    folder = _session["folder"]
    if name == "demo_db":
        week_one = _build("scanned_db")
        builds[name] = Build(folder / "demo", lambda build: _week_two(build, week_one))
    else:
        builds[name] = Build(folder / "week1", _week_one)
    return builds[name]


def own_browsers() -> set[int]:
    """Chromium processes started by this test process, not by the session's background
    builds (their process trees are left out), read from one snapshot of the process table."""
    from moatscan.rendered.session import browser_processes, descendants, process_tree

    tree = process_tree()
    builds = {pid for build in _session["builds"].values() for process in build.running()
              for pid in descendants(process.pid, tree)}
    return set(browser_processes(children=tree)) - builds


def pytest_sessionfinish(session, exitstatus):
    for build in _session["builds"].values():
        build.stop()
    if _session["market"] is not None:
        _session["market"].stop()
    if _session["folder"] is not None:
        shutil.rmtree(_session["folder"], ignore_errors=True)


class MarketProcess:
    """A week of the demo market (default: week 1 on free ports) served by a process of its
    own.

    The scans of the tests run while other tests keep this process busy. A server in one of
    its threads would then answer only when a test lets go of the GIL: a test that spends
    seconds in lxml or numpy held every store up, and the scans recorded timeouts that no
    store had (planted pages went missing). A process of its own answers on time.
    """

    def __init__(self, week: int = 1, ports: dict[str, int] | None = None) -> None:
        from moatscan.demo import DEFAULT_PORTS

        ports = ports if ports is not None else {store: 0 for store in DEFAULT_PORTS}
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_market, args=(child, week, ports),
                                        daemon=True)
        self._process.start()
        if not self._conn.poll(60):
            self.stop()
            raise RuntimeError("the demo market process did not start within 60 s")
        started, answer = self._conn.recv()
        if not started:
            self.stop()
            raise RuntimeError(f"the demo market of week {week} did not start: {answer}")
        self.base_urls = answer

    @property
    def request_log(self) -> list[tuple[str, str, str]]:
        """Every request the market's servers received (see ``DemoMarket.request_log``)."""
        self._conn.send("log")
        return self._conn.recv()

    def stop(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send("stop")
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve_market(conn, week: int, ports: dict[str, int]) -> None:
    """The market process: (True, base URLs) once serving, or (False, why not); then answer
    ``log`` with the request log, end on ``stop``."""
    from moatscan.demo import DemoMarket

    try:
        market = DemoMarket(week=week, ports=ports).start()
    except Exception as exc:  # a port in use: said to the parent, which raises it
        conn.send((False, str(exc)))
        return
    with market:
        conn.send((True, market.base_urls))
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
def scanned_db():
    """Week 1 of the demo as `moatscan demo --no-serve --weeks 1` builds it (one real scan,
    the demo's light rendered pass), shared by the end-to-end tests: (database path, the
    finished command's output)."""
    build = _build("scanned_db")
    return build.db, build.result()


@pytest.fixture(scope="session")
def demo_requests(demo_db):
    """Every request week 2's scan of ``demo_db`` (crawl and browser pass) made of the demo
    market: (site id, method, path)."""
    return _build("demo_db").request_log


@pytest.fixture(scope="session")
def demo_db():
    """The database `moatscan demo --no-serve` builds: both weeks of the demo market, served
    on its fixed ports (data/market.yaml). Week 1 is ``scanned_db``'s; week 2 is scanned into a
    copy of it as the demo command scans it (see ``_week_two``)."""
    build = _build("demo_db")
    build.result()
    return build.db
