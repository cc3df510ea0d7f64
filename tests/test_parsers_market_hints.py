"""Which market a page is for, from its URL and markup, when the market file does not say."""

from __future__ import annotations

import pytest

from parsers.html import parse_html
from parsers.market_hints import infer_market
from parsers.product import extract_product

MARKET_EXAMPLES = [
    ("https://shop.example.de/p/1", "", "DE"),
    ("https://shop.example.co.uk/p/1", "", "GB"),
    ("https://shop.example.com.au/p/1", "", "AU"),
    ("https://shop.example.ca/p/1", "", "CA"),
    ("https://shop.example.co.jp/p/1", "", "JP"),
    ("https://shop.example.com/gb/en/p/1", "", "GB"),
    ("https://shop.example.com/en-ca/products/x", "", "CA"),
    ("https://shop.example.com/de-at/produkt", "", "AT"),
    ("https://shop.example.com/p/1", '<html lang="en-CA">', "CA"),
    ("https://shop.example.com/p/1",
     '<html lang="en"><head><meta property="og:locale" content="en_AU"></head>', "AU"),
    ("https://shop.example.com/p/1", '<html lang="ja">', "JP"),
    ("https://shop.example.com/p/1", '<html lang="en">', None),  # English is many markets
    ("https://shop.example.io/p/1", "", None),  # .io is used as a generic domain
    # a domain also used generically names its country in the country's own language
    ("https://www.mediaworld.it/product/p-1", '<html lang="it">', "IT"),
    ("https://www.example.is/vara/1", '<html lang="is">', "IS"),
    ("https://tienda.example.co/p/1", '<html lang="es">', None),  # Spanish: many countries
    ("https://get.example.it/p/1", '<html lang="en">', None),
    ("https://shop.example.io/p/1", '<html lang="en">', None),
    ("https://shop.example.it/p/1", '<html lang="de">', None),
    ("https://shop.example.com/en/p/1", "", None),  # a language, not a market
    ("http://127.0.0.1:8000/p/1", "", None),
]


@pytest.mark.parametrize(("url", "html", "market"), MARKET_EXAMPLES, ids=lambda v: str(v)[:40])
def test_infer_market(url, html, market):
    tree = parse_html(html or "<html></html>", url)
    found, evidence = infer_market(url, tree)
    assert found == market
    assert evidence


PAGE = ('<html lang="en"><head><script type="application/ld+json">{"@type": "Product", '
        '"name": "Parka", "offers": {"@type": "Offer", "price": "329.00"}}</script></head>'
        '<body><span class="price">$329.00</span></body></html>')


def test_a_dollar_on_a_canadian_store_is_cad():
    page = extract_product(PAGE, "https://maple.example.ca/products/parka")
    offer = page.product.offers[0]
    assert (offer.price, offer.currency, page.market) == (329, "CAD", "CA")
    assert ".ca" in offer.evidence["currency"].snippet


def test_a_dollar_alone_decides_nothing():
    page = extract_product(PAGE, "https://maple.example.com/products/parka")
    assert page.product.offers[0].currency is None


def test_the_market_file_wins_over_the_url():
    page = extract_product(PAGE, "https://maple.example.ca/products/parka", {"market": "US"})
    assert page.product.offers[0].currency == "USD"
