"""JSON-LD, microdata and OpenGraph reading, GTIN normalisation."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from parsers.html import parse_html
from parsers.identifiers import normalise_gtin
from parsers.structured import find_products, json_ld_blocks, microdata_items, opengraph, type_names


def tree(html: str):
    return lxml.html.document_fromstring(html)


def ld(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body></body></html>"


def test_one_broken_block_does_not_hide_the_others():
    items, problems = json_ld_blocks(tree(ld(
        '{"@type": "Organization", "name": "A" "url": "b"}',
        '{"@type": "Product", "name": "Kettle", "offers": {"price": 24.90}}',
    )))
    assert [i["@type"] for i in items] == ["Product"]
    assert items[0]["offers"]["price"] == Decimal("24.90")
    assert problems == ["json-ld block 1: Expecting ',' delimiter at line 1 column 39"]


@pytest.mark.parametrize(("block", "note"), [
    ('{"@type": "Product", "name": "Kettle",}', "trailing comma"),
    ('<!-- {"@type": "Product", "name": "Kettle"} -->', "comment wrapper"),
    ('//<![CDATA[\n{"@type": "Product", "name": "Kettle"}\n//]]>', "comment wrapper"),
])
def test_cheap_repairs_are_made_and_reported(block, note):
    items, problems = json_ld_blocks(tree(ld(block)))
    assert [i["name"] for i in items] == ["Kettle"]
    assert len(problems) == 1 and note in problems[0]


@pytest.mark.parametrize(("block", "problem"), [
    ("", "json-ld block 1: empty"),
    ('{"@type": "Product", "name": "Ket',
     "json-ld block 1: Unterminated string starting at line 1 column 30"),
])
def test_unreadable_blocks_are_problems(block, problem):
    assert json_ld_blocks(tree(ld(block))) == ([], [problem])


def test_graph_and_lists_are_flattened():
    items, problems = json_ld_blocks(tree(ld(
        '{"@context": "https://schema.org",'
        ' "@graph": [{"@type": "WebSite"}, {"@type": "Product"}]}',
        '[{"@type": "BreadcrumbList"}, {"@type": "Organization"}]',
    )))
    assert [i["@type"] for i in items] == ["WebSite", "Product", "BreadcrumbList", "Organization"]
    assert problems == []


def test_products_in_a_products_own_graph_are_its_variants():
    """target.com nests its colours in the product's own @graph: three products, one page."""
    items, problems = json_ld_blocks(tree(ld(
        '{"@graph": [{"@type": "Product", "name": "Armoire", "@graph": ['
        '{"@type": "Product", "name": "Armoire - Walnut"},'
        '{"@type": "Product", "name": "Armoire - White"}, {"@type": "Review"}]}]}',
    )))
    assert [(i["@type"], i.get("name")) for i in items] == [("Product", "Armoire"),
                                                            ("Review", None)]
    assert [v["name"] for v in items[0]["hasVariant"]] == ["Armoire - Walnut", "Armoire - White"]
    assert [p["name"] for p in find_products(items)] == ["Armoire"]
    assert problems == []


def test_type_names_are_short():
    both = {"@type": ["http://schema.org/Product", "schema:Thing"]}
    assert type_names(both) == {"Product", "Thing"}
    assert type_names({"@type": "https://schema.org/Offer/"}) == {"Offer"}
    assert type_names("Product") == set()


@pytest.mark.parametrize("written", ["PRODUCT", "product", "http://schema.org/PRODUCT"])
def test_a_type_read_here_is_known_in_any_case(written):
    """A store writing "PRODUCT" (worten.pt) means schema.org's Product."""
    assert type_names({"@type": written}) == {"Product"}
    assert find_products([{"@type": written, "name": "Main"}]) == [
        {"@type": written, "name": "Main"}]


def test_find_products_skips_listed_and_related_products():
    items = [
        {"@type": "ItemList",
         "itemListElement": [{"@type": "ListItem", "item": {"@type": "Product"}}]},
        {"@type": "WebPage", "mainEntity": {"@type": "Product", "name": "Main"}},
        {"@type": "Product", "name": "Other",
         "isRelatedTo": {"@type": "Product", "name": "Related"}},
    ]
    assert [p["name"] for p in find_products(items)] == ["Main", "Other"]


def test_find_products_leaves_variants_to_their_group():
    items = [{"@type": "ProductGroup", "name": "G"},
             {"@type": "Product", "name": "V", "isVariantOf": {"@id": "#g"}}]
    assert [p["name"] for p in find_products(items)] == ["G"]


def test_microdata_items_come_in_json_ld_shape_with_their_element():
    html = """<html><body><div itemscope itemtype="http://schema.org/Product">
      <h1 itemprop="name">Kettle</h1>
      <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
        <span itemprop="price" content="24.90">24,90 €</span></div></div></body></html>"""
    [item] = microdata_items(tree(html), "https://shop.example/kettle")
    assert item["@type"] == "http://schema.org/Product"
    assert item["name"] == "Kettle"
    assert item["offers"]["price"] == "24.90"
    assert item["_node"].tag == "div" and item["offers"]["_node"].get("itemprop") == "offers"


@pytest.mark.parametrize("empty", ["<div itemscope>Text</div>", "<div itemscope></div>"])
def test_an_itemscope_without_type_or_properties_is_no_item(empty):
    """extruct gives such an item as its text, which a reader of items took for an object."""
    html = (f"<html><body>{empty}<div itemscope itemtype='https://schema.org/Product'>"
            "<span itemprop='name'>Kettle</span></div></body></html>")
    assert [i["name"] for i in microdata_items(tree(html), "https://s.example/")] == ["Kettle"]


def test_opengraph_of_a_page_whose_head_is_swallowed_by_an_open_quote():
    """An attribute left open takes the head into <html>'s attributes; extruct then met a
    <head> the root does not have and raised."""
    html = ('<html lang="de" a="x\n>\n<head>\n<meta property="og:title" content="T"/>'
            '<meta name="b" content="c"/>')
    assert opengraph(parse_html(html)) == {}


def test_opengraph_first_value_per_property():
    html = """<html><head><meta property="og:title" content="Kettle">
      <meta property="og:locale" content="de_DE">
      <meta property="og:locale:alternate" content="fr_FR">
      <meta property="product:price:amount" content="24.90">
      <meta property="og:title" content="Second">
      <meta name="twitter:title" content="not OpenGraph"></head><body></body></html>"""
    assert opengraph(tree(html)) == {"og:title": "Kettle", "og:locale": "de_DE",
                                     "og:locale:alternate": "fr_FR",
                                     "product:price:amount": "24.90"}


def test_opengraph_meta_tags_a_streaming_framework_writes_in_the_body():
    """Next.js streams its metadata into the body; the head's values still come first, and a
    microdata item's own meta tags are not OpenGraph."""
    html = """<html><head><meta property="og:title" content="Head title"></head><body>
      <meta property="og:title" content="Body title">
      <meta property="product:price:amount" content="889.00">
      <meta property="product:price:currency" content="USD">
      <meta property="fb:app_id" content="123">
      <div itemscope itemtype="https://schema.org/Offer">
        <meta property="og:price:amount" content="1.00"></div></body></html>"""
    assert opengraph(tree(html)) == {"og:title": "Head title",
                                     "product:price:amount": "889.00",
                                     "product:price:currency": "USD"}


@pytest.mark.parametrize(("value", "expected"), [
    ("4006381333931", ("4006381333931", None)),
    ("885909950805", ("0885909950805", None)),  # GTIN-12 padded to 13
    ("0 885909 950805", ("0885909950805", None)),
    ("04006381333931", ("4006381333931", None)),  # GTIN-14 with a leading 0
    ("96385074", ("96385074", None)),  # GTIN-8 stays 8 digits
    (4006381333931, ("4006381333931", None)),
    (["4006381333931", "x"], ("4006381333931", None)),
    ("https://id.gs1.org/01/04006381333931/21/123", ("4006381333931", None)),
    ("4006381333932", (None, "gtin '4006381333932' ignored: wrong check digit")),
    ("12345", (None, "gtin '12345' ignored: 5 digits")),
    ("n/a", (None, "gtin 'n/a' ignored: not digits")),
    ("", (None, None)),
    (None, (None, None)),
])
def test_normalise_gtin(value, expected):
    assert normalise_gtin(value) == expected
