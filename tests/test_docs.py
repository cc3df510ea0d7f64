"""The README and --help stay honest: every command is documented and shows an example."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from moatscan.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_readme_starts_with_the_two_commands():
    block = re.search(r"```\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    assert README.index("```") < README.index("## ")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"moatscan {command}" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"`moatscan {command}" in README


def test_every_market_file_key_is_documented():
    from moatscan.config import LIMIT_DEFAULTS

    for key in ["base_currency", "markets", "exchange_rates", "seller", "competitors", "limits",
                "private",
                "id", "name", "url", "start_urls", "product_url_patterns", "browser",
                *LIMIT_DEFAULTS]:
        assert f"`{key}`" in README, key


def test_every_table_is_documented(tmp_path):
    from moatscan.db import open_db

    db = open_db(tmp_path / "x.db")
    for table in db.table_names():
        if not table.startswith("_"):
            assert f"`{table}`" in README, table
