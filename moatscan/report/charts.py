"""The brief's charts: Vega-Lite specs rendered offline by vl-convert (no browser, no network).

``render`` gives the SVG text (inlined in brief.html when it is safe to, see ``inline_svg``)
and PNG bytes (written beside brief.md).
"""

from __future__ import annotations

import base64
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pandas as pd

from moatscan.report.data import LAYERS, BriefData

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CONFIG = {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 12,
          "titleFontSize": 12}, "legend": {"labelFontSize": 12, "titleFontSize": 12}}
SELLER, COMPETITOR, BEHIND, AHEAD = "#2e7d32", "#5d7b9d", "#c0392b", "#2e7d32"


@dataclass
class Chart:
    slug: str
    title: str
    alt: str
    spec: dict
    svg: str = ""
    png: bytes = b""
    png_path: str = ""
    """Path of the PNG relative to brief.md."""
    inline: str | None = None
    """The SVG when ``inline_svg`` found it safe to inline, else None (shown as a data URI)."""

    @property
    def uri(self) -> str:
        return data_uri(self.svg)


def brief_charts(data: BriefData) -> list[Chart]:
    """The charts that have data, in the order of the brief."""
    charts = []
    overall = data.ranking[data.ranking["market"] == "*"]
    if not overall.empty:
        long = overall.melt(id_vars=["store", "role"],
                            value_vars=["moat_index", *LAYERS], var_name="measure",
                            value_name="score").dropna(subset=["score"])
        long["measure"] = long["measure"].replace({"moat_index": "moat index"})
        long["score"] = long["score"].round(1)
        charts.append(Chart(
            "moat-scores", "Moat index and layer scores (0-100, all markets)",
            "Grouped bars: each store's moat index and its four layer scores.",
            {"data": {"values": _records(long)}, "mark": {"type": "bar"},
             "width": {"step": 14}, "height": 220,
             "encoding": {
                 "x": {"field": "store", "type": "nominal", "sort": None, "title": None,
                       "axis": {"labelAngle": 0}},
                 "xOffset": {"field": "measure", "sort": ["moat index", *LAYERS]},
                 "y": {"field": "score", "type": "quantitative", "title": "Score (0-100)",
                       "scale": {"domain": [0, 100]}},
                 "color": {"field": "measure", "type": "nominal", "title": "Measure",
                           "sort": ["moat index", *LAYERS],
                           "scale": {"range": ["#333333", "#a6cee3", "#b2df8a", "#fdbf6f",
                                               "#cab2d6"]}}}}))
    both = data.overall_gaps
    if not both.empty:
        heat = both[["competitor", "layer", "gap", "copy_difficulty"]].copy()
        heat["gap"] = heat["gap"].round(0)
        heat["label"] = heat["gap"].map(lambda g: f"{g:+.0f}")
        charts.append(Chart(
            "layer-gaps", "Layer gaps per competitor (points; positive = seller behind)",
            "Heat map: competitors by layer; red cells are where the seller is behind.",
            {"data": {"values": _records(heat)}, "width": {"step": 110},
             "height": {"step": 34},
             "encoding": {
                 "x": {"field": "layer", "type": "nominal", "sort": LAYERS,
                       "title": "Layer (easy → very hard to copy)",
                       "axis": {"labelAngle": 0, "orient": "top"}},
                 "y": {"field": "competitor", "type": "nominal", "title": None}},
             "layer": [
                 {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
                  "encoding": {"color": {"field": "gap", "type": "quantitative",
                                         "title": "Gap", "scale": {
                                             "scheme": "redblue", "reverse": True,
                                             "domain": [-50, 50], "clamp": True}}}},
                 {"mark": {"type": "text", "fontSize": 13},
                  "encoding": {"text": {"field": "label"}}}]}))
    prices = data.price_position.dropna(subset=["price_index"])
    if not prices.empty:
        prices = prices.assign(market=prices["market"].replace({"*": "all"}),
                               price_index=prices["price_index"].round(1))
        prices = prices.assign(
            label=prices["competitor"] + " · " + prices["market"].replace({"*": "all markets"}),
            difference=(prices["price_index"] - 100).round(1))
        prices["side"] = prices["difference"].map(
            lambda d: "competitor cheaper" if d < 0 else "competitor dearer")
        prices["text"] = prices["difference"].map(lambda d: f"{d:+.1f} %")
        charts.append(Chart(
            "price-position", "Competitor prices against the seller's (%, matched products)",
            "Bars: how much cheaper (red, left) or dearer (blue, right) each competitor is than "
            "the seller, per market, in the base currency.",
            {"data": {"values": _records(prices[["label", "difference", "side", "text"]])},
             "width": 480, "height": {"step": 24},
             "encoding": {"y": {"field": "label", "type": "nominal", "sort": None,
                                "title": None}},
             "layer": [
                 {"mark": {"type": "bar"},
                  "encoding": {
                      "x": {"field": "difference", "type": "quantitative",
                            "title": "Price difference to the seller (%)",
                            "scale": {"domainMid": 0, "nice": True}},
                      "color": {"field": "side", "type": "nominal", "title": None,
                                "scale": {"domain": ["competitor cheaper", "competitor dearer"],
                                          "range": [BEHIND, COMPETITOR]}}}},
                 {"mark": {"type": "text", "fontSize": 11,
                           "align": {"expr": "datum.difference < 0 ? 'right' : 'left'"},
                           "dx": {"expr": "datum.difference < 0 ? -4 : 4"}},
                  "encoding": {"x": {"field": "difference", "type": "quantitative"},
                               "text": {"field": "text"}}}]}))
    if not data.changes.empty:
        counts = data.changes.groupby(["store", "kind"]).size().reset_index(name="changes")
        charts.append(Chart(
            "changes", "Changes since the previous scan, by kind",
            "Stacked bars: number of changes of each kind, coloured by store.",
            {"data": {"values": _records(counts)}, "mark": {"type": "bar"},
             "width": 420, "height": {"step": 22},
             "encoding": {
                 "y": {"field": "kind", "type": "nominal", "title": None},
                 "x": {"field": "changes", "type": "quantitative", "title": "Changes",
                       "axis": {"tickMinStep": 1}},
                 "color": {"field": "store", "type": "nominal", "title": "Store"}}}))
    return charts


def render(charts: list[Chart]) -> list[Chart]:
    import vl_convert

    for chart in charts:
        spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                "config": CONFIG, "background": "white", "padding": 8, **chart.spec}
        chart.svg = vl_convert.vegalite_to_svg(spec)
        chart.png = vl_convert.vegalite_to_png(spec, scale=2)
    return charts


def inline_svg(svg: str) -> str | None:
    """``svg`` when it is plain drawing (safe to inline in HTML), else None.

    vl-convert escapes text, so scraped names are drawn as text; this check makes sure of it:
    no script, foreignObject, link or event handler may reach the page.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in {"script", "foreignobject", "a", "iframe", "use", "image", "style"}:
            return None
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "href" or "javascript:" in value.lower():
                return None
    return svg


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def _records(frame: pd.DataFrame) -> list[dict]:
    def clean(value):
        if isinstance(value, float) and math.isnan(value):
            return None
        return value.item() if hasattr(value, "item") else value

    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict("records")]
