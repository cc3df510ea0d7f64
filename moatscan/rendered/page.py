"""One page rendered for ``moatscan extract --render``: its HTML and its technologies."""

from __future__ import annotations

from moatscan.browser import BrowserError
from moatscan.rendered.collect import load_facts
from moatscan.rendered.layers import layer_mapping
from moatscan.rendered.run import MIN_CONFIDENCE, technology_rows
from moatscan.rendered.session import BrowserSession, is_loopback_url
from moatscan.rendered.speed import PROFILES
from parsers.technologies import detect_technologies


def render_with_technologies(url: str, *, timeout_s: float = 20.0,
                             loopback_only: bool | None = None) -> tuple[str, list[dict]]:
    """(HTML after the page's scripts ran, technologies found: dicts with ``name``,
    ``category``, ``layer``, ``categories``, ``version``, ``confidence``, ``evidence``,
    ``source``). A page on 127.0.0.1 or a local file is kept to loopback (see session.py)."""
    from playwright.sync_api import sync_playwright

    guard = is_loopback_url(url) if loopback_only is None else loopback_only
    with sync_playwright() as playwright, BrowserSession(playwright,
                                                         loopback_only=guard) as session:
        context = session.browser.new_context(user_agent=PROFILES["desktop"].user_agent)
        try:
            facts = load_facts(context, url, timeout_s=timeout_s, settle_s=2.0, guard=guard)
        finally:
            context.close()
    if "_problem" in facts:
        raise BrowserError(f"{url}: {facts['_problem']}")
    rows = technology_rows(detect_technologies(facts, min_confidence=MIN_CONFIDENCE),
                           layer_mapping())
    return facts["html"], rows
