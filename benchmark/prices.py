"""The same product in two stores, and the price position that follows from it.

``benchmark.matching`` matches by GTIN, brand + MPN and title; here, GTIN-8/12/13/14 are
compared as GTIN-14 (left-padded with zeros), so the UPC ``012345678905`` and the EAN
``0012345678905`` are one product. A GTIN identifies one variant and one pack size, so a GTIN
match cannot join a 2-pack to a single. A GTIN whose check digit is wrong still matches (stores
mistype them, the product is usually the same) but with confidence 0.9 instead of 1.0.

Prices are compared in the base currency at the exchange rate of the scan date (the latest rate
on or before it), so a currency move is never reported as a price move. A competitor's offer is
compared with the seller's offer of the same GTIN *in the same market* when the seller sells it
there; otherwise with the seller's offers of that GTIN in its other markets (geometric mean of
their base-currency prices), and the row counts it in ``cross_market_products``. The index of a
store is the geometric mean of its price ratios ×100 (100 = the seller's price, 90 = 10% cheaper).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from benchmark.columns import (
    RowIndex,
    frame_from_rows,
    number_groups,
    per_distinct,
    reduce_arrays,
)

MATCH_COLUMNS = ["seller_store_id", "seller_offer_key", "store_id", "offer_key", "gtin",
                 "method", "confidence"]
INDEX_COLUMNS = ["store_id", "market", "base_currency", "matched_products",
                 "cross_market_products", "index", "rate_date"]


def currency_codes(series: pd.Series) -> pd.Series:
    """Currency codes stripped and upper-case, computed once per distinct value (a ``.str``
    call on a big column of Python strings is a slow per-row loop)."""
    return per_distinct(series, lambda code: code.strip().upper())


def normalise_gtin(value) -> str | None:
    """GTIN-14 for a GTIN-8/12/13/14 written with any punctuation, else None.

    "400-6381-33393-1" -> "04006381333931"; "123" -> None.
    """
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    return _gtin14(str(value))


@lru_cache(maxsize=500_000)
def _gtin14(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) not in (8, 12, 13, 14) or not digits.strip("0"):
        return None
    return digits.zfill(14)


@lru_cache(maxsize=500_000)
def check_digit_ok(gtin14: str) -> bool:
    """The GS1 mod-10 check digit of a GTIN-14."""
    body = [int(d) for d in gtin14[:-1]]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10 == int(gtin14[-1])


def match_by_gtin(offers: pd.DataFrame, seller_store_id: str | None) -> pd.DataFrame:
    """Pair every other store's offer with each seller offer of the same GTIN."""
    if seller_store_id is None:
        return _empty(MATCH_COLUMNS)
    keyed = offers.assign(gtin=offers["gtin"].map(normalise_gtin)).dropna(subset=["gtin"])
    seller = keyed.loc[keyed["store_id"] == seller_store_id, ["offer_key", "gtin"]]
    others = keyed.loc[keyed["store_id"] != seller_store_id, ["store_id", "offer_key", "gtin"]]
    pairs = others.merge(seller.rename(columns={"offer_key": "seller_offer_key"}), on="gtin")
    pairs = pairs.assign(
        seller_store_id=seller_store_id,
        method="gtin",
        confidence=[1.0 if check_digit_ok(g) else 0.9 for g in pairs["gtin"]],
    )
    pairs = pairs[MATCH_COLUMNS].astype({c: "str" for c in MATCH_COLUMNS[:-1]})
    return pairs.sort_values(["store_id", "offer_key", "seller_offer_key"]).reset_index(drop=True)


def rates_on(rates: pd.DataFrame, base_currency: str, scan_date: str) -> pd.DataFrame:
    """[currency, rate, rate_date]: the latest rate on or before ``scan_date`` per currency."""
    usable = rates[(rates["base_currency"] == base_currency) & (rates["rate"] > 0)
                   & (rates["rate_date"].str[:10] <= str(scan_date)[:10])]
    latest = usable.sort_values(["currency", "rate_date"]).groupby("currency").tail(1)
    return latest[["currency", "rate", "rate_date"]].reset_index(drop=True)


def in_base_currency(offers: pd.DataFrame, rates: pd.DataFrame, base_currency: str,
                     scan_date: str) -> pd.DataFrame:
    """[store_id, offer_key, market, price_base, rate_date] for offers whose price converts,
    indexed like ``offers``.

    ``rate`` is units of the currency per one unit of the base currency, so price / rate. An
    offer without price or currency, or in a currency without a rate on or before the scan
    date, is left out (never converted with a later rate).
    """
    priced = offers[(offers["price"] > 0) & offers["currency"].notna()]
    table = pd.concat([
        pd.DataFrame({"currency": [base_currency], "rate": [1.0], "rate_date": [None]}),
        rates_on(rates, base_currency, scan_date)[lambda r: r["currency"] != base_currency],
    ], ignore_index=True).astype({"rate_date": "str"})
    position = pd.Index(table["currency"]).get_indexer(currency_codes(priced["currency"]))
    priced = priced[position >= 0]
    rate = table.iloc[position[position >= 0]].set_axis(priced.index)
    converted = priced.assign(price_base=priced["price"] / rate["rate"],
                              rate_date=rate["rate_date"])
    return converted[["store_id", "offer_key", "market", "price_base", "rate_date"]]


def base_prices(offers: pd.DataFrame, base: pd.DataFrame | None) -> np.ndarray:
    """Per offer, its price in the base currency from ``base`` (``in_base_currency``, indexed
    like ``offers``); NaN when it does not convert or there is no base currency (None)."""
    out = np.full(len(offers), np.nan)
    if base is not None and len(base):
        out[offers.index.get_indexer(base.index)] = base["price_base"].to_numpy()
    return out


def price_index(matches: pd.DataFrame, offers: pd.DataFrame, rates: pd.DataFrame,
                base_currency: str | None, scan_date: str,
                base: pd.DataFrame | None = None, index: RowIndex | None = None) -> pd.DataFrame:
    """Price index per store and market (and over all markets, '*') against the seller = 100.

    ``base``: ``in_base_currency(offers, rates, base_currency, scan_date)`` and ``index``:
    ``RowIndex(offers, ["store_id", "offer_key"])``, when the caller already has them.
    Worked out on integer codes (offers by position, stores, markets, products and rate
    dates by number): a scan has tens of thousands of pairs and a few hundred index rows.
    """
    if base_currency is None or matches.empty:
        return _empty(INDEX_COLUMNS)
    if base is None:
        base = in_base_currency(offers, rates, base_currency, scan_date)
    if index is None:
        index = RowIndex(offers, ["store_id", "offer_key"])
    # Per offer: its price in the base currency (NaN: it does not convert) and the date of
    # the rate used, as a number in date order (NaN: no conversion was needed).
    price = base_prices(offers, base)
    date_codes, dates = pd.factorize(base["rate_date"], sort=True)
    rate = np.full(len(offers), np.nan)
    rate[offers.index.get_indexer(base.index)] = np.where(date_codes < 0, np.nan, date_codes)
    store, stores = pd.factorize(offers["store_id"])
    market, markets = pd.factorize(offers["market"])
    market = np.where(market < 0, len(markets), market)   # a missing market: a group of its own
    # One product = one seller product key (its GTIN, SKU or offer key): title and MPN
    # matches have no GTIN.
    product, products = pd.factorize(matches["seller_key"] if "seller_key" in matches
                                     else matches["gtin"])
    # Each side of a pair, by position among the offers; both must convert.
    theirs = index.positions(matches, ["store_id", "offer_key"])
    ours = index.positions(matches, ["seller_store_id", "seller_offer_key"])
    both = (theirs >= 0) & (ours >= 0)
    both[both] = ~np.isnan(price[theirs[both]]) & ~np.isnan(price[ours[both]])
    if not both.any():
        return _empty(INDEX_COLUMNS)
    offer, ours, product = theirs[both], ours[both], product[both]
    # Against the seller's offer in the same market when the seller sells it there.
    same = (market[offer] < len(markets)) & (market[offer] == market[ours])
    has_same = np.bincount(offer, same, minlength=len(offers))[offer] > 0
    kept = same | ~has_same
    offer, ours, product, same = offer[kept], ours[kept], product[kept], same[kept]
    used = np.fmin(rate[offer], rate[ours])   # the older rate of the two sides

    groups, first = number_groups([(offer, len(offers)), _or_none(product, len(products))],
                                  len(offer))
    per_offer = reduce_arrays(groups, len(first), {
        "log_seller": (np.log(price[ours]), "mean"), "same": (same, "any"),
        "rate": (used, "min")})
    offer_first = offer[first]
    competitors = _aggregate(
        store[offer_first], market[offer_first], product[first],
        np.log(price[offer_first]) - per_offer["log_seller"], per_offer["same"],
        per_offer["rate"], len(stores), len(markets), len(products))
    # The seller's side of every pair, once per seller offer, product and rate (its log ratio
    # is 0 each time).
    rate_seller = rate[ours]
    _, first = number_groups([(market[ours], len(markets) + 1),
                              _or_none(product, len(products)),
                              _or_none(np.nan_to_num(rate_seller, nan=-1).astype(np.int64),
                                       len(dates))], len(ours))
    seller_offers = ours[first]
    seller = _aggregate(store[seller_offers], market[seller_offers], product[first],
                        np.zeros(len(first)), np.ones(len(first), dtype=bool),
                        rate_seller[first], len(stores), len(markets), len(products))
    rows = sorted((str(stores[s]), "*" if m < 0 else str(markets[m]), base_currency, n, cross,
                   100 * math.exp(log_index), None if r != r else str(dates[int(r)]))
                  for s, m, n, cross, log_index, r in (*competitors, *seller))
    return frame_from_rows(rows, INDEX_DTYPES)


INDEX_DTYPES = {"store_id": "str", "market": "str", "base_currency": "str",
                "matched_products": "int64", "cross_market_products": "int64",
                "index": "float64", "rate_date": "str"}


def _aggregate(store: np.ndarray, market: np.ndarray, product: np.ndarray,
               log_ratio: np.ndarray, same_market: np.ndarray, rate: np.ndarray,
               stores: int, markets: int, products: int) -> list[tuple]:
    """Geometric means per (store, market, product), then per (store, market) and per store
    over its products in all markets ('*'). In: one row per compared offer, as codes (market
    ``markets``: none stated; product -1: none). Out: (store, market (-1 for '*'), matched
    products, cross-market products, log index, oldest rate date) tuples."""
    groups, first = number_groups([(store, stores), (market, markets + 1),
                                   _or_none(product, products)], len(store))
    found = reduce_arrays(groups, len(first), {
        "log_ratio": (log_ratio, "mean"), "same": (same_market, "all"), "rate": (rate, "min")})
    store, market, product = store[first], market[first], product[first]
    # per market, leaving out the products of no stated market (they count in '*' only)
    out = _summary(number_groups([(store, stores), (np.where(market < markets, market, -1),
                                                    markets)], len(store)), store, market,
                   found)
    # over all markets: the mean of each product's per-market log ratios (a product without
    # a key counts in its market only)
    groups, first = number_groups([(store, stores), (product, products)], len(store))
    over_all = reduce_arrays(groups, len(first), {
        "log_ratio": (found["log_ratio"], "mean"), "same": (found["same"], "all"),
        "rate": (found["rate"], "min")})
    store = store[first]
    return out + _summary(number_groups([(store, stores)], len(store)), store,
                          np.full(len(store), -1), over_all)


def _or_none(codes: np.ndarray, count: int) -> tuple[np.ndarray, int]:
    """Codes (-1: missing) as a key for ``number_groups`` in which missing is one more value."""
    return np.where(codes < 0, count, codes), count + 1


def _summary(groups: tuple[np.ndarray, np.ndarray], store: np.ndarray, market: np.ndarray,
             products: dict[str, np.ndarray]) -> list[tuple]:
    """Per group (``number_groups``) of ``products`` (log_ratio, same, rate): the store and
    market of the group, how many products, how many compared across markets, the mean log
    ratio and the oldest rate."""
    groups, first = groups
    found = reduce_arrays(groups, len(first), {
        "n": (products["log_ratio"], "size"), "cross": (~products["same"], "sum"),
        "log_index": (products["log_ratio"], "mean"), "rate": (products["rate"], "min")})
    return list(zip(store[first].tolist(), market[first].tolist(), found["n"].tolist(),
                    found["cross"].tolist(), found["log_index"].tolist(),
                    found["rate"].tolist()))


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("confidence", "index")
                                      else "int64" if c.endswith("products") else "str")
                         for c in columns})
