"""The barrier model (data/barrier_model.yaml): loaded, validated, and handed to the scorer.

Every problem is a ``ModelError`` naming the file, the indicator (or layer) and key, and what is
wrong, e.g. ``data/barrier_model.yaml: indicator 'mean_rating', key 'direction': must be one of
higher_is_better, lower_is_better, not 'up'``. The whole file is checked before any scan is
scored, so a typo never produces a half-scored week.
"""

from __future__ import annotations

import inspect
import math
import os
import re
from dataclasses import dataclass, field
from numbers import Real
from pathlib import Path

import yaml

from benchmark.indicators import REGISTRY

LAYERS = ("traffic", "operations", "technology", "ecosystem")
DIRECTIONS = ("higher_is_better", "lower_is_better")
SCALES = ("linear", "log")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LAYER_KEYS = {"position", "copy_difficulty", "weight", "description"}
_REQUIRED = ("id", "layer", "direction", "weight", "per_market", "unit", "description")
_OPTIONAL = ("source", "private", "scale")


class ModelError(Exception):
    """The barrier model file is invalid."""

    def __init__(self, file: str, problem: str, *, indicator: str | None = None,
                 key: str | None = None):
        self.file, self.indicator, self.key, self.problem = file, indicator, key, problem
        where = [f"indicator {indicator!r}" if indicator else None,
                 f"key {key!r}" if key else None]
        where = ", ".join(w for w in where if w)
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


@dataclass(frozen=True)
class Layer:
    name: str
    position: int
    weight: float
    """Weight of the layer in the moat index (its copy difficulty: traffic 1 … ecosystem 4)."""
    copy_difficulty: str
    description: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    layer: str
    direction: str
    weight: float
    per_market: bool
    unit: str
    description: str
    private: bool = False
    scale: str = "linear"
    function: str | None = None
    """Name of the registered indicator function (None for private indicators)."""
    table: str | None = None
    params: dict = field(default_factory=dict)
    """Keyword arguments for the function: the ``source`` block minus ``function`` and ``table``."""


@dataclass(frozen=True)
class ChangeSettings:
    """Thresholds of the week-over-week changes (the model's ``changes:`` block)."""

    price_move_threshold: float = 0.02
    """A price moved when it changed by at least this share in the offer's own currency."""
    currency_move_threshold: float = 0.02
    """The base-currency value moved by at least this share while the local price did not."""
    speed_regression_threshold: float = 0.2
    """A speed metric regressed when its median worsened by at least this share."""
    speed_metrics: tuple[str, ...] = ("lcp_ms", "ttfb_ms")
    speed_min_runs: float = 3
    """A regression is called only between medians of at least this many runs in both scans
    (one load is too noisy to call a regression)."""
    delivery_change_days: float = 1.0
    """Median delivery days (max of the window) changed by at least this many days."""
    product_review_velocity: float = 10.0
    """A product's own review_velocity row from this many new reviews a week."""


_CHANGE_KEYS = {f for f in ChangeSettings.__dataclass_fields__}
_SPEED_FIELDS = ("ttfb_ms", "fcp_ms", "lcp_ms", "cls", "tbt_ms", "bytes", "requests")


@dataclass(frozen=True)
class Model:
    path: str
    layers: dict[str, Layer]
    indicators: tuple[Indicator, ...]
    changes: ChangeSettings = field(default_factory=ChangeSettings)
    technologies: object = None
    """The ``technologies:`` block, as read: it belongs to the technology detection, which
    writes the ``technologies`` table; the benchmark only counts that table's rows."""

    @property
    def public(self) -> tuple[Indicator, ...]:
        """The indicators scored against peers (private ones are the seller's alone)."""
        return tuple(i for i in self.indicators if not i.private)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster: the model is read every run)."""


def load_model(path: str | os.PathLike) -> Model:
    """Read and validate the model file at ``path``."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ModelError(file, f"cannot read the model file: {error.strerror}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise ModelError(file, f"not valid YAML: {error}") from None
    return parse_model(data, file)


def parse_model(data, file: str = "<model>") -> Model:
    """Validate a model already read from YAML (a mapping with ``layers`` and ``indicators``)."""
    if not isinstance(data, dict):
        raise ModelError(file, "the model must be a mapping with 'layers' and 'indicators'")
    extra = sorted(set(data) - {"layers", "indicators", "changes", "technologies"}, key=str)
    if extra:
        raise ModelError(file, "unknown top-level key (expected layers, indicators, changes, "
                         "technologies)", key=str(extra[0]))
    changes = _changes(data.get("changes"), file)
    layers = _layers(data.get("layers"), file)
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        raise ModelError(file, "must be a non-empty list of indicators", key="indicators")
    indicators, seen = [], set()
    for number, item in enumerate(items, start=1):
        ind = _indicator(item, number, file)
        if ind.id in seen:
            raise ModelError(file, "duplicate id: each indicator needs its own", indicator=ind.id,
                             key="id")
        seen.add(ind.id)
        indicators.append(ind)
    return Model(path=file, layers=layers, indicators=tuple(indicators), changes=changes,
                 technologies=data.get("technologies"))


def _changes(data, file: str) -> ChangeSettings:
    if data is None:
        return ChangeSettings()
    if not isinstance(data, dict):
        raise ModelError(file, "must map each threshold to its value", key="changes")
    values = {}
    for name, value in data.items():
        key = f"changes.{name}"
        if name not in _CHANGE_KEYS:
            raise ModelError(file, f"unknown key (expected {', '.join(sorted(_CHANGE_KEYS))})",
                             key=key)
        if name == "speed_metrics":
            if (not isinstance(value, list) or not value
                    or any(v not in _SPEED_FIELDS for v in value)):
                raise ModelError(file, "must be a non-empty list of "
                                 f"{', '.join(_SPEED_FIELDS)}", key=key)
            values[name] = tuple(value)
            continue
        values[name] = _weight(value, file, None, key)
        if name.endswith("_threshold") and not 0 < values[name] < 10:
            raise ModelError(file, f"must be a share such as 0.02 (= 2%), not {value!r}",
                             key=key)
    return ChangeSettings(**values)


def _layers(data, file: str) -> dict[str, Layer]:
    if not isinstance(data, dict):
        raise ModelError(file, f"must map each layer ({', '.join(LAYERS)}) to its settings",
                         key="layers")
    for name in data:
        if name not in LAYERS:
            raise ModelError(file, f"unknown layer {name!r} (expected one of {', '.join(LAYERS)})",
                             key=f"layers.{name}")
    layers = {}
    for name in LAYERS:
        key = f"layers.{name}"
        spec = data.get(name)
        if not isinstance(spec, dict):
            raise ModelError(file, "missing layer: every one of the four layers needs settings",
                             key=key)
        extra = sorted(set(spec) - _LAYER_KEYS, key=str)
        if extra:
            raise ModelError(file, f"unknown key (expected {', '.join(sorted(_LAYER_KEYS))})",
                             key=f"{key}.{extra[0]}")
        position = spec.get("position")
        if not isinstance(position, int) or isinstance(position, bool):
            raise ModelError(file, "must be a whole number (1 = outermost layer)",
                             key=f"{key}.position")
        difficulty = spec.get("copy_difficulty")
        if not isinstance(difficulty, str) or not difficulty.strip():
            raise ModelError(file, "must be a label such as easy, medium, hard, very hard",
                             key=f"{key}.copy_difficulty")
        layers[name] = Layer(name, position, _weight(spec.get("weight"), file, None,
                                                     f"{key}.weight"),
                             difficulty, str(spec.get("description") or ""))
    positions = [layer.position for layer in layers.values()]
    if len(set(positions)) < len(positions):
        raise ModelError(file, "two layers share a position: number them 1 to 4",
                         key="layers")
    return layers


def _indicator(item, number: int, file: str) -> Indicator:
    if not isinstance(item, dict):
        raise ModelError(file, "each indicator must be a mapping", indicator=f"#{number}")
    ind_id = item.get("id")
    if not isinstance(ind_id, str) or not _ID.match(ind_id):
        raise ModelError(file, "must be a snake_case name such as mean_rating",
                         indicator=f"#{number}", key="id")
    extra = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL), key=str)
    if extra:
        raise ModelError(file, f"unknown key (expected {', '.join(_REQUIRED + _OPTIONAL)})",
                         indicator=ind_id, key=str(extra[0]))
    for key in _REQUIRED:
        if key not in item:
            raise ModelError(file, "missing", indicator=ind_id, key=key)
    if item["layer"] not in LAYERS:
        raise ModelError(file, f"unknown layer {item['layer']!r} (expected one of "
                         f"{', '.join(LAYERS)})", indicator=ind_id, key="layer")
    for key, allowed in (("direction", DIRECTIONS), ("scale", SCALES)):
        value = item.get(key, allowed[0])
        if value not in allowed:
            raise ModelError(file, f"must be one of {', '.join(allowed)}, not {value!r}",
                             indicator=ind_id, key=key)
    for key in ("per_market", "private"):
        if not isinstance(item.get(key, False), bool):
            raise ModelError(file, "must be true or false", indicator=ind_id, key=key)
    for key in ("unit", "description"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ModelError(file, "must be a non-empty text", indicator=ind_id, key=key)
    ind = Indicator(id=ind_id, layer=item["layer"], direction=item["direction"],
                    weight=_weight(item["weight"], file, ind_id, "weight"),
                    per_market=item["per_market"], unit=item["unit"].strip(),
                    description=" ".join(item["description"].split()),
                    private=item.get("private", False), scale=item.get("scale", "linear"))
    if ind.private:
        if "source" in item:
            raise ModelError(file, "private indicators come from the seller's own data, not "
                             "from the crawl: remove 'source'", indicator=ind_id, key="source")
        return ind
    return _with_source(ind, item.get("source"), file)


def _with_source(ind: Indicator, source, file: str) -> Indicator:
    if not isinstance(source, dict):
        raise ModelError(file, "missing: a mapping with 'table' and 'function'",
                         indicator=ind.id, key="source")
    name, table = source.get("function"), source.get("table")
    function = REGISTRY.get(name) if isinstance(name, str) else None
    if function is None:
        raise ModelError(file, f"unknown source function {name!r} (registered: "
                         f"{', '.join(sorted(REGISTRY))})", indicator=ind.id,
                         key="source.function")
    if table not in function.reads:
        raise ModelError(file, f"function {name!r} reads {', '.join(function.reads)}, not "
                         f"{table!r}", indicator=ind.id, key="source.table")
    params = {k: v for k, v in source.items() if k not in ("function", "table")}
    try:
        inspect.signature(function).bind(None, **params)
    except TypeError as error:
        raise ModelError(file, f"bad arguments for {name!r}: {error}", indicator=ind.id,
                         key="source") from None
    problem = function.check(**params) if function.check else None
    if problem:
        raise ModelError(file, problem, indicator=ind.id, key="source")
    if ind.per_market and not function.per_market:
        raise ModelError(file, f"function {name!r} gives one value per store, not per market",
                         indicator=ind.id, key="per_market")
    return Indicator(**{**ind.__dict__, "function": name, "table": table, "params": params})


def _weight(value, file: str, indicator: str | None, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ModelError(file, f"must be a number, not {value!r}", indicator=indicator, key=key)
    if value < 0:
        raise ModelError(file, f"must not be negative (got {value})", indicator=indicator,
                         key=key)
    return float(value)
