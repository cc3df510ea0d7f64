"""Outbound links of a store page: social channels, marketplace storefronts, apps, scripts.

A table of (kind, name, host pattern, path pattern) rules; share buttons ("sharer.php",
"intent/tweet", "pin/create") are not the store's channels and are skipped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import html as lxml_html

from parsers.urls import absolute_url, split_url


class Rule(NamedTuple):
    kind: str
    name: str
    host: re.Pattern[str]
    path: re.Pattern[str] | None = None


def _rule(kind: str, name: str, host: str, path: str | None = None) -> Rule:
    host_re = re.compile(rf"(?:^|\.)(?:{host})$")
    return Rule(kind, name, host_re, re.compile(path, re.I) if path else None)


#: First matching rule wins, so marketplace rules come before social ones (shop.tiktok.com).
RULES = [
    _rule("marketplaces", "tiktok-shop", r"shop\.tiktok\.com"),
    _rule("marketplaces", "tiktok-shop", r"tiktok\.com", r"^/(?:@[^/]+/)?shop"),
    _rule("marketplaces", "amazon", r"amazon\.[a-z.]+|amzn\.to|amzn\.eu|amzn\.asia"),
    _rule("marketplaces", "ebay", r"ebay\.[a-z.]+"),
    _rule("marketplaces", "rakuten", r"rakuten\.[a-z.]+"),
    _rule("marketplaces", "walmart", r"walmart\.(?:com|ca|com\.mx)"),
    _rule("marketplaces", "aliexpress", r"aliexpress\.[a-z.]+"),
    _rule("marketplaces", "etsy", r"etsy\.com|etsy\.me"),
    _rule("marketplaces", "zalando", r"zalando\.[a-z.]+"),
    _rule("marketplaces", "otto", r"otto\.de"),
    _rule("marketplaces", "mercadolibre", r"mercadolibre\.[a-z.]+|mercadolivre\.com\.br"),
    _rule("marketplaces", "shopee", r"shopee\.[a-z.]+"),
    _rule("marketplaces", "lazada", r"lazada\.[a-z.]+"),
    _rule("marketplaces", "tmall", r"tmall\.com|tmall\.hk"),
    _rule("marketplaces", "taobao", r"taobao\.com"),
    _rule("marketplaces", "jd", r"jd\.com"),
    _rule("marketplaces", "yahoo-shopping", r"shopping\.yahoo\.co\.jp"),
    _rule("marketplaces", "bol", r"bol\.com"),
    _rule("marketplaces", "allegro", r"allegro\.pl"),
    _rule("marketplaces", "cdiscount", r"cdiscount\.com"),
    _rule("marketplaces", "temu", r"temu\.com"),
    _rule("marketplaces", "flipkart", r"flipkart\.com"),
    _rule("marketplaces", "noon", r"noon\.com"),
    _rule("apps", "app-store", r"apps\.apple\.com|itunes\.apple\.com", r"/app/"),
    _rule("apps", "google-play", r"play\.google\.com", r"^/store/apps/"),
    _rule("social", "instagram", r"instagram\.com|instagr\.am"),
    _rule("social", "facebook", r"facebook\.com|fb\.com|fb\.me",
          r"^/(?!sharer|share|dialog/|plugins/|tr\b)"),
    _rule("social", "tiktok", r"tiktok\.com", r"^/(?!embed)"),
    _rule("social", "youtube", r"youtube\.com|youtu\.be", r"^/(?!embed/|watch_videos)"),
    _rule("social", "x", r"twitter\.com|x\.com", r"^/(?!intent/|share)"),
    _rule("social", "pinterest", r"pinterest\.[a-z.]+|pin\.it", r"^/(?!pin/create)"),
    _rule("social", "linkedin", r"linkedin\.com", r"^/(?!shareArticle|sharing/)"),
    _rule("social", "line", r"line\.me|lin\.ee", r"^/(?!R/msg/|share)"),
    _rule("social", "weibo", r"weibo\.com|weibo\.cn", r"^/(?!share)"),
    _rule("social", "threads", r"threads\.net|threads\.com"),
    _rule("social", "snapchat", r"snapchat\.com"),
    _rule("social", "xiaohongshu", r"xiaohongshu\.com|xhslink\.com"),
    _rule("social", "vk", r"vk\.com"),
]


class Link(NamedTuple):
    kind: str
    """"social", "marketplaces" or "apps"."""
    name: str
    """Channel or marketplace: "instagram", "amazon", "app-store"."""
    url: str
    """Absolute link target."""
    element: lxml_html.HtmlElement
    """The <a> (or <link>) element, for evidence."""


def classify(href: str) -> tuple[str, str] | None:
    """(kind, name) of an absolute http(s) URL, or None for any other link (or no URL: a
    browser keeps "https://[::1/track" as written)."""
    parts = split_url(href)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    for rule in RULES:
        if rule.host.search(host) and (rule.path is None or rule.path.search(parts.path or "/")):
            return rule.kind, rule.name
    return None


def find_links(tree: lxml_html.HtmlElement, url: str) -> list[Link]:
    """Classified outbound links in page order, one per (kind, url)."""
    seen: set[tuple[str, str]] = set()
    found = []
    for element in tree.xpath("//a[@href] | //link[@href][not(@hreflang)]"):
        href = absolute_url(url, element.get("href", ""))
        kind_name = classify(href) if href else None
        if kind_name and (kind_name[0], href) not in seen:
            seen.add((kind_name[0], href))
            found.append(Link(*kind_name, href, element))
    return found


def script_srcs(tree: lxml_html.HtmlElement, url: str) -> list[str]:
    """Absolute script src URLs in page order, without repeats."""
    srcs = (absolute_url(url, s) for s in tree.xpath("//script/@src") if s.strip())
    return list(dict.fromkeys(src for src in srcs if src))
