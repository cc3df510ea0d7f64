"""Language-specific text of the demo stores: interface copy and number formats.

Prices and counts are formatted the way shops in each language print them, so that the crawler's
parsers meet real-world text: "$1,299.00", "£1,299.00", "1.299,00 €", "1 299,00 €", "¥12,800",
"4,6 von 5", "1.234 Bewertungen", "レビュー(128件)". Spaces are plain ASCII spaces, to keep the
planted text easy to grep.

`locales.yaml` holds the copy per base language ("en"); a regional entry ("en-GB") overrides
some of its keys for stores whose `<html lang>` is that region.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import yaml

from moatscan.demo.catalogue import CURRENCY_DIGITS

LOCALES_PATH = Path(__file__).with_name("locales.yaml")
SEPARATORS = {"en": (",", "."), "de": (".", ","), "fr": (" ", ","), "es": (".", ","),
              "ja": (",", ".")}
"""(thousands, decimal) separators per base language."""
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
SUFFIX_CURRENCY_LANGUAGES = ("de", "fr", "es")
"""Languages that write the symbol after the amount: "24,99 €"."""


@functools.lru_cache(maxsize=1)
def _all_labels() -> dict[str, dict]:
    return yaml.safe_load(LOCALES_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=16)
def labels(lang: str) -> dict:
    """The interface copy for an `<html lang>` value ("en-US", "de", "ja"); do not mutate."""
    everything = _all_labels()
    return _merged(everything[base_language(lang)], everything.get(lang) or {})


def _merged(base: dict, override: dict) -> dict:
    result = dict(base)
    for key, value in override.items():
        result[key] = _merged(base[key], value) if isinstance(value, dict) and key in base else value
    return result


def base_language(lang: str) -> str:
    """ "en" for "en-US"."""
    return lang.split("-")[0]


def format_number(value: Decimal | int | float, lang: str, places: int = 0) -> str:
    """Group thousands and set the decimal mark for the language: 1234.5 -> "1.234,50" (de)."""
    thousands, decimal = SEPARATORS[base_language(lang)]
    text = f"{Decimal(str(value)):,.{places}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_money(price: str, currency: str, lang: str) -> str:
    """A price as the store prints it: "$24.99", "24,99 €", "¥12,800"."""
    number = format_number(Decimal(price), lang, CURRENCY_DIGITS[currency])
    if base_language(lang) in SUFFIX_CURRENCY_LANGUAGES:
        return f"{number} {SYMBOLS[currency]}"
    return f"{SYMBOLS[currency]}{number}"


def format_rating(rating: float, lang: str) -> str:
    """The rating line: "4.6 out of 5", "4,6 von 5", "★4.6"."""
    return labels(lang)["rating"].format(rating=format_number(rating, lang, 1))


def format_reviews(count: int, lang: str) -> str:
    """The review count line: "1,234 reviews", "1.234 Bewertungen", "1,234件のレビュー"."""
    return labels(lang)["reviews"].format(count=format_number(count, lang))
