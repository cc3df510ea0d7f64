"""The truth planted in the demo market: what a correct crawler finds on each product page.

`planted(week)` lists one record per product offer page, built from the same page plan the
servers render, so it cannot drift from what the pages say. Brightlane's products appear twice
(the US page in USD and the /de/ page in EUR), Kabelwerk's twice (German and /fr/), and each
store has one page under the robots-disallowed /private/ path, flagged `"disallowed": True`,
which a polite crawler must not report.
"""

from __future__ import annotations

from moatscan.demo.catalogue_file import load_catalogue
from moatscan.demo.layout import Page, plan_store
from moatscan.demo.weeks import check_week

FIELDS = ("store", "path", "title", "brand", "gtin", "sku", "mpn", "price", "currency",
          "availability", "rating", "review_count", "language", "disallowed")
"""The keys of every planted record, in this order."""


def planted(week: int = 1) -> list[dict]:
    """Every product offer page of every store in `week`, store by store, main locale first.

    A record: {"store": "voltaro", "path": "/products/...", "title", "brand", "gtin" (GTIN-13),
    "sku", "mpn", "price": "24.99" (string decimal; "12800" for yen), "currency": "USD",
    "availability": "InStock" | "OutOfStock" | "PreOrder", "rating": 4.6 or None,
    "review_count": 128 or None, "language": the page's <html lang> ("en-US", "de", "fr", "ja"),
    "disallowed": True for the page under /private/ that robots.txt disallows}.
    """
    catalogue = load_catalogue()
    check_week(week)
    records = []
    for store in catalogue.stores.values():
        pages = plan_store(store, catalogue.offers(store.id, week), catalogue.categories)
        records += [_record(store.id, page) for page in pages if page.kind == "product"]
    return records


def _record(store_id: str, page: Page) -> dict:
    offer, product, locale = page.offer, page.offer.product, page.locale
    return {
        "store": store_id,
        "path": page.path,
        "title": product.title(locale.lang),
        "brand": product.brand,
        "gtin": product.gtin,
        "sku": offer.sku,
        "mpn": product.mpn,
        "price": offer.prices[locale.currency],
        "currency": locale.currency,
        "availability": offer.availability,
        "rating": offer.rating,
        "review_count": offer.reviews,
        "language": locale.lang,
        "disallowed": page.private,
    }
