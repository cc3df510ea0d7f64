"""The strategy brief: self-contained HTML, Markdown with chart files, safe CSV and XLSX."""

from __future__ import annotations

import csv
import re
import sqlite3

import pytest
from click.testing import CliRunner

from moatscan.publish_cli import report as report_command
from moatscan.report import ReportError, write_brief
from moatscan.report.charts import inline_svg
from moatscan.report.exports import safe_cell
from moatscan.report.render import md_escape, md_link
from test_datasette_fixtures import FORMULA_TITLE, XSS_TITLE, complete_demo_db

TABLES = ["gaps", "gaps_by_market", "advantages", "changes", "price_position"]


@pytest.fixture(scope="module")
def demo_db(scanned_db, tmp_path_factory):
    return complete_demo_db(scanned_db[0], tmp_path_factory.mktemp("report") / "moatscan.db")


@pytest.fixture(scope="module")
def brief(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    result = CliRunner().invoke(report_command, ["--db", str(demo_db), "--out", str(out)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return out


def test_the_brief_writes_every_file(brief):
    for name in ["brief.html", "brief.md", "brief.xlsx", *[f"{t}.csv" for t in TABLES]]:
        assert (brief / name).is_file(), name
    charts = sorted(p.name for p in (brief / "charts").iterdir())
    assert {"layer-gaps.png", "moat-scores.png", "price-position.png", "changes.png"} <= set(
        charts)
    for chart in charts:
        assert (brief / "charts" / chart).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_html_is_self_contained(brief):
    page = (brief / "brief.html").read_text(encoding="utf-8")
    assert "<style>" in page
    assert not re.search(r"<(script|link|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"\b(src|srcset|poster|data)\s*=\s*[\"'](?!data:)", page, re.I)
    assert not re.search(r"url\((?!#)|@import", page, re.I)  # url(#gradient) is in-page
    assert page.count("<svg") >= 4  # the charts, inline
    assert re.search(r"<svg[^>]*>.*?<(path|rect)\b", page, re.S)


def test_the_html_answers_the_strategy_questions_with_evidence(brief, demo_db):
    page = (brief / "brief.html").read_text(encoding="utf-8")
    for heading in ("Where we are behind", "Where we are ahead", "What changed since last week",
                    "Price position"):
        assert heading in page
    for difficulty in ("easy", "medium", "hard", "very hard"):
        assert difficulty in page
    links = re.findall(r'<a href="(https?://[^"]+)"', page)
    assert links, "no evidence links"
    with sqlite3.connect(demo_db) as conn:
        base_urls = [row[0] for row in conn.execute("SELECT url FROM stores")]
    assert all(any(link.startswith(base) for base in base_urls) for link in links)


def test_scraped_markup_is_text_in_the_html_and_the_markdown(brief):
    page = (brief / "brief.html").read_text(encoding="utf-8")
    assert XSS_TITLE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = (brief / "brief.md").read_text(encoding="utf-8")
    assert XSS_TITLE not in markdown and "<script" not in markdown
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in markdown


def test_the_markdown_shows_its_charts_as_files_beside_it(brief):
    markdown = (brief / "brief.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((charts/[^)]+\.png)\)", markdown)
    assert len(images) >= 4
    assert all((brief / image).is_file() for image in images)
    assert "](<http" in markdown  # evidence links


def test_no_formula_reaches_the_csv_or_the_xlsx(brief):
    from openpyxl import load_workbook

    with open(brief / "changes.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + FORMULA_TITLE in cells and FORMULA_TITLE not in cells
    assert XSS_TITLE in cells  # text stays text; CSV is not HTML
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                and not re.fullmatch(r"-?\d+(\.\d+)?", c)]
    book = load_workbook(brief / "brief.xlsx")
    assert {"gaps", "advantages", "changes", "price_position"} <= set(book.sheetnames)
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert "'" + FORMULA_TITLE in values
    gaps = list(book["gaps"].iter_rows(values_only=True))
    assert gaps[0][:3] == ("layer", "copy_difficulty", "competitor")
    assert all(isinstance(row[6], (int, float)) for row in gaps[1:])  # numbers stay numbers


def test_report_refuses_a_scan_that_is_not_complete(demo_db, tmp_path):
    conn = sqlite3.connect(demo_db)
    with conn:
        failed = conn.execute("INSERT INTO scans (status, scan_date, started_at) VALUES"
                              " ('failed', '2026-12-01', '2026-12-01T00:00:00')").lastrowid
    conn.close()
    with pytest.raises(ReportError, match="not complete"):
        write_brief(demo_db, tmp_path, scan=failed)
    result = CliRunner().invoke(report_command, ["--db", str(demo_db), "--scan", "nope",
                                                 "--out", str(tmp_path)])
    assert result.exit_code != 0 and "neither a scan id" in result.output
    with pytest.raises(ReportError, match="moatscan scan"):
        write_brief(tmp_path / "missing.db", tmp_path)


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+49 30", "'+49 30"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (-5.0, -5.0), (None, None),
    (float("nan"), None)])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_markdown_escaping_and_links():
    assert md_escape("<b>|x|</b> *bold* [a](b)") == (
        "&lt;b&gt;\\|x\\|&lt;/b&gt; \\*bold\\* \\[a\\]\\(b\\)")
    assert md_link("javascript:alert(1)", "x") == "x"
    assert md_link("http://127.0.0.1/a b)(", "t") == "[t](<http://127.0.0.1/a%20b%29%28>)"
    assert md_link("https://[shop.example/p", "t") == "t"  # no URL: the text alone


def test_inline_svg_refuses_active_content():
    assert inline_svg('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>')
    for bad in ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                '<a x:href="javascript:alert(1)"/></svg>', "<svg"]:
        assert inline_svg(bad) is None, bad
