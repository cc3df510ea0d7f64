"""Indicators read from the store's policies, per market: free shipping, returns, payment.

``store_signals`` rows carry a ``market`` ('*' for the whole store). In a market, a store's
value comes from that market's row, else from its '*' row (a policy page without a market
holds everywhere). Over all markets ('*'), the value is the '*' row's, else the median of the
market values. A store without the signal has no row: no data, never 0.

Signals read (written by the policy parsers):

- ``free_shipping_threshold``: ``{"amount": "49.00", "currency": "EUR"}``
- ``returns_days``: a whole number of days, e.g. ``30``
- ``payment_methods``: ``[{"name": "iDEAL", "markets": ["NL"]}, ...]``
"""

from __future__ import annotations

import json
import statistics

import pandas as pd

from benchmark.registry import indicator, result


def market_signal(frames, signal: str) -> pd.DataFrame:
    """[store_id, market, value, url, own]: the signal per store market ('*' row as fallback).

    ``own`` is False where a market fell back on the store-wide row.
    """
    rows = frames.store_signals[frames.store_signals["signal"] == signal]
    cols = ["store_id", "market", "value", "url"]
    if rows.empty:
        return pd.DataFrame(columns=[*cols, "own"])
    star = rows[rows["market"] == "*"][["store_id", "value", "url"]]
    cells = frames.store_markets.merge(rows[cols], on=["store_id", "market"], how="left")
    cells = cells.assign(own=cells["value"].notna())
    fallback = cells[~cells["own"]].drop(columns=["value", "url"]).merge(star, on="store_id")
    out = pd.concat([cells[cells["own"]], fallback, star.assign(market="*", own=True)],
                    ignore_index=True)
    return out[[*cols, "own"]].sort_values(["store_id", "market"]).reset_index(drop=True)


def to_base(frames, amount: float, currency: str | None) -> tuple[float, str | None] | None:
    """``amount`` of ``currency`` in the base currency at the scan date's rate, and the rate's
    date (None when no conversion was needed); None when it cannot be converted."""
    base = frames.base_currency
    if base is None or not isinstance(currency, str):
        return None
    currency = currency.strip().upper()
    if currency == base:
        return amount, None
    found = frames.rate_by_currency.get(currency)
    if found is None:
        return None
    rate, rate_date = found
    return amount / rate, rate_date


def _over_markets(rows: list[tuple], star_given: set[str]) -> list[tuple]:
    """Add the '*' value (median of the markets) for stores without a store-wide row."""
    by_store: dict[str, list[tuple]] = {}
    for row in rows:
        if row[1] != "*":
            by_store.setdefault(row[0], []).append(row)
    for store_id, markets in by_store.items():
        if store_id in star_given:
            continue
        values = [r[2] for r in markets]
        rows.append((store_id, "*", statistics.median(values), len(values),
                     f"median over {len(values)} markets: "
                     + ", ".join(f"{r[1]} {r[2]:g}" for r in markets)))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def _where(row) -> str:
    own = "" if row.own or row.market == "*" else " (store-wide)"
    return (f" on {row.url}" if isinstance(row.url, str) else "") + own


@indicator("free_shipping_threshold", reads=("store_signals",), per_market=True)
def free_shipping_threshold(frames) -> pd.DataFrame:
    """Order value from which shipping is free, in the base currency at the scan's rate."""
    rows, star = [], set()
    for row in market_signal(frames, "free_shipping_threshold").itertuples():
        try:
            data = json.loads(row.value)
            amount = float(data["amount"])
        except (ValueError, TypeError, KeyError):
            continue
        converted = to_base(frames, amount, data.get("currency"))
        if converted is None:
            continue
        value, rate_date = converted
        rate = f" at the rate of {rate_date}" if rate_date else ""
        rows.append((row.store_id, row.market, value, 1,
                     f"free shipping from {data['amount']} {data.get('currency')}"
                     f" = {value:.2f} {frames.base_currency}{rate}{_where(row)}"))
        if row.market == "*":
            star.add(row.store_id)
    return result(_over_markets(rows, star))


@indicator("returns_days", reads=("store_signals",), per_market=True)
def returns_days(frames) -> pd.DataFrame:
    """Days the buyer has to return a product (the returns window)."""
    rows, star = [], set()
    for row in market_signal(frames, "returns_days").itertuples():
        days = pd.to_numeric(row.value, errors="coerce")
        if pd.isna(days):
            continue
        rows.append((row.store_id, row.market, float(days), 1,
                     f"{int(days)}-day returns{_where(row)}"))
        if row.market == "*":
            star.add(row.store_id)
    return result(_over_markets(rows, star))


def _methods(text) -> list[dict] | None:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(value, list):
        return None
    return [m for m in value if isinstance(m, dict) and isinstance(m.get("name"), str)]


@indicator("local_payment_methods", reads=("store_signals",), per_market=True)
def local_payment_methods(frames) -> pd.DataFrame:
    """Payment methods offered that are local to the market (iDEAL in NL, Konbini in JP…).

    A method is local to the markets its ``markets`` list names; cards and global wallets with
    no market are not counted. Over all markets: distinct methods local to any of the store's.
    """
    signals = frames.store_signals
    rows = []
    for store_id, group in signals[signals["signal"] == "payment_methods"].groupby(
            "store_id", sort=True):
        methods: list[dict] = []
        for text in group["value"]:
            methods.extend(_methods(text) or [])
        if all(_methods(text) is None for text in group["value"]):
            continue
        markets = sorted(frames.store_markets.loc[frames.store_markets["store_id"] == store_id,
                                                  "market"])
        local_any = set()
        for market in markets:
            local = sorted({m["name"] for m in methods if market in (m.get("markets") or [])})
            local_any.update(local)
            rows.append((store_id, market, float(len(local)), len(methods),
                         f"{len(local)} local in {market}: {', '.join(local)}" if local
                         else f"none of {len(methods)} methods local to {market}"))
        rows.append((store_id, "*", float(len(local_any)), len(methods),
                     f"{len(local_any)} market-local methods: {', '.join(sorted(local_any))}"
                     if local_any else f"no market-local method among {len(methods)}"))
    return result(rows)
