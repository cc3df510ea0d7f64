"""Typed records the parsers return: an offer, a product, a page, and the evidence behind them.

Raw values sit beside normalised ones (``price`` beside ``price_raw``) and a value the page
does not show is ``None``, never ``0`` or ``""``. ``to_dict()`` gives JSON-ready values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class Record:
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: Decimal as a string ("24.99"), nested records as dicts."""
        return {f.name: _jsonable(getattr(self, f.name))
                for f in fields(self)}  # type: ignore[arg-type]


@dataclass
class Evidence(Record):
    """Where a value came from, so an analyst can follow it back to the page."""

    url: str
    """The page the value was read from."""
    source: str
    """How it was read: "json-ld", "microdata", "opengraph", "html", "hreflang" or "text"."""
    snippet: str | None = None
    """The JSON fragment or element (cut to about 200 characters), or the rule that applied."""


@dataclass
class Offer(Record):
    """One price of the product as a buyer sees it (one variant, one seller)."""

    price: Decimal | None
    """Price to pay, normalised: Decimal("1299.00") for "1.299,00 €"; None when not shown."""
    currency: str | None
    """ISO 4217 code ("EUR"); None when the page does not say and no market hint applies."""
    price_raw: str | None
    """The price exactly as written on the page or in the structured data: "1.299,00 €"."""
    regular_price: Decimal | None = None
    """Price before a reduction (list or strikethrough price), when the page shows one."""
    availability: str | None = None
    """schema.org short name: "InStock", "OutOfStock", "PreOrder", "BackOrder", …"""
    sku: str | None = None
    """The store's stock-keeping unit of this offer or variant."""
    gtin: str | None = None
    """GTIN of this offer or variant, digits only (GTIN-12 padded to 13)."""
    variant: str | None = None
    """Variant label such as "Red / M", when the offer is one of several variants."""
    tax_included: bool | None = None
    """True when the price includes VAT/sales tax ("inkl. MwSt.", "TTC", "(税込)",
    valueAddedTaxIncluded), False when it does not ("zzgl. MwSt.", "HT"); None when not stated."""
    delivery_min_days: int | None = None
    """Fewest days to delivery: handlingTime.minValue + transitTime.minValue of the offer's
    OfferShippingDetails, else the page's delivery text (2 for "Lieferzeit 2–4 Werktage");
    None when not stated ("within 48 hours" states only a maximum)."""
    delivery_max_days: int | None = None
    """Most days to delivery: 4 for "Lieferzeit 2–4 Werktage", 2 for "within 48 hours"."""
    delivery_raw: str | None = None
    """The delivery promise as written: the page text, or the deliveryTime JSON fragment."""
    shipping_cost: Decimal | None = None
    """Shipping cost to the buyer's market: Decimal("4.99"); Decimal("0") only when the page
    says shipping is free; None when not stated."""
    shipping_currency: str | None = None
    """ISO 4217 code of ``shipping_cost``."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per field name ("price", "currency", "delivery_min_days", …)."""


@dataclass
class Product(Record):
    """The product a product page is about."""

    title: str | None = None
    """Product name as shown: "Trail Runner 2 – Men's"."""
    brand: str | None = None
    """Brand name (a Brand or Organization object is reduced to its name)."""
    gtin: str | None = None
    """GTIN-8/12/13/14, digits only, a GTIN-12 left-padded to 13 digits: "0885909950805"."""
    mpn: str | None = None
    """Manufacturer part number."""
    sku: str | None = None
    """The store's stock-keeping unit."""
    rating: float | None = None
    """Average rating on a 0–5 scale: 4.6 for "4.6 out of 5" (a 0–10 scale is scaled down)."""
    review_count: int | None = None
    """Reviews shown on the page: 1234 for "1,234 ratings" (reviewCount, else ratingCount)."""
    offers: list[Offer] = field(default_factory=list)
    """Offers in page order; the first is the one a buyer sees first."""
    source: str | None = None
    """Where the product was found: "json-ld", "microdata", "opengraph", or "html" for a
    price the page shows without structured data (``parsers.shown_price``)."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per field name ("title", "gtin", "rating", …)."""


@dataclass
class PageData(Record):
    """Everything read from one page: the page itself and the product it shows, if any."""

    url: str
    """The page's URL."""
    language: str | None = None
    """BCP 47 tag of the page: "de-DE" (from <html lang>, og:locale or content-language)."""
    hreflang: list[str] = field(default_factory=list)
    """Alternate language codes the page declares, sorted and unique ("x-default" kept)."""
    title: str | None = None
    """The page's <title> (og:title when there is none)."""
    product: Product | None = None
    """The product the page is about; None on a page without one (category, home, …)."""
    problems: list[str] = field(default_factory=list)
    """What could not be read and why: "json-ld block 2: Expecting ',' delimiter at line 3"."""
    delivery: Any = None
    """The delivery promise in the page's visible text (a ``parsers.delivery.DeliveryWindow``),
    when the page shows one: "Lieferzeit 2–4 Werktage"."""
    market: str | None = None
    """The market the page was read for: the market file's, else ``infer_market``'s guess
    from the URL and markup ("CA" for a .ca domain); None when nothing says."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per page field ("language", "hreflang", "title", "market", "delivery")."""
