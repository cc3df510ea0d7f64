"""A product from OpenGraph / product meta tags, for pages without schema.org data.

Reads og:title, product:brand, product:price:amount and :currency, product:availability,
product:retailer_item_id and GTIN-like tags. Facebook's catalogue tags put a reduced price in
product:sale_price:amount; then product:price:amount is the regular price. A Twitter product
card ("twitter:label1" = "Price", "twitter:data1" = "LBP139999.00") gives the price when no
price tag does; its text names the currency when no currency tag does.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from parsers.availability import normalise_availability
from parsers.identifiers import clean_code, normalise_gtin
from parsers.prices import (currency_in_text, market_currency, normalise_currency, parse_amount,
                            parse_price, whole_currency_amount)
from parsers.records import Evidence, Offer, Product

PRODUCT_OG_TYPES = {"product", "product.item", "product.group", "og:product"}


def meta_evidence(url: str, prop: str, value: str) -> Evidence:
    """Evidence for one meta property, written as the tag that carried it."""
    attr = "name" if prop.startswith("twitter:") else "property"
    return Evidence(url, "opengraph", f'<meta {attr}="{prop}" content="{escape(value)}">')


def _first(og: dict[str, str], *props: str) -> tuple[str, str] | tuple[None, None]:
    for prop in props:
        if og.get(prop):
            return prop, og[prop]
    return None, None


#: Twitter card labels of a price and of a stock state, lower case, in the languages shops use.
PRICE_LABELS = {"price", "prix", "preis", "precio", "prezzo", "prijs", "preço", "pris", "cena",
                "hinta", "ár", "fiyat", "harga", "giá", "цена", "ціна", "السعر", "מחיר", "価格",
                "价格", "價格", "가격"}
STOCK_LABELS = {"availability", "stock", "disponibilité", "verfügbarkeit", "disponibilidad",
                "disponibilità", "beschikbaarheid", "dostępność", "наличие"}


def twitter_card(og: dict[str, str], labels: set[str]) -> tuple[str, str] | tuple[None, None]:
    """(tag, value) of the Twitter card data whose label is one of ``labels``."""
    for number in range(1, 5):
        label = og.get(f"twitter:label{number}", "").strip(" :").lower()
        if label in labels and og.get(f"twitter:data{number}"):
            return f"twitter:data{number}", og[f"twitter:data{number}"]
    return None, None


def _amount(value: str | None, ctx: dict[str, Any]) -> Decimal | None:
    if value is None:
        return None
    amount = parse_amount(value)
    if amount is None:
        amount = parse_price(value, ctx.get("currency"), ctx.get("market")).amount
    return amount or None  # 0 means no price shown


def meta_offer(og: dict[str, str], url: str, ctx: dict[str, Any]) -> Offer | None:
    """The offer the meta tags describe; None when they give no price and no availability."""
    ev: dict[str, Evidence] = {}
    sale_prop, sale = _first(og, "product:sale_price:amount", "og:sale_price:amount")
    list_prop, listed = _first(og, "product:price:amount", "og:price:amount")
    if not listed and not sale:
        list_prop, listed = twitter_card(og, PRICE_LABELS)
    price_prop, raw = (sale_prop, sale) if sale else (list_prop, listed)
    price = _amount(raw, ctx)
    regular = _amount(listed, ctx) if sale else None
    if price_prop:
        ev["price"] = meta_evidence(url, price_prop, raw)
    if regular is not None:
        ev["regular_price"] = meta_evidence(url, list_prop, listed)
    cur_prop, cur_value = _first(og, "product:price:currency", "og:price:currency",
                                 "product:sale_price:currency")
    currency = normalise_currency(cur_value)
    if currency:
        ev["currency"] = meta_evidence(url, cur_prop, cur_value)
    elif price is not None and currency_in_text(raw, ctx.get("currency"), ctx.get("market")):
        currency = currency_in_text(raw, ctx.get("currency"), ctx.get("market"))
        ev["currency"] = ev["price"]
    elif price is not None:
        currency = normalise_currency(ctx.get("currency")) or market_currency(ctx.get("market"))
        if currency:
            hint = ctx.get("currency") or ctx.get("market")
            rule = f"rule: no currency on the page; market hint {hint!r}"
            if not ctx.get("currency") and ctx.get("market_rule"):
                rule += f" ({ctx['market_rule']})"
            ev["currency"] = Evidence(url, "opengraph", rule)
    price = whole_currency_amount(raw, currency) or price
    regular = (whole_currency_amount(listed, currency) or regular) if sale else None
    avail_prop, avail_value = _first(og, "product:availability", "og:availability")
    if not avail_value:
        avail_prop, avail_value = twitter_card(og, STOCK_LABELS)
    availability = normalise_availability(avail_value)
    if availability:
        ev["availability"] = meta_evidence(url, avail_prop, avail_value)
    if price is None and availability is None and raw is None:
        return None
    return Offer(price, currency, raw, regular, availability, evidence=ev)


def meta_product(og: dict[str, str], url: str, ctx: dict[str, Any],
                 problems: list[str]) -> Product | None:
    """A Product from meta tags when og:type is a product or a product price is given."""
    if og.get("og:type", "").lower() not in PRODUCT_OG_TYPES and not _first(
            og, "product:price:amount", "og:price:amount")[0] and not twitter_card(
            og, PRICE_LABELS)[0]:
        return None
    ev: dict[str, Evidence] = {}
    values: dict[str, str | None] = {}
    for field, props in {"title": ("og:title", "twitter:title"), "brand": ("product:brand", "og:brand"),
                         "sku": ("product:retailer_item_id", "product:sku"),
                         "mpn": ("product:mfr_part_no",)}.items():
        prop, value = _first(og, *props)
        values[field] = clean_code(value)
        if values[field]:
            ev[field] = meta_evidence(url, prop, value)
    gtin = None
    for prop in ("product:gtin", "product:ean", "product:upc", "product:isbn"):
        if og.get(prop):
            gtin, problem = normalise_gtin(og[prop])
            if gtin:
                ev["gtin"] = meta_evidence(url, prop, og[prop])
                break
            problems.append(f"product: {problem}")
    offer = meta_offer(og, url, ctx)
    return Product(values["title"], values["brand"], gtin, values["mpn"], values["sku"],
                   offers=[offer] if offer else [], source="opengraph", evidence=ev)
