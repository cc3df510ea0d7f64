"""Indicators read from ``store_signals``: what the crawler saw on each store's home page.

A store without the signal's row has no data (the home page was not read); a row holding an
empty list is a real zero (the page was read and had none).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pandas as pd

from benchmark.columns import group_codes
from benchmark.registry import indicator, result

_SHOWN = 5  # items quoted in an evidence text


def signal_items(text) -> list[str] | None:
    """A list signal's items: '["a", "b"]' -> ["a", "b"]; unreadable -> None."""
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    return None


def _signal(frames, signal: str) -> pd.DataFrame:
    """One row per store: its store-wide ('*') row, else the row of its first market."""
    return frames.store_signal_rows.get(signal, frames.store_signals.iloc[:0])


def _host(item: str) -> str:
    host = urlsplit(item if "//" in item else f"//{item}").hostname or item.lower()
    return re.sub(r"^(www|m|mobile)\.", "", host)


def _quote(items: list[str]) -> str:
    more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return ", ".join(items[:_SHOWN]) + more


def _check_distinct(signal: str, distinct: str = "item") -> str | None:
    if distinct not in ("item", "host"):
        return f"distinct must be 'item' or 'host', not {distinct!r}"
    return None


@indicator("signal_list_count", reads=("store_signals",), check=_check_distinct)
def signal_list_count(frames, signal: str, distinct: str = "item") -> pd.DataFrame:
    """Number of distinct items (or web hosts) in a JSON-list signal; x-default not counted."""
    rows = []
    for row in _signal(frames, signal).itertuples():
        items = signal_items(row.value)
        if items is None:
            continue
        keys = {_host(i) if distinct == "host" else i.lower() for i in items} - {"x-default"}
        where = f" on {row.url}" if isinstance(row.url, str) else ""
        what = "sites" if distinct == "host" else "items"
        rows.append((row.store_id, "*", len(keys), len(items),
                     f"{len(keys)} {what} in {signal}{where}: {_quote(sorted(keys))}"
                     if keys else f"no {signal}{where}"))
    return result(rows)


@indicator("signal_number", reads=("store_signals",))
def signal_number(frames, signal: str) -> pd.DataFrame:
    """A signal whose value is a number written as text (e.g. sitemap_urls)."""
    rows = []
    for row in _signal(frames, signal).itertuples():
        value = pd.to_numeric(row.value, errors="coerce")
        if pd.notna(value):
            where = f" ({row.url})" if isinstance(row.url, str) else ""
            rows.append((row.store_id, "*", float(value), 1, f"{signal} = {row.value}{where}"))
    return result(rows)


def _check_patterns(signals: list[str], patterns: dict) -> str | None:
    if not isinstance(signals, list) or not signals:
        return "signals must be a non-empty list of signal names"
    if not isinstance(patterns, dict) or not patterns:
        return "patterns must map a group name to a regular expression"
    for group, pattern in patterns.items():
        try:
            re.compile(str(pattern))
        except re.error as error:
            return f"pattern {group!r} is not a valid regular expression: {error}"
    return None


@indicator("signal_patterns", reads=("store_signals",), check=_check_patterns)
def signal_patterns(frames, signals: list[str], patterns: dict[str, str]) -> pd.DataFrame:
    """How many pattern groups match an item of the listed signals (case-insensitive).

    ``patterns`` maps a group (e.g. ``live_chat``) to a regular expression; the value is the
    number of groups found, 0 to len(patterns). No data when none of the signals was recorded.
    """
    compiled = {group: re.compile(str(p), re.IGNORECASE) for group, p in patterns.items()}
    wanted = frames.store_signals[frames.store_signals["signal"].isin(signals)]
    rows = []
    for store_id, group_rows in wanted.groupby("store_id", sort=True):
        lists = [signal_items(value) for value in group_rows["value"]]
        if all(items is None for items in lists):
            continue
        items = [item for items in lists if items for item in items]
        found = {}
        for group, regex in compiled.items():
            hit = next((item for item in items if regex.search(item)), None)
            if hit is not None:
                found[group] = hit
        shown = "; ".join(f"{g}: {_host(h)}{urlsplit(h).path[:40]}" for g, h in found.items())
        missing = [g for g in compiled if g not in found]
        text = (shown or "none found") + (f" (not found: {', '.join(missing)})"
                                          if found and missing else "")
        rows.append((store_id, "*", len(found), len(items),
                     f"{text} among {len(items)} items of {', '.join(signals)}"))
    return result(rows)


def _primary(tag) -> str | None:
    """'de-DE' -> 'de'; 'x-default' and empty -> None."""
    if not isinstance(tag, str):
        return None
    primary = re.split(r"[-_]", tag.strip().lower())[0]
    return primary if primary and primary != "x" else None


@indicator("local_language", reads=("store_signals", "offers", "markets", "stores"),
           per_market=True)
def local_language(frames) -> pd.DataFrame:
    """1 when the store speaks the market's language (<html lang>, hreflang, offers), else 0.

    Over all markets ('*'), the share of the store's markets it speaks. A store with no
    language information at all (no language or hreflang signal, no offer language) has none.
    """
    signals = frames.store_signals
    spoken: dict[str, dict[str, set]] = {}
    for row in signals[signals["signal"].isin(["language", "hreflang"])].itertuples():
        tags = signal_items(row.value) if row.signal == "hreflang" else [row.value]
        for tag in tags or []:
            if _primary(tag):
                spoken.setdefault(row.store_id, {}).setdefault(_primary(tag), set()).add(
                    "html lang" if row.signal == "language" else "hreflang")
    _, offers = group_codes(frames.offers, ["store_id", "market", "language"], sort=False)
    in_cell: dict[tuple, list] = {}
    for store_id, market, tag in zip(offers["store_id"].tolist(), offers["market"].tolist(),
                                     offers["language"].tolist()):
        in_cell.setdefault((store_id, market), []).append(tag)
    languages = dict(zip(frames.markets["code"], frames.markets["language"].map(_primary)))
    rows = []
    for market_row in frames.store_markets.itertuples():
        wanted = languages.get(market_row.market)
        known = {k: set(v) for k, v in spoken.get(market_row.store_id, {}).items()}
        for tag in in_cell.get((market_row.store_id, market_row.market), []):
            if _primary(tag):
                known.setdefault(_primary(tag), set()).add("offers")
        if wanted is None or not known:
            continue
        if wanted in known:
            text = f"{wanted} in {', '.join(sorted(known[wanted]))}"
        else:
            text = f"{wanted} not among {', '.join(sorted(known))}"
        rows.append((market_row.store_id, market_row.market, float(wanted in known), 1, text))
    per_store: dict[str, list[tuple[str, float]]] = {}
    for store_id, market, value, _, _ in rows:
        per_store.setdefault(store_id, []).append((market, value))
    for store_id, markets in per_store.items():
        spoken_in = sorted(market for market, value in markets if value == 1)
        rows.append((store_id, "*", sum(value for _, value in markets) / len(markets),
                     len(markets), f"{len(spoken_in)} of {len(markets)} markets in their "
                     "language" + (f" ({', '.join(spoken_in)})" if spoken_in else "")))
    return result(sorted(rows, key=lambda row: (row[0], row[1])))
