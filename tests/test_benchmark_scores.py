"""Layer scores, moat index and gaps on a few hand-made normalised values."""

from __future__ import annotations

import math

import pandas as pd
from pandas.testing import assert_frame_equal

from benchmark.model import parse_model
from benchmark.scores import gaps, layer_scores, moat_index

NAN = math.nan


def _indicator(id_, layer, weight, per_market, source):
    return {"id": id_, "layer": layer, "direction": "higher_is_better", "weight": weight,
            "per_market": per_market, "unit": "x", "description": "x", "source": source}


SIGNAL = {"table": "store_signals", "function": "signal_number", "signal": "sitemap_urls"}
SHARE = {"table": "offers", "function": "offer_share", "field": "availability",
         "values": ["InStock"]}

MODEL = parse_model({
    "layers": {
        "traffic": {"position": 1, "copy_difficulty": "easy", "weight": 1},
        "operations": {"position": 2, "copy_difficulty": "medium", "weight": 2},
        "technology": {"position": 3, "copy_difficulty": "hard", "weight": 3},
        "ecosystem": {"position": 4, "copy_difficulty": "very hard", "weight": 4},
    },
    "indicators": [
        _indicator("a", "traffic", 1, False, SIGNAL),
        _indicator("b", "traffic", 3, False, SIGNAL),
        _indicator("c", "operations", 1, True, SHARE),
        _indicator("d", "technology", 1, False, SIGNAL),
        # no public ecosystem indicator; a private one does not count
        {"id": "nps", "layer": "ecosystem", "private": True, "direction": "higher_is_better",
         "weight": 1, "per_market": False, "unit": "x", "description": "x"},
    ],
}, "test.yaml")

# s is the seller (sells in US); x sells in US and DE.
VALUES = pd.DataFrame([
    ("s", "*", "a", "traffic", 1.0, 100.0),
    ("x", "*", "a", "traffic", 1.0, 0.0),
    ("s", "*", "b", "traffic", 3.0, NAN),
    ("x", "*", "b", "traffic", 3.0, 50.0),
    ("s", "*", "c", "operations", 1.0, 20.0),
    ("s", "US", "c", "operations", 1.0, 100.0),
    ("x", "*", "c", "operations", 1.0, 80.0),
    ("x", "DE", "c", "operations", 1.0, NAN),
    ("x", "US", "c", "operations", 1.0, 0.0),
    ("s", "*", "d", "technology", 1.0, 40.0),
    ("x", "*", "d", "technology", 1.0, NAN),
], columns=["store_id", "market", "indicator", "layer", "weight", "normalised"])

LAYERS = ["traffic", "operations", "technology", "ecosystem"]
DIFFICULTY = ["easy", "medium", "hard", "very hard"]


def _layer_rows(store, market, scores, with_data):
    totals = [2, 1, 1, 0]
    return [(store, market, layer, score, (w / t if t else 0.0), w, t, difficulty)
            for layer, score, w, t, difficulty in zip(LAYERS, scores, with_data, totals,
                                                      DIFFICULTY)]


EXPECTED_LAYERS = pd.DataFrame(
    # s '*': traffic = a 100 (b missing, left out, not 0) -> 100, coverage 1/2;
    #        operations = c 20; technology = d 40; ecosystem has no public indicator -> NaN, 0.
    _layer_rows("s", "*", [100.0, 20.0, 40.0, NAN], [1, 1, 1, 0])
    # s US: store-level a, d as in '*'; per-market c uses its US value 100.
    + _layer_rows("s", "US", [100.0, 100.0, 40.0, NAN], [1, 1, 1, 0])
    # x '*': traffic = (1*0 + 3*50) / (1 + 3) = 37.5; operations 80; technology: d missing.
    + _layer_rows("x", "*", [37.5, 80.0, NAN, NAN], [2, 1, 0, 0])
    # x DE: c missing in DE -> operations NaN with coverage 0.
    + _layer_rows("x", "DE", [37.5, NAN, NAN, NAN], [2, 0, 0, 0])
    + _layer_rows("x", "US", [37.5, 0.0, NAN, NAN], [2, 1, 0, 0]),
    columns=["store_id", "market", "layer", "score", "coverage", "indicators_with_data",
             "indicators_total", "copy_difficulty"],
).astype({"store_id": "str", "market": "str", "layer": "str", "copy_difficulty": "str"})


def test_layer_scores_by_hand():
    assert_frame_equal(layer_scores(VALUES, MODEL), EXPECTED_LAYERS)


def test_moat_index_by_hand():
    expected = pd.DataFrame([
        # layer weights 1, 2, 3, 4 over the layers with a score; coverage over all four:
        # s '*': (1*100 + 2*20 + 3*40) / 6 = 43.33; (1*.5 + 2*1 + 3*1 + 4*0) / 10 = .55
        ("s", "*", 260 / 6, 0.55),
        # s US: (100 + 2*100 + 3*40) / 6 = 70
        ("s", "US", 70.0, 0.55),
        # x '*': (37.5 + 2*80) / 3 = 65.83; (1*1 + 2*1) / 10 = .3
        ("x", "*", 197.5 / 3, 0.3),
        # x DE: only traffic has a score: 37.5; coverage 1*1 / 10
        ("x", "DE", 37.5, 0.1),
        # x US: (37.5 + 2*0) / 3 = 12.5
        ("x", "US", 12.5, 0.3),
    ], columns=["store_id", "market", "score", "coverage"]).astype(
        {"store_id": "str", "market": "str"})
    assert_frame_equal(moat_index(EXPECTED_LAYERS, MODEL), expected)


def test_gaps_by_hand():
    expected = pd.DataFrame([
        # competitor - seller; DE has no seller row, so no gap there; missing side -> NaN.
        ("x", "*", "traffic", 100.0, 37.5, -62.5, "easy"),
        ("x", "*", "operations", 20.0, 80.0, 60.0, "medium"),
        ("x", "*", "technology", 40.0, NAN, NAN, "hard"),
        ("x", "*", "ecosystem", NAN, NAN, NAN, "very hard"),
        ("x", "US", "traffic", 100.0, 37.5, -62.5, "easy"),
        ("x", "US", "operations", 100.0, 0.0, -100.0, "medium"),
        ("x", "US", "technology", 40.0, NAN, NAN, "hard"),
        ("x", "US", "ecosystem", NAN, NAN, NAN, "very hard"),
    ], columns=["store_id", "market", "layer", "seller_score", "competitor_score", "gap",
                "copy_difficulty"]).astype({"store_id": "str", "market": "str", "layer": "str",
                                            "copy_difficulty": "str"})
    assert_frame_equal(gaps(EXPECTED_LAYERS, "s"), expected)


def test_no_seller_no_gaps():
    assert gaps(EXPECTED_LAYERS, None).empty
