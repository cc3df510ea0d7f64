"""What the store spider yields besides parsed pages: one ledger entry per URL tried."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LedgerEntry:
    """One URL the spider tried, and what became of it."""

    store_id: str
    url: str
    outcome: str
    """product, not_product, page, disallowed, offsite, timeout, http_error, error, skipped."""
    kind: str | None = None
    """What the spider expected there: home, sitemap, listing, product, page."""
    reason: str | None = None
    """Why it was not collected, in words: "Forbidden by robots.txt", "timed out after 5 s"."""
    http_status: int | None = None
    via: str | None = None
    """http or browser."""
    elapsed_ms: float | None = None
    bytes: int | None = None
    depth: int | None = None
    referer: str | None = None


@dataclass
class ProductItem:
    """A product page as parsed by parsers.product, with the store and market it belongs to."""

    store_id: str
    market: str | None
    page: object
    """parsers.records.PageData."""


@dataclass
class StoreSignalsItem:
    """Store-wide signals (languages, links, sitemap size) for the store_signals table."""

    store_id: str
    url: str
    signals: dict
    """signal name -> (value, source)."""
    market: str | None = None
    """The market the signals are for (a localised policy page); None for the whole store."""
