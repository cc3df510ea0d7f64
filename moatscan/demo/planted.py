"""The truth planted in the demo market: what a correct crawler finds, page by page and store by store.

`planted(week)` lists one record per product offer page, built from the same page plan the
servers render, so it cannot drift from what the pages say. Multi-locale stores list each product
once per locale (Brightlane: US in USD and /de/ in EUR; Kabelwerk: German and /fr/; Maison Volt:
French and /es/), and each store has one page under the robots-disallowed /private/ path, flagged
`"disallowed": True`, which a polite crawler must not report.

`planted_store_signals(week)`, `planted_technologies(week)` and `planted_speed_ranks()` are the
store-wide truths; `changes.planted_changes()` the week-over-week ones.
"""

from __future__ import annotations

from moatscan.demo.catalogue import PROGRAMMES
from moatscan.demo.catalogue_file import load_catalogue
from moatscan.demo.chrome import outbound_links
from moatscan.demo.layout import Page, plan_store
from moatscan.demo.service import product_delivery, store_signals
from moatscan.demo.technologies import detected
from moatscan.demo.weeks import check_week

FIELDS = ("store", "path", "title", "brand", "gtin", "sku", "mpn", "price", "regular_price",
          "currency", "availability", "rating", "review_count", "language", "market",
          "delivery_min_days", "delivery_max_days", "disallowed")
"""The keys of every planted record, in this order."""


def planted(week: int = 1) -> list[dict]:
    """Every product offer page of every store in `week`, store by store, main locale first.

    A record: {"store": "voltaro", "path": "/products/...", "title" (raw text, markup and all),
    "brand", "gtin" (GTIN-13, or None where the store does not show it), "sku", "mpn" (None where
    not shown), "price": "24.99" (string decimal; "12800" for yen), "regular_price": the crossed-out
    price during a promotion or None, "currency": "USD", "availability": "InStock" | "OutOfStock"
    | "PreOrder", "rating": 4.6 or None, "review_count": 128, or 0 where the page says there are
    no reviews yet ("No reviews yet", "Noch keine Bewertungen", "レビューはまだありません"), "language": the page's
    <html lang> ("en-US", "de", "fr-FR", "ja"), "market": "US", "delivery_min_days" and
    "delivery_max_days": the delivery window the page states (None when it does not say; only
    the max for "Livraison sous 48h" and "Arrives by Fri, Nov 19", which counts from the week's
    demo date), "disallowed": True for the page under /private/ that robots.txt disallows}.
    """
    catalogue = load_catalogue()
    check_week(week)
    records = []
    for store_id in catalogue.stores:
        store = catalogue.store(store_id, week)
        pages = plan_store(store, catalogue.offers(store_id, week), catalogue.categories)
        delivery = {locale: product_delivery(store, locale, catalogue.published(week))[1:]
                    for locale in store.locales}
        records += [_record(store_id, page, delivery[page.locale]) for page in pages
                    if page.kind == "product"]
    return records


def _record(store_id: str, page: Page, delivery: tuple[int | None, int | None]) -> dict:
    offer, product, locale = page.offer, page.offer.product, page.locale
    return {
        "store": store_id,
        "path": page.path,
        "title": product.title(locale.lang),
        "brand": product.brand,
        "gtin": offer.gtin,
        "sku": offer.sku,
        "mpn": offer.mpn,
        "price": offer.prices[locale.currency],
        "regular_price": (offer.regular or {}).get(locale.currency),
        "currency": locale.currency,
        "availability": offer.availability,
        "rating": offer.rating,
        "review_count": 0 if offer.reviews is None else offer.reviews,
        "language": locale.lang,
        "market": locale.market,
        "delivery_min_days": delivery[0],
        "delivery_max_days": delivery[1],
        "disallowed": page.private,
    }


def planted_store_signals(week: int = 1) -> dict[str, dict[str, dict]]:
    """{store: {market: {"languages": ["de-DE"], "currencies": ["EUR"], "payment_methods": [...],
    "free_shipping_threshold": "49.00 EUR" or None, "shipping_fee": "4.90 EUR" (below the
    threshold) or None, "returns_days": 30, "delivery_min_days": 2 (None when only an upper
    bound is promised), "delivery_max_days": 4, "ship_to": ["AT", "CH", "DE"] (sorted; None
    where the shipping page names no country), "social_links": [url...], "marketplace_links":
    [url...], "app_links": [apps.apple.com / play.google.com urls], "loyalty_links",
    "referral_links", "affiliate_links", "subscription_links": [the main home page's link:
    "/pages/rewards" on the store, or an off-site URL; [] for none]}}}, as the store's policy
    pages, FAQ and footer state them for that market (every market's footer shows the same
    outbound links; programme links are the main home page's, read once per store)."""
    catalogue = load_catalogue()
    check_week(week)
    signals = {}
    for sid in catalogue.stores:
        store = catalogue.store(sid, week)
        outbound = outbound_links(store)
        links = {"social_links": list(store.social),
                 "marketplace_links": [url for url, _ in outbound["marketplaces"]],
                 "app_links": [url for url, _ in outbound["apps"]],
                 **{f"{kind}_links": [store.programmes[kind]] if kind in store.programmes else []
                    for kind in PROGRAMMES}}
        signals[sid] = {market: {**entry, **links}
                        for market, entry in store_signals(store).items()}
    return signals


def planted_technologies(week: int = 1) -> dict[str, list[str]]:
    """{store: [technology names]}: what the fingerprint database (Wappalyzer's names, pinned in
    parsers/fingerprints/technologies.json) finds on the rendered pages of each store in `week`,
    implied technologies (PHP, MySQL) included. Planted as `technologies.yaml` says. Our own
    link rules (marketplace storefronts, app-store apps) are not listed here."""
    catalogue = load_catalogue()
    check_week(week)
    return {sid: detected(catalogue.store(sid, week).technologies) for sid in catalogue.stores}


def planted_speed_ranks() -> dict[str, dict[str, int]]:
    """{store: {"rank": 1 (fastest), "latency_ms": extra latency on every response}}.

    The ranking by time to first byte (median of several runs) that a correct speed measurement
    finds (80 ms or more apart, so that the order stands out of a loaded machine's noise); Maison
    Volt, 480 ms behind on every response, is the slow store.
    """
    catalogue = load_catalogue()
    return {sid: {"rank": store.speed_rank, "latency_ms": store.latency_ms}
            for sid, store in catalogue.stores.items()}
