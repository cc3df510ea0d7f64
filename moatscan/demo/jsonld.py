"""schema.org JSON-LD for demo product pages, and safe embedding in a `<script>` element.

Brightlane writes `offers` as one Offer object; Voltaro, like Shopify themes, as a list with one
Offer per variant; Maison Volt, like WooCommerce, wraps the Product in an `@graph` beside its
breadcrumb, with the price in a priceSpecification too and `http://schema.org` availability.
Parsers must accept all three. A promotion adds the regular price as a StrikethroughPrice
(ListPrice on WooCommerce); a store whose product pages promise delivery in JSON-LD adds an
OfferShippingDetails whose handling + transit days add up to the promised window.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from moatscan.demo.catalogue import Locale, Offer

SCHEMA = "https://schema.org/"


def product_jsonld(offer: Offer, locale: Locale, url: str, store_name: str,
                   offers_as_list: bool = False, shipping: dict | None = None) -> dict:
    """The schema.org Product of one product page; `shipping` as from `shipping_details()`."""
    product, price = offer.product, offer.prices[locale.currency]
    offer_data = {
        "@type": "Offer",
        "url": url,
        "price": price,
        "priceCurrency": locale.currency,
        "availability": SCHEMA + offer.availability,
        "itemCondition": SCHEMA + "NewCondition",
        "seller": {"@type": "Organization", "name": store_name},
    }
    if offer.regular:
        offer_data["priceSpecification"] = [
            {"@type": "UnitPriceSpecification", "price": price, "priceCurrency": locale.currency},
            {"@type": "UnitPriceSpecification", "price": offer.regular[locale.currency],
             "priceCurrency": locale.currency, "priceType": SCHEMA + "StrikethroughPrice"}]
    if shipping:
        offer_data["shippingDetails"] = shipping
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title(locale.lang),
        "url": url,
        "sku": offer.sku,
        "mpn": offer.mpn,
        "gtin13": offer.gtin,
        "brand": {"@type": "Brand", "name": product.brand},
        "category": product.category,
        "offers": [offer_data] if offers_as_list else offer_data,
    }
    data = {key: value for key, value in data.items() if value is not None}
    if offer.rating is not None:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": offer.rating,
                                   "bestRating": 5, "reviewCount": offer.reviews}
    return data


def woocommerce_jsonld(product: dict, breadcrumb: list[tuple[str, str]]) -> dict:
    """WooCommerce's shape: an @graph of a BreadcrumbList and the Product (with a list of offers)."""
    offer = dict(product["offers"])
    offer["availability"] = offer["availability"].replace("https://", "http://")
    offer.setdefault("priceSpecification", [
        {"@type": "UnitPriceSpecification", "price": offer["price"],
         "priceCurrency": offer["priceCurrency"], "valueAddedTaxIncluded": True}])
    for spec in offer["priceSpecification"]:
        spec["valueAddedTaxIncluded"] = True
        if spec.get("priceType"):
            spec["priceType"] = SCHEMA + "ListPrice"
    offer["priceValidUntil"] = "2027-12-31"
    item = {key: value for key, value in product.items() if key != "@context"}
    item.update({"@id": product["url"] + "#product", "offers": [offer]})
    crumbs = {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "item": {"name": name, "@id": url}}
        for i, (name, url) in enumerate(breadcrumb, 1)]}
    return {"@context": "https://schema.org/", "@graph": [crumbs, item]}


def shipping_details(fee: str, currency: str, country: str, handling: tuple[int, int],
                     delivery: tuple[int, int]) -> dict:
    """An OfferShippingDetails whose handling plus transit days give the `delivery` window."""
    transit = (delivery[0] - handling[0], delivery[1] - handling[1])
    days = lambda low, high: {"@type": "QuantitativeValue", "minValue": low, "maxValue": high,  # noqa: E731
                              "unitCode": "DAY"}
    return {
        "@type": "OfferShippingDetails",
        "shippingRate": {"@type": "MonetaryAmount", "value": fee, "currency": currency},
        "shippingDestination": {"@type": "DefinedRegion", "addressCountry": country},
        "deliveryTime": {"@type": "ShippingDeliveryTime", "handlingTime": days(*handling),
                         "transitTime": days(*transit)},
    }


def organization_jsonld(name: str, url: str, social: tuple[str, ...]) -> dict:
    """The schema.org Organization of a store's home page, with its social profiles."""
    return {"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url,
            "sameAs": list(social)}


def script_json(data: dict) -> Markup:
    """JSON safe to place inside `<script type="application/ld+json">`: no `</script>` break-out."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e"))
