"""Benchmarking a series of scans on several workers gives what scan-by-scan runs give."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from benchmark import run_benchmark
from benchmark.bench_year import make_year
from benchmark.run import OUTPUT_TABLES, BenchmarkError, run_benchmarks
from benchmark.series import spans
from moatscan.cli import cli
from moatscan.db import open_db

WEEKS = 5


def _year_db(path):
    """``WEEKS`` complete weekly scans of 4 generated stores (benchmark.bench_year)."""
    db = open_db(path)
    year = make_year(WEEKS, 4, 40, seed=3)
    first = year[0]
    db["stores"].insert_all(first["stores"].to_dict("records"))
    db["markets"].insert_all(first["markets"].to_dict("records"))
    db["exchange_rates"].insert_all(first["exchange_rates"].to_dict("records"))
    for week in year:
        scan_id = week["scan_id"]
        db["scans"].insert({"id": scan_id, "status": "complete", "scan_date": week["scan_date"],
                            "started_at": week["scan_date"], "base_currency": "USD"})
        for table in ("offers", "pages", "store_signals"):
            frame = week[table].assign(scan_id=scan_id)
            db[table].insert_all(frame.astype(object).where(frame.notna(), None)
                                 .to_dict("records"))
    return db


def _dump(db) -> dict[str, list]:
    return {t: list(db.query(f"SELECT * FROM [{t}] ORDER BY 1, 2, 3, 4, 5")) for t in OUTPUT_TABLES}


def test_spans_are_consecutive_and_even():
    assert spans(5, 2) == [range(0, 3), range(3, 5)]
    assert spans(2, 4) == [range(0, 1), range(1, 2)]
    assert spans(52, 1) == [range(0, 52)]
    assert [len(s) for s in spans(52, 3)] == [18, 17, 17]


def test_all_scans_on_two_workers_equal_one_at_a_time(tmp_path):
    path = tmp_path / "year.db"
    db = _year_db(path)
    for scan_id in range(1, WEEKS + 1):
        run_benchmark(db, scan_id)
    one_by_one = _dump(db)
    assert len({r["scan_id"] for r in one_by_one["changes"]}) == WEEKS - 1
    for table in OUTPUT_TABLES:
        db.execute(f"DELETE FROM [{table}]")
    db.conn.commit()

    got = CliRunner().invoke(cli, ["benchmark", "--db", str(path), "--scan", "all",
                                   "--jobs", "2"])
    assert got.exit_code == 0, got.output
    assert f"Benchmarking {WEEKS} complete scans with 2 worker(s)" in got.output
    assert f"[{WEEKS}/{WEEKS}] Scan {WEEKS}: previous_scan_id={WEEKS - 1}" in got.output
    assert _dump(db) == one_by_one


def test_a_failed_scan_in_the_series_is_refused_before_any_work(tmp_path):
    path = tmp_path / "year.db"
    db = _year_db(path)
    db["scans"].update(3, {"status": "failed"})
    with pytest.raises(BenchmarkError, match="scan 3 failed"):
        list(run_benchmarks(path, [1, 2, 3], jobs=2))
    assert db["layer_scores"].count == 0


def test_jobs_goes_with_all(tmp_path):
    path = tmp_path / "year.db"
    _year_db(path)
    got = CliRunner().invoke(cli, ["benchmark", "--db", str(path), "--jobs", "2"])
    assert got.exit_code != 0 and "--jobs goes with --scan all" in got.output


def test_rates_of_an_ecb_file_are_recorded_for_the_series(tmp_path):
    from tests.test_benchmark_fx import ECB, _write

    path = tmp_path / "year.db"
    db = _year_db(path)
    before = db["exchange_rates"].count
    summaries = list(run_benchmarks(path, [1, 2], fx_csv=_write(tmp_path, ECB)))
    assert [s["scan_id"] for s in summaries] == [1, 2]
    added = list(db.query("SELECT rate_date, currency, base_currency FROM exchange_rates"
                          " WHERE source LIKE 'ecb:%' ORDER BY 1, 2"))
    assert db["exchange_rates"].count == before + len(added) == before + 5
    assert {r["base_currency"] for r in added} == {"USD"}
    assert ("2026-11-20", "JPY") in {(r["rate_date"], r["currency"]) for r in added}
