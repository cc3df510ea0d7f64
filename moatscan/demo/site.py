"""Assemble everything one demo server answers: pages, feeds, sitemaps, files and test routes.

A `Site` is built once per market start, when the real ports (and so the absolute URLs in
robots.txt, sitemaps, canonical links and the partner redirect) are known.

Routes every store has besides its pages:
- `/robots.txt`, the sitemaps (`sitemaps.py`), `/static/<file>` (`static/<store>-<file>`),
  payment badges `/static/pay/<method>.svg`;
- `/go/partner`: a 302 to the partner site, off-site, which a crawler must not follow;
- `/slow`: answers after 20 s, to test the crawler's timeout (other requests go on meanwhile).
Home pages also link to `pages.BROKEN_HREF`, which is no URL: a crawler skips it and says so.
Platform endpoints: Shopify's `/products.json`, WooCommerce's Store API (`woo.py`), the JS
store's `/api/` (`feeds.py`).

Per-store server behaviour (catalogue.yaml): `latency_ms` delays every response (the planted
speed ranking), `throttle_every` answers 429 now and then (`throttle.py`), and the platform's
technologies add their headers (x-powered-by, x-shopid...) to every page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from moatscan.demo.catalogue import Catalogue
from moatscan.demo.chrome import badge_routes
from moatscan.demo.feeds import denkiya_api, shopify_products
from moatscan.demo.layout import plan_store
from moatscan.demo.locales import labels
from moatscan.demo.pages import PARTNER_PATH, SLOW_PATH, render, render_not_found, render_pages
from moatscan.demo.responses import Resource, html, redirect, static_file, text
from moatscan.demo.service import product_delivery
from moatscan.demo.sitemaps import absolute, robots_txt, sitemap_routes
from moatscan.demo.technologies import headers as technology_headers
from moatscan.demo.throttle import Throttle
from moatscan.demo.woo import woocommerce_routes

STATIC = Path(__file__).with_name("static")
SLOW_SECONDS = 20.0
PARTNER_ID = "partner"
PARTNER_LANDING = "/landing"

Route = Resource | Callable[[dict[str, list[str]]], Resource]
"""A prepared response, or a function of the query parameters returning one."""


@dataclass(frozen=True)
class Site:
    """Everything one demo server answers, by path."""

    id: str
    routes: dict[str, Route]
    not_found: Resource
    last_modified: str | None = None
    """HTTP date sent as Last-Modified: the week's (fixed) publication date."""
    latency: float = 0.0
    """Seconds every response is held back (the store's planted speed)."""
    throttle: Throttle | None = None
    page_headers: tuple[tuple[str, str], ...] = ()
    """Headers of every HTML page (the platform's x-powered-by and the like)."""

    def respond(self, target: str) -> Resource:
        """The response to a request target such as "/products.json?page=2"."""
        parts = urlsplit(target)
        path = unquote(parts.path) or "/"
        route = self.routes.get(path)
        if route is None:
            if not path.endswith("/") and path + "/" in self.routes:
                return redirect(path + "/", status=301)
            return self.not_found
        return route(parse_qs(parts.query)) if callable(route) else route


def build_sites(catalogue: Catalogue, week: int, base_urls: dict[str, str]) -> dict[str, Site]:
    """Every store's site and the partner site, for servers listening at `base_urls`."""
    sites = {sid: build_store_site(catalogue, sid, week, base_urls) for sid in catalogue.stores}
    sites[PARTNER_ID] = build_partner_site()
    return sites


def build_store_site(catalogue: Catalogue, store_id: str, week: int, base_urls: dict[str, str]) -> Site:
    """One store's site in `week`; `base_urls` must hold the store's and the partner's URL."""
    store, base = catalogue.store(store_id, week), base_urls[store_id]
    pages = plan_store(store, catalogue.offers(store_id, week), catalogue.categories)
    published = catalogue.published(week)
    routes: dict[str, Route] = dict(render_pages(store, pages, base, published))
    routes["/robots.txt"] = text(robots_txt(store, base))
    routes.update(sitemap_routes(store, pages, base, published))
    routes.update(static_routes(store_id))
    routes["/static/style.css"] = text(render("theme.css", store=store_id, **store.theme), "text/css")
    routes.update(badge_routes(store))
    routes[PARTNER_PATH] = redirect(absolute(base_urls[PARTNER_ID], PARTNER_LANDING))
    slow = html(f"<!doctype html><html lang=\"{store.locales[0].lang}\"><title>{store.name}</title>"
                f"<p>Order tracking is temporarily unavailable.</p></html>\n")
    routes[SLOW_PATH] = dataclasses.replace(slow, delay=SLOW_SECONDS)
    if store.platform == "shopify":
        routes["/products.json"] = shopify_products(pages)
    if store.platform == "woocommerce":
        routes.update(woocommerce_routes(pages, base, labels(store.locales[0].lang)["categories"]))
    if store.markup == "javascript":
        routes.update(denkiya_api(pages, product_delivery(store, store.locales[0], published)[0]))
    return Site(store_id, routes, render_not_found(store, store.locales[0].lang), http_date(published),
                store.latency_ms / 1000, Throttle(store.throttle_every) if store.throttle_every else None,
                technology_headers(store.technologies))


def build_partner_site() -> Site:
    """The partner site behind every store's /go/partner redirect: not a store, never crawled."""
    page = html(render("partner.html"))
    return Site(PARTNER_ID, {"/": page, PARTNER_LANDING: page}, render_not_found(None))


def static_routes(store_id: str) -> dict[str, Resource]:
    """`/static/<name>` for each `static/<store_id>-<name>` shipped with the package."""
    prefix = f"{store_id}-"
    return {f"/static/{path.name.removeprefix(prefix)}": static_file(path)
            for path in sorted(STATIC.glob(prefix + "*")) if path.is_file()}


def http_date(day: dt.date) -> str:
    """An HTTP date for midnight UTC of `day`: "Mon, 23 Nov 2026 00:00:00 GMT"."""
    return format_datetime(dt.datetime.combine(day, dt.time(), dt.timezone.utc), usegmt=True)
