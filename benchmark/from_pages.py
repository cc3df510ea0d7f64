"""Indicators read from ``pages``, the crawl ledger: one row per URL the crawler dealt with.

Pages carry no market, so these give one value per store (``'*'``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmark.columns import aggregate, group_codes
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
    keys = ["store_id", "url"]
    structured = offers.loc[offers["source"].str.lower().isin(wanted), keys]
    product = frames.pages.loc[frames.pages["outcome"] == "product", keys]
    codes, _ = group_codes(pd.concat([product, structured], ignore_index=True), keys,
                           dropna=False, sort=False)
    pages, first = np.unique(codes[:len(product)], return_index=True)   # each page once
    product = product.iloc[first].assign(hit=np.isin(pages, codes[len(product):]))
    found = _per_store(frames.pages, aggregate(product, ["store_id"], {
        "urls": ("url", "size"), "hits": ("hit", "sum")}))
    rows = []
    for r in found.itertuples(index=False):
        if not r.urls:
            rows.append((r.store_id, "*", None, 0,
                         f"no product page among {r.pages} pages in the ledger"))
            continue
        rows.append((r.store_id, "*", r.hits / r.urls, r.urls,
                     f"{r.urls} product pages, {r.hits} with {'/'.join(sources)}"))
    return result(rows)


def _per_store(pages: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    """Every store of the ledger with its number of ``pages``, and the counts of ``counted``
    (one row per store, a store it lacks: 0)."""
    stores = aggregate(pages, ["store_id"], {"pages": ("url", "size")})
    found = stores.merge(counted, on="store_id", how="left")
    numbers = [c for c in counted.columns if c != "store_id"]
    return found.assign(**{c: found[c].fillna(0).astype("int64") for c in numbers})


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
    used = pages[~pages["outcome"].isin(NOT_FETCHED)].dropna(subset=[field])
    if via is not None:
        used = used[used["via"].isin(via)]
    values = aggregate(used, ["store_id"], {"value": (field, stat)})
    found = _per_store(pages, aggregate(used, ["store_id"], {"used": (field, "size")}))
    found = found.merge(values, on="store_id", how="left")
    rows = []
    for r in found.itertuples(index=False):
        if not r.used:
            rows.append((r.store_id, "*", None, 0,
                         f"no page{how} with {field} among {r.pages} in the ledger"))
            continue
        rows.append((r.store_id, "*", float(r.value), r.used,
                     f"{stat} {field} of {r.used} pages{how}"))
    return result(rows)
