"""extract_product on awkward input: it never raises, and says what it could not read."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from parsers.html import parse_html, parse_problems
from parsers.product import extract_product

URL = "https://shop.example/p/kettle"


def page(head: str = "", body: str = "") -> str:
    return f"<html lang='en'><head>{head}</head><body>{body}</body></html>"


def ld(block: str) -> str:
    return f'<script type="application/ld+json">{block}</script>'


def kettle(offers: str) -> str:
    return page(ld(f'{{"@type": "Product", "name": "Kettle", "offers": {offers}}}'))


@pytest.mark.parametrize("html", [
    "", b"", "   ", "<<<>>>", b"\x00\xff\xfe", "<?xml version='1.0' encoding='utf-8'?><html/>",
])
def test_never_raises(html):
    data = extract_product(html, URL)
    assert data.product is None
    assert data.url == URL


def test_empty_document_is_a_problem():
    assert extract_product("", URL).problems == ["empty document"]


def test_undeclared_non_utf8_bytes_are_replaced_and_reported():
    data = extract_product(page("<title>Crème</title>").encode("cp1252"), URL)
    assert data.title == "Cr\ufffdme"
    assert data.problems == ["decoding: bytes not valid utf-8 at position 31; replaced"]


@pytest.mark.parametrize(("html", "removed"), [
    (page("<title>Ket\x00tle</title>"), "1 control character"),
    (page("<title>Ket\x07tle\ufffe</title>").encode(), "2 control characters"),
])
def test_control_characters_are_removed_and_reported(html, removed):
    data = extract_product(html, URL)
    assert (data.title, data.problems) == ("Kettle", [f"decoding: {removed} removed"])


def test_control_characters_in_microdata_text_are_no_crash():
    """extruct's cleaner, dropping a script, joined a text holding a control character, which
    lxml refused (ValueError)."""
    html = page(body='<p itemscope itemtype="https://schema.org/Product"><span itemprop="name">'
                     'Ket<script>x</script>\x01tle</span></p>')
    data = extract_product(html, URL)
    assert (data.product.title, data.problems) == (
        "Kettle", ["decoding: 1 control character removed"])


@pytest.mark.parametrize("body", [
    # written as an entity, the character is only in the parsed text
    '<p itemscope itemtype="https://schema.org/Product"><span itemprop="name">Ket'
    '<script>x</script>&#11;tle</span></p>',
    # extruct joins a property's link itself
    '<p itemscope itemtype="https://schema.org/Product"><span itemprop="name">Kettle</span>'
    '<a itemprop="url" href="https://[::1/x">link</a></p>',
])
def test_microdata_extruct_cannot_read_is_a_problem_not_a_crash(body):
    data = extract_product(page(body=body), URL)
    assert data.product is None
    assert [p for p in data.problems if p.startswith("microdata: unreadable")] != []


@pytest.mark.parametrize(("html", "title"), [
    # a form feed is HTML's whitespace, a vertical tab a line break in copied text
    (page("<title>Kettle\x0cBlack</title>"), "Kettle Black"),
    (page("<title>Kettle\x0bBlack</title>"), "Kettle Black"),
    (page(body='<div\x0citemscope itemtype="https://schema.org/Product"><span itemprop="name">'
               'Kettle</span></div>'), None),
])
def test_form_feeds_and_vertical_tabs_are_spaces(html, title):
    data = extract_product(html, URL)
    assert (data.title, data.problems) == (title, [])
    if title is None:
        assert data.product.title == "Kettle"


def test_utf8_bom_and_declared_charset():
    bom = b"\xef\xbb\xbf" + page("<title>Crème</title>").encode()
    assert extract_product(bom, URL).title == "Crème"
    html = page('<meta charset="iso-8859-1"><title>Crème – 24,99 €</title>').encode("cp1252")
    data = extract_product(html, URL)
    assert (data.title, data.problems) == ("Crème – 24,99 €", [])


def test_a_parsed_tree_is_accepted_and_keeps_its_decoding_problems():
    """The crawler parses once (with the HTTP charset) and hands the tree to every parser."""
    body = page("<title>Crème</title>").encode("cp1252")
    assert extract_product(parse_html(body, URL, encoding="cp1252"), URL).title == "Crème"
    tree = parse_html(body, URL)
    assert parse_problems(tree) == ["decoding: bytes not valid utf-8 at position 31; replaced"]
    assert extract_product(tree, URL).problems == parse_problems(tree)


def test_price_zero_is_no_price():
    data = extract_product(kettle('{"price": "0.00", "priceCurrency": "EUR"}'), URL)
    offer = data.product.offers[0]
    assert (offer.price, offer.currency, offer.price_raw) == (None, "EUR", "0.00")
    assert data.problems == ["offer 1: price 0 read as no price shown"]


def test_a_price_written_as_text_is_read_and_reported():
    data = extract_product(kettle('{"price": "24,90 €"}'), URL)
    offer = data.product.offers[0]
    assert (offer.price, offer.currency, offer.price_raw) == (Decimal("24.90"), "EUR", "24,90 €")
    assert data.problems == ["offer 1: price '24,90 €' is not a schema.org number; read as text"]


WHOLE_CURRENCY_PRICES = [
    # Chilean shops group thousands with dots in schema.org values; a peso has no decimals
    ('{"price": "1.990", "priceCurrency": "CLP"}', "1990", True),
    ('{"price": "1.299.990", "priceCurrency": "CLP"}', "1299990", True),
    ('{"price": "1.990", "priceCurrency": "JPY"}', "1990", True),
    ('{"price": "1990", "priceCurrency": "CLP"}', "1990", False),
    # a currency with decimals keeps the schema.org reading
    ('{"price": "1.990", "priceCurrency": "EUR"}', "1.990", False),
    ('{"price": "19.90", "priceCurrency": "CLP"}', "19.90", False),
    ('{"@type": "Offer", "price": "29.990", "priceCurrency": "CLP", "priceSpecification": '
     '{"@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice", '
     '"price": "39.990"}}', "29990", True),
]


@pytest.mark.parametrize(("offer", "price", "reported"), WHOLE_CURRENCY_PRICES)
def test_dots_group_thousands_in_a_currency_without_decimals(offer, price, reported):
    data = extract_product(kettle(offer), URL)
    first = data.product.offers[0]
    assert first.price == Decimal(price)
    assert any("has no decimals" in p for p in data.problems) is reported
    if "ListPrice" in offer:
        assert first.regular_price == Decimal("39990")


def test_meta_tags_in_a_currency_without_decimals_group_thousands_with_dots():
    head = ('<meta property="og:title" content="Arroz Grado 1">'
            '<meta property="product:price:amount" content="1.990">'
            '<meta property="product:price:currency" content="CLP">')
    offer = extract_product(page(head), URL).product.offers[0]
    assert (offer.price, offer.currency, offer.price_raw) == (Decimal("1990"), "CLP", "1.990")


def test_currency_hint_fills_a_missing_currency_and_says_so():
    data = extract_product(kettle('{"price": "24.90"}'), URL, {"currency": "EUR", "market": "DE"})
    offer = data.product.offers[0]
    assert (offer.price, offer.currency) == (Decimal("24.90"), "EUR")
    assert offer.evidence["currency"].snippet == "rule: no currency on the page; market hint 'EUR'"


def test_dollar_in_microdata_is_settled_by_the_market_only():
    html = page(body='<div itemscope itemtype="https://schema.org/Product">'
                     '<h1 itemprop="name">Kettle</h1>'
                     '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
                     '<span itemprop="price">$34.99</span></div></div>')
    assert extract_product(html, URL).product.offers[0].currency is None
    offer = extract_product(html, URL, {"market": "CA"}).product.offers[0]
    assert (offer.price, offer.currency, offer.price_raw) == (Decimal("34.99"), "CAD", "$34.99")


def test_meta_tags_supply_the_offer_structured_data_lacks():
    head = (ld('{"@type": "Product", "name": "Kettle", "sku": "K1"}')
            + '<meta property="product:price:amount" content="24.90">'
            + '<meta property="product:price:currency" content="EUR">')
    product = extract_product(page(head), URL).product
    assert (product.source, product.sku) == ("json-ld", "K1")
    assert product.offers[0].price == Decimal("24.90")
    assert product.offers[0].evidence["price"].source == "opengraph"


def test_facebook_sale_price_tags():
    head = ('<meta property="og:type" content="product"><meta property="og:title" content="Kettle">'
            '<meta property="product:price:amount" content="29.90">'
            '<meta property="product:sale_price:amount" content="24.90">'
            '<meta property="product:price:currency" content="EUR">')
    offer = extract_product(page(head), URL).product.offers[0]
    assert (offer.price, offer.regular_price) == (Decimal("24.90"), Decimal("29.90"))
    assert offer.currency == "EUR"


TWITTER_CARDS = [
    # (tags, price, currency, availability); Magento and old Shopify themes write these
    ([("label1", "PRICE"), ("data1", "LBP139999.00"), ("label2", "LOCATION"), ("data2", "LB")],
     "139999.00", "LBP", None),
    ([("label1", "Preis"), ("data1", "24,90 €"), ("label2", "Verfügbarkeit"),
      ("data2", "Auf Lager")], "24.90", "EUR", "InStock"),
    ([("label1", "Price"), ("data1", "$24.99")], "24.99", None, None),  # "$" alone decides nothing
    ([("label1", "Price"), ("data1", "Ask us")], None, None, None),
    ([("label1", "Colour"), ("data1", "Red")], None, None, None),
]


@pytest.mark.parametrize(("tags", "price", "currency", "availability"), TWITTER_CARDS)
def test_twitter_product_card(tags, price, currency, availability):
    head = "".join(f'<meta name="twitter:{name}" content="{value}">' for name, value in tags)
    product = extract_product(page('<meta name="twitter:title" content="Feta">' + head),
                              URL).product
    if price is None and availability is None:
        assert product is None or product.offers[0].price is None
        return
    offer = product.offers[0]
    assert product.title == "Feta"
    assert (offer.price, offer.currency, offer.availability) == (
        Decimal(price), currency, availability)


def test_the_product_for_this_url_wins_over_others():
    blocks = "".join(
        ld(f'{{"@type": "Product", "name": "{name}", "url": "/p/{name.lower()}"}}')
        for name in ("Mug", "Teapot", "Kettle"))
    data = extract_product(page(blocks), URL)
    assert data.product.title == "Kettle" and data.problems == []


def test_an_svg_title_is_not_the_page_title():
    html = page("<title>Kettle – Shop</title>", "<svg><title>Cart</title></svg>")
    assert extract_product(html, URL).title == "Kettle – Shop"
    assert extract_product(page(body="<svg><title>Cart</title></svg>"), URL).title is None


def test_to_dict_is_json_ready():
    offers = '{"@type": "Offer", "price": 24.90, "priceCurrency": "EUR"}'
    data = extract_product(kettle(offers), URL)
    offer = data.to_dict()["product"]["offers"][0]
    assert offer["price"] == "24.90"
    assert offer["evidence"]["price"] == {
        "url": URL, "source": "json-ld",
        "snippet": '{"@type": "Offer", "price": 24.90, "priceCurrency": "EUR"}'}


def test_parsers_import_no_scrapy_twisted_or_crawlers():
    code = ("import sys, parsers.extract, parsers.store, parsers.page_shell, parsers.links\n"
            "bad = sorted(m for m in sys.modules\n"
            "             if m.split('.')[0] in ('scrapy', 'twisted', 'crawlers'))\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- delivery, shipping and tax on product pages (issue 3) ---------------------------------

SHIPPING_DETAILS = """<html lang="en-US"><head><script type="application/ld+json">
{"@type": "Product", "name": "Lamp", "offers": {"@type": "Offer", "price": "40.00",
 "priceCurrency": "USD", "shippingDetails": %s}}</script></head><body></body></html>"""


@pytest.mark.parametrize(("details", "expected"), [
    ({"@type": "OfferShippingDetails", "deliveryTime": {
        "handlingTime": {"minValue": 0, "maxValue": 1, "unitCode": "DAY"},
        "transitTime": {"minValue": 2, "maxValue": 5, "unitCode": "DAY"}},
      "shippingRate": {"value": "4.99", "currency": "USD"}}, (2, 6, "4.99", "USD")),
    ({"deliveryTime": {"transitTime": {"minValue": 24, "maxValue": 48, "unitCode": "HUR"}}},
     (1, 2, None, None)),
    ({"deliveryTime": {"handlingTime": {"maxValue": 1, "unitCode": "d"},
                       "transitTime": {"minValue": 1, "maxValue": 3, "unitCode": "d"}}},
     (None, 4, None, None)),  # handling has no minimum: the sum has none either
    ({"shippingRate": {"value": 0, "currency": "USD"}}, (None, None, "0", "USD")),
    ({"deliveryTime": {"transitTime": {"minValue": "soon"}}}, (None, None, None, None)),
    ("not an object", (None, None, None, None)),
])
def test_offer_shipping_details(details, expected):
    page = extract_product(SHIPPING_DETAILS % json.dumps(details), "https://s.example/p/lamp")
    offer = page.product.offers[0]
    cost = None if offer.shipping_cost is None else str(offer.shipping_cost)
    assert (offer.delivery_min_days, offer.delivery_max_days, cost,
            offer.shipping_currency) == expected


def test_shipping_details_for_the_market_win():
    details = [{"shippingDestination": {"addressCountry": "CA"}, "shippingRate": {"value": 15}},
               {"shippingDestination": {"addressCountry": ["US", "PR"]},
                "shippingRate": {"value": 5}}]
    page = extract_product(SHIPPING_DETAILS % json.dumps(details), "https://s.example/p/lamp",
                           {"market": "US"})
    assert page.product.offers[0].shipping_cost == 5


def test_visible_text_fills_delivery_tax_and_strikethrough_price():
    html = """<html lang="de-DE"><head><script type="application/ld+json">
    {"@type": "Product", "name": "Spaten", "offers": {"@type": "Offer", "price": "39.90",
     "priceCurrency": "EUR"}}</script></head><body>
    <p><del>49,90 €</del> <b>39,90 €</b> <small>inkl. MwSt.</small></p>
    <p class="delivery">Lieferzeit 2–4 Werktage</p>
    <div class="product-rating"><span>4,6 von 5 Sternen</span></div>
    <a class="reviews-link">128 Bewertungen</a></body></html>"""
    page = extract_product(html, "https://garten.example/p/spaten")
    offer = page.product.offers[0]
    assert (offer.regular_price, offer.tax_included) == (Decimal("49.90"), True)
    assert (offer.delivery_min_days, offer.delivery_max_days) == (2, 4)
    assert (page.product.rating, page.product.review_count) == (4.6, 128)
    assert offer.evidence["regular_price"].source == "html"
    assert offer.evidence["delivery_min_days"].source == "text"


def test_a_dispatch_time_is_not_a_delivery_time():
    html = """<html><body><script type="application/ld+json">{"@type": "Product",
    "name": "X", "offers": {"price": "5", "priceCurrency": "EUR"}}</script>
    <p>Ships within 24 hours</p></body></html>"""
    page = extract_product(html, "https://s.example/p/x")
    assert page.product.offers[0].delivery_max_days is None
    assert page.delivery.kind == "dispatch"


def test_extract_page_prints_delivery_days():
    from parsers.extract import extract_page

    html = """<html><body><script type="application/ld+json">{"@type": "Product",
    "name": "X", "offers": {"price": "5", "priceCurrency": "EUR"}}</script>
    <p>Livraison sous 48h</p></body></html>"""
    out = extract_page(html, "https://s.example/p/x")
    assert (out["delivery_min_days"], out["delivery_max_days"]) == (None, 2)
    assert out["evidence"]["delivery_max_days"]["source"] == "text"


STOCK_LABELS = [
    ('<p class="product-stock">Esaurito</p>', "SoldOut"),
    ('<div class="availability"><span>Verfügbarkeit:</span> Nur noch 2 Stück auf Lager</div>',
     "LimitedAvailability"),
    ('<span class="inventory-status">Ei varastossa</span>', "OutOfStock"),
    ('<p class="dostepnosc">Dostępność: <b>niedostępny</b></p>', None),  # the class says nothing
    ('<div class="product-lagerstatus">Sofort lieferbar, 1-3 Werktage</div>', "InStock"),
    ('<button type="submit" name="add" disabled><span>Sold out</span></button>', "SoldOut"),
    ('<button type="submit" name="add" disabled>Add to cart</button>', None),
    ('<p class="stock">Free delivery on orders over €50, and items out of stock in your size '
     'can be reserved in store for three days.</p>', None),  # a sentence, not a stock label
    # a hidden label is the state a script shows when a variant runs out, not the page's
    ('<div id="stock-view" style="display:none;"><span class="stock">Tükendi</span></div>'
     '<span class="stock">20+ adet ürün stokta</span>', "InStock"),
    ('<div class="stock-status hidden">Esaurito</div>', None),
    ('<span class="out-of-stock opacity-0">Sem stock</span>', None),  # Tailwind: transparent
    ('<span class="stock opacity-0 md:opacity-100">Ausverkauft</span>', "SoldOut"),  # desktops
    ('<main class="opacity-0 transition-opacity"><p class="stock">Esaurito</p></main>',
     "SoldOut"),  # a wrapper fading in
    # a CSS-in-JS style inside the label's block is no text of it
    ('<div class="availability"><style data-emotion="css x1">.css-x1{margin:0}</style>'
     '<span>Esaurito</span></div>', "SoldOut"),
    ('<button type="button" disabled class="availability-btn u-display-none">Sold Out</button>',
     None),
    # a block holding both states, one shown by the style sheet: it says neither
    ('<div class="stock-container"><div id="in-stock"><div class="stock-text">Disponibile</div>'
     '</div><div id="not-available"><div class="stock-text">Non disponibile</div></div></div>',
     None),
    # any data attribute may say what the element is (a badge keyed "lowStock")
    ('<div data-testid="badge-GENERIC" data-untranslated-label="lowStock"><span>Почти изчерпано'
     '</span></div>', "LimitedAvailability"),
    ('<ul><li data-variant-stock="0">XL</li><li data-variant-stock="3">L</li></ul>', None),
    # hidden on small screens only (Tailwind, Bootstrap): shown on a desktop
    ('<div class="hidden md:block"><p class="availability">Nicht auf Lager</p></div>',
     "OutOfStock"),
    ('<div class="d-none d-lg-block"><p class="availability">Nicht auf Lager</p></div>',
     "OutOfStock"),
    # the stock the product's data attributes state, when all agree (teknosa.com.tr: a buy
    # button a script enables)
    ('<form data-productavailable="true"><button class="js-enable-btn" disabled>Sepete Ekle'
     '</button></form>', "InStock"),
    ('<section data-product-id="7" data-product-in-stock="false"><h2>Lampada</h2></section>',
     "OutOfStock"),
    # a generic name counts on an element named for stock only
    ('<div class="product-availability" data-available="true">Disponibile</div>', "InStock"),
    ('<span class="-in-stock" data-stock="in-stock" data-stock-replenishment="web"></span>',
     "InStock"),
    ('<div class="stock-status" data-stock-status="OutOfStock"></div>', "OutOfStock"),
    ('<div class="advisor" data-available="true"><a href="#chat">Un consulente</a></div>',
     None),
    ('<div class="click-collect" data-store-id="112" data-available="false">Milano</div>',
     None),
    ('<div class="frequently-bought-together"><div class="fbt-item" data-in-stock="true">SD'
     '</div></div>', None),
    # swatches of both states; a count; a message; a related product's card: no state
    ('<ul><li data-available="true">M</li><li data-available="false">XL</li></ul>', None),
    ('<div data-stock="3">Lampada</div>', None),
    ('<div data-sold-out-text="Ausverkauft" data-out-of-stock="Sold Out"></div>', None),
    ('<div class="related-products"><div data-available="true">Tavolo</div></div>', None),
    ('<template><div data-in-stock="false"></div></template>', None),
    ('<div class="hidden" data-in-stock="false"></div>', None),
    # a value written with dashes is read as words
    ('<div class="pdp-stock" data-stock-status="not-available"></div>', "OutOfStock"),
    # a part of the page, a choice, a field or another product's card says nothing of it
    ('<header><div data-orderable="0">Cart</div></header>', None),
    ('<ul><li class="soldout" data-available="false">XL</li></ul>', None),
    ('<button class="wishlist-btn" data-available="false">♡</button>', None),
    ('<input type="hidden" data-available="false">', None),
    ('<section class="you-may-like"><div class="product-item" data-in-stock="false">Sedia'
     '</div></section>', None),
    ('<div class="row">' + '<div data-product-available="true">Sedia</div>' * 9 + '</div>',
     None),
]


@pytest.mark.parametrize(("body", "expected"), STOCK_LABELS, ids=[b for b, _ in STOCK_LABELS])
def test_stock_label_in_the_page_fills_a_missing_availability(body, expected):
    html = f"""<html lang="it"><head><meta property="og:type" content="product">
    <meta property="og:title" content="Lampada"><meta property="product:price:amount"
    content="49.00"><meta property="product:price:currency" content="EUR"></head>
    <body>{body}</body></html>"""
    offer = extract_product(html, "https://negozio.example/p/lampada").product.offers[0]
    assert offer.availability == expected
    if expected:
        assert offer.evidence["availability"].source == "html"


AGGREGATE = '{"@type": "AggregateOffer", "lowPrice": "49.99", "priceCurrency": "GBP"%s}'
IN, OUT = ("https://schema.org/InStock", "https://schema.org/OutOfStock")


@pytest.mark.parametrize(("offers", "expected"), [
    # the offers it sums up, beside it (bonprix.co.uk) or inside it
    (f'[{AGGREGATE % ""}, {{"@type": "Offer", "price": "49.99", "availability": "{OUT}"}},'
     f' {{"@type": "Offer", "price": "49.99", "availability": "{IN}"}}]', "InStock"),
    (AGGREGATE % f', "offers": [{{"@type": "Offer", "availability": "{IN}"}}]', "InStock"),
    (AGGREGATE % f', "offers": [{{"@type": "Offer", "availability": "{OUT}"}}]', None),
    (AGGREGATE % f', "availability": "{OUT}", "offers": [{{"@type": "Offer", '
                  f'"availability": "{IN}"}}]', "OutOfStock"),  # its own word stands
])
def test_an_aggregate_offer_without_availability_is_in_stock_when_one_offer_is(offers,
                                                                               expected):
    product = extract_product(kettle(offers), URL).product
    assert (product.offers[0].price, product.offers[0].availability) == (
        Decimal("49.99"), expected)
    if expected == "InStock":
        assert product.offers[0].evidence["availability"].source == "json-ld"


def test_the_meta_price_picks_the_variant_the_page_shows():
    """A shop listing every variant's offer: the meta price names the one on this page."""
    head = ('<meta property="og:price:amount" content="369.00">'
            '<meta property="og:price:currency" content="KWD">'
            + ld('{"@type": "Product", "name": "Phone", "offers": ['
                 '{"@type": "Offer", "name": "256 GB", "price": 389.0, "priceCurrency": "KWD"},'
                 '{"@type": "Offer", "name": "128 GB", "price": 369.0, "priceCurrency": "KWD"}]}'))
    offers = extract_product(page(head), URL).product.offers
    assert [o.price for o in offers] == [Decimal("369.0"), Decimal("389.0")]
    other = head.replace('content="369.00"', 'content="349.00"')  # no offer at that price
    assert extract_product(page(other), URL).product.offers[0].price == Decimal("389.0")


@pytest.mark.parametrize("text", ["ask us", "Preis auf Anfrage", "価格はお問い合わせください"])
def test_a_price_in_words_is_no_price_and_a_problem(text):
    html = ('<html><head><script type="application/ld+json">{"@type": "Product", "name": "X", '
            f'"offers": {{"@type": "Offer", "price": "{text}", "priceCurrency": "EUR"}}}}'
            '</script></head><body></body></html>')
    page = extract_product(html, "https://s.example/p/x")
    assert page.product.offers[0].price is None
    assert any("is not a number" in problem for problem in page.problems)


@pytest.mark.parametrize(("group", "variant", "label"), [
    ("Kettle", "Kettle Red", "Red"),
    ("T-shirt", "T-shirt - XL", "XL"),
    ("Kettle", "Kettle", None),
    ("kettle", "Kettle", None),
    # separators written against a word, or none at all in kana and han
    ("Tee", "Tee, M", "M"),
    ("Kettle", "Kettle: Red", "Red"),
    ("Kettle", "Kettle-Red", "Red"),
    ("Chair", "Chair (Walnut)", "Walnut"),
    ("ケトル", "ケトル（レッド）", "レッド"),
    ("保温杯", "保温杯红色", "红色"),
    ("Sneaker X", "Sneaker X, 42, Black", "42, Black"),
    ("Oversized Hoodie S-XL", "Oversized Hoodie S-XL - S", "S"),
    # the words put between the group's first words and, after a separator, its last ones
    # (target.com's colours between the name and the brand)
    ("Armoire - Timber Home", "Armoire - Walnut - Timber Home", "Walnut"),
    # any other name is its own label: a group named after one variant, a unit, a prefix
    ("iPhone 15 128 GB", "iPhone 15 256 GB", "iPhone 15 256 GB"),
    ("Classic Tee - Black / M", "Classic Tee - White / M", "Classic Tee - White / M"),
    ("Kettle", "Red Kettle", "Red Kettle"),
    ("Kettle", "Teapot 1 l", "Teapot 1 l"),
    ("Armoire - Walnut - Timber Home", "Armoire - Timber Home", "Armoire - Timber Home"),
    # a word that only starts like the group's name is no shared word
    ("Kettle", "Kettles Red", "Kettles Red"),
])
def test_a_variant_without_varies_by_is_labelled_by_what_its_name_adds(group, variant, label):
    offers = [{"@type": "Offer", "price": "10", "priceCurrency": "EUR"}]
    block = json.dumps({"@type": "ProductGroup", "name": group,
                        "hasVariant": [{"@type": "Product", "name": variant, "offers": offers}]})
    data = extract_product(page(ld(block)), URL)
    assert [offer.variant for offer in data.product.offers] == [label]


@pytest.mark.parametrize(("written", "expected"), [
    ('"https://schema.org/InStock"', "InStock"),
    ('["https://schema.org/OutOfStock"]', "OutOfStock"),
    # an enumeration member written as a node (JSON-LD's IRI reference)
    ('{"@id": "http://schema.org/PreOrder"}', "PreOrder"),
    ('{"@type": "ItemAvailability", "name": "InStock"}', "InStock"),
    ('{"@id": "#availability"}', None),
    ("true", None),
])
def test_structured_availability_in_each_way_it_is_written(written, expected):
    offers = ('{"@type": "Offer", "price": "5", "priceCurrency": "EUR", '
              f'"availability": {written}}}')
    assert extract_product(kettle(offers), URL).product.offers[0].availability == expected


def test_a_list_price_typed_as_a_node_is_the_regular_price():
    offers = ('{"@type": "Offer", "price": "5", "priceCurrency": "EUR", "priceSpecification": '
              '{"@type": "UnitPriceSpecification", "price": "8", "priceCurrency": "EUR", '
              '"priceType": {"@id": "https://schema.org/ListPrice"}}}')
    offer = extract_product(kettle(offers), URL).product.offers[0]
    assert (offer.price, offer.regular_price) == (Decimal("5"), Decimal("8"))


@pytest.mark.parametrize(("body", "expected"), [
    ('<div id="consent" data-product-available="true"></div><h1>Lampada</h1>', None),
    ('<section data-product-in-stock="false"><h1>Lampada</h1></section>', "OutOfStock"),
    ('<h1>Lampada</h1><form data-productavailable="true"><button disabled>Aggiungi</button>'
     '</form>', "InStock"),
])
def test_stock_attributes_count_after_the_products_title_or_around_it(body, expected):
    html = page(ld('{"@type": "Product", "name": "Lampada", "offers": {"price": "49", '
                   '"priceCurrency": "EUR"}}'), body)
    assert extract_product(html, URL).product.offers[0].availability == expected


def test_a_product_with_offers_of_its_own_keeps_them_without_its_variants():
    """A Product (no ProductGroup) listing hasVariant: its own offer is the page's."""
    block = json.dumps({"@type": "Product", "name": "Kettle", "offers": {
        "@type": "Offer", "price": "20.00", "priceCurrency": "EUR"}, "hasVariant": [
        {"@type": "Product", "name": "Kettle Red", "offers": {"@type": "Offer", "price": "21.00",
                                                              "priceCurrency": "EUR"}}]})
    html = page(ld(block), "<h1>Kettle</h1><s>25,00 €</s>")
    offers = extract_product(html, URL).product.offers
    assert [(o.price, o.regular_price) for o in offers] == [(Decimal("20.00"), Decimal("25.00"))]


def test_a_product_whose_offer_sums_up_its_variants_has_theirs_too():
    """An AggregateOffer of the price range beside the variants in the product's own @graph:
    in stock, as one of them is."""
    block = json.dumps({"@graph": [{"@type": "Product", "name": "Armoire", "offers": {
        "@type": "AggregateOffer", "lowPrice": "199.99", "highPrice": "219.99",
        "priceCurrency": "USD"}, "@graph": [
        {"@type": "Product", "name": "Armoire - Walnut", "offers": {
            "@type": "Offer", "price": "199.99", "priceCurrency": "USD",
            "availability": "InStock"}},
        {"@type": "Product", "name": "Armoire - White", "offers": {
            "@type": "Offer", "price": "219.99", "priceCurrency": "USD",
            "availability": "OutOfStock"}}]}]})
    offers = extract_product(page(ld(block)), URL).product.offers
    assert [(o.variant, o.price, o.availability) for o in offers] == [
        (None, Decimal("199.99"), "InStock"), ("Walnut", Decimal("199.99"), "InStock"),
        ("White", Decimal("219.99"), "OutOfStock")]


def test_a_product_wrapping_a_graph_is_no_group():
    """A nameless Product holding the real one in its @graph is a wrapper, not a group."""
    inner = {"@type": "Product", "name": "Trail Runner 2", "sku": "TR2",
             "offers": {"@type": "Offer", "price": "120", "priceCurrency": "EUR"}}
    block = json.dumps({"@type": "Product", "@graph": [inner]})
    product = extract_product(page(ld(block)), URL).product
    assert (product.title, product.sku, [o.variant for o in product.offers]) == (
        "Trail Runner 2", "TR2", [None])
