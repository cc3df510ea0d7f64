"""The market file: the seller, the competitors, the target markets and the crawl limits.

``load_market(path)`` reads and validates ``data/market.yaml``. Any problem raises
:class:`ConfigError` naming the file, the key and the problem, before anything is crawled::

    data/market.yaml: competitors[1].url: 'htp://x' is not an http(s) URL
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from parsers.urls import split_url

BROWSER_MODES = ("auto", "always", "never")
LIMIT_DEFAULTS = {"max_pages": 200, "timeout_s": 10.0, "max_depth": 3, "concurrency": 2}
STORE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class ConfigError(Exception):
    """The market file is invalid."""

    def __init__(self, path, key: str, problem: str):
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"{path}: {key}: {problem}" if key else f"{path}: {problem}")


@dataclass(frozen=True)
class Market:
    code: str
    """Country code of the market, e.g. "DE"."""
    currency: str
    """ISO 4217 currency buyers pay in there, e.g. "EUR"."""
    language: str | None = None
    """BCP 47 language of the market, e.g. "de-DE"."""


@dataclass(frozen=True)
class Limits:
    max_pages: int = 200
    """Most pages fetched from one store in one scan (robots.txt and sitemaps excluded)."""
    timeout_s: float = 10.0
    """Seconds before a request is given up and recorded as a timeout."""
    max_depth: int = 3
    """Most link hops from the home page."""
    concurrency: int = 2
    """Requests in flight to one store at once."""


@dataclass(frozen=True)
class Store:
    id: str
    """Short stable key, e.g. "voltaro"; used in every table."""
    name: str
    url: str
    """Home page; its scheme, host and port are the only origin crawled."""
    role: str
    """"seller" for the seller's own store, else "competitor"."""
    markets: tuple[str, ...]
    start_urls: tuple[str, ...] = ()
    product_url_patterns: tuple[str, ...] = ()
    """Regular expressions; when given, only matching URLs are treated as product pages."""
    browser: str = "auto"
    """"auto": the browser only for pages that need JavaScript; "always"; "never"."""
    limits: Limits = field(default_factory=Limits)

    @property
    def origin(self) -> str:
        return origin_of(self.url)


@dataclass(frozen=True)
class MarketFile:
    path: str
    base_currency: str
    markets: dict[str, Market]
    seller: Store
    competitors: tuple[Store, ...]
    exchange_rates: dict[str, dict[str, float]]
    """{"2026-11-23": {"EUR": 0.92}}: units of each currency per one base_currency."""
    private_path: str | None = None
    """The seller's private metrics (a folder of CSV exports or a YAML file), if given."""

    @property
    def stores(self) -> tuple[Store, ...]:
        return (self.seller, *self.competitors)

    def store(self, store_id: str) -> Store:
        for store in self.stores:
            if store.id == store_id:
                return store
        known = ", ".join(s.id for s in self.stores)
        raise ConfigError(self.path, "stores", f"no store {store_id!r} (known: {known})")


def origin_of(url: str) -> str:
    """"scheme://host:port" of a URL; "" for a malformed one (an IPv6 host left open, a port
    that is no number), which is no store's origin."""
    parts = split_url(url)
    if parts is None:
        return ""
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def load_market(path: str | Path) -> MarketFile:
    """Read and validate a market file; raise ConfigError on the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"cannot be read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        raise ConfigError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return _Validator(path).market_file(data)


class _Validator:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str):
        raise ConfigError(self.path, key, problem)

    def mapping(self, value, key: str) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"must be a mapping, got {type(value).__name__}")
        return value

    def required(self, data: dict, name: str, prefix: str):
        if data.get(name) in (None, ""):
            self.fail(f"{prefix}{name}", "is required")
        return data[name]

    def currency(self, value, key: str) -> str:
        if not (isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value)):
            self.fail(key, f"{value!r} is not an ISO 4217 currency code such as USD")
        return value

    def market_file(self, data) -> MarketFile:
        data = self.mapping(data, "top level")
        known = {"base_currency", "markets", "seller", "competitors", "exchange_rates", "limits",
                 "private"}
        for key in data:
            if key not in known:
                self.fail(str(key), f"unknown key (expected one of: {', '.join(sorted(known))})")
        base = self.currency(self.required(data, "base_currency", ""), "base_currency")
        markets = self.markets(self.required(data, "markets", ""))
        limits = self.limits(data.get("limits") or {}, "limits", Limits())
        seller = self.store(self.required(data, "seller", ""), "seller", "seller", markets, limits)
        competitors = data.get("competitors") or []
        if not isinstance(competitors, list):
            self.fail("competitors", "must be a list of stores")
        stores = [seller] + [
            self.store(c, f"competitors[{i}]", "competitor", markets, limits)
            for i, c in enumerate(competitors)
        ]
        seen: dict[str, str] = {}
        for i, store in enumerate(stores):
            key = "seller" if i == 0 else f"competitors[{i - 1}]"
            for attr in ("id", "origin"):
                value = getattr(store, attr)
                if (attr, value) in seen:
                    self.fail(f"{key}.{'url' if attr == 'origin' else 'id'}",
                              f"{value!r} is used by {seen[(attr, value)]} too")
                seen[(attr, value)] = key
        rates = self.rates(data.get("exchange_rates") or {})
        private = self.private(data.get("private"))
        return MarketFile(str(self.path), base, markets, seller, tuple(stores[1:]), rates,
                          private)

    def private(self, value) -> str | None:
        """The private metrics' path, relative to the market file's folder."""
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.fail("private", "must be the path of a folder of CSV exports or a YAML file")
        path = Path(value) if Path(value).is_absolute() else self.path.parent / value
        if not path.exists():
            self.fail("private", f"{str(path)!r} does not exist")
        return str(path)

    def markets(self, data) -> dict[str, Market]:
        data = self.mapping(data, "markets")
        markets = {}
        for code, spec in data.items():
            key = f"markets.{code}"
            if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)):
                self.fail(key, "market keys are two-letter country codes such as DE")
            spec = self.mapping(spec, key)
            currency = self.currency(self.required(spec, "currency", f"{key}."), f"{key}.currency")
            markets[code] = Market(code, currency, spec.get("language"))
        return markets

    def limits(self, data, key: str, defaults: Limits) -> Limits:
        data = self.mapping(data, key)
        values = dict(defaults.__dict__)
        for name, value in data.items():
            if name not in LIMIT_DEFAULTS:
                self.fail(f"{key}.{name}", f"unknown limit (expected one of: "
                          f"{', '.join(LIMIT_DEFAULTS)})")
            kind = type(LIMIT_DEFAULTS[name])
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                self.fail(f"{key}.{name}", f"must be a positive number, got {value!r}")
            if kind is int and value != int(value):
                self.fail(f"{key}.{name}", f"must be a whole number, got {value!r}")
            values[name] = kind(value)
        return Limits(**values)

    def store(self, data, key: str, role: str, markets: dict, limits: Limits) -> Store:
        data = self.mapping(data, key)
        known = {"id", "name", "url", "markets", "start_urls", "product_url_patterns",
                 "browser", "limits"}
        for name in data:
            if name not in known:
                self.fail(f"{key}.{name}", f"unknown key (expected one of: "
                          f"{', '.join(sorted(known))})")
        store_id = str(self.required(data, "id", f"{key}."))
        if not STORE_ID.match(store_id):
            self.fail(f"{key}.id", f"{store_id!r} must be lower-case letters, digits, - or _")
        url = self.url(self.required(data, "url", f"{key}."), f"{key}.url")
        store_markets = data.get("markets") or []
        if not isinstance(store_markets, list) or not store_markets:
            self.fail(f"{key}.markets", "must be a non-empty list of market codes")
        for code in store_markets:
            if code not in markets:
                self.fail(f"{key}.markets", f"{code!r} is not defined under markets "
                          f"(defined: {', '.join(markets)})")
        start_urls = [self.url(u, f"{key}.start_urls[{i}]")
                      for i, u in enumerate(data.get("start_urls") or [])]
        for i, u in enumerate(start_urls):
            if origin_of(u) != origin_of(url):
                self.fail(f"{key}.start_urls[{i}]", f"{u!r} is not on the store's origin {url!r}")
        patterns = data.get("product_url_patterns") or []
        for i, pattern in enumerate(patterns):
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                self.fail(f"{key}.product_url_patterns[{i}]", f"invalid regular expression: {exc}")
        browser = data.get("browser", "auto")
        if browser not in BROWSER_MODES:
            self.fail(f"{key}.browser", f"{browser!r} is not one of {', '.join(BROWSER_MODES)}")
        return Store(
            id=store_id, name=str(data.get("name") or store_id), url=url, role=role,
            markets=tuple(store_markets), start_urls=tuple(start_urls),
            product_url_patterns=tuple(patterns), browser=browser,
            limits=self.limits(data.get("limits") or {}, f"{key}.limits", limits),
        )

    def url(self, value, key: str) -> str:
        try:
            parts = urlsplit(value) if isinstance(value, str) else None
        except ValueError:  # "https://[shop.example/"
            parts = None
        if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(key, f"{value!r} is not an http(s) URL")
        try:
            parts.port
        except ValueError:
            self.fail(key, f"{value!r} has an invalid port")
        return value if parts.path else value + "/"

    def rates(self, data) -> dict[str, dict[str, float]]:
        data = self.mapping(data, "exchange_rates")
        rates = {}
        for day, table in data.items():
            key = f"exchange_rates.{day}"
            try:
                day = dt.date.fromisoformat(str(day)).isoformat()
            except ValueError:
                self.fail(key, "dates are written YYYY-MM-DD")
            table = self.mapping(table, key)
            for currency, rate in table.items():
                self.currency(currency, f"{key}.{currency}")
                if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0:
                    self.fail(f"{key}.{currency}", f"rate must be a positive number, got {rate!r}")
            rates[day] = {c: float(r) for c, r in table.items()}
        return rates
