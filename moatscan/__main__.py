from moatscan.cli import cli

cli(prog_name="moatscan")
