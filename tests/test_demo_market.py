"""The demo market over real HTTP on 127.0.0.1: the pages say what `planted()` says.

Every market here listens on free ports (0), so these tests run beside a `moatscan demo` on the
default ports and beside each other.
"""

from __future__ import annotations

import gzip
import json
import re
import select
import sqlite3
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import Counter
from decimal import Decimal
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import pytest
import yaml

from moatscan.demo import (DEFAULT_PORTS, DemoMarket, PortInUseError, planted, planted_changes,
                           planted_speed_ranks, planted_store_signals, planted_technologies)
from moatscan.demo.__main__ import parser, ports_from_base
from moatscan.demo.catalogue import CatalogueError, gtin_check_digit
from moatscan.demo.catalogue_file import load_catalogue, parse_catalogue
from moatscan.demo.service import check_service

ROOT = Path(__file__).resolve().parent.parent
FREE_PORTS = {site_id: 0 for site_id in DEFAULT_PORTS}
STORES = ("brightlane", "voltaro", "kabelwerk", "denkiya", "maisonvolt", "britcharge")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SCHEMA = {"maisonvolt": "http://schema.org/"}  # WooCommerce writes http://; the others https://
SCHEMA = {store: SCHEMA.get(store, "https://schema.org/") for store in STORES}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict | None = None, timeout: float = 5,
          retry_429: bool = True) -> tuple[int, dict, bytes]:
    """(status, headers, raw body) without following redirects or raising on 4xx; a 429 is
    retried once after its Retry-After, as a polite client does (britcharge rate-limits)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        if err.code == 429 and retry_429:
            time.sleep(float(err.headers["Retry-After"]))
            return fetch(url, headers, timeout, retry_429=False)
        return err.code, dict(err.headers), err.read()


def page(market: DemoMarket, store: str, path: str) -> str:
    status, headers, body = fetch(market.base_urls[store].rstrip("/") + path)
    assert status == 200, (store, path, status)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return body.decode("utf-8")


def jsonld_product(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    items = [item for data in map(json.loads, blocks) for item in data.get("@graph", [data])]
    products = [data for data in items if data.get("@type") == "Product"]
    assert len(products) == 1
    return products[0]


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def sitemap_urls(market: DemoMarket, store: str) -> list[str]:
    pending, urls = [market.base_urls[store] + "sitemap.xml"], []
    while pending:
        status, headers, body = fetch(pending.pop())
        assert status == 200 and headers["Content-Type"] == "application/xml; charset=utf-8"
        root = ElementTree.fromstring(body)
        locs = [loc.text for loc in root.iter(SITEMAP_NS + "loc")]
        (pending if root.tag == SITEMAP_NS + "sitemapindex" else urls).extend(locs)
    return urls


def records(store: str, week: int = 1) -> list[dict]:
    return [r for r in planted(week) if r["store"] == store]


@pytest.fixture(scope="module")
def market():
    """Week 1 without the planted latency (these tests read pages; one test times them)."""
    with DemoMarket(week=1, ports=FREE_PORTS, latency=False) as running:
        yield running


@pytest.fixture(scope="module")
def crawled(market) -> dict[tuple[str, str], tuple[int, dict, str]]:
    """Every URL of every store's sitemaps, fetched once: {(store, path): (status, headers, text)}."""
    keys = [(store, url.removeprefix(market.base_urls[store].rstrip("/")))
            for store in STORES for url in sitemap_urls(market, store)]
    with ThreadPoolExecutor(4) as pool:
        answers = pool.map(lambda key: fetch(market.base_urls[key[0]].rstrip("/") + key[1]), keys)
        return {key: (status, headers, body.decode("utf-8")) for key, (status, headers, body)
                in zip(keys, answers)}


def crawled_page(crawled, store: str, path: str) -> str:
    status, headers, html = crawled[(store, path)]
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8", (store, path)
    return html


def test_planted_covers_the_brief():
    truth = planted()
    public = Counter(store for store, _ in {(r["store"], r["sku"]) for r in truth if not r["disallowed"]})
    assert min(public[store] for store in STORES) >= 50, public
    assert Counter(r["store"] for r in truth if r["disallowed"]) == {s: 1 for s in STORES}
    seller = {r["gtin"] for r in truth if r["store"] == "brightlane" and not r["disallowed"]}
    competitors = {r["gtin"] for r in truth if r["store"] != "brightlane"}
    assert len(seller & competitors) >= 12
    assert all(gtin_check_digit(r["gtin"][:12]) == int(r["gtin"][12]) for r in truth if r["gtin"])
    assert {r["language"] for r in truth} >= {"en-US", "en-GB", "de", "fr", "fr-FR", "es-ES", "ja"}
    assert {r["currency"] for r in truth} == {"USD", "GBP", "EUR", "JPY"}
    assert {r["regular_price"] is None for r in truth} == {True, False}
    assert {r["availability"] for r in truth} == {"InStock", "OutOfStock", "PreOrder"}
    assert any(r["rating"] is None for r in truth) and any(r["review_count"] >= 1000 for r in truth if r["review_count"])
    brightlane = {(r["language"], r["currency"]) for r in records("brightlane")}
    assert brightlane == {("en-US", "USD"), ("de", "EUR")}
    assert planted() == truth  # deterministic


def test_robots_names_the_served_sitemap(market):
    for store in STORES:
        status, headers, body = fetch(market.base_urls[store] + "robots.txt")
        assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
        lines = body.decode().splitlines()
        assert f"Sitemap: {market.base_urls[store]}sitemap.xml" in lines
        assert "Disallow: /private/" in lines


def test_sitemaps_list_every_planted_page_and_every_url_answers(crawled):
    for store in STORES:
        paths = {path for s, path in crawled if s == store}
        assert {r["path"] for r in records(store)} <= paths
        assert any(p.startswith("/private/") for p in paths)  # robots is advisory: still served
        assert len(paths) > len(records(store))  # home, category and policy pages too
    assert {status for status, _, _ in crawled.values()} == {200}


def test_private_page_is_linked_from_home_but_disallowed(market):
    for store in STORES:
        home = page(market, store, "/")
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(fetch(market.base_urls[store] + "robots.txt")[2].decode().splitlines())
        (private,) = [r for r in records(store) if r["disallowed"]]
        assert f'href="{private["path"]}"' in home
        assert not robots.can_fetch("moatscan", market.base_urls[store].rstrip("/") + private["path"])
        assert robots.can_fetch("moatscan", market.base_urls[store])


@pytest.mark.parametrize("store", ["brightlane", "voltaro", "maisonvolt", "britcharge"])
def test_jsonld_pages_say_what_planted_says(crawled, store):
    for record in records(store):
        html = crawled_page(crawled, store, record["path"])
        product = jsonld_product(html)
        offers = product["offers"]
        offer = offers[0] if isinstance(offers, list) else offers
        aggregate = product.get("aggregateRating", {})
        assert (product["name"], product["brand"]["name"], product.get("gtin13"), product["sku"],
                product.get("mpn"), offer["price"], offer["priceCurrency"], offer["availability"],
                aggregate.get("ratingValue"), aggregate.get("reviewCount", 0), html_lang(html)) == (
            record["title"], record["brand"], record["gtin"], record["sku"], record["mpn"],
            record["price"], record["currency"], SCHEMA[store] + record["availability"],
            record["rating"], record["review_count"], record["language"])


def test_brightlane_locales_link_each_other(market):
    us, de = page(market, "brightlane", "/product/gan-charger-65w"), page(market, "brightlane", "/de/product/gan-charger-65w")
    base = market.base_urls["brightlane"].rstrip("/")
    for html in (us, de):
        assert f'hreflang="en-US" href="{base}/product/gan-charger-65w"' in html
        assert f'hreflang="de-DE" href="{base}/de/product/gan-charger-65w"' in html
        assert f'hreflang="x-default" href="{base}/product/gan-charger-65w"' in html
    assert (html_lang(us), html_lang(de)) == ("en-US", "de")
    assert '<p class="price">$39.99</p>' in us and "39,99 €" in de


def test_kabelwerk_has_microdata_only(market, crawled):
    for record in records("kabelwerk"):
        html = crawled_page(crawled, "kabelwerk", record["path"])
        assert "application/ld+json" not in html
        prop = lambda name: re.search(rf'itemprop="{name}"[^>]*?(?:content|href)="([^"]*)"', html)  # noqa: E731
        assert 'itemtype="https://schema.org/Product"' in html
        assert prop("price").group(1) == record["price"]
        assert prop("priceCurrency").group(1) == record["currency"]
        assert prop("gtin13").group(1) == record["gtin"]
        assert prop("availability").group(1) == "https://schema.org/" + record["availability"]
        assert f'<span itemprop="sku">{record["sku"]}</span>' in html
        assert html_lang(html) == record["language"]
        if record["rating"] is None:
            assert prop("ratingValue") is None
        else:
            assert float(prop("ratingValue").group(1)) == record["rating"]
            assert int(prop("reviewCount").group(1)) == record["review_count"]
    html = page(market, "kabelwerk", "/p/kabelwerk-powerstation-2000-2-048-wh.html")
    assert "1.299,00 €" in html
    html = page(market, "kabelwerk", "/p/kabelwerk-steckdosenleiste-6-fach-mit-usb-c.html")
    assert "4,6 von 5" in html and "1.234 Bewertungen" in html and 'hreflang="fr-FR"' in html


def test_denkiya_needs_javascript(market, crawled):
    base = market.base_urls["denkiya"]
    listing = json.loads(fetch(base + "api/products.json")[2])
    public = [r for r in records("denkiya") if not r["disallowed"]]
    assert [item["url"] for item in listing["items"]] == [r["path"] for r in public]
    for record in records("denkiya"):
        item_id = record["path"].rsplit("/", 1)[1]
        item = json.loads(fetch(f"{base}api/products/{item_id}.json")[2])
        assert (item["name"], item["brand"], item["jan"], item["sku"], item["mpn"], str(item["price"]),
                item["currency"], item["availability"], item["rating"], item["review_count"] or 0) == (
            record["title"], record["brand"], record["gtin"], record["sku"], record["mpn"], record["price"],
            record["currency"], record["availability"], record["rating"], record["review_count"])
        shell = crawled_page(crawled, "denkiya", record["path"])
        assert re.search(r'<div id="app"[^>]*></div>', shell) and "<noscript>" in shell
        assert html_lang(shell) == "ja" and '<script src="/static/app.js"' in shell
        assert "ld+json" not in shell and "¥" not in shell and record["title"] not in shell
    app_js = fetch(base + "static/app.js")
    assert app_js[1]["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"application/ld+json" in app_js[2] and b"(\xe7\xa8\x8e\xe8\xbe\xbc)" in app_js[2]  # (税込)


def test_voltaro_publishes_products_json(market):
    base = market.base_urls["voltaro"]
    products = json.loads(fetch(base + "products.json?limit=250")[2])["products"]
    assert len(json.loads(fetch(base + "products.json")[2])["products"]) == 30  # Shopify's default
    public = [r for r in records("voltaro") if not r["disallowed"]]
    assert [f"/products/{p['handle']}" for p in products] == [r["path"] for r in public]
    for product, record in zip(products, public):
        (variant,) = product["variants"]
        assert (product["title"], product["vendor"], variant["sku"], variant["price"],
                variant["barcode"].zfill(13), variant["available"]) == (
            record["title"], record["brand"], record["sku"], record["price"], record["gtin"],
            record["availability"] == "InStock")
    assert json.loads(fetch(base + "products.json?page=3")[2]) == {"products": []}
    assert len(json.loads(fetch(base + "products.json?limit=5&page=2")[2])["products"]) == 5


def test_gzip_content_type_and_404(market):
    url = market.base_urls["brightlane"] + "de/"
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    plain = fetch(url)
    assert "Content-Encoding" not in plain[1] and gzip.decompress(body) == plain[2]
    assert int(headers["Content-Length"]) == len(body) and headers["Last-Modified"]
    assert fetch(url, {"Accept-Encoding": "gzip;q=0"})[1].get("Content-Encoding") is None
    status, headers, _ = fetch(market.base_urls["voltaro"] + "no/such/page")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert fetch(market.base_urls["voltaro"] + "products/voltaro-smart-bulb-a19")[0] == 200
    status, headers, _ = fetch(market.base_urls["brightlane"] + "de")
    assert status == 301 and headers["Location"] == "/de/"
    head = urllib.request.Request(url, method="HEAD")
    with OPENER.open(head, timeout=5) as response:
        assert response.status == 200 and response.read() == b""
        assert int(response.headers["Content-Length"]) == len(plain[2])


def test_partner_redirect_and_request_log(market):
    for store in STORES:
        assert 'href="/go/partner"' in page(market, store, "/")
        status, headers, _ = fetch(market.base_urls[store] + "go/partner")
        assert status == 302 and headers["Location"] == market.base_urls["partner"] + "landing"
    fetch(market.base_urls["kabelwerk"] + "robots.txt?probe=1")
    log = market.request_log
    assert ("kabelwerk", "GET", "/robots.txt?probe=1") in log
    assert ("voltaro", "GET", "/go/partner") in log
    assert not [entry for entry in log if entry[0] == "partner"]  # nobody followed the redirect
    assert fetch(market.base_urls["partner"] + "landing")[0] == 200


def test_slow_page_is_linked_and_does_not_block(market):
    for store in STORES:
        assert 'href="/slow"' in page(market, store, "/")
    host, port = market.base_urls["voltaro"].removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as slow:
        slow.sendall(b"GET /slow HTTP/1.0\r\nHost: demo\r\n\r\n")
        assert fetch(market.base_urls["voltaro"])[0] == 200  # answered while /slow waits
        assert select.select([slow], [], [], 0.2)[0] == []  # /slow still silent (it waits 20 s)
    assert ("voltaro", "GET", "/slow") in market.request_log


def test_social_links_and_widgets(market):
    home = page(market, "brightlane", "/")
    for network in ("instagram.com", "tiktok.com", "youtube.com"):
        assert re.search(rf'href="https://www\.{network}/[^"]+"', home)
    assert '<script src="/static/chat.js"' in home
    assert '<script src="/static/loyalty.js"' in page(market, "voltaro", "/")
    assert fetch(market.base_urls["voltaro"] + "static/loyalty.js")[0] == 200


def test_two_markets_at_once_and_port_clash(market):
    with DemoMarket(week=1, ports=FREE_PORTS) as other:
        assert set(other.base_urls.values()).isdisjoint(market.base_urls.values())
        for store, path in [("brightlane", "/de/"), ("kabelwerk", "/sitemap.xml"), ("voltaro", "/products.json")]:
            ours, theirs = (fetch(m.base_urls[store].rstrip("/") + path)[2].decode().replace(
                m.base_urls[store], "BASE/") for m in (market, other))
            assert ours == theirs  # deterministic: only the port differs
        taken = int(market.base_urls["kabelwerk"].rsplit(":", 1)[1].rstrip("/"))
        with pytest.raises(PortInUseError, match=rf"'kabelwerk'.*127\.0\.0\.1:{taken}"):
            DemoMarket(ports={**FREE_PORTS, "kabelwerk": taken}).start()
    with pytest.raises(ValueError, match="loopback"):
        DemoMarket(host="0.0.0.0")


def test_the_demo_command_names_a_taken_port_and_keeps_its_database(monkeypatch, tmp_path):
    """`moatscan demo` with one of its fixed ports taken: a one-line error naming the store and
    the port, and the earlier demo database untouched (it is replaced only once the stores
    listen)."""
    from click.testing import CliRunner

    from moatscan import cli as cli_module
    from moatscan.demo import market as market_module

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        monkeypatch.setattr(market_module, "DEFAULT_PORTS",
                            {**FREE_PORTS, "kabelwerk": taken})
        db_path = tmp_path / "demo.db"
        with sqlite3.connect(db_path) as conn:
            conn.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, market_file TEXT)")
            conn.execute("INSERT INTO scans (market_file) VALUES (?)", [cli_module.DEMO_MARKET])
        before = db_path.read_bytes()
        result = CliRunner().invoke(cli_module.cli, ["demo", "--no-serve", "--db", str(db_path)])
    assert result.exit_code == 1, result.output
    assert f"'kabelwerk' cannot listen on 127.0.0.1:{taken}: the port is already in use" in (
        result.output)
    assert "Traceback" not in result.output
    assert db_path.read_bytes() == before


def test_week_two_changes():
    week1 = {(r["store"], r["path"]): r for r in planted(1)}
    week2 = {(r["store"], r["path"]): r for r in planted(2)}
    removed, added = week1.keys() - week2.keys(), week2.keys() - week1.keys()
    assert sorted(s for s, _ in removed) == ["britcharge", "voltaro"]
    assert sorted(s for s, _ in added) == ["britcharge", "denkiya"]
    changes = planted_changes()
    assert Counter(c["kind"] for c in changes) == {
        "new_product": 2, "removed_product": 2, "promo_started": 2, "promo_ended": 2,
        "price_move": 6, "currency_move": 52, "stock_flip": 4, "technology_added": 1,
        "technology_removed": 1, "delivery_changed": 1}
    assert {c["store"] for c in changes if c["kind"] == "currency_move"} == {"britcharge"}
    moves = [c for c in changes if c["kind"] == "price_move"]
    assert all(abs(Decimal(c["value"]) / Decimal(c["previous"]) - 1) >= Decimal("0.05") for c in moves)
    seller_promo = [c for c in changes if c["kind"] == "promo_started"]
    assert {(c["market"], c["previous"], c["value"]) for c in seller_promo} == {
        ("US", "69.99", "59.99"), ("DE", "74.99", "64.99")}
    assert {(c["store"], c["kind"], c["subject"]) for c in changes if c["market"] is None} == {
        ("voltaro", "technology_added", "Bambuser"), ("britcharge", "technology_removed", "Tidio")}
    assert [c for c in changes if c["kind"] == "delivery_changed"] == [
        {"store": "kabelwerk", "market": "DE", "kind": "delivery_changed", "subject": "DE",
         "previous": [2, 4], "value": [3, 5]}]
    # every price-like change agrees with the two weeks' planted records
    for change in (c for c in changes if c["kind"] in ("price_move", "promo_started", "promo_ended")):
        old, new = ([r for r in planted(w) if (r["store"], r["market"], r["sku"]) ==
                     (change["store"], change["market"], change["subject"])] for w in (1, 2))
        assert (old[0]["price"], new[0]["price"]) == (change["previous"], change["value"])
    currency = next(c for c in changes if c["kind"] == "currency_move")
    assert Decimal(currency["value"]) > Decimal(currency["previous"])  # GBP 0.79 -> 0.75 per USD
    with DemoMarket(week=2, ports=FREE_PORTS) as market:
        assert market.today.isoformat() == "2026-11-23"  # "Arrives by" counts from here
        for store, path in removed:
            assert fetch(market.base_urls[store].rstrip("/") + path)[0] == 404
        product = jsonld_product(page(market, "voltaro", "/products/65w-gan-usb-c-charger-3-ports"))
        assert product["offers"][0]["price"] == week2[("voltaro", "/products/65w-gan-usb-c-charger-3-ports")]["price"]
        assert "2026-11-23" in fetch(market.base_urls["kabelwerk"] + "sitemap.xml")[2].decode()
        assert "Lieferzeit 3–5 Werktage" in page(market, "kabelwerk", "/p/kabelwerk-usb-c-kabel-2-m.html")
        assert "Arrives by Thu, Nov 26" in page(market, "britcharge", "/shop/p/1-65w-gan-usb-c-charger-3-ports")
        assert "initBambuserLiveShopping" in page(market, "voltaro", "/")
        assert "tidioChatApi" not in page(market, "britcharge", "/")
        assert '<s class="price-regular">Statt 74,99 €</s>' in page(market, "brightlane", "/de/product/gan-desktop-100w")
        assert '<s class="price-regular">Was $69.99</s>' in page(market, "brightlane", "/product/gan-desktop-100w")


def test_catalogue_errors_name_the_key():
    bad = {"week1_date": load_catalogue().week1_date, "categories": ["cables"],
           "products": {"x": {"num": 1, "brand": "B", "mpn": "M", "gtin13": "6971234500015",
                              "category": "cables", "list_price": "1.00", "en": "X"}},
           "stores": {}}
    with pytest.raises(CatalogueError, match=r"products\.x\.gtin13: check digit should be 4"):
        parse_catalogue(bad)
    with pytest.raises(ValueError):
        planted(0)
    raw = yaml.safe_load((ROOT / "moatscan" / "demo" / "catalogue.yaml").read_text(encoding="utf-8"))
    raw["stores"]["voltaro"]["theme"]["accent"] = "red"
    with pytest.raises(CatalogueError, match=r"voltaro\.theme\.accent: 'red' is not a colour"):
        parse_catalogue(raw)
    raw["stores"]["voltaro"]["theme"]["accent"] = "#e4572e"
    raw["stores"]["voltaro"]["service"]["US"]["ship_to"] = "We ship to {BR}."
    with pytest.raises(CatalogueError, match=r"voltaro\.service\.US\.ship_to: no 'en' name for 'BR'"):
        check_service(parse_catalogue(raw).stores["voltaro"])
    raw["stores"]["voltaro"]["programmes"]["points"] = "/pages/points"
    with pytest.raises(CatalogueError, match=r"voltaro\.programmes: unknown programme 'points'"):
        parse_catalogue(raw)


def test_command_line():
    assert ports_from_base(8471) == DEFAULT_PORTS
    assert ports_from_base(9000)["partner"] == 9008 and set(ports_from_base(0).values()) == {0}
    usage = parser().format_help()
    assert "serve" in usage and "--port-base" in usage


# --- markets, platforms, promises, technologies and server behaviour (issue 3) ---------------

STORE_API = "wp-json/wc/store/v1/products"
FETCHING_RELS = ("stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect",
                 "dns-prefetch", "manifest", "apple-touch-icon")


def test_market_file_lists_the_demo_stores_ports_markets_and_rates():
    from moatscan.config import load_market

    market = load_market(ROOT / "data" / "market.yaml")
    ports = {s.id: int(s.url.rsplit(":", 1)[1].strip("/")) for s in market.stores}
    assert ports == {s: p for s, p in DEFAULT_PORTS.items() if s != "partner"}
    catalogue = load_catalogue()
    assert market.exchange_rates == {d: {c: float(r) for c, r in t.items()}
                                     for d, t in catalogue.exchange_rates.items()}
    for store in market.stores:
        for locale in catalogue.stores[store.id].locales:
            assert locale.market in store.markets
            assert market.markets[locale.market].currency == locale.currency
            assert market.markets[locale.market].language == locale.hreflang
    assert [catalogue.published(w).isoformat() for w in (1, 2)] == sorted(market.exchange_rates)


def test_matching_cases_are_planted():
    truth = [r for r in planted() if not r["disallowed"]]
    seller = {r["mpn"]: r for r in truth if r["store"] == "brightlane" and r["language"] == "en-US"}
    by_mpn = [r for r in truth if r["store"] == "maisonvolt" and r["gtin"] is None]
    assert len({r["sku"] for r in by_mpn if r["mpn"] in seller and r["brand"] == "Brightlane"}) >= 8
    by_title = [r for r in truth if r["store"] == "britcharge" and r["gtin"] is None and r["mpn"] is None]
    assert len(by_title) >= 5
    assert all(r["title"] in {s["title"] for s in seller.values()} for r in by_title)
    (pack,) = [r for r in truth if r["store"] == "britcharge" and r["title"].endswith("2-Pack")
               and r["brand"] == "Brightlane"]
    single = next(r for r in seller.values() if pack["title"].startswith(r["title"]))
    assert pack["gtin"] != single["gtin"] and pack["mpn"] != single["mpn"]
    assert len({r["store"] for r in truth if r["gtin"] == single["gtin"]}) >= 4  # by GTIN


def test_woocommerce_store_api(market):
    base = market.base_urls["maisonvolt"]
    status, headers, body = fetch(base + STORE_API + "?per_page=20&page=2")
    french = [r for r in records("maisonvolt") if r["language"] == "fr-FR" and not r["disallowed"]]
    assert status == 200 and headers["X-WP-Total"] == str(len(french))
    assert headers["X-WP-TotalPages"] == str(-(-len(french) // 20))
    assert len(json.loads(body)) == 20 and len(json.loads(fetch(base + STORE_API)[2])) == 10
    listing = json.loads(fetch(base + STORE_API + "?per_page=100")[2])
    assert json.loads(fetch(base + STORE_API + "?per_page=100&page=2")[2]) == []
    assert [p["permalink"].removeprefix(base.rstrip("/")) for p in listing] == [r["path"] for r in french]
    for product, record in zip(listing, french):
        prices = product["prices"]
        assert (product["name"], product["sku"], prices["price"], prices["currency_code"],
                prices["currency_minor_unit"], product["is_in_stock"], product["review_count"]) == (
            record["title"], record["sku"], record["price"].replace(".", ""), "EUR", 2,
            record["availability"] != "OutOfStock", record["review_count"])
        assert prices["regular_price"] == (record["regular_price"] or record["price"]).replace(".", "")
        assert product["average_rating"] == (f"{record['rating']:.2f}" if record["rating"] else "0")
    for product in listing[::10]:
        assert json.loads(fetch(f"{base}{STORE_API}/{product['id']}")[2]) == product
    html = page(market, "maisonvolt", "/")
    assert '<meta name="generator" content="WooCommerce 9.4.2">' in html
    assert fetch(base + "wp-content/themes/storefront/style.css")[0] == 200


def test_delivery_promises_on_product_pages(market, crawled):
    brief = {"Lieferzeit 2–4 Werktage", "Livraison sous 48h", "Entrega en 3-5 días laborables",
             "Arrives by Thu, Nov 19", "Delivery in 3–5 business days"}
    seen = set()
    for record in planted():
        if record["store"] == "denkiya":
            continue
        html = crawled_page(crawled, record["store"], record["path"])
        line = re.search(r'class="(?:delivery|delivery-time)">([^<]*)<', html)
        if record["delivery_max_days"] is None:
            assert line is None, record["path"]
            continue
        seen.add(line.group(1))
        if line.group(1).startswith("Arrives by"):  # counted from the week's demo date, Mon Nov 16
            assert line.group(1) == f"Arrives by Thu, Nov {16 + record['delivery_max_days']}"
        else:
            assert str(record["delivery_max_days"]) in line.group(1) or "48h" in line.group(1)
        if "ld+json" in html and record["store"] in ("brightlane", "maisonvolt") and record["market"] != "ES":
            offers = jsonld_product(html)["offers"]
            details = (offers[0] if isinstance(offers, list) else offers)["shippingDetails"]
            time_ = details["deliveryTime"]
            low = time_["handlingTime"]["minValue"] + time_["transitTime"]["minValue"]
            high = time_["handlingTime"]["maxValue"] + time_["transitTime"]["maxValue"]
            assert (low, high) == (record["delivery_min_days"], record["delivery_max_days"])
            assert details["shippingRate"]["currency"] == record["currency"]
    assert brief <= seen, brief - seen
    item = json.loads(fetch(market.base_urls["denkiya"] + "api/products.json")[2])["items"][0]
    assert item["delivery"] == "お届け：3〜5日"


def test_policy_pages_and_footer_state_the_store_signals(market, crawled):
    signals = planted_store_signals()
    phrases = {"kabelwerk": ["Rücksendungen innerhalb von 30 Tagen", "Livraison sous 48h"],
               "britcharge": ["Free UK delivery on orders over £30.00"],
               "denkiya": ["お届け：3〜5日"], "maisonvolt": ["Entrega en 3-5 días laborables"]}
    for store in STORES:
        texts = [html for (s, path), (_, _, html) in crawled.items() if s == store and "<article class=\"policy\">" in html]
        assert len(texts) == 3 * len(load_catalogue().stores[store].locales)
        policy = "\n".join(texts)
        for phrase in phrases.get(store, []):
            assert phrase in policy, (store, phrase)
        for market_code, truth in signals[store].items():
            assert f"{truth['returns_days']}" in policy
            for method in truth["payment_methods"]:
                assert f'alt="{method}"' in policy
        home = page(market, store, "/")
        assert all(fetch(market.base_urls[store].rstrip("/") + src)[1]["Content-Type"].startswith("image/svg+xml")
                   for src in re.findall(r'<img src="([^"]+)"', home))
    assert signals["britcharge"]["GB"]["free_shipping_threshold"] == "30.00 GBP"
    assert signals["kabelwerk"]["FR"]["delivery_min_days"] is None
    assert signals["maisonvolt"]["ES"]["free_shipping_threshold"] is None
    assert {m for s in signals.values() for t in s.values() for m in t["payment_methods"]} >= {
        "iDEAL", "Klarna", "Bancontact", "Konbini", "PayPay", "Apple Pay", "PayPal", "Sofort",
        "Cartes Bancaires"}
    assert {lang for s in signals.values() for t in s.values() for lang in t["languages"]} >= {
        "en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP"}


def test_ship_to_countries_and_programme_links_are_on_the_pages(market, crawled):
    signals = planted_store_signals()
    policies = "\n".join(html for (_, path), (_, _, html) in crawled.items()
                         if '<article class="policy">' in html)
    for phrase in ("Wir liefern nach Deutschland, Österreich und in die Schweiz.",
                   "We deliver across the UK mainland, Northern Ireland, the Isle of Man",
                   "Nous livrons en France métropolitaine, en Belgique et au Luxembourg.",
                   "Enviamos a toda España peninsular, Portugal y Andorra.", "配送地域：日本国内のみ"):
        assert phrase in policies, phrase
    kinds = ("loyalty_links", "referral_links", "affiliate_links", "subscription_links")
    for store in STORES:
        home = page(market, store, "/")
        links = {link for truth in signals[store].values() for kind in kinds for link in truth[kind]}
        for link in links:
            assert f'<a href="{link}">' in home, (store, link)
            if link.startswith("/"):  # the store's own page, listed in its sitemap
                assert '<article class="programme">' in crawled_page(crawled, store, link)
    assert signals["voltaro"]["US"]["ship_to"] is None
    assert not any(signals["britcharge"]["GB"][kind] for kind in kinds)
    assert all(any(t[kind] for s in signals.values() for t in s.values()) for kind in kinds)


def test_reviews_links_and_apps_in_local_words(market):
    assert "1.234 Bewertungen" in page(market, "kabelwerk", "/p/kabelwerk-steckdosenleiste-6-fach-mit-usb-c.html")
    assert '" レビュー(" + grouped(item.review_count) + "件)"' in fetch(market.base_urls["denkiya"] + "static/app.js")[2].decode()
    links = "\n".join(page(market, store, "/") for store in STORES)
    for pattern in (r"amazon\.de/stores/", r"rakuten\.co\.jp/", r"ebay\.", r"tiktok\.com/@\w+/shop",
                    r"apps\.apple\.com/", r"play\.google\.com/store/apps"):
        assert re.search(rf'<a href="https://[^"]*{pattern}', links), pattern


def test_no_page_fetches_from_another_origin(crawled):
    for (store, path), (status, headers, html) in crawled.items():
        if not headers["Content-Type"].startswith("text/html"):
            continue
        for element in re.findall(r'<(?:script|img|iframe|source|video|audio|link)\b[^>]*>', html):
            value = re.search(r'\b(?:src|href)="([^"]*)"', element)
            rel = re.search(r'\brel="([^"]*)"', element)
            if value is None or element.startswith("<link") and not (rel and rel.group(1) in FETCHING_RELS):
                continue  # canonical, alternate, itemprop links: never fetched by a browser
            assert value.group(1).startswith("/") and not value.group(1).startswith("//"), (store, path, element)
        assert not re.search(r"(fetch|XMLHttpRequest|import)\(\s*['\"]https?:", html), (store, path)


def test_markup_in_a_title_is_escaped_in_html_and_raw_in_json_ld(market):
    (record,) = [r for r in records("britcharge") if "<script>" in r["title"]]
    html = page(market, "britcharge", record["path"])
    assert "alert(1)" in html and "<script>alert(1)" not in html
    assert "Cable Tidy Clips &lt;script&gt;alert(1)&lt;/script&gt; 10-Pack</h1>" in html
    assert jsonld_product(html)["name"] == record["title"] == "Cable Tidy Clips <script>alert(1)</script> 10-Pack"


def test_planted_technologies_are_on_the_pages(market):
    specs = yaml.safe_load((ROOT / "moatscan" / "demo" / "technologies.yaml").read_text(encoding="utf-8"))
    technologies = planted_technologies()
    assert set(technologies) == set(STORES) and all(technologies.values())
    for store in technologies:
        names = load_catalogue().stores[store].technologies
        status, headers, body = fetch(market.base_urls[store])
        html = body.decode()
        for name in names:
            for place in ("head", "body"):
                assert (specs[name].get(place) or "").strip() in html, (store, name)
            for header, value in (specs[name].get("headers") or {}).items():
                assert headers.get(header.title(), headers.get(header)) == str(value), (store, header)
    assert "Shopify" in technologies["voltaro"] and "WooCommerce" in technologies["maisonvolt"]
    assert set(planted_technologies(2)["voltaro"]) - set(technologies["voltaro"]) == {"Bambuser"}
    assert {"PHP", "MySQL"} <= set(technologies["maisonvolt"]) & set(technologies["kabelwerk"])


def first_byte_times(market, stores=("denkiya", "maisonvolt")) -> dict[str, float]:
    """Median of 3 robots.txt fetches per store, in seconds."""
    def first_byte(store: str) -> float:
        started = time.perf_counter()
        fetch(market.base_urls[store] + "robots.txt")
        return time.perf_counter() - started

    return {store: sorted(first_byte(store) for _ in range(3))[1] for store in stores}


def test_speed_ranks_follow_the_planted_latency(market):
    ranks = planted_speed_ranks()
    assert sorted(r["rank"] for r in ranks.values()) == list(range(1, len(STORES) + 1))
    assert max(ranks, key=lambda s: ranks[s]["latency_ms"]) == "maisonvolt"
    slowest = ranks["maisonvolt"]["latency_ms"] / 1000
    with DemoMarket(week=1, ports=FREE_PORTS) as timed:
        times = first_byte_times(timed)
    assert times["maisonvolt"] >= slowest > times["denkiya"]
    assert first_byte_times(market)["maisonvolt"] < slowest     # served with latency=False


def test_rate_limited_store_answers_429_once_with_retry_after(market):
    base, every = market.base_urls["britcharge"], load_catalogue().stores["britcharge"].throttle_every
    client = {"User-Agent": f"rate-probe/{time.time_ns()}"}
    answers = [fetch(base + f"help/faq?n={i}", client, retry_429=False) for i in range(every - 1)]
    assert {status for status, _, _ in answers} == {200}
    status, headers, _ = fetch(base + "help/faq", client, retry_429=False)
    assert status == 429 and headers["Retry-After"] == "1"
    assert fetch(base + "help/faq", client, retry_429=False)[0] == 200  # once per path
    for _ in range(2 * every):
        assert fetch(base + "robots.txt", client, retry_429=False)[0] == 200  # never limited
