"""The barrier model file: the shipped one is valid, and every kind of mistake is named."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from benchmark import ModelError
from benchmark.model import LAYERS, load_model, parse_model

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "barrier_model.yaml"

VALID = {
    "layers": {
        "traffic": {"position": 1, "copy_difficulty": "easy", "weight": 1},
        "operations": {"position": 2, "copy_difficulty": "medium", "weight": 2},
        "technology": {"position": 3, "copy_difficulty": "hard", "weight": 3},
        "ecosystem": {"position": 4, "copy_difficulty": "very hard", "weight": 4},
    },
    "indicators": [
        {"id": "social_channels", "layer": "traffic", "direction": "higher_is_better",
         "weight": 1, "per_market": False, "unit": "channels", "description": "Networks.",
         "source": {"table": "store_signals", "function": "signal_list_count",
                    "signal": "social_links", "distinct": "host"}},
        {"id": "mean_rating", "layer": "operations", "direction": "higher_is_better",
         "weight": 1, "per_market": True, "unit": "stars", "description": "Mean rating.",
         "source": {"table": "offers", "function": "offer_stat", "field": "rating",
                    "stat": "mean"}},
        {"id": "nps", "layer": "ecosystem", "private": True, "direction": "higher_is_better",
         "weight": 1, "per_market": False, "unit": "score", "description": "NPS."},
    ],
}


def test_shipped_model_is_valid_and_covers_every_layer():
    model = load_model(MODEL_FILE)
    assert list(model.layers) == list(LAYERS)
    assert [model.layers[x].weight for x in LAYERS] == [1, 2, 3, 4]
    assert [model.layers[x].copy_difficulty for x in LAYERS] == [
        "easy", "medium", "hard", "very hard"]
    for layer in LAYERS:
        assert any(i.layer == layer for i in model.public), layer
    private = {i.id for i in model.indicators if i.private}
    assert {"channel_concentration", "cac_trend", "repurchase_rate", "ltv", "nps"} <= private
    assert all(i.function is None for i in model.indicators if i.private)
    assert all(i.function for i in model.public)


def test_parse_keeps_source_arguments_apart_from_function_and_table():
    model = parse_model(copy.deepcopy(VALID), "m.yaml")
    social = model.indicators[0]
    assert (social.function, social.table) == ("signal_list_count", "store_signals")
    assert social.params == {"signal": "social_links", "distinct": "host"}
    assert [i.id for i in model.public] == ["social_channels", "mean_rating"]


def _set(path: str, value):
    """Return an edit setting ``path`` ('indicators.0.source.function') to ``value``."""

    def edit(data):
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return edit


_DELETE = object()


def _duplicate(data):
    data["indicators"].append(copy.deepcopy(data["indicators"][0]))


ERRORS = [
    # (edit, indicator, key, words in the problem)
    (_set("indicators.0.layer", "logistics"), "social_channels", "layer", "unknown layer"),
    (_set("layers.logistics", {"position": 5, "copy_difficulty": "x", "weight": 1}), None,
     "layers.logistics", "unknown layer"),
    (_set("layers.ecosystem", _DELETE), None, "layers.ecosystem", "missing layer"),
    (_set("indicators.1.direction", "up"), "mean_rating", "direction", "must be one of"),
    (_set("indicators.1.weight", -1), "mean_rating", "weight", "must not be negative"),
    (_set("layers.technology.weight", -3), None, "layers.technology.weight",
     "must not be negative"),
    (_set("indicators.1.weight", "heavy"), "mean_rating", "weight", "must be a number"),
    (_set("indicators.0.source.function", "count_likes"), "social_channels",
     "source.function", "unknown source function"),
    (_duplicate, "social_channels", "id", "duplicate id"),
    (_set("indicators.0.wieght", 1), "social_channels", "wieght", "unknown key"),
    (_set("indicators.0.unit", _DELETE), "social_channels", "unit", "missing"),
    (_set("indicators.0.source.table", "offers"), "social_channels", "source.table",
     "reads store_signals"),
    (_set("indicators.1.source.colour", "red"), "mean_rating", "source", "bad arguments"),
    (_set("indicators.1.source.stat", "mode"), "mean_rating", "source", "stat must be"),
    (_set("indicators.0.per_market", True), "social_channels", "per_market",
     "not per market"),
    (_set("indicators.2.source", {"table": "offers", "function": "offer_count"}), "nps",
     "source", "private"),
    (_set("indicators.0.id", "Social Channels"), "#1", "id", "snake_case"),
    (_set("indicators.1.scale", "sqrt"), "mean_rating", "scale", "must be one of"),
    (_set("layers.ecosystem.position", 1), None, "layers", "share a position"),
    (_set("indicators.1.weight", float("inf")), "mean_rating", "weight", "must be a number"),
]


@pytest.mark.parametrize("edit, indicator, key, problem", ERRORS,
                         ids=[f"{e[2]}:{e[3]}" for e in ERRORS])
def test_model_errors_name_file_indicator_key_and_problem(edit, indicator, key, problem):
    data = copy.deepcopy(VALID)
    edit(data)
    with pytest.raises(ModelError) as raised:
        parse_model(data, "data/barrier_model.yaml")
    error = raised.value
    assert (error.file, error.indicator, error.key) == ("data/barrier_model.yaml", indicator,
                                                        key)
    assert problem in error.problem
    assert str(error).startswith("data/barrier_model.yaml: ")


def test_bad_pattern_fails_at_load_not_in_the_weekly_run():
    data = copy.deepcopy(VALID)
    data["indicators"][0]["source"] = {"table": "store_signals", "function": "signal_patterns",
                                       "signals": ["script_srcs"], "patterns": {"chat": "(oops"}}
    with pytest.raises(ModelError, match="not a valid regular expression"):
        parse_model(data, "m.yaml")


def test_unreadable_file_and_bad_yaml(tmp_path):
    with pytest.raises(ModelError, match="cannot read the model file") as raised:
        load_model(tmp_path / "absent.yaml")
    assert raised.value.file == str(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("layers: [unclosed\n")
    with pytest.raises(ModelError, match="not valid YAML"):
        load_model(bad)
