"""The demo market: realistic web stores served on 127.0.0.1, scanned like real stores.

Six stores: the seller Brightlane (custom, en-US/de) and competitors Voltaro (Shopify-like,
/products.json), Kabelwerk (Magento-like, microdata only, de/fr), Denkiya (JavaScript-rendered,
ja), Maison Volt (WooCommerce-like, Store API, fr-FR/es-ES, the slow store) and BritCharge (custom,
en-GB, GBP, rate-limited with 429s); USD, EUR, GBP and JPY; plus a partner site that exists only
as an off-site redirect target. Everything is generated from `catalogue.yaml`; `planted()`,
`planted_store_signals()`, `planted_technologies()`, `planted_speed_ranks()` and
`planted_changes()` say what a correct crawler and diff find. Start it with
`python -m moatscan.demo serve` or:

    from moatscan.demo import DEFAULT_PORTS, DemoMarket, planted
    with DemoMarket(week=1, ports={site: 0 for site in DEFAULT_PORTS}) as market:
        print(market.base_urls)
"""

from moatscan.demo.changes import planted_changes
from moatscan.demo.market import DEFAULT_PORTS, DemoMarket, PortInUseError
from moatscan.demo.planted import planted, planted_speed_ranks, planted_store_signals, planted_technologies

__all__ = ["DEFAULT_PORTS", "DemoMarket", "PortInUseError", "planted", "planted_changes",
           "planted_speed_ranks", "planted_store_signals", "planted_technologies"]
