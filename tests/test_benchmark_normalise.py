"""Min-max within the peer set, direction-aware; no spread -> 50; missing stays NaN."""

from __future__ import annotations

import math

import pandas as pd
from pandas.testing import assert_frame_equal

from benchmark.normalise import normalise

NAN = math.nan


def frame(rows):
    return pd.DataFrame(rows, columns=["indicator", "market", "store_id", "value", "direction",
                                       "scale"]).astype({"value": "float64"})


def test_normalise_by_hand():
    values = frame([
        # p, higher is better, linear: min 10, max 20 -> (v - 10) / 10 * 100
        ("p", "*", "s1", 10, "higher_is_better", "linear"),   # 0
        ("p", "*", "s2", 20, "higher_is_better", "linear"),   # 100
        ("p", "*", "s3", NAN, "higher_is_better", "linear"),  # missing: NaN, not 0
        ("p", "*", "s4", 15, "higher_is_better", "linear"),   # 50
        # q, lower is better: min 100, max 200 -> (200 - v) / 100 * 100
        ("q", "*", "s1", 200, "lower_is_better", "linear"),   # 0
        ("q", "*", "s2", 100, "lower_is_better", "linear"),   # 100
        ("q", "*", "s3", 125, "lower_is_better", "linear"),   # 75
        # q in US: one store with data -> no spread -> 50; s2 missing stays NaN
        ("q", "US", "s1", 300, "lower_is_better", "linear"),  # 50
        ("q", "US", "s2", NAN, "lower_is_better", "linear"),  # NaN
        # r, log scale: log1p 0, 9, 99 = 0, ln 10, 2 ln 10 -> 0, 50, 100
        ("r", "*", "s1", 0, "higher_is_better", "log"),
        ("r", "*", "s2", 9, "higher_is_better", "log"),
        ("r", "*", "s3", 99, "higher_is_better", "log"),
        # t, a tie: nobody ahead -> 50 each
        ("t", "*", "s1", 3, "higher_is_better", "linear"),
        ("t", "*", "s2", 3, "higher_is_better", "linear"),
    ])
    expected = values.assign(normalised=[0.0, 100.0, NAN, 50.0, 0.0, 100.0, 75.0, 50.0, NAN,
                                         0.0, 50.0, 100.0, 50.0, 50.0])
    assert_frame_equal(normalise(values), expected)


def test_all_missing_stays_missing():
    values = frame([("p", "*", "s1", NAN, "higher_is_better", "linear"),
                    ("p", "*", "s2", NAN, "higher_is_better", "linear")])
    assert normalise(values)["normalised"].isna().all()
