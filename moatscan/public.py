"""The public database: what an anonymous reader may see, and nothing else.

``moatscan serve`` is the private instance (every table, the seller's private metrics
included, on 127.0.0.1). ``moatscan publish`` builds a separate SQLite file from an allowlist of
tables and columns, for complete scans only, and serves it read-only. Whatever is not on the
allowlist never reaches the file: the seller's ``private_metrics``, ``warnings``, analysts'
``match_decisions``, the private indicators of the barrier model and their values, process ids
and notes of the scans. The file is written fresh (nothing is ever deleted from it) and
VACUUMed, so no freed page keeps an old value.

A table that does not exist yet in the source (tables land one migration at a time) is skipped;
a column on the allowlist that the source lacks is skipped too.
"""

from __future__ import annotations

import copy
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("data") / "public" / "moatscan_public.db"

COMPLETE = "SELECT id FROM src.scans WHERE status = 'complete'"
PUBLIC_INDICATORS = ("SELECT indicator FROM src.benchmark_indicators AS b"
                     " WHERE b.scan_id = t.scan_id AND b.private = 0")

PUBLIC_TABLES: dict[str, list[str]] = {
    "scans": ["id", "status", "scan_date", "started_at", "finished_at", "base_currency",
              "stores", "pages", "offers"],
    "stores": ["id", "name", "url", "role", "markets"],
    "markets": ["code", "currency", "language"],
    "exchange_rates": ["rate_date", "currency", "base_currency", "rate", "source"],
    "pages": ["scan_id", "store_id", "url", "kind", "outcome", "reason", "http_status", "via",
              "fetched_at", "elapsed_ms", "bytes", "depth", "referer"],
    "offers": ["scan_id", "store_id", "offer_key", "url", "market", "title", "brand", "gtin",
               "mpn", "sku", "variant", "price", "price_raw", "currency", "regular_price",
               "availability", "rating", "review_count", "language", "source",
               "delivery_min_days", "delivery_max_days", "delivery_raw", "shipping_cost",
               "shipping_currency", "tax_included"],
    "evidence": ["scan_id", "store_id", "subject", "field", "value", "url", "source", "snippet",
                 "seen_at"],
    "store_signals": ["scan_id", "store_id", "market", "signal", "value", "url", "source"],
    "indicator_values": ["scan_id", "store_id", "market", "indicator", "layer", "value",
                         "normalised", "weight", "direction", "n", "evidence"],
    "layer_scores": ["scan_id", "store_id", "market", "layer", "score", "coverage",
                     "indicators_with_data", "indicators_total", "copy_difficulty"],
    "moat_index": ["scan_id", "store_id", "market", "score", "coverage"],
    "product_matches": ["scan_id", "seller_store_id", "seller_offer_key", "store_id",
                        "offer_key", "gtin", "method", "confidence", "seller_key", "key",
                        "score", "status", "reason"],
    "price_index": ["scan_id", "store_id", "market", "base_currency", "matched_products",
                    "cross_market_products", "index", "rate_date"],
    "gaps": ["scan_id", "store_id", "market", "layer", "seller_score", "competitor_score",
             "gap", "copy_difficulty"],
    "layer_leaders": ["scan_id", "market", "layer", "seller_score", "best_store_id",
                      "best_score", "gap", "competitors_scored", "copy_difficulty"],
    "benchmark_indicators": ["scan_id", "indicator", "layer", "private", "direction", "weight",
                             "scale", "per_market", "unit", "description", "function",
                             "source_table", "params"],
    "benchmark_layers": ["scan_id", "layer", "position", "weight", "copy_difficulty",
                         "description"],
    "changes": ["scan_id", "previous_scan_id", "store_id", "market", "kind", "subject", "title",
                "previous_value", "value", "delta", "detail", "evidence_url"],
    "technologies": ["scan_id", "store_id", "name", "category", "layer", "categories",
                     "version", "confidence", "url", "evidence", "source", "first_scan_id",
                     "last_scan_id"],
    "site_speed": ["scan_id", "store_id", "url", "page_kind", "profile", "runs", "ttfb_ms",
                   "fcp_ms", "lcp_ms", "cls", "tbt_ms", "bytes", "requests",
                   "third_party_share", "conditions"],
    "speed_runs": ["scan_id", "store_id", "url", "profile", "run", "ttfb_ms", "fcp_ms",
                   "lcp_ms", "cls", "tbt_ms", "bytes", "requests", "third_party_share",
                   "load_ms", "error", "measured_at"],
}
"""Table -> the columns an anonymous reader may see. Nothing else is copied."""

ROW_FILTERS: dict[str, str] = {
    "scans": "t.status = 'complete'",
    "indicator_values": f"t.scan_id IN ({COMPLETE}) AND t.indicator IN ({PUBLIC_INDICATORS})",
    "benchmark_indicators": f"t.scan_id IN ({COMPLETE}) AND t.private = 0",
    "changes": f"t.scan_id IN ({COMPLETE}) AND t.previous_scan_id IN ({COMPLETE})",
}
"""Rows kept per table; every other table with a scan_id keeps the complete scans' rows."""

PRIVATE_TABLES = frozenset({"private_metrics", "warnings", "match_decisions"})
"""Tables known to be private: their metadata and stored queries are left out of the public
metadata. (Any table missing from PUBLIC_TABLES stays out of the file regardless.)"""


@dataclass
class PublicBuild:
    """What ``build_public_db`` wrote."""

    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    """Rows copied per table."""
    skipped: list[str] = field(default_factory=list)
    """Source tables left out (private, or not on the allowlist)."""


class PublishError(Exception):
    """The public database could not be built."""


def build_public_db(source: str | os.PathLike, out: str | os.PathLike = DEFAULT_OUT
                    ) -> PublicBuild:
    """Write the public copy of ``source`` to ``out`` (replacing it atomically)."""
    source, out = Path(source), Path(out)
    if not source.is_file():
        raise PublishError(f"no database at {source}: run `moatscan scan` first")
    if source.resolve() == out.resolve():
        raise PublishError("--out must differ from --db")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    build = PublicBuild(path=out)
    conn = sqlite3.connect(partial.resolve().as_uri(), uri=True)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("ATTACH DATABASE ? AS src", [source.resolve().as_uri() + "?mode=ro"])
        source_tables = {row[0] for row in conn.execute(
            "SELECT name FROM src.sqlite_master WHERE type = 'table'")}
        if "scans" not in source_tables:
            raise PublishError(f"{source} is not a moatscan database (no scans table)")
        build.skipped = sorted(source_tables - set(PUBLIC_TABLES))
        with conn:
            for table, allowed in PUBLIC_TABLES.items():
                if table in source_tables:
                    build.rows[table] = _copy_table(conn, table, allowed)
        conn.execute("DETACH DATABASE src")
        conn.execute("VACUUM")
    except sqlite3.Error as exc:
        raise PublishError(f"building {out} failed: {exc}") from None
    finally:
        conn.close()
    os.replace(partial, out)
    return build


def _copy_table(conn: sqlite3.Connection, table: str, allowed: list[str]) -> int:
    info = conn.execute(f"PRAGMA src.table_info({_quote(table)})").fetchall()
    declared = {row[1]: row[2] for row in info}
    pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
    columns = [c for c in allowed if c in declared]
    parts = [f"{_quote(c)} {declared[c]}".rstrip() for c in columns]
    if pk and set(pk) <= set(columns):
        parts.append(f"PRIMARY KEY ({', '.join(map(_quote, pk))})")
    conn.execute(f"CREATE TABLE {_quote(table)} ({', '.join(parts)})")
    where = ROW_FILTERS.get(table)
    if where is None and "scan_id" in declared:
        where = f"t.scan_id IN ({COMPLETE})"
    select = ", ".join(f"t.{_quote(c)}" for c in columns)
    cursor = conn.execute(f"INSERT INTO main.{_quote(table)} ({', '.join(map(_quote, columns))})"
                          f" SELECT {select} FROM src.{_quote(table)} AS t"
                          f" WHERE {where or 'TRUE'}")
    for name, sql in conn.execute("SELECT name, sql FROM src.sqlite_master WHERE type = 'index'"
                                  " AND tbl_name = ? AND sql IS NOT NULL", [table]).fetchall():
        indexed = [row[2] for row in conn.execute(f"PRAGMA src.index_info({_quote(name)})")]
        if indexed and set(indexed) <= set(columns):
            conn.execute(sql)
    return cursor.rowcount


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- metadata -------------------------------------------------------------------------------

_TABLE_REF = re.compile(r"\b(?:FROM|JOIN)\s+[\"\[`]?(\w+)", re.I)


def tables_used(sql: str) -> set[str]:
    """Names following FROM or JOIN in ``sql`` (CTE names included; intersect with tables)."""
    return set(_TABLE_REF.findall(sql))


def public_metadata(metadata: dict[str, Any], db_name: str,
                    public_columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """``metadata`` (already named for ``db_name``) without anything private.

    Drops the private tables, the columns not on the allowlist, every stored query and
    dashboard chart that reads a table absent from the public file, and filters whose query
    does; a dashboard left without charts is dropped.
    """
    public_columns = public_columns or PUBLIC_TABLES
    metadata = copy.deepcopy(metadata)
    metadata["description"] = (metadata.get("description", "").rstrip()
                               + " This is the public copy: complete scans only, without the"
                                 " seller's private metrics.").strip()
    private = set(PRIVATE_TABLES)
    database = (metadata.get("databases") or {}).get(db_name) or {}
    tables = database.get("tables") or {}
    for table in list(tables):
        if table not in public_columns:
            del tables[table]
            if not table.startswith("_"):
                private.add(table)
            continue
        for key in ("columns", "units"):
            for column in list(tables[table].get(key) or {}):
                if column not in public_columns[table]:
                    del tables[table][key][column]
    queries = database.get("queries") or {}
    for name in list(queries):
        if tables_used(queries[name]["sql"]) & private:
            del queries[name]
    dashboards = (metadata.get("plugins") or {}).get("datasette-dashboards") or {}
    for slug in list(dashboards):
        dashboard = dashboards[slug]
        charts = dashboard.get("charts") or {}
        dropped = {name for name, chart in charts.items()
                   if tables_used(chart.get("query") or "") & private}
        for name in dropped:
            del charts[name]
        for name, dfilter in list((dashboard.get("filters") or {}).items()):
            if tables_used(dfilter.get("query") or "") & private:
                del dashboard["filters"][name]
        if not charts:
            del dashboards[slug]
            continue
        if dropped and "layout" in dashboard:
            dashboard["layout"] = [[slot if slot not in dropped else "." for slot in row]
                                   for row in dashboard["layout"]]
    return metadata
