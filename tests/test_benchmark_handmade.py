"""A small fixture scored end to end (``compute``), every figure worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

from benchmark.frames import Frames
from benchmark.model import parse_model
from benchmark.run import compute

NAN = math.nan


def _ind(id_, layer, weight, per_market, direction, source):
    return {"id": id_, "layer": layer, "direction": direction, "weight": weight,
            "per_market": per_market, "unit": "x", "description": "x", "source": source}


MODEL = parse_model({
    "layers": {
        "traffic": {"position": 1, "copy_difficulty": "easy", "weight": 1},
        "operations": {"position": 2, "copy_difficulty": "medium", "weight": 2},
        "technology": {"position": 3, "copy_difficulty": "hard", "weight": 3},
        "ecosystem": {"position": 4, "copy_difficulty": "very hard", "weight": 4},
    },
    "indicators": [
        _ind("t1", "traffic", 1, False, "higher_is_better",
             {"table": "store_signals", "function": "signal_number", "signal": "sitemap_urls"}),
        _ind("t2", "traffic", 1, False, "higher_is_better",
             {"table": "store_signals", "function": "signal_list_count",
              "signal": "social_links", "distinct": "host"}),
        _ind("o1", "operations", 2, True, "lower_is_better",
             {"table": "offers", "function": "price_index"}),
        _ind("o2", "operations", 1, True, "higher_is_better",
             {"table": "offers", "function": "offer_share", "field": "availability",
              "values": ["InStock"]}),
        _ind("e1", "ecosystem", 1, False, "higher_is_better",
             {"table": "technologies", "function": "technology_count", "layer": "ecosystem"}),
    ],
    "technologies": {"categories": {"Loyalty & rewards": "ecosystem"}},
})

FRAMES = Frames.build(
    scan_date="2026-11-23", base_currency="USD",
    stores=pd.DataFrame([
        {"id": "me", "name": "Me", "url": "http://me/", "role": "seller", "markets": '["US"]'},
        {"id": "r1", "name": "R1", "url": "http://r1/", "role": "competitor",
         "markets": '["US"]'},
        {"id": "r2", "name": "R2", "url": "http://r2/", "role": "competitor",
         "markets": '["US"]'}]),
    markets=pd.DataFrame([{"code": "US", "currency": "USD", "language": "en"}]),
    exchange_rates=pd.DataFrame([{"rate_date": "2026-11-20", "currency": "EUR",
                                  "base_currency": "USD", "rate": 0.8}]),
    store_signals=pd.DataFrame([
        ("me", "*", "sitemap_urls", "100"), ("r1", "*", "sitemap_urls", "300"),
        ("me", "*", "social_links", '["https://facebook.com/me"]'),
        ("r1", "*", "social_links", "[]"),
        ("r2", "*", "social_links", '["https://facebook.com/r2", "https://instagram.com/r2"]'),
    ], columns=["store_id", "market", "signal", "value"]),
    offers=pd.DataFrame([
        ("me", "m1", "US", "4006381333931", 10.00, "USD", "InStock"),
        ("me", "m2", "US", "5901234123457", 20.00, "USD", "OutOfStock"),
        ("r1", "a1", "US", "4006381333931", 9.00, "USD", "InStock"),
        ("r1", "a2", "US", "5901234123457", 22.00, "USD", "InStock"),
        ("r2", "b1", "US", "4006381333931", 8.80, "EUR", "InStock"),   # 8.80 / 0.8 = 11 USD
    ], columns=["store_id", "offer_key", "market", "gtin", "price", "currency",
                "availability"]).assign(url=lambda f: "http://" + f["offer_key"]),
)

# Price index: r1 = 100 × sqrt(9/10 × 22/20) = 100 × sqrt(0.99); r2 = 100 × 11/10; me = 100.
R1_INDEX = 100 * math.sqrt(0.99)
# o1 is lower-is-better over [R1_INDEX, 110]: me = 100 × (110 − 100) / (110 − R1_INDEX).
ME_O1 = 100 * (110 - 100) / (110 - R1_INDEX)
ME_TRAFFIC = (0 + 50) / 2              # t1: 100 of 100..300 -> 0; t2: 1 of 0..2 -> 50
ME_OPS = (2 * ME_O1 + 1 * 0) / 3       # o2: 1 of 2 in stock = 0.5 of 0.5..1 -> 0
R2_OPS = (2 * 0 + 1 * 100) / 3


def test_price_index_by_hand():
    got = compute(FRAMES, MODEL)["price_index"]
    want = pd.DataFrame({
        "store_id": ["me", "me", "r1", "r1", "r2", "r2"],
        "market": ["*", "US"] * 3,
        "base_currency": "USD",
        "matched_products": [2, 2, 2, 2, 1, 1],
        "cross_market_products": [0] * 6,
        "index": [100.0, 100.0, R1_INDEX, R1_INDEX, 110.0, 110.0],
        "rate_date": [None, None, None, None, "2026-11-20", "2026-11-20"],
    })
    assert_frame_equal(got, want, check_dtype=False)


def test_layer_scores_and_coverage_by_hand():
    got = compute(FRAMES, MODEL)["layer_scores"]
    got = got[got["market"] == "*"].drop(columns=["market", "copy_difficulty"])
    want = pd.DataFrame([
        ("me", "traffic", ME_TRAFFIC, 1.0, 2, 2), ("me", "operations", ME_OPS, 1.0, 2, 2),
        ("me", "technology", NAN, 0.0, 0, 0), ("me", "ecosystem", NAN, 0.0, 0, 1),
        ("r1", "traffic", 50.0, 1.0, 2, 2), ("r1", "operations", 100.0, 1.0, 2, 2),
        ("r1", "technology", NAN, 0.0, 0, 0), ("r1", "ecosystem", NAN, 0.0, 0, 1),
        # r2 has no sitemap: traffic rests on t2 alone, coverage 1/2, never a 0 for t1
        ("r2", "traffic", 100.0, 0.5, 1, 2), ("r2", "operations", R2_OPS, 1.0, 2, 2),
        ("r2", "technology", NAN, 0.0, 0, 0), ("r2", "ecosystem", NAN, 0.0, 0, 1),
    ], columns=["store_id", "layer", "score", "coverage", "indicators_with_data",
                "indicators_total"])
    assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    # the US market uses t1, t2 over all markets and o1, o2 in US: the same figures here
    us = compute(FRAMES, MODEL)["layer_scores"]
    assert np.allclose(us[us["market"] == "US"]["score"].fillna(-1).to_numpy(),
                       want["score"].fillna(-1).to_numpy())


def test_moat_index_by_hand():
    got = compute(FRAMES, MODEL)["moat_index"]
    got = got[got["market"] == "*"].reset_index(drop=True)
    want = pd.DataFrame({
        "store_id": ["me", "r1", "r2"], "market": "*",
        "score": [(1 * ME_TRAFFIC + 2 * ME_OPS) / 3, (1 * 50 + 2 * 100) / 3,
                  (1 * 100 + 2 * R2_OPS) / 3],
        # layers weighted 1..4; coverage 1, 1, 0, 0 (r2: 0.5, 1, 0, 0), over 10
        "coverage": [3 / 10, 3 / 10, 2.5 / 10],
    })
    assert_frame_equal(got, want, check_dtype=False)


def test_leaders_and_gaps_by_hand():
    tables = compute(FRAMES, MODEL)
    leaders = tables["layer_leaders"]
    leaders = leaders[leaders["market"] == "*"].set_index("layer")
    assert leaders.loc["traffic", "best_store_id"] == "r2"
    assert leaders.loc["traffic", "gap"] == 100 - ME_TRAFFIC
    assert leaders.loc["operations", "best_store_id"] == "r1"
    assert math.isclose(leaders.loc["operations", "gap"], 100 - ME_OPS)
    assert leaders.loc["operations", "competitors_scored"] == 2
    assert math.isnan(leaders.loc["technology", "gap"])
    assert leaders.loc["technology", "competitors_scored"] == 0
    gaps = tables["gaps"].set_index(["store_id", "market", "layer"])
    assert gaps.loc[("r1", "*", "traffic"), "gap"] == 50 - ME_TRAFFIC


def test_every_score_decomposes_into_values_and_evidence():
    values = compute(FRAMES, MODEL)["indicator_values"]
    me = values[(values["store_id"] == "me") & (values["market"] == "*")].set_index("indicator")
    assert me.loc["o1", "evidence"] == "the seller (100 by definition), 2 matched products (USD)"
    assert me.loc["t1", "evidence"] == "sitemap_urls = 100"
    assert me.loc["e1", "evidence"] == "no data in technologies"
    assert math.isnan(me.loc["e1", "value"])
