"""Values a product page shows only as visible text: strikethrough prices, tax statements,
delivery promises and review widgets. Used when structured data does not say.

Text nodes are filtered by keyword first and only their short enclosing blocks are read, so
a 200 KB page stays in the millisecond range. Each finder returns the value and the element.
"""

from __future__ import annotations

import functools
import re
import weakref
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from lxml import html as lxml_html

from parsers.availability import MAX_PHRASE_TEXT, normalise_availability
from parsers.delivery import DeliveryWindow, parse_delivery_window
from parsers.html import NOT_SHOWN, visible_text
from parsers.prices import NOW_WORDS, Price, parse_price
from parsers.shipping import ShippingCost, parse_shipping_cost
from parsers.reviews import REVIEW_WORDS, parse_rating, parse_review_count
from parsers.tax import tax_statement

MAX_BLOCK = 160
_STRUCK = ("//s | //del | //strike | //*[@class and (contains(@class, 'was-price') or "
           "contains(@class, 'compare-at') or contains(@class, 'price--compare') or "
           "contains(@class, 'old-price') or contains(@class, 'price-old') or "
           "contains(@class, 'compare-price') or contains(@class, 'price-was') or "
           "contains(@class, 'strike'))]")
_REVIEW_WIDGETS = ("//*[@class and not(self::script or self::style or self::link or self::meta)"
                   " and (contains(@class, 'rating') or contains(@class, 'review') or "
                   "contains(@class, 'stars') or contains(@class, 'Rating') or "
                   "contains(@class, 'Review'))]")
DELIVERY_KEYWORDS = re.compile(
    r"deliver|arriv|shipping|ships|dispatch|lieferzeit|lieferung|geliefert|versand|livraison|"
    r"livr[ée]|exp[ée]di|entrega|env[íi]o|rec[íi]belo|consegna|spedizion|levertijd|levering|"
    r"bezorg|in huis|entrega|receba|prazo|dostaw|wysy[łl]k|leverans|levereras|skickas|teslim|"
    r"kargo|お届け|配送|発送|出荷|送达|送達|发货|次日|翌日|배송|도착|출고|توصيل|شحن|يصل", re.I)
TAX_KEYWORDS = re.compile(r"mwst|ust\.|vat|gst|tax|ttc|\bHT\b|tva|iva|btw|moms|税|부가세|kdv|"
                          r"ضريبة|brutto|netto", re.I)


def _blocks(element: lxml_html.HtmlElement | None) -> list[lxml_html.HtmlElement]:
    """The element holding a text and its ancestors, innermost first, while their text stays
    short."""
    found = []
    while element is not None and isinstance(element.tag, str) and element.tag not in (
            "body", "html") and len(found) < 4:
        if len(visible_text(element, MAX_BLOCK)) > MAX_BLOCK:
            break
        found.append(element)
        element = element.getparent()
    return found


_NODES: weakref.WeakKeyDictionary[lxml_html.HtmlElement, list[tuple[str, Any]]]
_NODES = weakref.WeakKeyDictionary()  # root element -> its short visible texts and owners


def short_texts(tree: lxml_html.HtmlElement) -> list[tuple[str, Any]]:
    """(text, element it belongs to) for every short visible text of the body, computed once
    per tree. A tail ("<b>24,99 €</b> TTC") belongs to the parent of its element."""
    root = tree.getroottree().getroot()
    if root in _NODES:
        return _NODES[root]
    found: list[tuple[str, Any]] = []
    limit = 2 * MAX_BLOCK
    for body in root.iterchildren("body"):
        hidden: set[Any] = set()
        for element in body.iter():
            parent = element.getparent()
            if element.tag in NOT_SHOWN or parent in hidden:
                hidden.add(element)
            text, tail = element.text, element.tail
            if not isinstance(element.tag, str):
                text = None  # a comment shows nothing; its tail does
            if text and element not in hidden and len(text) <= limit and text.strip():
                found.append((text, element))
            if (tail and element is not body and parent not in hidden and len(tail) <= limit
                    and tail.strip()):
                found.append((tail, parent))
    _NODES[root] = found
    return found


def keyword_blocks(tree: lxml_html.HtmlElement, keywords: re.Pattern[str]
                   ) -> list[list[tuple[lxml_html.HtmlElement, str]]]:
    """For each short visible text with one of the keywords, its short enclosing blocks
    (element, text), innermost first."""
    found, seen = [], set()
    for text, owner in short_texts(tree):
        if not keywords.search(text):
            continue
        blocks = [(b, visible_text(b)) for b in _blocks(owner)]
        blocks = [(b, t) for b, t in blocks if t]
        if blocks and blocks[0][0] not in seen:
            seen.add(blocks[0][0])
            found.append(blocks)
    return found


def delivery_text(tree: lxml_html.HtmlElement, lang: str | None,
                  today: date | None = None
                  ) -> tuple[DeliveryWindow | None, lxml_html.HtmlElement | None]:
    """The first visible delivery promise with days (arrival preferred over dispatch)."""
    dispatch = None
    for blocks in keyword_blocks(tree, DELIVERY_KEYWORDS):
        for element, text in blocks:
            window = parse_delivery_window(text, lang, today)
            if not window.found:
                continue
            if window.kind == "delivery":
                return window, element
            dispatch = dispatch or (window, element)
            break
    return dispatch or (None, None)


SHIPPING_KEYWORDS = re.compile(
    r"shipping|delivery|postage|versand|porto|livraison|frais de port|env[íi]o|spedizione|"
    r"verzend|bezorg|frete|dostaw|wysy[łl]k|frakt|送料|运费|運費|包邮|배송|شحن|توصيل|kargo", re.I)


def shipping_text(tree: lxml_html.HtmlElement, currency_hint: str | None, market: str | None
                  ) -> tuple[ShippingCost | None, lxml_html.HtmlElement | None]:
    """The first visible shipping cost ("Free shipping", "Versand: 4,95 €"); a threshold
    ("free over £30") is not a cost."""
    for blocks in keyword_blocks(tree, SHIPPING_KEYWORDS):
        element, text = blocks[0]
        cost = parse_shipping_cost(text, currency_hint, market)
        if cost.free and re.search(r"\d", text):
            continue  # "PhotoPro Outlet — $189.00 — free shipping": another seller's terms
        if cost.amount is not None:
            return cost, element
    return None, None


def tax_text(tree: lxml_html.HtmlElement) -> tuple[bool | None, lxml_html.HtmlElement | None]:
    """The page's tax statement ("inkl. MwSt."); None when absent or contradictory."""
    answers = []
    for blocks in keyword_blocks(tree, TAX_KEYWORDS):
        element, text = blocks[0]
        value, _ = tax_statement(text)
        if value is not None:
            answers.append((value, element))
    if not answers or len({value for value, _ in answers}) > 1:
        return None, None
    return answers[0]


_STOCK_CLASSES = ("stock", "Stock", "availab", "Availab", "inventory", "Inventory", "lager",
                  "Lager", "dispon", "verfueg", "verfüg", "status", "Status")
_STOCK = ("//*[" + " or ".join(f"contains(@{attr}, '{c}')" for c in _STOCK_CLASSES
                                for attr in ("class", "id", "data-testid", "data-test"))
          + " or @*[starts-with(name(), 'data-')][contains(., 'Stock') or contains(., 'stock')]"
          + "][not(self::script or self::style or self::link or self::meta)]"
          " | //button[@disabled]")
#: Labels of a buy button, squashed like stock labels (lower case, single spaces).
BUY_LABELS = (
    "add to cart", "add to bag", "add to basket", "add to trolley", "buy now", "buy it now",
    "in den warenkorb", "in den einkaufswagen", "jetzt kaufen", "ajouter au panier",
    "acheter", "añadir al carrito", "añadir a la cesta", "añadir a la bolsa", "agregar al carrito",
    "agregar", "ajouter au sac", "aggiungi alla borsa", "in winkelmandje", "in de winkelwagen",
    "comprar", "aggiungi al carrello", "acquista ora", "in winkelwagen", "in winkelmand",
    "bestellen", "adicionar ao carrinho", "adicionar à sacola", "dodaj do koszyka",
    "kup teraz", "lägg i kundvagn", "lägg i varukorgen", "köp nu", "læg i kurv",
    "legg i handlekurv", "lisää ostoskoriin", "do košíku", "kosárba", "adaugă în coș",
    "sepete ekle", "hemen al", "в корзину", "купить", "у кошик", "купити", "добави в количката",
    "купи", "thêm vào giỏ", "mua ngay", "masukkan keranjang", "beli sekarang", "أضف إلى السلة",
    "أضف للسلة", "اشتر الآن", "הוסף לסל", "カートに入れる", "今すぐ購入", "加入购物车", "立即购买",
    "加入購物車", "立即購買", "장바구니", "바로구매", "구매하기", "bestel nu", "koop nu",
    "nu kopen", "in de winkelmand", "osta", "lisa ostukorvi", "lisää koriin", "osta nyt",
    "ielikt grozā", "pirkt", "į krepšelį", "pirkti", "dodaj u košaricu", "dodaj v košarico",
    "přidat do košíku", "koupit", "vložiť do košíka", "kúpiť", "köp", "kjøp", "køb",
    "satın al", "in den korb", "zum warenkorb hinzufügen", "カートに追加", "今すぐ買う",
    "ซื้อเลย", "หยิบใส่ตะกร้า", "ใส่ตะกร้า", "beli", "+ keranjang",
    "add to shopping cart", "add to shopping bag", "добави в кошницата", "в кошницата",
    "vložit do košíku", "pridať do košíka", "do košíka", "do koszyka", "προσθήκη στο καλάθι",
    "αγορά τώρα", "adauga in cos", "adaugă în coş", "cumpără",
    "добавить в корзину", "в кошик", "додати в кошик", "dodaj u korpu", "u korpu",
    "u košaricu", "kupi", "v košarico", "lisa korvi", "pievienot grozam", "dėti į krepšelį",
    "lägg i varukorg", "lägg i kundkorg", "lägg till i varukorgen", "legg i handlevogn",
    "læg i indkøbskurv", "tilføj til kurv", "toevoegen aan winkelwagen", "añadir al carro",
    "añadir a la compra", "acquista", "metti nel carrello", "adicionar ao cesto",
    "adicionar à cesta", "sepete at", "إضافة إلى السلة", "أضف إلى عربة التسوق", "اشتري الآن",
    "הוספה לסל", "הוסף לעגלה", "קנה עכשיו", "買い物かごに入れる", "買い物カゴに入れる",
    "カゴに入れる", "放入購物車", "加入購物袋", "바로 구매", "chọn mua", "tambah ke keranjang",
    "tambah ke troli", "कार्ट में जोड़ें", "अभी खरीदें",
)
#: One-word buy labels that are verbs ("buy", "order", "add"): they begin other labels too
#: ("Acquista la collezione", "Agregar a favoritos"), so they count alone or before "now".
BUY_VERBS = frozenset({
    "acheter", "acquista", "agregar", "beli", "bestellen", "comprar", "cumpără", "kjøp",
    "koupit", "kupi", "köp", "køb", "kúpiť", "osta", "pirkt", "pirkti", "купи", "купити",
    "купить"})
_BUY_PHRASES = tuple(label for label in BUY_LABELS if label not in BUY_VERBS)
#: Words for "now" (and "online") after a one-word buy label ("Köp nu", "Купи онлайн").
_AFTER_BUY_VERB = NOW_WORDS | {"online", "онлайн"}
#: Classes and styles that hide an element.
HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "displaynone", "d-none", "invisible",
                            "sr-only", "visually-hidden"})
#: Classes that make an element itself transparent (Tailwind); on an ancestor they are more
#: often a fade-in that a script starts.
TRANSPARENT_CLASSES = frozenset({"opacity-0"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BUTTON_CLASS = " or ".join(f"contains(@{attr}, '{word}')" for attr in ("class", "id")
                            for word in ("btn", "Btn", "button", "Button"))
#: Buttons, and links and blocks styled or named as buttons (disabled ones are skipped by
#: ``_disabled``).
_BUY = ("//button | //input[@type='submit'] | //*[@role='button' or @type='button']"
        f" | //a[{_BUTTON_CLASS}] | //div[{_BUTTON_CLASS}] | //span[{_BUTTON_CLASS}]")


def availability_text(tree: lxml_html.HtmlElement, where: Callable[[Any], bool] | None = None
                      ) -> tuple[str | None, Any]:
    """A stock label shown in an element whose class, id or a data attribute speaks of stock
    ("Auf Lager", "品切れ", "Nur noch 2 Stück auf Lager") or on a disabled buy button ("Sold
    out"), first in the page.
    A hidden label (the "Sold out" a script shows when a variant runs out) is not shown; a
    block holding labels of two states ("Disponibile", "Non disponibile") says none."""
    elements = tree.xpath(_STOCK)[:30]
    values = {}
    for element in elements:
        text = visible_text(element, MAX_PHRASE_TEXT)
        if (text and len(text) <= MAX_PHRASE_TEXT and shown(element)
                and (where is None or where(element))):
            value = normalise_availability(text)
            if value and (element.tag != "button" or value != "InStock"):
                values[element] = value
    for element, value in values.items():
        if {values[node] for node in element.iterdescendants() if node in values} - {value}:
            return None, None  # both states, one shown by the style sheet: it says neither
        return value, element
    return None, None


#: A class showing the element from some screen width on ("md:block", "d-lg-flex"): the
#: "hidden" beside it hides it on small screens only.
_SHOWN_FROM = re.compile(r"^(?:[a-z0-9]+:|d-(?:sm|md|lg|xl|xxl)-)"
                         r"(?:block|flex|inline|inline-block|inline-flex|grid|table|contents"
                         r"|opacity-[1-9]\d*)$")


def _hidden_by_class(node: lxml_html.HtmlElement, itself: bool) -> bool:
    names = (node.get("class") or "").lower().split()
    hiding = HIDDEN_CLASSES | TRANSPARENT_CLASSES if itself else HIDDEN_CLASSES
    return (any(name in hiding or name.endswith("display-none") for name in names)
            and not any(_SHOWN_FROM.match(name) for name in names))


def shown(element: lxml_html.HtmlElement) -> bool:
    """Whether no class or style of the element or its ancestors hides it (on every screen:
    "hidden md:block" shows on a desktop; "opacity-0 md:opacity-100" too). The hidden
    attribute is not read: streamed React pages hide what a script moves into place."""
    return not any(_hidden_by_class(node, node is element)
                   or _HIDDEN_STYLE.search(node.get("style") or "")
                   for node in (element, *element.iterancestors()))


def _disabled(node: lxml_html.HtmlElement) -> bool:
    """Whether an attribute or a class says the control is disabled ("btn--disabled"; not
    Tailwind's "disabled:text-grey", which styles the disabled state)."""
    if not isinstance(node.tag, str):
        return False
    if node.get("disabled") is not None or node.get("aria-disabled") == "true":
        return True
    return any(name.lower() in ("disabled", "is-disabled") or name.lower().endswith(
        ("-disabled", "_disabled")) and ":" not in name
        for name in (node.get("class") or "").split())


def buy_button(tree: lxml_html.HtmlElement, where: Callable[[Any], bool] | None = None
               ) -> lxml_html.HtmlElement | None:
    """The first enabled, shown button whose label is a buy label ("Add to Cart", "In den
    Warenkorb", "カートに入れる"): a product that can be ordered now. A link or block styled
    as a button ("btn", "button" in its class) counts, unless it or the control inside it is
    disabled. ``where`` keeps only the buttons it accepts."""
    for element in tree.xpath(_BUY):
        if any(_disabled(node) for node in element.iter()):
            continue  # itself, or the button inside a block styled as one
        label = element.get("value") if element.tag == "input" else " ".join(element.itertext())
        label = " ".join((label or "").lower().split()).rstrip("!.")  # "Bestel nu!"
        if label and len(label) <= 40 and is_buy_label(label) and shown(element) and (
                where is None or where(element)):
            return element
    return None


#: Data attributes stating stock, squashed, without "is": yes/no flags (data-in-stock="false",
#: data-is-available="1") and stock states (data-stock-status="not-available"). A name saying
#: whose stock it is (data-productavailable, data-product-stock) counts on any of the
#: product's elements; a generic one only on an element named for stock
#: ("product-availability", "stock-status"): a store's pick-up slot, a chat advisor or a
#: bundle's item are "available" too.
STOCK_FLAGS = frozenset({"available", "instock", "purchasable", "orderable", "buyable"})
STOCK_STATES = frozenset({"stock", "stockstatus", "stockstate", "availability",
                          "availabilitystatus", "inventorystatus"})
_FLAG_VALUES = {"true": "InStock", "1": "InStock", "yes": "InStock", "y": "InStock",
                "false": "OutOfStock", "0": "OutOfStock", "no": "OutOfStock", "n": "OutOfStock"}
_STOCK_ATTRIBUTES = ("//*[@*[starts-with(name(), 'data-') and (contains(name(), 'avail') or "
                     "contains(name(), 'stock') or contains(name(), 'able'))]]")
_STOCK_NAMED = re.compile("|".join(_STOCK_CLASSES), re.I)
#: Elements whose stock attributes are not the product's: a size or colour choice, a list's
#: item, a form field, a wish-list button, another product's card.
_PART_TAGS = frozenset({"li", "option", "input", "select"})
_PART_NAMES = re.compile(r"swatch|variant|option|wish|favou?rite|product-(?:item|card|tile)",
                         re.I)
_PAGE_BLOCKS = ("header", "nav", "footer", "aside", *NOT_SHOWN)
#: More elements stating stock than a product has parts for: a grid of other products.
MAX_STOCK_ELEMENTS = 8


@functools.lru_cache(maxsize=4096)
def _stock_name(name: str) -> tuple[str, bool] | None:
    """(flag or state name, whether it names the product) of a data attribute; None for
    another attribute. "data-is-product-available" is ("available", True)."""
    own = re.sub(r"[-_]", "", name[5:].lower()).removeprefix("is")
    product = own.startswith("product")
    own = own.removeprefix("product").removeprefix("is")
    return (own, product) if own in STOCK_FLAGS or own in STOCK_STATES else None


def _attribute_state(own: str, value: str) -> str | None:
    """The state a flag or state attribute's value gives; None for a count or a message."""
    value = " ".join(re.sub(r"[-_]", " ", value).lower().split())  # "not-available"
    if own in STOCK_FLAGS:
        return _FLAG_VALUES.get(value)
    return None if value.isdigit() else normalise_availability(value)  # a count: a store's


def _states(element: lxml_html.HtmlElement) -> set[str]:
    stock = [(named, value) for name, value in element.attrib.items()
             if name.startswith("data-") for named in [_stock_name(name)] if named]
    if not stock:
        return set()
    names = " ".join(element.get(attr) or "" for attr in ("class", "id", "data-testid",
                                                          "data-test"))
    if element.tag in _PART_TAGS or _PART_NAMES.search(names):
        return set()
    # a generic name counts on an element named for stock only
    named_for_stock = bool(_STOCK_NAMED.search(names))
    return {_attribute_state(own, value) for (own, product), value in stock
            if product or named_for_stock} - {None}


def after_title(tree: lxml_html.HtmlElement) -> Callable[[Any], bool]:
    """Whether an element comes after the page's title (the first <h1> of the body) or holds
    it; any element, when the page has none. Document positions are read once, when first
    asked.

    >>> page = lxml_html.fromstring('<div><p>a</p><section><h1>T</h1></section><p>b</p></div>')
    >>> [after_title(page)(e) for e in page.iter("p", "section")]
    [False, True, True]
    """
    title = next(iter(tree.xpath("//body//h1")), None)
    if title is None:
        return lambda element: True
    holders = set(title.iterancestors())
    order: dict[Any, int] = {}

    def after(element: Any) -> bool:
        if not order:
            order.update((node, at) for at, node in enumerate(title.getroottree().iter()))
        return element in holders or order.get(element, -1) > order[title]
    return after


def stock_attribute(tree: lxml_html.HtmlElement, where: Callable[[Any], bool] | None = None
                    ) -> tuple[str | None, Any]:
    """(availability, element) the data attributes of the product's shown elements state,
    when all of them agree: data-productavailable="true" on a page whose buy button a script
    enables (teknosa.com.tr), data-available="true" on its "product-availability" block (see
    STOCK_FLAGS). Elements in the page's header, navigation, footer and asides, size or colour
    choices and those ``where`` refuses (the caller's test of the product's own) are not read.
    Messages (data-sold-out-text="Ausverkauft") and counts (data-stock="3") are no state; more
    than MAX_STOCK_ELEMENTS elements stating one are a grid of products.

    >>> stock_attribute(lxml_html.fromstring('<div data-product-available="true">x</div>'))[0]
    'InStock'
    """
    stating = []
    for element in tree.xpath(_STOCK_ATTRIBUTES):
        states = _states(element)
        if states:
            stating.append((element, states))
            if len(stating) > MAX_STOCK_ELEMENTS:
                return None, None
    found: dict[str, Any] = {}
    for element, states in stating:
        outside = any(node.tag in _PAGE_BLOCKS for node in (element, *element.iterancestors()))
        if outside or not shown(element) or (where is not None and not where(element)):
            continue
        for state in states:
            found.setdefault(state, element)
        if len(found) > 1:
            return None, None
    return next(iter(found.items()), (None, None))


def is_buy_label(label: str) -> bool:
    """Whether a squashed, lower-case button label is a buy label: a label of BUY_LABELS, or
    one followed by more words ("in den warenkorb legen", "장바구니 담기"); a verb of BUY_VERBS
    only alone or before a word for "now" ("comprar", "köp nu"; not "acquista la collezione",
    "agregar a favoritos").

    >>> is_buy_label("kupi sada"), is_buy_label("kupi poklon bon"), is_buy_label("add to bag")
    (True, False, True)
    """
    first, _, rest = label.partition(" ")
    if first in BUY_VERBS:
        return not rest or rest in _AFTER_BUY_VERB
    return any(label == phrase or label.startswith(phrase + " ") for phrase in _BUY_PHRASES)


def struck_price(tree: lxml_html.HtmlElement, price: Decimal, currency: str | None,
                 currency_hint: str | None, market: str | None
                 ) -> tuple[Price | None, lxml_html.HtmlElement | None]:
    """A strikethrough price above ``price`` in the same currency: the regular price."""
    for element in tree.xpath(_STRUCK):
        text = visible_text(element, 40)
        if not text or len(text) > 40 or not any(c.isdigit() for c in text):
            continue
        found = parse_price(text, currency_hint or currency, market)
        if found.amount is None or found.amount <= price:
            continue
        if found.currency not in (None, currency):
            continue
        return found, element
    return None, None


def review_widget(tree: lxml_html.HtmlElement, lang: str | None
                  ) -> dict[str, tuple[Any, lxml_html.HtmlElement]]:
    """{"rating": (4.6, element), "review_count": (128, element)} from review widgets."""
    words = [w for row in REVIEW_WORDS.values() for w in row if len(w) > 1]
    out: dict[str, tuple[Any, lxml_html.HtmlElement]] = {}
    for element in tree.xpath(_REVIEW_WIDGETS)[:40]:
        text = visible_text(element, 80)
        if not text or len(text) > 80:
            continue
        label = " ".join(filter(None, (element.get("aria-label"), element.get("title"))))
        lower = f"{text} {label}".lower()
        if "review_count" not in out and any(w in lower for w in words):
            count = parse_review_count(text, lang)
            if count is not None and not re.fullmatch(r"[\d.,\s]+", text):
                out["review_count"] = (count, element)
        if "rating" not in out:
            rating = _widget_rating(text, label, lang)
            if rating is not None:
                out["rating"] = (rating, element)
    return out


_RATING_TEXT = re.compile(
    r"\d+(?:[.,]\d)?\s*(?:out of|of|von|sur|de|su|van|/|つ星のうち)\s*\d+|★|つ星|estrellas|"
    r"stelle|sterren|estrelas|étoiles|sterne|stars", re.I)


def _widget_rating(text: str, label: str, lang: str | None) -> float | None:
    for candidate in (label, text):
        if candidate and _RATING_TEXT.search(candidate):
            rating = parse_rating(candidate, lang)
            if rating is not None:
                return rating
    return None
