"""``extract_product``: one product page (HTML text or bytes) to a ``PageData`` record.

The HTML is parsed once; JSON-LD, microdata and meta tags are read from that tree. Sources in
order: JSON-LD, then microdata, then OpenGraph / product meta tags, else no product. The
first source with a product supplies it; og:title fills a missing name and meta tags supply
the offer when structured data has none. Never raises on a page: problems are listed.
"""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html

from parsers.html import as_tree, parse_problems
from parsers.localisation import hreflang_with_evidence, language_with_evidence
from parsers.meta_product import meta_evidence, meta_offer, meta_product
from parsers.records import Evidence, PageData, Product
from parsers.schema_product import build_product, pick_product
from parsers.snippets import element_snippet
from parsers.structured import find_products, id_index, json_ld_blocks, microdata_items, opengraph


def _page_fields(page: PageData, tree: lxml_html.HtmlElement, og: dict[str, str]) -> None:
    page.language, language_ev = language_with_evidence(tree, page.url)
    if language_ev:
        page.evidence["language"] = language_ev
    page.hreflang, hreflang_ev = hreflang_with_evidence(tree, page.url)
    if hreflang_ev:
        page.evidence["hreflang"] = hreflang_ev
    titles = tree.xpath("//title[not(ancestor::svg)]")  # an icon's <svg><title> is not the page's
    title = next((el for el in titles if el.text_content().strip()), None)
    if title is not None:
        page.title = " ".join(title.text_content().split())
        page.evidence["title"] = Evidence(page.url, "html", element_snippet(title))
    elif og.get("og:title"):
        page.title = og["og:title"]
        page.evidence["title"] = meta_evidence(page.url, "og:title", og["og:title"])


def _schema_product(items: list[dict[str, Any]], url: str, ctx: dict[str, Any],
                    problems: list[str]) -> Product | None:
    item, problem = pick_product(find_products(items), url)
    if problem:
        problems.append(problem)
    if item is None:
        return None
    return build_product(item, url, ctx, id_index(items), problems)


def _fill_from_meta(product: Product, og: dict[str, str], url: str, ctx: dict[str, Any]) -> None:
    if product.title is None and og.get("og:title"):
        product.title = og["og:title"]
        product.evidence["title"] = meta_evidence(url, "og:title", og["og:title"])
    if not product.offers:
        offer = meta_offer(og, url, ctx)
        if offer is not None:
            product.offers.append(offer)


def read_page(tree: lxml_html.HtmlElement, url: str, ctx: dict[str, Any] | None = None) -> PageData:
    """PageData from a tree made by ``parsers.html.parse_html``."""
    ctx = ctx or {}
    page = PageData(url=url, problems=parse_problems(tree))
    og = opengraph(tree)
    _page_fields(page, tree, og)
    items, json_problems = json_ld_blocks(tree)
    page.problems += json_problems
    product = _schema_product(items, url, ctx, page.problems)
    if product is None:
        product = _schema_product(microdata_items(tree, url), url, ctx, page.problems)
    if product is None:
        product = meta_product(og, url, ctx, page.problems)
    elif og:
        _fill_from_meta(product, og, url, ctx)
    page.product = product
    return page


def extract_product(html: str | bytes | lxml_html.HtmlElement, url: str,
                    ctx: dict[str, Any] | None = None) -> PageData:
    """Page fields and the product of one page: HTML text, bytes, or a ``parse_html`` tree.

    ``ctx`` holds what the market file knows: {"currency": "EUR", "market": "DE",
    "language": "de-DE"}; the currency is only a hint for prices the page leaves without one.
    """
    return read_page(as_tree(html, url), url, ctx)
