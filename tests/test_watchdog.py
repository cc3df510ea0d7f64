"""A browser that stops answering is stopped, not waited on forever (its own module: it runs
Playwright's sync API, which cannot nest inside another module's running one)."""

from __future__ import annotations

import pytest

from moatscan.rendered.session import browser_processes


@pytest.mark.browser
def test_watchdog_stops_a_browser_call_that_would_wait_forever():
    """A page that never answers, loaded without a timeout: the watchdog kills the driver and
    the browser it started, the call fails, and nothing of them is left."""
    import socket
    import time

    from playwright.sync_api import Error, sync_playwright

    from moatscan.browser import launch_options
    from moatscan.rendered.session import Watchdog, playwright_drivers

    browsers: list[int] = []
    drivers: list[int] = []
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        started = time.monotonic()
        watchdog = Watchdog(3)
        with pytest.raises(Error):
            with watchdog, sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_options())
                browsers, drivers = browser_processes(), playwright_drivers()
                browser.new_page().goto(url, timeout=0)
    assert watchdog.fired and time.monotonic() - started < 30
    # the driver and every browser process it had started are gone (an orphan would live on
    # under another parent: each process is looked up by its id, not among this one's)
    assert browsers and drivers
    launched = browsers + drivers
    deadline = time.monotonic() + 10
    while any(map(_running, launched)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in launched if _running(pid)] == []
    assert _asyncio_reports("Connection closed while reading from the driver") is False
    assert _asyncio_reports("Connection reset by peer") is True


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is no zombie (a killed orphan may wait to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _asyncio_reports(error: str) -> bool:
    """Whether the asyncio logger lets through its report of a future whose ``error`` no one
    read."""
    import logging

    try:
        raise Exception(error)
    except Exception as exc:
        exc_info = (type(exc), exc, exc.__traceback__)
    record = logging.LogRecord("asyncio", logging.ERROR, __file__, 1,
                               "Future exception was never retrieved\nfuture: <Future>", None,
                               exc_info)
    return bool(logging.getLogger("asyncio").filter(record))
