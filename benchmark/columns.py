"""Column helpers for the hot paths: work once per distinct value, not once per row.

A scan holds tens of thousands of offers but only a few thousand GTINs, a few currencies and
a few dozen stores; calling a Python function per row, or grouping on text columns, is most of
the time a week's benchmark takes. ``per_distinct`` calls a function once per distinct value;
``aggregate`` groups on integer codes of the key columns rather than on the text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd


def per_distinct(values: pd.Series, function: Callable, dtype: str = "str") -> pd.Series:
    """``values.map(function)`` with ``function`` called once per distinct value; a missing
    value stays missing (``function`` never sees it). ``function`` returning None: missing."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([*(function(u) for u in uniques.tolist()), None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=dtype)


def per_distinct_row(frame: pd.DataFrame, function: Callable, dtype: str = "str") -> pd.Series:
    """``function(*row)`` for each row of ``frame``, called once per distinct row (missing
    values included, as they are). ``function`` returning None: missing."""
    codes, rows = group_codes(frame, list(frame.columns), dropna=False, sort=False)
    values = zip(*(rows[column].tolist() for column in rows.columns))
    mapped = np.array([function(*row) for row in values], dtype=object)
    return pd.Series(mapped[codes], index=frame.index, dtype=dtype)


TEXT = pd.Series([], dtype="str").dtype
"""pandas' default text dtype (``str``, Arrow-backed when pyarrow is installed)."""


def as_dtype(series: pd.Series, dtype: str) -> pd.Series:
    """``series`` as ``float`` (numbers; unreadable ones NaN), ``str`` (text; missing NaN) or
    ``object``; a series already in that dtype is returned as it is (no conversion)."""
    if dtype == "float":
        return series if series.dtype == "float64" else \
            pd.to_numeric(series, errors="coerce").astype("float64")
    if dtype == "str":
        return series if series.dtype == TEXT else \
            series.astype("object").where(series.notna(), None).astype("str")
    return series.astype("object")


def group_codes(frame: pd.DataFrame, keys: list[str], *, dropna: bool = True,
                sort: bool = True) -> tuple[np.ndarray, pd.DataFrame]:
    """The groups of ``frame.groupby(keys, sort=sort, dropna=dropna)``: each row's group
    number (0, 1, …; in the groups' order when ``sort``; -1 for a row left out for a missing
    key) and a frame of the groups' keys."""
    codes, size = np.zeros(len(frame), dtype=np.int64), 1
    for key in keys:
        key_codes, uniques = pd.factorize(frame[key], sort=sort, use_na_sentinel=dropna)
        if size * (len(uniques) + 1) > 2**62:   # keep the combined numbers in 64 bits
            codes, first = _renumbered(codes)
            size = len(first)
        codes = np.where((codes < 0) | (key_codes < 0), -1, codes * len(uniques) + key_codes)
        size *= len(uniques) + 1
    codes, first = _renumbered(codes)
    return codes, frame[keys].iloc[first].reset_index(drop=True)


def _renumbered(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``codes`` renumbered 0, 1, … in their order (-1 stays -1), and the first row of each."""
    used, first, codes = np.unique(codes, return_index=True, return_inverse=True)
    if len(used) and used[0] < 0:
        return codes - 1, first[1:]
    return codes, first


def aggregate(frame: pd.DataFrame, keys: list[str], spec: dict[str, tuple[str, str]], *,
              dropna: bool = True, sort: bool = True,
              groups: tuple[np.ndarray, pd.DataFrame] | None = None) -> pd.DataFrame:
    """``frame.groupby(keys, sort=True, dropna=dropna).agg(**spec).reset_index()``, grouping
    on integer codes (``group_codes``): several times faster on text keys. ``spec``:
    ``{name: (column, how)}``, ``how`` a groupby method; those of ``REDUCERS`` on a numeric or
    boolean column are computed with numpy (``reduce_groups``), any other with pandas.
    ``sort=False``: the same groups in no particular order, without sorting the keys' text.
    ``groups``: ``group_codes(frame, keys)`` when the caller already has it."""
    codes, groups = (group_codes(frame, keys, dropna=dropna, sort=sort) if groups is None
                     else groups)
    present, values = reduce_by(frame, codes, len(groups), spec)
    return groups[present].reset_index(drop=True).assign(**values)


def reduce_by(frame: pd.DataFrame, codes: np.ndarray, size: int,
              spec: dict[str, tuple[str, str]]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``aggregate`` without the frames: which of the ``size`` groups have rows (``codes``,
    -1 for a row in none) and ``{name: value per group that has rows}``."""
    kept = codes >= 0
    if not kept.all():
        codes = codes[kept]
    present = np.bincount(codes, minlength=size) > 0
    values = {}
    for name, (column, how) in spec.items():
        series = frame[column]
        array = series.to_numpy() if series.dtype.kind in "fiub" else None
        if how in REDUCERS and array is not None:
            values[name] = reduce_groups(array if kept.all() else array[kept], codes,
                                         size, how)[present]
        else:
            grouped = (series if kept.all() else series[kept]).groupby(codes)
            values[name] = getattr(grouped, how)().reindex(
                np.flatnonzero(present)).to_numpy()
    return present, values


REDUCERS = ("size", "count", "sum", "mean", "min", "max", "median", "first", "any", "all")
"""The aggregations ``reduce_groups`` computes (with pandas' meaning: NaN is skipped)."""


def reduce_groups(values: np.ndarray, codes: np.ndarray, size: int, how: str) -> np.ndarray:
    """``how`` (one of ``REDUCERS``) of numeric or boolean ``values`` per group ``codes``
    (0 … size-1), for each of the ``size`` groups, as pandas' groupby computes it: NaN skipped;
    ``sum`` of nothing 0; ``mean``, ``min``, ``max``, ``median`` and ``first`` of nothing NaN;
    ``count``/``size`` int64; ``any``/``all`` bool; sum of booleans or integers int64."""
    if how == "size":
        return np.bincount(codes, minlength=size)
    if how in ("any", "all"):
        truth = values.astype(bool) if values.dtype.kind != "f" else (
            np.nan_to_num(values, nan=0.0 if how == "any" else 1.0) != 0)
        hits = np.bincount(codes, truth if how == "any" else ~truth, minlength=size)
        return hits > 0 if how == "any" else hits == 0
    number = values.dtype.kind == "f"
    usable = ~np.isnan(values) if number else np.ones(len(values), bool)
    if not usable.all():
        values, codes = values[usable], codes[usable]
    count = np.bincount(codes, minlength=size)
    if how == "count":
        return count
    if how == "sum":
        total = np.bincount(codes, values.astype("float64"), minlength=size)
        return total if number else total.round().astype("int64")
    if how == "mean":
        # around each group's first value, so that equal values have exactly that mean
        ref = np.zeros(size)
        ref[codes[::-1]] = values[::-1]
        shift = np.bincount(codes, values - ref[codes], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, ref + shift / np.maximum(count, 1), np.nan)
    out = np.full(size, np.nan)
    if not len(values):
        return out
    order = np.lexsort((values, codes)) if how in ("min", "max", "median") else \
        np.argsort(codes, kind="stable")
    ordered = values[order].astype("float64")
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    has = count > 0
    first, n = start[has], count[has]
    if how in ("min", "first"):
        out[has] = ordered[first]
    elif how == "max":
        out[has] = ordered[first + n - 1]
    else:
        out[has] = (ordered[first + (n - 1) // 2] + ordered[first + n // 2]) / 2
    return out


def _codes_of_both(frame: pd.DataFrame, other: pd.DataFrame,
                   keys: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """The ``keys`` values of ``frame``'s rows and of ``other``'s as numbers that are equal
    when the values are (a missing value equal to a missing value), and how many there are."""
    both = pd.concat([frame[keys], other[keys]], ignore_index=True)
    codes, groups = group_codes(both, keys, dropna=False, sort=False)
    return codes[:len(frame)], codes[len(frame):], len(groups)


def rows_in(frame: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Whether each row of ``frame`` has the ``keys`` values of some row of ``other`` (a
    missing value matches a missing value)."""
    mine, theirs, _ = _codes_of_both(frame, other, keys)
    return np.isin(mine, theirs)


def positions_in(frame: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """For each row of ``frame``, the position of the row of ``other`` with the same ``keys``
    values (-1: none). ``other``'s keys must be unique (a table's primary key)."""
    mine, theirs, size = _codes_of_both(frame, other, keys)
    where = np.full(size, -1, dtype=np.int64)
    where[theirs] = np.arange(len(other))
    return where[mine]


def frame_from_rows(rows: Iterable[tuple], dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame from row tuples, one value per column of ``dtypes`` (column -> dtype), built
    column by column: a frame of tuples converted afterwards takes twice as long."""
    rows = list(rows)
    values = zip(*rows) if rows else ([] for _ in dtypes)
    return pd.DataFrame({column: pd.Series(list(column_values), dtype=dtype)
                         for (column, dtype), column_values in zip(dtypes.items(), values)})

