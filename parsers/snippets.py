"""Short evidence snippets: a JSON fragment or an element's outer HTML, cut to about 200 chars."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from lxml import html as lxml_html

LIMIT = 200
_SPACE = re.compile(r"\s+")
_NUMBER_MARK = re.compile(r'"\\u0000([-+0-9.eE]+)\\u0000"')


def cut(text: str, limit: int = LIMIT) -> str:
    """Whitespace collapsed and cut to ``limit`` characters (an ellipsis marks the cut)."""
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"\0{value}\0"  # marked, then written back as the number it was in the page
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, lxml_html.HtmlElement):
        return None
    return value


def json_snippet(item: dict[str, Any], *keys: str) -> str:
    """The named keys of a JSON-LD object (with its @type) as JSON text.

    >>> json_snippet({"@type": "Offer", "price": "24.99", "sku": "A1"}, "price")
    '{"@type": "Offer", "price": "24.99"}'
    """
    wanted = ("@type", *keys) if keys else tuple(item)
    fragment = {k: item[k] for k in wanted if k in item and not k.startswith("_")}
    text = json.dumps(_plain(fragment), ensure_ascii=False)
    return cut(_NUMBER_MARK.sub(r"\1", text))


def element_snippet(element: lxml_html.HtmlElement) -> str:
    """The element's outer HTML without its tail text."""
    return cut(lxml_html.tostring(element, encoding="unicode", with_tail=False))
