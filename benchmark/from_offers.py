"""Indicators read from ``offers``: the products a buyer sees, per store and market.

Every function here gives one row per store over all its offers (market ``'*'``) and one per
market of its offers. A store or market without a single usable offer has no row: missing, not 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmark.columns import per_distinct
from benchmark.prices import currency_codes
from benchmark.registry import aggregate_by_store_and_market, indicator, result

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

    offers = frames.offers[["store_id", "market", field]]
    names = [v for v in offers[field].dropna().unique() if _short(v) in wanted]
    hit = offers[field].isin(names).astype("float64").where(offers[field].notna())
    return aggregate_by_store_and_market(
        offers.assign(hit=hit), "hit", "mean",
        lambda r: f"{int(r['hits'])} of {r['n']} offers {listed}", {"hits": ("hit", "sum")},
        offers_of=frames)


def _check_stat(field: str, stat: str) -> str | None:
    return None if stat in STATS else f"stat must be one of {', '.join(STATS)}, not {stat!r}"


@indicator("offer_stat", reads=("offers",), per_market=True, check=_check_stat)
def offer_stat(frames, field: str, stat: str) -> pd.DataFrame:
    """A statistic (mean, median, min, max) of a numeric offer field, over the offers stating it."""

    return aggregate_by_store_and_market(
        frames.offers[["store_id", "market", field]], field, stat,
        lambda r: f"{stat} {field} of {r['n']} offers showing one", offers_of=frames)


@indicator("offer_count", reads=("offers",), per_market=True)
def offer_count(frames) -> pd.DataFrame:
    """Distinct products among the offers: one per GTIN, else one per product URL."""
    offers = frames.offers
    gtin, gtins = frames.offer_gtins
    # a product as a number: its GTIN's, else its URL's after every GTIN's (only the offers
    # without a GTIN are looked at by URL); NaN: neither
    product = gtin.astype("float64")
    product[gtin < 0] = np.nan
    no_gtin = np.flatnonzero(gtin < 0)
    url, _ = pd.factorize(offers["url"].iloc[no_gtin])
    product[no_gtin[url >= 0]] = gtins + url[url >= 0]
    offers = offers.assign(product=product)

    return aggregate_by_store_and_market(
        offers[["store_id", "market", "product"]], "product", "nunique",
        lambda r: f"{int(r['value'])} products in {r['n']} offers", offers_of=frames)


@indicator("gtin_coverage", reads=("offers",), per_market=True)
def gtin_coverage(frames) -> pd.DataFrame:
    """Share of offers publishing a well-formed GTIN-8/12/13/14."""
    offers = frames.offers
    offers = offers.assign(
        has_gtin=(frames.offer_gtins[0] >= 0).astype("float64"))
    return aggregate_by_store_and_market(
        offers[["store_id", "market", "has_gtin"]], "has_gtin", "mean",
        lambda r: f"{int(r['hits'])} of {r['n']} offers with a GTIN",
        {"hits": ("has_gtin", "sum")}, offers_of=frames)


@indicator("local_currency_share", reads=("offers", "markets"), per_market=True)
def local_currency_share(frames) -> pd.DataFrame:
    """Share of offers (with a known market and currency) priced in the market's currency."""
    local = frames.markets[["code", "currency"]].rename(
        columns={"code": "market", "currency": "local_currency"}).dropna()
    offers = frames.offers[["store_id", "market", "currency"]]
    usable = offers["currency"].notna() & offers["market"].isin(local["market"])
    code = dict(zip(local["market"], currency_codes(local["local_currency"])))
    local_code = per_distinct(offers["market"], code.get)
    offers = offers.assign(local=(frames.offer_currencies == local_code).astype("float64")
                           .where(usable))
    currency = dict(zip(local["market"], local["local_currency"]))
    return aggregate_by_store_and_market(
        offers[["store_id", "market", "local"]], "local", "mean",
        lambda r: f"{int(r['hits'])} of {r['n']} offers priced in "
                  + (currency.get(r["market"], "?") if r["market"] != "*"
                     else "their market's currency"),
        {"hits": ("local", "sum")}, offers_of=frames)


@indicator("price_index", reads=("offers", "exchange_rates"), per_market=True)
def price_index(frames) -> pd.DataFrame:
    """The store's price index against the seller (benchmark.prices); the seller is 100."""
    rows, seller = [], frames.seller_id
    for row in frames.price_index.itertuples():
        if row.store_id == seller:
            text = f"the seller (100 by definition), {row.matched_products} matched products"
        else:
            cross = (f", {row.cross_market_products} against the seller's price in another "
                     "market" if row.cross_market_products else "")
            text = f"{row.matched_products} GTIN-matched products{cross}"
        rate = f"; rates of {row.rate_date}" if isinstance(row.rate_date, str) else ""
        rows.append((row.store_id, row.market, row.index, row.matched_products,
                     f"{text}{rate} ({row.base_currency})"))
    return result(rows)


@indicator("promo_depth", reads=("offers",), per_market=True)
def promo_depth(frames) -> pd.DataFrame:
    """Mean discount a buyer sees: 1 − price / regular_price over the priced offers (0 for an
    offer without a higher regular price: it is sold at full price)."""
    offers = frames.offers[frames.offers["price"] > 0]
    regular = offers["regular_price"]
    cut = (1 - offers["price"] / regular).where(regular > offers["price"], 0.0).fillna(0.0)
    offers = offers[["store_id", "market"]].assign(discount=cut.clip(lower=0))
    offers = offers.assign(promo=(offers["discount"] > 0).astype("float64"),
                           promo_cut=offers["discount"].where(offers["discount"] > 0))

    def describe(r: dict) -> str:
        depth = (f", {r['depth']:.0%} off on average" if r["promos"] else "")
        return (f"{int(r['promos'])} of {r['n']} priced offers below their regular "
                f"price{depth}")

    return aggregate_by_store_and_market(offers, "discount", "mean", describe,
                                         {"promos": ("promo", "sum"),
                                          "depth": ("promo_cut", "mean")}, offers_of=frames)


@indicator("shipping_cost", reads=("offers", "exchange_rates"), per_market=True)
def shipping_cost(frames) -> pd.DataFrame:
    """Median shipping cost the offers state, in the base currency at the scan's rate."""
    offers = frames.offers
    stated = offers["shipping_cost"].notna().to_numpy()
    base = frames.base_currency
    if not stated.any() or base is None:
        return result([])
    # the shipping currency when stated, else the offer's
    currency = frames.offer_currencies
    if offers["shipping_currency"].notna().any():
        currency = currency_codes(offers["shipping_currency"]).fillna(currency)
    rates = {**{code: rate for code, (rate, _) in frames.rate_by_currency.items()}, base: 1.0}
    rate = per_distinct(currency[stated], rates.get, "float64")
    offers = offers.loc[stated, ["store_id", "market"]].assign(
        cost=offers["shipping_cost"][stated] / rate)
    offers = offers.assign(free=(offers["cost"] == 0).astype("float64"))
    return aggregate_by_store_and_market(
        offers, "cost", "median",
        lambda r: f"median of {r['n']} offers stating shipping ({int(r['free'])} free), in "
                  f"{base}", {"free": ("free", "sum")}, offers_of=frames)
