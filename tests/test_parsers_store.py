"""Store signals: outbound links, scripts, languages; and the script-rendered shell check."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from parsers.links import classify
from parsers.page_shell import looks_script_rendered
from parsers.store import extract_store_signals
from parsers.urls import absolute_url

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.mark.parametrize(("href", "expected"), [
    ("https://www.instagram.com/trailco", ("social", "instagram")),
    ("https://www.facebook.com/trailco", ("social", "facebook")),
    ("https://www.facebook.com/sharer/sharer.php?u=x", None),
    ("https://www.facebook.com/tr?id=123&ev=PageView", None),
    ("https://twitter.com/trailco", ("social", "x")),
    ("https://x.com/trailco", ("social", "x")),
    ("https://twitter.com/intent/tweet?url=x", None),
    ("https://www.pinterest.de/gartenwelt/", ("social", "pinterest")),
    ("https://www.pinterest.com/pin/create/button/?url=x", None),
    ("https://www.tiktok.com/@trailco", ("social", "tiktok")),
    ("https://www.tiktok.com/@trailco/shop", ("marketplaces", "tiktok-shop")),
    ("https://shop.tiktok.com/view/product/1729", ("marketplaces", "tiktok-shop")),
    ("https://youtu.be/abc", ("social", "youtube")),
    ("https://line.me/R/ti/p/@nihonkagu", ("social", "line")),
    ("https://weibo.com/u/123", ("social", "weibo")),
    ("https://www.amazon.co.jp/s?me=A1B2", ("marketplaces", "amazon")),
    ("https://amzn.to/3xYz", ("marketplaces", "amazon")),
    ("https://www.ebay.de/str/kaufhaus", ("marketplaces", "ebay")),
    ("https://www.rakuten.co.jp/nihon-kagu/", ("marketplaces", "rakuten")),
    ("https://www.etsy.com/shop/maisonlaine", ("marketplaces", "etsy")),
    ("https://shopping.yahoo.co.jp/store/x/", ("marketplaces", "yahoo-shopping")),
    ("https://apps.apple.com/de/app/kaufhaus/id987654321", ("apps", "app-store")),
    ("https://play.google.com/store/apps/details?id=example.kaufhaus", ("apps", "google-play")),
    ("https://play.google.com/store/books", None),
    ("https://notamazon.example/", None),
    ("mailto:hello@trailco.example", None),
    ("/collections/men", None),
    ("https://[::1/track", None),  # no URL: an IPv6 host left open
])
def test_classify(href, expected):
    assert classify(href) == expected


def test_store_links_on_a_category_page():
    signals = extract_store_signals((PAGES / "kaufhaus" / "category.html").read_bytes(),
                                    "https://kaufhaus.example/herren/laufschuhe")
    links = {kind: getattr(signals, kind) for kind in ("social", "marketplaces", "apps")}
    assert {**links, "scripts": signals.script_srcs} == {
        "social": [{"name": "facebook", "url": "https://www.facebook.com/kaufhaus.example"},
                   {"name": "instagram", "url": "https://www.instagram.com/kaufhaus.example/"}],
        "marketplaces": [{"name": "ebay", "url": "https://www.ebay.de/str/kaufhaus"},
                         {"name": "zalando", "url": "https://www.zalando.de/kaufhaus/"}],
        "apps": [{"name": "app-store", "url": "https://apps.apple.com/de/app/kaufhaus/id987654321"},
                 {"name": "google-play",
                  "url": "https://play.google.com/store/apps/details?id=example.kaufhaus"}],
        "scripts": ["https://kaufhaus.example/assets/listing.js",
                    "https://widget.trustpilot.com/bootstrap/v5/tp.widget.bootstrap.min.js"],
    }


def test_extract_store_signals():
    signals = extract_store_signals((PAGES / "nihon-kagu" / "microdata-ja.html").read_bytes(),
                                    "https://nihon-kagu.example/item/hinoki-stool")
    assert signals.language == "ja"
    assert signals.hreflang == ["en", "ja", "zh-Hant"]
    assert [s["name"] for s in signals.social] == ["line"]
    assert [m["name"] for m in signals.marketplaces] == ["amazon", "rakuten", "yahoo-shopping"]
    assert signals.apps == []
    assert signals.script_srcs == ["https://nihon-kagu.example/common/js/item.js"]
    assert signals.has_json_ld is False
    assert signals.evidence["marketplaces.rakuten"].to_dict() == {
        "url": "https://nihon-kagu.example/item/hinoki-stool", "source": "html",
        "snippet": '<a href="https://www.rakuten.co.jp/nihon-kagu/">楽天市場店</a>'}
    as_dict = signals.to_dict()
    assert as_dict["evidence"]["language"]["snippet"] == '<html lang="ja">'


def test_store_signals_of_an_empty_page():
    signals = extract_store_signals(b"", "https://shop.example/")
    assert (signals.language, signals.social, signals.problems) == (None, [], ["empty document"])


@pytest.mark.parametrize(("case", "expected"), [
    ("spa-shop/script-shell.html", True),
    ("shopify/product.html", False),
    ("boutique-provence/windows-1252-opengraph.html", False),
])
def test_looks_script_rendered(case, expected):
    tree = lxml.html.document_fromstring((PAGES / case).read_bytes())
    assert looks_script_rendered(tree) is expected


def test_a_short_page_without_scripts_is_not_a_shell():
    tree = lxml.html.document_fromstring("<html><body><p>Closed for holidays.</p></body></html>")
    assert looks_script_rendered(tree) is False


def test_as_signals_rows_for_the_store_signals_table():
    signals = extract_store_signals((PAGES / "kaufhaus" / "category.html").read_bytes(),
                                    "https://kaufhaus.example/herren/laufschuhe")
    assert signals.as_signals() == {
        "language": ("de-DE", "html"),
        "hreflang": (["de-AT", "de-DE", "nl-NL"], "hreflang"),
        "social_links": (["https://www.facebook.com/kaufhaus.example",
                          "https://www.instagram.com/kaufhaus.example/"], "html"),
        "marketplace_links": (["https://www.ebay.de/str/kaufhaus",
                               "https://www.zalando.de/kaufhaus/"], "html"),
        "app_links": (["https://apps.apple.com/de/app/kaufhaus/id987654321",
                       "https://play.google.com/store/apps/details?id=example.kaufhaus"], "html"),
        "script_srcs": (["https://kaufhaus.example/assets/listing.js",
                         "https://widget.trustpilot.com/bootstrap/v5/tp.widget.bootstrap.min.js"],
                        "html"),
        "has_json_ld": (1, "json-ld"),
        "languages": (["de", "nl"], "html"),
        "currencies": (["EUR"], "html"),
        "payment_methods": ([], "html"),
        "ship_to": ([], "html"),
        "loyalty_links": ([], "html"),
        "referral_links": ([], "html"),
        "affiliate_links": ([], "html"),
        "subscription_links": ([], "html"),
    }


def test_payment_badges_programmes_and_switchers():
    html = (PAGES / "paybadges" / "home-nl.html").read_bytes()
    signals = extract_store_signals(html, "https://fietsdirect.example/").as_signals()
    names = [m["name"] for m in signals["payment_methods"][0]]
    assert names == ["iDEAL", "Bancontact", "Klarna", "PayPal", "Apple Pay", "Visa"]
    assert {"name": "iDEAL", "markets": ["NL"]} in signals["payment_methods"][0]
    assert signals["currencies"][0] == ["EUR", "GBP"]
    assert signals["ship_to"][0] == ["BE", "DE", "GB", "NL"]
    assert signals["languages"][0] == ["de", "en", "fr", "nl"]
    assert signals["subscription_links"][0] == [
        "https://fietsdirect.example/collections/abonnement"]


@pytest.mark.parametrize(("html", "expected"), [
    ('<p>The ideal gift for cyclists</p>', []),  # iDEAL only from badges, not from prose
    ('<footer class="payment"><p>Zahlen Sie bequem mit Klarna oder Sofort.</p></footer>',
     ["Klarna", "Sofort"]),
    ('<img src="/i/konbini.png" alt="コンビニ決済"><img alt="PayPay">', ["Konbini", "PayPay"]),
    ('<div class="payment-methods"><span>PIX</span> <span>Boleto</span></div>', ["PIX", "Boleto"]),
    ('<img alt="tabby" src="/tabby.svg"><img alt="Cartes Bancaires" src="/cb.svg">',
     ["Cartes Bancaires", "Tabby"]),
    ('<ul class="pay"><li aria-label="Alipay"></li><li aria-label="WeChat Pay"></li></ul>',
     ["Alipay", "WeChat Pay"]),
    ('<img alt="Clearpay" src="/pay/clearpay.svg"><img alt="Afterpay">', ["Afterpay", "Clearpay"]),
    ('<img alt="Cash on Delivery"><img alt="代金引換">', ["Cash on Delivery"]),
    ('<div class="zahlungsarten">Vorkasse, Nachnahme, Giropay</div>',
     ["Vorkasse", "Cash on Delivery", "giropay"]),
])
def test_payment_methods_from_badges(html, expected):
    signals = extract_store_signals(f"<html><body>{html}</body></html>", "https://s.example/")
    assert sorted(m["name"] for m in signals.payment_methods) == sorted(expected)


@pytest.mark.parametrize(("html", "market", "expected"), [
    ('<span class="price">$24.99</span>', "US", ["USD"]),
    ('<span class="price">$24.99</span>', "CA", ["CAD"]),
    ('<span class="price">$24.99</span>', None, []),  # "$" alone is no currency
    ('<p>充電器の専門店。5,000円以上で送料無料。</p>', "JP", ["JPY"]),
    ('<p>Free UK delivery over £30.</p>', "GB", ["GBP"]),
    ('<li>Steckdosenleiste <b>24,99 €</b></li>', "DE", ["EUR"]),
    ('<p>Fri frakt över 499 kr</p>', "SE", ["SEK"]),
    ('<p>Versand 4,95 Euro</p>', None, ["EUR"]),
    ('<p>Lieferzeit 2–4 Werktage, 30 Tage Rückgaberecht</p>', "DE", []),
    ('<p>Power Bank 10,000 mAh, 3D printed case, USB-C 3.2</p>', "US", []),
    ('<p>Top 10 ALL time favourites</p>', "US", []),  # a word, not Albanian lek
    ('<script>var price = "€24.99";</script>', "DE", []),
])
def test_currencies_shown(html, market, expected):
    signals = extract_store_signals(f"<html><body>{html}</body></html>", "https://s.example/",
                                    market=market)
    assert signals.currencies == expected


def test_market_signals_are_what_a_localised_home_page_says_of_its_market():
    html = ('<html lang="de"><body><p>Kabel <span class="price">9,99 €</span></p>'
            '<footer class="payment"><img alt="Sofort"><img alt="PayPal"></footer>'
            '<a href="https://www.instagram.com/shop">Instagram</a></body></html>')
    signals = extract_store_signals(html, "https://s.example/de/", market="DE")
    assert signals.market_signals() == {
        "language": ("de", "html"), "currencies": (["EUR"], "html"),
        "payment_methods": ([{"name": "Sofort", "markets": ["DE", "AT", "CH", "BE", "NL", "IT",
                                                            "ES", "PL"]},
                             {"name": "PayPal", "markets": ["global"]}], "html")}


def test_payment_table_markets_are_country_codes():
    from parsers.payments import payment_table

    for method in payment_table():
        assert all(m == "global" or (isinstance(m, str) and len(m) == 2 and m.isupper())
                   for m in method.markets), method.name


@pytest.mark.parametrize(("html", "kind"), [
    ('<a href="/pages/rewards">Rewards</a>', "loyalty"),
    ('<a href="/treueprogramm">Treueprogramm</a>', "loyalty"),
    ('<a href="/fr/pages/programme-fidelite">Programme fidélité</a>', "loyalty"),
    ('<a href="/es/programa-de-puntos">Programa de puntos</a>', "loyalty"),
    ('<a href="/point/">ポイントについて</a>', "loyalty"),
    ('<a href="/pages/refer-a-friend">Refer a friend, get $10</a>', "referral"),
    ('<a href="/parrainage">Parrainage</a>', "referral"),
    ('<a href="/service/kwk.html">Kunden werben Kunden</a>', "referral"),
    ('<a href="/partnerprogramm">Partnerprogramm</a>', "affiliate"),
    ('<a href="https://shop.example/pages/affiliates">Affiliates</a>', "affiliate"),
    ('<a href="/subscribe-and-save">Subscribe & Save 15%</a>', "subscription"),
    ('<a href="/spar-abo">Spar-Abo</a>', "subscription"),
    ('<a href="/teiki">定期便</a>', "subscription"),
    ('<a href="/guide/teiki">定期おトク便</a>', "subscription"),
    ('<a href="/shop/regular">定期お届け便のご案内</a>', "subscription"),
])
def test_programme_links(html, kind):
    signals = extract_store_signals(f"<html><body>{html}</body></html>", "https://s.example/")
    assert len(signals.programmes[kind]) == 1
    others = [k for k, links in signals.programmes.items() if links and k != kind]
    assert others == []


def test_newsletter_is_not_a_subscription_programme():
    html = '<html><body><a href="/newsletter">Subscribe to our newsletter</a></body></html>'
    assert extract_store_signals(html, "https://s.example/").programmes["subscription"] == []


def test_malformed_links_are_no_signals_and_no_crash():
    html = ('<html lang="en"><head><script src="https://[cdn/x.js"></script>'
            '<link rel="alternate" hreflang="de" href="http://[de"></head><body>'
            '<a href="https://[::1/track">Track</a><a href="https://shop.example:port/rewards">'
            'Rewards club</a><a href="https://www.instagram.com/trailco">Instagram</a></body></html>')
    signals = extract_store_signals(html, "https://shop.example/")
    assert [s["name"] for s in signals.social] == ["instagram"]
    assert signals.script_srcs == []


@pytest.mark.parametrize(("href", "expected"), [
    ("../cart", "https://shop.example/cart"),
    ("  /p/2 ", "https://shop.example/p/2"),
    ("https://[::1/track", None),
    ("http://shop.example:port/", None),
    ("//cdn.example/x.js", "https://cdn.example/x.js"),
])
def test_absolute_url(href, expected):
    assert absolute_url("https://shop.example/p/1", href) == expected
