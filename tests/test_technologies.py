"""Technology detection: the pure evaluator on facts, saved vendor snippets rendered in
Chromium, the demo market's planted technologies, and ``moatscan extract --render``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml

from moatscan.rendered.layers import layer_mapping
from parsers.technologies import Fingerprints, apply_rules, detect_technologies, fingerprints, \
    primary_category, rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "technologies"
MODEL = ROOT / "data" / "barrier_model.yaml"


def names(detections, source="fingerprint"):
    return sorted(d.name for d in detections if d.source == source)


# ------------------------------------------------------------------ pure evaluator


def test_database_is_broad_and_has_the_commerce_categories():
    db = fingerprints()
    assert len(db.techs) > 5000
    for category in ("Live chat", "Reviews", "Loyalty & rewards", "Livestreaming",
                     "Payment processors", "Buy now pay later", "Cross border ecommerce",
                     "Ecommerce"):
        assert category in db.categories.values()


def test_js_global_dom_and_script_src_with_evidence():
    facts = {"url": "http://127.0.0.1/", "js": {"Intercom": True},
             "dom": {"iframe#intercom-frame": [{"text": "", "attributes": {}}]},
             "script_src": ["https://code.tidio.co/abc.js"]}
    found = {d.name: d for d in detect_technologies(facts)}
    assert found["Intercom"].categories == ("Live chat", "CRM")
    assert found["Intercom"].evidence == ("js window.Intercom", "dom iframe#intercom-frame")
    assert found["Tidio"].evidence == ("script_src https://code.tidio.co/abc.js",)
    assert found["Tidio"].url == "http://127.0.0.1/"


def test_version_confidence_and_implies():
    facts = {"meta": {"generator": ["WordPress 6.7.1"]}, "js": {"Shopify": True}}
    found = {d.name: d for d in fingerprints().detect(facts)}
    assert found["WordPress"].version == "6.7.1"
    assert {"PHP", "MySQL"} <= set(found)               # implied by WordPress
    assert found["Shopify"].confidence == 25            # "\;confidence:25" on window.Shopify
    assert "Shopify" not in names(detect_technologies(facts, min_confidence=50))


def test_requires_category_and_excludes():
    afterpay = {"js": {"AfterPay": True}}
    assert "Afterpay" not in names(fingerprints().detect(afterpay))   # needs an ecommerce tech
    with_shop = {"js": {"AfterPay": True, "ShopifyAnalytics": True}}
    assert {"Afterpay", "Shopify"} <= set(names(fingerprints().detect(with_shop)))


def test_javascript_regex_dialect_is_translated():
    db = Fingerprints({"X": {"cats": [1], "text": "\\APC\\b", "html": "(?<v>\\d+)x"}},
                      {"1": {"name": "CMS"}})
    assert names(db.detect({"text": "APC shipping"})) == ["X"]        # \A is a letter in JS
    assert names(db.detect({"text": "no", "html": "<b>12x</b>"})) == ["X"]


def test_long_scripts_stay_fast():
    import time

    fingerprints()
    facts = {"scripts": ["x" * 300_000], "html": "y" * 300_000, "text": "z" * 50_000}
    started = time.monotonic()
    detect_technologies(facts)
    assert time.monotonic() - started < 5


RULE_EXAMPLES = [
    ({"links": [{"href": "https://www.amazon.de/stores/Kabelwerk/page/1", "text": "Amazon"}]},
     "Amazon storefront", "Marketplace storefront"),
    ({"links": [{"href": "https://apps.apple.com/app/id123456", "text": "App Store"}]},
     "App Store app", "Mobile app"),
    ({"links": [{"href": "http://127.0.0.1:8000/pages/rewards", "text": "Rewards"}]},
     "Loyalty programme page", "Loyalty & rewards"),
    ({"links": [{"href": "http://127.0.0.1:8000/pages/freunde-werben", "text": "Freunde werben"}]},
     "Referral programme page", "Referral marketing"),
    ({"links": [{"href": "http://127.0.0.1:8000/affiliates", "text": "Affiliates"}]},
     "Affiliate programme page", "Affiliate programs"),
    ({"text": "Live-Shopping mit Lena: jeden Donnerstag, 19:00 Uhr"},
     "Live shopping schedule", "Livestreaming"),
    ({"text": "毎週金曜 20:00 からライブコマース配信"}, None, None),
    ({"text": "ライブ配信は毎週金曜 20:00 から"}, "Live shopping schedule", "Livestreaming"),
    ({"text": "Book a video call with our charging experts"}, "Video-call support",
     "Video support"),
    ({"text": "Prenez rendez-vous pour un appel vidéo avec un conseiller"}, "Video-call support",
     "Video support"),
    ({"text": "Free shipping over $35. Live chat Mon-Fri."}, None, None),
]


@pytest.mark.parametrize("facts, name, category", RULE_EXAMPLES)
def test_own_rules(facts, name, category):
    found = apply_rules({"url": "http://127.0.0.1:8000/", **facts}, rules())
    if name is None:
        assert found == []
    else:
        assert [(d.name, d.categories, d.source) for d in found] == [(name, (category,), "rule")]


def test_layer_mapping_from_the_barrier_model():
    mapping = layer_mapping(MODEL)
    assert primary_category(("Payment processors", "Buy now pay later"), mapping) == \
        ("Buy now pay later", "technology")
    assert primary_category(("Live chat", "CRM"), mapping) == ("Live chat", "technology")
    assert primary_category(("Reviews",), mapping) == ("Reviews", "operations")
    assert primary_category(("Loyalty & rewards",), mapping) == ("Loyalty & rewards", "ecosystem")
    assert primary_category(("Marketplace storefront",), mapping) == \
        ("Marketplace storefront", "traffic")
    assert primary_category(("Web servers",), mapping) == ("Web servers", None)
    known = set(fingerprints().categories.values()) | {r.category for r in rules()}
    assert set(mapping) <= known, set(mapping) - known


# ------------------------------------------------------------------ rendered in Chromium


@pytest.fixture(scope="module")
def browser_context():
    from playwright.sync_api import sync_playwright

    from moatscan.rendered.session import BrowserSession

    with sync_playwright() as playwright, BrowserSession(playwright,
                                                         loopback_only=True) as session:
        context = session.browser.new_context()
        yield context
        context.close()


def render_detect(context, url):
    from moatscan.rendered.collect import load_facts

    facts = load_facts(context, url, guard=True, settle_s=0.5)
    assert "_problem" not in facts, facts["_problem"]
    return facts, detect_technologies(facts, min_confidence=50)


EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.browser
@pytest.mark.untimed
def test_vendor_snippets_are_recognised_by_the_database(browser_context):
    """Pages we did not write (vendors' install snippets) are recognised by the fingerprint
    database, not by a rule of ours; the snippets' own CDN requests are blocked."""
    from moatscan.rendered.fixture_sites import serve_folder

    mapping = layer_mapping(MODEL)
    problems = []
    with serve_folder(FIXTURES) as base:
        for page, expected in EXPECTED.items():
            facts, found = render_detect(browser_context, base + page)
            assert all(u.startswith("http://127.0.0.1") for u in facts["_requests"]
                       if u not in facts["_blocked"])
            got = names(found)
            want = sorted(expected["found"] + expected.get("also", []))
            if got != want:
                problems.append(f"{page}: found {got}, expected {want}")
            for det in found:
                if det.name in expected["found"]:
                    assert det.source == "fingerprint"
                    assert expected["category"] in det.categories
                    assert primary_category(det.categories, mapping)[1] is not None
    assert not problems, "\n".join(problems)


@pytest.mark.e2e
def test_demo_scans_find_the_planted_technologies_and_nothing_else(demo_db):
    """Both weekly scans of the demo (their rendered pass: home page and one product page of
    every store in Chromium) find each store's planted technologies, nothing else, and put
    each in its layer; week 2 adds Bambuser and drops Tidio."""
    from moatscan.demo import planted_technologies

    mapping = layer_mapping(MODEL)
    with sqlite3.connect(demo_db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM technologies WHERE source = 'fingerprint'").fetchall()
    assert {r["scan_id"] for r in rows} == {1, 2}
    for week in (1, 2):
        found: dict[str, list[str]] = {}
        for row in rows:
            if row["scan_id"] == week:
                found.setdefault(row["store_id"], []).append(row["name"])
        assert {store: sorted(names) for store, names in found.items()} == {
            store: sorted(names) for store, names in planted_technologies(week).items()}
    for row in rows:
        category, layer = primary_category(json.loads(row["categories"]), mapping)
        if category in mapping:
            assert (row["category"], row["layer"]) == (category, mapping[category])


@pytest.mark.browser
@pytest.mark.untimed
def test_extract_render_adds_technologies():
    from conftest import moatscan

    result = moatscan("extract", FIXTURES / "intercom.html", "--url",
                      "https://northwind.example/products/trail-jacket", "--render", timeout=120)
    technologies = json.loads(result.stdout)["technologies"]
    intercom = next(t for t in technologies if t["name"] == "Intercom")
    assert (intercom["category"], intercom["layer"]) == ("Live chat", "technology")
