"""The column helpers give what pandas gives, only faster: checked against pandas itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark.columns import (
    REDUCERS,
    RowIndex,
    aggregate,
    group_codes,
    number_groups,
    per_distinct,
    reduce_arrays,
    rows_in,
)


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


@pytest.mark.parametrize("dtype", ["str", "object"])
def test_row_index_finds_rows_as_a_merge_would(dtype):
    frame = _frame(6)[["store", "url"]].drop_duplicates().reset_index(drop=True).astype(dtype)
    queries = _frame(7)[["store", "url"]].astype(dtype)
    merged = queries.merge(frame.reset_index(), on=["store", "url"], how="left")
    want = merged["index"].fillna(-1).astype("int64").tolist()
    index = RowIndex(frame, ["store", "url"])
    assert index.positions(queries).tolist() == want
    renamed = queries.rename(columns={"store": "s", "url": "u"})
    assert index.positions(renamed, ["s", "u"]).tolist() == want
    assert -1 in want and any(pd.isna(s) for s in frame["store"])   # a missing key is found


def test_row_index_of_a_repeated_key_gives_its_first_row():
    frame = pd.DataFrame({"k": ["a", "b", "a"]}, dtype="str")
    assert RowIndex(frame, ["k"]).positions(
        pd.DataFrame({"k": ["a", "b", "c"]}, dtype="str")).tolist() == [0, 1, -1]


def test_number_groups_and_reduce_arrays():
    store = np.array([1, 0, 1, -1, 0])
    market = np.array([0, 0, 0, 1, 1])
    codes, first = number_groups([(store, 2), (market, 2)], 5)
    assert codes.tolist() == [2, 0, 2, -1, 1] and first.tolist() == [1, 4, 0]
    got = reduce_arrays(codes, 3, {"n": (np.ones(5), "size"),
                                   "top": (np.array([1.0, 2.0, 3.0, 9.0, np.nan]), "max")})
    assert got["n"].tolist() == [1, 1, 2]
    assert got["top"][[0, 2]].tolist() == [2.0, 3.0] and np.isnan(got["top"][1])
