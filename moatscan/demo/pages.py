"""Render the HTML pages of a demo store from its page plan (Jinja2, autoescaped).

Product pages carry their data the way the store's platform does: JSON-LD (`product_jsonld.html`),
microdata only (`product_microdata.html`), or nothing at all until JavaScript has run
(`shell.html`, filled by `static/denkiya-app.js` from the store's JSON API). They state the
market's delivery promise as `service.py` says, relative to the week's fixed demo date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from moatscan.demo.catalogue import Locale, Offer, Store
from moatscan.demo.chrome import chrome_context
from moatscan.demo.jsonld import (organization_jsonld, product_jsonld, script_json, shipping_details,
                                  woocommerce_jsonld)
from moatscan.demo.layout import Page
from moatscan.demo.service import policy_fields, product_delivery, promise
from moatscan.demo.locales import format_money, format_rating, format_reviews, labels
from moatscan.demo.responses import Resource, html
from moatscan.demo.sitemaps import absolute

TEMPLATES = Path(__file__).with_name("templates")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "ja": "日本語"}
FEATURED_PER_CATEGORY = 2
PARTNER_PATH, SLOW_PATH = "/go/partner", "/slow"
BROKEN_HREF = "https://[::1/{store}/track"
"""A link on every home page that no URL parser reads (an IPv6 host left open): a crawler
skips it and says so. One per store, as the ledger keys its rows by URL."""

ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html", "xml")),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.filters["script_json"] = script_json


def render(template: str, **context) -> str:
    """Render one template of `moatscan/demo/templates/`."""
    return ENV.get_template(template).render(**context)


def render_pages(store: Store, pages: list[Page], base_url: str, today: dt.date) -> dict[str, Resource]:
    """Every HTML page of the plan, by path; `today` is the week's fixed demo date."""
    return {page.path: html(render_page(store, page, pages, base_url, today)) for page in pages}


def render_page(store: Store, page: Page, pages: list[Page], base_url: str, today: dt.date) -> str:
    """One page of the plan, with the navigation of its locale."""
    local = [p for p in pages if p.locale == page.locale]
    context = {
        **chrome_context(store, page.locale),
        "store": store, "page": page, "locale": page.locale, "t": labels(page.locale.lang),
        "tagline": store.tagline.get(page.locale.language, ""),
        "canonical": absolute(base_url, page.path),
        "alternates": [(lang, absolute(base_url, path)) for lang, path in page.alternates],
        "switcher": [(LANGUAGE_NAMES[loc.language], _version(page, loc, pages)) for loc in store.locales],
        "nav": [(labels(page.locale.lang)["categories"][p.name], p.path) for p in local if p.kind == "category"],
        "policies": [(labels(page.locale.lang)["policies"][p.name]["title"], p.path)
                     for p in local if p.kind == "policy"],
        "home": page.locale.prefix, "partner_path": PARTNER_PATH, "slow_path": SLOW_PATH,
        "broken_href": BROKEN_HREF.format(store=store.id),
    }
    products = [p for p in local if p.kind == "product"]
    if page.kind == "home":
        public = [p for p in products if not p.private]
        context["featured"] = [card(p) for category in _categories(local)
                               for p in [q for q in public if q.offer.product.category == category]
                               [:FEATURED_PER_CATEGORY]]
        context["private"] = [card(p) for p in products if p.private]
        context["organization"] = organization_jsonld(store.name, absolute(base_url, page.path), store.social)
        return render("home.html", **context)
    if page.kind == "category":
        context["title"] = context["t"]["categories"][page.name]
        context["cards"] = [card(p) for p in products
                            if not p.private and p.offer.product.category == page.name]
        return render("shell.html" if store.markup == "javascript" else "category.html", **context)
    if page.kind in ("policy", "programme"):
        context["policy"] = policy_text(store, page)
        return render("policy.html", **context)
    context["card"] = card(page)
    context["category_path"] = next(p.path for p in local if p.kind == "category"
                                    and p.name == page.offer.product.category)
    context["delivery_line"] = product_delivery(store, page.locale, today)[0]
    if store.markup == "json-ld":
        context["jsonld"] = page_jsonld(store, page, context, base_url)
    return render({"json-ld": "product_jsonld.html", "microdata": "product_microdata.html",
                   "javascript": "shell.html"}[store.markup], **context)


def policy_text(store: Store, page: Page) -> dict:
    """Title and paragraphs of a policy or programme page, with the market's promises filled
    in; a paragraph with nothing to say (no `ship_to` sentence) is left out."""
    section = "policies" if page.kind == "policy" else "programmes"
    policy, fields = labels(page.locale.lang)[section][page.name], policy_fields(store, page.locale)
    body = [line.format(**fields) for line in policy["body"]]
    return {"title": policy["title"], "body": [line for line in body if line]}


def page_jsonld(store: Store, page: Page, context: dict, base_url: str) -> dict:
    """The JSON-LD of a product page, in the shape of the store's platform."""
    spec, locale, offer = promise(store, page.locale), page.locale, page.offer
    shipping = None
    if spec["product_delivery"] == "jsonld":
        free = spec["free_over"] and Decimal(offer.prices[locale.currency]) >= Decimal(spec["free_over"])
        fee = "0.00" if free else spec["fee"]
        shipping = shipping_details(fee, locale.currency, locale.market, spec["handling"],
                                    (spec["min"], spec["max"]))
    data = product_jsonld(offer, locale, context["canonical"], store.name,
                          offers_as_list=store.platform == "shopify", shipping=shipping)
    if store.platform != "woocommerce":
        return data
    category = context["t"]["categories"][offer.product.category]
    return woocommerce_jsonld(data, [(context["t"]["home"], absolute(base_url, locale.prefix)),
                                     (category, absolute(base_url, context["category_path"]))])


def card(page: Page) -> dict:
    """What pages show about one product offer, formatted for the page's language."""
    offer: Offer = page.offer
    locale: Locale = page.locale
    text = labels(locale.lang)
    price = offer.prices[locale.currency]
    return {
        "path": page.path, "key": offer.product.key, "title": offer.product.title(locale.lang),
        "brand": offer.product.brand, "sku": offer.sku, "mpn": offer.product.mpn,
        "gtin": offer.product.gtin, "price": price, "currency": locale.currency,
        "price_text": format_money(price, locale.currency, locale.lang),
        "availability": offer.availability, "availability_text": text["availability"][offer.availability],
        "rating": offer.rating, "reviews": offer.reviews,
        "rating_text": None if offer.rating is None else format_rating(offer.rating, locale.lang),
        "reviews_text": None if offer.reviews is None else format_reviews(offer.reviews, locale.lang),
        "regular_text": format_money(offer.regular[locale.currency], locale.currency, locale.lang)
        if offer.regular else None,
        "gtin_shown": offer.gtin, "mpn_shown": offer.mpn,
    }


def render_not_found(store: Store | None, lang: str = "en") -> Resource:
    """The 404 page of a store (or of the partner site when `store` is None)."""
    name = store.name if store else "Partner"
    return html(render("not_found.html", name=name, lang=lang, t=labels(lang)), status=404)


def _version(page: Page, locale: Locale, pages: list[Page]) -> str:
    """The path of `page` in another locale, or that locale's home page."""
    for other in pages:
        if other.locale == locale and (other.kind, other.name) == (page.kind, page.name):
            return other.path
    return locale.prefix


def _categories(local: list[Page]) -> list[str]:
    return [p.name for p in local if p.kind == "category"]
