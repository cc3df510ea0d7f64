"""Catalogue endpoints that stores publish: Shopify ``/products.json`` and the WooCommerce
Store API (``/wp-json/wc/store/v1/products``) → one ``PageData`` per product.

Both return ``(records, problems)``: invalid JSON or an unexpected shape gives no records and
a problem naming it, never an exception. Each variant is a separate Offer. Evidence sources
are "shopify-json" and "woocommerce-api"; the snippet is the JSON fragment read.

- Shopify: the product page is ``base_url`` + ``/products/<handle>``; prices are decimal
  strings without a currency (the currency comes from ctx: the market's currency, with a rule
  as evidence); ``compare_at_price`` above the price is the regular price; a barcode that is a
  valid GTIN becomes the offer's gtin (a 12-digit UPC padded to GTIN-13).
- WooCommerce: prices are minor-unit strings ("2499" with currency_minor_unit 2 → 24.99) with
  their currency_code; ``price_raw`` keeps the string as the API wrote it; the brand is the
  first of "brands" (WooCommerce 9.6+). The Store API carries no GTIN: its offers have none.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from parsers.identifiers import clean_code, normalise_gtin
from parsers.prices import market_currency, normalise_currency, parse_amount
from parsers.records import Evidence, Offer, PageData, Product
from parsers.reviews import scale_rating
from parsers.snippets import json_snippet
from parsers.urls import absolute_url

Records = tuple[list[PageData], list[str]]


def _load(data: str | bytes | Any, source: str) -> tuple[Any, str | None]:
    if not isinstance(data, (str, bytes, bytearray)):
        return data, None
    try:
        return json.loads(data, parse_float=Decimal), None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return None, f"{source}: invalid JSON: {error}"


def _ev(url: str, source: str, item: dict[str, Any], *keys: str, rule: str | None = None
        ) -> Evidence:
    return Evidence(url, source, rule or json_snippet(item, *keys))


def _shopify_offer(variant: dict[str, Any], url: str, currency: str | None, rule: str,
                   problems: list[str], number: int) -> Offer:
    src = "shopify-json"
    ev: dict[str, Evidence] = {}
    raw = variant.get("price")
    price = parse_amount(raw)
    if raw is not None:
        ev["price"] = _ev(url, src, variant, "price")
    if price is None and raw not in (None, ""):
        problems.append(f"{url}: variant {number}: price {raw!r} is not a number: no price")
    if price == 0:
        price = None
        problems.append(f"{url}: variant {number}: price 0 read as no price shown")
    if price is not None and currency:
        ev["currency"] = _ev(url, src, variant, rule=rule)
    regular = parse_amount(variant.get("compare_at_price"))
    if regular is not None and price is not None and regular > price:
        ev["regular_price"] = _ev(url, src, variant, "compare_at_price")
    else:
        regular = None
    availability = None
    if isinstance(variant.get("available"), bool):
        availability = "InStock" if variant["available"] else "OutOfStock"
        ev["availability"] = _ev(url, src, variant, "available")
    sku = clean_code(variant.get("sku"))
    if sku:
        ev["sku"] = _ev(url, src, variant, "sku")
    gtin, problem = normalise_gtin(variant.get("barcode"))
    if gtin:
        ev["gtin"] = _ev(url, src, variant, "barcode")
    elif problem:
        problems.append(f"{url}: variant {number}: {problem}")
    label = clean_code(variant.get("title"))
    if label == "Default Title":
        label = None
    if label:
        ev["variant"] = _ev(url, src, variant, "title")
    return Offer(price, currency if price is not None else None, None if raw is None else str(raw),
                 regular, availability, sku, gtin, label, evidence=ev)


def _currency(ctx: dict[str, Any]) -> tuple[str | None, str]:
    hint, market = ctx.get("currency"), ctx.get("market")
    currency = normalise_currency(hint) or market_currency(market)
    return currency, f"rule: no currency in the endpoint; market hint {hint or market!r}"


def shopify_products(data: str | bytes | dict[str, Any], base_url: str,
                     ctx: dict[str, Any] | None = None) -> Records:
    """(records, problems) of a Shopify ``/products.json`` answer: one PageData per product,
    at ``base_url``/products/<handle>, one Offer per variant."""
    ctx = ctx or {}
    loaded, problem = _load(data, "shopify-json")
    if problem:
        return [], [problem]
    products = loaded.get("products") if isinstance(loaded, dict) else None
    if not isinstance(products, list):
        return [], ['shopify-json: no "products" list in the answer']
    currency, rule = _currency(ctx)
    records, problems = [], []
    for item in products:
        if not isinstance(item, dict) or not item.get("handle"):
            problems.append("shopify-json: a product without a handle skipped")
            continue
        url = urljoin(base_url.rstrip("/") + "/", f"products/{item['handle']}")
        page = PageData(url=url, title=clean_code(item.get("title")))
        product = Product(title=clean_code(item.get("title")), brand=clean_code(item.get("vendor")),
                          source="shopify-json")
        for key, field in (("title", "title"), ("vendor", "brand")):
            if getattr(product, field):
                product.evidence[field] = _ev(url, "shopify-json", item, key)
        variants = item.get("variants") if isinstance(item.get("variants"), list) else []
        product.offers = [_shopify_offer(v, url, currency, rule, page.problems, n)
                          for n, v in enumerate(variants, start=1) if isinstance(v, dict)]
        problems += page.problems
        page.product = product
        records.append(page)
    return records, problems


#: The most decimals a currency has (ISO 4217 minor units go up to 4).
MAX_MINOR_UNIT = 4


def _minor(value: Any, digits: Any) -> Decimal | None:
    """The amount of a minor-unit integer ("2499" with 2 decimals: 24.99); None for anything
    else, or with a number of decimals no currency has."""
    if value in (None, "") or isinstance(value, bool) or isinstance(digits, bool):
        return None
    places = 2 if digits is None else digits
    if isinstance(places, str) and places.strip().isascii() and places.strip().isdigit():
        places = int(places)
    if isinstance(places, (float, Decimal)):  # 2.0: the answer's numbers are read as decimals
        try:
            places = int(places) if places == int(places) else None
        except (ValueError, OverflowError):  # NaN, Infinity
            return None
    if not isinstance(places, int) or not 0 <= places <= MAX_MINOR_UNIT:
        return None
    try:
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < 0 or amount != amount.to_integral_value():
            return None
        return amount.scaleb(-places).quantize(Decimal(1).scaleb(-places))
    except ArithmeticError:  # a number beyond any price's precision (InvalidOperation, Overflow)
        return None


def _woo_product(item: dict[str, Any], base_url: str, problems: list[str]) -> PageData:
    src = "woocommerce-api"
    permalink = clean_code(item.get("permalink"))
    url = (permalink and absolute_url(base_url, permalink)) or urljoin(
        base_url, f"?p={item.get('id')}")
    if permalink and url != permalink:
        problems.append(f"woocommerce-api: permalink {permalink!r} is no URL; {url} used")
    page = PageData(url=url, title=clean_code(item.get("name")))
    ev: dict[str, Evidence] = {}
    product = Product(title=clean_code(item.get("name")), sku=clean_code(item.get("sku")),
                      source=src, evidence=ev)
    for key, field in (("name", "title"), ("sku", "sku")):
        if getattr(product, field):
            ev[field] = _ev(url, src, item, key)
    brands = item.get("brands") if isinstance(item.get("brands"), list) else []
    if brands and isinstance(brands[0], dict) and clean_code(brands[0].get("name")):
        product.brand = clean_code(brands[0].get("name"))
        ev["brand"] = _ev(url, src, item, "brands")
    reviews = item.get("review_count")
    if isinstance(reviews, int) and not isinstance(reviews, bool) and reviews >= 0:
        product.review_count = reviews
        ev["review_count"] = _ev(url, src, item, "review_count")
        if reviews > 0:
            product.rating = scale_rating(item.get("average_rating"))
            if product.rating is not None:
                ev["rating"] = _ev(url, src, item, "average_rating")
    prices = item.get("prices") if isinstance(item.get("prices"), dict) else {}
    digits = prices.get("currency_minor_unit")
    price = _minor(prices.get("price"), digits)
    offer_ev: dict[str, Evidence] = {}
    if prices.get("price") not in (None, ""):
        offer_ev["price"] = _ev(url, src, prices, "price", "currency_minor_unit")
        if price is None:
            problems.append(f"{url}: price {prices.get('price')!r} is not a minor-unit number")
    if price == 0:
        price = None
        problems.append(f"{url}: price 0 read as no price shown")
    currency = normalise_currency(prices.get("currency_code"))
    if currency:
        offer_ev["currency"] = _ev(url, src, prices, "currency_code")
    regular = _minor(prices.get("regular_price"), digits)
    if regular is not None and price is not None and regular > price:
        offer_ev["regular_price"] = _ev(url, src, prices, "regular_price")
    else:
        regular = None
    availability = None
    if isinstance(item.get("is_in_stock"), bool):
        availability = "InStock" if item["is_in_stock"] else "OutOfStock"
        offer_ev["availability"] = _ev(url, src, item, "is_in_stock")
    if product.sku:
        offer_ev["sku"] = ev["sku"]
    raw = prices.get("price")
    product.offers = [Offer(price, currency, None if raw is None else str(raw), regular,
                            availability, product.sku, evidence=offer_ev)]
    page.product = product
    return page


def woocommerce_products(data: str | bytes | list[Any], base_url: str,
                         ctx: dict[str, Any] | None = None) -> Records:
    """(records, problems) of a WooCommerce Store API products answer (a JSON list)."""
    loaded, problem = _load(data, "woocommerce-api")
    if problem:
        return [], [problem]
    if not isinstance(loaded, list):
        return [], ["woocommerce-api: the answer is not a list of products"]
    records, problems = [], []
    for item in loaded:
        if isinstance(item, dict):
            page_problems: list[str] = []
            records.append(_woo_product(item, base_url, page_problems))
            records[-1].problems += page_problems
            problems += page_problems
        else:
            problems.append("woocommerce-api: a non-object entry skipped")
    return records, problems
