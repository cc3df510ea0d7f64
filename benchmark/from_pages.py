"""Indicators read from ``pages``, the crawl ledger: one row per URL the crawler dealt with.

Pages carry no market, so these give one value per store (``'*'``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmark.columns import RowIndex, per_distinct, reduce_groups
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
    offers, pages = frames.offers, frames.pages
    keys = ["store_id", "url"]
    structured = offers[per_distinct(offers["source"], lambda s: s.lower() in wanted,
                                     "boolean").fillna(False).to_numpy(dtype=bool)]
    is_product = (pages["outcome"] == "product").to_numpy()
    product = RowIndex(pages.loc[is_product, keys], keys)
    found = product.positions(structured)              # the page of each structured offer
    hit = np.zeros(int(is_product.sum()) + 1, dtype=bool)   # the last: no page
    hit[found] = True
    once = product.first_rows()                        # each page once
    hit = hit[once]
    codes, stores = frames.page_stores
    codes = codes[is_product][once]
    kept = codes >= 0
    urls = np.bincount(codes[kept], minlength=len(stores))
    hits = np.bincount(codes[kept], hit[kept], minlength=len(stores)).astype("int64")
    rows = []
    for store_id, pages_n, urls_n, hits_n in zip(stores, frames.page_counts.tolist(),
                                                  urls.tolist(), hits.tolist()):
        if not urls_n:
            rows.append((store_id, "*", None, 0,
                         f"no product page among {pages_n} pages in the ledger"))
            continue
        rows.append((store_id, "*", hits_n / urls_n, urls_n,
                     f"{urls_n} product pages, {hits_n} with {'/'.join(sources)}"))
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
    pages = frames.pages
    values = pages[field].to_numpy(dtype="float64", na_value=np.nan)
    codes, stores = frames.page_stores
    used = (codes >= 0) & ~np.isnan(values) & ~pages["outcome"].isin(NOT_FETCHED).to_numpy()
    if via is not None:
        used &= pages["via"].isin(via).to_numpy()
    count = np.bincount(codes[used], minlength=len(stores))
    value = reduce_groups(values[used], codes[used], len(stores), stat)
    rows = []
    for store_id, pages_n, used_n, v in zip(stores, frames.page_counts.tolist(),
                                            count.tolist(), value.tolist()):
        if not used_n:
            rows.append((store_id, "*", None, 0,
                         f"no page{how} with {field} among {pages_n} in the ledger"))
            continue
        rows.append((store_id, "*", float(v), used_n, f"{stat} {field} of {used_n} pages{how}"))
    return result(rows)
