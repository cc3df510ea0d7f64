"""Which market a page is for, when the market file does not say: from the URL and the markup.

Evidence, most specific first: a locale in the path ("/gb/en/", "/en-ca/", "/de-de/"), the
country-code domain (".de", ".co.uk", ".com.au", ".ca", ".co.jp"), og:locale ("en_CA") and
<html lang> with a region ("de-AT"; "ja" and "ko" name one country), and last a country-code
domain also used generically (".it", ".is") when the page is in that country's own language. A
shared price symbol ("$") is then settled by this market's currency; the symbol alone never
decides.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from babel import Locale
from babel.core import get_global
from lxml import html as lxml_html

from parsers.localisation import normalise_language_tag

#: Country-code domains that are used as generic ones; they say nothing about a market.
GENERIC_CC = {"io", "co", "ai", "me", "tv", "cc", "ly", "fm", "gg", "to", "app", "so", "sh",
              "ws", "la", "is", "it", "am", "im", "xyz", "vc", "gl"}
#: Domains whose code is not the ISO country code.
CC_ALIASES = {"uk": "GB", "eu": None}
#: Languages spoken as the main language of one market only.
SINGLE_MARKET_LANGUAGES = {"ja": "JP", "ko": "KR", "pl": "PL", "cs": "CZ", "da": "DK",
                           "fi": "FI", "hu": "HU", "ro": "RO", "el": "GR", "he": "IL",
                           "th": "TH", "vi": "VN", "id": "ID", "tr": "TR", "uk": "UA",
                           "sv": "SE", "nb": "NO", "no": "NO"}
_PATH_LOCALE = re.compile(
    r"^/(?:(?P<lang>[a-z]{2})[-_](?P<region>[a-z]{2})"
    r"|(?P<region2>[a-z]{2})/(?P<lang2>[a-z]{2}))(?:/|$)", re.IGNORECASE)


def _country(code: str | None) -> str | None:
    if not code or len(code) != 2 or not code.isalpha():
        return None
    code = code.upper()
    try:
        Locale("en").territories[code]
    except KeyError:
        return None
    return code


def _from_path(path: str) -> tuple[str | None, str]:
    match = _PATH_LOCALE.match(path)
    if not match:
        return None, ""
    if match.group("region"):
        lang, region = match.group("lang"), match.group("region")
    else:
        lang, region = match.group("lang2"), match.group("region2")
    if lang.lower() not in Locale("en").languages:
        return None, ""
    return _country(region), f"locale path {match.group(0).rstrip('/')!r}"


def _from_domain(host: str) -> tuple[str | None, str]:
    label = host.lower().rstrip(".").rsplit(".", 1)[-1]
    if label in GENERIC_CC or len(label) != 2:
        return None, ""
    country = CC_ALIASES[label] if label in CC_ALIASES else _country(label)
    return country, f"country-code domain .{label}" if country else ""


def _home_country(language: str) -> str | None:
    """The country a language is most likely written in (CLDR's likely subtags): "it" → IT,
    "es" → ES, "hy" → AM."""
    likely = get_global("likely_subtags").get(language, "")
    return likely.rsplit("_", 1)[-1] if likely.count("_") >= 1 else None


def _from_generic_domain(host: str, lang: str | None) -> tuple[str | None, str]:
    """A country-code domain also used as a generic one (".it", ".is") names its country when
    the page is written in that country's own language, one at home there ("mediaworld.it" in
    Italian; not "get.it" in English, nor a ".co" in Spanish, written in many countries)."""
    label = host.lower().rstrip(".").rsplit(".", 1)[-1]
    primary = (normalise_language_tag(lang) or "").split("-")[0]
    country = _country(label) if label in GENERIC_CC else None
    if not country or not primary or primary == "en":
        return None, ""
    if _home_country(primary) != country:
        return None, ""  # Spanish on a .co: Spain's, Mexico's as much as Colombia's
    return country, f'country-code domain .{label} and <html lang="{lang}">'


def _from_tag(value: str | None) -> str | None:
    tag = normalise_language_tag(value)
    if not tag or tag == "x-default":
        return None
    parts = tag.split("-")
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return _country(part)
    return SINGLE_MARKET_LANGUAGES.get(parts[0])


def infer_market(url: str, tree: lxml_html.HtmlElement | None = None) -> tuple[str | None, str]:
    """(country code or None, evidence): the market a page is for, from its URL and markup.

    >>> infer_market("https://shop.example.ca/products/x")
    ('CA', 'country-code domain .ca')
    >>> infer_market("https://shop.example.com/gb/en/p/1")
    ('GB', "locale path '/gb/en'")
    """
    parts = urlsplit(url)
    for country, evidence in (_from_path(parts.path or "/"), _from_domain(parts.hostname or "")):
        if country:
            return country, evidence
    if tree is not None:
        root = tree.getroottree().getroot()
        for value in root.xpath("//meta[@property='og:locale']/@content"):
            country = _from_tag(value)
            if country:
                return country, f'<meta property="og:locale" content="{value}">'
        lang = root.get("lang")
        country = _from_tag(lang)
        if country:
            return country, f'<html lang="{lang}">'
        country, evidence = _from_generic_domain(parts.hostname or "", lang)
        if country:
            return country, evidence
    return None, "no market hint in the URL or markup"
