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

import pandas as pd

from benchmark.columns import aggregate

if TYPE_CHECKING:
    from benchmark.model import Model

LAYER_COLUMNS = ["store_id", "market", "layer", "score", "coverage", "indicators_with_data",
                 "indicators_total", "copy_difficulty"]
MOAT_COLUMNS = ["store_id", "market", "score", "coverage"]
GAP_COLUMNS = ["store_id", "market", "layer", "seller_score", "competitor_score", "gap",
               "copy_difficulty"]


def layer_scores(values: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Per store, market and layer: score, coverage and the counts behind it.

    ``values``: indicator values with [store_id, market, indicator, layer, weight, normalised].
    Every (store, market) in ``values`` gets one row per layer of the model.
    """
    per_market = {i.id for i in model.public if i.per_market}
    star = values[values["market"] == "*"]
    in_markets = values[values["market"] != "*"]
    shared = star[~star["indicator"].isin(per_market)].drop(columns="market").merge(
        in_markets[["store_id", "market"]].drop_duplicates(), on="store_id")
    rows = pd.concat([star, in_markets, shared], ignore_index=True)
    has_data = rows["normalised"].notna()
    rows = rows.assign(weighted=rows["weight"] * rows["normalised"],
                       data_weight=rows["weight"].where(has_data, 0.0), with_data=has_data)
    sums = aggregate(rows, ["store_id", "market", "layer"], {
        "weighted": ("weighted", "sum"), "data_weight": ("data_weight", "sum"),
        "indicators_with_data": ("with_data", "sum")})

    layers = model.layer_frame()
    totals = pd.Series([i.layer for i in model.public], dtype="str").value_counts()
    layers = layers.assign(indicators_total=layers["layer"].map(totals).fillna(0).astype("int64"))
    cells = values[["store_id", "market"]].drop_duplicates().merge(layers, how="cross")
    out = cells.merge(sums, on=["store_id", "market", "layer"], how="left")
    out = out.assign(
        score=(out["weighted"] / out["data_weight"]).where(out["data_weight"] > 0),
        indicators_with_data=out["indicators_with_data"].fillna(0).astype("int64"),
    )
    out = out.assign(coverage=(out["indicators_with_data"] / out["indicators_total"])
                     .where(out["indicators_total"] > 0, 0.0))
    out = out.sort_values(["store_id", "market", "position"])
    return out[LAYER_COLUMNS].astype({"score": "float64", "coverage": "float64"}).reset_index(
        drop=True)


def moat_index(layer_scores: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Per store and market: layer scores weighted by copy difficulty, and their coverage."""
    rows = layer_scores.merge(model.layer_frame()[["layer", "layer_weight"]], on="layer")
    has_score = rows["score"].notna()
    rows = rows.assign(weighted=rows["layer_weight"] * rows["score"],
                       scored_weight=rows["layer_weight"].where(has_score, 0.0),
                       covered=rows["layer_weight"] * rows["coverage"])
    sums = aggregate(rows, ["store_id", "market"], {
        "weighted": ("weighted", "sum"), "scored_weight": ("scored_weight", "sum"),
        "covered": ("covered", "sum"), "layer_weight": ("layer_weight", "sum")})
    sums = sums.assign(
        score=(sums["weighted"] / sums["scored_weight"]).where(sums["scored_weight"] > 0),
        coverage=(sums["covered"] / sums["layer_weight"]).where(sums["layer_weight"] > 0, 0.0),
    )
    return sums[MOAT_COLUMNS].astype({"score": "float64", "coverage": "float64"})


def gaps(layer_scores: pd.DataFrame, seller_store_id: str | None) -> pd.DataFrame:
    """Per competitor, market and layer: competitor score − seller score (> 0: seller behind).

    Only markets where both have layer rows: market ``'*'`` always, and each market both sell
    in. A gap with a missing score on either side is NaN.
    """
    seller = layer_scores.loc[layer_scores["store_id"] == seller_store_id,
                              ["market", "layer", "score"]]
    rivals = layer_scores[layer_scores["store_id"] != seller_store_id]
    out = rivals.rename(columns={"score": "competitor_score"}).merge(
        seller.rename(columns={"score": "seller_score"}), on=["market", "layer"])
    out = out.assign(gap=out["competitor_score"] - out["seller_score"])
    return out[GAP_COLUMNS].astype({"seller_score": "float64", "competitor_score": "float64",
                                    "gap": "float64"}).reset_index(drop=True)


LEADER_COLUMNS = ["market", "layer", "seller_score", "best_store_id", "best_score", "gap",
                  "competitors_scored", "copy_difficulty"]


def layer_leaders(layer_scores: pd.DataFrame, seller_store_id: str | None) -> pd.DataFrame:
    """Per market and layer: the best-scoring competitor and the seller's gap to it.

    ``gap`` = best competitor score − seller score (> 0: the seller is behind the leader). A
    market and layer where no competitor has a score has no leader (NaN); ties go to the store
    id first in alphabetical order, so the result does not depend on row order.
    """
    seller = layer_scores.loc[layer_scores["store_id"] == seller_store_id,
                              ["market", "layer", "score"]].rename(
                                  columns={"score": "seller_score"})
    rivals = layer_scores[layer_scores["store_id"] != seller_store_id]
    keys = rivals[["market", "layer", "copy_difficulty"]].drop_duplicates(["market", "layer"])
    scored = rivals.dropna(subset=["score"]).sort_values(
        ["market", "layer", "score", "store_id"], ascending=[True, True, False, True])
    best = scored.drop_duplicates(["market", "layer"])[["market", "layer", "store_id", "score"]]
    best = best.rename(columns={"store_id": "best_store_id", "score": "best_score"})
    counts = scored.groupby(["market", "layer"]).size().rename("competitors_scored")
    out = (keys.merge(best, on=["market", "layer"], how="left")
           .merge(counts.reset_index(), on=["market", "layer"], how="left")
           .merge(seller, on=["market", "layer"]))
    out = out.assign(gap=out["best_score"] - out["seller_score"],
                     competitors_scored=out["competitors_scored"].fillna(0).astype("int64"))
    return out[LEADER_COLUMNS].astype({"seller_score": "float64", "best_score": "float64",
                                       "gap": "float64", "best_store_id": "str"}).sort_values(
        ["market", "layer"]).reset_index(drop=True)
