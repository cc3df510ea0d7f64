"""Exchange rates from a CSV in the ECB reference-rate layout."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchmark.fx import FxError, load_ecb_csv, record_rates
from moatscan.db import open_db

ECB = """Date,USD,JPY,GBP,
2026-11-20,1.0400,160.00,0.8300,
2026-11-19,1.0000,N/A,0.8000,
"""


def _write(tmp_path, text: str):
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rates_in_the_base_currency(tmp_path):
    got = load_ecb_csv(_write(tmp_path, ECB), "USD")
    want = pd.DataFrame([
        ("2026-11-19", "EUR", "USD", 1 / 1.0, "ecb:eurofxref-hist.csv"),
        ("2026-11-19", "GBP", "USD", 0.80 / 1.0, "ecb:eurofxref-hist.csv"),
        ("2026-11-20", "EUR", "USD", 1 / 1.04, "ecb:eurofxref-hist.csv"),
        ("2026-11-20", "GBP", "USD", 0.83 / 1.04, "ecb:eurofxref-hist.csv"),
        ("2026-11-20", "JPY", "USD", 160 / 1.04, "ecb:eurofxref-hist.csv"),
    ], columns=["rate_date", "currency", "base_currency", "rate", "source"])
    assert_frame_equal(got, want, check_dtype=False)


def test_euro_base_keeps_the_file_as_it_is(tmp_path):
    got = load_ecb_csv(_write(tmp_path, ECB), "EUR")
    assert got[got["rate_date"] == "2026-11-20"].set_index("currency")["rate"].to_dict() == {
        "GBP": 0.83, "JPY": 160.0, "USD": 1.04}


@pytest.mark.parametrize("text, base, message", [
    ("", "USD", "line 1: empty file"),
    ("Day,USD\n2026-11-20,1.04\n", "USD", "line 1: the first column must be 'Date'"),
    ("Date,USD,Yen\n", "USD", "line 1: column 'Yen' is not an ISO 4217 currency code"),
    ("Date,USD,JPY\n2026-11-20,1.04,160\n", "CHF", "base currency CHF is not a column"),
    ("Date,USD\n20.11.2026,1.04\n", "USD", "line 2: date '20.11.2026' is not YYYY-MM-DD"),
    ("Date,USD\n2026-11-20,1.04\n2026-11-19,l.04\n", "USD", "line 3: USD: 'l.04' is not a number"),
    ("Date,USD\n2026-11-20,-1\n", "USD", "line 2: USD: rate must be positive"),
    ("Date,USD,JPY\n2026-11-20,1.04\n", "USD", "line 2: 2 fields, the header has 3"),
    ("Date,USD\n2026-11-20,1.04\n2026-11-20,1.05\n", "USD", "line 3: date 2026-11-20 appears twice"),
    ("Date,USD\n2026-11-20,N/A\n", "USD", "no date with a rate for USD"),
])
def test_errors_name_the_file_line_and_problem(tmp_path, text, base, message):
    path = _write(tmp_path, text)
    with pytest.raises(FxError) as error:
        load_ecb_csv(path, base)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(FxError, match="cannot read the file"):
        load_ecb_csv(tmp_path / "nope.csv", "USD")


def test_record_rates_upserts(tmp_path):
    db = open_db(tmp_path / "m.db")
    rates = load_ecb_csv(_write(tmp_path, ECB), "USD")
    assert record_rates(db, rates) == 5
    assert record_rates(db, rates) == 5
    assert db["exchange_rates"].count == 5
