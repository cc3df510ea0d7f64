"""One Chromium per store, kept on a short leash: bounded, measured, and gone afterwards.

``BrowserSession`` launches Debian's Chromium through Playwright with the flags of
:mod:`moatscan.browser`, samples the memory of the browser's processes while it runs (the
proportional set size from ``/proc``, so shared pages are not counted once per process), and on
exit closes the browser and checks through ``/proc`` that none of its processes is left,
killing (by pid) any that is.

Loopback guard: for a store served on 127.0.0.1 (the demo market, the tests) every request to
any other address is aborted by a Playwright route in the technology pass, and the browser is
launched with ``--host-resolver-rules`` that resolve no other host name. Speed runs never use a
route (it would change what is measured): they run only on pages whose every request the
guarded technology pass saw go to loopback.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import threading
import time
from urllib.parse import urlsplit

from moatscan.browser import BrowserError, launch_options

LOOPBACK_RESOLVER = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost, and for file:, data: and
    about: URLs (they leave no machine); False for anything else."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "about", "blob"):
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guard_route(blocked: list[str]):
    """A Playwright route handler letting loopback requests through and aborting the rest
    (their URLs are appended to ``blocked``)."""
    def handle(route):
        url = route.request.url
        if is_loopback_url(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")
    return handle


def process_tree() -> dict[int, list[int]]:
    """The children of every live process, {pid: child pids}, read from /proc: one snapshot,
    so several questions can be asked of one moment (processes come and go between reads)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def descendants(pid: int, children: dict[int, list[int]] | None = None) -> list[int]:
    """Process ids under ``pid`` (children, grandchildren…), read from /proc (or from
    ``children``, a ``process_tree()``)."""
    children = process_tree() if children is None else children
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def _is_browser(pid: int) -> bool:
    return process_name(pid).startswith(("chrom", "headless_shell"))


def _is_driver(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"run-driver" in handle.read()
    except OSError:
        return False


def browser_processes(pid: int | None = None,
                      children: dict[int, list[int]] | None = None) -> list[int]:
    """Chromium processes descended from ``pid`` (default: this process), in ``children`` (a
    ``process_tree()``) when given."""
    return [p for p in descendants(pid or os.getpid(), children) if _is_browser(p)]


def playwright_drivers(pid: int | None = None) -> list[int]:
    """Playwright driver processes (``node … run-driver``) descended from ``pid`` (default:
    this process)."""
    return [p for p in descendants(pid or os.getpid()) if _is_driver(p)]


def own_playwright_drivers(children: dict[int, list[int]] | None = None) -> list[int]:
    """The Playwright drivers this process started itself (its children). A program it runs
    (a scan started by a test session, say) has drivers and browsers of its own, which are
    none of this process's business: they are neither measured nor stopped here.
    ``children``: a ``process_tree()`` when the caller has one."""
    children = process_tree() if children is None else children
    return [p for p in children.get(os.getpid(), []) if _is_driver(p)]


def own_browser_processes() -> list[int]:
    """Chromium processes under this process's own Playwright drivers."""
    children = process_tree()
    return [p for driver in own_playwright_drivers(children)
            for p in descendants(driver, children) if _is_browser(p)]


class _KilledDriverNoise(logging.Filter):
    """Drops asyncio's "Future exception was never retrieved" for the reads a killed driver
    left pending: the call that waited on it already failed with Playwright's ``Error``."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (record.getMessage().startswith("Future exception was never retrieved")
                    and "Connection closed while reading from the driver" in str(error))


_KILLED_DRIVER_NOISE = _KilledDriverNoise()


class Watchdog:
    """Stops browser work that hangs: ``with Watchdog(seconds):`` kills, after ``seconds``, the
    Playwright drivers and browsers started inside the block, so that a call waiting on them
    fails (Playwright's ``Error``) instead of waiting forever. ``fired`` says whether it did."""

    def __init__(self, seconds: float):
        self.seconds, self.fired = seconds, False
        self._before: set[int] = set()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Watchdog:
        self._before = set(own_playwright_drivers()) | set(own_browser_processes())
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        logging.getLogger("asyncio").addFilter(_KILLED_DRIVER_NOISE)
        for pid in [*own_browser_processes(), *own_playwright_drivers()]:
            if pid not in self._before:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


def _memory_kb(pid: int) -> int:
    """Proportional set size (kB) of a process; its resident size where smaps_rollup is
    missing."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


class MemorySampler(threading.Thread):
    """Samples the summed memory of the browser processes every ``interval`` seconds; with
    ``include_self``, also this process's own, and their sum at each instant (the peak of
    the crawler plus its browsers)."""

    def __init__(self, interval: float = 0.25, *, include_self: bool = False):
        super().__init__(name="moatscan-browser-memory", daemon=True)
        self.interval, self.peak_kb, self.processes_peak = interval, 0, 0
        self.include_self, self.self_peak_kb, self.total_peak_kb = include_self, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        pids = own_browser_processes()
        browsers = sum(_memory_kb(p) for p in pids)
        own = _memory_kb(os.getpid()) if self.include_self else 0
        self.peak_kb = max(self.peak_kb, browsers)
        self.self_peak_kb = max(self.self_peak_kb, own)
        self.total_peak_kb = max(self.total_peak_kb, own + browsers)
        self.processes_peak = max(self.processes_peak, len(pids))

    def __enter__(self) -> MemorySampler:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sample()
        self.stop()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)


class BrowserSession:
    """``with BrowserSession(playwright, loopback_only=True) as session: session.browser``"""

    def __init__(self, playwright, *, loopback_only: bool):
        self.playwright, self.loopback_only = playwright, loopback_only
        self.browser = None
        self.sampler = MemorySampler()
        self.left_behind: list[int] = []
        self.before = set(own_browser_processes())

    def __enter__(self) -> BrowserSession:
        from playwright.sync_api import Error

        options = launch_options()
        if self.loopback_only:
            options["args"] = [*options["args"], LOOPBACK_RESOLVER]
        try:
            self.browser = self.playwright.chromium.launch(**options)
        except Error as exc:
            raise BrowserError(f"Chromium did not start: {str(exc).splitlines()[0]}") from None
        self.sampler.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.sampler.__exit__()
        try:
            if self.browser is not None:
                self.browser.close()
        except Exception:  # noqa: BLE001 - a dead browser is closed enough; reaped below
            pass
        self.left_behind = self.reap()

    def reap(self, wait_s: float = 3.0) -> list[int]:
        """Wait for this session's Chromium processes to exit; kill those that do not.
        Returns the pids that had to be killed."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            left = [p for p in own_browser_processes() if p not in self.before]
            if not left:
                return []
            time.sleep(0.05)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return left

    @property
    def peak_memory_mb(self) -> float:
        return round(self.sampler.peak_kb / 1024, 1)
