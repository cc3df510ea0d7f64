"""Read `catalogue.yaml` into a `Catalogue`, with errors that name the key and the problem."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import yaml

from moatscan.demo.catalogue import (
    CURRENCY_DIGITS, PROGRAMMES, Catalogue, CatalogueError, Locale, Product, Store,
    gtin_check_digit,
)
from moatscan.demo.layout import plan_store
from moatscan.demo.ranges import assortment_specs, expand_ranges
from moatscan.demo.service import check_service
from moatscan.demo.weeks import WeekError

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")
LANGUAGES = ("en", "de", "fr", "es", "ja")
PLATFORMS = ("custom", "shopify", "woocommerce", "magento", "spa")
MARKUPS = ("json-ld", "microdata", "javascript")


@functools.lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """Read and check the catalogue, every week's offers and paths included; cached: do not mutate."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        catalogue = parse_catalogue(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        for store in catalogue.stores.values():  # every week's offers and paths must work
            for week in (1, *catalogue.changes):
                plan_store(store, catalogue.offers(store.id, week), catalogue.categories)
                check_service(catalogue.store(store.id, week))
    except (CatalogueError, WeekError, yaml.YAMLError) as err:
        raise CatalogueError(f"{path.name}: {err}") from err
    return catalogue


def parse_catalogue(data: object) -> Catalogue:
    """Build a `Catalogue` from the parsed YAML document, checking products and stores."""
    top = _mapping(data, "top level")
    week1 = _get(top, "week1_date", "top level")
    if not isinstance(week1, dt.date):
        raise CatalogueError(f"week1_date: {week1!r} is not a date (YYYY-MM-DD)")
    categories = tuple(_get(top, "categories", "top level"))
    ranges = _mapping(top.get("ranges") or {}, "ranges")
    specs = {**_mapping(_get(top, "products", "top level"), "products"), **expand_ranges(ranges, LANGUAGES)}
    products = {key: _product(key, _mapping(spec, f"products.{key}"), categories)
                for key, spec in specs.items()}
    for attr in ("num", "gtin", "mpn"):
        values = [getattr(p, attr) for p in products.values()]
        duplicates = sorted({str(v) for v in values if values.count(v) > 1})
        if duplicates:
            raise CatalogueError(f"products: {attr} {duplicates[0]} is used twice")
    list_prices = {key: p.list_price for key, p in products.items()}
    stores = {sid: _store(sid, _mapping(spec, f"stores.{sid}"), ranges, list_prices)
              for sid, spec in _mapping(_get(top, "stores", "top level"), "stores").items()}
    changes = _mapping(top.get("weeks") or {}, "weeks")
    for week in changes:
        if isinstance(week, bool) or not isinstance(week, int) or week < 2:
            raise CatalogueError(f"weeks.{week}: week keys are integers from 2 (week 1 is offers:)")
    rates = {str(day): {c: str(r) for c, r in _mapping(table, f"exchange_rates.{day}").items()}
             for day, table in _mapping(top.get("exchange_rates") or {}, "exchange_rates").items()}
    return Catalogue(week1, categories, products, stores, dict(changes), rates)


def _product(key: str, spec: dict, categories: tuple[str, ...]) -> Product:
    where = f"products.{key}"
    gtin = str(_get(spec, "gtin13", where))
    if len(gtin) != 13 or not gtin.isdigit():
        raise CatalogueError(f"{where}.gtin13: {gtin!r} is not 13 digits")
    if gtin_check_digit(gtin[:12]) != int(gtin[12]):
        raise CatalogueError(f"{where}.gtin13: check digit should be {gtin_check_digit(gtin[:12])}")
    category = _get(spec, "category", where)
    if category not in categories:
        raise CatalogueError(f"{where}.category: {category!r} is not in categories {categories}")
    titles = {lang: str(spec[lang]) for lang in LANGUAGES if lang in spec}
    if not titles:
        raise CatalogueError(f"{where}: no title; give one of {LANGUAGES}")
    return Product(key, int(_get(spec, "num", where)), str(_get(spec, "brand", where)),
                   str(_get(spec, "mpn", where)), gtin, category,
                   str(_get(spec, "list_price", where)), titles)


def _store(store_id: str, spec: dict, ranges: dict, list_prices: dict[str, str]) -> Store:
    where = f"stores.{store_id}"
    locales = tuple(_locale(_mapping(loc, f"{where}.locales"), f"{where}.locales")
                    for loc in _get(spec, "locales", where))
    if not locales or locales[0].prefix != "/":
        raise CatalogueError(f"{where}.locales: the first locale must have prefix /")
    paths = _mapping(_get(spec, "paths", where), f"{where}.paths")
    for kind in ("product", "category", "policy"):
        _get(paths, kind, f"{where}.paths")
    for name, allowed in (("platform", PLATFORMS), ("markup", MARKUPS), ("sitemap", ("index", "single"))):
        if _get(spec, name, where) not in allowed:
            raise CatalogueError(f"{where}.{name}: {spec[name]!r} is not one of {allowed}")
    currencies = list(dict.fromkeys(locale.currency for locale in locales))
    offers = assortment_specs(store_id, spec.get("assortment") or [], ranges, currencies, list_prices)
    offers.update(_mapping(spec.get("offers") or {}, f"{where}.offers"))
    return Store(
        store_id, str(_get(spec, "name", where)), dict(_get(spec, "tagline", where)),
        spec["platform"], spec["markup"], locales, dict(paths), str(_get(spec, "sku", where)),
        tuple(_get(spec, "disallow", where)), spec["sitemap"], tuple(spec.get("scripts") or ()),
        tuple(spec.get("social") or ()), offers,
        {str(k): dict(v) for k, v in _mapping(spec.get("service") or {}, f"{where}.service").items()},
        tuple(spec.get("technologies") or ()), tuple(spec.get("links") or ()),
        int(spec.get("latency_ms", 0)), int(spec.get("throttle_every", 0)), int(spec.get("speed_rank", 0)),
        _theme(spec.get("theme"), f"{where}.theme"),
        _programmes(spec.get("programmes") or {}, f"{where}.programmes"),
    )


def _theme(value: object, where: str) -> dict[str, str]:
    theme = _mapping(value, where)
    for key in ("accent", "background"):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", str(_get(theme, key, where))):
            raise CatalogueError(f"{where}.{key}: {theme[key]!r} is not a colour such as #0b6e4f")
    return {key: theme[key] for key in ("accent", "background")}


def _programmes(value: object, where: str) -> dict[str, str]:
    programmes = _mapping(value, where)
    for kind, target in programmes.items():
        if kind not in PROGRAMMES:
            raise CatalogueError(f"{where}: unknown programme {kind!r}; use {PROGRAMMES}")
        if not str(target).startswith(("/", "https://")):
            raise CatalogueError(f"{where}.{kind}: {target!r} is neither a path nor an https URL")
    return {kind: str(target) for kind, target in programmes.items()}


def _locale(spec: dict, where: str) -> Locale:
    currency = _get(spec, "currency", where)
    if currency not in CURRENCY_DIGITS:
        raise CatalogueError(f"{where}.currency: {currency!r} is not one of {tuple(CURRENCY_DIGITS)}")
    prefix = str(_get(spec, "prefix", where))
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise CatalogueError(f"{where}.prefix: {prefix!r} must start and end with /")
    return Locale(str(_get(spec, "lang", where)), str(_get(spec, "hreflang", where)), currency, prefix,
                  str(_get(spec, "market", where)))


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _get(mapping: dict, key: str, where: str):
    if mapping.get(key) is None:
        raise CatalogueError(f"{where}: missing {key!r}")
    return mapping[key]
