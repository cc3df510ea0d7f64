"""The demo market over real HTTP on 127.0.0.1: the pages say what `planted()` says.

Every market here listens on free ports (0), so these tests run beside a `moatscan demo` on the
default ports and beside each other.
"""

from __future__ import annotations

import gzip
import json
import re
import select
import socket
import urllib.error
import urllib.request
import urllib.robotparser
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import pytest

from moatscan.demo import DEFAULT_PORTS, DemoMarket, PortInUseError, planted
from moatscan.demo.__main__ import parser, ports_from_base
from moatscan.demo.catalogue import CatalogueError, gtin_check_digit
from moatscan.demo.catalogue_file import load_catalogue, parse_catalogue

FREE_PORTS = {site_id: 0 for site_id in DEFAULT_PORTS}
STORES = ("brightlane", "voltaro", "kabelwerk", "denkiya")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict | None = None, timeout: float = 5) -> tuple[int, dict, bytes]:
    """(status, headers, raw body) without following redirects or raising on 4xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def page(market: DemoMarket, store: str, path: str) -> str:
    status, headers, body = fetch(market.base_urls[store].rstrip("/") + path)
    assert status == 200, (store, path, status)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return body.decode("utf-8")


def jsonld_product(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    products = [data for data in map(json.loads, blocks) if data.get("@type") == "Product"]
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
    with DemoMarket(week=1, ports=FREE_PORTS) as running:
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
    public = Counter(store for store, _ in {(r["store"], r["gtin"]) for r in truth if not r["disallowed"]})
    assert min(public[store] for store in STORES) >= 24, public
    assert Counter(r["store"] for r in truth if r["disallowed"]) == {s: 1 for s in STORES}
    seller = {r["gtin"] for r in truth if r["store"] == "brightlane" and not r["disallowed"]}
    competitors = {r["gtin"] for r in truth if r["store"] != "brightlane"}
    assert len(seller & competitors) >= 12
    assert all(gtin_check_digit(r["gtin"][:12]) == int(r["gtin"][12]) for r in truth)
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


@pytest.mark.parametrize("store", ["brightlane", "voltaro"])
def test_jsonld_pages_say_what_planted_says(crawled, store):
    for record in records(store):
        html = crawled_page(crawled, store, record["path"])
        product = jsonld_product(html)
        offers = product["offers"]
        offer = offers[0] if isinstance(offers, list) else offers
        aggregate = product.get("aggregateRating", {})
        assert (product["name"], product["brand"]["name"], product["gtin13"], product["sku"],
                product["mpn"], offer["price"], offer["priceCurrency"], offer["availability"],
                aggregate.get("ratingValue"), aggregate.get("reviewCount"), html_lang(html)) == (
            record["title"], record["brand"], record["gtin"], record["sku"], record["mpn"],
            record["price"], record["currency"], "https://schema.org/" + record["availability"],
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
                item["currency"], item["availability"], item["rating"], item["review_count"]) == (
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
    products = json.loads(fetch(base + "products.json")[2])["products"]
    public = [r for r in records("voltaro") if not r["disallowed"]]
    assert [f"/products/{p['handle']}" for p in products] == [r["path"] for r in public]
    for product, record in zip(products, public):
        (variant,) = product["variants"]
        assert (product["title"], product["vendor"], variant["sku"], variant["price"],
                variant["barcode"].zfill(13), variant["available"]) == (
            record["title"], record["brand"], record["sku"], record["price"], record["gtin"],
            record["availability"] == "InStock")
    assert json.loads(fetch(base + "products.json?page=2")[2]) == {"products": []}
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


def test_week_two_changes():
    week1 = {(r["store"], r["path"]): r for r in planted(1)}
    week2 = {(r["store"], r["path"]): r for r in planted(2)}
    removed, added = week1.keys() - week2.keys(), week2.keys() - week1.keys()
    assert [s for s, _ in removed] == ["voltaro"] and [s for s, _ in added] == ["denkiya"]
    changed = Counter(field for field, _, _ in {
        (field, store, week1[(store, path)]["gtin"]) for store, path in week1.keys() & week2.keys()
        for field in ("price", "availability", "rating")
        if week1[(store, path)][field] != week2[(store, path)][field]})
    assert changed == {"price": 2, "availability": 1}
    with DemoMarket(week=2, ports=FREE_PORTS) as market:
        (store, path), = removed
        assert fetch(market.base_urls[store].rstrip("/") + path)[0] == 404
        product = jsonld_product(page(market, "voltaro", "/products/65w-gan-usb-c-charger-3-ports"))
        assert product["offers"][0]["price"] == week2[("voltaro", "/products/65w-gan-usb-c-charger-3-ports")]["price"]
        assert "2026-11-30" in fetch(market.base_urls["kabelwerk"] + "sitemap.xml")[2].decode()


def test_catalogue_errors_name_the_key():
    bad = {"week1_date": load_catalogue().week1_date, "categories": ["cables"],
           "products": {"x": {"num": 1, "brand": "B", "mpn": "M", "gtin13": "6971234500015",
                              "category": "cables", "list_price": "1.00", "en": "X"}},
           "stores": {}}
    with pytest.raises(CatalogueError, match=r"products\.x\.gtin13: check digit should be 4"):
        parse_catalogue(bad)
    with pytest.raises(ValueError):
        planted(0)


def test_command_line():
    assert ports_from_base(8471) == DEFAULT_PORTS
    assert ports_from_base(9000)["partner"] == 9008 and set(ports_from_base(0).values()) == {0}
    usage = parser().format_help()
    assert "serve" in usage and "--port-base" in usage
