"""The indicator functions the barrier model can name as ``source.function``.

An indicator function takes the scan's ``Frames`` and the keyword arguments of its YAML
``source`` block, and returns one row per store it has data for::

    store_id  market  value  n  evidence
    voltaro   *       0.95   38 "38 product pages, 36 with json-ld/microdata/rdfa"

``market`` is ``'*'`` for the value over the whole store; a function registered with
``per_market=True`` also returns one row per market of the store's offers. A store it has no
data for gets no row (or a NaN value): missing is never 0. ``n`` is the number of observations
the value rests on and ``evidence`` says, in a few words, what it was computed from.

Adding one::

    @indicator("median_delivery_days", reads=("offers",), per_market=True)
    def median_delivery_days(frames, field="delivery_days_max"): ...

then one entry in data/barrier_model.yaml with ``source: {table: offers, function:
median_delivery_days}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from benchmark.columns import frame_from_rows, group_codes, reduce_by

if TYPE_CHECKING:
    from benchmark.frames import Frames

RESULT_DTYPES = {"store_id": "str", "market": "str", "value": "float64", "n": "int64",
                 "evidence": "str"}
RESULT_COLUMNS = list(RESULT_DTYPES)

REGISTRY: dict[str, Callable[..., pd.DataFrame]] = {}
"""Function name (as written in the model's ``source.function``) -> indicator function."""


def indicator(name: str, *, reads: tuple[str, ...], per_market: bool = False,
              check: Callable[..., str | None] | None = None):
    """Register an indicator function under ``name``.

    ``reads``: the tables it reads (the model's ``source.table`` must be one of them).
    ``per_market``: whether it can return one row per market as well as ``'*'``.
    ``check``: called with the model's arguments when the model is loaded; returns a problem
    (text) or None, so that a bad pattern or statistic fails at load, not in the weekly run.
    """

    def register(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        if name in REGISTRY:
            raise ValueError(f"indicator function {name!r} is registered twice")
        function.reads = reads
        function.per_market = per_market
        function.check = check
        REGISTRY[name] = function
        return function

    return register


def result(rows: Iterable[tuple]) -> pd.DataFrame:
    """A function's result frame from (store_id, market, value, n, evidence) tuples."""
    return frame_from_rows(rows, RESULT_DTYPES)


def aggregate_by_store_and_market(rows: pd.DataFrame, column: str, how: str,
                                  describe: Callable[[dict], str],
                                  extra: dict[str, tuple[str, str]] | None = None, *,
                                  offers_of: Frames | None = None) -> pd.DataFrame:
    """A value that is one pandas aggregation, per store ('*') and per (store, market).

    ``how`` (mean, median, min, max, sum, nunique) of ``column`` per store ('*') and per
    (store, market), over its non-missing values; ``n`` is their count. ``extra`` names more
    aggregations ``{name: (column, how)}`` for the evidence; ``describe(row) -> str`` writes
    the evidence from a dict with value, n and the extras. No non-missing value: no row.
    ``offers_of``: the scan whose ``offers`` ``rows`` are some of (same index), so that their
    groups are read from ``Frames.offer_groups`` rather than worked out again.
    """
    spec = {"value": (column, how), "n": (column, "count"), **(extra or {})}
    usable = rows[column].notna().to_numpy()
    if offers_of is not None:
        offers = offers_of.offers.index
        at = None if rows.index.equals(offers) else offers.get_indexer(rows.index)
    out = []
    for keys in (("store_id",), ("store_id", "market")):
        if offers_of is None:
            needed = list(dict.fromkeys(source for source, _ in spec.values()))
            used = rows.loc[usable, [*keys, *(c for c in needed if c not in keys)]]
            codes, found = group_codes(used, list(keys))
            names = list(zip(*(found[key].tolist() for key in keys)))
        else:   # the groups come from the scan's offers, worked out once a scan
            used = rows
            codes, names = offers_of.offer_group_names[keys]
            codes = np.where(usable, codes if at is None else codes[at], -1)
        present, values = reduce_by(used, codes, len(names), spec)
        groups = [names[g] for g in np.flatnonzero(present).tolist()]
        columns = {name: value.tolist() for name, value in values.items()}
        for group, found in zip(groups, zip(*columns.values())):
            r = dict(zip(columns, found))
            r["store_id"], r["market"] = group if len(group) == 2 else (group[0], "*")
            if r["n"] > 0:
                out.append((r["store_id"], r["market"], float(r["value"]), int(r["n"]),
                            describe(r)))
    return result(sorted(out, key=lambda row: (row[0], row[1])))
