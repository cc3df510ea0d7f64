"""What changed since the previous complete scan: the ``changes`` table.

``changes(current, previous, settings)`` compares two scans' ``Frames`` (the run gives it the
latest *complete* scan before this one: a failed or running scan in between is skipped) and
returns one row per change::

    store_id market kind       subject     title            previous_value value delta  detail
    voltaro  US     price_move US/SKU-1    USB-C cable 2m   19.99          17.99 -0.1   ...

Kinds and what their numbers are:

- ``price_move``: the price moved by at least ``price_move_threshold`` in the offer's own
  currency (previous and new price; delta = relative change). An offer whose currency changed
  is compared in the base currency and says so.
- ``currency_move``: the local price did not move (less than the price threshold) but its value
  in the base currency moved by at least ``currency_move_threshold`` because the exchange rate
  did (base-currency values; the detail gives the local price and both rates).
- ``new_product`` / ``removed_product``: an offer (by its week-stable offer key) only in this
  scan / only in the previous one (its price as value / previous_value). Only stores crawled in
  both scans are compared, so a store whose crawl found nothing is not "all removed"; and an
  offer whose page could not be looked at in the other scan (``UNSEEN`` in its ledger: timed
  out, failed, skipped for the page budget, a 5xx or 429 answer) is neither new nor removed.
- ``stock_flip``: in stock ↔ not (availability names as values).
- ``promo_started`` / ``promo_ended``: a regular price above the price appeared / went
  (reported instead of a price move: the detail gives both prices)
  (discount share 0..1 as value / previous_value).
- ``delivery_changed``: the median latest delivery day of a store in a market moved by at least
  ``delivery_change_days``.
- ``technology_added`` / ``technology_removed``: a technology's name (subject) found on the
  store in only one of the two scans (both scans must have the ``technologies`` table).
- ``speed_regression``: a median speed measure (``speed_metrics``) worsened by at least
  ``speed_regression_threshold`` (ms or bytes; delta = relative change), over the pages
  measured under that profile in both scans with at least ``speed_min_runs`` runs each (a
  median of fewer runs moves with the machine's load, not with the store).
- ``review_velocity``: new reviews per week (value) and new reviews (delta) per store and
  market '*', and per product from ``product_review_velocity`` a week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmark.columns import aggregate, codes_in, positions_in
from benchmark.from_history import weeks_between
from benchmark.from_offers import _short

CHANGE_COLUMNS = ["previous_scan_id", "store_id", "market", "kind", "subject", "title",
                  "previous_value", "value", "delta", "detail", "evidence_url"]
IN_STOCK = {"instock", "limitedavailability", "onlineonly", "instoreonly"}
_EPS = 1e-9


def _row(prev_id, store_id, market, kind, subject, title=None, previous_value=None, value=None,
         delta=None, detail=None, url=None) -> tuple:
    """A row of the changes table, its values in the order of ``CHANGE_COLUMNS``."""
    return (prev_id, store_id, market, kind, subject, title, previous_value, value, delta,
            detail, url)


def _money(amount: float, currency) -> str:
    return f"{amount:,.2f} {currency}"


_COLUMNS = ["store_id", "offer_key", "price", "currency", "regular_price", "availability",
            "market", "title", "url"]
"""The offer columns a change is worked out from and shows (besides the base-currency price)."""


def _offer_rows(frames, at: np.ndarray) -> pd.DataFrame:
    """``_COLUMNS`` and ``price_base`` of the scan's offers at positions ``at``."""
    return frames.offers[_COLUMNS].iloc[at].reset_index(drop=True).assign(
        price_base=frames.offer_prices_in_base[at])


def _aligned(current, previous, settings) -> pd.DataFrame:
    """The offers of the stores crawled in both scans that may have changed, side by side
    (the previous scan's columns with the suffix ``_0``), and ``side``: 'both', 'left_only'
    (only in ``current``) or 'right_only' (only in ``previous``). Which offers in both scans
    may have changed is worked out on arrays first (``_worth_a_look``), so that a store's
    unchanged thousands are never copied, let alone walked one by one."""
    positions = (current.previous_positions if previous is current.previous else
                 positions_in(current.offers, previous.offers, ["store_id", "offer_key"]))
    in_both = positions >= 0   # an offer in both scans is of a store crawled in both
    now_at, before_at = np.flatnonzero(in_both), positions[in_both]
    look = _worth_a_look(current, previous, now_at, before_at, settings)
    stores = list(set(current.offers["store_id"].unique())
                  & set(previous.offers["store_id"].unique()))
    crawled, crawled_0 = (f.offers["store_id"].isin(stores).to_numpy()
                          for f in (current, previous))
    seen = np.zeros(len(previous.offers), dtype=bool)
    seen[before_at] = True
    keys = ["store_id", "offer_key"]
    pairs = pd.concat([_offer_rows(current, now_at[look]),
                       _offer_rows(previous, before_at[look]).drop(columns=keys)
                       .add_suffix("_0")], axis=1)
    gone = _offer_rows(previous, np.flatnonzero(crawled_0 & ~seen))
    return pd.concat([
        pairs.assign(side="both"),
        _offer_rows(current, np.flatnonzero(crawled & ~in_both)).assign(side="left_only"),
        gone.rename(columns={c: f"{c}_0" for c in gone.columns if c not in keys})
        .assign(side="right_only"),
    ], ignore_index=True)


UNSEEN = ("timeout", "error", "skipped")
"""Ledger outcomes of a page that could not be looked at (which says nothing of its product)."""


def unseen_pages(frames) -> set[tuple[str, str]]:
    """(store, URL) of the scan's pages that could not be looked at: ``UNSEEN`` outcomes, and
    HTTP errors that are the server's trouble (5xx) or a refusal to answer now (429)."""
    pages = frames.pages
    status = pages["http_status"]
    failed = pages["outcome"].isin(UNSEEN) | ((pages["outcome"] == "http_error")
                                              & ((status >= 500) | (status == 429)))
    return set(zip(pages.loc[failed, "store_id"], pages.loc[failed, "url"]))


def offer_changes(current, previous, settings) -> list[tuple]:
    """Price and currency moves, new and removed products, stock flips, promotions."""
    pid = previous.scan_id
    both = _aligned(current, previous, settings)
    unseen = {"left_only": unseen_pages(previous), "right_only": unseen_pages(current)}
    rows = []
    for r in both.astype(object).itertuples(index=False):
        market = r.market if isinstance(r.market, str) else (
            r.market_0 if isinstance(r.market_0, str) else "*")
        title = r.title if isinstance(r.title, str) else r.title_0
        url = r.url if isinstance(r.url, str) else r.url_0
        if (r.store_id, url) in unseen.get(r.side, ()):
            continue    # the other scan could not look at its page: not known to be new or gone
        if r.side == "left_only":
            rows.append(_row(pid, r.store_id, market, "new_product", r.offer_key, title,
                             None, r.price, None,
                             f"new at {_money(r.price, r.currency)}" if r.price > 0
                             else "new, no price shown", url))
            continue
        if r.side == "right_only":
            rows.append(_row(pid, r.store_id, market, "removed_product", r.offer_key, title,
                             r.price_0, None, None,
                             f"last seen at {_money(r.price_0, r.currency_0)}" if r.price_0 > 0
                             else "gone", url))
            continue
        promo_0 = r.regular_price_0 > r.price_0 > 0
        promo = r.regular_price > r.price > 0
        if promo == promo_0:  # a promotion that starts or ends is reported as such, not as a move
            rows.extend(_price_rows(pid, r, market, title, url, current, previous, settings))
        was, now_in = _short(r.availability_0), _short(r.availability)
        if isinstance(r.availability, str) and isinstance(r.availability_0, str) and (
                (was in IN_STOCK) != (now_in in IN_STOCK)):
            rows.append(_row(pid, r.store_id, market, "stock_flip", r.offer_key, title,
                             r.availability_0, r.availability, None,
                             "back in stock" if now_in in IN_STOCK else "out of stock", url))
        if promo != promo_0:
            depth = (1 - r.price / r.regular_price) if promo else None
            depth_0 = (1 - r.price_0 / r.regular_price_0) if promo_0 else None
            rows.append(_row(
                pid, r.store_id, market, "promo_started" if promo else "promo_ended",
                r.offer_key, title, depth_0, depth, None,
                f"{_money(r.price, r.currency)} instead of {_money(r.regular_price, r.currency)}"
                if promo else f"back to {_money(r.price, r.currency)} (was "
                f"{_money(r.price_0, r.currency_0)} instead of "
                f"{_money(r.regular_price_0, r.currency_0)})", url))
    return rows


def _worth_a_look(current, previous, now_at: np.ndarray, before_at: np.ndarray,
                  settings) -> np.ndarray:
    """Of the offers in both scans (at positions ``now_at`` in ``current`` and ``before_at``
    in ``previous``), those that may have changed (the row-by-row checks decide): the price
    or base-currency price moved, the currency, the stock state or the promotion changed."""
    now, before = current.offers, previous.offers

    def both(column: str) -> tuple[np.ndarray, np.ndarray]:
        return now[column].to_numpy()[now_at], before[column].to_numpy()[before_at]

    price, price_0 = both("price")
    regular, regular_0 = both("regular_price")
    base, base_0 = (current.offer_prices_in_base[now_at],
                     previous.offer_prices_in_base[before_at])
    with np.errstate(divide="ignore", invalid="ignore"):
        rel, rel_base = np.abs(price / price_0 - 1), np.abs(base / base_0 - 1)
        promo = (regular > price) != (regular_0 > price_0)
    currency, currencies = pd.factorize(now["currency"])
    currency, currency_0 = currency[now_at], codes_in(before["currency"], currencies)[before_at]
    threshold = min(settings.price_move_threshold, settings.currency_move_threshold)
    moved = ((rel >= settings.price_move_threshold) | (rel_base >= threshold)
             | (currency != currency_0) | (currency < 0))   # a missing currency: "changed"
    stocked, stocked_0 = (_in_stock(f.offers["availability"]) for f in (current, previous))
    stocked, stocked_0 = stocked[now_at], stocked_0[before_at]
    stock = (stocked != stocked_0) & (stocked >= 0) & (stocked_0 >= 0)
    return moved | stock | promo


def _in_stock(availability: pd.Series) -> np.ndarray:
    """Per offer, 1 when its availability (a schema.org name, short or long) means in stock,
    0 when it does not, -1 when it is missing."""
    codes, names = pd.factorize(availability)
    stocked = np.array([int(_short(name) in IN_STOCK) for name in names] + [-1])
    return stocked[codes]


def _price_rows(pid, r, market, title, url, current, previous, settings) -> list[tuple]:
    if not (r.price > 0 and r.price_0 > 0):
        return []
    if r.currency != r.currency_0:
        if not (r.price_base > 0 and r.price_base_0 > 0):
            return []
        rel = r.price_base / r.price_base_0 - 1
        if abs(rel) < settings.price_move_threshold:
            return []
        return [_row(pid, r.store_id, market, "price_move", r.offer_key, title, r.price_0,
                     r.price, rel, f"{_money(r.price_0, r.currency_0)} → "
                     f"{_money(r.price, r.currency)}: currency changed; {rel:+.1%} in "
                     f"{current.base_currency}", url)]
    rel = r.price / r.price_0 - 1
    if abs(rel) >= settings.price_move_threshold:
        return [_row(pid, r.store_id, market, "price_move", r.offer_key, title, r.price_0,
                     r.price, rel, f"{_money(r.price_0, r.currency)} → "
                     f"{_money(r.price, r.currency)} ({rel:+.1%})", url)]
    if r.currency == current.base_currency or not (r.price_base > 0 and r.price_base_0 > 0):
        return []
    rel_base = r.price_base / r.price_base_0 - 1
    if abs(rel_base) < settings.currency_move_threshold:
        return []
    rate, rate_0 = (f.rate_by_currency.get(r.currency) for f in (current, previous))
    local = (f"price unchanged at {_money(r.price, r.currency)}" if abs(rel) < _EPS else
             f"price {_money(r.price_0, r.currency)} → {_money(r.price, r.currency)} "
             f"({rel:+.1%}, under the price threshold)")
    rates = (f"; {r.currency} per {current.base_currency} {rate_0[0]:g} ({rate_0[1]}) → "
             f"{rate[0]:g} ({rate[1]})" if rate and rate_0 else "")
    return [_row(pid, r.store_id, market, "currency_move", r.offer_key, title, r.price_base_0,
                 r.price_base, rel_base,
                 f"{local}{rates}: {_money(r.price_base_0, current.base_currency)} → "
                 f"{_money(r.price_base, current.base_currency)} ({rel_base:+.1%})", url)]


def delivery_changes(current, previous, settings) -> list[tuple]:
    def medians(frames):
        offers = frames.offers.dropna(subset=["delivery_max_days", "market"])
        return aggregate(offers, ["store_id", "market"], {
            "median": ("delivery_max_days", "median"), "size": ("delivery_max_days", "size")},
            groups=frames.offer_groups_of(offers, ("store_id", "market")))

    both = medians(current).merge(medians(previous), on=["store_id", "market"],
                                  suffixes=("", "_0"))
    rows = []
    for r in both.itertuples(index=False):
        delta = r.median - r.median_0
        if abs(delta) >= settings.delivery_change_days:
            rows.append(_row(previous.scan_id, r.store_id, r.market, "delivery_changed",
                             "delivery_max_days", None, r.median_0, r.median, delta,
                             f"median latest delivery day {r.median_0:g} → {r.median:g} "
                             f"days over {int(r.size)} offers"))
    return rows


def technology_changes(current, previous) -> list[tuple]:
    if not ("technologies" in current.available and "technologies" in previous.available):
        return []
    rows = []
    stores = set(current.stores["id"]) & set(previous.stores["id"])
    for store_id in sorted(stores):
        now = current.technologies[current.technologies["store_id"] == store_id]
        before = previous.technologies[previous.technologies["store_id"] == store_id]
        names, names_0 = set(now["name"].dropna()), set(before["name"].dropna())
        for kind, found, frame in (("technology_added", names - names_0, now),
                                   ("technology_removed", names_0 - names, before)):
            for name in sorted(found):
                hit = frame[frame["name"] == name].iloc[0]
                category = hit["category"] if isinstance(hit["category"], str) else None
                url = hit["url"] if isinstance(hit["url"], str) else None
                rows.append(_row(previous.scan_id, store_id, "*", kind, name, category,
                                 detail=f"{name} ({category or 'no category'}, "
                                 f"{hit['layer'] if isinstance(hit['layer'], str) else '?'} "
                                 f"layer) {'found' if kind.endswith('added') else 'gone'}",
                                 url=url))
    return rows


def speed_changes(current, previous, settings) -> list[tuple]:
    rows = []
    if not (len(current.site_speed) and len(previous.site_speed)):
        return rows
    now_rows, before_rows = (f.site_speed[f.site_speed["runs"] >= settings.speed_min_runs]
                             for f in (current, previous))
    pages = ["store_id", "url", "profile"]
    both_pages = now_rows[pages].merge(before_rows[pages]).drop_duplicates()
    now_rows, before_rows = (rows.merge(both_pages) for rows in (now_rows, before_rows))
    for metric in settings.speed_metrics:
        now = now_rows.groupby(["store_id", "profile"])[metric].median()
        before = before_rows.groupby(["store_id", "profile"])[metric].median()
        both = pd.concat([before.rename("before"), now.rename("now")], axis=1).dropna()
        for (store_id, profile), r in both.iterrows():
            if r["before"] <= 0:
                continue
            rel = r["now"] / r["before"] - 1
            if rel >= settings.speed_regression_threshold:
                rows.append(_row(previous.scan_id, store_id, "*", "speed_regression",
                                 f"{metric} ({profile})", None, r["before"], r["now"], rel,
                                 f"median {metric} {r['before']:g} → {r['now']:g} ({rel:+.0%},"
                                 f" {profile})"))
    return rows


def review_changes(current, previous, settings) -> list[tuple]:
    from benchmark.from_history import new_reviews

    weeks = weeks_between(previous.scan_date, current.scan_date)
    both = (current.new_reviews if previous is current.previous
            else new_reviews(current.offers, previous.offers))
    per_store = aggregate(both, ["store_id"], {"added": ("new", "sum"),
                                               "products": ("new", "size")})
    rows = []
    for store_id, added, products in zip(per_store["store_id"].tolist(),
                                         per_store["added"].tolist(),
                                         per_store["products"].tolist()):
        if added > 0:
            rows.append(_row(previous.scan_id, store_id, "*", "review_velocity", "store", None,
                             None, added / weeks, added,
                             f"{added:g} new reviews on {products} products in {weeks:g} "
                             "weeks (value: per week)"))
    big = both[both["new"] / weeks >= settings.product_review_velocity]
    for r in big.itertuples(index=False):
        rows.append(_row(previous.scan_id, r.store_id,
                         r.market if isinstance(r.market, str) else "*", "review_velocity",
                         r.offer_key, r.title, None, r.new / weeks, r.new,
                         f"{r.previous:g} → {r.now:g} reviews in {weeks:g} weeks "
                         "(value: per week)", r.url))
    return rows


def changes(current, previous, settings) -> pd.DataFrame:
    """Every change from ``previous`` to ``current`` (``CHANGE_COLUMNS``); empty without one."""
    if previous is None:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    rows = [*offer_changes(current, previous, settings),
            *delivery_changes(current, previous, settings),
            *technology_changes(current, previous),
            *speed_changes(current, previous, settings),
            *review_changes(current, previous, settings)]
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return out.sort_values(["store_id", "kind", "market", "subject"]).reset_index(drop=True)
