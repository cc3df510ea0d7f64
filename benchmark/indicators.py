"""Indicator values: every public indicator of the model, for every store of the scan.

``REGISTRY`` maps each function name the model may use as ``source.function`` to its function
(see ``benchmark.registry`` for the contract and how to add one). ``indicator_values`` runs them
and lays the results on a full grid, so a store the function had no data for still gets its
row, with a NaN value: missing is shown, never 0.

The grid: one row per store with market ``'*'``; a ``per_market`` indicator also has one row
per market of the store (its configured markets and those of its offers).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

# The function modules register themselves on import.
from benchmark import (  # noqa: F401
    from_history,
    from_offers,
    from_pages,
    from_policies,
    from_signals,
    from_tech,
)
from benchmark.columns import frame_from_rows
from benchmark.registry import REGISTRY, RESULT_COLUMNS, indicator

if TYPE_CHECKING:
    from benchmark.frames import Frames
    from benchmark.model import Model

__all__ = ["REGISTRY", "VALUE_COLUMNS", "indicator", "indicator_values"]

VALUE_DTYPES = {"store_id": "str", "market": "str", "indicator": "str", "layer": "str",
                "value": "float64", "n": "int64", "evidence": "str", "weight": "float64",
                "direction": "str", "scale": "str"}
VALUE_COLUMNS = list(VALUE_DTYPES)


def indicator_values(frames: Frames, model: Model) -> pd.DataFrame:
    """[store_id, market, indicator, layer, value, n, evidence, weight, direction, scale]."""
    if not model.public:
        return frame_from_rows([], VALUE_DTYPES)
    stores = [(store_id, "*") for store_id in sorted(frames.stores["id"])]
    every_market = stores + list(zip(frames.store_markets["store_id"].tolist(),
                                     frames.store_markets["market"].tolist()))
    rows = []
    for ind in model.public:
        got = REGISTRY[ind.function](frames, **ind.params)
        missing = set(RESULT_COLUMNS) - set(got.columns)
        if missing:
            raise TypeError(f"indicator function {ind.function!r} returned no "
                            f"{', '.join(sorted(missing))} column")
        found = {(store_id, market): (value, n, evidence) for store_id, market, value, n, evidence
                 in zip(*(got[column].tolist() for column in RESULT_COLUMNS))}
        no_data = f"no data in {ind.table}"
        for store_id, market in every_market if ind.per_market else stores:
            value, n, evidence = found.get((store_id, market), (None, None, None))
            rows.append((store_id, market, ind.id, ind.layer,
                         _number(value), int(n) if n is not None and n == n else 0,
                         evidence if isinstance(evidence, str) else no_data,
                         float(ind.weight), ind.direction, ind.scale))
    return frame_from_rows(rows, VALUE_DTYPES)


def _number(value) -> float:
    """A value as a float; missing, unreadable or infinite: NaN."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return math.nan
    return value if math.isfinite(value) else math.nan
