"""Dated exchange rates from a CSV in the ECB reference-rate layout.

The ECB publishes ``eurofxref-hist.csv``: a header ``Date,USD,JPY,BGN,...`` (often with a
trailing comma), then one row per business day, newest first, each rate in units of the currency
per one euro, ``N/A`` where there is none::

    Date,USD,JPY,GBP,
    2026-11-20,1.0412,160.55,0.8321,
    2026-11-19,1.0398,N/A,0.8310,

``load_ecb_csv(path, "USD")`` turns it into rows of the ``exchange_rates`` table in the market
file's base currency (units of each currency per one USD, EUR included): ``JPY per USD = JPY
per EUR / USD per EUR``. A date without a rate for the base currency gives no rows. Every
problem is an ``FxError`` naming the file, the line and what is wrong::

    rates.csv: line 3: USD: 'l.04' is not a number
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re

import pandas as pd

RATE_COLUMNS = ["rate_date", "currency", "base_currency", "rate", "source"]
_CODE = re.compile(r"^[A-Z]{3}$")
_MISSING = {"", "N/A", "NA", "-"}


class FxError(Exception):
    """The exchange-rate file is invalid."""


def load_ecb_csv(path: str | os.PathLike, base_currency: str) -> pd.DataFrame:
    """Rates of ``path`` (ECB layout, EUR base) in ``base_currency``: ``RATE_COLUMNS``."""
    file = str(path)
    base = str(base_currency).strip().upper()
    if not _CODE.match(base):
        raise FxError(f"{file}: base currency {base_currency!r} is not an ISO 4217 code")
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except OSError as error:
        raise FxError(f"{file}: cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise FxError(f"{file}: not a UTF-8 text file") from None
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise FxError(f"{file}: line 1: empty file, expected a header such as Date,USD,JPY")
    header = [cell.strip() for cell in lines[0]]
    while header and header[-1] == "":
        header.pop()
    if header[0].lower() != "date":
        raise FxError(f"{file}: line 1: the first column must be 'Date', not {header[0]!r}")
    currencies = header[1:]
    for code in currencies:
        if not _CODE.match(code):
            raise FxError(f"{file}: line 1: column {code!r} is not an ISO 4217 currency code")
    if len(set(currencies)) < len(currencies):
        raise FxError(f"{file}: line 1: a currency column appears twice")
    if base != "EUR" and base not in currencies:
        raise FxError(f"{file}: base currency {base} is not a column (columns: "
                      f"{', '.join(currencies)}), so its rates cannot be converted to {base}")
    rows, seen = [], set()
    source = f"ecb:{os.path.basename(file)}"
    for number, cells in enumerate(lines[1:], start=2):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        while len(cells) > len(header) and cells[-1] == "":
            cells.pop()
        if len(cells) != len(header):
            raise FxError(f"{file}: line {number}: {len(cells)} fields, the header has "
                          f"{len(header)}")
        day = cells[0]
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise FxError(f"{file}: line {number}: date {day!r} is not YYYY-MM-DD") from None
        if day in seen:
            raise FxError(f"{file}: line {number}: date {day} appears twice")
        seen.add(day)
        per_eur = {"EUR": 1.0}
        for code, text in zip(currencies, cells[1:]):
            if text.upper() in _MISSING:
                continue
            try:
                value = float(text)
            except ValueError:
                raise FxError(f"{file}: line {number}: {code}: {text!r} is not a number") \
                    from None
            if not value > 0:
                raise FxError(f"{file}: line {number}: {code}: rate must be positive, "
                              f"not {text}")
            per_eur[code] = value
        if base not in per_eur:
            continue
        for code, value in per_eur.items():
            if code != base:
                rows.append((day, code, base, value / per_eur[base], source))
    if not rows:
        raise FxError(f"{file}: no date with a rate for {base}")
    out = pd.DataFrame(rows, columns=RATE_COLUMNS)
    return out.sort_values(["rate_date", "currency"]).reset_index(drop=True)


def record_rates(db, rates: pd.DataFrame) -> int:
    """Upsert ``rates`` into the ``exchange_rates`` table; return the number of rows."""
    records = rates[RATE_COLUMNS].to_dict("records")
    with db.atomic():
        db["exchange_rates"].upsert_all(records, pk=("rate_date", "currency", "base_currency"))
    return len(records)
