"""Shared fixtures: the demo market served on 127.0.0.1 (free ports) and a market file for it.

Crawls run in a subprocess (``python -m moatscan scan``): Twisted's reactor cannot restart,
and a subprocess is what a user runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_market():
    from moatscan.demo import DEFAULT_PORTS, DemoMarket

    with DemoMarket(week=1, ports={store: 0 for store in DEFAULT_PORTS}).start() as market:
        yield market


def market_file_for(market, path: Path, **limits) -> Path:
    """data/market.yaml with its store URLs pointed at ``market``'s ports."""
    data = yaml.safe_load((ROOT / "data" / "market.yaml").read_text(encoding="utf-8"))
    for store in [data["seller"], *data["competitors"]]:
        store["url"] = market.base_urls[store["id"]]
    data.setdefault("limits", {}).update(limits)
    if data.get("private"):
        data["private"] = str(ROOT / "data" / data["private"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_market_file(demo_market, tmp_path_factory):
    return market_file_for(demo_market, tmp_path_factory.mktemp("market") / "market.yaml",
                           timeout_s=3)


def moatscan(*args, check=True, **kwargs) -> subprocess.CompletedProcess:
    """Run the moatscan command line in a subprocess from the checkout."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    result = subprocess.run([sys.executable, "-m", "moatscan", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, env=env, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"moatscan {' '.join(map(str, args))} exited "
                             f"{result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def scanned_db(demo_market, demo_market_file, tmp_path_factory):
    """One real scan of the demo market, shared by the end-to-end tests."""
    from moatscan.cli import DEMO_RENDERED, DEMO_SCAN_DATES

    db_path = tmp_path_factory.mktemp("scan") / "moatscan.db"
    result = moatscan("scan", "--market", demo_market_file, "--db", db_path,
                      "--scan-date", DEMO_SCAN_DATES[0], *DEMO_RENDERED, timeout=400)
    return db_path, result


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The database `moatscan demo --no-serve` builds: both weeks of the demo market.

    It serves the demo on its fixed ports (data/market.yaml), exactly as a newcomer runs it.
    """
    db_path = tmp_path_factory.mktemp("demo") / "moatscan.db"
    moatscan("demo", "--no-serve", "--db", db_path, timeout=400)
    return db_path
