"""Reading values out of schema.org objects, whichever syntax they came in.

A JSON-LD object is a dict; a microdata item is the same dict plus its element under "_node".
These helpers give the value, the raw text a buyer saw and the evidence for one property.
"""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html

from parsers.html import visible_text
from parsers.records import Evidence
from parsers.snippets import cut, element_snippet, json_snippet


def source_of(item: dict[str, Any]) -> str:
    """"microdata" for an item read from microdata, else "json-ld"."""
    return "microdata" if item.get("_node") is not None else "json-ld"


def first(value: Any) -> Any:
    """The first of several values; a JSON-LD value object ({"@value": x}) gives x."""
    while isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def deref(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """A {"@id": ...} reference replaced by the object it names, when the page has it."""
    if isinstance(value, list):
        return [deref(v, ids) for v in value]
    if isinstance(value, dict) and set(value) <= {"@id", "_node"} and value.get("@id") in ids:
        return ids[value["@id"]]
    return value


def text(value: Any) -> str | None:
    """A scalar value as stripped text; objects give their "name"; None when empty."""
    value = first(value)
    if isinstance(value, dict):
        value = first(value.get("name"))
    if value is None or isinstance(value, (dict, bool)):
        return None
    result = " ".join(str(value).split())
    return result or None


def enumeration(value: Any) -> str | None:
    """An enumeration member as text: a name ("InStock", "https://schema.org/InStock") or the
    node it is written as ({"@id": "https://schema.org/InStock"})."""
    value = first(value)
    if isinstance(value, dict) and "name" not in value:
        value = first(value.get("@id"))
    return text(value)


def prop_element(item: dict[str, Any], name: str) -> lxml_html.HtmlElement | None:
    """The element carrying itemprop=name directly in this microdata item (not a nested one)."""
    node = item.get("_node")
    if node is None:
        return None
    for element in node.iterdescendants():
        if not isinstance(element.tag, str) or name not in (element.get("itemprop") or "").split():
            continue
        owner = element.getparent()
        while owner is not None and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is node:
            return element
    return None


def raw_text(item: dict[str, Any], name: str) -> str | None:
    """What the page wrote for a property: the visible text of a microdata element (its
    content attribute when it shows nothing), the JSON-LD value as written."""
    element = prop_element(item, name)
    if element is not None:
        visible = visible_text(element)
        if visible:
            return visible
    value = first(item.get(name))
    return None if value is None or isinstance(value, dict) else str(value)


def evidence(item: dict[str, Any], url: str, *names: str, rule: str | None = None) -> Evidence:
    """Evidence for properties of an item: the element (microdata) or the JSON fragment."""
    source = source_of(item)
    if rule:
        return Evidence(url, source, cut(rule))
    if source == "microdata":
        for name in names:
            element = prop_element(item, name)
            if element is not None:
                return Evidence(url, source, element_snippet(element))
        return Evidence(url, source, element_snippet(item["_node"]))
    return Evidence(url, source, json_snippet(item, *names))
