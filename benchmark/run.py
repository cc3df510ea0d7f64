"""Run the benchmark on one scan: read its crawl rows, score, write the benchmark tables.

``run_benchmark`` is the only part of the benchmark that touches the database. It works on a
``running`` scan (``moatscan scan`` benchmarks a scan before it marks it complete) and on a
``complete`` one, and refuses a ``failed`` scan. Its writes replace that scan's rows in every
benchmark table inside one transaction, so running it twice leaves identical tables and a
crash half way leaves the previous result.

Changes are computed against the previous *complete* scan (``previous_complete_scan``): a
failed or still-running scan in between is skipped. The seller's private metrics are computed
only when ``private_path`` is given, into ``private_metrics`` and ``warnings`` (tables the
publishing step keeps from anonymous readers), never into the public indicator tables.

Which stores: every store with at least one ledger page, offer or signal in the scan (a store
dropped from the market file keeps its old scans but is not in new ones), and the seller even
when its own crawl found nothing, so that its gaps show as unknown rather than vanish.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import sqlite_utils

from benchmark.changes import changes
from benchmark.frames import OPTIONAL_TABLES, Frames
from benchmark.indicators import indicator_values
from benchmark.model import Model, ModelError, load_model
from benchmark.normalise import normalise
from benchmark.scores import gaps, layer_leaders, layer_scores, moat_index

__all__ = ["BenchmarkError", "ModelError", "compute", "previous_complete_scan", "read_frames",
           "run_benchmark", "run_benchmarks"]

DEFAULT_MODEL = "data/barrier_model.yaml"
OUTPUT_TABLES = ("indicator_values", "layer_scores", "moat_index", "gaps", "layer_leaders",
                 "price_index", "product_matches", "changes", "benchmark_indicators",
                 "benchmark_layers")
PRIVATE_TABLES = ("private_metrics", "warnings")
_VALUE_OUT = ["store_id", "market", "indicator", "layer", "value", "normalised", "weight",
              "direction", "n", "evidence"]


class BenchmarkError(Exception):
    """The benchmark cannot run on this scan (it does not exist or it failed)."""


def run_benchmark(db: sqlite_utils.Database, scan_id: int,
                  model_path: str | os.PathLike = DEFAULT_MODEL, *,
                  private_path: str | os.PathLike | None = None,
                  fx_csv: str | os.PathLike | None = None) -> dict:
    """Score scan ``scan_id`` with the model at ``model_path``; return counts of what was written.

    A relative ``model_path`` not found from the working directory is looked up in the
    checkout this package lives in, so the default works from any directory.
    ``fx_csv``: exchange rates in the ECB layout (``benchmark.fx``), added to
    ``exchange_rates`` in the scan's base currency before scoring. ``private_path``: the
    seller's own exports (``benchmark.private``).
    """
    model = load_model(_resolve(model_path))
    if fx_csv is not None:
        _record_rates(db, fx_csv, [scan_id])
    frames = read_frames(db, scan_id)
    tables = compute(frames, model)
    return _finish(db, _about(frames), model, tables, private_path)


def run_benchmarks(db_path: str | os.PathLike, scan_ids: list[int],
                   model_path: str | os.PathLike = DEFAULT_MODEL, *, jobs: int = 1,
                   private_path: str | os.PathLike | None = None,
                   fx_csv: str | os.PathLike | None = None) -> Iterator[dict]:
    """``run_benchmark`` for each of ``scan_ids`` (complete or running scans, oldest first),
    computed by ``jobs`` worker processes (``benchmark.series``); yields each scan's summary
    as it is written, in order. The same tables as benchmarking them one by one.
    """
    db = sqlite_utils.Database(db_path)
    model = load_model(_resolve(model_path))
    for scan_id in scan_ids:
        status = db.execute("SELECT status FROM scans WHERE id = ?", [scan_id]).fetchone()
        if status is None or status[0] == "failed":
            raise BenchmarkError(f"scan {scan_id} " + ("does not exist in this database"
                                                        if status is None else "failed"))
    if fx_csv is not None:
        _record_rates(db, fx_csv, scan_ids)
    readers: dict[int, sqlite_utils.Database] = {}

    def load(position: int, previous: Frames | None) -> Frames:
        reader = readers.get(os.getpid())
        if reader is None:   # a connection per process: none crosses a fork
            reader = readers[os.getpid()] = sqlite_utils.Database(db_path)
        frames = read_frames(reader, scan_ids[position], with_previous=False)
        previous_id = previous_complete_scan(reader, frames.scan_id)
        if previous is not None and previous.scan_id == previous_id:
            frames.previous = previous     # keeps its matches: unchanged offers reuse them
        elif previous_id is not None:
            frames.previous = read_frames(reader, previous_id, with_previous=False)
        return frames

    def keep(position: int, frames: Frames, tables: dict) -> tuple[dict, dict]:
        return _about(frames), tables

    from benchmark.series import compute_series

    try:
        for about, tables in compute_series(load, len(scan_ids), model, keep, jobs=jobs):
            yield _finish(db, about, model, tables, private_path)
    finally:
        for reader in readers.values():
            reader.close()


def _record_rates(db: sqlite_utils.Database, fx_csv: str | os.PathLike,
                  scan_ids: list[int]) -> None:
    """Add the rates of ``fx_csv`` (ECB layout) to ``exchange_rates`` in the base currency of
    each of the scans."""
    from benchmark.fx import load_ecb_csv, record_rates

    for (base,) in db.execute(
            "SELECT DISTINCT base_currency FROM scans WHERE base_currency IS NOT NULL"
            f" AND id IN ({', '.join('?' * len(scan_ids))})", scan_ids).fetchall():
        record_rates(db, load_ecb_csv(fx_csv, base))


def _about(frames: Frames) -> dict:
    """What a scan's summary says of its frames."""
    return {"scan_id": frames.scan_id, "scan_date": frames.scan_date,
            "previous_scan_id": frames.previous.scan_id if frames.previous else None,
            "stores": len(frames.stores), "seller": frames.seller_id}


def _finish(db: sqlite_utils.Database, about: dict, model: Model,
            tables: dict[str, pd.DataFrame],
            private_path: str | os.PathLike | None) -> dict:
    """Add the private metrics, write the scan's tables and return its summary (``about``:
    ``_about(frames)``)."""
    if private_path is not None:
        from benchmark.private import private_metrics

        tables["private_metrics"], tables["warnings"] = private_metrics(private_path,
                                                                        about["scan_date"])
    write_tables(db, about["scan_id"], tables)
    values = tables["indicator_values"]
    return {
        "scan_id": about["scan_id"],
        "previous_scan_id": about["previous_scan_id"],
        "model": model.path,
        "stores": about["stores"],
        "seller": about["seller"],
        "indicators": len(model.public),
        "values_with_data": int(values["value"].notna().sum()),
        "values_missing": int(values["value"].isna().sum()),
        "rows": {name: len(frame) for name, frame in tables.items()},
    }


def previous_complete_scan(db: sqlite_utils.Database, scan_id: int) -> int | None:
    """The latest complete scan before ``scan_id`` (by scan date, then id), or None."""
    row = db.execute(
        "SELECT p.id FROM scans p, scans s WHERE s.id = :id AND p.status = 'complete'"
        " AND p.id != s.id AND (p.scan_date < s.scan_date"
        "   OR (p.scan_date = s.scan_date AND p.id < s.id))"
        " ORDER BY p.scan_date DESC, p.id DESC LIMIT 1", {"id": scan_id}).fetchone()
    return row[0] if row else None


def read_frames(db: sqlite_utils.Database, scan_id: int, *,
                with_previous: bool = True) -> Frames:
    """The scan's crawl rows as ``Frames``; ``BenchmarkError`` for a missing or failed scan.

    With ``with_previous``, ``Frames.previous`` holds the previous complete scan's.
    """
    scan = db.execute("SELECT status, scan_date, base_currency, note FROM scans WHERE id = ?",
                      [scan_id]).fetchone()
    if scan is None:
        raise BenchmarkError(f"scan {scan_id} does not exist in this database")
    status, scan_date, base_currency, note = scan
    if status == "failed":
        raise BenchmarkError(
            f"scan {scan_id} failed ({note or 'no note'}); a failed scan is never benchmarked:"
            " run a new scan")

    def read(table: str) -> pd.DataFrame:
        return pd.read_sql(f"SELECT * FROM {table} WHERE scan_id = ?", db.conn,
                           params=(scan_id,))

    pages, offers, signals = read("pages"), read("offers"), read("store_signals")
    stores = pd.read_sql("SELECT * FROM stores ORDER BY id", db.conn)
    in_scan = stores["id"].isin(
        set(pages["store_id"]) | set(offers["store_id"]) | set(signals["store_id"]))
    sellers = stores[in_scan & (stores["role"] == "seller")]
    if len(sellers) > 1:
        raise BenchmarkError(f"scan {scan_id} has more than one seller store: "
                             f"{', '.join(sellers['id'])}")
    if sellers.empty and (stores["role"] == "seller").sum() == 1:
        in_scan = in_scan | (stores["role"] == "seller")   # the seller's crawl found nothing
    stores = stores[in_scan]
    optional = {}
    for table in OPTIONAL_TABLES:
        if db[table].exists() and "scan_id" in db[table].columns_dict:
            rows = read(table)
            if len(rows):
                optional[table] = rows
    previous = None
    if with_previous:
        previous_id = previous_complete_scan(db, scan_id)
        if previous_id is not None:
            previous = read_frames(db, previous_id, with_previous=False)
    decisions = (pd.read_sql("SELECT * FROM match_decisions", db.conn)
                 if db["match_decisions"].exists() else None)
    return Frames.build(
        scan_id=scan_id, scan_date=scan_date, base_currency=base_currency,
        previous=previous, decisions=decisions, **optional,
        stores=stores, pages=pages, offers=offers, store_signals=signals,
        markets=pd.read_sql("SELECT * FROM markets", db.conn),
        exchange_rates=pd.read_sql("SELECT * FROM exchange_rates", db.conn),
    )


def compute(frames: Frames, model: Model) -> dict[str, pd.DataFrame]:
    """Every benchmark table of one scan, without its scan_id column (pure: no database)."""
    values = normalise(indicator_values(frames, model))
    layers = layer_scores(values, model)
    return {
        "indicator_values": values[_VALUE_OUT],
        "layer_scores": layers,
        "moat_index": moat_index(layers, model),
        "gaps": gaps(layers, frames.seller_id),
        "layer_leaders": layer_leaders(layers, frames.seller_id),
        "price_index": frames.price_index,
        "product_matches": frames.all_matches,
        "changes": changes(frames, frames.previous, model.changes),
        "benchmark_indicators": pd.DataFrame([{
            "indicator": i.id, "layer": i.layer, "private": i.private,
            "direction": i.direction, "weight": i.weight, "scale": i.scale,
            "per_market": i.per_market, "unit": i.unit, "description": i.description,
            "function": i.function, "source_table": i.table,
            "params": json.dumps(i.params, ensure_ascii=False, sort_keys=True)
            if i.function else None,
        } for i in model.indicators]),
        "benchmark_layers": pd.DataFrame([{
            "layer": x.name, "position": x.position, "weight": x.weight,
            "copy_difficulty": x.copy_difficulty, "description": x.description,
        } for x in model.layers.values()]),
    }


def write_tables(db: sqlite_utils.Database, scan_id: int,
                 tables: dict[str, pd.DataFrame]) -> None:
    """Replace the rows of ``scan_id`` in every benchmark table, in one transaction (the
    private tables only when ``tables`` has them)."""
    with db.atomic():
        for name in (*OUTPUT_TABLES, *(t for t in PRIVATE_TABLES if t in tables)):
            db.execute(f"DELETE FROM [{name}] WHERE scan_id = ?", [scan_id])
            frame = tables[name]
            if len(frame):
                frame = frame.assign(scan_id=scan_id)
                records = frame.astype(object).where(frame.notna(), None).to_dict("records")
                db.table(name).insert_all(records)


def _resolve(model_path: str | os.PathLike) -> Path:
    path = Path(model_path)
    if path.is_absolute() or path.exists():
        return path
    in_checkout = Path(__file__).resolve().parents[1] / path
    return in_checkout if in_checkout.exists() else path
