"""Indicator functions on tiny frames; missing data is no row (NaN), never 0."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark.frames import Frames
from benchmark.indicators import REGISTRY, indicator_values
from benchmark.model import load_model, parse_model
from benchmark.registry import result

NAN = math.nan

STORES = pd.DataFrame([
    ("a", "A", "http://a/", "seller", json.dumps(["US", "DE"])),
    ("b", "B", "http://b/", "competitor", json.dumps(["US"])),
    ("c", "C", "http://c/", "competitor", json.dumps(["DE"])),
], columns=["id", "name", "url", "role", "markets"])

MARKETS = pd.DataFrame([("US", "USD", "en-US"), ("DE", "EUR", "de-DE")],
                       columns=["code", "currency", "language"])

SIGNALS = pd.DataFrame([
    ("a", "social_links", json.dumps(["https://www.facebook.com/a", "https://facebook.com/a2",
                                      "https://instagram.com/a"])),
    ("b", "social_links", "[]"),          # home page read, no social link: a real 0
    # c has no social_links row: its home page was not read -> no data
    ("a", "hreflang", json.dumps(["en-US", "de-DE", "x-default"])),
    ("c", "language", "en"),
    ("a", "script_srcs", json.dumps(["https://cdn.smile.io/v1/smile.js",
                                     "https://x.test/newsletter-subscription.js"])),
    ("b", "script_srcs", json.dumps(["https://rechargecdn.com/widget.js"])),
    ("a", "sitemap_urls", "1200"),
], columns=["store_id", "signal", "value"])

OFFERS = pd.DataFrame([
    ("a", "a1", "http://a/p/1", "US", "4006381333931", "https://schema.org/InStock", 4.0,
     "USD", "json-ld"),
    ("a", "a2", "http://a/p/2", "DE", "4006381333931", "OutOfStock", 5.0, "USD", "microdata"),
    ("b", "b1", "http://b/p/1", "US", None, "InStock", None, "USD", "html"),
    ("b", "b2", "http://b/p/2", "US", None, None, 3.0, "USD", "json-ld"),
], columns=["store_id", "offer_key", "url", "market", "gtin", "availability", "rating",
            "currency", "source"])

PAGES = pd.DataFrame([
    ("a", "http://a/p/1", "product", "http", 100.0),
    ("a", "http://a/p/2", "product", "http", 300.0),
    ("a", "http://a/robots", "disallowed", None, None),
    ("b", "http://b/p/1", "product", "browser", 900.0),
    ("b", "http://b/p/2", "product", "http", 200.0),
    ("b", "http://b/", "not_product", "http", 400.0),
], columns=["store_id", "url", "outcome", "via", "elapsed_ms"])

FRAMES = Frames.build(stores=STORES, markets=MARKETS, store_signals=SIGNALS, offers=OFFERS,
                      pages=PAGES)


def call(name, **params):
    return REGISTRY[name](FRAMES, **params)


def test_signal_list_count_counts_sites_and_keeps_missing_apart_from_zero():
    expected = result([
        ("a", "*", 2, 3, "2 sites in social_links: facebook.com, instagram.com"),
        ("b", "*", 0, 0, "no social_links"),
    ])
    assert_frame_equal(call("signal_list_count", signal="social_links", distinct="host"),
                       expected)


def test_hreflang_does_not_count_x_default():
    got = call("signal_list_count", signal="hreflang")
    assert got["value"].tolist() == [2.0]


def test_signal_patterns_ignores_newsletter_subscriptions():
    model_patterns = {"loyalty": "loyalty|smile\\.io",
                      "subscription": "(?<!newsletter.)subscription|rechargecdn"}
    got = call("signal_patterns", signals=["script_srcs"], patterns=model_patterns)
    # a: smile.io is loyalty; "newsletter-subscription" is not a subscription programme -> 1
    # b: recharge is a subscription app -> 1; c: no script_srcs -> no row
    assert got[["store_id", "value", "n"]].values.tolist() == [["a", 1.0, 2], ["b", 1.0, 1]]
    assert got["evidence"][0].startswith("loyalty: cdn.smile.io/v1/smile.js")


def test_offer_share_per_market_reads_schema_org_urls():
    got = call("offer_share", field="availability", values=["InStock"])
    expected = result([
        ("a", "*", 0.5, 2, "1 of 2 offers InStock"),   # InStock (as a URL), OutOfStock
        ("a", "DE", 0.0, 1, "0 of 1 offers InStock"),
        ("a", "US", 1.0, 1, "1 of 1 offers InStock"),
        ("b", "*", 1.0, 1, "1 of 1 offers InStock"),    # b2 states no availability
        ("b", "US", 1.0, 1, "1 of 1 offers InStock"),
    ])
    assert_frame_equal(got, expected)


def test_structured_data_coverage_and_response_time():
    got = call("structured_data_coverage", sources=["json-ld", "microdata"])
    # a: 2 product pages, both json-ld/microdata; b: 2 product pages, b2 from json-ld
    assert got[["store_id", "value", "n"]].values.tolist() == [["a", 1.0, 2], ["b", 0.5, 2]]
    got = call("page_stat", field="elapsed_ms", stat="median", via=["http"])
    # a: median(100, 300) = 200 (the disallowed URL was never fetched); b: median(200, 400)
    assert got[["store_id", "value", "n"]].values.tolist() == [["a", 200.0, 2],
                                                               ["b", 300.0, 2]]


def test_local_language():
    got = call("local_language")
    expected = result([
        ("a", "*", 1.0, 2, "2 of 2 markets in their language (DE, US)"),
        ("a", "DE", 1.0, 1, "de in hreflang"),
        ("a", "US", 1.0, 1, "en in hreflang"),
        # b: no language signal and no offer language -> no data (not 0)
        ("c", "*", 0.0, 1, "0 of 1 markets in their language"),
        ("c", "DE", 0.0, 1, "de not among en"),
    ])
    assert_frame_equal(got, expected)


def test_local_currency_share_has_no_data_for_a_market_without_a_currency():
    markets = pd.DataFrame([("US", "USD", "en-US"), ("DE", None, "de-DE")],
                           columns=["code", "currency", "language"])
    frames = Frames.build(stores=STORES, markets=markets, store_signals=SIGNALS, offers=OFFERS,
                          pages=PAGES)
    got = REGISTRY["local_currency_share"](frames)
    us = got[(got["store_id"] == "b") & (got["market"] == "US")].iloc[0]
    assert (us["value"], us["evidence"]) == (1.0, "2 of 2 offers priced in USD")
    assert got[got["market"] == "DE"].empty       # no data, never 0


def test_indicator_values_gives_every_store_a_row_with_nan_when_missing():
    model = parse_model({
        "layers": {name: {"position": i, "copy_difficulty": "x", "weight": i}
                   for i, name in enumerate(["traffic", "operations", "technology",
                                             "ecosystem"], start=1)},
        "indicators": [
            {"id": "social_channels", "layer": "traffic", "direction": "higher_is_better",
             "weight": 1, "per_market": False, "unit": "channels", "description": "x",
             "source": {"table": "store_signals", "function": "signal_list_count",
                        "signal": "social_links", "distinct": "host"}},
            {"id": "mean_rating", "layer": "operations", "direction": "higher_is_better",
             "weight": 2, "per_market": True, "unit": "stars", "description": "x",
             "source": {"table": "offers", "function": "offer_stat", "field": "rating",
                        "stat": "mean"}},
        ],
    })
    got = indicator_values(FRAMES, model)
    expected = pd.DataFrame([
        ("a", "*", "social_channels", "traffic", 2.0, 3,
         "2 sites in social_links: facebook.com, instagram.com"),
        ("b", "*", "social_channels", "traffic", 0.0, 0, "no social_links"),
        ("c", "*", "social_channels", "traffic", NAN, 0, "no data in store_signals"),
        ("a", "*", "mean_rating", "operations", 4.5, 2, "mean rating of 2 offers showing one"),
        ("b", "*", "mean_rating", "operations", 3.0, 1, "mean rating of 1 offers showing one"),
        ("c", "*", "mean_rating", "operations", NAN, 0, "no data in offers"),
        # per market: each store's configured markets (c sells in DE but showed no offer)
        ("a", "DE", "mean_rating", "operations", 5.0, 1, "mean rating of 1 offers showing one"),
        ("a", "US", "mean_rating", "operations", 4.0, 1, "mean rating of 1 offers showing one"),
        ("b", "US", "mean_rating", "operations", 3.0, 1, "mean rating of 1 offers showing one"),
        ("c", "DE", "mean_rating", "operations", NAN, 0, "no data in offers"),
    ], columns=["store_id", "market", "indicator", "layer", "value", "n", "evidence"])
    expected = expected.assign(
        weight=[1.0] * 3 + [2.0] * 7, direction="higher_is_better", scale="linear",
    ).astype({"store_id": "str", "market": "str", "indicator": "str", "layer": "str",
              "evidence": "str", "direction": "str", "scale": "str"})
    assert_frame_equal(got, expected)


# What the shipped model's script patterns recognise: (indicator, script URL, groups found).
SCRIPT_EXAMPLES = [
    ("interaction_tools", "http://127.0.0.1:8471/static/brightlane-chat.js", ["live_chat"]),
    ("interaction_tools", "https://widget.intercom.io/widget/abc", ["live_chat"]),
    ("interaction_tools", "https://js.driftt.com/include/1.js", ["live_chat"]),
    ("interaction_tools", "https://cdn.bambuser.com/playlist.js", ["live_video"]),
    ("interaction_tools", "https://res.wx.qq.com/open/js/wechat-share.js", []),
    ("loyalty_programmes", "http://127.0.0.1:8472/static/voltaro-loyalty.js", ["loyalty"]),
    ("loyalty_programmes", "https://cdn.smile.io/v1/smile-shopify.js", ["loyalty"]),
    ("loyalty_programmes", "https://static.rechargecdn.com/widget.js", ["subscription"]),
    ("loyalty_programmes", "https://x.test/assets/newsletter-subscription.js", []),
    ("loyalty_programmes", "https://cdn.referralcandy.com/r.js", ["referral"]),
    ("email_sms_capture", "https://static.klaviyo.com/onsite/js/klaviyo.js", ["email"]),
    ("email_sms_capture", "https://x.test/assets/privacy-banner.js", []),
    ("search_personalisation", "https://cdn.jsdelivr.net/npm/algoliasearch@4", ["search"]),
]


@pytest.mark.parametrize("indicator_id, script, groups", SCRIPT_EXAMPLES)
def test_shipped_script_patterns(indicator_id, script, groups):
    model = load_model(Path(__file__).resolve().parents[1] / "data" / "barrier_model.yaml")
    (spec,) = [i for i in model.public if i.id == indicator_id]
    frames = Frames.build(store_signals=pd.DataFrame(
        [("s", "script_srcs", json.dumps([script]))], columns=["store_id", "signal", "value"]))
    got = REGISTRY[spec.function](frames, **spec.params)
    assert got["value"].tolist() == [float(len(groups))]
    for group in groups:
        assert got["evidence"][0].startswith(f"{group}: ")
