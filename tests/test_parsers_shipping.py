"""Shipping costs and free-shipping thresholds from text, in many languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.shipping import parse_free_shipping_threshold, parse_shipping_cost

THRESHOLD_EXAMPLES = [
    ("Free UK delivery on orders over £30", None, Decimal("30"), "GBP"),
    ("Free shipping on orders over $50", "USD", Decimal("50"), "USD"),
    ("Free shipping on orders $75+", "CAD", Decimal("75"), "CAD"),
    ("Kostenloser Versand ab 49 €", None, Decimal("49"), "EUR"),
    ("Versandkostenfrei ab 29,90 € Bestellwert", None, Decimal("29.90"), "EUR"),
    ("Livraison offerte dès 39 €", None, Decimal("39"), "EUR"),
    ("Livraison gratuite à partir de 60 € d'achat", None, Decimal("60"), "EUR"),
    ("Envío gratis a partir de 50€", None, Decimal("50"), "EUR"),
    ("Spedizione gratuita sopra i 49,90 €", None, Decimal("49.90"), "EUR"),
    ("Gratis verzending vanaf € 20", None, Decimal("20"), "EUR"),
    ("Frete grátis acima de R$ 199,00", None, Decimal("199.00"), "BRL"),
    ("Darmowa dostawa od 200 zł", None, Decimal("200"), "PLN"),
    ("Fri frakt över 499 kr", "SEK", Decimal("499"), "SEK"),
    ("送料無料（5,000円以上）", None, Decimal("5000"), "JPY"),
    ("全国一律 送料 550円（税込）。送料無料（5,000円以上）。", None, Decimal("5000"), "JPY"),
    ("满99元包邮", None, Decimal("99"), "CNY"),
    ("5만원 이상 무료배송", None, Decimal("50000"), "KRW"),
    ("500 TL ve üzeri ücretsiz kargo", "TRY", Decimal("500"), "TRY"),
    ("Free shipping", None, None, None),
    ("Versand: 4,95 €", None, None, None),
    ("", None, None, None),
]


@pytest.mark.parametrize(("text", "hint", "amount", "currency"), THRESHOLD_EXAMPLES, ids=repr)
def test_parse_free_shipping_threshold(text, hint, amount, currency):
    found = parse_free_shipping_threshold(text, hint)
    if amount is None:
        assert found is None
    else:
        assert (found.amount, found.currency, found.raw) == (amount, currency, text)


COST_EXAMPLES = [
    ("Free shipping", None, Decimal("0"), None, True),
    ("Versandkostenfrei", None, Decimal("0"), None, True),
    ("Livraison gratuite", None, Decimal("0"), None, True),
    ("送料無料", None, Decimal("0"), None, True),
    ("무료배송", None, Decimal("0"), None, True),
    ("Shipping: $4.99", "USD", Decimal("4.99"), "USD", False),
    ("Shipping: $4.99", None, Decimal("4.99"), None, False),  # "$" alone decides nothing
    ("Versand: 4,95 €", None, Decimal("4.95"), "EUR", False),
    ("Frais de port : 5,90 €", None, Decimal("5.90"), "EUR", False),
    ("Gastos de envío: 3,95 €", None, Decimal("3.95"), "EUR", False),
    ("送料 550円", None, Decimal("550"), "JPY", False),
    ("Standard delivery: 2-3 working days – £3.95", None, Decimal("3.95"), "GBP", False),
    ("Free shipping on orders over $50", "USD", None, None, None),  # a threshold, not free
    # below the threshold: what "otherwise" costs
    ("Free shipping on orders over $35.00; otherwise $4.99.", "USD", Decimal("4.99"), "USD",
     False),
    ("Free UK delivery on orders over £30.00, otherwise £3.95.", None, Decimal("3.95"), "GBP",
     False),
    ("Ab 49,00 € versandkostenfrei, sonst 4,90 €.", None, Decimal("4.90"), "EUR", False),
    ("Livraison offerte dès 59,00 €, sinon 5,90 €.", None, Decimal("5.90"), "EUR", False),
    ("¥5,000以上のご注文で送料無料（それ以外は送料¥550）。", "JPY", Decimal("550"), "JPY", False),
    ("Versand 4,95 Euro", "EUR", Decimal("4.95"), "EUR", False),
    # a number of days or hours is not an amount, whatever the currency hint
    ("You can return any product within 30 days of delivery for a full refund.", "USD", None,
     None, None),
    ("Livraison sous 48h en France métropolitaine.", "EUR", None, None, None),
    ("Delivery in 2-3 days", "EUR", None, None, None),
    ("Shipping calculated at checkout", "USD", None, None, None),
    ("", None, None, None, None),
    (None, None, None, None, None),
]


@pytest.mark.parametrize(("text", "hint", "amount", "currency", "free"), COST_EXAMPLES, ids=repr)
def test_parse_shipping_cost(text, hint, amount, currency, free):
    cost = parse_shipping_cost(text, hint)
    assert (cost.amount, cost.currency, cost.free, cost.raw) == (amount, currency, free, text)
