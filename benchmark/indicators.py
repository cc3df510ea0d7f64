"""Indicator values: every public indicator of the model, for every store of the scan.

``REGISTRY`` maps each function name the model may use as ``source.function`` to its function
(see ``benchmark.registry`` for the contract and how to add one). ``indicator_values`` runs them
and lays the results on a full grid, so a store the function had no data for still gets its
row, with a NaN value: missing is shown, never 0.

The grid: one row per store with market ``'*'``; a ``per_market`` indicator also has one row
per market of the store (its configured markets and those of its offers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
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
    stores = pd.DataFrame({"store_id": sorted(frames.stores["id"]), "market": "*"})
    stores = stores.astype("str")
    every_market = pd.concat([stores, frames.store_markets], ignore_index=True)
    if not model.public:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in VALUE_DTYPES.items()})
    cells, found = [], []   # (frame, its indicator's position) each
    for position, ind in enumerate(model.public):
        got = REGISTRY[ind.function](frames, **ind.params)
        missing = set(RESULT_COLUMNS) - set(got.columns)
        if missing:
            raise TypeError(f"indicator function {ind.function!r} returned no "
                            f"{', '.join(sorted(missing))} column")
        found.append((got[RESULT_COLUMNS], position))
        cells.append((every_market if ind.per_market else stores, position))
    cells, found = (pd.concat([frame for frame, _ in parts], ignore_index=True).assign(
        position=np.concatenate([np.full(len(frame), p) for frame, p in parts]))
        for parts in (cells, found))
    about = pd.DataFrame([{
        "position": position, "indicator": ind.id, "layer": ind.layer,
        "weight": float(ind.weight), "direction": ind.direction, "scale": ind.scale,
        "no_data": f"no data in {ind.table}"} for position, ind in enumerate(model.public)])
    rows = (cells.merge(found, on=["position", "store_id", "market"], how="left")
            .merge(about, on="position"))
    rows = rows.assign(
        value=rows["value"].replace([np.inf, -np.inf], np.nan),
        n=rows["n"].fillna(0).astype("int64"),
        evidence=rows["evidence"].fillna(rows["no_data"]),
    )
    return rows[VALUE_COLUMNS].astype(VALUE_DTYPES)
