"""The column helpers give what pandas gives, only faster: checked against pandas itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark.columns import REDUCERS, aggregate, group_codes, per_distinct, rows_in


def _frame(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    price = rng.uniform(1, 100, n).round(2)
    price[rng.random(n) < 0.2] = np.nan
    return pd.DataFrame({
        "store": pd.Series(rng.choice(["b", "a", "c", None], n, p=[.4, .3, .2, .1]),
                           dtype="str"),
        "market": pd.Series(rng.choice(["US", "DE", "JP"], n), dtype="str"),
        "price": price,
        "rating": np.full(n, 4.4),                       # equal values: mean exactly 4.4
        "count": rng.integers(0, 50, n),
        "flag": rng.random(n) < 0.3,
        "url": pd.Series([f"/p/{i % 37}" for i in range(n)], dtype="str"),
    })


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("dropna", [True, False])
@pytest.mark.parametrize("how", REDUCERS)
def test_aggregate_equals_pandas_groupby(seed, dropna, how):
    frame = _frame(seed)
    columns = ["price", "rating", "count", "flag"]
    if how in ("mean", "median"):
        columns.remove("flag")     # pandas has no mean or median of booleans either
    spec = {c: (c, how) for c in columns}
    got = aggregate(frame, ["store", "market"], spec, dropna=dropna)
    want = frame.groupby(["store", "market"], sort=True, dropna=dropna).agg(**spec)
    assert_frame_equal(got, want.reset_index(), check_dtype=False)
    if how == "mean":
        assert (got["rating"] == 4.4).all()


def test_aggregate_leaves_out_groups_without_rows_and_falls_back_to_pandas():
    frame = _frame(4)
    groups = group_codes(frame, ["store"])
    some = frame[frame["store"] != "a"]
    codes = groups[0][frame.index.get_indexer(some.index)]
    got = aggregate(some, ["store"], {"n": ("price", "count"), "urls": ("url", "nunique")},
                    groups=(codes, groups[1]))
    want = some.groupby("store").agg(n=("price", "count"), urls=("url", "nunique"))
    assert "a" not in set(got["store"])
    assert_frame_equal(got, want.reset_index(), check_dtype=False)


def test_aggregate_of_nothing_is_an_empty_frame_with_the_columns():
    frame = _frame(5).iloc[:0]
    got = aggregate(frame, ["store"], {"n": ("price", "size"), "top": ("price", "max")})
    assert list(got.columns) == ["store", "n", "top"] and got.empty


def test_per_distinct_and_rows_in():
    values = pd.Series(["a", None, "b", "a"], dtype="str")
    calls = []
    mapped = per_distinct(values, lambda v: calls.append(v) or v.upper())
    assert mapped.tolist()[0::2] == ["A", "B"] and pd.isna(mapped[1]) and sorted(calls) == ["a", "b"]
    left = pd.DataFrame({"k": ["x", "y", None], "m": [1, 2, 3]})
    right = pd.DataFrame({"k": ["y", None], "m": [2, 3]})
    assert rows_in(left, right, ["k", "m"]).tolist() == [False, True, True]
