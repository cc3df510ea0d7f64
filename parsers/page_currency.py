"""The currency a page states for a price it shows with a shared symbol ("$", "kr", "Rs.").

A "$" alone never names a currency, but a page often states it elsewhere:

- beside the same amount: "Rs. 2,999.00 INR" in a variant list (Shopify's
  money-with-currency format), "$24.99 USD";
- in its scripts: Shopify's ``Shopify.currency = {"active": "CAD", ...}``, a data layer's
  ``"currency": "USD"`` or ``currencyCode: 'AUD'``.

Either counts only when every code found agrees and is one the symbol can stand for.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from parsers.html import NOT_SHOWN, visible_text
from parsers.snippets import cut
from parsers.visible import shown

_NUMBER = re.compile(r"\d(?:[\d.,\s\u00a0\u202f']*\d)?")
_DECLARED = re.compile(
    r"""["']?\b(?:currency|currencyCode|currency_code|priceCurrency)["']?\s*[:=]\s*"""
    r"""["']([A-Z]{3})["']"""
    r"""|Shopify\.currency\s*=\s*\{[^{}]*?["']active["']\s*:\s*["']([A-Z]{3})["']""")


#: How long a text holding the amount and its code may be ("Default Title - Rs. 2,999.00 INR").
MAX_BESIDE_TEXT = 80
#: Places holding the amount that are read at most (a "10" stands in every review).
MAX_PLACES = 50
_SPACES = "\u00a0\u202f\u2009"
_IN_NOT_SHOWN = ("boolean(ancestor-or-self::*["
                 + " or ".join(f"self::{tag}" for tag in NOT_SHOWN) + "])")


def currency_beside_amount(tree: lxml_html.HtmlElement, raw: str,
                           family: frozenset[str]) -> tuple[str | None, Any]:
    """(code, element): the ISO code of ``family`` the page shows right after the amount of
    ``raw`` ("Rs. 2,999.00" → "Rs. 2,999.00 INR"), in a short shown text (the element holding
    the amount, or the one around it: "<b>$24.99</b> CAD"), when all such codes agree.

    >>> from parsers.html import parse_html
    >>> page = parse_html('<p>$24.99</p><select><option>M - $24.99 USD</option></select>')
    >>> currency_beside_amount(page, "$24.99", frozenset({"USD", "CAD"}))[0]
    'USD'
    """
    number = _NUMBER.search(raw)
    if number is None:
        return None, None
    amount = " ".join(number.group(0).split())
    after = re.compile(r"(?<![\d.,])" + re.escape(amount) + r"\s*([A-Z]{3})(?![A-Za-z])")
    found: dict[str, Any] = {}
    places = tree.xpath("//body//text()[contains(translate(., $nb, $sp), $n)]",
                        n=amount, nb=_SPACES, sp=" " * len(_SPACES))
    for node in places[:MAX_PLACES]:
        element = node.getparent()
        if node.is_tail:
            element = element.getparent()
        if element is None or element.xpath(_IN_NOT_SHOWN) or not shown(element):
            continue
        text = visible_text(element, MAX_BESIDE_TEXT)
        if len(text) > MAX_BESIDE_TEXT:
            continue
        holder, codes = element, after.findall(text)
        if not codes and not node.is_tail and (element.tail or "").strip():
            # "<b>$24.99</b> CAD": the code follows the element
            tail = " ".join(element.tail.split())[:MAX_BESIDE_TEXT]
            holder, codes = element.getparent(), after.findall(f"{text} {tail}")
        for code in codes:
            if code in family:
                found.setdefault(code, holder)
    return next(iter(found.items())) if len(found) == 1 else (None, None)


def declared_currency(tree: lxml_html.HtmlElement,
                      family: frozenset[str]) -> tuple[str | None, str | None]:
    """(code, fragment): the one currency the page's scripts declare (``Shopify.currency``'s
    active one, a data layer's ``"currency": "USD"``), when it is one of ``family``; None
    when they declare none, several, or one the symbol cannot stand for.

    >>> from parsers.html import parse_html
    >>> page = parse_html('<script>Shopify.currency = {"active":"CAD","rate":"1.0"};</script>')
    >>> declared_currency(page, frozenset({"USD", "CAD"}))
    ('CAD', 'Shopify.currency = {"active":"CAD"')
    """
    codes: dict[str, str] = {}
    for script in tree.xpath("//script[not(contains(@type, 'ld+json'))]"):
        for match in _DECLARED.finditer(script.text or ""):
            codes.setdefault(match.group(1) or match.group(2), match.group(0))
    if len(codes) != 1:
        return None, None
    code, fragment = next(iter(codes.items()))
    return (code, cut(fragment)) if code in family else (None, None)
