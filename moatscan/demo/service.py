"""What a demo store promises per market: delivery, shipping cost, returns, payment methods and
the countries it ships to.

Each store lists its promises per market code in `catalogue.yaml`:

    service:
      DE: {delivery: [2, 4], product_delivery: text, free_over: "49.00", fee: "4.90",
           returns_days: 30, payments: [PayPal, Klarna, Sofort, Visa, Mastercard],
           ship_to: "Wir liefern nach {DE}, {AT} und in die {CH}."}

`delivery` is [min, max] days ([null, 2] for "Livraison sous 48h": only the upper bound is
said). `product_delivery` says how product pages state it: `jsonld` (schema.org
OfferShippingDetails plus the visible line), `text` (the visible line only), `date` ("Arrives by
Fri, Nov 20", computed from the week's fixed demo date, so only the upper bound) or `none`.
The policy pages (shipping, returns, FAQ) always state the promise in the market's language.
`ship_to` is the shipping page's sentence naming the destinations, a {XX} field per country,
filled with the country's name in the page's language (`countries:` in locales.yaml); a market
without one names no countries.
"""

from __future__ import annotations

import datetime as dt
import string

from moatscan.demo.catalogue import CatalogueError, Locale, Store
from moatscan.demo.locales import format_money, labels

SERVICE_KEYS = ("delivery", "product_delivery", "handling", "free_over", "fee", "returns_days",
                "payments", "ship_to")
PRODUCT_DELIVERY = ("jsonld", "text", "date", "none")


def check_service(store: Store) -> None:
    """Raise CatalogueError unless every locale's market has a complete service entry."""
    for locale in store.locales:
        where = f"stores.{store.id}.service.{locale.market}"
        spec = store.service.get(locale.market)
        if spec is None:
            raise CatalogueError(f"{where}: missing (every locale's market needs one)")
        unknown = sorted(set(spec) - set(SERVICE_KEYS))
        if unknown:
            raise CatalogueError(f"{where}: unknown key {unknown[0]!r}; use {SERVICE_KEYS}")
        low, high = spec.get("delivery") or (None, None)
        if high is None or (low is not None and low > high):
            raise CatalogueError(f"{where}.delivery: give [min, max] days or [null, max]")
        if spec.get("product_delivery", "text") not in PRODUCT_DELIVERY:
            raise CatalogueError(f"{where}.product_delivery: use one of {PRODUCT_DELIVERY}")
        if not spec.get("payments") or not spec.get("returns_days"):
            raise CatalogueError(f"{where}: needs payments and returns_days")
        names = labels(locale.lang)["countries"]
        unknown = [code for code in ship_to_countries(store, locale) if code not in names]
        if unknown:
            raise CatalogueError(f"{where}.ship_to: no {locale.language!r} name for {unknown[0]!r}"
                                 " in locales.yaml countries")


def promise(store: Store, locale: Locale) -> dict:
    """The service entry of the locale's market, with defaults filled in."""
    spec = store.service[locale.market]
    low, high = spec["delivery"]
    return {"min": low, "max": high, "product_delivery": spec.get("product_delivery", "text"),
            "handling": tuple(spec.get("handling", (0, 1))), "free_over": spec.get("free_over"),
            "fee": spec.get("fee"), "returns_days": int(spec["returns_days"]),
            "payments": tuple(spec["payments"])}


def delivery_sentence(store: Store, locale: Locale) -> str:
    """The delivery promise in the locale's words: "Lieferzeit 2–4 Werktage"."""
    spec, text = promise(store, locale), labels(locale.lang)["service"]
    if spec["min"] is None:
        return text["delivery_upto"].format(max=spec["max"], hours=24 * spec["max"])
    return text["delivery"].format(min=spec["min"], max=spec["max"])


def product_delivery(store: Store, locale: Locale, today: dt.date) -> tuple[str | None, int | None, int | None]:
    """(visible line or None, min days, max days) that product pages of this locale state."""
    spec = promise(store, locale)
    mode = spec["product_delivery"]
    if mode == "none":
        return None, None, None
    if mode == "date":
        day = today + dt.timedelta(days=spec["max"])
        words = labels(locale.lang)["service"]
        date = words["date_format"].format(weekday=words["weekdays"][day.weekday()],
                                           month=words["months"][day.month - 1], day=day.day)
        line = words["arrives_by"].format(date=date)
        return line, None, spec["max"]
    return delivery_sentence(store, locale), spec["min"], spec["max"]


def ship_to_countries(store: Store, locale: Locale) -> list[str]:
    """Country codes the market's `ship_to` sentence names, in its order ([] without one)."""
    sentence = store.service[locale.market].get("ship_to") or ""
    return [field for _, field, _, _ in string.Formatter().parse(sentence) if field]


def ship_to_sentence(store: Store, locale: Locale) -> str:
    """The `ship_to` sentence in the locale's words, or "": "Wir liefern nach Deutschland, …"."""
    sentence = store.service[locale.market].get("ship_to") or ""
    return sentence.format_map(labels(locale.lang)["countries"])


def policy_fields(store: Store, locale: Locale) -> dict[str, str]:
    """Values the policy page templates of `locales.yaml` fill in."""
    spec, words = promise(store, locale), labels(locale.lang)["service"]
    money = {k: format_money(spec[k], locale.currency, locale.lang) if spec[k] else ""
             for k in ("free_over", "fee")}
    cost = words["free_over" if spec["free_over"] else "flat_fee"].format(**money)
    return {"delivery": delivery_sentence(store, locale), "returns_days": str(spec["returns_days"]),
            "payments": ", ".join(spec["payments"]), "shipping_cost": cost,
            "ship_to": ship_to_sentence(store, locale), **money}


def store_signals(store: Store) -> dict[str, dict]:
    """Per market: the store-wide truths a correct scan finds (see `planted_store_signals`)."""
    signals: dict[str, dict] = {}
    for locale in store.locales:
        spec = promise(store, locale)
        entry = signals.setdefault(locale.market, {
            "languages": [], "currencies": [], "payment_methods": list(spec["payments"]),
            "free_shipping_threshold": f"{spec['free_over']} {locale.currency}" if spec["free_over"] else None,
            "shipping_fee": f"{spec['fee']} {locale.currency}" if spec["fee"] else None,
            "returns_days": spec["returns_days"],
            "delivery_min_days": spec["min"], "delivery_max_days": spec["max"],
            "ship_to": sorted(ship_to_countries(store, locale)) or None})
        for key, value in (("languages", locale.hreflang), ("currencies", locale.currency)):
            if value not in entry[key]:
                entry[key].append(value)
    return signals
