"""Prices from text ("1.299,00 €", "¥12,800 (税込)", "$24.99") and from schema.org values.

The amount comes from price-parser; the currency is decided here, stricter than price-parser:
an ISO code or an unambiguous symbol in the text wins, then the caller's hint, then the
market's currency. An ambiguous symbol ("$", "kr", "¥") is settled only by a hint or market of
the same family: "$24.99" in market "CA" is CAD, and with nothing to settle it, no currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import price_parser
from babel.numbers import get_territory_currencies, list_currencies

_CODES = frozenset(list_currencies())

#: Symbols that name one currency. Alphabetic ones must stand alone ("lei", not "Kleid").
SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "MX$": "MXN", "R$": "BRL", "CN¥": "CNY",
    "€": "EUR", "£": "GBP", "円": "JPY", "元": "CNY", "₩": "KRW", "원": "KRW", "₹": "INR",
    "zł": "PLN", "Kč": "CZK", "₽": "RUB", "₺": "TRY", "฿": "THB", "₫": "VND",
    "₱": "PHP",
    "₪": "ILS", "₴": "UAH", "RMB": "CNY", "euro": "EUR", "euros": "EUR", "lei": "RON",
}

#: Symbols several currencies share; a hint or market of the family decides, else the default.
FAMILIES: dict[str, tuple[frozenset[str], str | None]] = {
    "$": (frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP",
                     "COP", "UYU", "BRL"}), None),
    "¥": (frozenset({"JPY", "CNY"}), "JPY"),
    "￥": (frozenset({"JPY", "CNY"}), "JPY"),
    "kr": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
    "kr.": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
}

_LOOKUP = {s.lower(): code for s, code in SYMBOLS.items()}
_SYMBOL_RE = re.compile(
    "|".join(
        rf"(?i:(?<![^\W\d_]){re.escape(s)}(?![^\W\d_]))" if s[-1].isalpha() else re.escape(s)
        for s in sorted([*SYMBOLS, *FAMILIES], key=len, reverse=True)
    )
)
_CODE_RE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SCHEMA_NUMBER = re.compile(r"\s*\+?(\d+(?:\.\d*)?|\.\d+)\s*")
_TEN_THOUSANDS = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*(만|万|萬)")  # "5만원", "1.2万元"
_INDIAN_GROUPS = re.compile(r"(?<![\d.,])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])")  # "1,29,999"


def expand_numbers(text: str) -> str:
    """Numbers price-parser cannot read, rewritten: "5만원" → "50000원", "₹1,29,999" → "₹129999";
    Swiss apostrophes ("23’056.26") become plain ones, which price-parser reads as grouping."""
    text = text.translate(_APOSTROPHES)
    text = _TEN_THOUSANDS.sub(
        lambda m: str(int(Decimal(m.group(1)) * 10000)), text)
    return _INDIAN_GROUPS.sub(lambda m: m.group(0).replace(",", ""), text)


@dataclass
class Price:
    """A price read from text."""

    amount: Decimal | None
    """Normalised amount: Decimal("1299.00") for "1.299,00 €"; None when there is no number."""
    currency: str | None
    """ISO 4217 code, or None when neither the text nor a hint/market decides it."""
    raw: str | None
    """The text as given."""


@lru_cache(maxsize=256)
def market_currency(market: str | None) -> str | None:
    """Current legal tender of a country code: "US" → "USD", "DE" → "EUR"; None if unknown."""
    if not market:
        return None
    try:
        found = get_territory_currencies(market.strip().upper())
    except Exception:  # babel raises on unknown territories; a wrong code only loses a hint
        return None
    return found[0] if found else None


def _hint_code(hint: str | None) -> str | None:
    if not hint:
        return None
    hint = hint.strip()
    if hint.upper() in _CODES:
        return hint.upper()
    return SYMBOLS.get(hint) or SYMBOLS.get(hint.lower())


def currency_in_text(text: str | None, currency_hint: str | None = None,
                     market: str | None = None) -> str | None:
    """The currency the text names, settling a shared symbol with the hint or market.

    >>> currency_in_text("EUR 24.99"), currency_in_text("$24.99", market="CA")
    ('EUR', 'CAD')
    """
    if not text:
        return None
    for code in _CODE_RE.finditer(text):
        # "EUR 24.99" or a bare "EUR"; a capitalised word ("ALL", "TOP") far from a number is not
        near = text[max(0, code.start() - 3):code.end() + 3]
        alone = text.strip() == code.group(0)
        if code.group(0) in _CODES and (alone or any(c.isdigit() for c in near)):
            return code.group(0)
    symbols = [m.group(0).lower() for m in _SYMBOL_RE.finditer(text)]
    for symbol in symbols:  # an unambiguous symbol anywhere beats a shared one: "¥ 199 元"
        if symbol in _LOOKUP:
            return _LOOKUP[symbol]
    if not symbols:
        return None
    family, default = FAMILIES[symbols[0]]
    for candidate in (_hint_code(currency_hint), market_currency(market)):
        if candidate in family:
            return candidate
    return default


def normalise_currency(value: str | None, currency_hint: str | None = None,
                       market: str | None = None) -> str | None:
    """A priceCurrency value as an ISO code: "EUR", "eur", "€" → "EUR"; None if unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    if value.strip().upper() in _CODES:
        return value.strip().upper()
    return currency_in_text(value, currency_hint, market)


def parse_price(text: str | None, currency_hint: str | None = None,
                market: str | None = None) -> Price:
    """Amount and ISO currency of a price text.

    >>> parse_price("1.299,00 €")
    Price(amount=Decimal('1299.00'), currency='EUR', raw='1.299,00 €')
    >>> parse_price("ask us", currency_hint="EUR").amount is None
    True
    """
    if text is None or not text.strip():
        return Price(None, None, text)
    clean = expand_numbers(text)
    amount = price_parser.Price.fromstring(clean).amount
    currency = currency_in_text(clean, currency_hint, market)
    if amount is not None and currency is None and not _SYMBOL_RE.search(clean):
        currency = _hint_code(currency_hint) or market_currency(market)
    return Price(amount, currency, text)


def parse_amount(value: object) -> Decimal | None:
    """A schema.org price value ("24.99", 24.99, 1299) as a Decimal; None if not a number.

    schema.org prices use "." as the decimal mark, so "1.299" is 1.299, not 1299: no locale
    guessing here. Text such as "24,99 €" is not a schema.org number and gives None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str) and _SCHEMA_NUMBER.fullmatch(value):
        try:
            amount = Decimal(value.strip().lstrip("+"))
        except InvalidOperation:
            return None
    else:
        return None
    return amount if amount.is_finite() and amount >= 0 else None
