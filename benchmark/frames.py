"""One scan's crawl tables as pandas frames: what every indicator function reads.

``Frames`` holds the rows of one scan (the ``stores``, ``markets`` and ``exchange_rates`` tables
are not keyed by scan and come whole). Its columns and dtypes are fixed here, whatever the
database returned, so an empty table is an empty frame with the right columns and the indicator
functions never meet an ``object`` column of numbers. The product matches and the price index,
which several consumers need, are derived once and cached.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from benchmark import prices
from benchmark.columns import RowIndex, as_dtype, group_codes

# Column -> dtype of each table the benchmark reads (a subset of moatscan/db.py, m001).
# Numbers are float so that missing is NaN; text is pandas' ``str``.
COLUMNS: dict[str, dict[str, str]] = {
    "stores": {"id": "str", "name": "str", "url": "str", "role": "str", "markets": "object"},
    "markets": {"code": "str", "currency": "str", "language": "str"},
    "exchange_rates": {"rate_date": "str", "currency": "str", "base_currency": "str",
                       "rate": "float"},
    "pages": {"store_id": "str", "url": "str", "kind": "str", "outcome": "str", "reason": "str",
              "http_status": "float", "via": "str", "elapsed_ms": "float", "bytes": "float"},
    "offers": {"store_id": "str", "offer_key": "str", "url": "str", "market": "str",
               "title": "str", "brand": "str", "gtin": "str", "mpn": "str", "sku": "str",
               "price": "float", "currency": "str", "regular_price": "float",
               "availability": "str", "rating": "float", "review_count": "float",
               "language": "str", "source": "str", "variant": "str",
               "delivery_min_days": "float", "delivery_max_days": "float",
               "delivery_raw": "str", "shipping_cost": "float", "shipping_currency": "str",
               "tax_included": "float"},
    "store_signals": {"store_id": "str", "market": "str", "signal": "str", "value": "str",
                      "url": "str", "source": "str"},
    # Written by other parts of moatscan when they exist; absent tables are empty frames and
    # ``Frames.available`` says which tables the scan really had.
    "technologies": {"store_id": "str", "name": "str", "category": "str", "layer": "str",
                     "url": "str", "evidence": "str"},
    "site_speed": {"store_id": "str", "url": "str", "profile": "str", "ttfb_ms": "float",
                   "fcp_ms": "float", "lcp_ms": "float", "cls": "float", "tbt_ms": "float",
                   "bytes": "float", "requests": "float", "third_party_share": "float",
                   "runs": "float"},
}
OPTIONAL_TABLES = ("technologies", "site_speed")
"""Tables the benchmark reads only when the database has them (no table -> no data, never 0)."""


def conform(frame: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``table`` (missing ones empty), in their dtypes."""
    columns = COLUMNS[table]
    frame = pd.DataFrame(columns=list(columns)) if frame is None else frame
    out = pd.DataFrame({column: as_dtype(frame[column], dtype) if column in frame
                        else _missing(frame.index, dtype) for column, dtype in columns.items()},
                       index=frame.index)
    if table == "store_signals":
        out["market"] = out["market"].where(out["market"].notna(), "*").astype("str")
    if table == "stores":
        out["markets"] = [_market_list(value) for value in out["markets"]]
    return out.reset_index(drop=True)


def _missing(index: pd.Index, dtype: str) -> pd.Series:
    """A column the table did not have: all missing, in ``dtype``."""
    if dtype == "object":
        return pd.Series(None, index=index, dtype="object")
    return pd.Series(np.nan, index=index, dtype="float64" if dtype == "float" else "str")


def _market_list(value) -> list[str]:
    """``stores.markets`` is a JSON list of market codes; anything else is no markets."""
    if isinstance(value, list):
        return [str(code) for code in value]
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [code.strip() for code in value.split(",") if code.strip()]
        return [str(code) for code in parsed] if isinstance(parsed, list) else []
    return []


@dataclass
class Frames:
    """The crawl data of one scan, as frames with fixed columns (see ``COLUMNS``)."""

    scan_id: int
    scan_date: str
    base_currency: str | None
    stores: pd.DataFrame
    markets: pd.DataFrame
    exchange_rates: pd.DataFrame
    pages: pd.DataFrame
    offers: pd.DataFrame
    store_signals: pd.DataFrame
    technologies: pd.DataFrame = None
    site_speed: pd.DataFrame = None
    available: frozenset = frozenset()
    """Names of the optional tables (``OPTIONAL_TABLES``) the scan had rows in."""
    previous: Frames | None = None
    """The previous complete scan, when there is one (review velocity, changes)."""
    decisions: pd.DataFrame | None = None
    """The analyst's match decisions (``match_decisions``), applied by ``all_matches``."""

    def __post_init__(self):
        for name in OPTIONAL_TABLES:
            if getattr(self, name) is None:
                setattr(self, name, conform(None, name))

    @classmethod
    def build(cls, *, scan_id: int = 1, scan_date: str = "2026-01-01",
              base_currency: str | None = "USD", previous: Frames | None = None,
              decisions: pd.DataFrame | None = None, **tables: pd.DataFrame | None) -> Frames:
        """Frames from whatever tables are given; the others are empty (handy in tests).

        An optional table (``OPTIONAL_TABLES``) given as a frame, even an empty one, counts
        as available: its stores without rows really have none.
        """
        unknown = set(tables) - set(COLUMNS)
        if unknown:
            raise TypeError(f"unknown tables: {sorted(unknown)}")
        available = frozenset(n for n in OPTIONAL_TABLES if tables.get(n) is not None)
        return cls(scan_id=scan_id, scan_date=scan_date, base_currency=base_currency,
                   available=available, previous=previous, decisions=decisions,
                   **{name: conform(tables.get(name), name) for name in COLUMNS})

    @property
    def seller_id(self) -> str | None:
        """The store whose role is ``seller`` (None when the scan has none)."""
        sellers = sorted(self.stores.loc[self.stores["role"] == "seller", "id"])
        return sellers[0] if sellers else None

    @cached_property
    def store_markets(self) -> pd.DataFrame:
        """[store_id, market]: the markets a store is configured for, plus those of its offers."""
        configured = self.stores[["id", "markets"]].explode("markets").dropna()
        configured = configured.rename(columns={"id": "store_id", "markets": "market"})
        seen = self.offer_groups["store_id", "market"][1]   # their distinct pairs
        both = pd.concat([configured, seen], ignore_index=True).astype("str")
        both = both[both["store_id"].isin(self.stores["id"])]
        return both.drop_duplicates().sort_values(["store_id", "market"]).reset_index(drop=True)

    @cached_property
    def previous_positions(self) -> np.ndarray | None:
        """Per offer, the position of the same offer (store and offer key) among the previous
        scan's offers, -1 when it was not there; None without a previous scan."""
        if self.previous is None:
            return None
        return self.previous.offer_index.positions(self.offers)

    @cached_property
    def offer_index(self) -> RowIndex:
        """Finds offers by store and offer key (``RowIndex``): built once a scan, used by the
        price index, the matches and the next scan."""
        return RowIndex(self.offers, ["store_id", "offer_key"])

    @cached_property
    def new_reviews(self) -> pd.DataFrame | None:
        """The offers in this scan and the previous one with their new reviews
        (from_history.new_reviews); None without a previous scan."""
        from benchmark.from_history import new_reviews

        if self.previous is None:
            return None
        return new_reviews(self.offers, self.previous.offers, self.previous_positions)

    @cached_property
    def offer_groups(self) -> dict[tuple[str, ...], tuple[np.ndarray, pd.DataFrame]]:
        """The offers' groups by store and by store and market (columns.group_codes), which
        every offer indicator aggregates over."""
        return {keys: group_codes(self.offers, list(keys))
                for keys in (("store_id",), ("store_id", "market"))}

    @cached_property
    def page_stores(self) -> tuple[np.ndarray, list[str]]:
        """Each ledger page's store as a number (-1: none) and the stores of the ledger, in
        order (the store indicators of ``benchmark.from_pages`` count over them)."""
        codes, stores = group_codes(self.pages, ["store_id"])
        return codes, stores["store_id"].tolist()

    @cached_property
    def page_counts(self) -> np.ndarray:
        """How many ledger pages each store of ``page_stores`` has."""
        codes, stores = self.page_stores
        return np.bincount(codes[codes >= 0], minlength=len(stores))

    @cached_property
    def offer_group_names(self) -> dict[tuple[str, ...], tuple[np.ndarray, list[tuple]]]:
        """``offer_groups`` with each group's key values as a tuple: (store_id,) or
        (store_id, market)."""
        return {keys: (codes, list(zip(*(groups[key].tolist() for key in keys))))
                for keys, (codes, groups) in self.offer_groups.items()}

    def offer_groups_of(self, rows: pd.DataFrame,
                        keys: tuple[str, ...]) -> tuple[np.ndarray, pd.DataFrame]:
        """``offer_groups[keys]`` for ``rows``, some of the offers (with their index)."""
        codes, groups = self.offer_groups[keys]
        if rows.index.equals(self.offers.index):
            return codes, groups
        return codes[self.offers.index.get_indexer(rows.index)], groups

    @cached_property
    def store_signal_rows(self) -> dict[str, pd.DataFrame]:
        """Per signal, one row per store: its store-wide ('*') row, else the row of its first
        market (by code)."""
        rows = self.store_signals
        rows = rows.assign(_wide=rows["market"] != "*").sort_values(
            ["signal", "store_id", "_wide", "market"])
        rows = rows.drop_duplicates(["signal", "store_id"]).drop(columns="_wide")
        return {signal: group for signal, group in rows.groupby("signal", sort=False)}

    @cached_property
    def offer_gtins(self) -> tuple[np.ndarray, int]:
        """Each offer's GTIN as GTIN-14 (prices.normalise_gtin), as a number (-1: none or not
        well-formed), and how many distinct GTIN-14s the offers have; each distinct GTIN as
        written is normalised once."""
        codes, written = pd.factorize(self.offers["gtin"])
        gtin14 = [prices.normalise_gtin(value) for value in written.tolist()]
        number, distinct = pd.factorize(pd.Series(gtin14, dtype="object"))
        return np.append(number, -1)[codes], len(distinct)

    @cached_property
    def offer_currencies(self) -> pd.Series:
        """Each offer's currency code, stripped and upper-case (prices.currency_codes)."""
        return prices.currency_codes(self.offers["currency"])

    @cached_property
    def automatic_matches(self) -> pd.DataFrame:
        """What the matching rules say, before the analyst's decisions.

        When the previous scan's automatic matches were computed in this process (a run over
        many weeks), the offers that did not change keep theirs (``match_offers_since``).
        """
        from benchmark import matching

        previous = self.previous
        if previous is not None and "automatic_matches" in previous.__dict__:
            return matching.match_offers_since(
                self.offers, self.seller_id, previous.offers, previous.automatic_matches,
                identities=(self.offer_identities, previous.offer_identities),
                positions=self.previous_positions, previous_index=previous.offer_index)
        return matching.match_offers(self.offers, self.seller_id)

    @cached_property
    def offer_identities(self) -> np.ndarray:
        """A hash per offer of the fields a match depends on (matching.IDENTITY)."""
        from benchmark import matching

        return matching._identity(self.offers)

    @cached_property
    def all_matches(self) -> pd.DataFrame:
        """Matches and refusals of the seller's offers with every other store's
        (benchmark.matching.match_offers, with the analyst's decisions applied)."""
        from benchmark import matching

        if self.decisions is None or self.decisions.empty or self.seller_id is None:
            return self.automatic_matches
        prepared = matching.prepare(self.offers.reset_index(drop=True))
        return matching._typed(matching.apply_decisions(
            self.automatic_matches, prepared, self.seller_id, self.decisions))

    @cached_property
    def matches(self) -> pd.DataFrame:
        """The accepted matches only (status 'matched')."""
        found = self.all_matches
        return found[found["status"] == "matched"].reset_index(drop=True)

    @cached_property
    def price_index(self) -> pd.DataFrame:
        """Price index per store and market against the seller (prices.price_index)."""
        return prices.price_index(self.matches, self.offers, self.exchange_rates,
                                  self.base_currency, self.scan_date,
                                  base=self.offers_in_base, index=self.offer_index)

    @cached_property
    def rates(self) -> pd.DataFrame:
        """[currency, rate, rate_date]: the latest rate on or before the scan date per currency,
        in the base currency (prices.rates_on)."""
        return prices.rates_on(self.exchange_rates, self.base_currency, self.scan_date)

    @cached_property
    def rate_by_currency(self) -> dict[str, tuple[float, str]]:
        """``rates`` as currency -> (rate, rate_date)."""
        return {currency: (float(rate), str(date)) for currency, rate, date in zip(
            self.rates["currency"], self.rates["rate"], self.rates["rate_date"])}

    @cached_property
    def offer_prices_in_base(self) -> np.ndarray:
        """Per offer, its price in the base currency (``offers_in_base``); NaN when it does not
        convert or the scan has no base currency."""
        return prices.base_prices(self.offers, self.offers_in_base)

    @cached_property
    def offers_in_base(self) -> pd.DataFrame | None:
        """[store_id, offer_key, market, price_base, rate_date] (prices.in_base_currency),
        indexed like ``offers``; None without a base currency."""
        if self.base_currency is None:
            return None
        return prices.in_base_currency(self.offers, self.exchange_rates, self.base_currency,
                                       self.scan_date)
