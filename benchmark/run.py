"""Run the benchmark on one scan: read its crawl rows, score, write the benchmark tables.

``run_benchmark`` is the only part of the benchmark that touches the database. It works on a
``running`` scan (``moatscan scan`` benchmarks a scan before it marks it complete) and on a
``complete`` one, and refuses a ``failed`` scan. Its writes replace that scan's rows in every
benchmark table inside one transaction, so running it twice leaves identical tables and a
crash half way leaves the previous result.

Which stores: every store with at least one ledger page, offer or signal in the scan (a store
dropped from the market file keeps its old scans but is not in new ones), and the seller even
when its own crawl found nothing, so that its gaps show as unknown rather than vanish.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import sqlite_utils

from benchmark.frames import Frames
from benchmark.indicators import indicator_values
from benchmark.model import Model, ModelError, load_model
from benchmark.normalise import normalise
from benchmark.scores import gaps, layer_scores, moat_index

__all__ = ["BenchmarkError", "ModelError", "compute", "read_frames", "run_benchmark"]

DEFAULT_MODEL = "data/barrier_model.yaml"
OUTPUT_TABLES = ("indicator_values", "layer_scores", "moat_index", "gaps", "price_index",
                 "product_matches", "benchmark_indicators", "benchmark_layers")
_VALUE_OUT = ["store_id", "market", "indicator", "layer", "value", "normalised", "weight",
              "direction", "n", "evidence"]


class BenchmarkError(Exception):
    """The benchmark cannot run on this scan (it does not exist or it failed)."""


def run_benchmark(db: sqlite_utils.Database, scan_id: int,
                  model_path: str | os.PathLike = DEFAULT_MODEL) -> dict:
    """Score scan ``scan_id`` with the model at ``model_path``; return counts of what was written.

    A relative ``model_path`` not found from the working directory is looked up in the
    checkout this package lives in, so the default works from any directory.
    """
    model = load_model(_resolve(model_path))
    frames = read_frames(db, scan_id)
    tables = compute(frames, model)
    write_tables(db, scan_id, tables)
    values = tables["indicator_values"]
    return {
        "scan_id": scan_id,
        "model": model.path,
        "stores": len(frames.stores),
        "seller": frames.seller_id,
        "indicators": len(model.public),
        "values_with_data": int(values["value"].notna().sum()),
        "values_missing": int(values["value"].isna().sum()),
        "rows": {name: len(frame) for name, frame in tables.items()},
    }


def read_frames(db: sqlite_utils.Database, scan_id: int) -> Frames:
    """The scan's crawl rows as ``Frames``; ``BenchmarkError`` for a missing or failed scan."""
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
    return Frames.build(
        scan_id=scan_id, scan_date=scan_date, base_currency=base_currency,
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
        "price_index": frames.price_index,
        "product_matches": frames.matches,
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
    """Replace the rows of ``scan_id`` in every benchmark table, in one transaction."""
    with db.atomic():
        for name in OUTPUT_TABLES:
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
