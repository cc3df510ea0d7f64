"""`moatscan extract` prints the planted values of every demo product page."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from moatscan.cli import cli
from moatscan.demo import planted

PAGES = [p for p in planted(week=1) if not p["disallowed"]]
FIELDS = ("price", "currency", "availability", "rating", "review_count", "language", "gtin",
          "title")


def extract(url: str, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["extract", url, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def expected(truth: dict) -> dict:
    return {**{f: truth[f] for f in FIELDS}, "price": str(Decimal(truth["price"]))}


# Each page of the JavaScript store costs a Chromium start (seconds): extract renders a
# sample of them here; the scan test checks every one of them through the crawler's browser.
BROWSER_SAMPLE = 1


@pytest.mark.parametrize("store", sorted({p["store"] for p in PAGES}))
def test_extract_prints_planted_values(demo_pages, store):
    pages = [p for p in PAGES if p["store"] == store]
    if store == "denkiya":
        pages = pages[:: len(pages) // BROWSER_SAMPLE][:BROWSER_SAMPLE]
    wrong = []
    for truth in pages:
        url = demo_pages.base_urls[store].rstrip("/") + truth["path"]
        got = extract(url)
        got = {f: got[f] for f in FIELDS}
        if got != expected(truth):
            wrong.append((truth["path"], expected(truth), got))
    assert not wrong, f"{len(wrong)} of {len(pages)} pages differ: {wrong[:2]}"
    assert pages


def test_extract_reads_a_local_file_as_the_page_at_url(demo_pages, tmp_path):
    import urllib.request

    truth = next(p for p in PAGES if p["store"] == "kabelwerk")
    url = demo_pages.base_urls["kabelwerk"].rstrip("/") + truth["path"]
    saved = tmp_path / "page.html"
    saved.write_bytes(urllib.request.urlopen(url, timeout=10).read())
    got = extract(str(saved), "--url", url)
    assert got["url"] == url
    assert {f: got[f] for f in FIELDS} == expected(truth)
    assert got["evidence"]["price"]["url"] == url
    assert isinstance(got["hreflang"], list)


def test_extract_without_the_browser_finds_no_product_on_a_script_shell(demo_pages):
    truth = next(p for p in PAGES if p["store"] == "denkiya")
    got = extract(demo_pages.base_urls["denkiya"].rstrip("/") + truth["path"], "--no-render")
    assert got["price"] is None and got["currency"] is None


def test_extract_names_an_unreadable_source(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.html")])
    assert result.exit_code == 1
    assert "missing.html: cannot read" in result.output
