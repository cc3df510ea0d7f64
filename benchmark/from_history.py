"""Indicators that need the previous complete scan (``Frames.previous``).

Without a previous complete scan (the first week) they have no data, never 0.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from benchmark.registry import aggregate_by_store_and_market, indicator, result


def weeks_between(earlier: str, later: str) -> float:
    """Weeks from one scan date to the next (at least one day)."""
    days = (dt.date.fromisoformat(str(later)[:10]) - dt.date.fromisoformat(str(earlier)[:10])).days
    return max(days, 1) / 7


def new_reviews(offers: pd.DataFrame, previous_offers: pd.DataFrame) -> pd.DataFrame:
    """Offers in both scans: [store_id, market, offer_key, url, title, previous, now, new]."""
    cols = ["store_id", "market", "offer_key", "url", "title", "review_count"]
    now = offers[cols].dropna(subset=["review_count"])
    before = previous_offers[["store_id", "offer_key", "review_count"]].dropna(
        subset=["review_count"]).rename(columns={"review_count": "previous"})
    both = now.merge(before, on=["store_id", "offer_key"])
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
        {"added": ("new", "sum")})
