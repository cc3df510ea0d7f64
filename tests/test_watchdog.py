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

    before = set(browser_processes()) | set(playwright_drivers())
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        started = time.monotonic()
        watchdog = Watchdog(3)
        with pytest.raises(Error):
            with watchdog, sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_options())
                browser.new_page().goto(url, timeout=0)
    assert watchdog.fired and time.monotonic() - started < 30
    deadline = time.monotonic() + 10  # killed processes leave the table once reaped
    while (set(browser_processes()) | set(playwright_drivers())) - before and (
            time.monotonic() < deadline):
        time.sleep(0.2)
    assert set(browser_processes()) | set(playwright_drivers()) <= before
    assert _asyncio_reports("Connection closed while reading from the driver") is False
    assert _asyncio_reports("Connection reset by peer") is True


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
