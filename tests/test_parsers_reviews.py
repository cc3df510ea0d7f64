"""Ratings and review counts from text, one table of real examples each."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from parsers.reviews import parse_rating, parse_review_count, scale_rating


class Example(NamedTuple):
    text: str | None
    expected: float | int | None
    lang: str | None = None


RATINGS = [
    Example("4.6 out of 5", 4.6),
    Example("4.6 out of 5 stars", 4.6, "en"),
    Example("Rated 4.60 out of 5 based on 12 customer ratings", 4.6),
    Example("4,6 von 5 Sternen", 4.6, "de"),
    Example("4,6 von 5", 4.6, "de"),
    Example("4,8 sur 5", 4.8, "fr"),
    Example("4,8/5 (56 avis)", 4.8, "fr"),
    Example("★ 4.6", 4.6),
    Example("★ 4.6 (1,284)", 4.6),
    Example("(128) ★ 4.6", 4.6),
    Example("5つ星のうち4.3", 4.3, "ja"),
    Example("9,2/10", 4.6),
    Example("92 von 100", 4.6, "de"),
    Example("★★★★☆", 4.0),
    Example("4", 4.0),
    Example("no ratings yet", None),
    Example("", None),
    Example(None, None),
    Example("12 out of 10", None),
    pytest.param(Example("评分 4.8 分", 4.8, "zh"), id="zh-score"),
    pytest.param(Example("Bewertung: 4,6 Sterne bei 1.234 Bewertungen", 4.6, "de"),
                 id="de-sentence"),
    Example("Rated 5 stars by 1,234 customers", 5.0),
    pytest.param(Example("★★★★½", 4.5),
                 marks=pytest.mark.xfail(reason="only whole ★/☆ strings are counted", strict=True)),
]


@pytest.mark.parametrize("example", RATINGS, ids=lambda e: repr(e.text))
def test_parse_rating(example: Example):
    assert parse_rating(example.text, example.lang) == example.expected


COUNTS = [
    Example("1,234 reviews", 1234),
    Example("1.234 Bewertungen", 1234, "de"),
    Example("1 234 avis", 1234, "fr"),
    Example("1\u202f234 avis", 1234, "fr"),
    Example("レビュー(128件)", 128, "ja"),
    Example("（128件のレビュー）", 128, "ja"),
    Example("12,8K ratings", 12800),
    Example("12.8K ratings", 12800),
    Example("1.5M ratings", 1_500_000),
    Example("评价 3.2万", 32000, "zh"),
    Example("3.2万条评价", 32000, "zh"),
    Example("1,2 Tsd. Bewertungen", 1200, "de"),
    Example("4.6 (1,234 reviews)", 1234),
    Example("4.6 out of 5 stars · 212 ratings", 212),
    Example("(128)", 128),
    Example("128", 128),
    Example("리뷰 1,024개", 1024, "ko"),
    Example("56 avis", 56, "fr"),
    Example("No reviews yet", 0),
    Example("Noch keine Bewertungen", 0, "de"),
    Example("Write a review", None),
    Example("", None),
    Example(None, None),
    Example("4.6", None),
    pytest.param(Example("Über 2.000 zufriedene Kunden, 4,8 Sterne aus 312 Bewertungen", 312, "de"),
                 id="de-sentence"),
    pytest.param(Example("1,234 customers rated this 5 stars", 1234),
                 marks=pytest.mark.xfail(reason="no review word near the count: last number wins",
                                         strict=True)),
]


@pytest.mark.parametrize("example", COUNTS, ids=lambda e: repr(e.text))
def test_parse_review_count(example: Example):
    assert parse_review_count(example.text, example.lang) == example.expected


@pytest.mark.parametrize(("value", "best", "expected"), [
    ("4.6", None, 4.6), (4.6, 5, 4.6), ("4,6", "5", 4.6), ("92", "100", 4.6), ("8.4", "10", 4.2),
    ("6", None, None), ("-1", None, None), ("abc", None, None), (None, None, None),
    ("4", "0", None),
])
def test_scale_rating(value, best, expected):
    assert scale_rating(value, best) == expected
