"""``extract_product``: one product page (HTML text or bytes) to a ``PageData`` record.

The HTML is parsed once; JSON-LD, microdata and meta tags are read from that tree. Sources in
order: JSON-LD, then microdata, then OpenGraph / product meta tags, then the price the page
shows (``parsers.shown_price``), else no product. The first source with a product supplies it;
og:title fills a missing name and meta tags, else the shown price, supply the offer when
structured data has none. When structured data lists several offers (one per
variant), the one whose price the meta tags give is the page's and comes first. When the
price the markup marks as the one to pay names another currency than the structured offer
(a page served to a visitor from another market), the shown price is the one a buyer pays and
replaces the structured one. A product that shows no price keeps the availability its stock
label or buy button states, in an offer without a price. Never raises on a page: problems are
listed.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from lxml import html as lxml_html

from parsers.availability import MAX_PHRASE_TEXT
from parsers.html import as_tree, parse_problems, visible_text
from parsers.localisation import hreflang_with_evidence, language_with_evidence
from parsers.market_hints import infer_market
from parsers.meta_product import meta_evidence, meta_offer, meta_product
from parsers.page_currency import currency_beside_amount, declared_currency
from parsers.prices import (bare_price, named_currencies, shared_symbol_currencies,
                             successor_currency)
from parsers.records import Evidence, Offer, PageData, Product
from parsers.schema_product import build_product, pick_product
from parsers.shown_price import (dual_price, excluded_block, loose_availability, marked_price,
                                 shown_price)
from parsers.snippets import element_snippet
from parsers.structured import (find_products, id_index, json_ld_blocks, microdata_items,
                                opengraph, twitter_tags)
from parsers.visible import (after_title, availability_text, buy_button, delivery_text,
                             review_widget, shipping_text, stock_attribute, struck_price,
                             tax_text)


def _page_fields(page: PageData, tree: lxml_html.HtmlElement, og: dict[str, str]) -> None:
    page.language, language_ev = language_with_evidence(tree, page.url)
    if language_ev:
        page.evidence["language"] = language_ev
    page.hreflang, hreflang_ev = hreflang_with_evidence(tree, page.url)
    if hreflang_ev:
        page.evidence["hreflang"] = hreflang_ev
    titles = tree.xpath("//title[not(ancestor::svg)]")  # an icon's <svg><title> is not the page's
    title = next((el for el in titles if el.text_content().strip()), None)
    if title is not None:
        page.title = visible_text(title)
        page.evidence["title"] = Evidence(page.url, "html", element_snippet(title))
    elif og.get("og:title"):
        page.title = og["og:title"]
        page.evidence["title"] = meta_evidence(page.url, "og:title", og["og:title"])


def _schema_product(items: list[dict[str, Any]], url: str, ctx: dict[str, Any],
                    problems: list[str]) -> Product | None:
    item, problem = pick_product(find_products(items), url)
    if problem:
        problems.append(problem)
    if item is None:
        return None
    return build_product(item, url, ctx, id_index(items), problems)


def _fill_from_meta(product: Product, og: dict[str, str], url: str, ctx: dict[str, Any]) -> None:
    if product.title is None and og.get("og:title"):
        product.title = og["og:title"]
        product.evidence["title"] = meta_evidence(url, "og:title", og["og:title"])
    meta = meta_offer(og, url, ctx)
    if not product.offers:
        if meta is not None:
            product.offers.append(meta)
    elif meta is not None and meta.price is not None and len(product.offers) > 1:
        # A shop that lists every variant's offer puts the one the page shows in its meta price
        shown = [o for o in product.offers
                 if o.price == meta.price and meta.currency in (None, o.currency)]
        if shown and shown[0] is not product.offers[0]:
            product.offers.remove(shown[0])
            product.offers.insert(0, shown[0])


def _shown_offer(tree: lxml_html.HtmlElement, url: str, ctx: dict[str, Any],
                 problems: list[str]) -> Offer | None:
    """An offer from the price the page shows, when structured data gives none."""
    found = shown_price(tree, ctx.get("currency"), ctx.get("market"), problems)
    if found is None:
        return None
    ev = {"price": Evidence(url, "html", element_snippet(found.element))}
    if found.price.currency:
        ev["currency"] = ev["price"]
    return Offer(found.price.amount, found.price.currency, found.price.raw, evidence=ev)


def _shown_product(tree: lxml_html.HtmlElement, og: dict[str, str], url: str,
                   ctx: dict[str, Any], problems: list[str]) -> Product | None:
    """A product from the price the page shows, named by og:title or its first <h1>."""
    offer = _shown_offer(tree, url, ctx, problems)
    if offer is None:
        return None
    product = Product(offers=[offer], source="html")
    heading = next((visible_text(h) for h in tree.xpath("//body//h1")
                    if h.text_content().strip()), None)
    if og.get("og:title"):
        product.title = og["og:title"]
        product.evidence["title"] = meta_evidence(url, "og:title", og["og:title"])
    elif heading:
        product.title = heading
        product.evidence["title"] = Evidence(url, "html", f"<h1>{heading}</h1>")
    return product


def _shown_in_other_currency(product: Product, tree: lxml_html.HtmlElement, url: str,
                             ctx: dict[str, Any], problems: list[str]) -> None:
    """Put the shown price first when the markup's price to pay names only other currencies
    than the structured offer's: structured data keeps the shop's own currency ("13499.00
    TRY") while the page shows the visitor's ("555,48 ₼"). A text naming both ("12.50 лв.
    6.39 €") or a shared symbol ("$") settles nothing."""
    offer = product.offers[0] if product.offers else None
    if offer is None or offer.price is None or offer.currency is None:
        return
    found = marked_price(tree, ctx.get("currency"), ctx.get("market"))
    if found is None:
        return
    text = visible_text(found.element)
    named = named_currencies(text)
    if not bare_price(text) or found.price.currency not in named or offer.currency in named:
        return
    problems.append(f"offer 1: structured price {offer.price} {offer.currency}, the page shows"
                    f" {text!r}: the shown price")
    offer.price, offer.currency, offer.price_raw = (found.price.amount, found.price.currency,
                                                    found.price.raw)
    offer.regular_price = None
    offer.evidence.pop("regular_price", None)
    offer.evidence["price"] = offer.evidence["currency"] = Evidence(
        url, "html", element_snippet(found.element))


def _in_successor_currency(product: Product, tree: lxml_html.HtmlElement, url: str,
                           ctx: dict[str, Any], problems: list[str]) -> None:
    """The price in the euro when the structured offer names a currency the euro replaced
    (BGN since 2026-01-01) and a price element shows the same price in both ("1,132.43 лв. /
    579.00 €", or the structured amount beside "€"): the euro amount is the one a buyer pays."""
    offer = product.offers[0] if product.offers else None
    if offer is None or offer.price is None:
        return
    today = ctx.get("today")
    successor = successor_currency(offer.currency,
                                   date.fromisoformat(str(today)) if today else None)
    found = dual_price(tree, offer.price, offer.currency, successor) if successor else None
    if found is None:
        return
    amount, element = found
    text = visible_text(element)
    problems.append(f"offer 1: structured price {offer.price} {offer.currency}, a currency the "
                    f"{successor} replaced; the page shows {text!r}: the {successor} price")
    offer.price, offer.currency, offer.price_raw = amount, successor, text
    offer.evidence["price"] = offer.evidence["currency"] = Evidence(
        url, "html", element_snippet(element))


def _currency_from_shown(product: Product, tree: lxml_html.HtmlElement, url: str,
                         ctx: dict[str, Any]) -> None:
    """A structured offer's missing currency from the price the markup marks as the one to
    pay, when that shows the same amount with a currency ("26,99 €" beside a microdata price
    of 26.99 with no priceCurrency)."""
    offer = product.offers[0] if product.offers else None
    if offer is None or offer.price is None or offer.currency is not None:
        return
    found = marked_price(tree, ctx.get("currency"), ctx.get("market"))
    if found is None or found.price.amount != offer.price or not found.price.currency:
        return
    offer.currency = found.price.currency
    offer.evidence["currency"] = Evidence(url, "html", element_snippet(found.element))


def _currency_stated_elsewhere(product: Product, tree: lxml_html.HtmlElement, url: str) -> None:
    """The currency of offers shown with a shared symbol only ("$24.99" on a .com), from the
    ISO code the page writes beside the same amount, else from the one its scripts declare
    (``parsers.page_currency``)."""
    declared: dict[frozenset[str], tuple[str | None, str | None]] = {}
    for offer in product.offers:
        family = shared_symbol_currencies(offer.price_raw)
        if offer.price is None or offer.currency is not None or not family:
            continue
        code, element = currency_beside_amount(tree, offer.price_raw, family)
        if code is not None:
            offer.currency = code
            offer.evidence["currency"] = Evidence(url, "html", element_snippet(element))
            continue
        if family not in declared:
            declared[family] = declared_currency(tree, family)
        code, fragment = declared[family]
        if code is not None:
            offer.currency = code
            offer.evidence["currency"] = Evidence(url, "html", f"script: {fragment}")


def _shown_availability(tree: lxml_html.HtmlElement, where: Callable[[Any], bool] | None = None
                        ) -> tuple[str | None, Any]:
    """(availability, element) the markup or the visible page states: loose schema.org
    availability, a stock label, an enabled buy button (in stock), else the stock data
    attributes of the product's elements; labels and buttons only where ``where`` accepts
    them."""
    availability, element = loose_availability(tree)
    if availability is None:
        availability, element = availability_text(tree, where)
    if availability is None:
        element = buy_button(tree, where)
        availability = "InStock" if element is not None else None
    if availability is None:
        availability, element = stock_attribute(tree, where or _of_the_product(tree))
    return availability, element


def _of_the_product(tree: lxml_html.HtmlElement) -> Callable[[Any], bool]:
    """Whether an element belongs to the product itself: after its title (the first <h1>,
    when the page has one) or holding it, outside blocks about other products
    ("related-products")."""
    after = after_title(tree)
    return lambda element: after(element) and not excluded_block(element)


def _market(page: PageData, tree: lxml_html.HtmlElement, ctx: dict[str, Any]) -> dict[str, Any]:
    """ctx with a market: the market file's, else one inferred from the URL and markup."""
    if ctx.get("market"):
        page.market = str(ctx["market"]).upper()
        return ctx
    if ctx.get("currency"):
        return ctx
    market, rule = infer_market(page.url, tree)
    if market:
        page.market = market
        page.evidence["market"] = Evidence(page.url, "rule", f"rule: market {market} from {rule}")
        return {**ctx, "market": market, "market_rule": f"inferred from {rule}"}
    return ctx


def _from_text(page: PageData, product: Product, tree: lxml_html.HtmlElement,
               ctx: dict[str, Any]) -> None:
    """Fill what structured data left out from the visible text (evidence source "text")."""
    url, lang = page.url, ctx.get("language") or page.language
    window, element = delivery_text(tree, lang, ctx.get("today"))
    if window is not None:
        page.delivery = window
        page.evidence["delivery"] = Evidence(url, "text", element_snippet(element))
    cost, cost_element = shipping_text(tree, ctx.get("currency"), ctx.get("market"))
    tax, tax_element = tax_text(tree)
    first_offer = product.offers[0] if product.offers else None
    for offer in product.offers:
        if offer.tax_included is None and tax is not None:
            offer.tax_included = tax
            offer.evidence["tax_included"] = Evidence(url, "text", element_snippet(tax_element))
        if cost is not None and offer.shipping_cost is None:
            offer.shipping_cost = cost.amount
            offer.shipping_currency = cost.currency or offer.currency
            offer.evidence["shipping_cost"] = Evidence(url, "text", element_snippet(cost_element))
        if (window is not None and window.kind == "delivery"
                and offer.delivery_min_days is None and offer.delivery_max_days is None):
            offer.delivery_min_days, offer.delivery_max_days = window.min_days, window.max_days
            offer.delivery_raw = window.raw
            for field in ("delivery_min_days", "delivery_max_days"):
                offer.evidence[field] = page.evidence["delivery"]
    if len(product.offers) == 1 and first_offer.availability is None:
        first_offer.availability, stock = _shown_availability(tree)
        if (first_offer.availability is None and window is not None
                and window.kind in ("delivery", "dispatch")
                and len(window.raw or "") <= MAX_PHRASE_TEXT):
            # a delivery or dispatch promise as a label ("Envío entre 1 y 3 días laborables",
            # "Usually ships in 5-7 business days"): on sale
            first_offer.availability, stock = "InStock", element
        if stock is not None:
            first_offer.evidence["availability"] = Evidence(url, "html", element_snippet(stock))
    elif not product.offers:
        # no price anywhere: a store often hides the price of what it cannot sell, so a
        # stock label ("Non disponibile") or a buy button is still the product's availability
        availability, stock = _shown_availability(tree, _of_the_product(tree))
        if availability is not None:
            product.offers.append(Offer(None, None, None, availability=availability, evidence={
                "availability": Evidence(url, "html", element_snippet(stock))}))
    if (first_offer is not None and len(product.offers) == 1
            and first_offer.price is not None and first_offer.regular_price is None):
        found, struck = struck_price(tree, first_offer.price, first_offer.currency,
                                     ctx.get("currency"), ctx.get("market"))
        if found is not None:
            first_offer.regular_price = found.amount
            first_offer.evidence["regular_price"] = Evidence(url, "html", element_snippet(struck))
    if product.rating is None or product.review_count is None:
        widget = review_widget(tree, lang)
        for field, (value, widget_element) in widget.items():
            if getattr(product, field) is None:
                setattr(product, field, value)
                product.evidence[field] = Evidence(url, "html", element_snippet(widget_element))


def read_page(tree: lxml_html.HtmlElement, url: str, ctx: dict[str, Any] | None = None) -> PageData:
    """PageData from a tree made by ``parsers.html.parse_html``."""
    ctx = ctx or {}
    page = PageData(url=url, problems=parse_problems(tree))
    ctx = _market(page, tree, ctx)
    og = {**twitter_tags(tree), **opengraph(tree)}  # Twitter card tags fill gaps only
    _page_fields(page, tree, og)
    items, json_problems = json_ld_blocks(tree)
    page.problems += json_problems
    product = _schema_product(items, url, ctx, page.problems)
    if product is None:
        product = _schema_product(microdata_items(tree, url, page.problems), url, ctx,
                                  page.problems)
    if product is None:
        product = meta_product(og, url, ctx, page.problems)
    elif og:
        _fill_from_meta(product, og, url, ctx)
    if product is not None:
        _shown_in_other_currency(product, tree, url, ctx, page.problems)
        _currency_from_shown(product, tree, url, ctx)
        _in_successor_currency(product, tree, url, ctx, page.problems)
    if product is None:
        product = _shown_product(tree, og, url, ctx, page.problems)
    elif not product.offers:
        offer = _shown_offer(tree, url, ctx, page.problems)
        if offer is not None:
            product.offers.append(offer)
    if product is not None:
        _currency_stated_elsewhere(product, tree, url)
        _from_text(page, product, tree, ctx)
    page.product = product
    return page


def extract_product(html: str | bytes | lxml_html.HtmlElement, url: str,
                    ctx: dict[str, Any] | None = None) -> PageData:
    """Page fields and the product of one page: HTML text, bytes, or a ``parse_html`` tree.

    ``ctx`` holds what the market file knows: {"currency": "EUR", "market": "DE",
    "language": "de-DE"}; the currency is only a hint for prices the page leaves without one.
    Without a market or currency, ``parsers.market_hints.infer_market`` reads one from the URL
    and markup ("$" on a .ca store is CAD). ``ctx["today"]`` (a date) resolves delivery dates
    such as "Arrives by Fri, Dec 4".
    """
    return read_page(as_tree(html, url), url, ctx)
