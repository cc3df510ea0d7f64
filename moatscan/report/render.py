"""Render the brief with Jinja2: HTML with autoescape, Markdown with its own escaping.

Scraped text is data, never markup. In HTML, Jinja's autoescape turns ``<script>`` into text.
In Markdown, every value printed by the template goes through ``md_escape`` (the environment's
``finalize``), so HTML and Markdown syntax in a product name stays literal; only values built
by the ``md_link`` filter (already escaped) are printed as they are. Links are made for http(s)
URLs only.
"""

from __future__ import annotations

import math
import re
import urllib.parse

import jinja2
from markupsafe import Markup

from parsers.urls import split_url

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()|~])")


class MdSafe(str):
    """Markdown that is already escaped."""


def is_web_url(url) -> bool:
    """Whether ``url`` is an http(s) URL one can link to (not a malformed one)."""
    parts = split_url(url) if isinstance(url, str) else None
    return parts is not None and parts.scheme in {"http", "https"}


def md_escape(value) -> str:
    if isinstance(value, MdSafe):
        return value
    text = _plain(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return MdSafe(" ".join(text.splitlines()))


def md_link(url, text=None) -> MdSafe:
    if not is_web_url(url):
        return md_escape(url if text is None else text)
    target = urllib.parse.quote(url, safe=":/?&=#%~+,;@!$'*-._")
    target = target.replace("(", "%28").replace(")", "%29")
    return MdSafe(f"[{md_escape(text if text is not None else url)}](<{target}>)")


def html_link(url, text=None) -> Markup:
    label = text if text is not None else url
    if not is_web_url(url):
        return Markup("{}").format(_plain(label))
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(
        url, _plain(label))


def number(value, digits: int = 1, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _plain(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def environment(markdown: bool = False) -> jinja2.Environment:
    loader = jinja2.PackageLoader("moatscan.report", "templates")
    if markdown:
        env = jinja2.Environment(loader=loader, autoescape=False, finalize=md_escape,
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        env.filters["link"] = md_link
    else:
        env = jinja2.Environment(loader=loader, autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        env.filters["link"] = html_link
    env.filters["number"] = number
    env.filters["plain"] = _plain
    return env
