"""Structured data from one lxml tree: JSON-LD, microdata and OpenGraph.

JSON-LD blocks are parsed one by one, so a broken block is reported and the others still count
(extruct's JsonLdExtractor raises for the whole page). Microdata and OpenGraph go through
extruct's extractors on the same tree. Microdata items come back in JSON-LD shape
({"@type": ..., "name": ...}) with their element under "_node", so one reader serves both.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from lxml import html as lxml_html

PRODUCT_TYPES = {"Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts"}

_COMMENTS = re.compile(  # "<!-- … -->" and CDATA wrappers around the JSON
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/)"
    r"|(?://\s*\]\]>|/\*\s*\]\]>\s*\*/|-->)\s*$",
    re.MULTILINE,
)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _loads(text: str) -> Any:
    return json.loads(text, strict=False, parse_float=Decimal)


def _parse_block(text: str) -> tuple[Any, str | None]:
    """(data, note): strict JSON first, then cheap repairs (comment wrappers, trailing commas)."""
    try:
        return _loads(text), None
    except json.JSONDecodeError as error:
        first = error
    repaired = _TRAILING_COMMA.sub(r"\1", _COMMENTS.sub("", text))
    try:
        return _loads(repaired), "repaired invalid JSON (comment wrapper or trailing comma)"
    except json.JSONDecodeError:
        raise first from None


def _flatten(data: Any) -> list[dict[str, Any]]:
    """Objects of a block, @graph and lists flattened. Products in a product's own @graph
    (target.com's colours) are its variants: they go to its hasVariant."""
    if isinstance(data, list):
        return [item for part in data for item in _flatten(part)]
    if not isinstance(data, dict):
        return []
    if "@graph" in data:
        rest = {k: v for k, v in data.items() if k not in ("@graph", "@context")}
        graph = _flatten(data["@graph"])
        if type_names(rest) & PRODUCT_TYPES and "name" in rest:  # a product, not a wrapper
            variants = [item for item in graph if type_names(item) & PRODUCT_TYPES]
            if variants:
                declared = rest.get("hasVariant") or []
                declared = declared if isinstance(declared, list) else [declared]
                rest["hasVariant"] = declared + variants
            return [rest] + [item for item in graph if not type_names(item) & PRODUCT_TYPES]
        return graph + ([rest] if "@type" in rest else [])
    return [data]


def json_ld_blocks(tree: lxml_html.HtmlElement) -> tuple[list[dict[str, Any]], list[str]]:
    """(items, problems): every JSON-LD object on the page, @graph and lists flattened.

    Numbers are Decimals so a price keeps the digits it was written with ("1299.00").
    """
    items: list[dict[str, Any]] = []
    problems = []
    scripts = tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
    for number, script in enumerate(scripts, start=1):
        text = script.text or ""
        if not text.strip():
            problems.append(f"json-ld block {number}: empty")
            continue
        try:
            data, note = _parse_block(text)
        except json.JSONDecodeError as error:
            message = error.msg.removesuffix(" at")  # "Unterminated string starting at"
            where = f"at line {error.lineno} column {error.colno}"
            problems.append(f"json-ld block {number}: {message} {where}")
            continue
        if note:
            problems.append(f"json-ld block {number}: {note}")
        items.extend(_flatten(data))
    return items, problems


def _from_microdata(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_microdata(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "properties" not in value and "type" not in value:
        return value.get("value")
    item: dict[str, Any] = {"@type": value["type"]} if "type" in value else {}
    if "id" in value:
        item["@id"] = value["id"]
    for name, prop in value.get("properties", {}).items():
        item[name] = _from_microdata(prop)
    item["_node"] = value.get("htmlNode")
    return item


def microdata_items(tree: lxml_html.HtmlElement, url: str,
                    problems: list[str] | None = None) -> list[dict[str, Any]]:
    """Top-level microdata items in JSON-LD shape, each with its element under "_node".

    Microdata extruct cannot read (a property's link that is no URL, a control character
    written as an entity) gives no items, and a problem in ``problems``."""
    extractor = MicrodataExtractor(add_html_node=True)
    try:
        found = extractor.extract_items(tree, base_url=url)
    except ValueError as error:
        if problems is not None:
            problems.append(f"microdata: unreadable ({error}); skipped")
        return []
    items = (_from_microdata(item) for item in found)
    return [item for item in items if isinstance(item, dict)]  # an empty itemscope: no item


#: Prefixes of OpenGraph properties read from meta tags outside the head.
OPENGRAPH_PREFIXES = frozenset({"og", "product", "article", "book", "profile", "music", "video"})


def opengraph(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """OpenGraph and product meta properties ("og:title", "product:price:amount"): first value.

    The head's come first; then those a streaming framework (Next.js) writes in the body,
    outside any microdata item."""
    found: dict[str, str] = {}
    has_head = tree.getroottree().getroot().find("head") is not None  # extruct reads the head
    for block in OpenGraphExtractor().extract_items(tree) if has_head else []:
        for prop, value in block["properties"]:
            if value.strip():
                found.setdefault(prop, value.strip())
    for meta in tree.xpath("//body//meta[@property][@content][not(ancestor::*[@itemscope])]"):
        prop, value = meta.get("property").strip(), meta.get("content").strip()
        if value and prop.partition(":")[0] in OPENGRAPH_PREFIXES:
            found.setdefault(prop, value)
    return found


def twitter_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """Twitter card tags (<meta name="twitter:data1" content="LBP139999.00">): first value."""
    found: dict[str, str] = {}
    for meta in tree.xpath("//meta[starts-with(@name, 'twitter:')][@content]"):
        if meta.get("content").strip():
            found.setdefault(meta.get("name").strip(), meta.get("content").strip())
    return found


#: The types this package reads, by their name in lower case: a store that writes "PRODUCT"
#: or "product" means schema.org's Product.
_KNOWN_TYPES = {name.lower(): name for name in (
    *PRODUCT_TYPES, "Offer", "AggregateOffer", "MerchantReturnPolicy")}


def type_names(item: Any) -> set[str]:
    """Short schema.org type names of an item, those this package reads in their own case.

    >>> sorted(type_names({"@type": ["http://schema.org/Product", "PRODUCT", "Thing"]}))
    ['Product', 'Thing']
    """
    if not isinstance(item, dict):
        return set()
    types = item.get("@type") or []
    types = types if isinstance(types, list) else [types]
    names = (re.split(r"[/:#]", t.rstrip("/"))[-1] for t in types if isinstance(t, str))
    return {_KNOWN_TYPES.get(name.lower(), name) for name in names}


def find_products(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Product and ProductGroup items, top level or a page's mainEntity, in page order.

    Products inside other objects (an ItemList, a related product) are not the page's product.
    Variants listed beside their ProductGroup (isVariantOf) are left to the group.
    """
    found: list[dict[str, Any]] = []

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for part in item:
                visit(part)
        elif type_names(item) & PRODUCT_TYPES:
            found.append(item)
        elif isinstance(item, dict) and "mainEntity" in item:
            visit(item["mainEntity"])

    visit(items)
    if any("ProductGroup" in type_names(p) for p in found):
        found = [p for p in found if "isVariantOf" not in p or "ProductGroup" in type_names(p)]
    return found


def id_index(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Objects by @id, to resolve references such as "offers": {"@id": "#offer"}."""
    return {item["@id"]: item for item in items
            if isinstance(item.get("@id"), str) and len(item) > 1}
