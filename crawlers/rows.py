"""Turn a parsed product page into rows of the ``offers`` and ``evidence`` tables."""

from __future__ import annotations

from decimal import Decimal


def offer_key(product, offer, index: int, url: str, scope: str | None) -> str:
    """A key that stays the same for the same offer from week to week.

    The offer's own SKU, else the product's SKU or GTIN (with the variant when there are
    several offers), else the page URL with the offer's position; prefixed with the market
    (or language) the page is for, since a store's locale versions share SKUs.
    """
    base = offer.sku or product.sku or offer.gtin or product.gtin
    if base and not offer.sku and len(product.offers) > 1:
        base = f"{base}#{offer.variant or index}"
    if not base:
        return url if len(product.offers) == 1 else f"{url}#{index}"
    return f"{scope}/{base}" if scope else base


OFFER_EXTRAS = ("delivery_min_days", "delivery_max_days", "delivery_raw", "shipping_cost",
                "shipping_currency", "tax_included")
"""Offer attributes stored as they are, when the parser states them."""


def _number(value):
    if isinstance(value, bool):
        return int(value)
    return float(value) if isinstance(value, Decimal) else value


def offer_rows(scan_id: int, store_id: str, market: str | None, page) -> list[dict]:
    product = page.product
    if product is None:
        return []
    rows = []
    for index, offer in enumerate(product.offers):
        rows.append({
            "scan_id": scan_id,
            "store_id": store_id,
            "offer_key": offer_key(product, offer, index, page.url, market or page.language),
            "url": page.url,
            "market": market,
            "title": product.title,
            "brand": product.brand,
            "gtin": offer.gtin or product.gtin,
            "mpn": product.mpn,
            "sku": offer.sku or product.sku,
            "variant": offer.variant,
            "price": _number(offer.price),
            "price_raw": offer.price_raw,
            "currency": offer.currency,
            "regular_price": _number(offer.regular_price),
            "availability": offer.availability,
            "rating": product.rating,
            "review_count": product.review_count,
            "language": page.language,
            "source": product.source,
            **{name: _number(getattr(offer, name, None)) for name in OFFER_EXTRAS},
        })
    return rows


def evidence_rows(scan_id: int, store_id: str, page, offers: list[dict]) -> list[dict]:
    """One row per field of each offer: the URL, the source and the snippet it came from."""
    product = page.product
    if product is None:
        return []
    rows = []
    for offer, row in zip(product.offers, offers):
        fields = {**product.evidence, **offer.evidence}
        for field, evidence in fields.items():
            value = row.get(field, getattr(product, field, None))
            rows.append({
                "scan_id": scan_id,
                "store_id": store_id,
                "subject": row["offer_key"],
                "field": field,
                "value": None if value is None else str(value),
                "url": evidence.url,
                "source": evidence.source,
                "snippet": evidence.snippet,
            })
    return rows
