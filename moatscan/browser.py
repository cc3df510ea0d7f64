"""Debian's Chromium driven by Playwright, outside Scrapy (``moatscan extract --render``).

Playwright cannot download a browser of its own here; it is pointed at the system Chromium,
launched with the flags that keep it off the network except for the page asked for.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class BrowserError(Exception):
    """The browser could not be started or could not load the page."""


def chromium_path() -> str:
    path = os.environ.get("MOATSCAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise BrowserError(f"Chromium not found at {path}: run scripts/setup.sh "
                           "(it installs Debian's chromium) or set MOATSCAN_CHROMIUM")
    return path


def launch_options() -> dict:
    return {"executable_path": chromium_path(), "headless": True, "args": CHROMIUM_ARGS}


def render(url: str, *, timeout_s: float = 20.0) -> str:
    """The page's HTML after its scripts ran (network idle), as the browser holds it."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options())
            try:
                page = browser.new_page()
                page.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
                return page.content()
            finally:
                browser.close()
    except Error as exc:
        raise BrowserError(f"{url}: the browser could not load the page: "
                           f"{str(exc).splitlines()[0]}") from None
