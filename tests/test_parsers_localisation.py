"""Language tags, page language and hreflang, as tables of real examples."""

from __future__ import annotations

from typing import NamedTuple

import lxml.html
import pytest

from parsers.localisation import (
    alternate_urls,
    hreflang,
    language_with_evidence,
    normalise_language_tag,
    page_language,
)


class Example(NamedTuple):
    text: str | None
    expected: str | None


TAGS = [
    Example("de-de", "de-DE"),
    Example("en_US", "en-US"),
    Example("EN", "en"),
    Example("ja", "ja"),
    Example("zh-hant-tw", "zh-Hant-TW"),
    Example("ZH-HANS-cn", "zh-Hans-CN"),
    Example("es-419", "es-419"),
    Example("sr-Latn-RS", "sr-Latn-RS"),
    Example("x-default", "x-default"),
    Example("X-Default", "x-default"),
    Example(" fr-FR ", "fr-FR"),
    Example("de-DE, en", "de-DE"),
    Example("{{ locale }}", None),
    Example("", None),
    Example(None, None),
    Example("english", None),
    pytest.param(Example("en-GB-oxendict", "en-GB-oxendict"), id="variant"),
    pytest.param(Example("iw", "he"), marks=pytest.mark.xfail(
        reason="deprecated codes are not mapped to their replacements", strict=True)),
]


@pytest.mark.parametrize("example", TAGS, ids=lambda e: repr(e.text))
def test_normalise_language_tag(example: Example):
    assert normalise_language_tag(example.text) == example.expected


PAGES = [
    Example('<html lang="de-de"><head></head><body></body></html>', "de-DE"),
    Example('<html lang="en_US"><body></body></html>', "en-US"),
    Example('<html><head><meta property="og:locale" content="fr_FR"></head></html>', "fr-FR"),
    Example('<html><head><meta http-equiv="Content-Language" content="ja"></head></html>', "ja"),
    Example('<html lang=""><head><meta property="og:locale" content="sv_SE"></head></html>',
            "sv-SE"),
    Example('<html lang="{{ lang }}"><head>'
            '<meta http-equiv="content-language" content="nl"></head></html>', "nl"),
    Example('<html><body><p>Hallo</p></body></html>', None),
    # <meta name="language">: a code or a language name, in English or in the language itself
    Example('<html><head><meta name="language" content="ES"></head></html>', "es"),
    Example('<html><head><meta name="Language" content="German"></head></html>', "de"),
    Example('<html><head><meta name="language" content="polski"></head></html>', "pl"),
    Example('<html><head><meta name="DC.language" content="fr-CA"></head></html>', "fr-CA"),
    Example('<html><head><meta name="language" content="Klingon-ish"></head></html>', None),
    # declarations that disagree: most of them win, a tie goes to <html lang>
    Example('<html lang="en"><head><meta property="og:locale" content="pl_PL">'
            '<meta http-equiv="content-language" content="pl"></head></html>', "pl-PL"),
    Example('<html lang="en"><head><meta property="og:locale" content="pl_PL"></head></html>',
            "en"),
    Example('<html lang="de-DE"><head><meta property="og:locale" content="de_DE">'
            '<meta name="language" content="en"></head></html>', "de-DE"),
]


@pytest.mark.parametrize("example", PAGES, ids=lambda e: e.text[:40])
def test_page_language(example: Example):
    assert page_language(lxml.html.document_fromstring(example.text)) == example.expected


def test_language_evidence_names_its_source():
    tree = lxml.html.document_fromstring(
        '<html><head><meta property="og:locale" content="fr_FR"></head></html>')
    language, evidence = language_with_evidence(tree, "https://shop.example/")
    assert language == "fr-FR"
    assert evidence.to_dict() == {"url": "https://shop.example/", "source": "opengraph",
                                  "snippet": '<meta property="og:locale" content="fr_FR">'}


def test_the_hreflang_link_to_the_page_itself_states_its_language():
    tree = lxml.html.document_fromstring(
        '<html lang="en"><head><meta property="og:locale" content="cs_CZ">'
        '<link rel="alternate" hreflang="cs-CZ" href="https://shop.example/cs/p/1/">'
        '<link rel="alternate" hreflang="en" href="https://shop.example/en/p/1"></head></html>')
    language, evidence = language_with_evidence(tree, "https://shop.example/cs/p/1")
    assert language == "cs-CZ" and evidence.source == "opengraph"
    assert language_with_evidence(tree, "https://shop.example/en/p/1")[0] == "en"


def test_alternates_all_in_one_language_state_the_page_s_language():
    """A store whose versions differ only by market (en-GB, en-SE, en-NO): the page, one of
    them, is in that language even when nothing else says so; mixed languages say nothing."""
    links = ('<link rel="alternate" hreflang="en-GB" href="https://shop.example/en_gbp/p/1">'
             '<link rel="alternate" hreflang="en-SE" href="https://shop.example/en_sek/p/1">'
             '<link rel="alternate" hreflang="x-default" href="https://shop.example/en_eur/p/1">')
    tree = lxml.html.document_fromstring(f"<html><head>{links}</head></html>")
    language, evidence = language_with_evidence(tree, "https://shop.example/en_eur/p/1")
    assert language == "en" and evidence.source == "hreflang"
    mixed = links.replace('hreflang="en-SE"', 'hreflang="sv-SE"')
    assert page_language(lxml.html.document_fromstring(f"<html><head>{mixed}</head></html>")) is None
    one = links.split("<link", 2)[1]
    assert page_language(lxml.html.document_fromstring(f"<html><head><link{one}</head></html>")) is None


ALTERNATES = lxml.html.document_fromstring("""<html><head>
  <link rel="alternate" hreflang="en-us" href="/en-us/">
  <link rel="alternate" hreflang="EN-US" href="/en-us/?ref=1">
  <link rel="alternate" hreflang="de_DE" href="/de/#top">
  <link rel="alternate" hreflang="x-default" href="https://shop.example/">
  <link rel="alternate" hreflang="fr-FR" href=" https://fr.shop.example/ ">
  <link rel="alternate" hreflang="{{ code }}" href="/bad/">
  <link rel="canonical" hreflang="fr" href="/fr/">
  <link rel="alternate" type="application/rss+xml" href="/feed">
</head><body></body></html>""")


def test_hreflang_sorted_unique_normalised():
    assert hreflang(ALTERNATES, "https://shop.example/") == ["de-DE", "en-US", "fr-FR",
                                                             "x-default"]


def test_alternate_urls_absolute_unique_in_page_order():
    assert alternate_urls(ALTERNATES, "https://shop.example/de/") == [
        "https://shop.example/en-us/", "https://shop.example/en-us/?ref=1",
        "https://shop.example/de/", "https://shop.example/", "https://fr.shop.example/"]


def page(html_attrs: str, body: str) -> str:
    return f"<html {html_attrs}><head><title>Shop</title></head><body>{body}</body></html>"


TEXT_PAGES = [
    # nothing declared: the visible text tells
    (page("", "<h1>Bügeleisen DX 2400</h1><p>Lieferung in 1-3 Werktagen</p><p>Nur noch 3 "
              "Stück auf Lager. Jetzt in den Warenkorb legen und bequem per Rechnung bezahlen."
              "</p>"), "de", "text"),
    (page("", "<h1>شاحن سريع</h1><p>متوفر في المخزون. يشحن خلال يومين إلى جميع مدن المملكة."
              "</p><button>أضف إلى السلة</button>"), "ar", "text"),
    (page("", "<h1>Samsung Galaxy A26</h1><p>Delivery within 3 working days. Cash on delivery "
              "available for all orders in Dhaka city.</p>"), "en", "text"),
    # a declaration in another script than nearly all of the text is overruled
    (page('lang="en"', "<h1>Пералня Samsung WW90</h1><p>Безплатна доставка до адрес. Цената е "
                       "с включен ДДС. Добави в количката и поръчай онлайн още днес.</p>"),
     "bg", "text"),
    # within one script the declaration stands: English product names on a German page
    (page('lang="de"', "<h1>Wireless Charging Pad Pro</h1><p>Fast charging for iPhone and "
                       "Android phones, with a braided cable and a travel case included.</p>"),
     "de", "html"),
    # a Japanese page whose letters are mostly Latin (model names) keeps its declaration
    (page('lang="ja"', "<h1>Fender Player II Stratocaster HSS Rosewood Fingerboard</h1>"
                       "<p>送料無料 在庫あり Black Sunburst</p>"), "ja", "html"),
    # too little text: a title and a price are not a language
    (page("", "<h1>iPhone 17</h1><p>999 €</p>"), None, None),
]


@pytest.mark.parametrize(("html", "language", "source"), TEXT_PAGES)
def test_page_language_from_visible_text(html, language, source):
    found, evidence = language_with_evidence(lxml.html.document_fromstring(html),
                                             "https://shop.example/p/1")
    assert found == language
    assert (evidence.source if evidence else None) == source
