"""The language a page is in and the alternates it declares (hreflang).

Language tags are normalised to BCP 47 casing: "de-de" → "de-DE", "en_US" → "en-US",
"zh-hant-tw" → "zh-Hant-TW". A value that is not a language tag ("{{ locale }}") is dropped.

A page states its language in several places: <html lang>, og:locale, the Content-Language
meta, <meta name="language"> ("ES", "German", "Deutsch") and the hreflang link that points at
the page itself. When they disagree (a theme that hard-codes lang="en" on a Polish store whose
og:locale and hreflang say pl_PL), the language most of them state wins; a tie goes to the
first in that order.

A page that declares nothing gets the language its visible text is written in, when
``parsers.text_language`` identifies it with a probability of at least ``TEXT_PROBABILITY``;
so does a page whose declared language is written in another script than nearly all of its
text (lang="en" on a store whose text is Bulgarian). Declarations are not overruled within one
script: a German page and an English product name share the Latin alphabet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag

from babel import Locale, UnknownLocaleError

from lxml import html as lxml_html

from parsers.records import Evidence
from parsers.snippets import cut, element_snippet
from parsers.text_language import script_of, visible_text
from parsers.urls import absolute_url, page_key

TEXT_PROBABILITY = 0.9
"""How sure the identification of the visible text must be to name the page's language."""
OTHER_SCRIPT_SHARE = 0.15
"""A declared language whose script has this share of the text's letters is not overruled."""
TEXT_SCRIPT_SHARE = 0.7
"""The share of the letters the identified language's script must have to overrule one."""
_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$", re.IGNORECASE)


def normalise_language_tag(value: str | None) -> str | None:
    """BCP 47 casing of a language tag; "x-default" is kept as is; None if not a tag.

    >>> normalise_language_tag("en_us"), normalise_language_tag("ZH-HANS-cn")
    ('en-US', 'zh-Hans-CN')
    """
    if not value:
        return None
    text = value.strip().split(",")[0].strip().replace("_", "-")
    if text.lower() == "x-default":
        return "x-default"
    if not _TAG.match(text):
        return None
    parts = text.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script: Hans, Latn
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            out.append(part.upper())  # region: DE, 419
        else:
            out.append(part.lower())
    return "-".join(out)


#: Languages whose own name ("Deutsch", "polski") is looked up too; English names of every
#: language are.
NATIVE_NAMES = ("ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hi",
                "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl",
                "pt", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh")


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language names in English and in the language itself, lower case → code."""
    names = {name.lower(): code for code, name in Locale("en").languages.items()
             if len(code) == 2}
    for code in NATIVE_NAMES:
        try:
            own = Locale(code).languages.get(code)
        except (UnknownLocaleError, ValueError):
            own = None
        if own:
            names.setdefault(own.lower(), code)
    return names


def _named_language(value: str | None) -> str | None:
    """A <meta name="language"> value: a tag ("ES", "de-DE") or a name ("German", "Deutsch")."""
    if not value:
        return None
    return normalise_language_tag(value) or _language_names().get(value.strip().lower())


def _same_page(href: str | None, url: str) -> bool:
    if not href or not url:
        return False
    key = page_key(href, url)
    return key is not None and key == page_key(url, url)


def _declared(tree: lxml_html.HtmlElement, url: str) -> list[tuple[str, Evidence]]:
    """Every language the page declares, with its evidence, in order of trust."""
    root = tree.getroottree().getroot()
    found = []
    value = root.get("lang") or root.get("xml:lang")
    tag = normalise_language_tag(value)
    if tag:
        found.append((tag, Evidence(url, "html", f'<html lang="{value}">')))
    equiv = "translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language'"
    named = ("translate(@name, 'LANGUEDC.', 'languedc.')='language' or "
             "translate(@name, 'LANGUEDC.', 'languedc.')='dc.language'")
    for xpath, source, read in (
            ("//meta[@property='og:locale']", "opengraph", normalise_language_tag),
            (f"//meta[{equiv}]", "html", normalise_language_tag),
            (f"//meta[{named}]", "html", _named_language)):
        for element in root.xpath(xpath):
            tag = read(element.get("content"))
            if tag:
                found.append((tag, Evidence(url, source, element_snippet(element))))
    links = [(code, link) for code, link in hreflang_links(tree) if code != "x-default"]
    for code, link in links:
        if _same_page(link.get("href"), url):
            found.append((code, Evidence(url, "hreflang", element_snippet(link))))
    if not found and len(links) >= 2 and len({code.split("-")[0] for code, _ in links}) == 1:
        # every version of the page is in one language, only the markets differ: this one too
        snippet = cut(" ".join(element_snippet(link) for _, link in links))
        found.append((links[0][0].split("-")[0], Evidence(url, "hreflang", snippet)))
    return [(tag, ev) for tag, ev in found if tag != "x-default"]


def _from_text(tree: lxml_html.HtmlElement, url: str,
               declared: str | None) -> tuple[str | None, Evidence | None]:
    """The language of the visible text, when it may stand for the page's: confidently
    identified, and either nothing is declared or the text is in another script than the
    declared language's (Cyrillic text under lang="en"). The model runs only then: when
    nothing is declared, or the declared language's script is nearly absent."""
    text = visible_text(tree)
    declared_script = script_of(declared)
    if declared is not None and (declared_script is None or text.scripts.get(
            declared_script, 0.0) >= OTHER_SCRIPT_SHARE):
        return None, None
    language, probability = text.identified
    if language is None or probability < TEXT_PROBABILITY:
        return None, None
    rule = f"text identified as {language} (p={probability:.2f}, {text.letters} letters)"
    if declared is not None:
        script = script_of(language)
        if script in (None, declared_script) or text.scripts.get(script, 0.0) < TEXT_SCRIPT_SHARE:
            return None, None
        rule += f", in another script than the declared {declared}"
    return language, Evidence(url, "text", cut(f"{rule}: {text.text[:120]}"))


def language_with_evidence(tree: lxml_html.HtmlElement,
                           url: str) -> tuple[str | None, Evidence | None]:
    """The page's language and where it was read (see the module docstring)."""
    found = _declared(tree, url)
    if not found:
        return _from_text(tree, url, None)
    votes: dict[str, int] = {}
    for tag, _ in found:
        votes[tag.split("-")[0]] = votes.get(tag.split("-")[0], 0) + 1
    best = max(votes.values())
    winner = next(tag.split("-")[0] for tag, _ in found if votes[tag.split("-")[0]] == best)
    declared = next((tag, ev) for tag, ev in found if tag.split("-")[0] == winner)
    text = _from_text(tree, url, declared[0])
    return text if text[0] else declared


def page_language(tree: lxml_html.HtmlElement) -> str | None:
    """BCP 47 language of the page: "de-DE" for <html lang="de-de">; None when undeclared."""
    return language_with_evidence(tree, "")[0]


def hreflang_links(tree: lxml_html.HtmlElement) -> list[tuple[str, lxml_html.HtmlElement]]:
    """(normalised code, <link> element) for every valid alternate language link."""
    found = []
    for link in tree.xpath("//link[@hreflang]"):
        if "alternate" not in (link.get("rel") or "").lower().split():
            continue
        code = normalise_language_tag(link.get("hreflang"))
        if code:
            found.append((code, link))
    return found


def alternate_urls(tree: lxml_html.HtmlElement, url: str) -> list[str]:
    """Absolute URLs (fragment dropped) of the page's language alternates, x-default included:
    the same page in the store's other languages, this one usually among them."""
    urls = (absolute_url(url, link.get("href")) for _, link in hreflang_links(tree)
            if link.get("href"))
    return list(dict.fromkeys(urldefrag(alternate)[0] for alternate in urls if alternate))


def hreflang_with_evidence(tree: lxml_html.HtmlElement,
                           url: str) -> tuple[list[str], Evidence | None]:
    """The hreflang codes and the <link> tags they came from (None when there are none)."""
    links = hreflang_links(tree)
    if not links:
        return [], None
    snippet = cut(" ".join(element_snippet(element) for _, element in links))
    return sorted({code for code, _ in links}), Evidence(url, "hreflang", snippet)


def hreflang(tree: lxml_html.HtmlElement, url: str) -> list[str]:
    """Codes of the page's <link rel="alternate" hreflang> tags, sorted, unique, x-default kept.

    ``url`` is the page's address, which the evidence of ``hreflang_with_evidence`` names.
    """
    return hreflang_with_evidence(tree, url)[0]
