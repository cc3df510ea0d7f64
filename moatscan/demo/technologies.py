"""Technologies planted on demo store pages: snippets and headers from `technologies.yaml`.

A store's `technologies:` (in catalogue.yaml, changed week by week under `weeks:`) names what a
correct detector finds on it; this module turns the names into what its pages carry. Nothing
planted loads anything from another host: scripts are inline, stylesheets are served by the
store itself.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from markupsafe import Markup

from moatscan.demo.catalogue import CatalogueError

TECHNOLOGIES_PATH = Path(__file__).with_name("technologies.yaml")


@functools.lru_cache(maxsize=1)
def technology_specs() -> dict[str, dict]:
    """Every plantable technology by name: {"category", "head", "body", "headers"}."""
    return yaml.safe_load(TECHNOLOGIES_PATH.read_text(encoding="utf-8"))


def snippets(names: tuple[str, ...], place: str) -> Markup:
    """The HTML to put at the end of `place` ("head" or "body") for these technologies."""
    specs = technology_specs()
    unknown = [name for name in names if name not in specs]
    if unknown:
        raise CatalogueError(f"technology {unknown[0]!r} is not in {TECHNOLOGIES_PATH.name}")
    return Markup("".join(specs[name].get(place) or "" for name in names))


def headers(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Response headers the platforms among `names` send with every page."""
    specs = technology_specs()
    return tuple((key, str(value)) for name in names
                 for key, value in (specs[name].get("headers") or {}).items())


def detected(names: tuple[str, ...]) -> list[str]:
    """`names` and what they imply (WordPress: PHP, MySQL), as a detector reports them."""
    specs, found = technology_specs(), list(names)
    for name in names:
        found += [implied for implied in specs[name].get("implies") or () if implied not in found]
    return found
