"""Policy pages: which pages are policy pages, and what they state (saved pages in
tests/fixtures/pages/policies are checked by test_parsers_pages)."""

from __future__ import annotations

import pytest

from parsers.html import parse_html
from parsers.policies import extract_policies, looks_like_policy_page


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("https://s.example/pages/shipping-policy", "", True),
    ("https://s.example/versand", "", True),
    ("https://s.example/fr/livraison", "", True),
    ("https://s.example/es/envios-y-devoluciones", "", True),
    ("https://s.example/it/spedizioni", "", True),
    ("https://s.example/nl/verzending-en-retourneren", "", True),
    ("https://s.example/pl/dostawa", "", True),
    ("https://s.example/faq", "", True),
    ("https://s.example/%E9%85%8D%E9%80%81", "", True),  # /配送
    ("https://s.example/pages/info", "返品・交換について", True),
    ("https://s.example/pages/info", "Rückgabe & Umtausch", True),
    ("https://s.example/products/parka", "Down Parka", False),
    ("https://s.example/collections/sale", "Sale", False),
])
def test_looks_like_policy_page(url, title, expected):
    tree = parse_html(f"<html><head><title>{title}</title></head><body></body></html>", url)
    assert looks_like_policy_page(url, tree) is expected


def test_signals_are_only_what_the_page_states():
    html = "<html lang='de'><body><main><p>Fragen? Schreiben Sie uns.</p></main></body></html>"
    signals = extract_policies(html, "https://s.example/faq")
    assert signals.as_signals() == {}
    assert (signals.delivery_min_days, signals.returns_days) == (None, None)


def test_a_returns_window_is_not_a_delivery_time():
    html = "<html lang='de'><body><p>30 Tage Rückgaberecht</p></body></html>"
    signals = extract_policies(html, "https://s.example/rueckgabe")
    assert (signals.returns_days, signals.delivery_max_days) == (30, None)
    html = "<html lang='en'><body><p>Return any product within 30 days of delivery.</p></body></html>"
    signals = extract_policies(html, "https://s.example/returns", currency_hint="USD")
    assert (signals.returns_days, signals.shipping_costs) == (30, [])  # 30 days, not $30


def test_broken_json_ld_is_a_problem_not_a_crash():
    html = ('<html><head><script type="application/ld+json">{"@type": "MerchantReturnPolicy", '
            '"merchantReturnDays": 3</script></head><body><p>Free returns within 60 days.</p>'
            '</body></html>')
    signals = extract_policies(html, "https://s.example/returns")
    assert signals.returns_days == 60
    assert signals.problems and signals.problems[0].startswith("json-ld block 1")


def test_bytes_in_an_undeclared_charset_give_no_wrong_value():
    html = "<html><body><p>Livraison offerte dès 39 €</p></body></html>".encode("cp1252")
    signals = extract_policies(html, "https://s.example/livraison")
    assert signals.free_shipping_threshold is None  # "dès" and "€" were lost: no threshold
    assert any("decod" in problem for problem in signals.problems)


@pytest.mark.parametrize("url", ["https://s.example/residential-lamps",
                                 "https://s.example/resources/helpers",
                                 "https://s.example/liadeco"])
def test_policy_words_must_be_whole_words(url):
    assert looks_like_policy_page(url, parse_html("<html></html>", url)) is False


SHIP_TO_EXAMPLES = [
    ("en-US", "We ship within the United States (including Alaska, Hawaii and Puerto Rico) and to "
              "Canada.", ["CA", "PR", "US"]),
    ("en-US", "We currently ship to all 50 U.S. states and to Canada.", ["CA", "US"]),
    ("en-GB", "We deliver across the UK mainland, Northern Ireland, the Isle of Man and the Channel "
              "Islands (Jersey and Guernsey).", ["GB", "GG", "IM", "JE"]),
    ("en-GB", "We ship to England, Scotland, Wales and the Republic of Ireland.", ["GB", "IE"]),
    ("de", "Wir liefern nach Deutschland, Österreich und in die Schweiz.", ["AT", "CH", "DE"]),
    ("de", "Lieferländer: Deutschland, Österreich, Belgien, Luxemburg, Niederlande.",
     ["AT", "BE", "DE", "LU", "NL"]),
    ("de", "Versand nach Großbritannien und in die USA auf Anfrage.", ["GB", "US"]),
    ("fr", "Nous livrons en France métropolitaine, en Belgique et au Luxembourg.",
     ["BE", "FR", "LU"]),
    ("es", "Enviamos a toda España peninsular, Portugal y Andorra.", ["AD", "ES", "PT"]),
    ("ja", "配送地域：日本国内のみ（海外への発送は承っておりません）。", ["JP"]),
    ("en", "Orders placed before 2 pm ship the same business day.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SHIP_TO_EXAMPLES)
def test_ship_to_countries(lang, text, expected):
    html = f"<html lang='{lang}'><body><h1>Shipping</h1><p>{text}</p></body></html>"
    assert extract_policies(html, "https://s.example/shipping").ship_to == expected
