"""Availability as a schema.org ItemAvailability short name ("InStock", "OutOfStock", …).

Accepts schema.org URLs and names in any case or spelling ("https://schema.org/InStock",
"in_stock", "in stock"), OpenGraph product values ("instock", "oos") and a table of whole shop
labels. A short stock text that is not a known label ("Nur noch 3 auf Lager", "Availability:
Out of stock", "Ei varastossa", "Изчерпана наличност") is read by the stock phrases it
contains, in about forty languages; a negation is tried before the phrase it contains
("nicht auf Lager" before "auf Lager", "Tidak tersedia" before "tersedia"). Longer texts are
not read: a sentence that mentions stock is not a stock label.
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

#: Stock phrases by the value they mean, in the order they are tried. Whole words, lower case,
#: "#" for any number; CJK phrases match anywhere. A limited-stock phrase beats the "in stock"
#: it often contains.
PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PreOrder", (
        "pre-order", "preorder", "pre order", "précommande", "precommande", "vorbestellbar",
        "vorbestellen", "vorbestellung", "preventa", "pre-venta", "preordine", "pré-venda",
        "przedsprzedaż", "förhandsboka", "ennakkotilaus", "予約受付中", "予約商品", "预售", "預購",
        "예약판매")),
    ("BackOrder", (
        "back order", "backorder", "back-order", "backordered", "available for order",
        "auf bestellung", "sur commande", "bajo pedido", "su ordinazione", "op bestelling",
        "na zamówienie", "取り寄せ", "お取り寄せ", "по заявка", "под заказ", "під замовлення",
        "na upit", "na zahtjev", "la comandă")),
    ("LimitedAvailability", (
        "low stock", "only a few left", "only # left", "almost sold out", "limited stock",
        "nur noch", "wenige auf lager", "plus que", "il ne reste que", "stock limité", "últimas unidades", "ultimas unidades",
        "pocas unidades", "ultimi pezzi", "ultimi disponibili", "nog maar", "bijna uitverkocht",
        "ostatnie sztuki", "ostatnia sztuka", "残りわずか", "品切れ間近", "품절임박",
        "few units left", "few left", "last few", "stoc limitat", "ultimele bucăți",
        "ограничено количество", "последни бройки", "осталось мало", "закінчується",
        "تبقى # فقط", "بقي # فقط", "متبقي # فقط", "الكمية محدودة",
        "last one", "noch # stück", "stock limitado", "quedan #", "restam #", "pozostało #",
        "zostało #", "zbývají #", "zbývá #",
        # "almost sold out": the sold-out phrase inside it is not the state
        "nearly sold out", "almost gone", "selling fast", "fast ausverkauft", "fast vergriffen",
        "nur wenige", "wenige artikel", "presque épuisé", "presque epuise", "bientôt épuisé",
        "casi agotado", "quasi esaurito", "quase esgotado", "prawie wyprzedane",
        "prawie wyprzedany", "téměř vyprodáno", "skoro vyprodáno", "takmer vypredané",
        "majdnem elfogyott", "aproape epuizat", "σχεδόν εξαντλημένο", "nästan slutsåld",
        "nästan slut", "næsten udsolgt", "nesten utsolgt", "lähes loppuunmyyty",
        "neredeyse tükendi", "tükenmek üzere", "hampir habis", "sắp hết hàng",
        "почти изчерпан", "почти изчерпана", "почти изчерпано", "почти изчерпани",
        "почти распродано", "почти закончился", "майже розпродано", "skoro rasprodano",
        "skoraj razprodano")),
    ("OutOfStock", (
        # English
        "out of stock", "out-of-stock", "sold out", "sold-out", "soldout", "unavailable",
        "not available", "not currently available", "currently not available", "not in stock",
        "no longer available", "no longer in stock", "isn't in stock", "isnt in stock", "awaiting stock",
        "back in stock soon", "currently unavailable", "discontinued",
        # German
        "nicht auf lager", "nicht lagernd", "nicht lieferbar", "nicht mehr lieferbar",
        "nicht verfügbar", "nicht vorrätig", "nicht an lager", "ausverkauft", "vergriffen",
        "bald wieder verfügbar", "derzeit nicht", "zurzeit nicht", "zur zeit nicht",
        # French, Spanish, Italian, Portuguese, Dutch
        "indisponible", "rupture de stock", "en rupture", "épuisé", "epuise", "plus disponible",
        "non disponible", "agotado", "agotados", "sin stock", "no disponible", "sin existencias",
        "fuera de stock", "esaurito", "esauriti", "non disponibile", "indisponível",
        "não disponível", "esgotado", "sem estoque", "fora de estoque", "sem stock",
        "niet op voorraad", "niet leverbaar", "niet beschikbaar", "uitverkocht",
        # Polish, Czech, Slovak, Hungarian, Romanian, Greek
        "brak na stanie", "brak w magazynie", "brak towaru", "niedostępny", "niedostępne",
        "niedostępna", "wyprzedany", "wyprzedane", "vyprodáno", "není skladem", "nedostupné",
        "nedostupný", "nie je skladom", "vypredané", "nincs raktáron", "elfogyott",
        "stoc epuizat", "indisponibil", "nu este în stoc", "εξαντλήθηκε", "μη διαθέσιμο",
        # Nordic, Finnish, Turkish, Indonesian, Vietnamese
        "slutsåld", "slutsålt", "ej i lager", "inte i lager", "slut i lager", "udsolgt",
        "utsolgt", "ikke på lager", "ei varastossa", "loppuunmyyty", "stokta yok", "tükendi",
        "mevcut değil", "stok habis", "stok kosong", "tidak tersedia", "habis", "hết hàng",
        # Bulgarian, Serbian, Croatian, Slovenian, Baltic
        "изчерпан", "изчерпана", "изчерпано", "изчерпани", "няма наличност", "не е наличен",
        "не е налична", "нема на стању", "rasprodano", "nema na stanju", "nije dostupno",
        "ni na zalogi", "razprodano", "nėra sandėlyje", "išparduota", "nav noliktavā",
        "izpārdots", "laos otsas", "välja müüdud",
        # Russian, Ukrainian, Arabic, Hebrew, CJK
        # "available soon", "not yet available": the "available" inside is not the state
        "available soon", "coming soon", "not yet available", "soon available", "back soon",
        "demnächst verfügbar", "bald verfügbar", "in kürze verfügbar", "demnächst lieferbar",
        "bald lieferbar", "bientôt disponible", "bientot disponible", "disponible prochainement",
        "prochainement disponible", "pas encore disponible", "bientôt en stock", "próximamente",
        "proximamente", "aún no disponible", "todavía no disponible", "disponibile a breve",
        "presto disponibile", "prossimamente disponibile", "non ancora disponibile",
        "binnenkort beschikbaar", "binnenkort leverbaar", "binnenkort op voorraad",
        "nog niet beschikbaar", "nog niet leverbaar", "disponível em breve", "em breve disponível",
        "brevemente disponível", "ainda não disponível", "wkrótce dostępny", "wkrótce dostępne",
        "wkrótce dostępna", "dostępny wkrótce", "brzy skladem", "brzy v prodeji",
        "snart i lager", "snart tillgänglig", "kommer snart", "snart på lager", "saapuu pian",
        "çok yakında", "yakında stokta", "скоро в продаже", "ожидается поступление", "скоро у продажу",
        "очаквайте скоро", "入荷予定", "入荷待ち", "近日発売", "発売予定", "即将上市",
        "即将到货", "입고예정", "출시예정",
        "нет в наличии", "нет на складе", "закончился", "распродано", "немає в наявності",
        "нема в наявності", "غير متوفر", "نفذت الكمية", "نفدت الكمية",
        "نفد من المخزون", "אזל מהמלאי", "在庫切れ", "在庫なし", "品切れ", "売り切れ",
        "完売", "缺货", "缺貨", "无货", "無貨", "售罄", "已售完", "售完", "품절", "재고없음",
        "재고 없음")),
    ("InStock", (
        "in stock", "instock", "available", "auf lager", "lieferbar", "versandfertig",
        "versandbereit", "ready to ship", "ships today",
        "verfügbar", "vorrätig", "lagernd", "en stock", "disponible", "en existencia",
        "in magazzino", "disponibile", "disponibilità immediata", "op voorraad", "leverbaar",
        "beschikbaar", "em estoque", "em stock", "disponível", "dostępny", "dostępne",
        "dostępna", "w magazynie", "na stanie", "skladem", "na skladě", "na sklade",
        "skladom", "raktáron", "în stoc", "disponibil", "σε απόθεμα",
        "διαθέσιμο", "i lager", "på lager", "varastossa", "stokta", "stokta var", "tersedia",
        "còn hàng", "в наличии", "в наявності", "є в наявності", "в наличност", "наличен",
        "налична", "на стању", "na stanju", "na zalogi", "yra sandėlyje", "ir noliktavā",
        "متوفر", "במלאי",
        "在庫あり", "在庫有り", "有货", "有貨", "现货", "現貨", "재고 있음", "재고있음",
        "구매가능")),
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_PHRASE_RES = tuple(
    (value, re.compile("|".join(
        re.escape(p) if _CJK.search(p) else rf"(?<!\w){re.escape(p)}(?!\w)"
        for p in sorted(phrases, key=len, reverse=True))))
    for value, phrases in PHRASES)
#: Longest text read for phrases: a stock label, not a paragraph that mentions stock.
MAX_PHRASE_TEXT = 80


#: A stock count stated as a quantity: "Stock: 12", "Stok Total : 610", "Lager: 0", "2
#: available". No units left is out of stock; any other count, in stock.
_COUNT = re.compile(
    r"^(?:stock|stok|lager|lagerbestand|bestand|existencias|estoque|stoc|zapas|sklad)"
    r"(?: total| disponible| disponível)? ?: ?(\d+)(?: \w+)?$"
    r"|^(\d+) (?:available|verfügbar|disponibles?|disponíveis|op voorraad|in stock|en stock|"
    r"auf lager)$")


def availability_phrase(text: str) -> str | None:
    """The value a short stock text states by its phrases or its count; None when none or
    too long.

    >>> availability_phrase("Nur noch 3 Stück auf Lager"), availability_phrase("Nicht auf Lager")
    ('LimitedAvailability', 'OutOfStock')
    >>> availability_phrase("Stok Total : 610"), availability_phrase("0 in stock")
    ('InStock', 'OutOfStock')
    """
    text = " ".join(text.lower().replace("\u2019", "'").split())
    if len(text) > MAX_PHRASE_TEXT:
        return None
    count = _COUNT.match(text)
    if count:
        return "OutOfStock" if int(count.group(1) or count.group(2)) == 0 else "InStock"
    text = re.sub(r"\d+", "#", text)
    for value, pattern in _PHRASE_RES:
        if pattern.search(text):
            return value
    return None


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
    return LABELS.get(_SQUASH.sub("", text.lower())) or availability_phrase(text)
