"""The week-over-week changes planted in the demo market: exactly what a correct diff reports.

Derived from the planted truth of the two weeks (`planted.py`) and the dated exchange rates of
`catalogue.yaml` (the same as data/market.yaml's), so it cannot drift from the pages. A change:

    {"store", "market" (code, or None for store-wide technology changes), "kind", "subject",
     "previous", "value"}

Kinds, per (store, market, product SKU) unless said:
- `new_product` / `removed_product`: previous / value is the price (the other is None);
- `promo_started` / `promo_ended`: a crossed-out regular price appears / disappears (reported
  instead of a price move); previous and value are the prices paid;
- `price_move`: the local price changed (every planted move is 5 % or more); prices;
- `currency_move`: the local price stayed, the exchange rate of its currency moved (GBP, 5 %);
  previous and value are the price in the base currency (USD, 2 decimals) at each week's rate;
- `stock_flip`: availability changed (schema.org names); reported beside any price change;
- `technology_added` / `technology_removed`: subject is the technology's name, market None;
- `delivery_changed`: subject is the market code; previous / value are [min, max] days.
Price records also carry "currency" (the local currency).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from moatscan.demo.catalogue_file import load_catalogue
from moatscan.demo.planted import planted, planted_store_signals, planted_technologies

KIND_ORDER = ("new_product", "removed_product", "promo_started", "promo_ended", "price_move",
              "currency_move", "stock_flip", "technology_added", "technology_removed",
              "delivery_changed")


def planted_changes(week: int = 2) -> list[dict]:
    """The changes from week `week - 1` to `week`, store by store, in KIND_ORDER."""
    catalogue = load_catalogue()
    days = catalogue.published(week - 1), catalogue.published(week)
    old, new = (_offers(w) for w in (week - 1, week))
    changes: list[dict] = []
    for key in sorted(old.keys() | new.keys()):
        store, market, sku = key
        before, after = old.get(key), new.get(key)
        change = lambda kind, previous, value: changes.append({  # noqa: E731
            "store": store, "market": market, "kind": kind, "subject": sku, "previous": previous,
            "value": value, "currency": (after or before)["currency"]})
        if before is None or after is None:
            change("new_product" if before is None else "removed_product",
                   before and before["price"], after and after["price"])
            continue
        if before["regular_price"] is None and after["regular_price"] is not None:
            change("promo_started", before["price"], after["price"])
        elif before["regular_price"] is not None and after["regular_price"] is None:
            change("promo_ended", before["price"], after["price"])
        elif before["price"] != after["price"]:
            change("price_move", before["price"], after["price"])
        else:
            rates = [catalogue.rate(after["currency"], day) for day in days]
            if rates[0] != rates[1]:
                change("currency_move", *(_base(after["price"], rate) for rate in rates))
        if before["availability"] != after["availability"]:
            change("stock_flip", before["availability"], after["availability"])
    changes += _store_changes(week)
    stores = list(catalogue.stores)
    return sorted(changes, key=lambda c: (stores.index(c["store"]), KIND_ORDER.index(c["kind"]),
                                          c["market"] or "", c["subject"]))


def _offers(week: int) -> dict[tuple[str, str, str], dict]:
    return {(r["store"], r["market"], r["sku"]): r for r in planted(week) if not r["disallowed"]}


def _base(price: str, rate: str) -> str:
    return str((Decimal(price) / Decimal(rate)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _store_changes(week: int) -> list[dict]:
    changes = []
    tech = planted_technologies(week - 1), planted_technologies(week)
    for store in tech[1]:
        for name in sorted(set(tech[1][store]) - set(tech[0][store])):
            changes.append({"store": store, "market": None, "kind": "technology_added",
                            "subject": name, "previous": None, "value": name})
        for name in sorted(set(tech[0][store]) - set(tech[1][store])):
            changes.append({"store": store, "market": None, "kind": "technology_removed",
                            "subject": name, "previous": name, "value": None})
    signals = planted_store_signals(week - 1), planted_store_signals(week)
    for store, markets in signals[1].items():
        for market, now in markets.items():
            then = signals[0][store][market]
            window = lambda s: [s["delivery_min_days"], s["delivery_max_days"]]  # noqa: E731
            if window(then) != window(now):
                changes.append({"store": store, "market": market, "kind": "delivery_changed",
                                "subject": market, "previous": window(then), "value": window(now)})
    return changes
