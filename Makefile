# The two commands of the README. Both set everything up first (scripts/setup.sh).
.PHONY: setup demo demo-build test

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/moatscan demo

demo-build: setup
	.venv/bin/moatscan demo --no-serve

test: setup
	.venv/bin/python -m pytest
