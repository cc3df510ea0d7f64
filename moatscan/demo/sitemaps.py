"""robots.txt and XML sitemaps of a demo store.

robots.txt disallows `/private/` (and a few cart and account paths) and names the sitemap with
the absolute URL of the port actually served, after a sitemap line that is no URL. The
sitemaps list every page of the page plan, the robots-disallowed product page included: a
crawler must check robots.txt itself. Stores with `sitemap: index` publish `/sitemap.xml` as
an index of `/sitemap-pages.xml` and `/sitemap-products.xml`; stores with `sitemap: single`
publish one `/sitemap.xml`. Multi-locale stores add `xhtml:link` hreflang alternates, as
search engines recommend.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import quoteattr, escape

from moatscan.demo.catalogue import Store
from moatscan.demo.layout import Page
from moatscan.demo.responses import XML, Resource, text

BROKEN_SITEMAP = "https://[::1/{store}/sitemap-old.xml"
"""A sitemap line before the real one that is no URL: a crawler skips it, says so, and reads
the next."""
URLSET_OPEN = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:xhtml="http://www.w3.org/1999/xhtml">')


def robots_txt(store: Store, base_url: str) -> str:
    """The robots.txt of a store served at `base_url` ("http://127.0.0.1:8471/")."""
    lines = [f"# robots.txt for {store.name}", "User-agent: *"]
    lines += [f"Disallow: {path}" for path in store.disallow]
    lines += ["", f"Sitemap: {BROKEN_SITEMAP.format(store=store.id)}",
              f"Sitemap: {absolute(base_url, '/sitemap.xml')}", ""]
    return "\n".join(lines)


def sitemap_routes(store: Store, pages: list[Page], base_url: str,
                   published: dt.date) -> dict[str, Resource]:
    """The sitemap documents of a store, by path."""
    lastmod = published.isoformat()
    if store.sitemap == "single":
        return {"/sitemap.xml": _xml(_urlset(pages, base_url, lastmod))}
    children = {
        "/sitemap-pages.xml": [p for p in pages if p.kind != "product"],
        "/sitemap-products.xml": [p for p in pages if p.kind == "product"],
    }
    index = ['<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    index += [f"<sitemap><loc>{escape(absolute(base_url, path))}</loc>"
              f"<lastmod>{lastmod}</lastmod></sitemap>" for path in children]
    index.append("</sitemapindex>")
    routes = {"/sitemap.xml": _xml(index)}
    routes.update({path: _xml(_urlset(group, base_url, lastmod)) for path, group in children.items()})
    return routes


def _urlset(pages: list[Page], base_url: str, lastmod: str) -> list[str]:
    lines = [URLSET_OPEN]
    for page in pages:
        lines.append(f"<url><loc>{escape(absolute(base_url, page.path))}</loc>")
        lines += [f"  <xhtml:link rel=\"alternate\" hreflang={quoteattr(lang)} "
                  f"href={quoteattr(absolute(base_url, path))}/>" for lang, path in page.alternates]
        lines.append(f"  <lastmod>{lastmod}</lastmod></url>")
    lines.append("</urlset>")
    return lines


def _xml(lines: list[str]) -> Resource:
    return text('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n", XML)


def absolute(base_url: str, path: str) -> str:
    """`path` on the store at `base_url`: ("http://127.0.0.1:8471/", "/de/") -> ".../de/"."""
    return base_url.rstrip("/") + path
