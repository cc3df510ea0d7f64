"""What every page of a demo store carries around its content: footer badges, links, planted tech.

- payment methods of the page's market, as badge images (served by the store at
  `/static/pay/<slug>.svg`) with the method's name as alt text, and as a plain list;
- social profiles, marketplace storefronts (amazon, rakuten, ebay, tiktok shop...) and the
  store's apps (apps.apple.com, play.google.com), as ordinary links;
- links to the store's loyalty, referral, affiliate and subscription programmes, in the page's
  language;
- the snippets of the technologies planted on the store (`technologies.py`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from moatscan.demo.catalogue import Locale, Store
from moatscan.demo.layout import programme_href, slugify
from moatscan.demo.locales import labels
from moatscan.demo.responses import Resource, text
from moatscan.demo.service import promise
from moatscan.demo.technologies import snippets

APP_STORES = ("apps.apple.com", "play.google.com")
BADGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="30" viewBox="0 0 48 30">'
         '<rect width="48" height="30" rx="4" fill="#fff" stroke="#999"/>'
         '<text x="24" y="19" font-size="8" text-anchor="middle" font-family="sans-serif">{name}</text>'
         '</svg>\n')


def outbound_links(store: Store) -> dict[str, list[tuple[str, str]]]:
    """The store's `links` as (url, host) pairs: {"marketplaces": [...], "apps": [...]}."""
    links = [(url, urlsplit(url).hostname.removeprefix("www.")) for url in store.links]
    return {"marketplaces": [link for link in links if link[1] not in APP_STORES],
            "apps": [link for link in links if link[1] in APP_STORES]}


def chrome_context(store: Store, locale: Locale) -> dict:
    """Template values for the shared header and footer of a page in `locale`."""
    return {
        "payments": [(name, f"/static/pay/{slugify(name)}.svg") for name in promise(store, locale)["payments"]],
        **outbound_links(store),
        "programmes": [(labels(locale.lang)["programmes"][kind]["title"], programme_href(locale, target))
                       for kind, target in store.programmes.items()],
        "tech_head": snippets(store.technologies, "head"),
        "tech_body": snippets(store.technologies, "body"),
    }


def badge_routes(store: Store) -> dict[str, Resource]:
    """`/static/pay/<slug>.svg` for every payment method the store shows in any market."""
    names = {name for spec in store.service.values() for name in spec.get("payments") or ()}
    return {f"/static/pay/{slugify(name)}.svg":
            text(BADGE.format(name=name.replace("&", "&amp;")), "image/svg+xml; charset=utf-8")
            for name in sorted(names)}
