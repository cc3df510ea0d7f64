"""Shipping cost ("Shipping: $4.99", "Versandkostenfrei") and free-shipping thresholds
("Free UK delivery on orders over £30", "Kostenloser Versand ab 49 €", "送料無料（5,000円以上）").

Amounts go through ``parsers.prices`` (so currencies follow the same strict rules); a text
with a threshold is not read as "free shipping" for every order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from parsers.prices import Price, currency_in_text, expand_numbers, parse_price
from parsers.records import Record
from parsers.textnorm import normalise_text, words_pattern

FREE_WORDS = [
    "free shipping", "free delivery", "free standard delivery", "free standard shipping",
    "free uk delivery", "free us shipping", "ships free", "shipping: free", "delivery: free",
    "versandkostenfrei", "kostenloser versand", "kostenlose lieferung", "gratis versand",
    "versand kostenlos", "portofrei", "livraison gratuite", "livraison offerte",
    "frais de port offerts", "envío gratis", "envío gratuito", "envio gratis",
    "spedizione gratuita", "spedizione gratis", "consegna gratuita", "gratis verzending",
    "gratis bezorging", "verzending gratis", "frete grátis", "frete gratis", "entrega grátis",
    "envio grátis", "darmowa dostawa", "darmowa wysyłka", "fri frakt", "fri leverans",
    "送料無料", "包邮", "免运费", "免運費", "免邮", "무료배송", "무료 배송", "شحن مجاني",
    "توصيل مجاني", "ücretsiz kargo", "ücretsiz teslimat",
]
#: Words that put a minimum order before free shipping: "over £30", "ab 49 €", "5,000円以上".
THRESHOLD_WORDS = [
    "over", "above", "from", "orders of", "spend", "or more", "ab", "über", "bestellwert",
    "dès", "à partir de", "a partir de", "desde", "más de", "superiori a", "sopra", "da",
    "vanaf", "boven", "acima de", "od", "över", "以上", "满", "滿", "이상", "فوق", "أكثر من",
    "üzeri", "ve üzeri", "minimum", "min.",
]
SHIPPING_WORDS = [
    "shipping", "delivery", "postage", "versand", "versandkosten", "lieferung", "porto",
    "livraison", "frais de port", "envío", "envio", "gastos de envío", "spedizione",
    "verzendkosten", "verzending", "bezorging", "frete", "dostawa", "wysyłka", "frakt",
    "送料", "运费", "運費", "배송비", "الشحن", "kargo",
]

_MONEY = re.compile(
    r"(?:[A-Z]{3}|[^\w\s\d(),.:;!?%+\-]{1,3}|R\$|C\$|A\$|US\$|CA\$|Fr\.|zł|kr)?\s?"
    r"\d[\d.,'’\u00a0\u202f ]*\d?(?:[.,]-)?\s?(?:만|万|萬)?"
    r"(?:[A-Z]{3}(?![a-z])|円|元|원|€|£|zł|kr|₺|Kč|\$)?"
)


_SYMBOLISH = re.compile(r"[^\w\s\d(),.:;!?%+\-'’]|[A-Z]{3}")
_CLAUSE = re.compile(r"[。;；!！|\n]|(?<!\d)\.\s")
_WORD_AFTER = re.compile(r"\s?([^\W\d_]+)")
#: Words that introduce the cost below a free-shipping threshold: "free over £30, otherwise £3.95".
OTHERWISE_WORDS = [
    "otherwise", "else", "sonst", "ansonsten", "andernfalls", "sinon", "autrement", "sino",
    "si no", "de lo contrario", "altrimenti", "anders", "caso contrário", "senão",
    "w przeciwnym razie", "annars", "ellers", "aksi halde", "aksi takdirde", "それ以外は",
    "それ以外", "以外は", "否则", "否則", "그 외", "وإلا",
]
_OTHERWISE = words_pattern(OTHERWISE_WORDS, re.IGNORECASE)


@dataclass
class ShippingCost(Record):
    """What shipping costs as the text states it."""

    amount: Decimal | None
    """Decimal("4.99") for "Shipping: $4.99"; Decimal("0") for "Free shipping"; None when not
    stated (and for a free-shipping offer with a threshold)."""
    currency: str | None
    """ISO 4217 code of the amount; None for free shipping or when undecided."""
    free: bool | None
    """True for free shipping on every order; False for a paid amount; None when not stated."""
    raw: str | None
    """The text as given."""


_words_pattern = lru_cache(maxsize=32)(words_pattern)  # one pattern per word list


def _has_any(lower: str, words: list[str]) -> bool:
    return bool(_words_pattern(tuple(words)).search(lower))


def _amounts(text: str, currency_hint: str | None, market: str | None) -> list[Price]:
    """Prices in the text that name a currency ("£3.95", "49 €", "550円"); a bare number
    ("Versand: 4,95") counts only when it is the text's one number, is not a quantity ("within
    30 days", "sous 48h", "2 pm") and a hint applies."""
    marked, bare = [], []
    for match in _MONEY.finditer(text):
        chunk = expand_numbers(match.group(0).strip())
        if not any(c.isdigit() for c in chunk):
            continue
        price = parse_price(chunk, currency_hint, market)
        if price.amount is None:
            continue
        if currency_in_text(chunk, currency_hint, market) or _SYMBOLISH.search(chunk):
            marked.append(price)
            continue
        word = _WORD_AFTER.match(text, match.end())
        quantity = word is not None and not currency_in_text(word.group(1))
        bare.append(None if quantity else price)  # "30 days", "48h", "2 pm"; not "4,95 Euro"
    if marked:
        return marked
    if len(bare) == 1 and bare[0] is not None and (currency_hint or market):
        return bare
    return []


def _clauses(text: str) -> list[str]:
    parts = [p for p in _CLAUSE.split(text) if p and p.strip()]
    return parts if len(parts) > 1 else [text]


def parse_free_shipping_threshold(text: str | None, currency_hint: str | None = None,
                                  market: str | None = None) -> Price | None:
    """The order value from which shipping is free: "Kostenloser Versand ab 49 €" →
    Price(Decimal("49"), "EUR", "Kostenloser Versand ab 49 €"); None when the text has none.

    >>> parse_free_shipping_threshold("Free UK delivery on orders over £30").amount
    Decimal('30')
    """
    if not text:
        return None
    for clause in _clauses(normalise_text(text)):
        lower = clause.lower()
        if not _has_any(lower, FREE_WORDS) or not (_has_any(lower, THRESHOLD_WORDS)
                                                   or re.search(r"\d\s?\+", clause)):
            continue
        amounts = [p for p in _amounts(clause, currency_hint, market) if p.amount]
        if amounts:
            return Price(amounts[0].amount, amounts[0].currency, text)
    return None


def _below_threshold(text: str, currency_hint: str | None, market: str | None) -> Price | None:
    """The cost after "otherwise" in "Free shipping over $35; otherwise $4.99" (4.99)."""
    for word in _OTHERWISE.finditer(text):
        if parse_free_shipping_threshold(text[:word.start()], currency_hint, market) is None:
            continue
        amounts = _amounts(text[word.end():], currency_hint, market)
        if amounts:
            return amounts[0]
    return None


def parse_shipping_cost(text: str | None, currency_hint: str | None = None,
                        market: str | None = None) -> ShippingCost:
    """Shipping cost of a text: "Free shipping" → 0 (free), "Shipping: $4.99" → 4.99;
    a threshold ("free over £30") or no shipping figure gives amount None.

    >>> parse_shipping_cost("Versandkostenfrei").free
    True
    """
    if not text or not text.strip():
        return ShippingCost(None, None, None, text)
    below = _below_threshold(normalise_text(text), currency_hint, market)
    if below is not None:
        return ShippingCost(below.amount, below.currency, below.amount == 0, text)
    for clause in _clauses(normalise_text(text)):
        lower = clause.lower()
        if _has_any(lower, FREE_WORDS):
            if parse_free_shipping_threshold(clause, currency_hint, market) is not None:
                continue
            return ShippingCost(Decimal("0"), None, True, text)
        if not _has_any(lower, SHIPPING_WORDS):
            continue
        amounts = _amounts(clause, currency_hint, market)
        if amounts:
            amount = amounts[0]
            return ShippingCost(amount.amount, amount.currency, amount.amount == 0, text)
    return ShippingCost(None, None, None, text)
