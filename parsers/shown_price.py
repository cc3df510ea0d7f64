"""The price a page shows when its structured data gives none.

Sources, most explicit first:

1. ``itemprop="price"`` outside any ``itemscope`` (microdata a theme half removed): its
   ``content`` (a schema.org number) or its text, with a loose ``itemprop="priceCurrency"``;
2. the main price element: the first element whose class or id names the price a buyer pays
   ("discounted-price" before the rest, since a block showing the price after a discount
   names the other one "selling-price" or "price"; then "current-price", "price--sale",
   "final-price", "special-price", "priceToPay", "priceblock_ourprice", "product-price",
   "price"; last "regular-price", which Magento 1 writes when there is no special price),
   outside struck, old-price and related-product blocks: a schema.org number in its own or a
   child's ``content`` attribute (or ``data-price-amount``, ``data-price-value``, ``data-price``
   as Magento and many themes write it), else its short text read as a price. Three or more
   different amounts there is a listing, not a product page;
3. the one amount with a currency the body shows, when it shows exactly one (a page with
   related products or a shipping cost shows more and gives nothing), and only when it stands
   alone after the page's first ``<h1>``, outside links and buttons: "3x 33,33 €", "from
   9,99 €", a gift card in the menu, a promotion above the title or another product's card is
   not the price, and on a full page the one amount left is more often one of those than the
   price a script would have drawn.

A candidate without a number is skipped, so "Prix sur demande" never becomes a price, and 0 is
no price. Loose availability comes the same way: ``itemprop="availability"`` outside an
itemscope, or a ``<link href="https://schema.org/InStock">`` standing alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import html as lxml_html

from parsers.availability import normalise_availability
from parsers.html import NOT_SHOWN, visible_text
from parsers.prices import (Price, bare_price, currency_in_text, market_currency,
                            named_currencies, normalise_currency, parse_amount, parse_price,
                            shared_symbol_currencies)
from parsers.visible import SHIPPING_KEYWORDS, short_texts

#: Class tokens of the price after a discount, the one to pay beside any other price class.
DISCOUNTED_PRICE = re.compile(r"^(?:discount(?:ed)?[-_]?price|price[-_]{1,2}discount(?:ed)?)$",
                              re.I)
#: Class tokens of the element holding the price to pay, most specific first.
CURRENT_PRICE = re.compile(
    r"^(?:[a-z0-9]+[-_]{1,2})*"  # a component's prefix: "product-new-price", "x-price-primary"
    r"(?:(?:current|final|sale|special|actual|now|our|your|customer|selling|new|offer|main"
    r"|primary)[-_]?price"
    r"|price[-_]{1,2}(?:current|final|sale|special|now|new|actual|value|amount|main|primary)"
    r"|current-price-value|price[-_]?to[-_]?pay(?:[-_]value)?)$", re.I)
#: Class tokens of the part of a price element that is the current price ("current", "now").
CURRENT_PART = re.compile(r"^(?:current|now|sale|actual|final|special|new)$", re.I)
PLAIN_PRICE = re.compile(r"^(?:[a-z0-9]+[-_]{1,2})*(?:price|pricing)\d*$|^product-price-value$"
                         r"|^price-box$|^productprice$|^prices?[-_](?:wrapper|container)$", re.I)
#: The units of a price whose cents stand in an element of their own ("a-price-whole",
#: "branded-price-whole-value"): their parent shows the whole price.
WHOLE_PRICE = re.compile(r"^(?:[a-z0-9]+[-_]{1,2})*price[-_]{1,2}whole(?:[-_]value)?$", re.I)
#: The price without a discount, the one to pay when the page shows no other (Magento 1 writes
#: "regular-price" when there is no special price; elsewhere it is the struck one).
REGULAR_PRICE = re.compile(r"^regular[-_]?price$", re.I)
#: Words in a class or id of a price that is not the one to pay, or of a block about other
#: products ("price--compare", "old-price", "related-products", "PriceOld").
NOT_PAID = frozenset({
    "old", "regular", "was", "compare", "listing", "before", "strike", "striked",
    "strikethrough", "original", "retail", "msrp", "rrp", "uvp", "unit", "per", "save",
    "saving", "savings", "instalment", "installment", "installments", "monthly", "shipping",
    "delivery", "excl", "excluding", "exkl", "from", "range", "related", "upsell", "upsells",
    "crosssell", "cross",
    "recommend", "recommended", "recommendations", "similar", "carousel", "slider", "swiper",
    "also", "recent", "recently", "viewed", "grid", "card", "tile", "search", "cart",
    "basket", "minicart", "header", "footer", "menu", "nav", "navigation"})
#: Words of NOT_PAID that name a layout block: a block holding the page's <h1> is the
#: product's own ("row card" around the title and price), not another product's card.
LAYOUT_WORDS = frozenset({"grid", "card", "tile"})
_ITEMS = frozenset({"product", "products", "item", "items"})
_PRICES = frozenset({"price", "prices"})
#: Words of a layout helper's class ("grid-section-xs--gap-4", "grid-container", "grid-cols-2").
_LAYOUT_PARTS = frozenset({"section", "container", "row", "col", "cols", "column", "columns",
                           "gap", "layout", "wrapper", "wrap", "cell", "area", "span", "gutter",
                           "xs", "sm", "md", "lg", "xl"})
_LISTS = _ITEMS | _PRICES
#: Words of a type style's class ("font-size-regular").
_TYPOGRAPHY = frozenset({"font", "size", "weight", "text", "type", "typography", "line"})
_PAGE_PARTS = frozenset({"header", "footer"})
#: Components whose header or footer is theirs, not the page's ("accordion-header").
_COMPONENTS = frozenset({"accordion", "panel", "modal", "tab", "tabs", "table", "widget",
                         "dialog", "collapse", "drawer", "popover"})
_NEGATIONS = frozenset({"no", "not", "non", "without"})
#: A cart after "add" or "add to" names the buy box's form ("addToCart"), not a cart's
#: summary ("added-to-cart-popup", "go-to-cart" stay carts).
_CARTS = frozenset({"cart", "basket"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_STRUCK_TAGS = {"s", "del", "strike"}
_LINE_THROUGH = re.compile(r"text-decoration(?:-line)?\s*:[^;]*line-through", re.I)
#: Attributes holding the shown price as a schema.org number, most common first.
NUMBER_ATTRIBUTES = ("content", "data-price-amount", "data-price-value", "data-price")
MAX_PRICE_TEXT = 40


@dataclass
class ShownPrice:
    """A price read from the page's markup rather than its structured data."""

    price: Price
    """Amount, currency and the raw text or attribute it came from."""
    element: Any
    """The element that showed it."""
    rule: str
    """Which of the module's rules found it."""


#: Attributes naming what an element is: its class and id, and the test ids of React and Vue
#: shops ("data-testid="x-price-primary"") where classes are generated ("sc-hLBbgP").
NAME_ATTRIBUTES = ("class", "id", "data-test", "data-testid")


def _names(element: lxml_html.HtmlElement, attributes=NAME_ATTRIBUTES) -> str:
    return " ".join(element.get(attr) or "" for attr in attributes)


#: Class names CSS modules generate from the author's: "_sellingPrice_1kuur_11" (Vite's
#: "_[local]_[hash]_[line]"), "PriceBox_currentPrice__3xZ1a" (Next.js's "[file]_[local]__[hash]").
CSS_MODULE = re.compile(r"^_([A-Za-z][A-Za-z0-9]*)_[a-z0-9]{5}_\d+$"
                        r"|^[A-Z][A-Za-z0-9]*_([A-Za-z][A-Za-z0-9]*)__"
                        r"(?=[a-z]*[0-9A-Z_-])[A-Za-z0-9_-]{5}$")
"""Next.js's hash holds a digit, a capital or a dash: "Block_price__total" is a BEM name."""
_HUMPS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _css_module_name(name: str) -> str | None:
    """The author's name behind a CSS module's class, in dashes: "selling-price"."""
    match = CSS_MODULE.match(name)
    local = match and (match.group(1) or match.group(2))
    return _HUMPS.sub("-", local).lower() if local else None


def _tokens(element: lxml_html.HtmlElement) -> list[str]:
    """Class tokens (a modifier's leading dash dropped: "-price"; a CSS module's by the
    author's name: "_sellingPrice_1kuur_11" as "selling-price"), then the id and test ids
    whole and in their "_" parts ("priceblock_ourprice").

    >>> _tokens(lxml_html.fromstring('<b class="_sellingPrice_1kuur_11 -price" id="a_b">1</b>'))
    ['selling-price', 'price', 'a_b', 'a', 'b']
    """
    classes = (element.get("class") or "").split()
    ids = _names(element, NAME_ATTRIBUTES[1:]).split()
    return [*(_css_module_name(name) or name.lstrip("-_") for name in classes), *ids,
            *(part for name in ids if "_" in name for part in name.split("_"))]


def _not_paid_words(name: str) -> set[str]:
    """The NOT_PAID words of one class or id: "PriceOld" gives {"old"}; a word after a negation
    does not count ("fpNoStrikedPrice"), and "list" only beside a price or product word
    ("list-price", "product-list"; not a "feature-list"), "listing" only beside a product
    word ("product-listing"; not Etsy's "listing-price"); "header" and "footer" not in a name
    about the price or a component ("price-block-header", "accordion-header"); "cart" not
    after "add" or "add to" ("addToCart", the buy box's form holding the price); "regular" not
    in a type style ("font-size-regular")."""
    words = [word.lower() for word in _WORDS.findall(name)]
    if "and" in words:
        return set()  # "price-and-saving": a block holding both, the price among them
    found = {word for at, word in enumerate(words)
             if word in NOT_PAID and (words[at - 1] if at else "") not in _NEGATIONS
             and not (word in _CARTS and (words[at - 1:at] == ["add"]
                                          or words[max(0, at - 2):at] == ["add", "to"]))}
    if "list" in words and _LISTS.intersection(words):
        found.add("list")
    if "grid" in found and _LAYOUT_PARTS.intersection(words):
        found.discard("grid")  # a layout's "grid-section-xs--gap-4"; not a "category-grid"
    if "regular" in found and _TYPOGRAPHY.intersection(words):
        found.discard("regular")  # "font-size-regular", "font-weight-regular": a type style
    if "from" in found and not _PRICES.intersection(words):
        found.discard("from")  # "price-from"; not "is-visible-from-size-m"
    if "listing" in found and not _ITEMS.intersection(words):
        found.discard("listing")  # Etsy's "listing-price" is the item's; not a product listing
    if "price" in words or _COMPONENTS.intersection(words):
        found -= _PAGE_PARTS  # "price-block-header", "accordion-header": a box's top, no page's
    return found


def _not_paid(node: lxml_html.HtmlElement) -> bool:
    if node.tag in _STRUCK_TAGS or "line-through" in (node.get("class") or "") or (
            _LINE_THROUGH.search(node.get("style") or "")):
        return True  # struck: <s>, Tailwind's "line-through", "text-decoration: line-through"
    words = set().union(*(_not_paid_words(_css_module_name(name) or name)
                          for name in _names(node).split()))
    if (words and words <= LAYOUT_WORDS | _PAGE_PARTS and node.tag not in ("header", "footer")
            and node.xpath("boolean(.//h1)")):
        return False  # a "row card" or a buying area's "ba-header" around the product's title
    return bool(words)


def excluded_block(element: lxml_html.HtmlElement) -> bool:
    """Inside a struck price, an old price or a block about other products."""
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str) or node.tag in ("body", "html"):
            break
        if _not_paid(node):
            return True
    return False


_CENTS = re.compile(r"\s*\d{2}\s*")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})+$")


def _decimal_mark(before: str) -> str:
    """The decimal mark a number written so far takes: "," after "2.999", else "."."""
    grouped = _GROUPED.search(before)
    return "," if grouped and grouped.group(1) == "." else "."


#: Class words of an element holding a price's cents apart from its units.
FRACTION_WORDS = frozenset({"decimal", "decimals", "fraction", "fractional", "cent", "cents",
                            "penny", "pence"})


def _cents_apart(node: lxml_html.HtmlElement) -> bool:
    """Whether the element holds two digits of cents set apart from the units: a superscript
    or a "decimal" / "fraction" part ("<span class="a-price-fraction">99</span>")."""
    if not _CENTS.fullmatch(node.text_content()):
        return False
    return node.tag == "sup" or bool(
        FRACTION_WORDS.intersection(w.lower() for w in _WORDS.findall(_names(node))))


def _paid_text(element: lxml_html.HtmlElement) -> str:
    """The element's text without its struck or old-price parts. Cents set apart right after
    the units ("2.999<sup>99</sup> Lei", "<span>0</span> <span class="decimal">49</span>")
    get their decimal mark."""
    parts = []

    def visit(node: lxml_html.HtmlElement) -> None:
        if isinstance(node.tag, str) and (node is element or not _not_paid(node)
                                          and node.tag not in NOT_SHOWN):
            if _cents_apart(node):
                before = "".join(parts).rstrip()
                if before[-1:].isdigit():
                    parts[:] = [before, _decimal_mark(before)]
            parts.append(node.text or "")
            for child in node:
                visit(child)
        if node is not element:
            parts.append(node.tail or "")

    visit(element)
    return " ".join("".join(parts).split())


def _loose(tree: lxml_html.HtmlElement, prop: str) -> list[lxml_html.HtmlElement]:
    return tree.xpath(f"//*[@itemprop='{prop}'][not(ancestor-or-self::*[@itemscope])]")


def _value(element: lxml_html.HtmlElement) -> str:
    for attr in ("content", "href", "value"):
        if element.get(attr):
            return element.get(attr).strip()
    return visible_text(element)


def _read(element: lxml_html.HtmlElement, hint: str | None,
          market: str | None) -> Price | None:
    """The price an element shows: a schema.org number in its own or a child's content
    attribute (currency from the text beside it), else its short text."""
    text = _paid_text(element)
    for holder in (element, *element.iterdescendants()):
        if not isinstance(holder.tag, str) or holder is not element and excluded_block(holder):
            continue
        for attr in NUMBER_ATTRIBUTES:
            amount = parse_amount(holder.get(attr))
            if amount:
                currency = (currency_in_text(text, hint, market) or normalise_currency(hint)
                            or market_currency(market))
                return Price(amount, currency, holder.get(attr))
    if not text or len(text) > MAX_PRICE_TEXT or not any(c.isdigit() for c in text):
        return None
    dual = _two_currencies(text)
    if dual:  # the one the market pays in (Bulgaria: euros since 2026, levs shown beside)
        wanted = normalise_currency(hint) or market_currency(market)
        return next((price for price in dual if price.currency == wanted), None)
    found = parse_price(text, hint, market)
    if not found.amount:
        return None
    same = {amount for amount, currency in _amounts(element, hint, market)
            if currency == found.currency}
    if len(same) > 1:
        return None  # "UVP 539,– 333,–": two prices in one currency, neither marked as paid
    return found


_NUMBER = re.compile(r"\d(?:[\d.,\s\u00a0\u202f]*\d)?")


def _two_currencies(text: str) -> tuple[Price, Price] | None:
    """The two prices of a text showing one price in two currencies ("29,99 € 58,66 лв.",
    "€ 29,99 / BGN 58,66"); None for any other text.

    >>> [(p.amount, p.currency) for p in _two_currencies("29,99 € 58,66 лв.")]
    [(Decimal('29.99'), 'EUR'), (Decimal('58.66'), 'BGN')]
    """
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 2 or "+" in text:  # "£24.99 + €3.95": a price and a cost
        return None
    for cut in (numbers[1].start(), numbers[0].end()):
        parts = [part.strip(" /|") for part in (text[:cut], text[cut:])]
        if not all(bare_price(part) for part in parts):
            continue  # words around an amount: "€3.95 shipping", "€ 5 off orders over £50"
        first, second = map(parse_price, parts)
        if (first.amount and first.currency and second.amount and second.currency
                and first.currency != second.currency):
            return first, second
    return None


def _from_itemprops(tree: lxml_html.HtmlElement, hint: str | None,
                    market: str | None) -> ShownPrice | None:
    currencies = [normalise_currency(_value(e)) for e in _loose(tree, "priceCurrency")]
    hint = next((c for c in currencies if c), None) or hint
    for element in _loose(tree, "price"):
        if excluded_block(element):
            continue
        found = _read(element, hint, market)
        if found is not None:
            return ShownPrice(found, element, 'itemprop="price" outside an itemscope')
    return None


_PRICE_NAMED = " or ".join(f"contains(@{attr}, '{word}')" for attr in NAME_ATTRIBUTES
                          for word in ("price", "Price", "pricing", "Pricing"))


def _price_elements(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The body's elements whose class, id or test id speaks of a price, in page order."""
    body = tree.xpath("//body") or [tree]  # a page cut short may have no <body>
    return body[0].xpath(f".//*[{_PRICE_NAMED}][not(self::script or self::style or self::meta)]")


def _current_parts(candidates: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
    """The parts of price elements named only for being current ("<div class="product-price">
    <span class="current">48,67 €</span><small>…</small>"), in page order."""
    parts: dict[lxml_html.HtmlElement, None] = {}
    for element in candidates:
        if any(PLAIN_PRICE.match(t) for t in _tokens(element)):
            for part in element.iterdescendants():
                if isinstance(part.tag, str) and any(CURRENT_PART.match(t) for t in _tokens(part)):
                    parts.setdefault(part)
    return list(parts)


def _from_price_class(tree: lxml_html.HtmlElement, hint: str | None,
                      market: str | None) -> ShownPrice | None:
    candidates = _price_elements(tree)
    for pattern, rule in ((DISCOUNTED_PRICE, "discounted-price class"),
                          (CURRENT_PRICE, "current-price class"),
                          (CURRENT_PART, "the current part of a price element"),
                          (PLAIN_PRICE, "price class"),
                          (WHOLE_PRICE, "the units of a price and what stands beside them"),
                          (REGULAR_PRICE, "regular-price class, no other price")):
        found = []
        for element in (candidates if pattern is not CURRENT_PART else _current_parts(candidates)):
            if not any(pattern.match(t) for t in _tokens(element)):
                continue
            if pattern is WHOLE_PRICE:
                element = element.getparent()  # "€ 333," and the "–" of its cents
            if excluded_block(element if pattern is not REGULAR_PRICE else element.getparent()):
                continue
            if len(visible_text(element, 4 * MAX_PRICE_TEXT)) > 4 * MAX_PRICE_TEXT:
                continue  # a block holding more than a price
            price = _read(element, hint, market)
            if price is not None:
                found.append(ShownPrice(price, element, rule))
        if len({f.price.amount for f in found}) >= 3:
            return None  # many different prices in price elements: a listing
        if found:
            return found[0]
    return None


_MONEY = re.compile(r"\d")
_CONTROLS = ("a", "button")


def _why_not_the_price(found: ShownPrice) -> str | None:
    """Why the one amount a page shows is not its price; None when it stands as the price:
    alone, after the page's first <h1> (the product's title), outside links and buttons."""
    owner = found.element
    if not bare_price(found.price.raw or ""):
        return "has words around it"
    if any(node.tag in _CONTROLS for node in (owner, *owner.iterancestors())):
        return "is in a link or button"
    if not owner.xpath("boolean(preceding::h1)"):
        return "comes before the product's title"
    return None


def _after_shipping_words(text: str, owner: lxml_html.HtmlElement) -> bool:
    """Whether the short line holding ``text`` speaks of shipping before it ("+ shipping from
    <em>₦ 810</em>"); a shipping word after the price ("24,99 € zzgl. Versand") is about it."""
    line = owner.getparent() if owner.getparent() is not None else owner
    words = visible_text(line, 2 * MAX_PRICE_TEXT)
    at = words.find(text)
    return len(words) <= 2 * MAX_PRICE_TEXT and at > 0 and bool(
        SHIPPING_KEYWORDS.search(words[:at]))


def _only_amount(tree: lxml_html.HtmlElement, hint: str | None, market: str | None,
                 problems: list[str]) -> ShownPrice | None:
    seen: dict[tuple[Decimal, str], ShownPrice] = {}
    for text, owner in short_texts(tree):
        text = " ".join(text.split())
        if len(text) > MAX_PRICE_TEXT or not _MONEY.search(text):
            continue
        if (currency_in_text(text) is None or SHIPPING_KEYWORDS.search(text)
                or excluded_block(owner)):
            continue
        if _after_shipping_words(text, owner):
            continue
        price = parse_price(text, hint, market)
        if price.amount and price.currency:
            seen.setdefault((price.amount, price.currency),
                            ShownPrice(price, owner, "the only price shown on the page"))
    if len(seen) != 1:
        return None
    found = next(iter(seen.values()))
    reason = _why_not_the_price(found)
    if reason:
        problems.append(f"shown price: the one amount on the page, {found.price.raw!r}, "
                        f"{reason}: no price")
        return None
    return found


def marked_price(tree: lxml_html.HtmlElement, currency_hint: str | None = None,
                 market: str | None = None) -> ShownPrice | None:
    """The price the markup marks as the one to pay (rules 1 and 2, not the lone amount)."""
    for finder in (_from_itemprops, _from_price_class):
        found = finder(tree, currency_hint, market)
        if found is not None:
            return found
    return None


def shown_price(tree: lxml_html.HtmlElement, currency_hint: str | None = None,
                market: str | None = None, problems: list[str] | None = None
                ) -> ShownPrice | None:
    """The price the page shows by the module's rules, in their order; None when none, and why
    in ``problems`` when the one amount on the page was declined.

    >>> tree = lxml_html.fromstring('<p><span itemprop="price" content="4796.00">4 796,00 zł'
    ...                             '</span></p>')
    >>> shown_price(tree).price
    Price(amount=Decimal('4796.00'), currency='PLN', raw='4796.00')
    """
    found = marked_price(tree, currency_hint, market)
    if found is not None:
        return found
    return _only_amount(tree, currency_hint, market, [] if problems is None else problems)


def _amounts(element: lxml_html.HtmlElement, hint: str | None = None,
             market: str | None = None) -> set[tuple[Decimal, str | None]]:
    """Every (amount, currency) the element and its parts show on their own ("1,132.43 лв.",
    "579.00 €"; "$30.00" is (30.00, None) unless the hint or market settles its "$"), struck
    and old-price parts left out."""
    found = set()
    skipped: set[lxml_html.HtmlElement] = set()
    for node in element.iter():
        if not isinstance(node.tag, str) or node.getparent() in skipped or (
                node is not element and _not_paid(node)):
            skipped.add(node)
            continue
        text = _paid_text(node).strip("/| ")
        if text and len(text) <= MAX_PRICE_TEXT and any(c.isdigit() for c in text):
            price = parse_price(text, hint, market)
            if price.amount and (named_currencies(text) or shared_symbol_currencies(text)):
                found.add((price.amount, price.currency))  # a currency shown, not a bare "49"
    return found


def dual_price(tree: lxml_html.HtmlElement, amount: Decimal, currency: str,
               other: str) -> tuple[Decimal, lxml_html.HtmlElement] | None:
    """The amount in ``other`` a price element shows beside ``amount`` (in ``currency`` or
    already in ``other``): the dual display of one price in two currencies ("1,132.43 лв. /
    579.00 €"). None unless exactly one such amount stands beside it."""
    for element in _price_elements(tree):
        if len(visible_text(element, 2 * MAX_PRICE_TEXT)) > 2 * MAX_PRICE_TEXT:
            continue
        shown = _amounts(element)
        if (amount, currency) not in shown and (amount, other) not in shown:
            continue
        others = {value for value, code in shown if code == other}
        if (amount, other) in shown:
            return amount, element
        if len(others) == 1:
            return others.pop(), element
    return None


#: The availability of an Offer item outside any Product item (a theme that wraps only the
#: buy box in microdata).
_LONE_OFFER = ("//*[@itemprop='availability'][ancestor::*[@itemscope][1]"
               "[contains(@itemtype, 'Offer')][not(ancestor::*[@itemscope])]]")


def loose_availability(tree: lxml_html.HtmlElement) -> tuple[str | None, Any]:
    """Availability from itemprop="availability" outside an itemscope or in an Offer item
    outside any other item, or from schema.org availability links standing alone, when all
    of them agree."""
    elements = _loose(tree, "availability") + tree.xpath(
        "//link[contains(@href, 'schema.org/')][not(@itemprop)]") + tree.xpath(_LONE_OFFER)
    found = {}
    for element in elements:
        value = normalise_availability(_value(element))
        if value:
            found.setdefault(value, element)
    if len(found) != 1:
        return None, None
    return next(iter(found.items()))
