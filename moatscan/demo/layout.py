"""Where every page of a demo store lives: the page plan shared by pages, sitemaps and truth.

A store's page plan lists, per locale, its home page, category pages, policy pages, the pages of
the programmes its footer links to and product pages with their paths and hreflang alternates.
Rendering (`pages.py`), the sitemaps (`sitemaps.py`) and the planted truth (`planted.py`) all read
the same plan, so a page listed in a sitemap is always served and every planted product is a page
that exists.

Store paths are format strings from `catalogue.yaml` with these fields: `key` (product key),
`num` (catalogue number), `slug` (the title in the locale's language, slugified), `mpn`,
`category_key` / `category` (category key / its localised slug) and `policy_key` / `policy`.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from moatscan.demo.catalogue import CatalogueError, Locale, Offer, Store
from moatscan.demo.locales import labels

PRIVATE_PREFIX = "/private"
"""Private product pages live under here; every store's robots.txt disallows /private/."""
POLICIES = ("shipping", "returns", "faq")
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Page:
    """One HTML page of a store."""

    kind: str
    """"home", "category", "policy", "programme" or "product"."""
    locale: Locale
    path: str
    name: str = ""
    """Category key, policy key, programme kind or product key; empty for the home page."""
    offer: Offer | None = None
    alternates: tuple[tuple[str, str], ...] = ()
    """(hreflang, path) of every language version, x-default last; empty for one-locale stores."""

    @property
    def private(self) -> bool:
        """True for a product page under the robots-disallowed /private/ path."""
        return self.path.startswith(PRIVATE_PREFIX + "/")


def slugify(text: str) -> str:
    """A URL slug: "Ladegerät, 3 Anschlüsse" -> "ladegeraet-3-anschluesse"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(TRANSLITERATION))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def plan_store(store: Store, offers: list[Offer], categories: tuple[str, ...]) -> list[Page]:
    """Every HTML page of `store` for these offers, main locale first."""
    pages: list[Page] = []
    for locale in store.locales:
        text = labels(locale.lang)
        pages.append(Page("home", locale, locale.prefix))
        for key in categories:
            fields = {"category_key": key, "category": slugify(text["categories"][key])}
            pages.append(Page("category", locale, _path(store, locale, "category", fields), key))
        for key in POLICIES:
            fields = {"policy_key": key, "policy": slugify(text["policies"][key]["title"])}
            pages.append(Page("policy", locale, _path(store, locale, "policy", fields), key))
        for kind, target in store.programmes.items():
            if not is_off_site(target):
                pages.append(Page("programme", locale, programme_href(locale, target), kind))
        for offer in offers:
            if offer.private and locale is not store.locales[0]:
                continue
            product = offer.product
            fields = {"key": product.key, "num": product.num, "mpn": product.mpn,
                      "slug": slugify(product.title(locale.lang))}
            path = _path(store, locale, "product", fields)
            pages.append(Page("product", locale, PRIVATE_PREFIX + path if offer.private else path,
                              product.key, offer))
    _check_unique(store, pages)
    return _with_alternates(store, pages)


def is_off_site(target: str) -> bool:
    """Whether a programme link (`Store.programmes`) goes to another site."""
    return not target.startswith("/")


def programme_href(locale: Locale, target: str) -> str:
    """Where a footer of `locale` links for a programme: its path under the locale's prefix
    ("/de/pages/rewards"), or the off-site URL as it is."""
    return target if is_off_site(target) else locale.prefix.rstrip("/") + target


def _path(store: Store, locale: Locale, kind: str, fields: dict) -> str:
    template, where = store.paths[kind], f"stores.{store.id}.paths.{kind}"
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in fields:
            raise CatalogueError(f"{where}: unknown field {{{name}}}; use one of {sorted(fields)}")
        if name is not None and str(fields[name]) == "":
            raise CatalogueError(f"{where}: {{{name}}} is empty in {locale.lang} for {fields}")
    return locale.prefix.rstrip("/") + template.format(**fields)


def _check_unique(store: Store, pages: list[Page]) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.path in seen:
            raise CatalogueError(f"stores.{store.id}: {page.kind} {page.name!r} and "
                                 f"{seen[page.path].name!r} both have the path {page.path}")
        seen[page.path] = page


def _with_alternates(store: Store, pages: list[Page]) -> list[Page]:
    if len(store.locales) < 2:
        return pages
    versions: dict[tuple[str, str], list[Page]] = {}
    for page in pages:
        versions.setdefault((page.kind, page.name), []).append(page)
    result = []
    for page in pages:
        group = versions[(page.kind, page.name)]
        if len(group) < 2:
            result.append(page)
            continue
        alternates = [(p.locale.hreflang, p.path) for p in group]
        alternates.append(("x-default", group[0].path))
        result.append(Page(page.kind, page.locale, page.path, page.name, page.offer, tuple(alternates)))
    return result
