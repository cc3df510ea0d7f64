"""Availability as a schema.org ItemAvailability short name ("InStock", "OutOfStock", …).

Accepts schema.org URLs and names in any case or spelling ("https://schema.org/InStock",
"in_stock", "in stock"), OpenGraph product values ("instock", "oos") and a small table of
shop labels in English, German, French and Japanese. A whole label is matched, not a word
inside a sentence: "Nur noch 3 auf Lager" is not recognised (yet).
"""

from __future__ import annotations

import re

#: schema.org ItemAvailability values (https://schema.org/ItemAvailability).
SCHEMA_NAMES = (
    "BackOrder", "Discontinued", "InStock", "InStoreOnly", "LimitedAvailability",
    "MadeToOrder", "OnlineOnly", "OutOfStock", "PreOrder", "PreSale", "Reserved", "SoldOut",
)

#: Shop labels and feed values, squashed (lower case, no spaces, "-" or "_").
LABELS = {
    # English and OpenGraph / product feeds
    "available": "InStock", "instock": "InStock", "oos": "OutOfStock",
    "unavailable": "OutOfStock", "preorder": "PreOrder", "availableforpreorder": "PreOrder",
    "availablefororder": "BackOrder", "pending": "BackOrder", "backorder": "BackOrder",
    "lowstock": "LimitedAvailability", "onlyafewleft": "LimitedAvailability",
    "soldout": "SoldOut", "outofstock": "OutOfStock", "discontinued": "Discontinued",
    # German
    "auflager": "InStock", "lieferbar": "InStock", "sofortlieferbar": "InStock",
    "verfügbar": "InStock", "nichtlieferbar": "OutOfStock", "nichtauflager": "OutOfStock",
    "nichtverfügbar": "OutOfStock", "ausverkauft": "SoldOut", "vergriffen": "SoldOut",
    "vorbestellbar": "PreOrder", "vorbestellen": "PreOrder",
    "wenigeauflager": "LimitedAvailability",
    # French
    "enstock": "InStock", "disponible": "InStock", "indisponible": "OutOfStock",
    "rupturedestock": "OutOfStock", "enrupturedestock": "OutOfStock", "épuisé": "SoldOut",
    "précommande": "PreOrder", "enprécommande": "PreOrder",
    "stocklimité": "LimitedAvailability",
    # Japanese
    "在庫あり": "InStock", "在庫有り": "InStock", "在庫切れ": "OutOfStock",
    "在庫なし": "OutOfStock", "品切れ": "OutOfStock", "売り切れ": "SoldOut",
    "完売": "SoldOut", "予約受付中": "PreOrder", "予約商品": "PreOrder",
    "残りわずか": "LimitedAvailability",
    "取り寄せ": "BackOrder", "お取り寄せ": "BackOrder",
}
LABELS.update({name.lower(): name for name in SCHEMA_NAMES})

_SQUASH = re.compile(r"[\s\-_.!:]+")


def normalise_availability(value: object) -> str | None:
    """schema.org short name for an availability value or label; None when unknown.

    >>> normalise_availability("http://schema.org/InStock"), normalise_availability("Auf Lager")
    ('InStock', 'InStock')
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if "schema.org" in text.lower() or text.lower().startswith("schema:"):
        text = re.split(r"[/:#]", text.rstrip("/"))[-1]
    return LABELS.get(_SQUASH.sub("", text.lower()))
