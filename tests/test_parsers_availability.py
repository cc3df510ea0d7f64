"""Availability values and shop labels → schema.org short names."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from parsers.availability import normalise_availability


class Example(NamedTuple):
    text: object
    expected: str | None


EXAMPLES = [
    Example("http://schema.org/InStock", "InStock"),
    Example("https://schema.org/InStock", "InStock"),
    Example("https://schema.org/OutOfStock/", "OutOfStock"),
    Example("schema:PreOrder", "PreOrder"),
    Example("InStock", "InStock"),
    Example("instock", "InStock"),
    Example("in stock", "InStock"),
    Example("in_stock", "InStock"),
    Example("IN STOCK", "InStock"),
    Example("out of stock", "OutOfStock"),
    Example("oos", "OutOfStock"),
    Example("Sold out", "SoldOut"),
    Example("pre-order", "PreOrder"),
    Example("available for order", "BackOrder"),
    Example("LimitedAvailability", "LimitedAvailability"),
    Example("https://schema.org/Discontinued", "Discontinued"),
    Example("Agotado", "SoldOut"), Example("Sin stock", "OutOfStock"),
    Example("Disponible", "InStock"), Example("Preventa", "PreOrder"),
    Example("Disponibile", "InStock"), Example("Esaurito", "SoldOut"),
    Example("Non disponibile", "OutOfStock"), Example("Op voorraad", "InStock"),
    Example("Niet op voorraad", "OutOfStock"), Example("Uitverkocht", "SoldOut"),
    Example("Em estoque", "InStock"), Example("Esgotado", "SoldOut"),
    Example("Indisponível", "OutOfStock"), Example("有货", "InStock"), Example("缺货", "OutOfStock"),
    Example("已售罄", "SoldOut"), Example("재고 있음", "InStock"), Example("품절", "SoldOut"),
    Example("일시품절", "OutOfStock"),
    Example("Auf Lager", "InStock"),
    Example("Sofort lieferbar", "InStock"),
    Example("Nicht lieferbar", "OutOfStock"),
    Example("Ausverkauft", "SoldOut"),
    Example("En stock", "InStock"),
    Example("Rupture de stock", "OutOfStock"),
    Example("Épuisé", "SoldOut"),
    Example("在庫あり", "InStock"),
    Example("在庫切れ", "OutOfStock"),
    Example("売り切れ", "SoldOut"),
    Example("予約受付中", "PreOrder"),
    Example("", None),
    Example(None, None),
    Example(1, None),
    Example("https://schema.org/NewCondition", None),
    Example("maybe", None),
    # Short stock texts read by their phrases; a negation wins over the phrase inside it
    Example("Nur noch 3 auf Lager", "LimitedAvailability"),
    # "available soon", "not yet available": not on sale now, whatever "available" says
    Example("Available soon", "OutOfStock"),
    Example("Not yet available", "OutOfStock"),
    Example("Demnächst verfügbar", "OutOfStock"),
    Example("Bientôt disponible", "OutOfStock"),
    Example("Pas encore disponible", "OutOfStock"),
    Example("Disponible próximamente", "OutOfStock"),
    Example("Disponibile a breve", "OutOfStock"),
    Example("Binnenkort beschikbaar", "OutOfStock"),
    Example("Disponível em breve", "OutOfStock"),
    Example("Wkrótce dostępny", "OutOfStock"),
    Example("Brzy skladem", "OutOfStock"),
    Example("Snart i lager", "OutOfStock"),
    Example("入荷予定", "OutOfStock"),
    Example("Coming soon", "OutOfStock"),
    # a few units left, in stock and ready to ship
    Example("Last one!", "LimitedAvailability"),
    Example("Noch 1 Stück", "LimitedAvailability"),
    Example("Quedan 3", "LimitedAvailability"),
    Example("Restam 2 unidades", "LimitedAvailability"),
    Example("Pozostało 2 szt.", "LimitedAvailability"),
    Example("Zbývají 2 kusy", "LimitedAvailability"),
    Example("Sofort versandfertig", "InStock"),
    Example("Ready to ship", "InStock"),
    # "almost sold out" is on sale, whatever the sold-out phrase inside it says
    Example("Почти изчерпано", "LimitedAvailability"),
    Example("Fast ausverkauft", "LimitedAvailability"),
    Example("Presque épuisé", "LimitedAvailability"),
    Example("¡Casi agotado!", "LimitedAvailability"),
    Example("Quasi esaurito", "LimitedAvailability"),
    Example("Quase esgotado", "LimitedAvailability"),
    Example("Prawie wyprzedane", "LimitedAvailability"),
    Example("Téměř vyprodáno", "LimitedAvailability"),
    Example("Nästan slutsåld", "LimitedAvailability"),
    Example("Neredeyse tükendi", "LimitedAvailability"),
    Example("Почти распродано", "LimitedAvailability"),
    Example("Nearly sold out", "LimitedAvailability"),
    Example("Wenige Artikel verfügbar", "LimitedAvailability"),
    Example("Plus que 2 articles en stock", "LimitedAvailability"),
    Example("Only 4 left in stock - order soon.", "LimitedAvailability"),
    Example("Verfügbarkeit: nicht auf Lager", "OutOfStock"),
    Example("Availability: In stock", "InStock"),
    Example("Currently unavailable.", "OutOfStock"),
    Example("This item isn’t in stock right now", "OutOfStock"),
    Example("Zur Zeit nicht an Lager", "OutOfStock"),
    Example("Dostępność: niedostępny", "OutOfStock"),
    Example("Produkt dostępny", "InStock"),
    Example("Ei varastossa", "OutOfStock"), Example("Varastossa", "InStock"),
    Example("Nincs raktáron", "OutOfStock"), Example("Raktáron", "InStock"),
    Example("Stokta yok", "OutOfStock"), Example("Stokta", "InStock"),
    Example("Tidak tersedia", "OutOfStock"), Example("Tersedia", "InStock"),
    Example("Нет в наличии", "OutOfStock"), Example("В наличии", "InStock"),
    Example("Ikke på lager", "OutOfStock"), Example("På lager", "InStock"),
    Example("Není skladem", "OutOfStock"), Example("Skladem 5 ks", "InStock"),
    Example("Hết hàng", "OutOfStock"), Example("Còn hàng", "InStock"),
    Example("Nu este în stoc", "OutOfStock"), Example("În stoc", "InStock"),
    Example("品切れ間近", "LimitedAvailability"),
    # Bulgarian (emag.bg, praktiker.bg), Serbo-Croatian, Baltic, Arabic
    Example("Изчерпана наличност", "OutOfStock"), Example("В наличност", "InStock"),
    Example("Продуктът е изчерпан онлайн. Провери наличност по магазини.", "OutOfStock"),
    Example("По заявка", "BackOrder"), Example("Под заказ", "BackOrder"),
    Example("Nema na stanju", "OutOfStock"), Example("Na stanju", "InStock"),
    Example("Nėra sandėlyje", "OutOfStock"), Example("نفدت الكمية", "OutOfStock"),
    Example("Few units left", "LimitedAvailability"),
    Example("تبقى 1 فقط - اطلبه الآن.", "LimitedAvailability"),  # "only 1 left - order now"
    # a stock count: none left is out of stock, any other count in stock
    Example("Stok Total : 610", "InStock"), Example("Stock: 12 Stück", "InStock"),
    Example("Lager: 0", "OutOfStock"), Example("2 available", "InStock"),
    Example("0 in stock", "OutOfStock"), Example("3 in stock", "InStock"),
    Example("Vorbestellbar – erscheint am 12.05.", "PreOrder"),
    Example("Available for back order", "BackOrder"),
    Example("Leider ausverkauft", "OutOfStock"),
    # A sentence that mentions stock is not a stock label
    Example("Free returns on all orders. Items that are out of stock in your size can be "
            "reserved in our stores for up to three days.", None),
    Example("Dostępność", None),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: repr(e.text))
def test_normalise_availability(example: Example):
    assert normalise_availability(example.text) == example.expected
