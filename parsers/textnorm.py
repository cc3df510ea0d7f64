"""Text normalisation shared by the text rules (delivery, returns, tax, reviews), and the
pattern of a list of words in many scripts.

Full-width and Arabic-Indic digits become ASCII, full-width punctuation becomes its ASCII form
(NFKC), every dash or wave dash between numbers becomes "-", and whitespace is collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−〜～~〰﹣－"})
_SPACE = re.compile(r"\s+")


def _ascii_digit(char: str) -> str:
    if char.isdigit() and not char.isascii():
        try:
            return str(unicodedata.digit(char))
        except (TypeError, ValueError):
            return char
    return char


def normalise_text(text: str) -> str:
    """NFKC, ASCII digits ("３" and "٣" → "3"), "–"/"〜"/"～" → "-", whitespace collapsed.

    >>> normalise_text("お届け：３〜５日")
    'お届け:3-5日'
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_ascii_digit(c) for c in text).translate(_DASHES)
    return _SPACE.sub(" ", text).strip()


def words_pattern(words: tuple[str, ...] | list[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern finding any of ``words``, in their order: a word in Latin letters only as
    a whole word ("hoy" is not in "hoyer"), others (CJK, Arabic...) anywhere.

    >>> bool(words_pattern(["free", "送料無料"]).search("freeze")), words_pattern(["送料"]).pattern
    (False, '送料')
    """
    return re.compile("|".join(
        rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])" if w[:1].isascii() and w[:1].isalpha()
        else re.escape(w) for w in words), flags)


def primary_language(lang: str | None) -> str:
    """"de" for "de-DE", "de_AT" or "DE"; "" when there is no language."""
    return (lang or "").replace("_", "-").split("-")[0].lower()
