"""schema.org JSON-LD for demo product pages, and safe embedding in a `<script>` element.

Brightlane writes `offers` as one Offer object; Voltaro, like Shopify themes, as a list with one
Offer per variant. Parsers must accept both shapes.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from moatscan.demo.catalogue import Locale, Offer

SCHEMA = "https://schema.org/"


def product_jsonld(offer: Offer, locale: Locale, url: str, store_name: str,
                   offers_as_list: bool = False) -> dict:
    """The schema.org Product of one product page."""
    product = offer.product
    offer_data = {
        "@type": "Offer",
        "url": url,
        "price": offer.prices[locale.currency],
        "priceCurrency": locale.currency,
        "availability": SCHEMA + offer.availability,
        "itemCondition": SCHEMA + "NewCondition",
        "seller": {"@type": "Organization", "name": store_name},
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title(locale.lang),
        "url": url,
        "sku": offer.sku,
        "mpn": product.mpn,
        "gtin13": product.gtin,
        "brand": {"@type": "Brand", "name": product.brand},
        "category": product.category,
        "offers": [offer_data] if offers_as_list else offer_data,
    }
    if offer.rating is not None:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": offer.rating,
                                   "bestRating": 5, "reviewCount": offer.reviews}
    return data


def organization_jsonld(name: str, url: str, social: tuple[str, ...]) -> dict:
    """The schema.org Organization of a store's home page, with its social profiles."""
    return {"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url,
            "sameAs": list(social)}


def script_json(data: dict) -> Markup:
    """JSON safe to place inside `<script type="application/ld+json">`: no `</script>` break-out."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e"))
