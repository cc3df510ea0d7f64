"""Prices from text ("1.299,00 €", "¥12,800 (税込)", "$24.99") and from schema.org values.

The amount comes from price-parser; the currency is decided here, stricter than price-parser:
an ISO code or an unambiguous symbol in the text wins, then the caller's hint, then the
market's currency. An ambiguous symbol ("$", "kr", "¥") is settled only by a hint or market of
the same family: "$24.99" in market "CA" is CAD, and with nothing to settle it, no currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import price_parser
from babel.numbers import get_currency_precision, get_territory_currencies, list_currencies

_CODES = frozenset(list_currencies())

#: Symbols that name one currency. Alphabetic ones must stand alone ("lei", not "Kleid").
SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "MX$": "MXN", "R$": "BRL", "CN¥": "CNY",
    "€": "EUR", "£": "GBP", "円": "JPY", "元": "CNY", "₩": "KRW", "원": "KRW", "₹": "INR",
    "zł": "PLN", "Kč": "CZK", "₽": "RUB", "₺": "TRY", "฿": "THB", "₫": "VND",
    "₱": "PHP",
    "₪": "ILS", "₴": "UAH", "RMB": "CNY", "euro": "EUR", "euros": "EUR", "lei": "RON",
    "грн": "UAH", "грн.": "UAH", "Ft": "HUF", "лв": "BGN", "лв.": "BGN", "TL": "TRY",
    "Rp": "IDR", "RM": "MYR", "đ": "VND", "₸": "KZT", "тг": "KZT", "тг.": "KZT", "₾": "GEL",
    "₦": "NGN", "₵": "GHS", "kn": "HRK", "KD": "KWD", "KSh": "KES", "E£": "EGP", "₼": "AZN",
    "ر.س": "SAR", "ر.ق": "QAR", "د.إ": "AED", "د.ك": "KWD", "د.ب": "BHD", "ر.ع.": "OMR",
    "ج.م": "EGP", "ریال": "IRR", "Kn": "HRK", "৳": "BDT", "Tk": "BDT", "US $": "USD",
    "AU $": "AUD", "CA $": "CAD", "NZ $": "NZD", "HK $": "HKD", "جنيه": "EGP",
}

#: Symbols several currencies share; a hint or market of the family decides, else the default.
FAMILIES: dict[str, tuple[frozenset[str], str | None]] = {
    "$": (frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP",
                     "COP", "UYU", "BRL"}), None),
    "¥": (frozenset({"JPY", "CNY"}), "JPY"),
    "￥": (frozenset({"JPY", "CNY"}), "JPY"),
    "kr": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
    "kr.": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
    "Rs": (frozenset({"INR", "PKR", "LKR", "NPR", "MUR"}), None),
    "Rs.": (frozenset({"INR", "PKR", "LKR", "NPR", "MUR"}), None),
    "руб": (frozenset({"RUB", "BYN"}), "RUB"),
    "руб.": (frozenset({"RUB", "BYN"}), "RUB"),
    "р.": (frozenset({"RUB", "BYN"}), "RUB"),
    "Р": (frozenset({"RUB"}), "RUB"),
    "R": (frozenset({"ZAR"}), None),
    "Kr": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
    "Kr.": (frozenset({"SEK", "NOK", "DKK", "ISK"}), None),
    # Arabic names of the riyal, dirham and dinar (the Persian spelling ریال is the rial)
    "ريال": (frozenset({"SAR", "QAR", "OMR", "YER"}), None),
    "درهم": (frozenset({"AED", "MAD"}), None),
    "دينار": (frozenset({"KWD", "BHD", "JOD", "IQD", "DZD", "TND", "LYD"}), None),
}


def _case_sensitive(symbol: str) -> bool:
    """A Latin symbol of one or two letters keeps its case: "Ft" is forints, "ft" is feet."""
    letters = symbol.rstrip(".")
    return letters.isascii() and letters.isalpha() and len(letters) <= 2


def _symbol_pattern(symbol: str) -> str:
    """A symbol that starts or ends with a letter stands alone ("lei", not "Kleid")."""
    pattern = re.escape(symbol)
    if symbol[0].isalpha():
        pattern = rf"(?<![^\W\d_]){pattern}"
    if symbol[-1].isalpha():
        pattern = rf"{pattern}(?![^\W\d_])"
    return pattern if _case_sensitive(symbol) else f"(?i:{pattern})"


#: Matched text → the symbol's key in SYMBOLS or FAMILIES.
_KEYS = {s if _case_sensitive(s) else s.lower(): s for s in [*SYMBOLS, *FAMILIES]}
_SYMBOL_RE = re.compile("|".join(
    _symbol_pattern(s) for s in sorted([*SYMBOLS, *FAMILIES], key=len, reverse=True)))
_CODE_RE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SCHEMA_NUMBER = re.compile(r"\s*\+?(\d+(?:\.\d*)?|\.\d+)\s*")
_TEN_THOUSANDS = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*(만|万|萬)")  # "5만원", "1.2万元"
_INDIAN_GROUPS = re.compile(r"(?<![\d.,])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])")  # "1,29,999"
_THOUSANDTHS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{3}(?![\d.,])")  # "1,379.900"


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


#: Currencies replaced by the euro, with the day of the changeover, where the locale data
#: Babel ships may not know it yet. Shops show both amounts for months after ("579.00 € /
#: 1132.43 лв."); the euro is the one a buyer pays.
CHANGEOVERS: dict[str, tuple[str, date]] = {
    "BGN": ("EUR", date(2026, 1, 1)),
    "HRK": ("EUR", date(2023, 1, 1)),
}


def successor_currency(code: str | None, on: date | None = None) -> str | None:
    """The currency that replaced ``code`` by the day ``on`` (default today); None if none."""
    change = CHANGEOVERS.get(code or "")
    if change and (on or date.today()) >= change[1]:
        return change[0]
    return None


@lru_cache(maxsize=256)
def market_currency(market: str | None) -> str | None:
    """Current legal tender of a country code: "US" → "USD", "DE" → "EUR", "BG" → "EUR" (since
    2026-01-01); None if unknown."""
    if not market:
        return None
    try:
        found = get_territory_currencies(market.strip().upper())
    except Exception:  # babel raises on unknown territories; a wrong code only loses a hint
        return None
    return (successor_currency(found[0]) or found[0]) if found else None


def _hint_code(hint: str | None) -> str | None:
    if not hint:
        return None
    hint = hint.strip()
    if hint.upper() in _CODES:
        return hint.upper()
    key = _KEYS.get(hint) or _KEYS.get(hint.lower())
    return SYMBOLS.get(key) if key else None


_LETTER = re.compile(r"[^\W\d_]")
#: What may follow a bare price: a tax note ("TTC", "inkl. MwSt.", "(税込)", "incl. VAT").
_TAX_NOTE = re.compile(r"\W*(?:(?:incl|inkl|including|inclusive|con|avec|mit)\.?\s*)?"
                       r"(?:ttc|ht|mwst|ust|vat|gst|tax|tva|iva|btw|moms|kdv|brutto|netto|"
                       r"税込|税抜|税別|税込み|부가세\s*포함)\W*", re.I)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def bare_price(text: str) -> bool:
    """Whether a text is an amount with its currency and nothing else but a tax note:
    "22,50 €", "PLN 19.99", "¥12,800 (税込)" and "19,90 € inkl. MwSt." are; "3x 33,33 €",
    "ab 9,99 €", "9,99 € / mois" and "Gift card 25 €" are not.

    >>> bare_price("22,50 €"), bare_price("ou 3x 33,33 €"), bare_price("¥12,800 (税込)")
    (True, False, True)
    """
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return False
    symbols = _SYMBOL_RE.sub(_blank, text)  # same length, so positions still match
    rest = _CODE_RE.sub(_blank, symbols)
    if _LETTER.search(rest[:digits[-1]]):
        return False
    after = rest[digits[-1] + 1:]
    return not _LETTER.search(after) or bool(_TAX_NOTE.fullmatch(symbols[digits[-1] + 1:]))


def named_currencies(text: str | None) -> set[str]:
    """Every currency the text names by an ISO code or a symbol of its own, without hints:
    "555,48 ₼" → {"AZN"}, "12.50 лв. 6.39 €" → {"BGN", "EUR"}; a shared symbol ("$", "kr")
    names none.

    >>> sorted(named_currencies("12.50 лв. 6.39 €")), named_currencies("$24.99")
    (['BGN', 'EUR'], set())
    """
    if not text:
        return set()
    return {*_codes_named(text), *(SYMBOLS[s] for s in _symbols(text) if s in SYMBOLS)}


def _codes_named(text: str) -> list[str]:
    """The ISO codes the text names: "EUR 24.99" or a bare "EUR"; a capitalised word ("ALL",
    "TOP") far from a number is not one."""
    return [code.group(0) for code in _CODE_RE.finditer(text)
            if code.group(0) in _CODES and (
                text.strip() == code.group(0)
                or any(c.isdigit() for c in text[max(0, code.start() - 3):code.end() + 3]))]


def _symbols(text: str) -> list[str]:
    """The currency symbols in the text, as keys of ``SYMBOLS`` or ``FAMILIES``."""
    return [_KEYS.get(m.group(0)) or _KEYS[m.group(0).lower()] for m in _SYMBOL_RE.finditer(text)]


def _named_currency(text: str) -> tuple[str | None, tuple[frozenset[str], str | None] | None]:
    """(code, None) when the text names one currency, by an ISO code or a symbol of its own
    (an unambiguous symbol anywhere beats a shared one: "¥ 199 元"); (None, (family,
    default)) when it shows only a shared symbol; (None, None) when it shows none."""
    codes = _codes_named(text)
    if codes:
        return codes[0], None
    symbols = _symbols(text)
    for symbol in symbols:
        if symbol in SYMBOLS:
            return SYMBOLS[symbol], None
    return None, (FAMILIES[symbols[0]] if symbols else None)


def shared_symbol_currencies(text: str | None) -> frozenset[str]:
    """The currencies a text's price could be in when it names its currency only by a shared
    symbol ("$24.99" → USD, CAD, AUD...); empty when it names one ("US$", "EUR", "€") or none.

    >>> sorted(shared_symbol_currencies("Rs. 2,999.00")), shared_symbol_currencies("€ 5")
    (['INR', 'LKR', 'MUR', 'NPR', 'PKR'], frozenset())
    """
    family = _named_currency(text)[1] if text else None
    return family[0] if family else frozenset()


def currency_in_text(text: str | None, currency_hint: str | None = None,
                     market: str | None = None) -> str | None:
    """The currency the text names, settling a shared symbol with the hint or market.

    >>> currency_in_text("EUR 24.99"), currency_in_text("$24.99", market="CA")
    ('EUR', 'CAD')
    """
    if not text:
        return None
    code, shared = _named_currency(text)
    if shared is None:
        return code
    family, default = shared
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


#: A word for "now" between an earlier and the current price ("Was €30, now €24", "UVP
#: 39,99 € jetzt 29,99 €"), and a multi-buy's count ("2 for €10"): the amount to read follows.
NOW_WORDS = frozenset({
    "now", "jetzt", "sofort", "maintenant", "ahora", "ya", "ora", "adesso", "subito", "nu",
    "nú", "nå", "agora", "já", "teraz", "nyní", "teď", "hneď", "most", "acum", "сега",
    "сейчас", "зараз", "sada", "odmah", "zdaj", "nyt", "kohe", "tagad", "dabar", "şimdi",
    "hemen", "sekarang", "ngay", "τώρα", "עכשיו", "الآن", "още"})
_NOW = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(NOW_WORDS))) + r")(?!\w)",
                  re.I)
_MULTIBUY = re.compile(r"^\s*\d+\s+(?:for|für|pour|por|per|voor|za)\s+", re.I)


#: More digits in a row than any price has, one separator at most between two ("12 12 12 …",
#: a 41-digit number): no price, and price-parser's search for the decimal mark would take
#: the square of their length.
_NOT_A_PRICE = re.compile(r"\d(?:[\s.,'’]?\d){40}")


def _amount_part(text: str) -> str:
    """The part of a price text whose amount is the price (see ``_NOW`` and ``_MULTIBUY``)."""
    multibuy = _MULTIBUY.match(text)
    if multibuy and (_SYMBOL_RE.search(text, multibuy.end())
                     or _CODE_RE.search(text, multibuy.end())):
        return text[multibuy.end():]
    now = list(_NOW.finditer(text))
    if now and any(c.isdigit() for c in text[:now[-1].start()]) and any(
            c.isdigit() for c in text[now[-1].end():]):
        return text[now[-1].end():]
    return text


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
    part = _amount_part(text)
    if _NOT_A_PRICE.search(part):
        return Price(None, None, text)
    clean = expand_numbers(part)
    currency = currency_in_text(clean, currency_hint, market)
    hinted = None if currency or _SYMBOL_RE.search(clean) else (
        _hint_code(currency_hint) or market_currency(market))
    # Dinars count in thousandths: "379.900 KD" is 379.9, where "379.900 €" would be 379900
    three = _THOUSANDTHS.search(clean) and _precision(currency or hinted or "") == 3
    amount = price_parser.Price.fromstring(clean, decimal_separator="." if three else None).amount
    return Price(amount, currency or (hinted if amount is not None else None), text)


@lru_cache(maxsize=64)
def _precision(currency: str) -> int:
    return get_currency_precision(currency) if currency else 2


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


_DOT_GROUPS = re.compile(r"\s*\d{1,3}(?:\.\d{3})+\s*")


def whole_currency_amount(value: object, currency: str | None) -> Decimal | None:
    """A schema.org value in a currency without decimals whose dots group thousands: "1.990" in
    CLP is 1990, since 1.99 pesos cannot be paid (Chilean shops write it so in microdata and
    JSON-LD); None for any other value or currency, which ``parse_amount`` reads as given.

    >>> whole_currency_amount("1.990", "CLP"), whole_currency_amount("1.990", "EUR")
    (Decimal('1990'), None)
    """
    if not isinstance(value, str) or not currency or not _DOT_GROUPS.fullmatch(value):
        return None
    return Decimal(value.strip().replace(".", "")) if _precision(currency) == 0 else None
