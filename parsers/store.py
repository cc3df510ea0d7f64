"""Store-level signals of one page (usually the home page): languages, links, scripts.

Small and general on purpose: what a page declares and links to. Detecting platforms, chat,
payment methods and the like from these scripts and links is a separate job (the barrier
model matches patterns against ``script_srcs``, ``social_links`` and ``app_links``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from parsers.html import as_tree, parse_problems
from parsers.links import find_links, script_srcs
from parsers.localisation import hreflang_with_evidence, language_with_evidence
from parsers.records import Evidence, Record
from parsers.snippets import element_snippet

_JSON_LD = "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"


@dataclass
class StoreSignals(Record):
    """What a store page declares about languages and links to elsewhere."""

    url: str
    """The page read."""
    language: str | None = None
    """BCP 47 language of the page: "ja-JP"."""
    hreflang: list[str] = field(default_factory=list)
    """Alternate language codes declared, sorted and unique ("x-default" kept)."""
    social: list[dict[str, str]] = field(default_factory=list)
    """Social channels linked: [{"name": "instagram", "url": "https://instagram.com/acme"}]."""
    marketplaces: list[dict[str, str]] = field(default_factory=list)
    """Marketplace storefronts linked: [{"name": "amazon", "url": "https://amazon.de/…"}]."""
    apps: list[dict[str, str]] = field(default_factory=list)
    """Own apps linked: [{"name": "app-store", "url": "https://apps.apple.com/…/app/…"}]."""
    script_srcs: list[str] = field(default_factory=list)
    """Absolute src URLs of the page's scripts, in page order."""
    has_json_ld: bool = False
    """Whether the page carries any <script type="application/ld+json"> block."""
    problems: list[str] = field(default_factory=list)
    """What could not be read: "decoding: …", "empty document"."""
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Evidence per signal: "language", "hreflang", "social.instagram", "apps.app-store", …"""

    def as_signals(self) -> dict[str, tuple[Any, str]]:
        """Rows for the store_signals table: signal name → (value, source).

        Lists hold URLs or codes (an empty list is a real zero: the page had none);
        ``has_json_ld`` is 1 or 0; a language the page does not declare is None.
        """
        language_ev = self.evidence.get("language")
        return {
            "language": (self.language, language_ev.source if language_ev else "html"),
            "hreflang": (self.hreflang, "hreflang"),
            "social_links": ([s["url"] for s in self.social], "html"),
            "marketplace_links": ([m["url"] for m in self.marketplaces], "html"),
            "app_links": ([a["url"] for a in self.apps], "html"),
            "script_srcs": (self.script_srcs, "html"),
            "has_json_ld": (int(self.has_json_ld), "json-ld"),
        }


def extract_store_signals(html: str | bytes | lxml_html.HtmlElement, url: str) -> StoreSignals:
    """Languages, social / marketplace / app links and scripts of one page (HTML or a tree)."""
    tree = as_tree(html, url)
    signals = StoreSignals(url=url, problems=parse_problems(tree))
    signals.language, language_ev = language_with_evidence(tree, url)
    if language_ev:
        signals.evidence["language"] = language_ev
    signals.hreflang, hreflang_ev = hreflang_with_evidence(tree, url)
    if hreflang_ev:
        signals.evidence["hreflang"] = hreflang_ev
    lists = {"social": signals.social, "marketplaces": signals.marketplaces, "apps": signals.apps}
    for link in find_links(tree, url):
        lists[link.kind].append({"name": link.name, "url": link.url})
        link_ev = Evidence(url, "html", element_snippet(link.element))
        signals.evidence.setdefault(f"{link.kind}.{link.name}", link_ev)
    for items in lists.values():
        items.sort(key=lambda item: (item["name"], item["url"]))
    signals.script_srcs = script_srcs(tree, url)
    signals.has_json_ld = bool(tree.xpath(_JSON_LD))
    return signals
