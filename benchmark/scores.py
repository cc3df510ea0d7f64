"""Normalised indicator values -> layer scores -> moat index, and the seller's gaps.

Layer score of a store in a market: the weighted mean of the normalised values (0..100) of the
layer's public indicators *that have data*; missing indicators are left out, never counted as 0,
and ``coverage`` (indicators with data / the layer's public indicators) says how much of the
layer the score rests on. No indicator with data (or only weight 0) -> no score (NaN).

Markets: market ``'*'`` uses every indicator's ``'*'`` value. In a market M, a per-market
indicator uses its M value and a store-level indicator its ``'*'`` value (normalised among all
the scan's stores), since a store's social channels or apps serve every market it sells in.

Moat index: the weighted mean of the layer scores with a score, weighted by copy difficulty
(model layer weights: traffic 1, operations 2, technology 3, ecosystem 4); its ``coverage`` is
the mean of the layers' coverages with the same weights, so a moat index missing its ecosystem
layer says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from benchmark.columns import frame_from_rows

if TYPE_CHECKING:
    from benchmark.model import Model

LAYER_COLUMNS = ["store_id", "market", "layer", "score", "coverage", "indicators_with_data",
                 "indicators_total", "copy_difficulty"]
MOAT_COLUMNS = ["store_id", "market", "score", "coverage"]
GAP_COLUMNS = ["store_id", "market", "layer", "seller_score", "competitor_score", "gap",
               "copy_difficulty"]
_NUMBERS = {"score": "float64", "coverage": "float64", "indicators_with_data": "int64",
            "indicators_total": "int64", "seller_score": "float64",
            "competitor_score": "float64", "gap": "float64", "best_score": "float64",
            "competitors_scored": "int64"}
"""The number columns of the tables here; every other column is text."""


def _dtypes(columns: list[str]) -> dict[str, str]:
    return {column: _NUMBERS.get(column, "str") for column in columns}


def layer_scores(values: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Per store, market and layer: score, coverage and the counts behind it.

    ``values``: indicator values with [store_id, market, indicator, layer, weight, normalised].
    Every (store, market) in ``values`` gets one row per layer of the model.

    The frames here hold a row per store, market and layer (or indicator): they are worked out
    row by row, which costs far less than pandas' overhead per operation on frames this small.
    """
    per_market = {i.id for i in model.public if i.per_market}
    records = _records(values, ["store_id", "market", "indicator", "layer", "weight",
                                "normalised"])
    star = [r for r in records if r[1] == "*"]
    in_markets = [r for r in records if r[1] != "*"]
    markets: dict[str, list[str]] = {}    # store -> its markets, in order of appearance
    for store_id, market, *_ in in_markets:
        if market not in markets.setdefault(store_id, []):
            markets[store_id].append(market)
    # a store-level indicator's '*' value counts in each of the store's markets
    shared = [(store_id, market, *rest) for store_id, _, *rest in star
              if rest[0] not in per_market for market in markets.get(store_id, [])]
    sums: dict[tuple, list[float]] = {}   # (store, market, layer) -> weighted, weight, with data
    for store_id, market, _, layer, weight, normalised in (*star, *in_markets, *shared):
        total = sums.setdefault((store_id, market, layer), [0.0, 0.0, 0])
        if normalised == normalised:   # not NaN
            total[0] += weight * normalised
            total[1] += weight
            total[2] += 1
    totals: dict[str, int] = {}
    for i in model.public:
        totals[i.layer] = totals.get(i.layer, 0) + 1
    layers = sorted(model.layers.values(), key=lambda x: x.position)
    cells = sorted({(r[0], r[1]) for r in records})
    rows = []
    for store_id, market in cells:
        for x in layers:
            weighted, weight, with_data = sums.get((store_id, market, x.name), (0.0, 0.0, 0))
            total = totals.get(x.name, 0)
            rows.append((store_id, market, x.name, weighted / weight if weight > 0 else np.nan,
                         with_data / total if total > 0 else 0.0, with_data, total,
                         x.copy_difficulty))
    return frame_from_rows(rows, _dtypes(LAYER_COLUMNS))


def moat_index(layer_scores: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Per store and market: layer scores weighted by copy difficulty, and their coverage."""
    weight = {x.name: float(x.weight) for x in model.layers.values()}
    sums: dict[tuple, list[float]] = {}   # (store, market) -> weighted, scored, covered, all
    for store_id, market, layer, score, coverage in _records(
            layer_scores, ["store_id", "market", "layer", "score", "coverage"]):
        if layer not in weight:
            continue
        w, total = weight[layer], sums.setdefault((store_id, market), [0.0, 0.0, 0.0, 0.0])
        if score == score:   # not NaN
            total[0] += w * score
            total[1] += w
        if coverage == coverage:
            total[2] += w * coverage
        total[3] += w
    rows = [(store_id, market, weighted / scored if scored > 0 else np.nan,
             covered / every if every > 0 else 0.0)
            for (store_id, market), (weighted, scored, covered, every) in sorted(sums.items())]
    return frame_from_rows(rows, _dtypes(MOAT_COLUMNS))


def gaps(layer_scores: pd.DataFrame, seller_store_id: str | None) -> pd.DataFrame:
    """Per competitor, market and layer: competitor score − seller score (> 0: seller behind).

    Only markets where both have layer rows: market ``'*'`` always, and each market both sell
    in. A gap with a missing score on either side is NaN.
    """
    records = _records(layer_scores, ["store_id", "market", "layer", "score",
                                      "copy_difficulty"])
    seller = {(m, layer): score for s, m, layer, score, _ in records if s == seller_store_id}
    rows = [(s, m, layer, seller[m, layer], score, score - seller[m, layer], difficulty)
            for s, m, layer, score, difficulty in records
            if s != seller_store_id and (m, layer) in seller]
    return frame_from_rows(rows, _dtypes(GAP_COLUMNS))


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The rows of ``frame``'s ``columns`` as tuples (NaN for a missing number)."""
    return list(zip(*(frame[c].tolist() for c in columns)))


LEADER_COLUMNS = ["market", "layer", "seller_score", "best_store_id", "best_score", "gap",
                  "competitors_scored", "copy_difficulty"]


def layer_leaders(layer_scores: pd.DataFrame, seller_store_id: str | None) -> pd.DataFrame:
    """Per market and layer: the best-scoring competitor and the seller's gap to it.

    ``gap`` = best competitor score − seller score (> 0: the seller is behind the leader). A
    market and layer where no competitor has a score has no leader (NaN); ties go to the store
    id first in alphabetical order, so the result does not depend on row order.
    """
    records = _records(layer_scores, ["store_id", "market", "layer", "score",
                                      "copy_difficulty"])
    seller = {(m, layer): score for s, m, layer, score, _ in records if s == seller_store_id}
    cells: dict[tuple, list] = {}    # (market, layer) -> [difficulty, best, best score, n]
    for store_id, market, layer, score, difficulty in records:
        if store_id == seller_store_id:
            continue
        cell = cells.setdefault((market, layer), [difficulty, None, np.nan, 0])
        if score == score:   # not NaN
            cell[3] += 1
            if cell[1] is None or score > cell[2] or (score == cell[2] and store_id < cell[1]):
                cell[1:3] = [store_id, score]
    rows = [(market, layer, seller[market, layer], best, best_score,
             best_score - seller[market, layer], n, difficulty)
            for (market, layer), (difficulty, best, best_score, n) in sorted(cells.items())
            if (market, layer) in seller]
    return frame_from_rows(rows, _dtypes(LEADER_COLUMNS))
