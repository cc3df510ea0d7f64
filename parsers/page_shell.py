"""Is this page an empty shell that JavaScript fills in? Then a browser must render it."""

from __future__ import annotations

from lxml import html as lxml_html

#: Below this many characters of visible body text, a page with scripts is a shell.
MIN_VISIBLE_TEXT = 200

_VISIBLE_TEXT = (
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


def visible_text_length(tree: lxml_html.HtmlElement) -> int:
    """Characters of body text a reader sees without JavaScript (whitespace collapsed)."""
    return len(" ".join(" ".join(tree.xpath(_VISIBLE_TEXT)).split()))


def looks_script_rendered(tree: lxml_html.HtmlElement, min_text: int = MIN_VISIBLE_TEXT) -> bool:
    """True when the body shows almost no text (< ``min_text`` characters outside script,
    style, noscript and template) and the page has <script> tags: its content comes from
    JavaScript, so the crawler needs a browser for it."""
    if not tree.xpath("//script"):
        return False
    return visible_text_length(tree) < min_text
