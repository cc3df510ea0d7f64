"""Product ranges and store assortments: the bulk of the demo catalogue, generated from a few lines.

A range in `catalogue.yaml` is a product line with one product per variant:

    bl-cables: {brand: Brightlane, num: 101, gtin_prefix: "697123451", mpn: "BL-X{code}",
                category: cables, en: "Braided USB-C Cable {label}", de: "...{label}",
                variants: {c05: ["0.5 m, 60W", "8.99"], ...}}

gives the products `bl-cables-c05`, ... with catalogue numbers counting up from `num`, the GTIN-13
`gtin_prefix` + number (zero-padded to 12 digits) + check digit, the MPN with `{code}` filled in,
the titles with `{label}` filled in and the variant's US list price.

A store's `assortment` lists ranges it sells: `{range: bl-cables, factor: "1.05", ids: mpn}`.
Each product gets a price in every currency of the store, derived from its list price
(`PRICE_RULES`, shop-like endings: "12.99", "1480" yen), and a rating, review count and
availability drawn from a hash of (store, product): deterministic, and varied like a real shop.
"""

from __future__ import annotations

import zlib
from decimal import ROUND_HALF_UP, Decimal

from moatscan.demo.catalogue import CatalogueError, gtin_check_digit

PRICE_RULES = {"USD": Decimal("1"), "EUR": Decimal("1.02"), "GBP": Decimal("0.86"),
               "JPY": Decimal("150")}
"""Local price per US list-price dollar, before the store's `factor` and the rounding."""
ASSORTMENT_KEYS = ("range", "factor", "ids", "only")


def expand_ranges(ranges: dict, languages: tuple[str, ...]) -> dict[str, dict]:
    """Product specs (as under `products:`) for every variant of every range."""
    products: dict[str, dict] = {}
    for name, spec in ranges.items():
        where = f"ranges.{name}"
        try:
            num, prefix, variants = int(spec["num"]), str(spec["gtin_prefix"]), dict(spec["variants"])
        except (KeyError, TypeError, ValueError) as err:
            raise CatalogueError(f"{where}: needs num, gtin_prefix and variants ({err})") from None
        for offset, (code, (label, list_price)) in enumerate(variants.items()):
            body = prefix + str(num + offset).zfill(12 - len(prefix))
            if len(body) != 12:
                raise CatalogueError(f"{where}: gtin_prefix {prefix!r} leaves no room for {num + offset}")
            product = {"num": num + offset, "brand": spec["brand"], "category": spec["category"],
                       "mpn": str(spec["mpn"]).format(code=str(code).upper()),
                       "gtin13": body + str(gtin_check_digit(body)), "list_price": str(list_price)}
            product.update({lang: str(spec[lang]).format(label=label)
                            for lang in languages if lang in spec})
            products[f"{name}-{code}"] = product
    return products


def assortment_specs(store_id: str, entries: list, ranges: dict, currencies: list[str],
                     list_prices: dict[str, str]) -> dict[str, dict]:
    """Offer specs (as under a store's `offers:`) for the ranges a store sells."""
    specs: dict[str, dict] = {}
    for i, entry in enumerate(entries or []):
        where = f"stores.{store_id}.assortment[{i}]"
        unknown = sorted(set(entry) - set(ASSORTMENT_KEYS))
        if unknown or entry.get("range") not in ranges:
            raise CatalogueError(f"{where}: needs a known range; keys are {ASSORTMENT_KEYS}")
        name, factor = entry["range"], Decimal(str(entry.get("factor", "1")))
        codes = entry.get("only") or list(ranges[name]["variants"])
        for code in codes:
            key = f"{name}-{code}"
            prices = {c: local_price(list_prices[key], c, factor) for c in currencies}
            spec = {"price": prices if len(currencies) > 1 else prices[currencies[0]],
                    **shop_figures(store_id, key)}
            if entry.get("ids"):
                spec["ids"] = entry["ids"]
            specs[key] = spec
    return specs


def local_price(list_price: str, currency: str, factor: Decimal = Decimal("1")) -> str:
    """A shop price from a US list price: "24.99" -> "25.99" (EUR), "3780" (JPY)."""
    value = Decimal(list_price) * PRICE_RULES[currency] * factor
    if currency == "JPY":
        return str(max(int((value / 100).to_integral_value()) * 100 - 20, 280))
    return str(max(value.to_integral_value(rounding=ROUND_HALF_UP), Decimal(1)) - Decimal("0.01"))


def shop_figures(store_id: str, key: str) -> dict:
    """Rating, review count and availability for one product of one store, from a stable hash."""
    digest = zlib.crc32(f"{store_id}/{key}".encode())
    figures: dict = {}
    if digest % 100 >= 12:  # about one product in eight has no reviews yet
        figures["rating"] = float(Decimal(38 + digest // 100 % 12) / 10)
        figures["reviews"] = 3 + digest // 10_000 % 2_400
    if digest % 13 == 0:
        figures["stock"] = "OutOfStock"
    elif digest % 17 == 0:
        figures["stock"] = "PreOrder"
    return figures
