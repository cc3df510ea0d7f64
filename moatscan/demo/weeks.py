"""Week-over-week changes of the demo market.

Week 1 is the `offers:` of each store in `catalogue.yaml`. The `weeks:` section lists what changes
later, week by week, and changes accumulate: week 3 has week 2's changes and its own. A week with
no entry looks like the week before it. Each entry may hold:

    price:  {store/product: "34.99"}           new price ({currency: price} for brightlane)
    stock:  {store/product: OutOfStock}        new availability
    update: {store/product: {regular: null}}   any offer keys; null removes a key (a promo ends)
    remove: [store/product]                    the store stops selling it (its page 404s)
    add:    {store/product: {price: ..., ...}} the store starts selling it (an offer spec)
    technologies: {store: {add: [..], remove: [..]}}   technologies planted on its pages
    service: {store: {DE: {delivery: [3, 5]}}}         a changed promise (see `service.py`)

This module works on the raw offer specs (plain dicts) so that `catalogue.py` builds and checks
every week's offers the same way.
"""

from __future__ import annotations

import dataclasses

KINDS = ("price", "stock", "update", "remove", "add", "technologies", "service")

Specs = dict[str, dict[str, dict]]
"""Offer specs per store: {store_id: {product_key: {"price": ..., "stock": ...}}}."""


class WeekError(ValueError):
    """A `weeks:` entry of the catalogue is invalid; the message names the entry."""


def check_week(week: object) -> int:
    """Return `week` if it is a valid week number (an int from 1), else raise ValueError."""
    if isinstance(week, bool) or not isinstance(week, int) or week < 1:
        raise ValueError(f"week must be an integer from 1, got {week!r}")
    return week


def specs_for_week(specs: Specs, changes: dict[int, dict], week: int) -> Specs:
    """The offer specs of every store in `week`: week 1's with weeks 2..week's changes applied."""
    check_week(week)
    result = {store: {key: dict(spec) for key, spec in offers.items()}
              for store, offers in specs.items()}
    for number in sorted(changes):
        if number <= week:
            apply_changes(result, changes[number] or {}, f"weeks.{number}")
    return result


def apply_changes(specs: Specs, change: dict, where: str) -> None:
    """Apply one week's changes to `specs` in place."""
    unknown = sorted(set(change) - set(KINDS))
    if unknown:
        raise WeekError(f"{where}: unknown change {unknown[0]!r}; use one of {KINDS}")
    for ref, price in (change.get("price") or {}).items():
        spec = _offer_spec(specs, ref, f"{where}.price")
        old = spec.get("price")
        spec["price"] = {**old, **price} if isinstance(old, dict) and isinstance(price, dict) else price
    for ref, stock in (change.get("stock") or {}).items():
        _offer_spec(specs, ref, f"{where}.stock")["stock"] = stock
    for ref, update in (change.get("update") or {}).items():
        spec = _offer_spec(specs, ref, f"{where}.update")
        for key, value in update.items():
            if value is None:
                spec.pop(key, None)
            else:
                spec[key] = value
    for ref in change.get("remove") or []:
        store, key = _split(specs, ref, f"{where}.remove")
        _offer_spec(specs, ref, f"{where}.remove")
        del specs[store][key]
    for ref, spec in (change.get("add") or {}).items():
        store, key = _split(specs, ref, f"{where}.add")
        if key in specs[store]:
            raise WeekError(f"{where}.add.{ref}: {store} already sells {key}; use price or stock")
        specs[store][key] = dict(spec)


def store_for_week(store, changes: dict[int, dict], week: int):
    """`store` (a catalogue Store) with the technology and service changes of weeks 2..week."""
    check_week(week)
    technologies, service = list(store.technologies), {m: dict(s) for m, s in store.service.items()}
    for number in sorted(changes):
        if number > week:
            continue
        where = f"weeks.{number}"
        tech = ((changes[number] or {}).get("technologies") or {}).get(store.id) or {}
        for name in tech.get("remove") or []:
            if name not in technologies:
                raise WeekError(f"{where}.technologies.{store.id}: {name!r} is not planted to remove")
            technologies.remove(name)
        technologies += [name for name in tech.get("add") or [] if name not in technologies]
        for market, update in (((changes[number] or {}).get("service") or {}).get(store.id) or {}).items():
            if market not in service:
                raise WeekError(f"{where}.service.{store.id}: no market {market!r}")
            service[market].update(update)
    return dataclasses.replace(store, technologies=tuple(technologies), service=service)


def _split(specs: Specs, ref: str, where: str) -> tuple[str, str]:
    store, _, key = str(ref).partition("/")
    if store not in specs or not key:
        raise WeekError(f"{where}: {ref!r} should be store/product with a known store")
    return store, key


def _offer_spec(specs: Specs, ref: str, where: str) -> dict:
    store, key = _split(specs, ref, where)
    if key not in specs[store]:
        raise WeekError(f"{where}: {store} does not sell {key!r} in this week")
    return specs[store][key]
