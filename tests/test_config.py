"""The market file: valid files load, broken ones name the file, the key and the problem."""

import textwrap

import pytest

from moatscan.config import ConfigError, load_market, origin_of

GOOD = """
base_currency: USD
markets:
  US: {currency: USD, language: en-US}
  DE: {currency: EUR, language: de-DE}
seller: {id: me, name: Me, url: "http://127.0.0.1:9001", markets: [US, DE]}
competitors:
  - {id: them, url: "http://127.0.0.1:9002/", markets: [DE], limits: {max_pages: 5}}
limits: {timeout_s: 3}
exchange_rates:
  "2026-11-23": {EUR: 0.92}
"""


def write(tmp_path, text):
    path = tmp_path / "market.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_file_loads_with_defaults_and_overrides(tmp_path):
    market = load_market(write(tmp_path, GOOD))
    assert [s.id for s in market.stores] == ["me", "them"]
    assert market.seller.role == "seller" and market.competitors[0].role == "competitor"
    assert market.seller.url == "http://127.0.0.1:9001/"
    assert market.seller.limits.timeout_s == 3.0 and market.seller.limits.max_pages == 200
    assert market.competitors[0].limits.max_pages == 5
    assert market.competitors[0].limits.timeout_s == 3.0
    assert market.markets["DE"].currency == "EUR"
    assert market.exchange_rates == {"2026-11-23": {"EUR": 0.92}}


def test_bundled_market_file_is_valid():
    market = load_market("data/market.yaml")
    assert len(market.stores) >= 3


BROKEN = [
    ("base_currency: usd", "base_currency", "not an ISO 4217"),
    ("competitors:\n  - {id: them, url: 'htp://x', markets: [DE]}", "competitors[0].url",
     "not an http(s) URL"),
    ("competitors:\n  - {id: them, url: 'https://[shop.example/', markets: [DE]}",
     "competitors[0].url", "not an http(s) URL"),
    ("competitors:\n  - {id: them, url: 'http://127.0.0.1:9002/', markets: [JP]}",
     "competitors[0].markets", "'JP' is not defined"),
    ("competitors:\n  - {id: Them!, url: 'http://127.0.0.1:9002/', markets: [DE]}",
     "competitors[0].id", "lower-case"),
    ("competitors:\n  - {id: me, url: 'http://127.0.0.1:9002/', markets: [DE]}",
     "competitors[0].id", "used by seller"),
    ("competitors:\n  - {id: them, url: 'http://127.0.0.1:9001/', markets: [DE]}",
     "competitors[0].url", "used by seller"),
    ("limits: {max_pages: -1}", "limits.max_pages", "positive number"),
    ("limits: {max_page: 10}", "limits.max_page", "unknown limit"),
    ("competitors:\n  - {id: them, url: 'http://127.0.0.1:9002/', markets: [DE], browser: yes}",
     "competitors[0].browser", "is not one of"),
    ("competitors:\n  - {id: t, url: 'http://127.0.0.1:9002/', markets: [DE],"
     " product_url_patterns: ['(']}", "competitors[0].product_url_patterns[0]",
     "invalid regular expression"),
    ("exchange_rates: {'23.11.2026': {EUR: 0.9}}", "exchange_rates.23.11.2026", "YYYY-MM-DD"),
    ("sellr: {}", "sellr", "unknown key"),
]


@pytest.mark.parametrize("override,key,problem", BROKEN, ids=[b[1] for b in BROKEN])
def test_broken_file_names_file_key_and_problem(tmp_path, override, key, problem):
    top = override.split(":")[0]
    lines = GOOD.strip().split("\n")
    # replace the whole top-level block the override names, or add it
    out, skipping = [], False
    for line in lines:
        if not line.startswith(" "):
            skipping = line.split(":")[0] == top
            if skipping:
                continue
        if not skipping:
            out.append(line)
    path = write(tmp_path, "\n".join(out) + "\n" + override + "\n")
    with pytest.raises(ConfigError) as info:
        load_market(path)
    assert info.value.key == key
    assert problem in info.value.problem
    assert str(path) in str(info.value)


def test_missing_and_unparsable_files(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_market(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="line 3: not valid YAML"):
        load_market(write(tmp_path, "seller: {\n  id: [\n"))


@pytest.mark.parametrize(("url", "origin"), [
    ("https://Shop.example/p/1", "https://shop.example:443"),
    ("http://127.0.0.1:8471/", "http://127.0.0.1:8471"),
    # a link a page writes may be no URL: no store's origin, and no crash of the crawl
    ("https://[::1/track", ""),
    ("http://shop.example:port/", ""),
])
def test_origin_of(url, origin):
    assert origin_of(url) == origin
