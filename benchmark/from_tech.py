"""Indicators read from the tables other parts of moatscan write when they run.

``technologies`` (scan_id, store_id, name, category, layer, …: the technologies and features
found on the rendered pages) and ``site_speed`` (scan_id, store_id, url, profile, ttfb_ms,
fcp_ms, lcp_ms, cls, tbt_ms, bytes, requests, third_party_share). When a table is absent, or
has no row for the scan, ``Frames.available`` does not name it and these give no data (the
coverage shows it), never 0. When it is there, a store of the scan without a technology row
really has none found: 0.
"""

from __future__ import annotations

import pandas as pd

from benchmark.registry import indicator, result

_SHOWN = 6
SPEED_FIELDS = ("ttfb_ms", "fcp_ms", "lcp_ms", "cls", "tbt_ms", "bytes", "requests",
                "third_party_share")


def _check_tech(layer: str | None = None, categories: list[str] | None = None) -> str | None:
    if layer is None and categories is None:
        return "give a layer or a list of categories to count"
    if categories is not None and (not isinstance(categories, list) or not categories):
        return "categories must be a non-empty list such as [live_chat, chatbot]"
    return None


@indicator("technology_count", reads=("technologies",), check=_check_tech)
def technology_count(frames, layer: str | None = None,
                     categories: list[str] | None = None) -> pd.DataFrame:
    """Distinct technologies found on the store, of one barrier ``layer`` and/or ``categories``."""
    if "technologies" not in frames.available:
        return result([])
    tech = frames.technologies
    if layer is not None:
        tech = tech[tech["layer"].str.lower() == layer.lower()]
    if categories is not None:
        tech = tech[tech["category"].str.lower().isin([c.lower() for c in categories])]
    what = "/".join(categories) if categories else f"{layer}-layer"
    rows = []
    for store_id in sorted(frames.stores["id"]):
        names = sorted(set(tech.loc[tech["store_id"] == store_id, "name"].dropna()))
        shown = ", ".join(names[:_SHOWN]) + (f" and {len(names) - _SHOWN} more"
                                             if len(names) > _SHOWN else "")
        rows.append((store_id, "*", float(len(names)), len(names),
                     f"{len(names)} {what} technologies: {shown}" if names
                     else f"no {what} technology found"))
    return result(rows)


def _check_speed(field: str, profile: str = "mobile", stat: str = "median") -> str | None:
    if field not in SPEED_FIELDS:
        return f"field must be one of {', '.join(SPEED_FIELDS)}, not {field!r}"
    if profile not in ("mobile", "desktop"):
        return f"profile must be mobile or desktop, not {profile!r}"
    if stat not in ("median", "mean", "max"):
        return f"stat must be median, mean or max, not {stat!r}"
    return None


@indicator("speed_stat", reads=("site_speed",), check=_check_speed)
def speed_stat(frames, field: str, profile: str = "mobile", stat: str = "median") -> pd.DataFrame:
    """A statistic (median by default) of a site-speed measure over the store's measured URLs
    (each URL's row is already the median of several runs), for one device profile."""
    speed = frames.site_speed
    speed = speed[speed["profile"] == profile].dropna(subset=[field])
    rows = []
    for store_id, group in speed.groupby("store_id", sort=True):
        value = float(getattr(group[field], stat)())
        rows.append((store_id, "*", value, len(group),
                     f"{stat} {field} {value:g} over {len(group)} URLs ({profile})"))
    return result(rows)
