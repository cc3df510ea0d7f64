"""Store-level signals of one page (usually the home page): languages, currencies, payment
methods, ship-to countries, links to channels and programmes, scripts.

What a page declares and links to: languages from <html lang>, hreflang and language
switchers; currencies from currency switchers, structured data and prices shown; payment
methods from badges (``parsers.payments``); ship-to countries from country selectors;
loyalty / referral / affiliate / subscription programme links (``parsers.programmes``).
Detecting platforms, chat and the like from scripts is ``parsers.technologies``' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from parsers.html import as_tree, parse_problems, visible_text
from parsers.links import find_links, script_srcs
from parsers.localisation import (hreflang_with_evidence, language_with_evidence,
                                  normalise_language_tag)
from parsers.payments import payment_methods
from parsers.prices import currency_in_text, market_currency, normalise_currency
from parsers.programmes import programme_links
from parsers.records import Evidence, Record
from parsers.snippets import element_snippet

_JSON_LD = "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"

MARKET_SIGNALS = ("language", "currencies", "payment_methods")
"""Signals a localised home page states for its own market ("/de/": German, EUR, Sofort)."""


@dataclass
class StoreSignals(Record):
    """What a store page declares about languages and links to elsewhere."""

    url: str
    """The page read."""
    language: str | None = None
    """BCP 47 language of the page: "ja-JP"."""
    hreflang: list[str] = field(default_factory=list)
    """Alternate language codes declared, sorted and unique ("x-default" kept)."""
    social: list[dict[str, str]] = field(default_factory=list)
    """Social channels linked: [{"name": "instagram", "url": "https://instagram.com/acme"}]."""
    marketplaces: list[dict[str, str]] = field(default_factory=list)
    """Marketplace storefronts linked: [{"name": "amazon", "url": "https://amazon.de/…"}]."""
    apps: list[dict[str, str]] = field(default_factory=list)
    """Own apps linked: [{"name": "app-store", "url": "https://apps.apple.com/…/app/…"}]."""
    script_srcs: list[str] = field(default_factory=list)
    """Absolute src URLs of the page's scripts, in page order."""
    has_json_ld: bool = False
    """Whether the page carries any <script type="application/ld+json"> block."""
    languages: list[str] = field(default_factory=list)
    """Primary language subtags the store offers, sorted: ["de", "en", "fr"] (from <html lang>,
    hreflang and language switchers)."""
    currencies: list[str] = field(default_factory=list)
    """ISO 4217 codes offered or shown, sorted: ["CHF", "EUR"] (currency switchers,
    priceCurrency, prices with an unambiguous symbol or code)."""
    payment_methods: list[dict[str, Any]] = field(default_factory=list)
    """Payment methods shown, with the markets they serve:
    [{"name": "iDEAL", "markets": ["NL"]}, {"name": "PayPal", "markets": ["global"]}]."""
    ship_to: list[str] = field(default_factory=list)
    """Countries offered in a country / shipping-destination selector, sorted ISO codes."""
    programmes: dict[str, list[str]] = field(default_factory=dict)
    """Programme links by kind: {"loyalty": [url…], "referral": […], "affiliate": […],
    "subscription": […]}."""
    problems: list[str] = field(default_factory=list)
    """What could not be read: "decoding: …", "empty document"."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per signal: "language", "hreflang", "social.instagram", "apps.app-store", …"""

    def as_signals(self) -> dict[str, tuple[Any, str]]:
        """Rows for the store_signals table: signal name → (value, source).

        Lists hold URLs or codes (an empty list is a real zero: the page had none);
        ``has_json_ld`` is 1 or 0; a language the page does not declare is None.
        """
        language_ev = self.evidence.get("language")
        return {
            "language": (self.language, language_ev.source if language_ev else "html"),
            "hreflang": (self.hreflang, "hreflang"),
            "social_links": ([s["url"] for s in self.social], "html"),
            "marketplace_links": ([m["url"] for m in self.marketplaces], "html"),
            "app_links": ([a["url"] for a in self.apps], "html"),
            "script_srcs": (self.script_srcs, "html"),
            "has_json_ld": (int(self.has_json_ld), "json-ld"),
            "languages": (self.languages, "html"),
            "currencies": (self.currencies, "html"),
            "payment_methods": (self.payment_methods, "html"),
            "ship_to": (self.ship_to, "html"),
            **{f"{kind}_links": (self.programmes.get(kind, []), "html")
               for kind in ("loyalty", "referral", "affiliate", "subscription")},
        }

    def market_signals(self) -> dict[str, tuple[Any, str]]:
        """The rows of ``as_signals`` that describe the page's market (``MARKET_SIGNALS``)."""
        return {name: row for name, row in self.as_signals().items() if name in MARKET_SIGNALS}


def extract_store_signals(html: str | bytes | lxml_html.HtmlElement, url: str,
                          market: str | None = None) -> StoreSignals:
    """Languages, social / marketplace / app links and scripts of one page (HTML or a tree).

    ``market`` (a country code) settles prices in a shared symbol: "$24.99" is USD in "US".
    """
    tree = as_tree(html, url)
    signals = StoreSignals(url=url, problems=parse_problems(tree))
    signals.language, language_ev = language_with_evidence(tree, url)
    if language_ev:
        signals.evidence["language"] = language_ev
    signals.hreflang, hreflang_ev = hreflang_with_evidence(tree, url)
    if hreflang_ev:
        signals.evidence["hreflang"] = hreflang_ev
    lists = {"social": signals.social, "marketplaces": signals.marketplaces, "apps": signals.apps}
    for link in find_links(tree, url):
        lists[link.kind].append({"name": link.name, "url": link.url})
        link_ev = Evidence(url, "html", element_snippet(link.element))
        signals.evidence.setdefault(f"{link.kind}.{link.name}", link_ev)
    for items in lists.values():
        items.sort(key=lambda item: (item["name"], item["url"]))
    signals.script_srcs = script_srcs(tree, url)
    signals.has_json_ld = bool(tree.xpath(_JSON_LD))
    _localisation(signals, tree, url, market)
    for method, element in payment_methods(tree):
        signals.payment_methods.append({"name": method.name, "markets": list(method.markets)})
        signals.evidence[f"payment_methods.{method.name}"] = Evidence(
            url, "html", element_snippet(element))
    for kind, links in programme_links(tree, url).items():
        signals.programmes[kind] = [href for href, _ in links]
        if links:
            signals.evidence[f"{kind}_links"] = Evidence(url, "html", element_snippet(links[0][1]))
    return signals


_SWITCHER = ("//select[contains(translate(@name, 'LANGUE', 'langue'), 'lang') or "
             "contains(translate(@id, 'LANGUE', 'langue'), 'lang') or @name='locale']//option"
             " | //*[@name='language_code' or @name='locale_code']/@value"
             " | //*[contains(@class, 'lang') or contains(@class, 'locale')]//a[@hreflang or @lang]"
             " | //a[@hreflang]")
_CURRENCY_SWITCHER = ("//select[contains(translate(@name, 'CURENY', 'cureny'), 'currency') or "
                      "contains(translate(@id, 'CURENY', 'cureny'), 'currency')]//option"
                      " | //*[@name='currency_code']/@value | //*[@data-currency]/@data-currency"
                      " | //*[contains(@class, 'currency')]//*[@data-value]/@data-value")
_COUNTRY_SELECT = ("//select[contains(translate(@name, 'COUNTRY', 'country'), 'country') or "
                   "contains(translate(@id, 'COUNTRY', 'country'), 'country')]//option"
                   " | //*[@name='country_code']/@value")
_PRICES = ("//*[@itemprop='priceCurrency']/@content | //meta[@property='product:price:currency']"
           "/@content | //*[contains(@class, 'price')][not(*)]")
_TEXTS = ("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
          " or ancestor::template)][string-length() <= 200]")
#: A number shown as text, and what may name its currency before or after it: "$24.99",
#: "US$ 24", "5,000円", "4,95 €", "4,95 Euro" (not "3D", "48h": a letter or digit runs on).
_NUMBER = re.compile(r"(?<![\w.,])\d(?:[\d.,\u00a0\u202f]*\d)?(?![A-Za-z\d])")
_BEFORE = re.compile(r"\S{1,3}\s?$")
_AFTER = re.compile(r"\s?(?:[A-Za-z\u00C0-\u024F]{1,5}(?![A-Za-z\u00C0-\u024F])|[^\w\s]{1,2}|\w)")


def _values(tree: lxml_html.HtmlElement, xpath: str) -> list[tuple[str, Any]]:
    out = []
    for node in tree.xpath(xpath):
        if isinstance(node, str):
            out.append((node, node.getparent()))
        elif node.tag == "option":
            out.append((node.get("value") or node.text_content(), node))
        elif node.tag == "a":
            out.append((node.get("hreflang") or node.get("lang") or "", node))
        else:
            out.append((visible_text(node), node))
    return out


def _shown_currencies(tree: lxml_html.HtmlElement, market: str | None
                      ) -> list[tuple[str, lxml_html.HtmlElement]]:
    """(ISO code, element) of the prices in the page's short visible texts ("ab 5,000円").

    A bare code counts only for the market's own currency: in running text "10 ALL" or
    "2 PEN" is more likely a word than Albanian lek or Peruvian sol.
    """
    found = []
    for text, element in _values(tree, _TEXTS):
        for number in _NUMBER.finditer(text):
            before = _BEFORE.search(text[max(0, number.start() - 4):number.start()])
            after = _AFTER.match(text, number.end())
            for marker in (before and before.group(0), after and after.group(0)):
                if not marker or marker.strip().isupper() and marker.strip().isalpha() \
                        and marker.strip() != market_currency(market):
                    continue
                code = currency_in_text(f"{marker} {number.group(0)}", market=market)
                if code:
                    found.append((code, element))
                    break
    return found


def _localisation(signals: StoreSignals, tree: lxml_html.HtmlElement, url: str,
                  market: str | None) -> None:
    languages: dict[str, None] = {}
    for tag in [signals.language, *signals.hreflang]:
        if tag and tag != "x-default":
            languages[tag.split("-")[0]] = None
    for value, element in _values(tree, _SWITCHER):
        tag = normalise_language_tag(value.strip())
        if tag and tag != "x-default":
            if tag.split("-")[0] not in languages:
                signals.evidence.setdefault("languages", Evidence(
                    url, "html", element_snippet(element)))
            languages[tag.split("-")[0]] = None
    signals.languages = sorted(languages)
    currencies: dict[str, None] = {}
    for value, element in _values(tree, _CURRENCY_SWITCHER):
        code = normalise_currency(value.strip()[:3]) if value.strip()[:3].isalpha() else None
        code = code or currency_in_text(value)
        if code:
            currencies[code] = None
            signals.evidence.setdefault("currencies", Evidence(url, "html",
                                                               element_snippet(element)))
    for value, element in _values(tree, _PRICES)[:60]:
        if len(value) > 40:
            continue
        code = (normalise_currency(value) if len(value.strip()) == 3
                else currency_in_text(value, market=market))
        if code and (len(value.strip()) == 3 or any(c.isdigit() for c in value)):
            currencies[code] = None
            signals.evidence.setdefault("currencies", Evidence(url, "html",
                                                               element_snippet(element)))
    for code, element in _shown_currencies(tree, market):
        currencies[code] = None
        signals.evidence.setdefault("currencies", Evidence(url, "html", element_snippet(element)))
    signals.currencies = sorted(currencies)
    countries: dict[str, None] = {}
    for value, element in _values(tree, _COUNTRY_SELECT):
        code = value.strip().upper()
        if len(code) == 2 and code.isalpha():
            countries[code] = None
            signals.evidence.setdefault("ship_to", Evidence(url, "html", element_snippet(element)))
    signals.ship_to = sorted(countries)
