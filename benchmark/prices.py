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

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from benchmark.columns import aggregate, per_distinct, positions_in

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


def price_index(matches: pd.DataFrame, offers: pd.DataFrame, rates: pd.DataFrame,
                base_currency: str | None, scan_date: str,
                base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Price index per store and market (and over all markets, '*') against the seller = 100.

    ``base``: ``in_base_currency(offers, rates, base_currency, scan_date)`` when the caller
    already has it.
    """
    if base_currency is None or matches.empty:
        return _empty(INDEX_COLUMNS)
    if "seller_key" in matches:
        # One product = one seller product key (its GTIN, SKU or offer key): title and MPN
        # matches have no GTIN. The column keeps its name below.
        matches = matches.assign(gtin=matches["seller_key"])
    matches = matches[["seller_store_id", "seller_offer_key", "store_id", "offer_key", "gtin"]]
    if base is None:
        base = in_base_currency(offers, rates, base_currency, scan_date)
    # Each side of a match, found among the converted offers by store and offer key.
    keys = ["store_id", "offer_key"]
    theirs = positions_in(matches, base, keys)
    ours = positions_in(matches[["seller_store_id", "seller_offer_key"]].set_axis(keys, axis=1),
                        base, keys)
    both = (theirs >= 0) & (ours >= 0)
    offer = theirs[both]   # the competitor's offer of each pair, as a number
    theirs, ours = base.iloc[offer], base.iloc[ours[both]]
    pairs = matches[both].reset_index(drop=True).assign(
        market=theirs["market"].to_numpy(), price_base=theirs["price_base"].to_numpy(),
        rate_date=theirs["rate_date"].array, seller_market=ours["market"].array,
        seller_price=ours["price_base"].to_numpy(), seller_rate_date=ours["rate_date"].array)
    if pairs.empty:
        return _empty(INDEX_COLUMNS)
    same = (pairs["market"].notna() & (pairs["market"] == pairs["seller_market"])).to_numpy()
    pairs = pairs.assign(same_market=same)
    has_same = np.bincount(offer, same, minlength=len(base))[offer] > 0
    kept = pairs[same | ~has_same]
    # The oldest rate a comparison used, on either side (None when no conversion was needed).
    theirs, ours = kept["rate_date"], kept["seller_rate_date"]
    used = theirs.where(ours.isna() | (theirs <= ours), ours)
    # Rate dates as numbers while aggregating (a groupby min over text runs in Python).
    codes, dates = pd.factorize(pd.concat([used, ours]), sort=True)
    codes = np.where(codes < 0, np.nan, codes)
    kept = kept.assign(log_seller=np.log(kept["seller_price"]), rate_used=codes[:len(kept)],
                       seller_rate_date=codes[len(kept):])

    per_offer = aggregate(kept, ["store_id", "offer_key", "market", "gtin"], {
        "price_base": ("price_base", "first"), "log_seller": ("log_seller", "mean"),
        "same_market": ("same_market", "any"), "rate_used": ("rate_used", "min")},
        dropna=False, sort=False)
    per_offer = per_offer.assign(
        log_ratio=np.log(per_offer["price_base"]) - per_offer["log_seller"])
    seller_rows = kept[["seller_store_id", "seller_market", "gtin", "seller_rate_date"]].rename(
        columns={"seller_store_id": "store_id", "seller_market": "market",
                 "seller_rate_date": "rate_used"})
    # The seller's side of every pair, once per seller offer (its log ratio is 0 each time).
    seller_rows = seller_rows.drop_duplicates().assign(log_ratio=0.0, same_market=True)
    rows = pd.concat([_aggregate(per_offer), _aggregate(seller_rows)], ignore_index=True)
    rows = rows.assign(base_currency=base_currency, rate_date=[
        dates[int(c)] if pd.notna(c) else None for c in rows["rate_date"]])[INDEX_COLUMNS]
    rows = rows.astype({"rate_date": "str"})
    return rows.sort_values(["store_id", "market"]).reset_index(drop=True)


def _aggregate(per_offer: pd.DataFrame) -> pd.DataFrame:
    """Geometric means per (store, market, gtin), then per (store, market) and per store ('*')."""
    per_product = aggregate(per_offer, ["store_id", "market", "gtin"], {
        "log_ratio": ("log_ratio", "mean"), "same_market": ("same_market", "all"),
        "rate_used": ("rate_used", "min")}, dropna=False, sort=False)
    over_all = aggregate(per_product, ["store_id", "gtin"], {
        "log_ratio": ("log_ratio", "mean"), "same_market": ("same_market", "all"),
        "rate_used": ("rate_used", "min")}, sort=False).assign(market="*")
    summary = {"matched_products": ("log_ratio", "size"),
               "cross_market_products": ("cross_market", "sum"),
               "log_index": ("log_ratio", "mean"), "rate_date": ("rate_used", "min")}
    out = pd.concat([aggregate(products.assign(cross_market=~products["same_market"]),
                               ["store_id", "market"], summary)
                     for products in (per_product, over_all)], ignore_index=True)
    out = out.assign(index=100 * np.exp(out["log_index"]))
    columns = [c for c in INDEX_COLUMNS if c != "base_currency"]
    return out[columns].astype({"market": "str", "rate_date": "float64"})


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("confidence", "index")
                                      else "int64" if c.endswith("products") else "str")
                         for c in columns})
