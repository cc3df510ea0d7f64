"""Product identifiers: GTINs checked and normalised, SKUs and MPNs cleaned.

GTINs are what products are matched by across stores, so a wrong one is worse than none: a
value with the wrong length or check digit is dropped and reported.
"""

from __future__ import annotations

import re
from typing import Any

#: schema.org properties holding a GTIN, most specific first.
GTIN_KEYS = ("gtin13", "gtin", "gtin12", "gtin14", "gtin8", "ean", "upc", "isbn")


def gtin_check_digit_ok(digits: str) -> bool:
    """GS1 mod-10 check of a GTIN-8/12/13/14 written as digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(reversed(digits[:-1]), start=1))
    return (10 - total % 10) % 10 == int(digits[-1])


def normalise_gtin(value: Any) -> tuple[str | None, str | None]:
    """(gtin, problem): digits only, GTIN-12 (UPC) padded to 13, a GTIN-14 with a leading 0
    cut to 13; a GS1 Digital Link ("https://id.gs1.org/01/…") is read too.

    >>> normalise_gtin("0 885909 950805"), normalise_gtin("12345")
    (('0885909950805', None), (None, "gtin '12345' ignored: 5 digits"))
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, (dict, bool)):
        return None, None
    text = str(value).strip()
    if not text:
        return None, None
    link = re.search(r"/01/(\d{8,14})", text)
    digits = link.group(1) if link else re.sub(r"[\s\-.]", "", text)
    if not digits.isdigit():
        return None, f"gtin {text!r} ignored: not digits"
    if len(digits) not in (8, 12, 13, 14):
        return None, f"gtin {text!r} ignored: {len(digits)} digits"
    if not gtin_check_digit_ok(digits):
        return None, f"gtin {text!r} ignored: wrong check digit"
    if len(digits) == 12:
        digits = "0" + digits
    elif len(digits) == 14 and digits.startswith("0"):
        digits = digits[1:]
    return digits, None


def find_gtin(item: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(gtin, key it came from, problem) for a schema.org object; the first valid key wins."""
    problem = None
    for key in GTIN_KEYS:
        if key in item:
            gtin, issue = normalise_gtin(item[key])
            if gtin:
                return gtin, key, None
            problem = problem or issue
    return None, None, problem


def clean_code(value: Any) -> str | None:
    """An SKU or MPN as text, whitespace trimmed; None for empty values and objects."""
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, (dict, bool)):
        return None
    text = str(value).strip()
    return text or None
