"""Which of a store's markets a page serves, from what the page says about itself."""

from __future__ import annotations

from moatscan.config import Market


def page_market(markets: list[Market], *, language: str | None = None,
                currency: str | None = None) -> str | None:
    """The code of the market in ``markets`` that a page in ``language`` priced in
    ``currency`` is for; None when the page fits none or several equally.

    A store with one market serves it everywhere. Otherwise the currency decides first and
    the language (full tag, then its primary subtag) breaks ties: a German page priced in
    EUR on a store selling in US and DE is the DE page.
    """
    if len(markets) == 1:
        return markets[0].code
    candidates = [m for m in markets if currency and m.currency == currency] or list(markets)
    if language:
        lang = language.lower()
        exact = [m for m in candidates if m.language and m.language.lower() == lang]
        if len(exact) == 1:
            return exact[0].code
        primary = lang.split("-")[0]
        loose = [m for m in candidates
                 if m.language and m.language.lower().split("-")[0] == primary]
        if len(loose) == 1:
            return loose[0].code
    return candidates[0].code if len(candidates) == 1 else None
