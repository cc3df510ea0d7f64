"""schema.org OfferShippingDetails on an offer → the offer's delivery days and shipping cost.

deliveryTime (ShippingDeliveryTime) adds handlingTime and transitTime (QuantitativeValue
minValue/maxValue, unitCode DAY/d, HUR/h or WEE/wk): min = handling.min + transit.min, max =
handling.max + transit.max; a part that is missing leaves the sum None (never guessed).
shippingRate (MonetaryAmount value + currency) is the shipping cost; 0 is free shipping. With
several details, the one whose shippingDestination.addressCountry is the market is used, else
the first.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from parsers import prices
from parsers.records import Offer
from parsers.schema_values import deref, evidence, first, text

Item = dict[str, Any]
UNIT_DAYS = {"DAY": 1, "D": 1, "DAYS": 1, "HUR": 1 / 24, "H": 1 / 24, "HOURS": 1 / 24,
             "WEE": 7, "WK": 7, "WEEKS": 7}


def _list(value: Any, ids: dict[str, Item]) -> list[Item]:
    value = deref(value, ids)
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _countries(detail: Item, ids: dict[str, Item]) -> list[str]:
    found = []
    for place in _list(detail.get("shippingDestination"), ids):
        codes = place.get("addressCountry")
        for code in codes if isinstance(codes, list) else [codes]:
            name = text(code)
            if name:
                found.append(name.upper())
    return found


def _pick(details: list[Item], market: str | None, ids: dict[str, Item]) -> Item:
    if market:
        for detail in details:
            if market.upper() in _countries(detail, ids):
                return detail
    return details[0]


def _bounds(value: Any, ids: dict[str, Item]) -> tuple[int | None, int | None] | None:
    """(min, max) days of a QuantitativeValue; None when it is absent or unreadable."""
    value = first(deref(value, ids))
    if not isinstance(value, dict):
        return None
    unit = (text(value.get("unitCode")) or text(value.get("unitText")) or "DAY").upper()
    per = UNIT_DAYS.get(unit)
    if per is None:
        return None
    out = []
    for key in ("minValue", "maxValue"):
        number = prices.parse_amount(first(value.get(key)))
        if number is None and key == "maxValue":
            number = prices.parse_amount(first(value.get("value")))
        out.append(math.ceil(float(number) * per - 1e-9) if number is not None else None)
    if out[0] is None and out[1] is None:
        return None
    if out[0] is None and "minValue" not in value and "value" in value:
        out[0] = out[1]
    return out[0], out[1]


def _sum(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def delivery_days(detail: Item, ids: dict[str, Item]) -> tuple[int | None, int | None] | None:
    """(min, max) days of a ShippingDeliveryTime: handling + transit; None without any."""
    time = first(deref(detail.get("deliveryTime"), ids))
    if not isinstance(time, dict):
        return None
    handling = _bounds(time.get("handlingTime"), ids)
    transit = _bounds(time.get("transitTime"), ids)
    if handling is None and transit is None:
        return None
    if handling is None or transit is None:
        return handling or transit
    return _sum(handling[0], transit[0]), _sum(handling[1], transit[1])


def shipping_details(offer: Item, record: Offer, url: str, ctx: dict[str, Any],
                     ids: dict[str, Item], problems: list[str], number: int) -> None:
    """Fill the record's delivery and shipping fields from the offer's shippingDetails."""
    details = _list(offer.get("shippingDetails"), ids)
    if not details:
        return
    detail = _pick(details, ctx.get("market"), ids)
    days = delivery_days(detail, ids)
    if days is not None:
        record.delivery_min_days, record.delivery_max_days = days
        time = first(deref(detail.get("deliveryTime"), ids))
        record.delivery_raw = evidence(time, url, "handlingTime", "transitTime").snippet
        for field in ("delivery_min_days", "delivery_max_days"):
            record.evidence[field] = evidence(detail, url, "deliveryTime")
    elif detail.get("deliveryTime") is not None:
        problems.append(f"offer {number}: shippingDetails deliveryTime has no readable days")
    rate = first(deref(detail.get("shippingRate"), ids))
    if isinstance(rate, dict):
        amount = prices.parse_amount(first(rate.get("value")))
        currency = prices.normalise_currency(text(rate.get("currency")))
        if amount is not None:
            record.shipping_cost = Decimal(amount)
            record.shipping_currency = currency or record.currency
            record.evidence["shipping_cost"] = evidence(rate, url, "value", "currency")
        elif rate.get("value") is not None:
            problems.append(f"offer {number}: shippingRate {rate.get('value')!r} is not a number")
