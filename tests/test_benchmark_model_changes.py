"""The model's `changes:` block and the `technologies:` block it leaves to the detection."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from benchmark import ModelError
from benchmark.model import ChangeSettings, load_model, parse_model
from tests.test_benchmark_model import VALID

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "barrier_model.yaml"


def test_shipped_model_has_every_layer_public_and_private():
    model = load_model(MODEL_FILE)
    public = {i.id for i in model.public}
    assert {"promo_depth", "delivery_days", "shipping_cost", "free_shipping_threshold",
            "returns_window", "local_payment_methods", "currencies_offered",
            "largest_contentful_paint", "technology_stack", "ecosystem_technologies",
            "review_velocity"} <= public
    for layer in ("traffic", "operations", "technology", "ecosystem"):
        assert any(i.layer == layer for i in model.public), layer
        assert any(i.layer == layer and i.private for i in model.indicators) or layer == \
            "technology"
    assert model.changes.price_move_threshold == 0.02
    assert isinstance(model.technologies, dict)


def test_changes_default_when_absent():
    assert parse_model(copy.deepcopy(VALID)).changes == ChangeSettings()


def test_changes_read():
    data = copy.deepcopy(VALID)
    data["changes"] = {"price_move_threshold": 0.05, "speed_metrics": ["lcp_ms"]}
    got = parse_model(data, "m.yaml").changes
    assert got.price_move_threshold == 0.05 and got.speed_metrics == ("lcp_ms",)


@pytest.mark.parametrize("changes, message", [
    ({"price_move": 0.02}, "m.yaml: key 'changes.price_move': unknown key"),
    ({"price_move_threshold": "2%"}, "key 'changes.price_move_threshold': must be a number"),
    ({"price_move_threshold": 0}, "must be a share such as 0.02"),
    ({"speed_metrics": ["speed"]}, "key 'changes.speed_metrics': must be a non-empty list"),
    ([1], "key 'changes': must map each threshold"),
])
def test_changes_errors(changes, message):
    data = copy.deepcopy(VALID)
    data["changes"] = changes
    with pytest.raises(ModelError) as error:
        parse_model(data, "m.yaml")
    assert message in str(error.value)
