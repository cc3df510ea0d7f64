"""Parse a page once: HTML text or bytes to the one lxml tree every parser reads.

``parse_html`` never raises and always returns a tree (an empty document gives an empty
<html>). What went wrong on the way (undecodable bytes, an empty body) stays attached to the
tree and ends up in the page's ``problems`` when a parser reads it.
"""

from __future__ import annotations

import re
import weakref

from lxml import etree
from lxml import html as lxml_html

from parsers.decoding import decode_html

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: Characters no HTML text holds and lxml refuses in a text or an attribute: C0 controls but
#: tab and line ends, and the non-characters U+FFFE and U+FFFF. A form feed is HTML's
#: whitespace and a vertical tab a line break in copied text: both become spaces.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_SPACES = str.maketrans("\x0b\x0c", "  ")
_PROBLEMS: weakref.WeakKeyDictionary[lxml_html.HtmlElement, list[str]]
_PROBLEMS = weakref.WeakKeyDictionary()  # root element -> problems met while parsing it


def parse_html(html: str | bytes, url: str | None = None,
               encoding: str | None = None) -> lxml_html.HtmlElement:
    """The document's tree, rooted at <html>, with ``url`` as its base URL.

    ``encoding`` is the charset the transport declared (Scrapy's ``response.encoding``); for
    bytes without it, the BOM or <meta charset> decides, else UTF-8.
    """
    text, problems = decode_html(html, encoding)
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str with an encoding declaration
    text, removed = _CONTROL.subn("", text.translate(_SPACES))
    if removed:
        problems.append(f"decoding: {removed} control character{'s' * (removed > 1)} removed")
    tree = None
    if text.strip():
        try:
            tree = lxml_html.document_fromstring(text, base_url=url)
        except (etree.ParserError, ValueError) as error:
            problems.append(f"unparseable document: {error}")
    else:
        problems.append("empty document")
    if tree is None:
        tree = lxml_html.document_fromstring("<html></html>", base_url=url)
    if problems:
        _PROBLEMS[tree] = problems
    return tree


#: Elements whose content a reader never sees as text.
NOT_SHOWN = ("script", "style", "noscript", "template")


def visible_text(element: lxml_html.HtmlElement, limit: int | None = None) -> str:
    """The element's text as a reader sees it, in single spaces: without the content of the
    scripts, styles, noscript and template elements inside it (CSS-in-JS pages put a
    ``<style>`` beside nearly every block).

    With ``limit``, reading stops once the text is longer than that: a caller asking whether
    a block is short reads no more of a large one than it needs.

    >>> visible_text(lxml_html.fromstring('<div><style>.a{margin:0}</style><h3> 1.050 €</h3>'
    ...                                   '</div>'))
    '1.050 €'
    >>> len(visible_text(lxml_html.fromstring('<div>' + '<p>word</p>' * 10_000 + '</div>'), 20))
    24
    """
    if not isinstance(element.tag, str):
        return ""  # a comment or processing instruction shows nothing
    if limit is None and next(element.iterdescendants(*NOT_SHOWN), None) is None:
        return " ".join(element.text_content().split())
    parts = [element.text or ""]
    size, check_at = len(parts[0]), limit
    stack = [(element, iter(element))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if node is not element:
                parts.append(node.tail or "")
                size += len(parts[-1])
        elif isinstance(child.tag, str) and child.tag not in NOT_SHOWN:
            parts.append(child.text or "")
            size += len(parts[-1])
            stack.append((child, iter(child)))
        else:  # a comment or a hidden element: only the text after it shows
            parts.append(child.tail or "")
            size += len(parts[-1])
        if check_at is not None and size > check_at:
            text = " ".join("".join(parts).split())
            if len(text) > limit:
                return text
            check_at = size + limit
    return " ".join("".join(parts).split())


def parse_problems(tree: lxml_html.HtmlElement) -> list[str]:
    """What went wrong while ``parse_html`` made this tree (a copy; empty when nothing did)."""
    return list(_PROBLEMS.get(tree.getroottree().getroot(), []))


def as_tree(html: str | bytes | lxml_html.HtmlElement,
            url: str | None = None) -> lxml_html.HtmlElement:
    """A tree for any page input: an already parsed tree is used as it is."""
    if isinstance(html, (str, bytes)):
        return parse_html(html, url)
    return html
