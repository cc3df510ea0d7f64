"""The language a page is in and the alternates it declares (hreflang).

Language tags are normalised to BCP 47 casing: "de-de" → "de-DE", "en_US" → "en-US",
"zh-hant-tw" → "zh-Hant-TW". A value that is not a language tag ("{{ locale }}") is dropped.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from lxml import html as lxml_html

from parsers.records import Evidence
from parsers.snippets import cut, element_snippet

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


def language_with_evidence(tree: lxml_html.HtmlElement,
                           url: str) -> tuple[str | None, Evidence | None]:
    """The page's language and where it was read: <html lang>, og:locale, content-language."""
    root = tree.getroottree().getroot()
    candidates = [
        (root, root.get("lang") or root.get("xml:lang"), "html"),
        *((el, el.get("content"), "opengraph")
          for el in root.xpath("//meta[@property='og:locale']")),
        *((el, el.get("content"), "html") for el in root.xpath(
            "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']")),
    ]
    for element, value, source in candidates:
        tag = normalise_language_tag(value)
        if tag and tag != "x-default":
            snippet = f'<html lang="{value}">' if element is root else element_snippet(element)
            return tag, Evidence(url, source, snippet)
    return None, None


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
    return list(dict.fromkeys(urldefrag(urljoin(url, link.get("href").strip()))[0]
                              for _, link in hreflang_links(tree) if link.get("href")))


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
