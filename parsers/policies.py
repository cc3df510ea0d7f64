"""Shipping, returns and FAQ pages → delivery days, free-shipping threshold, returns window,
shipping costs and ship-to countries, each with its evidence.

The page is read block by block (paragraphs, list items, table rows, headings); the first
block that states a value supplies it, so the promise for the main market (usually listed
first) wins. schema.org MerchantReturnPolicy (merchantReturnDays) beats the text for returns.
Use ``looks_like_policy_page`` to decide which pages to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from babel import Locale
from babel.numbers import get_currency_precision
from lxml import html as lxml_html

from parsers.delivery import parse_delivery_window, parse_returns_window
from parsers.html import as_tree, parse_problems, visible_text
from parsers.localisation import page_language
from parsers.prices import Price
from parsers.records import Evidence, Record
from parsers.schema_values import first
from parsers.shipping import parse_free_shipping_threshold, parse_shipping_cost
from parsers.snippets import element_snippet, json_snippet
from parsers.structured import json_ld_blocks, type_names
from parsers.textnorm import primary_language

#: Words in a policy page's path or title, in many languages.
POLICY_WORDS = [
    "shipping", "delivery", "returns", "return-policy", "refund", "faq", "help", "versand",
    "lieferung", "rueckgabe", "rückgabe", "retoure", "widerruf", "zahlung-und-versand",
    "livraison", "retours", "retour", "remboursement", "expedition", "envio", "envío", "envios",
    "devoluciones", "devolucion", "preguntas-frecuentes", "spedizione", "spedizioni", "resi",
    "reso", "verzending", "verzenden", "bezorging", "retourneren", "entrega", "frete",
    "devolucao", "trocas", "dostawa", "zwroty", "wysylka", "frakt", "leverans", "retur",
    "kargo", "iade", "teslimat", "配送", "送料", "返品", "お届け", "配送说明", "退货", "运费",
    "배송", "반품", "교환", "الشحن", "التوصيل", "الإرجاع", "policies", "policy",
]
_POLICY_RE = re.compile(
    "|".join(rf"(?<![^\W\d_]){re.escape(w)}s?(?![^\W\d_])" if w.isascii() else re.escape(w)
             for w in POLICY_WORDS), re.IGNORECASE)  # "/resi" but not "/residential"
#: Words that say the countries that follow are shipping destinations.
SHIP_TO_WORDS = re.compile(
    r"ship to|ships to|deliver to|we deliver|we ship|shipping to|destinations|countries|"
    r"liefern (?:nach|in)|versenden (?:nach|in)|lieferländer|lieferung nach|versand nach|"
    r"livrons|livraison (?:en|vers|au|aux)|pays|enviamos|envíos a|países|spediamo|"
    r"spedizioni in|paesi|leveren (?:in|naar)|verzenden naar|landen|entregamos|wysyłamy|"
    r"kraje|levererar till|skickar till|länder|配送地域|配送可能|配送范围|配送地区|배송 지역|"
    r"배송 국가|نشحن|الدول|gönderim|ülkeler", re.IGNORECASE)
#: Names shops write that CLDR does not list, in any language: short forms, and the United
#: Kingdom's nations ("Northern Ireland" is GB, not Ireland; longer names are matched first).
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "großbritannien": "GB", "grande-bretagne": "GB",
    "gran bretaña": "GB", "usa": "US", "u.s.": "US", "u.s.a.": "US", "uae": "AE",
}
_BLOCKS = ("//body//*[self::p or self::li or self::tr or self::dd or self::dt or self::h1 or "
           "self::h2 or self::h3 or self::h4 or self::summary or self::td or "
           "(self::div and not(.//p or .//div or .//li or .//table))]")


@dataclass
class PolicySignals(Record):
    """What a shipping / returns / FAQ page states."""

    url: str
    """The page read."""
    delivery_min_days: int | None = None
    """Fewest days to delivery of the first promise on the page: 2 for "2–4 Werktage"."""
    delivery_max_days: int | None = None
    """Most days to delivery of that promise: 4 for "2–4 Werktage", 2 for "sous 48h"."""
    free_shipping_threshold: Price | None = None
    """Order value from which shipping is free: Price(Decimal("49"), "EUR", raw)."""
    returns_days: int | None = None
    """Days a buyer has to return an item: 30 for "30 Tage Rückgaberecht"."""
    shipping_costs: list[dict[str, Any]] = field(default_factory=list)
    """Shipping costs stated, in page order: [{"amount": "4.95", "currency": "EUR",
    "free": False, "raw": "Standardversand: 4,95 €"}]."""
    ship_to: list[str] = field(default_factory=list)
    """Countries the store says it ships to, as ISO codes, sorted: ["AT", "CH", "DE"]."""
    problems: list[str] = field(default_factory=list)
    """What could not be read: "decoding: …", "empty document"."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per field: "delivery_min_days", "returns_days", "ship_to", …"""

    def as_signals(self) -> dict[str, tuple[Any, str]]:
        """Rows for the store_signals table: signal → (value, source). Only stated values:
        a signal the page does not state is left out rather than written as 0."""
        out: dict[str, tuple[Any, str]] = {}
        for name in ("delivery_min_days", "delivery_max_days", "returns_days"):
            if getattr(self, name) is not None:
                out[name] = (getattr(self, name), self.evidence[name].source)
        threshold = self.free_shipping_threshold
        if threshold is not None and threshold.amount is not None:
            out["free_shipping_threshold"] = (
                {"amount": _money(threshold.amount, threshold.currency),
                 "currency": threshold.currency},
                self.evidence["free_shipping_threshold"].source)
        if self.ship_to:
            out["ship_to"] = (self.ship_to, self.evidence["ship_to"].source)
        if self.shipping_costs:
            out["shipping_costs"] = (self.shipping_costs, "text")
        return out


def _money(amount: Decimal, currency: str | None) -> str:
    digits = get_currency_precision(currency) if currency else 2
    return str(amount.quantize(Decimal(1).scaleb(-digits)))


def looks_like_policy_page(url: str, tree: lxml_html.HtmlElement | None = None) -> bool:
    """Whether a page is a shipping, returns or FAQ page, by words in its path or title
    ("/versand", "/pages/shipping-policy", "/fr/livraison", "配送について")."""
    path = unquote(urlsplit(url).path or "")
    if _POLICY_RE.search(path):
        return True
    if tree is not None:
        for title in tree.xpath("//title/text() | //h1//text()")[:5]:
            if _POLICY_RE.search(title):
                return True
    return False


@lru_cache(maxsize=16)
def _country_names(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    names: dict[str, str] = {}
    for code in dict.fromkeys([lang or "en", "en"]):
        try:
            territories = Locale.parse(code).territories
        except Exception:  # an unknown language only loses its country names
            continue
        for territory, name in territories.items():
            if len(territory) == 2 and territory.isalpha() and territory not in ("ZZ", "EU", "UN")\
                    and (len(name) > 3 or not name.isascii()):
                names.setdefault(name.lower(), territory)
    for alias, territory in COUNTRY_ALIASES.items():
        names.setdefault(alias, territory)
    ordered = sorted(names, key=len, reverse=True)
    def pattern(name: str) -> re.Pattern[str]:
        if name.isascii() or name[:1].isalpha() and ord(name[0]) < 0x2E80:
            return re.compile(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])")
        return re.compile(re.escape(name))  # CJK runs words together: "日本国内のみ"

    return tuple((pattern(n), names[n]) for n in ordered)


def countries_in(text: str, lang: str | None) -> list[str]:
    """ISO codes of the country names in a text, in the page language or English."""
    lower = text.lower()
    found = []
    for pattern, code in _country_names(primary_language(lang)):
        if pattern.search(lower):
            found.append(code)
            lower = pattern.sub(" ", lower)  # "Vereinigtes Königreich" is not also "Königreich"
    return found


def _blocks(tree: lxml_html.HtmlElement) -> list[tuple[lxml_html.HtmlElement, str]]:
    out = []
    for element in tree.xpath(_BLOCKS):
        if element.xpath("ancestor::script or ancestor::style or ancestor::nav or ancestor::footer"
                         " or ancestor::header"):
            continue
        text = visible_text(element)
        if text and len(text) <= 400:
            out.append((element, text))
    return out


def _return_policy(tree: lxml_html.HtmlElement, signals: PolicySignals) -> None:
    items, problems = json_ld_blocks(tree)
    signals.problems += problems
    stack = list(items)
    while stack:
        item = stack.pop(0)
        if not isinstance(item, dict):
            continue
        if "MerchantReturnPolicy" in type_names(item):
            days = first(item.get("merchantReturnDays"))
            if isinstance(days, (int, Decimal)) or (isinstance(days, str) and days.isdigit()):
                signals.returns_days = int(days)
                signals.evidence["returns_days"] = Evidence(
                    signals.url, "json-ld", json_snippet(item, "merchantReturnDays"))
                return
        for value in item.values():
            stack.extend(value if isinstance(value, list) else [value])


def extract_policies(html: str | bytes | lxml_html.HtmlElement, url: str, lang: str | None = None,
                     currency_hint: str | None = None, today: date | None = None
                     ) -> PolicySignals:
    """Delivery days, free-shipping threshold, returns window, shipping costs and ship-to
    countries stated on a policy page (HTML text, bytes or a ``parse_html`` tree)."""
    tree = as_tree(html, url)
    signals = PolicySignals(url=url, problems=parse_problems(tree))
    lang = lang or page_language(tree)
    _return_policy(tree, signals)
    ship_to: dict[str, None] = {}
    ship_to_element = None
    for element, block in _blocks(tree):
        snippet = Evidence(url, "text", element_snippet(element))
        window = parse_delivery_window(block, lang, today)
        if signals.delivery_max_days is None and window.found and window.kind == "delivery":
            signals.delivery_min_days, signals.delivery_max_days = window.min_days, window.max_days
            signals.evidence["delivery_min_days"] = signals.evidence["delivery_max_days"] = snippet
        if signals.free_shipping_threshold is None:
            threshold = parse_free_shipping_threshold(block, currency_hint)
            if threshold is not None:
                signals.free_shipping_threshold = threshold
                signals.evidence["free_shipping_threshold"] = snippet
        if signals.returns_days is None:
            days = parse_returns_window(block, lang)
            if days is not None:
                signals.returns_days = days
                signals.evidence["returns_days"] = snippet
        cost = parse_shipping_cost(block, currency_hint)
        if cost.amount is not None and len(signals.shipping_costs) < 20:
            signals.shipping_costs.append({"amount": str(cost.amount), "currency": cost.currency,
                                           "free": cost.free, "raw": block})
        if SHIP_TO_WORDS.search(block) or window.found or cost.amount is not None:
            countries = countries_in(block, lang)
            if countries and ship_to_element is None:
                ship_to_element = element
            ship_to.update(dict.fromkeys(countries))
    if ship_to:
        signals.ship_to = sorted(ship_to)
        signals.evidence["ship_to"] = Evidence(url, "text", element_snippet(ship_to_element))
    return signals

