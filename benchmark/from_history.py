"""Indicators that need the previous complete scan (``Frames.previous``).

Without a previous complete scan (the first week) they have no data, never 0.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from benchmark.columns import positions_in
from benchmark.registry import aggregate_by_store_and_market, indicator, result


def weeks_between(earlier: str, later: str) -> float:
    """Weeks from one scan date to the next (at least one day)."""
    days = (dt.date.fromisoformat(str(later)[:10]) - dt.date.fromisoformat(str(earlier)[:10])).days
    return max(days, 1) / 7


def new_reviews(offers: pd.DataFrame, previous_offers: pd.DataFrame,
                positions: np.ndarray | None = None) -> pd.DataFrame:
    """Offers in both scans: [store_id, market, offer_key, url, title, previous, now, new],
    indexed like ``offers``.

    ``positions``: ``columns.positions_in(offers, previous_offers, [store_id, offer_key])``
    when the caller has it.
    """
    if positions is None:
        positions = positions_in(offers, previous_offers, ["store_id", "offer_key"])
    previous = np.full(len(offers), np.nan)
    found = positions >= 0
    previous[found] = previous_offers["review_count"].to_numpy()[positions[found]]
    both = offers[["store_id", "market", "offer_key", "url", "title", "review_count"]].assign(
        previous=previous)
    both = both[found & both["review_count"].notna().to_numpy() & ~np.isnan(previous)]
    return both.assign(now=both["review_count"],
                       new=(both["review_count"] - both["previous"]).clip(lower=0))


@indicator("review_velocity", reads=("offers",), per_market=True)
def review_velocity(frames) -> pd.DataFrame:
    """New reviews per week on the products found in this scan and the previous complete one."""
    if frames.previous is None:
        return result([])
    weeks = weeks_between(frames.previous.scan_date, frames.scan_date)
    both = frames.new_reviews

    both = both[["store_id", "market", "new"]].assign(per_week=both["new"] / weeks)
    return aggregate_by_store_and_market(
        both, "per_week", "sum",
        lambda r: f"{r['added']:g} new reviews on {r['n']} products in {weeks:g} weeks "
                  f"(scan {frames.previous.scan_id} → {frames.scan_id})",
        {"added": ("new", "sum")}, offers_of=frames)
