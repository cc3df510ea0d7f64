"""schema.org Offer / AggregateOffer objects (JSON-LD or microdata) to ``Offer`` records.

Price from ``price``, else ``lowPrice`` (AggregateOffer), else a priceSpecification's
``price``; the regular price from a priceSpecification typed ListPrice, StrikethroughPrice or
MSRP. Currency from ``priceCurrency``, else a symbol in the raw price, else the market hint.
In a currency without decimals (CLP, JPY, KRW) a value like "1.990" is 1990, not 1.99.
A price of 0 is read as "no price shown": shops write 0 for "price on request".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parsers import prices
from parsers.availability import normalise_availability
from parsers.identifiers import clean_code, find_gtin
from parsers.records import Evidence, Offer
from parsers.schema_values import deref, enumeration, evidence, first, raw_text, source_of, text
from parsers.shipping_details import shipping_details
from parsers.structured import type_names

REGULAR_PRICE_TYPES = {"ListPrice", "StrikethroughPrice", "MSRP", "SRP"}
Item = dict[str, Any]


def _specs(offer: Item, ids: dict[str, Item]) -> list[Item]:
    specs = deref(offer.get("priceSpecification") or [], ids)
    return [s for s in (specs if isinstance(specs, list) else [specs]) if isinstance(s, dict)]


def _is_regular(spec: Item) -> bool:
    kind = enumeration(spec.get("priceType")) or ""
    return kind.rstrip("/").rsplit("/", 1)[-1] in REGULAR_PRICE_TYPES


def _price_holder(offer: Item, specs: list[Item]) -> tuple[Item, str] | None:
    """(object, key) holding the price a buyer pays."""
    for key in ("price", "lowPrice"):
        if first(offer.get(key)) not in (None, ""):
            return offer, key
    for spec in specs:
        if not _is_regular(spec) and first(spec.get("price")) not in (None, ""):
            return spec, "price"
    return None


def _price(holder: Item, key: str, number: int, url: str, ctx: dict[str, Any],
           ev: dict[str, Evidence], problems: list[str]) -> tuple[Decimal | None, str | None]:
    """(price, raw): a schema.org number, else the raw text read as a price; 0 is no price."""
    raw = raw_text(holder, key)
    ev["price"] = evidence(holder, url, key, "priceCurrency")
    price = prices.parse_amount(first(holder.get(key)))
    if price is None and raw:
        price = prices.parse_price(raw, ctx.get("currency"), ctx.get("market")).amount
        if price is None:
            problems.append(f"offer {number}: {key} {raw!r} is not a number: no price")
        elif source_of(holder) == "json-ld":
            problems.append(f"offer {number}: {key} {raw!r} is not a schema.org number; "
                            "read as text")
    if price == 0:
        problems.append(f"offer {number}: {key} 0 read as no price shown")
        price = None
    return price, raw


def _currency(offer: Item, specs: list[Item], price: Decimal | None, raw: str | None,
              url: str, ctx: dict[str, Any], ev: dict[str, Evidence]) -> str | None:
    hint, market = ctx.get("currency"), ctx.get("market")
    for holder in (offer, *specs):
        currency = prices.normalise_currency(text(holder.get("priceCurrency")))
        if currency:
            ev["currency"] = evidence(holder, url, "priceCurrency")
            return currency
    if price is None:
        return None
    currency = prices.currency_in_text(raw, hint, market)
    if currency:
        ev["currency"] = ev["price"]
        return currency
    currency = prices.normalise_currency(hint) or prices.market_currency(market)
    if currency:
        rule = f"rule: no currency on the page; market hint {hint or market!r}"
        if not hint and ctx.get("market_rule"):
            rule += f" ({ctx['market_rule']})"
        ev["currency"] = evidence(offer, url, rule=rule)
    return currency


def build_offer(offer: Item, number: int, url: str, ctx: dict[str, Any], ids: dict[str, Item],
                problems: list[str], defaults: Item | None = None,
                variant: str | None = None) -> Offer:
    """One Offer record; ``defaults`` is the variant product giving the sku/gtin an offer lacks."""
    specs = _specs(offer, ids)
    ev: dict[str, Evidence] = {}
    price = raw = None
    holder = _price_holder(offer, specs)
    if holder:
        price, raw = _price(*holder, number, url, ctx, ev, problems)
    currency = _currency(offer, specs, price, raw, url, ctx, ev)
    whole = prices.whole_currency_amount(first(holder[0].get(holder[1])) if holder else None,
                                         currency)
    if whole is not None:
        problems.append(f"offer {number}: price {raw!r} read as {whole}: {currency} has no "
                        "decimals, so its dots group thousands")
        price = whole
    regular = None
    for spec in specs:
        value = first(spec.get("price")) if _is_regular(spec) else None
        regular = prices.whole_currency_amount(value, currency) or prices.parse_amount(value)
        if regular:
            ev["regular_price"] = evidence(spec, url, "price", "priceType")
            break
    availability = normalise_availability(enumeration(offer.get("availability")))
    if availability:
        ev["availability"] = evidence(offer, url, "availability")
    sku = gtin = None
    for source in (offer, deref(offer.get("itemOffered"), ids), defaults):
        if not isinstance(source, dict):
            continue
        if sku is None and clean_code(source.get("sku")):
            sku, ev["sku"] = clean_code(source.get("sku")), evidence(source, url, "sku")
        if gtin is None:
            gtin, key, problem = find_gtin(source)
            if gtin:
                ev["gtin"] = evidence(source, url, key)
            elif problem:
                problems.append(f"offer {number}: {problem}")
    if variant:
        ev["variant"] = evidence(defaults or offer, url, "name", "color", "size")
    offer_record = Offer(price, currency, raw, regular or None, availability, sku, gtin, variant,
                         evidence=ev)
    offer_record.tax_included = _tax_included(offer, specs, url, ev)
    shipping_details(offer, offer_record, url, ctx, ids, problems, number)
    return offer_record


def build_offers(value: Any, url: str, ctx: dict[str, Any], ids: dict[str, Item],
                 problems: list[str], start: int = 1, defaults: Item | None = None,
                 variant: str | None = None) -> list[Offer]:
    """Offer records for an ``offers`` value: one Offer, an AggregateOffer, or a list of them."""
    value = deref(value, ids)
    offers = [o for o in (value if isinstance(value, list) else [value]) if isinstance(o, dict)]
    built = []
    for number, offer in enumerate(offers, start=start):
        priced = "price" in offer or "lowPrice" in offer
        if type_names(offer) - {"Offer", "AggregateOffer"} and not priced:
            continue  # a Demand or some other object, not something a buyer can pay
        record = build_offer(offer, number, url, ctx, ids, problems, defaults, variant)
        if "AggregateOffer" in type_names(offer) and record.availability is None:
            parts = deref(offer.get("offers"), ids)
            summarised = [part for part in (parts if isinstance(parts, list) else [parts])
                          if isinstance(part, dict)] or [o for o in offers if o is not offer]
            _available_if_one_is(record, summarised, url)
        built.append(record)
    return built


def _available_if_one_is(aggregate: Offer, offers: list[Item], url: str) -> None:
    """An AggregateOffer that states no availability is in stock when one of the offers it
    sums up (its own, or those listed beside it) is: the product can be bought."""
    for offer in offers:
        if normalise_availability(enumeration(offer.get("availability"))) == "InStock":
            aggregate.availability = "InStock"
            aggregate.evidence["availability"] = evidence(offer, url, "availability")
            return


def _tax_included(offer: Item, specs: list[Item], url: str,
                  ev: dict[str, Evidence]) -> bool | None:
    """valueAddedTaxIncluded of the offer or its price specification; None when absent."""
    for holder in (offer, *specs):
        value = first(holder.get("valueAddedTaxIncluded"))
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if isinstance(value, bool):
            ev["tax_included"] = evidence(holder, url, "valueAddedTaxIncluded")
            return value
    return None
