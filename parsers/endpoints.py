"""Which public catalogue endpoints a store's page says it has.

Shopify stores answer ``/products.json`` and WooCommerce stores the Store API
(``/wp-json/wc/store/v1/products``); both are cheaper and more complete than the HTML pages.
A page gives the platform away: Shopify's ``window.Shopify`` object or its CDN, WordPress's
``<link rel="https://api.w.org/">`` or WooCommerce's generator tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html


@dataclass(frozen=True)
class Endpoint:
    platform: str
    """"shopify" or "woocommerce"."""
    path: str
    """Path of the first page of the catalogue, e.g. "/products.json?limit=250&page=1"."""
    evidence: str
    """What on the page gave the platform away."""


SHOPIFY = "/products.json?limit=250&page=1"
WOOCOMMERCE = "/wp-json/wc/store/v1/products?per_page=100&page=1"


def catalogue_endpoints(tree: lxml_html.HtmlElement) -> list[Endpoint]:
    found = []
    scripts = " ".join(tree.xpath("//script[not(@src)]/text()"))
    sources = " ".join(tree.xpath("//script/@src | //link/@href"))
    if "Shopify.shop" in scripts or "window.Shopify" in scripts or "cdn.shopify.com" in sources:
        found.append(Endpoint("shopify", SHOPIFY, "Shopify object or CDN on the page"))
    generators = " ".join(tree.xpath("//meta[@name='generator']/@content")).lower()
    if tree.xpath("//link[@rel='https://api.w.org/']") or "woocommerce" in generators:
        found.append(Endpoint("woocommerce", WOOCOMMERCE,
                              "WordPress REST link or WooCommerce generator tag"))
    return found
