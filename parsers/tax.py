"""Whether a price includes tax, as the page states it: "inkl. MwSt." → True, "zzgl. MwSt." →
False, "(税込)" → True, "HT" → False; nothing stated (or both stated) → None."""

from __future__ import annotations

import re

from parsers.textnorm import normalise_text

INCLUDED = [
    r"inkl\.?\s*(?:der\s+)?(?:gesetzl\.?\s*|gesetzlichen\s+)?(?:\d+(?:[.,]\d+)?\s*%\s*)?"
    r"(?:mwst|ust|mehrwertsteuer)",
    r"inklusive\s+(?:mwst|mehrwertsteuer)", r"incl\.?\s*(?:of\s+)?(?:vat|gst|tax|taxes)",
    r"inc\.?\s*(?:vat|gst)", r"including\s+(?:vat|gst|tax|taxes)",
    r"(?:vat|gst|tax(?:es)?) included",
    r"(?:vat|gst|tax(?:es)?) incl\.?", r"\bttc\b", r"toutes taxes comprises", r"tva incluse",
    r"iva incluid[oa]", r"iva incl\.?", r"impuestos incluidos", r"iva inclusa", r"iva compresa",
    r"iva incluíd[oa]", r"incl\.?\s*btw", r"inclusief btw", r"inkl\.?\s*moms", r"inklusive moms",
    r"z vat", r"brutto", r"税込", r"税込み", r"内税", r"含税", r"부가세\s*포함", r"vat\s*포함",
    r"kdv dahil", r"شامل الضريبة", r"شامل ضريبة",
]
EXCLUDED = [
    r"zzgl\.?\s*(?:der\s+)?(?:gesetzl\.?\s*)?(?:mwst|ust|mehrwertsteuer)",
    r"exkl\.?\s*(?:mwst|ust)",
    r"excl\.?\s*(?:of\s+)?(?:vat|gst|tax|taxes)", r"ex\.?\s*vat", r"excluding\s+(?:vat|gst|tax)",
    r"plus\s+(?:vat|gst|tax)", r"\+\s*(?:vat|gst|iva|tva|btw|mwst)", r"(?:vat|gst) excluded",
    r"\bht\b", r"hors tax(?:es)?", r"iva esclusa", r"iva excluid[oa]", r"sin iva", r"excl\.?\s*btw",
    r"exclusief btw", r"exkl\.?\s*moms", r"netto", r"税抜", r"税別", r"外税", r"不含税",
    r"부가세\s*별도", r"kdv hariç", r"غير شامل الضريبة",
]
_INCLUDED = re.compile("|".join(INCLUDED), re.IGNORECASE)
_EXCLUDED = re.compile("|".join(EXCLUDED), re.IGNORECASE)
_HT = re.compile(r"(?<![^\W\d_])HT(?![^\W\d_])")  # "HT" only in capitals: "ht" is too common


def tax_statement(text: str | None) -> tuple[bool | None, str | None]:
    """(tax_included, the phrase that says so); (None, None) when the text says nothing or
    says both (a B2B/B2C toggle)."""
    if not text:
        return None, None
    clean = normalise_text(text)
    included = _INCLUDED.search(clean)
    excluded = _EXCLUDED.search(clean)
    if excluded and excluded.group(0).lower() == "ht" and not _HT.search(clean):
        excluded = None
    if included and excluded and excluded.start() <= included.start() < excluded.end():
        included = None  # "不含税" holds "含税"
    if included and excluded:
        return None, None
    if included:
        return True, included.group(0)
    if excluded:
        return False, excluded.group(0)
    return None, None


def tax_included(text: str | None) -> bool | None:
    """True for "inkl. MwSt.", "TTC", "(税込)", "incl. VAT", "IVA incluido"; False for
    "zzgl. MwSt.", "HT", "(税抜)", "excl. VAT"; None otherwise.

    >>> tax_included("¥12,800 (税込)"), tax_included("24,99 € HT"), tax_included("24,99 €")
    (True, False, None)
    """
    return tax_statement(text)[0]
