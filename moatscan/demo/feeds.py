"""JSON endpoints that demo stores publish beside their pages.

- Voltaro, like every Shopify store, answers `/products.json` (Shopify's shape, `page` and
  `limit` parameters, 30 products a page by default, an empty list past the end). Like many
  Shopify merchants it fills `barcode` with the 12-digit UPC when the GTIN-13 starts with 0.
- Denkiya's single-page app reads `/api/products.json` (the catalogue) and
  `/api/products/<id>.json` (one item); without them its pages are empty shells.
"""

from __future__ import annotations

from collections.abc import Callable

from moatscan.demo.layout import Page
from moatscan.demo.responses import Resource, json_resource

SHOPIFY_ID_BASE = 7_204_113_000_000
SHOPIFY_DEFAULT_LIMIT = 30
SHOPIFY_MAX_LIMIT = 250


def shopify_products(pages: list[Page]) -> Callable[[dict[str, list[str]]], Resource]:
    """A route answering `/products.json?page=N&limit=M` for the store's public product pages."""
    products = [_shopify_product(page) for page in pages
                if page.kind == "product" and not page.private]

    def respond(query: dict[str, list[str]]) -> Resource:
        page = _int_param(query, "page", 1, 1, 10_000)
        limit = _int_param(query, "limit", SHOPIFY_DEFAULT_LIMIT, 1, SHOPIFY_MAX_LIMIT)
        return json_resource({"products": products[(page - 1) * limit: page * limit]})

    return respond


def _shopify_product(page: Page) -> dict:
    offer, product = page.offer, page.offer.product
    gtin = product.gtin
    return {
        "id": SHOPIFY_ID_BASE + product.num,
        "title": product.title(page.locale.lang),
        "handle": page.path.rsplit("/", 1)[1],
        "vendor": product.brand,
        "product_type": product.category,
        "variants": [{
            "id": (SHOPIFY_ID_BASE + product.num) * 10 + 1,
            "title": "Default Title",
            "sku": offer.sku,
            "price": offer.prices[page.locale.currency],
            "barcode": gtin[1:] if gtin.startswith("0") else gtin,
            "available": offer.availability == "InStock",
        }],
    }


def _int_param(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(query.get(name, [default])[0])
    except ValueError:
        return default
    return min(max(value, low), high)


def denkiya_api(pages: list[Page], delivery: str | None = None) -> dict[str, Resource]:
    """`/api/products.json` (public items) and `/api/products/<id>.json` (every item, private too).

    `delivery` is the promise product pages show ("お届け：3〜5日"), or None.
    """
    items = [(page, _denkiya_item(page, delivery)) for page in pages if page.kind == "product"]
    routes = {f"/api/products/{item['id']}.json": json_resource(item) for _, item in items}
    routes["/api/products.json"] = json_resource(
        {"count": sum(1 for page, _ in items if not page.private),
         "items": [item for page, item in items if not page.private]})
    return routes


def _denkiya_item(page: Page, delivery: str | None) -> dict:
    offer, product = page.offer, page.offer.product
    return {
        "id": page.path.rsplit("/", 1)[1],
        "url": page.path,
        "name": product.title(page.locale.lang),
        "brand": product.brand,
        "category": product.category,
        "sku": offer.sku,
        "mpn": product.mpn,
        "jan": product.gtin,
        "price": int(offer.prices[page.locale.currency]),
        "currency": page.locale.currency,
        "tax_included": True,
        "availability": offer.availability,
        "rating": offer.rating,
        "review_count": offer.reviews,
        "delivery": delivery,
    }
