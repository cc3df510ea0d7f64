"""The demo market's store-level truth, found by a real scan: every signal that
`planted_store_signals()` plants, per store and market (ship-to countries and programme links
included), and the delivery window of every offer.

Week 1 is read from the `scanned_db` scan; week 2 from the two-week `demo_db`, for what week 2
changes (Kabelwerk's German delivery promise).
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

import pytest

from moatscan.demo import planted, planted_store_signals
from moatscan.demo.catalogue import PROGRAMMES

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@lru_cache(maxsize=4)
def found_signals(db_path: str, week: int) -> dict[tuple[str, str, str], object]:
    """{(store, market or "*", signal): value} of the week's complete scan, JSON decoded, and
    {(store, "*", "store_url"): the store's URL} to tell its own pages from other sites."""
    with sqlite3.connect(db_path) as conn:
        scan_id = conn.execute("SELECT id FROM scans WHERE status = 'complete' ORDER BY id"
                               " LIMIT 1 OFFSET ?", [week - 1]).fetchone()[0]
        rows = conn.execute("SELECT store_id, market, signal, value FROM store_signals"
                            " WHERE scan_id = ?", [scan_id]).fetchall()
        urls = conn.execute("SELECT id, url FROM stores").fetchall()
    return {**{(store, market, signal): _decoded(value) for store, market, signal, value in rows},
            **{(store, "*", "store_url"): url for store, url in urls}}


def _decoded(value: str | None):
    """Lists and objects are stored as JSON, numbers and words as text ("30", "en-US")."""
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value


@lru_cache(maxsize=4)
def found_windows(db_path: str, week: int) -> dict[tuple[str, str], tuple]:
    """{(store, URL path): (delivery_min_days, delivery_max_days)} of the week's offers."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT store_id, url, delivery_min_days, delivery_max_days FROM offers WHERE"
            " scan_id = (SELECT id FROM scans WHERE status = 'complete' ORDER BY id"
            " LIMIT 1 OFFSET ?)", [week - 1]).fetchall()
    return {(store, "/" + url.split("/", 3)[3]): (low, high) for store, url, low, high in rows}


def _languages(found, store, market):
    # the market's home page <html lang>, with the market as region where the page names
    # none ("ja" on the JP store is ja-JP), and the store's hreflang tags of that language
    tag = found.get((store, market, "language"))
    if tag is None:
        return []
    tag = tag if "-" in tag else f"{tag}-{market}"
    same = [h for h in found.get((store, "*", "hreflang")) or []
            if h.split("-")[0] == tag.split("-")[0]]
    return sorted({tag, *same})


def _programme_links(found, store, signal):
    # links to the store's own pages as paths ("/pages/rewards"), to other sites as they are
    origin = found[(store, "*", "store_url")].rstrip("/")
    return sorted(url.removeprefix(origin) if url.startswith(origin + "/") else url
                  for url in found.get((store, "*", signal)) or [])


def _money(value) -> str | None:
    return value and f"{value['amount']} {value['currency']}"  # "49.00 EUR", "550 JPY"


READ = {
    "languages": _languages,
    "currencies": lambda found, store, market: sorted(found.get((store, market, "currencies"))
                                                      or []),
    # names as the payment table spells them ("giropay"), matched without case
    "payment_methods": lambda found, store, market: sorted(
        m["name"].casefold() for m in found.get((store, market, "payment_methods")) or []),
    "free_shipping_threshold": lambda found, store, market: _money(
        found.get((store, market, "free_shipping_threshold"))),
    "shipping_fee": lambda found, store, market: sorted(
        {_money(c) for c in found.get((store, market, "shipping_costs")) or [] if not c["free"]}),
    **{signal: lambda found, store, market, signal=signal: found.get((store, market, signal))
       for signal in ("returns_days", "delivery_min_days", "delivery_max_days", "ship_to")},
    **{signal: lambda found, store, market, signal=signal: sorted(
        found.get((store, "*", signal)) or []) for signal in (
        "social_links", "marketplace_links", "app_links")},
    **{signal: lambda found, store, market, signal=signal: _programme_links(found, store, signal)
       for signal in [f"{kind}_links" for kind in PROGRAMMES]},
}
"""How the scan states each planted signal, in the planted form."""


def expected(signal: str, value):
    """A planted value in the form `READ` gives."""
    if signal == "payment_methods":
        return sorted(name.casefold() for name in value)
    if signal == "shipping_fee":
        return [] if value is None else [value]
    return sorted(value) if isinstance(value, list) else value


def signal_cases(week: int, changed: bool = False) -> list:
    """The week's planted signals; with ``changed``, only those the week changed."""
    truth = planted_store_signals(week)
    before = planted_store_signals(week - 1) if changed else truth
    return [pytest.param(store, market, signal, value, id=f"{store}-{market}-{signal}")
            for store, markets in truth.items() for market, signals in markets.items()
            for signal, value in signals.items()
            if not changed or before[store][market][signal] != value]


def market_cases(week: int, changed: bool = False) -> list:
    """(store, market) of every market; with ``changed``, of those whose delivery promise the
    week changed."""
    markets = dict.fromkeys(case.values[:2] for case in signal_cases(week, changed)
                            if case.values[2].startswith("delivery_"))
    return [pytest.param(store, market, id=f"{store}-{market}") for store, market in markets]


def test_every_signal_planted_is_read():
    assert set(READ) == {s for m in planted_store_signals().values() for t in m.values()
                         for s in t}


@pytest.mark.parametrize(("store", "market", "signal", "value"), signal_cases(1))
def test_store_signal_matches_the_planted_one(scanned_db, store, market, signal, value):
    found = found_signals(str(scanned_db[0]), 1)
    assert READ[signal](found, store, market) == expected(signal, value), \
        f"{store} {market} {signal}"


@pytest.mark.parametrize(("store", "market", "signal", "value"), signal_cases(2, changed=True))
def test_week_two_changed_signal_is_read(demo_db, store, market, signal, value):
    found = found_signals(str(demo_db), 2)
    assert READ[signal](found, store, market) == expected(signal, value), \
        f"{store} {market} {signal} in week 2"


def wrong_windows(db_path, week: int, store: str, market: str) -> list[tuple]:
    """(path, planted window, scanned window) of the market's offers that differ."""
    windows = found_windows(str(db_path), week)
    return [(truth["path"], planted_window, windows.get((store, truth["path"])))
            for truth in planted(week)
            if truth["store"] == store and truth["market"] == market and not truth["disallowed"]
            for planted_window in [(truth["delivery_min_days"], truth["delivery_max_days"])]
            if windows.get((store, truth["path"])) != planted_window]


@pytest.mark.parametrize(("store", "market"), market_cases(1))
def test_offer_delivery_windows_match(scanned_db, store, market):
    wrong = wrong_windows(scanned_db[0], 1, store, market)
    assert not wrong, f"{store} {market}: {len(wrong)} offers' delivery windows differ: {wrong[:3]}"


@pytest.mark.parametrize(("store", "market"), market_cases(2, changed=True))
def test_week_two_changed_delivery_windows_match(demo_db, store, market):
    wrong = wrong_windows(demo_db, 2, store, market)
    assert not wrong, f"{store} {market} in week 2: {len(wrong)} offers differ: {wrong[:3]}"
