"""The demo market: realistic web stores served on 127.0.0.1, scanned like real stores.

Four stores (the seller Brightlane, and competitors Voltaro, Kabelwerk and Denkiya) in English,
German, French and Japanese, USD, EUR and JPY, with JSON-LD, microdata-only and
JavaScript-rendered catalogues, plus a partner site that exists only as an off-site redirect
target. Everything is generated from `catalogue.yaml`; `planted()` says what a correct crawler
finds. Start it with `python -m moatscan.demo serve` or:

    from moatscan.demo import DEFAULT_PORTS, DemoMarket, planted
    with DemoMarket(week=1, ports={site: 0 for site in DEFAULT_PORTS}) as market:
        print(market.base_urls)
"""

from moatscan.demo.market import DEFAULT_PORTS, DemoMarket, PortInUseError
from moatscan.demo.planted import planted

__all__ = ["DEFAULT_PORTS", "DemoMarket", "PortInUseError", "planted"]
