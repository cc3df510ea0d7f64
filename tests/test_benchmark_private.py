"""The seller's private metrics: hand-computed on a few rows, warnings, clear errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark import run_benchmark
from benchmark.private import (
    PrivateDataError,
    cac_metrics,
    channel_metrics,
    order_metrics,
    private_metrics,
    warnings,
)
from moatscan.db import open_db

CHANNELS = pd.DataFrame({
    "date": ["2026-10-01", "2026-10-01", "2026-10-01", "2026-07-01", "2026-07-01"],
    "channel": ["amazon", "google", "email", "amazon", "google"],
    "sessions": [600.0, 300.0, 100.0, 500.0, 500.0],
    "orders": [70.0, 20.0, 10.0, 50.0, 50.0],
    "cost": [700.0, 300.0, 0.0, 400.0, 400.0],
})
ORDERS = pd.DataFrame({
    "order_id": ["1", "2", "3", "4", "5"],
    "customer_id": ["a", "a", "b", "c", "c"],
    "date": ["2026-07-02", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-20"],
    "total": [50.0, 30.0, 40.0, 20.0, 60.0],
    "first_order_profit": [10.0, None, 8.0, 3.0, None],
})
WINDOW = ("2026-08-25", "2026-11-23", "2026-05-27")   # start, end, previous start (90 days)


def _metrics(rows):
    return pd.DataFrame(rows, columns=["metric", "value", "unit", "detail"]).astype(
        {"metric": "str", "value": "float64", "unit": "str", "detail": "str"})


def test_channel_concentration_by_hand():
    got = channel_metrics(CHANNELS, WINDOW[0], WINDOW[1])
    # orders in the window: amazon 70, google 20, email 10 of 100
    want = _metrics([
        ("channel_concentration", 0.7, "share of orders (0-1)",
         "amazon: 70 of 100 orders, 2026-08-25 to 2026-11-23"),
        ("channel_hhi", 0.7 ** 2 + 0.2 ** 2 + 0.1 ** 2, "HHI (0-1)",
         "amazon 70%, google 20%, email 10%"),
        ("top_channel_sessions_share", 0.6, "share of sessions (0-1)",
         "amazon: 600 of 1000 sessions"),
    ])
    assert_frame_equal(got, want)


def test_cac_by_hand():
    got = cac_metrics(CHANNELS, ORDERS, WINDOW[0], WINDOW[1], WINDOW[2])
    # window: cost 1000, new customers b and c (a's first order is in July) -> 500;
    # before: cost 800, new customer a -> 800; trend 500 / 800 - 1
    assert got["metric"].tolist() == ["cac", "cac_previous", "cac_trend"]
    assert got["value"].tolist() == pytest.approx([500.0, 800.0, 500 / 800 - 1])


def test_repurchase_ltv_and_first_order_profit_by_hand():
    got = order_metrics(ORDERS, WINDOW[1], gross_margin=0.5, first_order_profit=None)
    # customers a (2 orders, 80), b (1, 40), c (2, 80): 2 of 3 repeat; revenue 200 / 3
    assert got["metric"].tolist() == ["repurchase_rate", "ltv", "first_order_profit"]
    assert got["value"].tolist() == pytest.approx([2 / 3, 200 / 3 * 0.5, (10 + 8 + 3) / 3])


def test_warnings_at_the_threshold():
    metrics = _metrics([("channel_concentration", 0.6, "", "amazon: 60 of 100"),
                        ("top_channel_sessions_share", 0.59, "", "amazon: 59 of 100"),
                        ("cac", 12.0, "", ""), ("first_order_profit", 12.0, "", "")])
    got = warnings(metrics, 0.6)
    assert got["kind"].tolist() == ["channel_concentration", "cac_above_first_order_profit"]
    assert got["value"].tolist() == [0.6, 12.0]
    assert got["threshold"].tolist() == [0.6, 12.0]
    assert "(amazon)" in got["message"].iloc[0]
    assert warnings(metrics, 0.61)["kind"].tolist() == ["cac_above_first_order_profit"]


def test_demo_fixture_is_marked_and_loads():
    root = Path(__file__).resolve().parents[1] / "data" / "private"
    assert "DEMO DATA" in (root / "README.md").read_text(encoding="utf-8")
    metrics, warned = private_metrics(root, "2026-11-23")
    assert {"channel_concentration", "channel_hhi", "cac_trend", "repurchase_rate",
            "ltv", "nps"} <= set(metrics["metric"])
    assert "channel_concentration" in set(warned["kind"])


@pytest.mark.parametrize("name, text, message", [
    ("channels.csv", "date,channel,sessions,orders\n", "missing column 'cost'"),
    ("channels.csv", "date,channel,sessions,orders,cost\n2026-13-01,a,1,1,1\n",
     "line 2: date '2026-13-01' is not YYYY-MM-DD"),
    ("channels.csv", "date,channel,sessions,orders,cost\n2026-10-01,a,1,x,1\n",
     "line 2: orders: 'x' is not a number"),
    ("private.yaml", "window_days: ninety\n", "window_days: must be a number"),
    ("private.yaml", "colour: red\n", "colour: unknown key"),
])
def test_errors_name_the_file_and_problem(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(PrivateDataError) as error:
        private_metrics(tmp_path, "2026-11-23")
    assert str(error.value).startswith(str(tmp_path / name))
    assert message in str(error.value)


def test_run_benchmark_keeps_private_metrics_out_of_public_tables(tmp_path):
    db = open_db(tmp_path / "m.db")
    db["scans"].insert({"id": 1, "status": "running", "scan_date": "2026-11-23",
                        "started_at": "2026-11-23T06:00:00", "base_currency": "USD"})
    db["stores"].insert({"id": "me", "name": "Me", "url": "http://me/", "role": "seller",
                         "markets": '["US"]'})
    root = Path(__file__).resolve().parents[1] / "data" / "private"
    run_benchmark(db, 1, private_path=root)
    assert db["private_metrics"].count >= 10
    assert db["warnings"].count >= 1
    public = {r[0] for r in db.execute("SELECT DISTINCT indicator FROM indicator_values")}
    assert not public & {"channel_concentration", "cac_trend", "repurchase_rate", "ltv", "nps"}
    run_benchmark(db, 1)   # without private data: the private rows stay as they were
    assert db["private_metrics"].count >= 10
