"""GTIN matching and the FX-neutral price index, checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark.frames import Frames
from benchmark.prices import check_digit_ok, match_by_gtin, normalise_gtin, price_index

GTIN_EXAMPLES = [
    ("4006381333931", "04006381333931"),      # EAN-13
    ("400-6381-33393-1", "04006381333931"),   # punctuation
    ("012345678905", "00012345678905"),       # UPC-A
    ("0012345678905", "00012345678905"),      # the same UPC written as EAN-13
    ("96385074", "00000096385074"),           # EAN-8
    ("123", None),                            # too short
    ("00000000000000", None),                 # placeholder
    (None, None),
]


@pytest.mark.parametrize("raw, expected", GTIN_EXAMPLES)
def test_normalise_gtin(raw, expected):
    assert normalise_gtin(raw) == expected


def test_check_digit():
    assert check_digit_ok("04006381333931")
    assert not check_digit_ok("04006381333932")


A, B = "04006381333931", "00012345678905"

OFFERS = pd.DataFrame([
    # seller S
    ("S", "s-us", "US", "4006381333931", 10.00, "USD"),
    ("S", "s-de", "DE", "4006381333931", 9.20, "EUR"),    # 9.20 / 0.92 = 10 USD
    ("S", "s-b", "US", "012345678905", 20.00, "USD"),
    # competitor C
    ("C", "c-us", "US", "04006381333931", 9.00, "USD"),
    ("C", "c-fr", "FR", "4006381333931", 11.04, "EUR"),   # 12 USD; the seller is not in FR
    ("C", "c-b", "US", "0012345678905", 25.00, "USD"),
    ("C", "c-x", "US", "123", 5.00, "USD"),               # no usable GTIN: never matched
    # competitor J
    ("J", "j-jp", "JP", "4006381333931", 1512, "JPY"),    # 1512 / 151.2 = 10 USD
], columns=["store_id", "offer_key", "market", "gtin", "price", "currency"])

RATES = pd.DataFrame([
    ("2026-11-20", "EUR", "USD", 0.92),
    ("2026-11-30", "EUR", "USD", 0.80),   # after the scan date: never used
    ("2026-11-20", "JPY", "USD", 151.2),
    ("2026-11-20", "EUR", "GBP", 1.15),   # another base currency: ignored
], columns=["rate_date", "currency", "base_currency", "rate"])

FRAMES = Frames.build(scan_date="2026-11-24", base_currency="USD", offers=OFFERS,
                      exchange_rates=RATES)


def test_match_by_gtin():
    expected = pd.DataFrame([
        ("S", "s-b", "C", "c-b", B, "gtin", 1.0),
        ("S", "s-de", "C", "c-fr", A, "gtin", 1.0),
        ("S", "s-us", "C", "c-fr", A, "gtin", 1.0),
        ("S", "s-de", "C", "c-us", A, "gtin", 1.0),
        ("S", "s-us", "C", "c-us", A, "gtin", 1.0),
        ("S", "s-de", "J", "j-jp", A, "gtin", 1.0),
        ("S", "s-us", "J", "j-jp", A, "gtin", 1.0),
    ], columns=["seller_store_id", "seller_offer_key", "store_id", "offer_key", "gtin",
                "method", "confidence"]).astype({c: "str" for c in ["seller_store_id",
                                                 "seller_offer_key", "store_id", "offer_key",
                                                 "gtin", "method"]})
    assert_frame_equal(match_by_gtin(FRAMES.offers, "S"), expected)


def test_bad_check_digit_matches_with_lower_confidence():
    frames = Frames.build(offers=pd.DataFrame([
        ("S", "s1", "US", "4006381333932"), ("C", "c1", "US", "4006381333932")],
        columns=["store_id", "offer_key", "market", "gtin"]))
    assert match_by_gtin(frames.offers, "S")["confidence"].tolist() == [0.9]


def test_price_index_by_hand():
    matches = match_by_gtin(FRAMES.offers, "S")
    got = price_index(matches, FRAMES.offers, FRAMES.exchange_rates, "USD", "2026-11-24")
    # C in US, same market: c-us 9 / s-us 10 = 0.9; c-b 25 / s-b 20 = 1.25
    c_us = 100 * math.sqrt(0.9 * 1.25)
    # C in FR, across markets: 12 USD / geometric mean of the seller's 10 (US) and 10 (DE) = 1.2
    # C over all markets: product A = mean of ln 0.9 and ln 1.2, product B = ln 1.25
    c_all = 100 * math.exp(((math.log(0.9) + math.log(1.2)) / 2 + math.log(1.25)) / 2)
    expected = pd.DataFrame([
        ("C", "*", "USD", 2, 1, c_all, "2026-11-20"),
        ("C", "FR", "USD", 1, 1, 120.0, "2026-11-20"),
        ("C", "US", "USD", 2, 0, c_us, None),            # all in USD: no rate used
        ("J", "*", "USD", 1, 1, 100.0, "2026-11-20"),
        ("J", "JP", "USD", 1, 1, 100.0, "2026-11-20"),   # 10 USD vs the seller's 10 USD
        ("S", "*", "USD", 2, 0, 100.0, "2026-11-20"),
        ("S", "DE", "USD", 1, 0, 100.0, "2026-11-20"),
        ("S", "US", "USD", 2, 0, 100.0, None),
    ], columns=["store_id", "market", "base_currency", "matched_products",
                "cross_market_products", "index", "rate_date"]).astype(
        {"store_id": "str", "market": "str", "base_currency": "str", "rate_date": "str"})
    assert_frame_equal(got, expected)


def test_no_rate_on_or_before_scan_date_leaves_the_offer_out():
    rates = FRAMES.exchange_rates[FRAMES.exchange_rates["currency"] != "JPY"]
    matches = match_by_gtin(FRAMES.offers, "S")
    got = price_index(matches, FRAMES.offers, rates, "USD", "2026-11-24")
    assert "J" not in set(got["store_id"])


def test_no_seller_no_matches_no_index():
    matches = match_by_gtin(FRAMES.offers, None)
    assert matches.empty
    assert price_index(matches, FRAMES.offers, FRAMES.exchange_rates, "USD", "2026-11-24").empty
