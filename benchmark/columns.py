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
import pyarrow as pa
import pyarrow.compute as pc


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


def arrow_text(dtype) -> bool:
    """Whether ``dtype`` is text kept in Arrow (pandas' ``str`` with pyarrow)."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def as_dtype(series: pd.Series, dtype: str) -> pd.Series:
    """``series`` as ``float`` (numbers; unreadable ones NaN), ``str`` (text; missing NaN) or
    ``object``; a series already in that dtype is returned as it is (no conversion), except
    that Arrow text is made one chunk (see ``one_chunk``)."""
    if dtype == "float":
        return series if series.dtype == "float64" else \
            pd.to_numeric(series, errors="coerce").astype("float64")
    if dtype == "str":
        return one_chunk(series) if series.dtype == TEXT else \
            series.astype("object").where(series.notna(), None).astype("str")
    return series.astype("object")


def one_chunk(series: pd.Series) -> pd.Series:
    """Arrow text in one chunk: a column concatenated from many frames is many Arrow chunks,
    and every selection of its rows then costs about twice as much. Anything else as it is."""
    if not arrow_text(series.dtype):
        return series
    chunked = pa.array(series.array)
    if not isinstance(chunked, pa.ChunkedArray) or chunked.num_chunks <= 1:
        return series
    return pd.Series(pd.array(chunked.combine_chunks(), dtype=series.dtype),
                     index=series.index, name=series.name)


def group_codes(frame: pd.DataFrame, keys: list[str], *, dropna: bool = True,
                sort: bool = True) -> tuple[np.ndarray, pd.DataFrame]:
    """The groups of ``frame.groupby(keys, sort=sort, dropna=dropna)``: each row's group
    number (0, 1, …; in the groups' order when ``sort``; -1 for a row left out for a missing
    key) and a frame of the groups' keys."""
    factorized = (pd.factorize(frame[key], sort=sort, use_na_sentinel=dropna) for key in keys)
    codes, first = number_groups([(codes, len(uniques)) for codes, uniques in factorized],
                                 len(frame))
    return codes, frame[keys].iloc[first].reset_index(drop=True)


def number_groups(keys: list[tuple[np.ndarray, int]],
                  rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Group numbers of ``rows`` rows from the integer codes of their keys: ``keys`` holds per
    key ``(codes, count)``, codes 0 … count-1 (as ``pd.factorize`` gives them) or -1 for a
    missing key. Each row's group number (0, 1, … in the order of the key codes, the first
    key first; -1 when a key is missing) and the first row of each group."""
    codes, size = np.zeros(rows, dtype=np.int64), 1
    for key_codes, count in keys:
        if size * (count + 1) > 2**62:   # keep the combined numbers in 64 bits
            codes, first = _renumbered(codes, size)
            size = len(first)
        codes = _combined(codes, key_codes, count)
        size *= count + 1
    return _renumbered(codes, size)


def _combined(codes: np.ndarray, key_codes: np.ndarray, count: int) -> np.ndarray:
    """Codes of the keys so far and of one more key (0 … count-1) as one number per row; -1
    when either is missing."""
    return np.where((codes < 0) | (key_codes < 0), -1, codes * count + key_codes)


def _renumbered(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``codes`` (-1 … size-1) renumbered 0, 1, … in their order (-1 stays -1), and the first
    row of each."""
    if size > 4 * len(codes) + 65_536:   # sparse codes: sorting them costs less than a table
        used, first, codes = np.unique(codes, return_index=True, return_inverse=True)
        if len(used) and used[0] < 0:
            return codes - 1, first[1:]
        return codes, first
    # a table indexed by code: which codes occur, their new numbers, and each one's first row
    rows = np.flatnonzero(codes >= 0)[::-1]
    first = np.zeros(size, dtype=np.int64)
    first[codes[rows]] = rows      # repeated codes: the last assignment (the first row) stays
    seen = np.zeros(size, dtype=bool)
    seen[codes[rows]] = True
    number = np.cumsum(seen) - 1
    return np.where(codes >= 0, number[codes], -1), first[seen]


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


def reduce_arrays(codes: np.ndarray, size: int,
                  spec: dict[str, tuple[np.ndarray, str]]) -> dict[str, np.ndarray]:
    """``reduce_groups`` of several arrays over the same groups ``codes`` (0 … size-1; -1: a
    row in no group): ``{name: (values, how)}`` -> ``{name: value per group}``."""
    kept = codes >= 0
    if not kept.all():
        codes = codes[kept]
        spec = {name: (values[kept], how) for name, (values, how) in spec.items()}
    return {name: reduce_groups(values, codes, size, how)
            for name, (values, how) in spec.items()}


REDUCERS = ("size", "count", "sum", "mean", "min", "max", "median", "first", "any", "all",
            "nunique")
"""The aggregations ``reduce_groups`` computes (with pandas' meaning: NaN is skipped)."""


def reduce_groups(values: np.ndarray, codes: np.ndarray, size: int, how: str) -> np.ndarray:
    """``how`` (one of ``REDUCERS``) of numeric or boolean ``values`` per group ``codes``
    (0 … size-1), for each of the ``size`` groups, as pandas' groupby computes it: NaN skipped;
    ``sum`` of nothing 0; ``mean``, ``min``, ``max``, ``median`` and ``first`` of nothing NaN;
    ``count``/``size``/``nunique`` int64; ``any``/``all`` bool; sum of booleans or integers
    int64."""
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
    if how == "nunique":
        distinct, uniques = pd.factorize(values)
        width = max(len(uniques), 1)
        if size * width <= 16 * len(values) + 1_000_000:   # a table of (group, value) pairs
            seen = np.zeros(size * width, dtype=bool)
            seen[codes * width + distinct] = True
            return seen.reshape(size, width).sum(axis=1)
        return np.bincount(np.unique(codes * width + distinct) // width, minlength=size)
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
    values = values.astype("float64")
    if how in ("min", "max"):
        out = np.full(size, np.inf if how == "min" else -np.inf)
        (np.minimum if how == "min" else np.maximum).at(out, codes, values)
    elif how == "first":
        out = np.zeros(size)
        out[codes[::-1]] = values[::-1]   # repeated codes: the last assignment (the first) stays
    else:   # median: the values in order within each group (a value sort, then a stable one)
        order = np.argsort(values, kind="stable")
        order = order[np.argsort(codes[order], kind="stable")]
        ordered = values[order]
        start = np.concatenate(([0], np.cumsum(count)[:-1]))
        middle = (ordered[np.minimum(start + (count - 1) // 2, len(values) - 1)]
                  + ordered[np.minimum(start + count // 2, len(values) - 1)]) / 2 \
            if len(values) else np.zeros(size)
        out = middle
    return np.where(count > 0, out, np.nan)


def rows_in(frame: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Whether each row of ``frame`` has the ``keys`` values of some row of ``other`` (a
    missing value matches a missing value)."""
    return RowIndex(other, keys).positions(frame) >= 0


def positions_in(frame: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """For each row of ``frame``, the position of the row of ``other`` with the same ``keys``
    values (-1: none; a missing value matches a missing value). ``other``'s keys should be
    unique (a table's primary key); a repeated one gives its first row. For many lookups in
    the same ``other``, keep its ``RowIndex``."""
    return RowIndex(other, keys).positions(frame)


def codes_in(values: pd.Series, uniques) -> np.ndarray:
    """The position of each of ``values`` among ``uniques`` (distinct values, as ``pd.unique``
    gives them), -1 when it is not there; a missing value is found where ``uniques`` has one.
    Arrow text is looked up by Arrow itself: a pandas index over Arrow strings is many times
    slower."""
    if arrow_text(values.dtype):
        found = pc.index_in(pa.array(values.array), value_set=pa.array(uniques),
                            skip_nulls=False)
        return pc.fill_null(found, -1).to_numpy().astype(np.int64)
    return pd.Index(uniques).get_indexer(values)


class RowIndex:
    """Finds the rows of a frame by the values of its ``keys`` (a table's primary key, such as
    an offer's store_id and offer_key), for many lookups: built once, each ``positions`` call
    then costs about as much as one pass over the keys it is given."""

    def __init__(self, frame: pd.DataFrame, keys: list[str]):
        self.keys = keys
        self._uniques = [pd.unique(frame[key]) for key in keys]
        codes = self._codes(frame)
        self._first = None
        self._rows = pd.Index(codes)
        if not self._rows.is_unique:   # a repeated key: its first row
            _, self._first = np.unique(codes, return_index=True)
            self._rows = pd.Index(codes[self._first])

    def first_rows(self) -> np.ndarray:
        """The positions of the rows that are the first with their key values, in order."""
        if self._first is None:
            return np.arange(len(self._rows))
        return np.sort(self._first)

    def _codes(self, frame: pd.DataFrame) -> np.ndarray:
        codes = np.zeros(len(frame), dtype=np.int64)
        for key, uniques in zip(self.keys, self._uniques):
            codes = _combined(codes, codes_in(frame[key], uniques), len(uniques))
        return codes

    def positions(self, frame: pd.DataFrame, keys: list[str] | None = None) -> np.ndarray:
        """For each row of ``frame``, the position of the row with the same key values (its
        columns ``keys``, by default the index's own names), -1 when there is none."""
        if keys is not None:
            frame = frame[keys].set_axis(self.keys, axis=1)
        codes = self._codes(frame)
        found = self._rows.get_indexer(codes)
        found[codes < 0] = -1
        if self._first is not None:
            found = np.where(found >= 0, self._first[found], -1)
        return found


def frame_from_rows(rows: Iterable[tuple], dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame from row tuples, one value per column of ``dtypes`` (column -> dtype), built
    column by column: a frame of tuples converted afterwards takes twice as long."""
    rows = list(rows)
    values = zip(*rows) if rows else ([] for _ in dtypes)
    return pd.DataFrame({column: _column(list(column_values), dtype)
                         for (column, dtype), column_values in zip(dtypes.items(), values)})


def _column(values: list, dtype: str):
    """A column's values in ``dtype``: numbers through numpy (None: NaN), text through Arrow,
    which costs a fraction of pandas' own conversion of a list."""
    if dtype in ("float64", "int64"):
        return np.array(values, dtype=dtype)
    if dtype == "str" and arrow_text(TEXT):
        try:
            return pd.array(pa.array(values, type=pa.large_string()), dtype=TEXT)
        except (pa.ArrowInvalid, pa.ArrowTypeError):   # not all text: pandas converts
            pass
    return pd.Series(values, dtype=dtype).array

