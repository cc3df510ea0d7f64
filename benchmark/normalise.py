"""Indicator values -> 0..100 within the peer set of the scan.

The peer set of a value is every store with a row for the same indicator and market: all the
scan's stores for market ``'*'``, the stores selling in a market for that market. Min-max:
the best store scores 100, the worst 0, the others in proportion; ``direction`` says which end
is best, and ``scale: log`` compares log(1 + value), so that counts spanning orders of
magnitude do not squash everyone but the biggest store to 0.

When nobody can be ahead (a single store with data, or every store with the same value),
each store with data scores 50, the midpoint: 100 would call a lone store "best" on an
indicator nobody else was measured on, and lift its layer score for nothing. A missing value
stays NaN, never 0, and is not in the peer set.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmark.columns import group_codes, reduce_groups

NO_SPREAD = 50.0
"""Score of every store with data when the peer set has no spread."""


def normalise(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` plus ``normalised`` (0..100, NaN where value is NaN).

    Needs the columns indicator, market, value, direction (higher_is_better /
    lower_is_better) and scale (linear / log).
    """
    x = values["value"].where(values["scale"] != "log", np.log1p(values["value"].clip(lower=0)))
    codes, groups = group_codes(values, ["indicator", "market"], sort=False)
    peers = codes >= 0
    low, high = (pd.Series(np.nan, index=values.index) for _ in range(2))
    for ends, how in ((low, "min"), (high, "max")):
        ends[peers] = reduce_groups(x.to_numpy()[peers], codes[peers], len(groups), how)[
            codes[peers]]
    spread = high - low
    share = (x - low) / spread.where(spread > 0)
    share = share.where(values["direction"] != "lower_is_better", 1 - share)
    scored = (100 * share).where(spread > 0, NO_SPREAD).where(x.notna())
    return values.assign(normalised=scored.astype("float64"))
