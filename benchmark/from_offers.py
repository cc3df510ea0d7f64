"""Indicators read from ``offers``: the products a buyer sees, per store and market.

Every function here gives one row per store over all its offers (market ``'*'``) and one per
market of its offers. A store or market without a single usable offer has no row: missing, not 0.
"""

from __future__ import annotations

import pandas as pd

from benchmark.prices import normalise_gtin
from benchmark.registry import indicator, per_store_and_market, result

STATS = ("mean", "median", "min", "max")


def _short(value) -> str:
    """schema.org names, long or short: 'https://schema.org/InStock' -> 'instock'."""
    return str(value).rstrip("/").rsplit("/", 1)[-1].strip().lower()


def _check_share(field: str, values: list) -> str | None:
    if not isinstance(values, list) or not values:
        return "values must be a non-empty list"
    return None


@indicator("offer_share", reads=("offers",), per_market=True, check=_check_share)
def offer_share(frames, field: str, values: list[str]) -> pd.DataFrame:
    """Share of the offers stating ``field`` whose value is one of ``values`` (schema.org short
    names compare case-insensitively, with or without the https://schema.org/ prefix)."""
    wanted = {_short(v) for v in values}
    listed = "/".join(values[:2]) + ("…" if len(values) > 2 else "")

    def summarise(group: pd.DataFrame):
        stated = group[field].dropna()
        if stated.empty:
            return None
        hits = int(stated.map(_short).isin(wanted).sum())
        return hits / len(stated), len(stated), f"{hits} of {len(stated)} offers {listed}"

    return per_store_and_market(frames.offers, summarise)


def _check_stat(field: str, stat: str) -> str | None:
    return None if stat in STATS else f"stat must be one of {', '.join(STATS)}, not {stat!r}"


@indicator("offer_stat", reads=("offers",), per_market=True, check=_check_stat)
def offer_stat(frames, field: str, stat: str) -> pd.DataFrame:
    """A statistic (mean, median, min, max) of a numeric offer field, over the offers stating it."""

    def summarise(group: pd.DataFrame):
        stated = group[field].dropna()
        if stated.empty:
            return None
        return (float(getattr(stated, stat)()), len(stated),
                f"{stat} {field} of {len(stated)} offers showing one")

    return per_store_and_market(frames.offers, summarise)


@indicator("offer_count", reads=("offers",), per_market=True)
def offer_count(frames) -> pd.DataFrame:
    """Distinct products among the offers: one per GTIN, else one per product URL."""
    offers = frames.offers
    offers = offers.assign(product=offers["gtin"].map(normalise_gtin).fillna(offers["url"]))

    def summarise(group: pd.DataFrame):
        products = group["product"].nunique()
        return float(products), len(group), f"{products} products in {len(group)} offers"

    return per_store_and_market(offers, summarise)


@indicator("gtin_coverage", reads=("offers",), per_market=True)
def gtin_coverage(frames) -> pd.DataFrame:
    """Share of offers publishing a well-formed GTIN-8/12/13/14."""
    offers = frames.offers
    offers = offers.assign(has_gtin=offers["gtin"].map(normalise_gtin).notna())

    def summarise(group: pd.DataFrame):
        hits = int(group["has_gtin"].sum())
        return hits / len(group), len(group), f"{hits} of {len(group)} offers with a GTIN"

    return per_store_and_market(offers, summarise)


@indicator("local_currency_share", reads=("offers", "markets"), per_market=True)
def local_currency_share(frames) -> pd.DataFrame:
    """Share of offers (with a known market and currency) priced in the market's currency."""
    local = frames.markets[["code", "currency"]].rename(
        columns={"code": "market", "currency": "local_currency"})
    offers = frames.offers.dropna(subset=["market", "currency"]).merge(local, on="market")
    offers = offers.assign(local=offers["currency"].str.upper()
                           == offers["local_currency"].str.upper())

    def summarise(group: pd.DataFrame):
        hits = int(group["local"].sum())
        currencies = sorted(group["local_currency"].unique())
        return (hits / len(group), len(group),
                f"{hits} of {len(group)} offers priced in {'/'.join(currencies)}")

    return per_store_and_market(offers, summarise)


@indicator("price_index", reads=("offers", "exchange_rates"), per_market=True)
def price_index(frames) -> pd.DataFrame:
    """The store's price index against the seller (benchmark.prices); the seller is 100."""
    rows = []
    for row in frames.price_index.itertuples():
        if row.store_id == frames.seller_id:
            text = f"the seller (100 by definition), {row.matched_products} matched products"
        else:
            cross = (f", {row.cross_market_products} against the seller's price in another "
                     "market" if row.cross_market_products else "")
            text = f"{row.matched_products} GTIN-matched products{cross}"
        rate = f"; rates of {row.rate_date}" if isinstance(row.rate_date, str) else ""
        rows.append((row.store_id, row.market, row.index, row.matched_products,
                     f"{text}{rate} ({row.base_currency})"))
    return result(rows)
