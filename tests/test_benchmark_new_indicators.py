"""The indicators added for delivery, shipping, policies, payment, technologies, speed, promos
and review velocity, on frames of a few rows, against values computed by hand."""

from __future__ import annotations

import json

import pandas as pd
from pandas.testing import assert_frame_equal

from benchmark.frames import Frames
from benchmark.from_history import review_velocity
from benchmark.from_offers import promo_depth, shipping_cost
from benchmark.from_policies import free_shipping_threshold, local_payment_methods, returns_days
from benchmark.from_tech import speed_stat, technology_count
from benchmark.registry import result

STORES = pd.DataFrame([
    {"id": "a", "name": "A", "url": "http://a/", "role": "seller", "markets": '["DE", "NL"]'},
    {"id": "b", "name": "B", "url": "http://b/", "role": "competitor", "markets": '["DE"]'},
    {"id": "c", "name": "C", "url": "http://c/", "role": "competitor", "markets": '["NL"]'},
])
MARKETS = pd.DataFrame([{"code": "DE", "currency": "EUR", "language": "de"},
                        {"code": "NL", "currency": "EUR", "language": "nl"}])
RATES = pd.DataFrame([{"rate_date": "2026-11-01", "currency": "EUR", "base_currency": "USD",
                       "rate": 0.8}])


def _frames(**tables):
    return Frames.build(scan_date="2026-11-23", stores=STORES, markets=MARKETS,
                        exchange_rates=RATES, **tables)


def _signals(rows):
    return pd.DataFrame(rows, columns=["store_id", "market", "signal", "value"])


def test_free_shipping_threshold_per_market_in_base_currency():
    frames = _frames(store_signals=_signals([
        ("a", "DE", "free_shipping_threshold", json.dumps({"amount": "40.00", "currency": "EUR"})),
        ("a", "NL", "free_shipping_threshold", json.dumps({"amount": "60.00", "currency": "EUR"})),
        ("b", "*", "free_shipping_threshold", json.dumps({"amount": "25", "currency": "USD"})),
        ("c", "*", "free_shipping_threshold", "not json"),
    ]))
    got = free_shipping_threshold(frames)
    assert got[["store_id", "market"]].values.tolist() == [
        ["a", "*"], ["a", "DE"], ["a", "NL"], ["b", "*"], ["b", "DE"]]
    assert got["value"].tolist() == [62.5, 50.0, 75.0, 25.0, 25.0]   # 40/0.8, 60/0.8, median
    assert got["evidence"].iloc[1] == ("free shipping from 40.00 EUR = 50.00 USD at the rate of "
                                       "2026-11-01")
    assert got["evidence"].iloc[4].endswith("(store-wide)")


def test_returns_window_falls_back_on_the_store_wide_row():
    frames = _frames(store_signals=_signals([
        ("a", "*", "returns_days", "14"), ("a", "NL", "returns_days", "30"),
        ("b", "DE", "returns_days", "100"),
    ]))
    want = result([
        ("a", "*", 14.0, 1, "14-day returns"), ("a", "DE", 14.0, 1, "14-day returns (store-wide)"),
        ("a", "NL", 30.0, 1, "30-day returns"), ("b", "*", 100.0, 1, "median over 1 markets: DE 100"),
        ("b", "DE", 100.0, 1, "100-day returns"),
    ])
    assert_frame_equal(returns_days(frames), want)


def test_local_payment_methods():
    methods = [{"name": "iDEAL", "markets": ["NL"]}, {"name": "Klarna", "markets": ["DE", "NL"]},
               {"name": "Visa", "markets": []}]
    frames = _frames(store_signals=_signals([
        ("a", "*", "payment_methods", json.dumps(methods)),
        ("b", "*", "payment_methods", json.dumps([{"name": "PayPal"}])),
    ]))
    want = result([
        ("a", "DE", 1.0, 3, "1 local in DE: Klarna"),
        ("a", "NL", 2.0, 3, "2 local in NL: Klarna, iDEAL"),
        ("a", "*", 2.0, 3, "2 market-local methods: Klarna, iDEAL"),
        ("b", "DE", 0.0, 1, "none of 1 methods local to DE"),
        ("b", "*", 0.0, 1, "no market-local method among 1"),
    ])
    assert_frame_equal(local_payment_methods(frames), want)


OFFERS = pd.DataFrame([
    # store, key, market, price, currency, regular, shipping, shipping currency
    ("a", "1", "DE", 8.0, "EUR", 10.0, 4.0, "EUR"),
    ("a", "2", "NL", 10.0, "EUR", None, 0.0, None),
    ("b", "3", "DE", 30.0, "EUR", 40.0, 8.0, "USD"),
    ("b", "4", "DE", 20.0, "EUR", 20.0, None, None),
], columns=["store_id", "offer_key", "market", "price", "currency", "regular_price",
            "shipping_cost", "shipping_currency"])


def test_promo_depth():
    got = promo_depth(_frames(offers=OFFERS))
    # a: 20% off and full price -> 0.1; b: 25% off and full price -> 0.125
    want = result([("a", "*", 0.1, 2, ""), ("a", "DE", 0.2, 1, ""), ("a", "NL", 0.0, 1, ""),
                   ("b", "*", 0.125, 2, ""), ("b", "DE", 0.125, 2, "")])
    assert_frame_equal(got.drop(columns="evidence"), want.drop(columns="evidence"))
    assert got["evidence"].iloc[0] == ("1 of 2 priced offers below their regular price, "
                                       "20% off on average")


def test_shipping_cost_in_base_currency():
    got = shipping_cost(_frames(offers=OFFERS))
    # a: 4 EUR = 5 USD and free -> median 2.5; b: 8 USD stated in USD
    assert got[["store_id", "market", "value", "n"]].values.tolist() == [
        ["a", "*", 2.5, 2], ["a", "DE", 5.0, 1], ["a", "NL", 0.0, 1],
        ["b", "*", 8.0, 1], ["b", "DE", 8.0, 1]]


def test_technologies_absent_is_no_data_present_is_a_count():
    assert technology_count(_frames(), layer="technology").empty
    tech = pd.DataFrame([("a", "Gorgias", "Live chat", "technology"),
                         ("a", "Klarna", "Buy now pay later", "technology"),
                         ("a", "Smile.io", "Loyalty & rewards", "ecosystem"),
                         ("b", "Smile.io", "Loyalty & rewards", "ecosystem")],
                        columns=["store_id", "name", "category", "layer"])
    want = result([("a", "*", 2.0, 2, "2 technology-layer technologies: Gorgias, Klarna"),
                   ("b", "*", 0.0, 0, "no technology-layer technology found"),
                   ("c", "*", 0.0, 0, "no technology-layer technology found")])
    assert_frame_equal(technology_count(_frames(technologies=tech), layer="technology"), want)
    chat = technology_count(_frames(technologies=tech), categories=["live chat"])
    assert chat["value"].tolist() == [1.0, 0.0, 0.0]


def test_site_speed_median_per_profile():
    speed = pd.DataFrame([("a", "http://a/", "mobile", 1000.0), ("a", "http://a/p", "mobile", 3000.0),
                          ("a", "http://a/p2", "mobile", 2000.0), ("a", "http://a/", "desktop", 1.0),
                          ("b", "http://b/", "desktop", 900.0)],
                         columns=["store_id", "url", "profile", "lcp_ms"])
    want = result([("a", "*", 2000.0, 3, "median lcp_ms 2000 over 3 URLs (mobile)")])
    assert_frame_equal(speed_stat(_frames(site_speed=speed), "lcp_ms"), want)


def test_review_velocity_needs_a_previous_scan():
    now = pd.DataFrame([("a", "1", "DE", 30.0), ("a", "2", "NL", 5.0), ("b", "3", "DE", 7.0)],
                       columns=["store_id", "offer_key", "market", "review_count"])
    before = Frames.build(scan_id=1, scan_date="2026-11-09", stores=STORES, offers=pd.DataFrame(
        [("a", "1", "DE", 10.0), ("a", "2", "NL", 6.0), ("b", "3", "DE", 7.0)],
        columns=["store_id", "offer_key", "market", "review_count"]))
    assert review_velocity(_frames(offers=now)).empty
    got = review_velocity(Frames.build(scan_id=2, scan_date="2026-11-23", stores=STORES,
                                       offers=now, previous=before))
    # a: +20 (a count that went down counts 0) in two weeks -> 10 a week
    assert got[["store_id", "market", "value", "n"]].values.tolist() == [
        ["a", "*", 10.0, 2], ["a", "DE", 10.0, 1], ["a", "NL", 0.0, 1],
        ["b", "*", 0.0, 1], ["b", "DE", 0.0, 1]]
