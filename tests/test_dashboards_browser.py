"""Headless Chromium over every dashboard and the brief: charts drawn, no console error.

Datasette serves the completed demo database on 127.0.0.1; the browser may reach that address
only (every other request is aborted and fails the test). Screenshots go to tests/artifacts/
(git-ignored) for a person to look at.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from conftest import free_port, running_datasette

from moatscan import publish
from test_datasette_fixtures import complete_demo_db

pytestmark = pytest.mark.browser

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DASHBOARDS = publish.load_metadata(DATA_DIR)["plugins"]["datasette-dashboards"]
MARKS = "path, rect, circle, line, text, symbol"
FILTERS = {"store": "kabelwerk", "market": "DE", "profile": "mobile"}


@pytest.fixture(scope="module")
def demo_db(scanned_db, tmp_path_factory):
    return complete_demo_db(scanned_db[0], tmp_path_factory.mktemp("browser") / "moatscan.db")


@pytest.fixture(scope="module")
def datasette_url(demo_db):
    port = free_port()
    argv = publish.datasette_command(demo_db, port=port, data_dir=DATA_DIR)
    with running_datasette(argv, port, DATA_DIR.parent) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from moatscan.browser import launch_options

    try:
        options = launch_options()
    except Exception as exc:  # BrowserError: Chromium missing
        pytest.skip(str(exc))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**options)
        yield chromium
        chromium.close()


class Page:
    """A browser page that records console errors and any request off the loopback."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith(("data:", "file:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.mark.parametrize("slug", list(DASHBOARDS))
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_dashboard_charts_render_without_errors(browser, datasette_url, slug, filtered):
    dashboard = DASHBOARDS[slug]
    query = {k: v for k, v in FILTERS.items() if k in (dashboard.get("filters") or {})}
    url = f"{datasette_url}/-/dashboards/{slug}" + (
        "?" + urllib.parse.urlencode(query) if filtered else "")
    page = Page(browser)
    try:
        page.page.goto(url, wait_until="networkidle")
        drawn, empty = {}, []
        for name, chart in dashboard["charts"].items():
            selector = f"#chart-{name}"
            if chart["library"] == "vega-lite":
                page.page.wait_for_selector(f"{selector} svg, {selector} canvas", timeout=15000)
                marks = page.page.locator(f"{selector} svg .mark-rect path, {selector} svg"
                                          f" .role-mark path, {selector} svg .role-mark text,"
                                          f" {selector} svg .role-mark rect")
                drawn[name] = marks.count()
            else:
                page.page.wait_for_function(
                    f"document.querySelector('{selector}').innerText.trim().length > 0",
                    timeout=15000)
                drawn[name] = 1
            if not drawn[name]:
                empty.append(name)
        page.page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / f"dashboard-{slug}"
                                      f"{'-filtered' if filtered else ''}.png"), full_page=True)
        assert page.errors == [], page.errors
        assert page.offsite == [], page.offsite
        assert empty == [], f"charts without marks: {empty}"
    finally:
        page.close()


def test_the_brief_renders_its_charts_without_errors(browser, demo_db, tmp_path):
    from moatscan.report import write_brief

    files = write_brief(demo_db, tmp_path / "brief")
    page = Page(browser)
    try:
        page.page.goto(files.html.resolve().as_uri(), wait_until="load")
        figures = page.page.locator("figure.chart")
        assert figures.count() >= 4
        for index in range(figures.count()):
            figure = figures.nth(index)
            assert figure.locator("svg").count() == 1
            assert figure.locator(f"svg :is({MARKS})").count() > 5
            box = figure.locator("svg").bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50
        assert page.page.locator("text=<script>alert(1)</script>").count() >= 1  # shown as text
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)
        assert page.errors == [], page.errors
        assert page.offsite == [], page.offsite
        assert page.page.evaluate("document.scripts.length") == 0
    finally:
        page.close()


def test_artifacts_are_git_ignored():
    ignored = (Path(__file__).resolve().parent.parent / ".gitignore").read_text()
    assert "tests/artifacts/" in ignored
