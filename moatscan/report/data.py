"""The brief's tables, read from the database for one complete scan (pandas in, pandas out).

Every table carries the evidence a reader can follow: the page (``evidence_url``) and, for a
score, the indicator that drives it with the text saying what it was computed from.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

import pandas as pd

LAYERS = ["traffic", "operations", "technology", "ecosystem"]
_URL = re.compile(r"https?://[^\s)\"'<>,;]+")


class ReportError(Exception):
    """The brief cannot be written (no database, no complete scan, an unknown scan)."""


@dataclass
class BriefData:
    """Everything the brief shows, for one complete scan."""

    scan: dict
    previous_scan: dict | None
    seller: dict | None
    ranking: pd.DataFrame
    gaps: pd.DataFrame
    """Where the seller is behind over all markets, biggest gap first."""
    gaps_by_market: pd.DataFrame
    """The same per market."""
    advantages: pd.DataFrame
    overall_gaps: pd.DataFrame
    """Every competitor and layer over all markets (for the heat map), ties included."""
    changes: pd.DataFrame
    price_position: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def resolve_scan(conn: sqlite3.Connection, ref: str | int = "latest") -> dict:
    """The complete scan named by ``ref`` (an id, or ``latest``), as a dict."""
    if str(ref) == "latest":
        row = conn.execute("SELECT * FROM scans WHERE status = 'complete'"
                           " ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise ReportError("no complete scan in the database yet: run `moatscan scan`")
        return dict(row)
    try:
        scan_id = int(ref)
    except ValueError:
        raise ReportError(f"--scan: {ref!r} is neither a scan id nor 'latest'") from None
    row = conn.execute("SELECT * FROM scans WHERE id = ?", [scan_id]).fetchone()
    if row is None:
        raise ReportError(f"--scan: no scan {scan_id}")
    if row["status"] != "complete":
        raise ReportError(f"--scan: scan {scan_id} is {row['status']}, not complete")
    return dict(row)


def load_brief(conn: sqlite3.Connection, scan_ref: str | int = "latest", *,
               top: int = 12) -> BriefData:
    conn.row_factory = sqlite3.Row
    scan = resolve_scan(conn, scan_ref)
    sid = scan["id"]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    notes = []
    previous = conn.execute("SELECT * FROM scans WHERE status = 'complete' AND id < ?"
                            " ORDER BY id DESC LIMIT 1", [sid]).fetchone()
    seller = conn.execute("SELECT * FROM stores WHERE role = 'seller' LIMIT 1").fetchone()
    stores = _frame(conn, "SELECT id AS store_id, name AS store, role, url AS store_url"
                          " FROM stores")
    ranking = _frame(conn, """
        SELECT m.store_id, m.market, m.score AS moat_index, m.coverage,
          max(CASE WHEN l.layer = 'traffic' THEN l.score END) AS traffic,
          max(CASE WHEN l.layer = 'operations' THEN l.score END) AS operations,
          max(CASE WHEN l.layer = 'technology' THEN l.score END) AS technology,
          max(CASE WHEN l.layer = 'ecosystem' THEN l.score END) AS ecosystem
        FROM moat_index AS m LEFT JOIN layer_scores AS l
          ON l.scan_id = m.scan_id AND l.store_id = m.store_id AND l.market = m.market
        WHERE m.scan_id = ? GROUP BY m.store_id, m.market""", [sid])
    ranking = _with_stores(ranking, stores).sort_values(
        ["market", "moat_index"], ascending=[True, False], na_position="last")

    gaps = _with_stores(_frame(conn, """
        SELECT store_id, market, layer, seller_score, competitor_score, gap, copy_difficulty
        FROM gaps WHERE scan_id = ? AND gap IS NOT NULL""", [sid]), stores)
    values = _frame(conn, """
        SELECT v.store_id, v.market, v.layer, v.indicator, v.value, v.normalised, v.weight,
          v.evidence, b.unit, b.description AS indicator_description
        FROM indicator_values AS v LEFT JOIN benchmark_indicators AS b
          ON b.scan_id = v.scan_id AND b.indicator = v.indicator
        WHERE v.scan_id = ? AND coalesce(b.private, 0) = 0""", [sid])
    seller_id = seller["id"] if seller else None
    gaps = _explain(gaps, values, seller_id, seller["url"] if seller else None)
    order = {layer: i for i, layer in enumerate(LAYERS)}
    gaps["layer_position"] = gaps["layer"].map(order)
    behind = gaps[gaps["gap"] > 0].sort_values(["gap", "layer_position"], ascending=[False, False])
    ahead = gaps[gaps["gap"] < 0].sort_values(["gap", "layer_position"], ascending=[True, False])
    columns = ["layer", "copy_difficulty", "competitor", "market", "seller_score",
               "competitor_score", "gap", "driver", "driver_evidence", "evidence_url"]
    overall = behind["market"] == "*"
    gaps_out = behind[overall][columns].head(top).reset_index(drop=True)
    gaps_by_market = behind[~overall][columns].reset_index(drop=True)
    advantages = ahead[ahead["market"] == "*"][columns].head(top).reset_index(drop=True)

    if "changes" in tables and previous is not None:
        changes = _with_stores(_frame(conn, """
            SELECT c.store_id, c.market, c.kind, c.subject, c.title, c.previous_value, c.value,
              c.delta, c.detail, c.evidence_url
            FROM changes AS c JOIN scans AS p ON p.id = c.previous_scan_id
            WHERE c.scan_id = ? AND p.status = 'complete'
            ORDER BY c.kind, abs(coalesce(c.delta, 0)) DESC, c.store_id""", [sid]), stores)
        changes = changes[["store", "market", "kind", "subject", "title", "previous_value",
                           "value", "delta", "detail", "evidence_url"]]
    else:
        changes = pd.DataFrame(columns=["store", "market", "kind", "subject", "title",
                                        "previous_value", "value", "delta", "detail",
                                        "evidence_url"])
        notes.append("No earlier complete scan to compare with yet." if previous is None
                     else "This database has no changes table yet.")

    prices = _with_stores(_frame(conn, """
        SELECT store_id, market, "index" AS price_index, matched_products,
          cross_market_products, base_currency, rate_date
        FROM price_index WHERE scan_id = ?""", [sid]), stores)
    prices = prices[prices["role"] != "seller"].sort_values(["market", "price_index"])
    prices = prices.drop(columns="competitor").rename(
        columns={"store": "competitor", "store_url": "evidence_url"})[
        ["competitor", "market", "price_index", "matched_products", "cross_market_products",
         "base_currency", "rate_date", "evidence_url"]].reset_index(drop=True)
    return BriefData(scan=scan, previous_scan=dict(previous) if previous else None,
                     seller=dict(seller) if seller else None, ranking=ranking,
                     overall_gaps=gaps[gaps["market"] == "*"][columns].reset_index(drop=True),
                     gaps=gaps_out, gaps_by_market=gaps_by_market, advantages=advantages, changes=changes.reset_index(drop=True),
                     price_position=prices, notes=notes)


def _frame(conn: sqlite3.Connection, sql: str, params=()) -> pd.DataFrame:
    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame([tuple(row) for row in cursor.fetchall()], columns=columns)


def _with_stores(frame: pd.DataFrame, stores: pd.DataFrame) -> pd.DataFrame:
    merged = frame.merge(stores, on="store_id", how="left")
    merged["store"] = merged["store"].fillna(merged["store_id"])
    merged["competitor"] = merged["store"]
    return merged


def _explain(gaps: pd.DataFrame, values: pd.DataFrame, seller_id: str | None,
             seller_url: str | None) -> pd.DataFrame:
    """Add the indicator that drives each gap most, its evidence text and an evidence URL.

    The driver is the indicator of the layer with the largest weighted difference of
    normalised values in the gap's direction; a market's own value is preferred, the
    store-wide value (market ``*``) used otherwise.
    """
    drivers, texts, urls = [], [], []
    for row in gaps.itertuples(index=False):
        comp = _values_for(values, row.store_id, row.market, row.layer)
        mine = _values_for(values, seller_id, row.market, row.layer)
        both = comp.merge(mine[["normalised"]].rename(columns={"normalised": "normalised_seller"}),
                          left_index=True, right_index=True)
        both = both.dropna(subset=["normalised", "normalised_seller"])
        both["push"] = (both["normalised"] - both["normalised_seller"]) * both["weight"]
        if row.gap < 0:
            both["push"] = -both["push"]
        both = both[both["push"] > 0].sort_values("push", ascending=False)
        if both.empty:
            drivers.append(None)
            texts.append(None)
            urls.append(row.store_url if row.gap > 0 else seller_url)
            continue
        best = both.iloc[0]
        source = best if row.gap > 0 else mine.loc[best.name]
        drivers.append(best.name)
        texts.append(source["evidence"])
        found = _URL.search(source["evidence"] or "")
        fallback = row.store_url if row.gap > 0 else seller_url
        urls.append(found.group(0).rstrip(".:") if found else fallback)
    gaps = gaps.copy()
    gaps["driver"], gaps["driver_evidence"], gaps["evidence_url"] = drivers, texts, urls
    return gaps


def _values_for(values: pd.DataFrame, store_id, market: str, layer: str) -> pd.DataFrame:
    rows = values[(values["store_id"] == store_id) & (values["layer"] == layer)
                  & values["market"].isin([market, "*"])].copy()
    rows["own_market"] = rows["market"] == market
    rows = rows.sort_values("own_market", ascending=False).drop_duplicates("indicator")
    return rows.set_index("indicator")

