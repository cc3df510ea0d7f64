"""Payment methods a store page shows (badges, icons, checkout buttons), with the markets
they serve, from the table ``parsers/data/payment_methods.yaml``.

Read from where payment badges live, not from the whole text (so "the ideal gift" is not
iDEAL): img alt / src / title, aria-label and title attributes, class names, svg <title>, and
the text of elements whose class or id speaks of payment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from lxml import html as lxml_html

from parsers.html import visible_text

TABLE = Path(__file__).with_name("data") / "payment_methods.yaml"
_PAYMENT_SECTION = re.compile(
    r"payment|zahlung|zahlarten|paiement|pago|pagament|betaal|betaling|płatno|platnosc|"
    r"betalning|決済|支払|支付|결제|الدفع|ödeme|odeme", re.IGNORECASE)


@dataclass(frozen=True)
class PaymentMethod:
    name: str
    """Display name: "iDEAL"."""
    markets: tuple[str, ...]
    """ISO country codes it serves, or ("global",)."""
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def payment_table() -> tuple[PaymentMethod, ...]:
    """The payment-method table, loaded once."""
    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return tuple(PaymentMethod(row["name"], tuple(row["markets"]),
                               re.compile("|".join(row["patterns"]), re.IGNORECASE))
                 for row in rows)


def _candidates(tree: lxml_html.HtmlElement) -> list[tuple[str, lxml_html.HtmlElement]]:
    """(text, element) pairs where a payment method can show itself."""
    out = []
    for element in tree.xpath("//img | //*[@aria-label] | //*[@title][not(self::a)] | "
                              "//*[local-name()='svg']/*[local-name()='title'] | "
                              "//*[@class][not(self::html or self::body)] | //use[@href]"):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "link", "meta"):
            continue
        if element.tag == "img":
            parts = [element.get("alt"), element.get("src"), element.get("title"),
                     element.get("data-src")]
        elif element.tag == "use":
            parts = [element.get("href")]
        elif element.tag.endswith("title"):
            parts = [element.text]
        else:
            parts = [element.get("aria-label"), element.get("title"), element.get("class")]
        text = " ".join(p for p in parts if p)
        if text:
            out.append((text.replace("-", " ").replace("_", " ").replace("/", " "), element))
    for section in tree.xpath("//*[@class or @id]"):
        marker = f"{section.get('class', '')} {section.get('id', '')}"
        if isinstance(section.tag, str) and _PAYMENT_SECTION.search(marker):
            text = visible_text(section)
            if text and len(text) <= 600:
                out.append((text, section))
    return out


def payment_methods(tree: lxml_html.HtmlElement
                    ) -> list[tuple[PaymentMethod, lxml_html.HtmlElement]]:
    """Methods found on the page with the element that showed each, in table order."""
    candidates = _candidates(tree)
    found = []
    for method in payment_table():
        for text, element in candidates:
            if method.pattern.search(text):
                found.append((method, element))
                break
    return found
