"""Shopify /products.json and the WooCommerce Store API → PageData records (saved answers are
in tests/fixtures/pages/trailco-platform and woo-garten; these are the edge cases)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from parsers.platforms import shopify_products, woocommerce_products

CTX = {"currency": "CAD", "market": "CA"}


def shopify(*variants, **product):
    item = {"id": 1, "title": "Parka", "handle": "parka", "vendor": "Maple", **product,
            "variants": list(variants)}
    return json.dumps({"products": [item]})


def test_each_variant_is_an_offer_at_the_product_url():
    records, problems = shopify_products(shopify(
        {"sku": "P-S", "price": "329.00", "compare_at_price": "399.00", "title": "S",
         "barcode": "885909950805", "available": True},
        {"sku": "P-M", "price": "329.00", "title": "M", "available": False}),
        "https://maple.example.ca/", CTX)
    assert problems == []
    [page] = records
    assert page.url == "https://maple.example.ca/products/parka"
    assert page.product.brand == "Maple" and page.product.source == "shopify-json"
    first, second = page.product.offers
    assert (first.price, first.currency, first.regular_price, first.gtin, first.variant) == (
        Decimal("329.00"), "CAD", Decimal("399.00"), "0885909950805", "S")
    assert (second.availability, second.regular_price) == ("OutOfStock", None)
    assert first.evidence["price"].source == "shopify-json"
    assert "market hint 'CAD'" in first.evidence["currency"].snippet


def test_without_a_market_there_is_no_currency():
    records, _ = shopify_products(shopify({"price": "10.00"}), "https://s.example", {})
    assert records[0].product.offers[0].currency is None


@pytest.mark.parametrize("body", [b"", b"{not json", b"[1, 2]", b'{"products": 3}',
                                  "\ufffd\ufffd".encode()])
def test_bad_shopify_answers_give_no_records_and_a_problem(body):
    records, problems = shopify_products(body, "https://s.example", CTX)
    assert records == [] and len(problems) == 1 and problems[0].startswith("shopify-json")


def test_woocommerce_minor_units_and_reviews():
    answer = [{"id": 5, "name": "Hochbeet", "permalink": "https://g.example/p/hochbeet/",
               "sku": "HB", "prices": {"price": "129900", "regular_price": "149900",
                                       "currency_code": "JPY", "currency_minor_unit": 0},
               "average_rating": "4.50", "review_count": 8, "is_in_stock": True}]
    records, problems = woocommerce_products(json.dumps(answer), "https://g.example", {})
    offer = records[0].product.offers[0]
    assert (offer.price, offer.currency, offer.regular_price, offer.price_raw) == (
        Decimal("129900"), "JPY", Decimal("149900"), "129900")
    assert (records[0].product.rating, records[0].product.review_count) == (4.5, 8)
    assert records[0].url == "https://g.example/p/hochbeet/" and problems == []


def test_woocommerce_no_reviews_is_zero_reviews_and_no_rating():
    answer = [{"id": 6, "name": "X", "prices": {"price": "500", "currency_code": "EUR",
                                                "currency_minor_unit": 2},
               "average_rating": "0", "review_count": 0}]
    product = woocommerce_products(json.dumps(answer), "https://g.example", {})[0][0].product
    assert (product.rating, product.review_count, product.offers[0].price) == (
        None, 0, Decimal("5.00"))


@pytest.mark.parametrize("body", [b"{}", b"not json", b"null"])
def test_bad_woocommerce_answers(body):
    records, problems = woocommerce_products(body, "https://g.example", {})
    assert records == [] and problems[0].startswith("woocommerce-api")


@pytest.mark.parametrize(("price", "digits", "expected"), [
    ("2499", 2, Decimal("24.99")),
    ("2499", "2", Decimal("24.99")),
    ("2499", 0, Decimal("2499")),
    # no currency has these decimals, and no price this many digits: no price, no crash
    ("2499", "Infinity", None),
    ("2499", 10**30, None),
    ("2499", -2, None),
    ("2499", True, None),
    (str(10**40), 2, None),
    ("1e1000000", 2, None),
    ("2499", "²", None),
    ("2499", 2.0, Decimal("24.99")),
    ("24.99", 2, None),
])
def test_woocommerce_odd_minor_units_give_no_price(price, digits, expected):
    body = ('[{"id": 7, "name": "X", "prices": {"price": "%s", "currency_code": "EUR", '
            '"currency_minor_unit": %s}}]' % (price, json.dumps(digits) if digits != "Infinity"
                                              else "Infinity"))
    records, problems = woocommerce_products(body, "https://g.example", {})
    assert records[0].product.offers[0].price == expected
    assert bool(problems) == (expected is None)


def test_a_woocommerce_permalink_that_is_no_url_is_replaced_and_reported():
    answer = [{"id": 8, "name": "X", "permalink": "https://[g.example/p/x",
               "prices": {"price": "500", "currency_code": "EUR", "currency_minor_unit": 2}}]
    records, problems = woocommerce_products(json.dumps(answer), "https://g.example/", {})
    assert records[0].url == "https://g.example/?p=8"
    assert problems == ["woocommerce-api: permalink 'https://[g.example/p/x' is no URL; "
                        "https://g.example/?p=8 used"]
