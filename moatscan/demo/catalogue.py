"""Records of the demo market's data description (`catalogue.yaml`).

The file lists every product once, and per store how the store is laid out and which products it
offers at what price. These are its typed records; `catalogue_file.load_catalogue()` reads and
checks the file. Offers are built per week, on demand, from the store's week-1 specs and the
changes in `weeks`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from moatscan.demo import weeks

AVAILABILITY = ("InStock", "OutOfStock", "PreOrder")
"""schema.org availability short names a demo offer may have."""
OFFER_KEYS = ("price", "regular", "stock", "rating", "reviews", "private", "ids")
"""What an offer spec in catalogue.yaml may say."""
IDS = ("all", "mpn", "title")
"""Which identifiers a store shows for a product: GTIN and MPN, MPN only, or neither."""
PROGRAMMES = ("loyalty", "referral", "affiliate", "subscription")
"""Kinds of programme a store's footer may link to (`Store.programmes`)."""
CURRENCY_DIGITS = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}
"""Decimal places of a price in each currency the demo stores use."""


class CatalogueError(Exception):
    """The demo catalogue file is invalid; the message names the key and the problem."""


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the first 12 digits of a GTIN-13."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class Product:
    """One catalogue entry, the same whichever store sells it."""

    key: str
    num: int
    """Stable catalogue number; store SKUs and item ids derive from it."""
    brand: str
    mpn: str
    gtin: str
    """GTIN-13 with a valid check digit."""
    category: str
    list_price: str
    """The brand's US list price, a string decimal."""
    titles: dict[str, str]
    """Title per base language ("en", "de", "fr", "es", "ja")."""

    def title(self, lang: str) -> str:
        """The title for an `<html lang>` value such as "en-US" or "de"."""
        return self.titles[lang.split("-")[0]]


@dataclass(frozen=True)
class Locale:
    """One language version of a store, served under `prefix`."""

    lang: str
    """What `<html lang>` says: "en-US", "de", "fr", "ja"."""
    hreflang: str
    currency: str
    prefix: str
    """"/" for the store's main locale, "/de/" for a German version."""
    market: str = ""
    """The market code this locale serves ("US", "DE"), as in data/market.yaml."""

    @property
    def language(self) -> str:
        """The base language: "en" for "en-US"."""
        return self.lang.split("-")[0]


@dataclass(frozen=True)
class Offer:
    """A product as one store sells it in one week."""

    product: Product
    sku: str
    prices: dict[str, str]
    """Price per currency as a string decimal: {"USD": "24.99"}."""
    availability: str
    rating: float | None = None
    reviews: int | None = None
    private: bool = False
    """Served under /private/, which robots.txt disallows."""
    regular: dict[str, str] | None = None
    """The regular price per currency while a promotion runs (`prices` is then the sale price)."""
    ids: str = "all"
    """Identifiers shown: "all" (GTIN and MPN), "mpn" (no GTIN) or "title" (neither)."""

    @property
    def gtin(self) -> str | None:
        """The GTIN-13 the store shows, or None."""
        return self.product.gtin if self.ids == "all" else None

    @property
    def mpn(self) -> str | None:
        """The MPN the store shows, or None."""
        return self.product.mpn if self.ids in ("all", "mpn") else None


@dataclass(frozen=True)
class Store:
    """How one demo store is laid out; its offers depend on the week (see `Catalogue.offers`)."""

    id: str
    name: str
    tagline: dict[str, str]
    platform: str
    """"custom", "shopify", "woocommerce", "magento" or "spa": selects feeds and page flavour."""
    markup: str
    """How product pages carry their data: "json-ld", "microdata" or "javascript"."""
    locales: tuple[Locale, ...]
    paths: dict[str, str]
    """Format strings for "product", "category" and "policy" paths (see `layout.py`)."""
    sku_format: str
    disallow: tuple[str, ...]
    sitemap: str
    """"index" (a sitemap index with children) or "single"."""
    scripts: tuple[str, ...]
    social: tuple[str, ...]
    offer_specs: dict[str, dict] = field(repr=False)
    service: dict[str, dict] = field(default_factory=dict, repr=False)
    """Per market code: delivery, shipping, returns and payment promises (see `service.py`)."""
    technologies: tuple[str, ...] = ()
    """Technologies planted on every page, by the fingerprint database's names."""
    links: tuple[str, ...] = ()
    """Marketplace storefronts and app-store pages linked from the footer."""
    latency_ms: int = 0
    """Extra latency on every response (the slow store)."""
    throttle_every: int = 0
    """Every Nth request (robots.txt excepted) answers 429 once; 0: never."""
    speed_rank: int = 0
    """Planted speed rank, 1 = fastest (see `planted_speed_ranks`)."""
    theme: dict[str, str] = field(default_factory=dict, repr=False)
    """Colours of the store's stylesheet (`accent`, `background`; `templates/theme.css`)."""
    programmes: dict[str, str] = field(default_factory=dict)
    """Footer links to programmes: kind ("loyalty", …) -> a path on the store ("/pages/rewards",
    under each locale's prefix, a page of its own) or an off-site URL."""


@dataclass(frozen=True)
class Catalogue:
    """The whole demo market's data, as loaded from `catalogue.yaml`."""

    week1_date: dt.date
    categories: tuple[str, ...]
    products: dict[str, Product]
    stores: dict[str, Store]
    changes: dict[int, dict] = field(repr=False)
    exchange_rates: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    """Dated rates as in data/market.yaml: {"2026-11-16": {"GBP": "0.79"}}, units per one USD."""

    def published(self, week: int) -> dt.date:
        """The (fixed, not clock-based) date a week's data is published on."""
        return self.week1_date + dt.timedelta(days=7 * (week - 1))

    def offers(self, store_id: str, week: int = 1) -> list[Offer]:
        """The offers of one store in one week, in catalogue order (additions last)."""
        specs = weeks.specs_for_week(self._all_specs(), self.changes, week)[store_id]
        store = self.stores[store_id]
        return [_offer(store, self.products, key, spec) for key, spec in specs.items()]

    def store(self, store_id: str, week: int = 1) -> Store:
        """The store as it is in `week`: technologies and service promises with that week's changes."""
        return weeks.store_for_week(self.stores[store_id], self.changes, week)

    def rate(self, currency: str, day: dt.date) -> str | None:
        """Units of `currency` per one USD on `day`: the latest dated rate on or before it."""
        if currency == "USD":
            return "1"
        dated = [d for d in sorted(self.exchange_rates) if d <= day.isoformat()]
        return self.exchange_rates[dated[-1]].get(currency) if dated else None

    def _all_specs(self) -> dict[str, dict[str, dict]]:
        return {sid: store.offer_specs for sid, store in self.stores.items()}


def _offer(store: Store, products: dict[str, Product], key: str, spec: dict) -> Offer:
    where = f"stores.{store.id}.offers.{key}"
    if key not in products:
        raise CatalogueError(f"{where}: no product {key!r} in products")
    unknown = sorted(set(spec) - set(OFFER_KEYS))
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r}; use {OFFER_KEYS}")
    product = products[key]
    private = bool(spec.get("private", False))
    raw = spec.get("price")
    prices = dict(raw) if isinstance(raw, dict) else {store.locales[0].currency: raw}
    for locale in store.locales[:1] if private else store.locales:
        _check_price(prices.get(locale.currency), locale.currency, f"{where}.price")
        if locale.language not in product.titles:
            raise CatalogueError(f"products.{key}: no {locale.language!r} title for {store.id}")
    availability = spec.get("stock", "InStock")
    if availability not in AVAILABILITY:
        raise CatalogueError(f"{where}.stock: {availability!r} is not one of {AVAILABILITY}")
    rating, reviews = spec.get("rating"), spec.get("reviews")
    if (rating is None) != (reviews is None):
        raise CatalogueError(f"{where}: give both rating and reviews, or neither")
    regular = spec.get("regular")
    if regular is not None:
        regular = dict(regular) if isinstance(regular, dict) else {store.locales[0].currency: regular}
        for currency, value in regular.items():
            _check_price(value, currency, f"{where}.regular")
            if Decimal(value) <= Decimal(prices[currency]):
                raise CatalogueError(f"{where}.regular: {value} is not above the sale price")
    ids = spec.get("ids", "all")
    if ids not in IDS:
        raise CatalogueError(f"{where}.ids: {ids!r} is not one of {IDS}")
    sku = store.sku_format.format(num=product.num, mpn=product.mpn, key=key)
    return Offer(product, sku, {c: str(p) for c, p in prices.items()}, availability,
                 None if rating is None else float(rating), reviews, private,
                 None if regular is None else {c: str(p) for c, p in regular.items()}, ids)


def _check_price(price, currency: str, where: str) -> None:
    try:
        value = Decimal(str(price))
    except InvalidOperation:
        raise CatalogueError(f"{where}: {price!r} is not a {currency} price") from None
    if not isinstance(price, str) or value <= 0 or -value.as_tuple().exponent != CURRENCY_DIGITS[currency]:
        raise CatalogueError(f"{where}: {price!r} should be a quoted {currency} price with "
                             f"{CURRENCY_DIGITS[currency]} decimals")
