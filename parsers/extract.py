"""``extract_page``: the flat JSON object ``moatscan extract`` prints for one page.

Product fields at the top level, price fields from the first offer (the one a buyer sees
first), every offer under "offers", and the evidence of each top-level field under "evidence".
gtin and sku fall back to the first offer's when the product has none (Shopify puts them on
the offers), so a row's price and identifiers always describe the same variant.
delivery_min_days / delivery_max_days come from the first offer, else from the page's visible
delivery text; market is the one the page was read for (given or inferred).
"""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html

from parsers.product import extract_product
from parsers.records import PageData

PRODUCT_FIELDS = ("title", "brand", "gtin", "sku", "mpn")
OFFER_FIELDS = ("price", "currency", "price_raw", "regular_price", "availability")
REVIEW_FIELDS = ("rating", "review_count")


def page_to_dict(page: PageData) -> dict[str, Any]:
    """The flat extract object of a PageData record."""
    product = page.product.to_dict() if page.product else {}
    offers = product.get("offers", [])
    offer = offers[0] if offers else {}
    product_ev, offer_ev = product.get("evidence", {}), offer.get("evidence", {})
    evidence = {k: v for k, v in page.to_dict()["evidence"].items()
                if k not in ("title", "delivery")}
    out: dict[str, Any] = {"url": page.url}
    for field in PRODUCT_FIELDS:
        out[field] = product.get(field)
        if out[field] is not None:
            evidence[field] = product_ev.get(field)
        elif field in ("gtin", "sku") and offer.get(field) is not None:
            out[field], evidence[field] = offer[field], offer_ev.get(field)
    if out["title"] is None and page.title is not None and not product:
        out["title"] = page.title
        evidence["title"] = page.to_dict()["evidence"].get("title")
    for field in OFFER_FIELDS:
        out[field] = offer.get(field)
        ev = offer_ev.get("price" if field == "price_raw" else field)
        if out[field] is not None and ev and field != "price_raw":
            evidence[field] = ev
    for field in REVIEW_FIELDS:
        out[field] = product.get(field)
        if out[field] is not None:
            evidence[field] = product_ev.get(field)
    for field in ("delivery_min_days", "delivery_max_days"):
        out[field] = offer.get(field)
        if out[field] is not None and offer_ev.get(field):
            evidence[field] = offer_ev[field]
        elif page.delivery is not None and page.delivery.kind == "delivery":
            out[field] = getattr(page.delivery, field.removeprefix("delivery_"))
            if out[field] is not None and page.evidence.get("delivery"):
                evidence[field] = page.evidence["delivery"].to_dict()
    out["tax_included"] = offer.get("tax_included")
    out["market"] = page.market
    out["language"] = page.language
    out["hreflang"] = page.hreflang
    out["source"] = product.get("source")
    out["offers"] = offers
    out["evidence"] = {k: v for k, v in evidence.items() if v is not None}
    out["problems"] = page.problems
    return out


def extract_page(html: str | bytes | lxml_html.HtmlElement, url: str,
                 ctx: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object printed by ``moatscan extract`` for one page (see the module docstring)."""
    return page_to_dict(extract_product(html, url, ctx))
