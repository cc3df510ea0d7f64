"""The brief's tables as CSV and XLSX, safe to open in a spreadsheet.

Scraped text can start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a
spreadsheet would run as a formula (CSV injection). Every such text cell gets a leading single
quote, so it is shown as the text it was; numbers stay numbers.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` ready for a spreadsheet: text that could be a formula is quoted; NaN is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(frame: pd.DataFrame) -> list[list]:
    return [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(str(c)) for c in frame.columns])
        writer.writerows([["" if v is None else v for v in row] for row in safe_rows(frame)])
    return path


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per table; header bold and frozen; URLs stay plain text (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append([safe_cell(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in safe_rows(frame):
            sheet.append(row)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guessed
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, 1):
            width = max([len(str(column)), *[len(str(v)) for v in frame[column].head(200)]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                max(width + 2, 8), 60)
    book.save(path)
    return path
