"""Which barrier layer a technology counts in: the ``technologies:`` section of the barrier
model (``data/barrier_model.yaml``), category -> layer, most specific category first."""

from __future__ import annotations

from pathlib import Path

import yaml

DEFAULT_MODEL = Path("data") / "barrier_model.yaml"
LAYERS = ("traffic", "operations", "technology", "ecosystem")


class MappingError(Exception):
    """The ``technologies:`` section of the barrier model is invalid."""


def layer_mapping(path: str | Path | None = None) -> dict[str, str | None]:
    """{category: layer} in file order. The model file defaults to ``data/barrier_model.yaml``
    of the working directory, else of the checkout this package is in."""
    if path is None:
        path = DEFAULT_MODEL
        if not Path(path).exists():
            path = Path(__file__).resolve().parents[2] / DEFAULT_MODEL
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    section = data.get("technologies")
    if section is None:
        return {}
    categories = section.get("categories") if isinstance(section, dict) else None
    if not isinstance(categories, dict):
        raise MappingError(f"{path}: technologies.categories: must be a mapping of category "
                           "to layer")
    for category, layer in categories.items():
        if layer is not None and layer not in LAYERS:
            raise MappingError(f"{path}: technologies.categories.{category}: unknown layer "
                               f"{layer!r} (expected one of {', '.join(LAYERS)})")
    return dict(categories)
