"""Every saved page against its expected JSON (tests/fixtures/pages/<site>/<case>.html + .json).

To add or update a case: save the page, run ``python tests/regen_fixtures.py <case>``, read
the output, then ``--write`` it (or fix the JSON by hand when the parser is wrong).
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

# regen_fixtures.py is a script beside this file, not a package module: load it by path
_spec = importlib.util.spec_from_file_location(
    "regen_fixtures", Path(__file__).with_name("regen_fixtures.py"))
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

CASES = regen.cases()


def test_there_are_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("page", CASES, ids=lambda p: str(p.relative_to(regen.PAGES)))
def test_page(page: Path):
    expected_file = regen.expected_path(page)
    assert expected_file.exists(), f"no {expected_file.name}: run tests/regen_fixtures.py"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert regen.run_case(page) == expected


def test_a_200_kb_page_takes_milliseconds():
    """The crawler calls this on every page: it must stay in the few-ms range."""
    from parsers.product import extract_product

    page = (regen.PAGES / "shopify" / "product.html").read_text(encoding="utf-8")
    filler = "<div class='card'><p>" + "Lorem ipsum dolor sit amet. " * 20 + "</p></div>\n"
    big = page.replace("</main>", filler * (200_000 // len(filler)) + "</main>")
    assert len(big) > 200_000
    extract_product(big, "https://trailco.example/products/trail-runner-2")  # warm up
    start = time.perf_counter()
    runs = 5
    for _ in range(runs):
        page_data = extract_product(big, "https://trailco.example/products/trail-runner-2")
    per_page = (time.perf_counter() - start) / runs
    assert page_data.product is not None and page_data.product.title == "Trail Runner 2"
    assert per_page < 0.1, f"{per_page * 1000:.1f} ms per 200 KB page"
