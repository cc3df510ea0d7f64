"""Tax included or not, from the words beside a price: one table of real examples."""

from __future__ import annotations

import pytest

from parsers.tax import tax_included

TAX_EXAMPLES = [
    ("1.299,00 € inkl. MwSt.", True), ("inkl. gesetzl. MwSt., zzgl. Versand", True),
    ("Preise inkl. 19 % MwSt.", True), ("24,99 € TTC", True), ("¥12,800 (税込)", True),
    ("12,800円（税込）", True), ("£24.99 incl. VAT", True), ("Tax included.", True),
    ("29,99 € IVA incluido", True), ("29,99 € IVA inclusa", True), ("€ 29,99 incl. btw", True),
    ("R$ 99,90 IVA incluído", True), ("299 kr inkl. moms", True), ("₩35,000 부가세 포함", True),
    ("¥199 含税", True), ("249 TL KDV dahil", True), ("Including GST", True),
    ("1.299,00 € zzgl. MwSt.", False), ("24,99 € HT", False), ("¥12,800 (税抜)", False),
    ("12,800円（税別）", False), ("£20.83 excl. VAT", False), ("$24.99 plus tax", False),
    ("29,99 € + IVA", False), ("€ 24,79 excl. btw", False), ("Prix hors taxes", False),
    ("Netto 1.091,60 €", False), ("¥199 不含税", False),
    ("1.299,00 €", None), ("$24.99", None), ("", None), (None, None),
    ("Shipping calculated at checkout", None),
    ("Netto 1.091,60 € · Brutto 1.299,00 €", None),  # B2B table: both shown
    ("The chat is on", None),  # "ht" inside a word is not "HT"
]


@pytest.mark.parametrize(("text", "expected"), TAX_EXAMPLES, ids=repr)
def test_tax_included(text, expected):
    assert tax_included(text) is expected
