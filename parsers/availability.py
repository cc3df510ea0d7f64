"""Availability as a schema.org ItemAvailability short name ("InStock", "OutOfStock", …).

Accepts schema.org URLs and names in any case or spelling ("https://schema.org/InStock",
"in_stock", "in stock"), OpenGraph product values ("instock", "oos") and a small table of
shop labels in English, German, French, Spanish, Italian, Dutch, Portuguese, Japanese,
Chinese and Korean. A whole label is matched, not a word inside a sentence: "Nur noch 3 auf
Lager" is not recognised (yet).
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
    # Spanish
    "agotado": "SoldOut", "sinstock": "OutOfStock", "nodisponible": "OutOfStock",
    "preventa": "PreOrder", "reserva": "PreOrder", "últimasunidades": "LimitedAvailability",
    "enexistencia": "InStock",
    # Italian
    "disponibile": "InStock", "inmagazzino": "InStock", "esaurito": "SoldOut",
    "nondisponibile": "OutOfStock", "preordine": "PreOrder", "ultimipezzi": "LimitedAvailability",
    # Dutch
    "opvoorraad": "InStock", "nietopvoorraad": "OutOfStock", "uitverkocht": "SoldOut",
    "nietleverbaar": "OutOfStock", "leverbaar": "InStock", "bijnauitverkocht": "LimitedAvailability",
    # Portuguese
    "emestoque": "InStock", "disponível": "InStock", "esgotado": "SoldOut",
    "indisponível": "OutOfStock", "foradeestoque": "OutOfStock", "semestoque": "OutOfStock",
    "pré-venda": "PreOrder", "prévenda": "PreOrder", "últimasunidades!": "LimitedAvailability",
    # Chinese
    "有货": "InStock", "有貨": "InStock", "现货": "InStock", "現貨": "InStock", "缺货": "OutOfStock",
    "缺貨": "OutOfStock", "无货": "OutOfStock", "無貨": "OutOfStock", "售罄": "SoldOut",
    "已售罄": "SoldOut", "预售": "PreOrder", "預購": "PreOrder",
    # Korean
    "재고있음": "InStock", "구매가능": "InStock", "품절": "SoldOut", "일시품절": "OutOfStock",
    "재고없음": "OutOfStock", "예약판매": "PreOrder", "품절임박": "LimitedAvailability",
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
