"""A schema.org Product or ProductGroup object (JSON-LD or microdata) to a ``Product`` record.

A ProductGroup's offers are its variants' offers (hasVariant), each labelled with the
variant's varying properties ("Red / 42") and carrying the variant's sku and GTIN.
"""

from __future__ import annotations

import re
from typing import Any

from parsers.identifiers import clean_code, find_gtin
from parsers.offers import build_offers
from parsers.records import Evidence, Product
from parsers.reviews import parse_review_count, scale_rating
from parsers.schema_values import deref, evidence, first, source_of, text
from parsers.structured import type_names
from parsers.urls import page_key


def _variant_label(variant: dict[str, Any], group: dict[str, Any]) -> str | None:
    varies = group.get("variesBy") or []
    varies = varies if isinstance(varies, list) else [varies]
    names = [re.split(r"[/:#]", v.rstrip("/"))[-1] for v in varies if isinstance(v, str)]
    values = [text(variant.get(n) or variant.get(n[:1].lower() + n[1:])) for n in names]
    if any(values):
        return " / ".join(v for v in values if v)
    name, group_name = text(variant.get("name")), text(group.get("name"))
    if not name or not group_name:
        return name
    return _words_added(name, group_name)


#: A word of a product name; the separators between words (" - ", ", ", "/", ":") are not.
_NAME_WORD = re.compile(r"[^\s,/|:;()\[\]（）【】–—-]+")
_SEPARATOR = re.compile(r"[,/|:;(\[（【–—-]")
_AROUND_LABEL = " -–—,/|:;()[]（）【】「」"


def _words_added(name: str, group_name: str) -> str | None:
    """What a variant's name adds to its group's: what follows the group's name ("Kettle,
    Red" in "Kettle" is "Red"; "ケトル（レッド）" in "ケトル" is "レッド"), or the words put
    between the group's first words and, after a separator, its last ones ("Armoire -
    Walnut - Timber Home" in "Armoire - Timber Home" is "Walnut"). The group's own name gives
    None; any other name is its own label ("iPhone 15 256 GB" in "iPhone 15 128 GB").

    >>> _words_added("Hoodie S-XL - S", "Hoodie S-XL"), _words_added("Tee", "Tee")
    ('S', None)
    """
    rest = name[len(group_name):]
    # a Latin word goes on ("Kettles" after "Kettle"); a name in kana or han has no spaces
    goes_on = group_name[-1:].isascii() and group_name[-1:].isalnum() and rest[:1].isalnum()
    if name.casefold().startswith(group_name.casefold()) and not goes_on:
        return rest.strip(_AROUND_LABEL) or None
    words = list(_NAME_WORD.finditer(name))
    folded = [word.group().casefold() for word in words]
    group = [word.group().casefold() for word in _NAME_WORD.finditer(group_name)]
    if folded == group:
        return None
    start = 0
    while start < min(len(words), len(group)) and folded[start] == group[start]:
        start += 1
    ending = len(group) - start  # the group's words after those shared at the start
    inserted = len(words) - len(group)
    if (start and ending and inserted > 0 and folded[start + inserted:] == group[start:]
            and _SEPARATOR.search(name, words[start + inserted - 1].end(),
                                  words[start + inserted].start())):
        return name[words[start].start():words[start + inserted - 1].end()]
    return name


def _rating(item: dict[str, Any], url: str, ids: dict[str, dict[str, Any]],
            lang: str | None) -> tuple[float | None, int | None, dict[str, Evidence]]:
    aggregate = first(deref(item.get("aggregateRating"), ids))
    if not isinstance(aggregate, dict):
        return None, None, {}
    ev = {}
    rating = scale_rating(text(aggregate.get("ratingValue")), text(aggregate.get("bestRating")))
    if rating is not None:
        ev["rating"] = evidence(aggregate, url, "ratingValue", "bestRating")
    count = None
    for key in ("reviewCount", "ratingCount"):
        count = parse_review_count(text(aggregate.get(key)), lang)
        if count is not None:
            ev["review_count"] = evidence(aggregate, url, key)
            break
    return rating, count, ev


def build_product(item: dict[str, Any], url: str, ctx: dict[str, Any],
                  ids: dict[str, dict[str, Any]], problems: list[str]) -> Product:
    """The Product record of one schema.org product object."""
    ev: dict[str, Evidence] = {}
    fields: dict[str, Any] = {}
    readers = {"title": ("name", text), "brand": ("brand", text), "mpn": ("mpn", clean_code),
               "sku": ("sku", clean_code)}
    for field, (key, read) in readers.items():
        fields[field] = read(deref(item.get(key), ids))
        if fields[field] is not None:
            ev[field] = evidence(item, url, key)
    gtin, key, problem = find_gtin(item)
    if gtin:
        ev["gtin"] = evidence(item, url, key)
    elif problem:
        problems.append(f"product: {problem}")
    rating, review_count, rating_ev = _rating(item, url, ids, ctx.get("language"))
    ev.update(rating_ev)
    offers = build_offers(item.get("offers"), url, ctx, ids, problems)
    # a ProductGroup's offers are its variants'; a Product's, its own unless it has none or
    # only sums them up (an AggregateOffer)
    own = deref(item.get("offers"), ids)
    summed = all("AggregateOffer" in type_names(offer)
                 for offer in (own if isinstance(own, list) else [own]) if offer)
    if "ProductGroup" in type_names(item) or (item.get("hasVariant") and summed):
        aggregates, variants = offers, deref(item.get("hasVariant") or [], ids)
        offers = list(aggregates)
        for variant in variants if isinstance(variants, list) else [variants]:
            if isinstance(variant, dict):
                label = _variant_label(variant, item)
                offers += build_offers(variant.get("offers"), url, ctx, ids, problems,
                                       len(offers) + 1, defaults=variant, variant=label)
        # a price range that states no stock is in stock when a variant it sums up is
        in_stock = next((o for o in offers[len(aggregates):] if o.availability == "InStock"), None)
        for aggregate in aggregates:
            if aggregate.availability is None and in_stock is not None:
                aggregate.availability = "InStock"
                aggregate.evidence["availability"] = in_stock.evidence["availability"]
    return Product(fields["title"], fields["brand"], gtin, fields["mpn"], fields["sku"], rating,
                   review_count, offers, source_of(item), ev)


def _same_product(a: dict[str, Any], b: dict[str, Any], url: str) -> bool:
    for key in ("@id", "url"):
        key_a = page_key(text(a.get(key)), url)
        if key_a is not None and key_a == page_key(text(b.get(key)), url):
            return True
    return text(a.get("name")) is not None and text(a.get("name")) == text(b.get("name"))


def _merged(item: dict[str, Any], candidates: list[dict[str, Any]], url: str) -> dict[str, Any]:
    """The item plus properties it lacks from other JSON-LD objects about the same product
    (a reviews app often adds its own Product block carrying only aggregateRating)."""
    merged = dict(item)
    for other in candidates:
        both_json = source_of(item) == source_of(other) == "json-ld"
        if other is not item and both_json and _same_product(item, other, url):
            for key, value in other.items():
                merged.setdefault(key, value)
    return merged


def pick_product(candidates: list[dict[str, Any]],
                 url: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the page's product, problem): the one whose url or @id is this page, else the first.

    Three or more different products and none for this URL is a listing (category, search)
    page: no product. Blocks about the same product are merged.
    """
    here = page_key(url, url)
    for item in candidates:
        for key in ("url", "@id"):
            if here is not None and page_key(text(item.get(key)), url) == here:
                return _merged(item, candidates, url), None
    distinct = [c for i, c in enumerate(candidates)
                if not any(_same_product(c, d, url) for d in candidates[:i])]
    if len(distinct) >= 3:
        found = f"{len(distinct)} {source_of(candidates[0])} products"
        return None, f"{found} and none for this URL: read as a listing page"
    return (_merged(candidates[0], candidates, url) if candidates else None), None
