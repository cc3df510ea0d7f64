"""parsers.page_currency: the currency a page states for a price shown with "$", "kr", "Rs."."""

from __future__ import annotations

import pytest

from parsers.extract import extract_page
from parsers.html import parse_html
from parsers.page_currency import currency_beside_amount, declared_currency
from parsers.prices import shared_symbol_currencies

URL = "https://shop.example.com/products/mug"  # a .com: no market

BESIDE = [
    ('<select><option>Default Title - <span>Rs. 2,999.00 INR</span></option></select>',
     "Rs. 2,999.00", "INR"),
    ('<option>M / Blue - $24.99 USD</option>', "$24.99", "USD"),
    ('<p>Total: <b>$24.99</b> CAD</p>', "$24.99", "CAD"),  # the code after the amount's element
    ('<p>1 299 kr SEK</p>', "1 299 kr", None),  # the code follows the symbol, not the amount
    ('<p>1 299 SEK</p>', "1 299 kr", "SEK"),
    # disagreeing codes, a code the symbol cannot stand for, another amount, a script: none
    ('<option>$24.99 USD</option><option>$24.99 CAD</option>', "$24.99", None),
    ('<option>$24.99 EUR</option>', "$24.99", None),
    ('<option>$124.99 USD</option>', "$24.99", None),
    ('<option>$24.999 USD</option>', "$24.99", None),
    ('<script>var p = "24.99 USD";</script>', "$24.99", None),
    ('<p>$24.99</p>', "$24.99", None),
    ('<div style="display:none"><p>$24.99 CAD</p></div>', "$24.99", None),  # not shown
    ('<template><p>$24.99 CAD</p></template>', "$24.99", None),
    ('<option>M - 1\u00a0299 SEK</option>', "1\u00a0299 kr", "SEK"),  # non-breaking spaces
    ('<option>M - 1\u00a0299 SEK</option>', "1 299 kr", "SEK"),
]


@pytest.mark.parametrize(("html", "raw", "expected"), BESIDE)
def test_currency_beside_amount(html, raw, expected):
    tree = parse_html(f"<html><body><p>{raw}</p>{html}</body></html>", URL)
    assert currency_beside_amount(tree, raw, shared_symbol_currencies(raw))[0] == expected


DECLARED = [
    ('Shopify.currency = {"active":"CAD","rate":"1.0"};', "$", "CAD"),
    ("gtag('event', 'view_item', {currency: 'USD', value: 24.99});", "$", "USD"),
    ('dataLayer.push({"ecommerce": {"currencyCode": "AUD"}});', "$", "AUD"),
    ('window.meta = {"currency_code":"NOK"};', "kr", "NOK"),
    ('dataLayer.push({"currency": "USD"}); fbq("track", "ViewContent", {currency: "USD"});',
     "$", "USD"),
    # two currencies, one the symbol cannot stand for, none, a lower-case word: no answer
    ('dataLayer.push({"currency": "USD"}); var other = {"currency": "CAD"};', "$", None),
    ('dataLayer.push({"currency": "EUR"});', "$", None),
    ('var theme = {"active": "USD"};', "$", None),
    ('var c = {"currency": "usd"};', "$", None),
]


@pytest.mark.parametrize(("script", "symbol", "expected"), DECLARED)
def test_declared_currency(script, symbol, expected):
    tree = parse_html(f"<html><head><script>{script}</script></head><body></body></html>", URL)
    assert declared_currency(tree, shared_symbol_currencies(f"{symbol} 5"))[0] == expected


def test_declared_currency_skips_json_ld():
    tree = parse_html('<html><head><script type="application/ld+json">{"priceCurrency": "USD"}'
                      '</script></head><body></body></html>', URL)
    assert declared_currency(tree, shared_symbol_currencies("$5")) == (None, None)


PAGE = ('<html lang="en"><head>{head}</head><body><h1>Mug</h1>'
        '<span class="price">$24.99</span>{body}</body></html>')


def test_a_dollar_price_takes_the_currency_the_page_states_elsewhere():
    """A "$" alone names no currency; the page's own statement does, with its evidence."""
    alone = extract_page(PAGE.format(head="", body=""), URL)
    assert (alone["price"], alone["currency"]) == ("24.99", None)

    beside = extract_page(PAGE.format(head="", body="<select><option>Blue - $24.99 USD"
                                                    "</option></select>"), URL)
    assert beside["currency"] == "USD"
    assert "$24.99 USD" in beside["evidence"]["currency"]["snippet"]

    shopify = extract_page(PAGE.format(
        head='<script>Shopify.currency = {"active":"CAD","rate":"1.0"};</script>', body=""), URL)
    assert shopify["currency"] == "CAD"
    assert shopify["evidence"]["currency"]["snippet"].startswith("script: Shopify.currency")

    # the page beside the amount wins over its scripts; a market hint is never overruled
    both = extract_page(PAGE.format(
        head='<script>dataLayer.push({"currency": "CAD"});</script>',
        body="<option>$24.99 USD</option>"), URL)
    assert both["currency"] == "USD"
    canadian = extract_page(PAGE.format(
        head='<script>dataLayer.push({"currency": "USD"});</script>', body=""),
        "https://shop.example.ca/products/mug")
    assert canadian["currency"] == "CAD"
