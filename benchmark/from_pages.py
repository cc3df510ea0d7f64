"""Indicators read from ``pages``, the crawl ledger: one row per URL the crawler dealt with.

Pages carry no market, so these give one value per store (``'*'``).
"""

from __future__ import annotations

import pandas as pd

from benchmark.registry import indicator, result

NOT_FETCHED = ("disallowed", "offsite", "skipped")
"""Ledger outcomes of URLs the crawler never requested: they carry no timing."""

STATS = ("mean", "median", "min", "max")


def _check_sources(sources: list[str]) -> str | None:
    if not isinstance(sources, list) or not sources:
        return "sources must be a non-empty list such as [json-ld, microdata]"
    return None


@indicator("structured_data_coverage", reads=("pages", "offers"), check=_check_sources)
def structured_data_coverage(frames, sources: list[str]) -> pd.DataFrame:
    """Share of product pages (ledger outcome 'product') with an offer read from ``sources``."""
    wanted = {s.lower() for s in sources}
    offers = frames.offers
    structured = offers[offers["source"].str.lower().isin(wanted)]
    structured = set(zip(structured["store_id"].tolist(), structured["url"].tolist()))
    rows = []
    for store_id, pages in frames.pages.groupby("store_id", sort=True):
        urls = set(pages.loc[pages["outcome"] == "product", "url"].tolist())
        if not urls:
            rows.append((store_id, "*", None, 0,
                         f"no product page among {len(pages)} pages in the ledger"))
            continue
        hits = sum((store_id, url) in structured for url in urls)
        rows.append((store_id, "*", hits / len(urls), len(urls),
                     f"{len(urls)} product pages, {hits} with {'/'.join(sources)}"))
    return result(rows)


def _check_page_stat(field: str, stat: str, via: list[str] | None = None) -> str | None:
    if stat not in STATS:
        return f"stat must be one of {', '.join(STATS)}, not {stat!r}"
    if via is not None and (not isinstance(via, list) or not via):
        return "via must be a non-empty list such as [http], or left out"
    return None


@indicator("page_stat", reads=("pages",), check=_check_page_stat)
def page_stat(frames, field: str, stat: str, via: list[str] | None = None) -> pd.DataFrame:
    """A statistic of a numeric ledger field (e.g. elapsed_ms) over the pages actually fetched,
    optionally only those fetched ``via`` the given means (http, browser)."""
    how = f" fetched via {'/'.join(via)}" if via else ""
    rows = []
    for store_id, pages in frames.pages.groupby("store_id", sort=True):
        used = pages[~pages["outcome"].isin(NOT_FETCHED)].dropna(subset=[field])
        if via is not None:
            used = used[used["via"].isin(via)]
        if used.empty:
            rows.append((store_id, "*", None, 0,
                         f"no page{how} with {field} among {len(pages)} in the ledger"))
            continue
        rows.append((store_id, "*", float(getattr(used[field], stat)()), len(used),
                     f"{stat} {field} of {len(used)} pages{how}"))
    return result(rows)
