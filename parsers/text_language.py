"""The language a page's visible text is written in, identified by py3langid.

A page that declares no language (no ``<html lang>``, og:locale or hreflang) still shows text
in one; and a theme may declare one the text is not in (``lang="en"`` on a Bulgarian store).
The short visible texts of the body (``parsers.visible.short_texts``: no scripts, styles or
hidden templates) are read, up to ``MAX_CHARS``, and classified among the languages web
stores are written in (``LANGUAGES``: fewer candidates than the model's 97 keep rare languages
from winning on a product name). The answer comes with the model's probability, so that the
caller can ask for the confidence it needs. The text and its scripts are read once per
tree, and the model runs on it at most once, when asked (``VisibleText.identified``): counting
scripts costs little, the model about twenty times more.

    >>> from parsers.html import parse_html
    >>> tree = parse_html("<body><p>Lieferung in 1-3 Werktagen. Jetzt in den Warenkorb legen "
    ...                   "und bequem per Rechnung bezahlen.</p></body>", "https://shop.example/")
    >>> visible_text(tree).identified[0]
    'de'
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cached_property, lru_cache

from lxml import html as lxml_html

from parsers.visible import short_texts

#: The candidate languages (ISO 639-1): those of the web stores of Europe, the Americas,
#: the Middle East, Africa and Asia that the model knows.
LANGUAGES = ("ar bg bn ca cs da de el en es et fa fi fr he hi hr hu id it ja ko lt lv ms nl "
             "no pl pt ro ru sk sl sr sv th tr uk ur vi zh").split()
MAX_CHARS = 5000
"""Text read per page: enough for a confident answer, a bounded cost on long pages."""
MIN_LETTERS = 40
"""Fewer letters than this identify nothing: a title and a price are not a language."""
#: The script each candidate language is written in, where it has one; Latin otherwise.
#: Japanese and Chinese share "CJK" (kana and han together).
SCRIPTS = {**dict.fromkeys(("ar", "fa", "ur"), "ARABIC"), "he": "HEBREW", "el": "GREEK",
           **dict.fromkeys(("bg", "ru", "uk"), "CYRILLIC"), "th": "THAI", "ko": "HANGUL",
           "ja": "CJK", "zh": "CJK", "hi": "DEVANAGARI", "bn": "BENGALI", "sr": None}


def script_of(language: str | None) -> str | None:
    """The script a language (primary subtag) is written in; None when unknown or several
    (Serbian: Cyrillic and Latin)."""
    if not language:
        return None
    language = language.split("-")[0].lower()
    if language in SCRIPTS:
        return SCRIPTS[language]
    return "LATIN" if language in LANGUAGES else None


@dataclass
class VisibleText:
    """What a page's visible text is written in."""

    text: str
    """The short visible texts with letters, joined, up to ``MAX_CHARS``."""
    letters: int
    """How many letters it holds."""
    scripts: dict[str, float]
    """The share of the letters in each script ("LATIN", "CYRILLIC", "CJK"...)."""

    @cached_property
    def identified(self) -> tuple[str | None, float]:
        """(ISO 639-1 code, the model's probability); (None, 0.0) below ``MIN_LETTERS``."""
        if self.letters < MIN_LETTERS:
            return None, 0.0
        language, probability = _identifier().classify(self.text)
        return language, float(probability)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


#: Letters of each script, as character ranges (Japanese kana and han together: "CJK").
_SCRIPT_LETTERS = {name: re.compile(f"[{ranges}]") for name, ranges in {
    "LATIN": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "CYRILLIC": "\u0400-\u052f",
    "ARABIC": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "HEBREW": "\u0590-\u05ff",
    "GREEK": "\u0370-\u03ff\u1f00-\u1fff",
    "THAI": "\u0e00-\u0e7f",
    "HANGUL": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "CJK": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "DEVANAGARI": "\u0900-\u097f",
    "BENGALI": "\u0980-\u09ff",
}.items()}
_LETTER = re.compile(r"[^\W\d_]")


_TEXTS: weakref.WeakKeyDictionary[lxml_html.HtmlElement, VisibleText]
_TEXTS = weakref.WeakKeyDictionary()  # root element -> its visible text


def visible_text(tree: lxml_html.HtmlElement) -> VisibleText:
    """The page's visible text and its scripts, read once per tree."""
    root = tree.getroottree().getroot()
    if root not in _TEXTS:
        parts, size = [], 0
        for text, _ in short_texts(tree):
            text = " ".join(text.split())
            if len(_LETTER.findall(text)) >= 3:  # skip prices, counts and stray symbols
                parts.append(text)
                size += len(text) + 1
                if size >= MAX_CHARS:
                    break
        text = " ".join(parts)[:MAX_CHARS]
        letters = len(_LETTER.findall(text))
        shares = {name: len(pattern.findall(text)) / letters
                  for name, pattern in _SCRIPT_LETTERS.items()} if letters else {}
        _TEXTS[root] = VisibleText(text, letters,
                                   {name: share for name, share in shares.items() if share})
    return _TEXTS[root]
