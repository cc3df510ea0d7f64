"""Maison Volt's WooCommerce endpoints: the Store API, as a WooCommerce store publishes it.

`/wp-json/wc/store/v1/products?page=N&per_page=M` lists the public products of the store's main
locale (10 a page by default, at most 100) with WooCommerce's JSON shape: prices as strings in
minor units ("1999" for 19,99 €) with `currency_minor_unit`, `is_in_stock`, `average_rating` as a
string ("4.50", "0" without reviews), `review_count`. `X-WP-Total` and `X-WP-TotalPages` give
the totals; a page past the end is an empty list. `/wp-json/wc/store/v1/products/<id>` is one
product. The shop's theme stylesheet is served under /wp-content/ like a WordPress site's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from moatscan.demo.catalogue import CURRENCY_DIGITS
from moatscan.demo.layout import Page
from moatscan.demo.responses import Resource, json_resource, text
from moatscan.demo.sitemaps import absolute

STORE_API = "/wp-json/wc/store/v1/products"
DEFAULT_PER_PAGE, MAX_PER_PAGE = 10, 100
ID_BASE = 4000
THEME_CSS = "/wp-content/themes/storefront/style.css"


def woocommerce_routes(pages: list[Page], base_url: str, category_names: dict[str, str]) -> dict:
    """The Store API routes and the theme stylesheet of a WooCommerce store."""
    main = pages[0].locale
    categories = {p.name: (category_names[p.name], absolute(base_url, p.path)) for p in pages
                  if p.kind == "category" and p.locale == main}
    products = [store_api_product(page, base_url, categories) for page in pages
                if page.kind == "product" and not page.private and page.locale == main]
    routes: dict[str, Resource | Callable] = {STORE_API: _listing(products)}
    routes.update({f"{STORE_API}/{p['id']}": json_resource(p) for p in products})
    routes[THEME_CSS] = text("/* Theme Name: Storefront */\nbody { font-family: sans-serif; }\n",
                             "text/css; charset=utf-8")
    return routes


def _listing(products: list[dict]) -> Callable[[dict[str, list[str]]], Resource]:
    def respond(query: dict[str, list[str]]) -> Resource:
        page = _int(query, "page", 1, 1, 10_000)
        per_page = _int(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        pages = -(-len(products) // per_page)
        resource = json_resource(products[(page - 1) * per_page: page * per_page])
        return Resource(resource.body, resource.content_type, headers=(
            ("X-WP-Total", str(len(products))), ("X-WP-TotalPages", str(pages))))
    return respond


def store_api_product(page: Page, base_url: str, categories: dict[str, tuple[str, str]]) -> dict:
    """One product as WooCommerce's Store API describes it."""
    offer, product, currency = page.offer, page.offer.product, page.locale.currency
    digits = CURRENCY_DIGITS[currency]
    minor = lambda value: str(int(Decimal(value).scaleb(digits)))  # noqa: E731
    price = offer.prices[currency]
    regular = (offer.regular or {}).get(currency, price)
    category = product.category
    return {
        "id": ID_BASE + product.num,
        "name": product.title(page.locale.lang),
        "slug": page.path.rstrip("/").rsplit("/", 1)[1],
        "parent": 0, "type": "simple", "variation": "",
        "permalink": absolute(base_url, page.path),
        "sku": offer.sku,
        "short_description": "", "description": "",
        "on_sale": offer.regular is not None,
        "prices": {"price": minor(price), "regular_price": minor(regular), "sale_price": minor(price),
                   "price_range": None, "currency_code": currency, "currency_symbol": "€",
                   "currency_minor_unit": digits, "currency_decimal_separator": ",",
                   "currency_thousand_separator": ".", "currency_prefix": "", "currency_suffix": " €"},
        "average_rating": f"{offer.rating:.2f}" if offer.rating is not None else "0",
        "review_count": offer.reviews or 0,
        "images": [],
        "categories": [{"id": 15 + sorted(categories).index(category), "name": categories[category][0],
                        "slug": categories[category][1].rstrip("/").rsplit("/", 1)[1],
                        "link": categories[category][1]}],
        "tags": [], "brands": [{"id": 90, "name": product.brand, "slug": product.brand.lower().replace(" ", "-")}],
        "attributes": [], "variations": [], "has_options": False,
        "is_purchasable": offer.availability != "OutOfStock",
        "is_in_stock": offer.availability != "OutOfStock",
        "is_on_backorder": offer.availability == "PreOrder",
        "low_stock_remaining": None, "sold_individually": False,
        "add_to_cart": {"text": "Ajouter au panier", "description": "", "url": f"?add-to-cart={ID_BASE + product.num}",
                        "minimum": 1, "maximum": 9999, "multiple_of": 1},
        "extensions": {},
    }


def _int(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(query.get(name, [default])[0])
    except ValueError:
        return default
    return min(max(value, low), high)
