"""The strategy brief: where the seller is behind, on which layer, how hard that is to close,
where the seller is ahead, and what changed since last week.

``write_brief(db_path, out_dir)`` writes into ``out_dir``:

- ``brief.html``: self-contained (inline CSS, charts inlined as SVG, no external resource);
  links go to the evidence pages.
- ``brief.md`` with its charts as PNG files in ``charts/`` beside it.
- ``gaps.csv``, ``gaps_by_market.csv``, ``advantages.csv``, ``changes.csv``,
  ``price_position.csv`` and ``brief.xlsx`` (one sheet each), safe from formula injection.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from moatscan.report.data import BriefData, ReportError, load_brief

__all__ = ["ReportError", "BriefFiles", "write_brief"]


@dataclass
class BriefFiles:
    """What ``write_brief`` wrote."""

    scan_id: int
    html: Path
    markdown: Path
    files: list[Path] = field(default_factory=list)


def write_brief(db_path: str | os.PathLike, out_dir: str | os.PathLike,
                scan: str | int = "latest") -> BriefFiles:
    from moatscan.report.charts import brief_charts, inline_svg, render
    from moatscan.report.exports import write_csv, write_xlsx
    from moatscan.report.render import environment

    db_path, out_dir = Path(db_path), Path(out_dir)
    if not db_path.is_file():
        raise ReportError(f"no database at {db_path}: run `moatscan scan` first")
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        data = load_brief(conn, scan)
    except sqlite3.Error as exc:
        raise ReportError(f"{db_path}: {exc}") from None
    finally:
        conn.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "charts").mkdir(exist_ok=True)
    charts = render(brief_charts(data))
    written: list[Path] = []
    for chart in charts:
        png = out_dir / "charts" / f"{chart.slug}.png"
        png.write_bytes(chart.png)
        chart.png_path = f"charts/{chart.slug}.png"
        chart.inline = inline_svg(chart.svg)
        written.append(png)

    tables = {"gaps": data.gaps, "gaps_by_market": data.gaps_by_market,
              "advantages": data.advantages, "changes": data.changes,
              "price_position": data.price_position}
    for name, frame in tables.items():
        written.append(write_csv(frame, out_dir / f"{name}.csv"))
    written.append(write_xlsx(tables, out_dir / "brief.xlsx"))

    context = _context(data, charts)
    html = out_dir / "brief.html"
    html.write_text(environment().get_template("brief.html.j2").render(**context),
                    encoding="utf-8")
    markdown = out_dir / "brief.md"
    markdown.write_text(environment(markdown=True).get_template("brief.md.j2").render(**context),
                        encoding="utf-8")
    return BriefFiles(scan_id=data.scan["id"], html=html, markdown=markdown,
                      files=[html, markdown, *written])


def _context(data: BriefData, charts) -> dict:
    def rows(frame):
        return frame.to_dict("records")

    overall = data.ranking[data.ranking["market"] == "*"].reset_index(drop=True)
    seller_rank = None
    for position, row in enumerate(overall.itertuples(index=False), 1):
        if row.role == "seller":
            seller_rank = position
    return {
        "scan": data.scan, "previous": data.previous_scan, "seller": data.seller,
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "ranking": rows(overall), "seller_rank": seller_rank, "stores": len(overall),
        "gaps": rows(data.gaps), "gaps_by_market": rows(data.gaps_by_market),
        "advantages": rows(data.advantages), "changes": rows(data.changes),
        "prices": rows(data.price_position), "notes": data.notes,
        "charts": {chart.slug: chart for chart in charts},
        "layers": ["traffic", "operations", "technology", "ecosystem"],
    }
