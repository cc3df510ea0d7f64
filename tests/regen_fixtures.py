"""Print what the parsers make of every saved page, for review; ``--write`` saves it.

    python tests/regen_fixtures.py                 # every case: "ok", or the diff / new output
    python tests/regen_fixtures.py trailco         # only cases whose path contains "trailco"
    python tests/regen_fixtures.py --write kaufhaus

A case is ``tests/fixtures/pages/<site>/<case>.html`` (read as bytes, as fetched) beside
``<case>.json``, the expected ``extract_page`` output, and optionally ``<case>.input.json``:
{"url": "https://…", "ctx": {"currency": "EUR", "market": "DE", "language": "de-DE"}}
(without it the URL is https://<site>.example/<case> and there is no ctx).
Read the output before writing it: the JSON is the specification, a human fixes it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.extract import extract_page  # noqa: E402  (needs ROOT on sys.path)


def cases(pattern: str = "") -> list[Path]:
    """Saved pages, sorted, whose path relative to the pages folder contains ``pattern``."""
    return [p for p in sorted(PAGES.glob("*/*.html")) if pattern in str(p.relative_to(PAGES))]


def case_input(page: Path) -> tuple[str, dict[str, Any] | None]:
    """(url, ctx) of a case, from its .input.json when there is one."""
    spec = page.with_suffix(".input.json")
    if spec.exists():
        data = json.loads(spec.read_text(encoding="utf-8"))
        return data["url"], data.get("ctx")
    return f"https://{page.parent.name}.example/{page.stem}", None


def run_case(page: Path) -> dict[str, Any]:
    """The current extract_page output of a case, as plain JSON values."""
    url, ctx = case_input(page)
    return json.loads(json.dumps(extract_page(page.read_bytes(), url, ctx)))


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pattern", nargs="?", default="",
                        help="only cases whose path contains this")
    parser.add_argument("--write", action="store_true", help="save the current output as expected")
    args = parser.parse_args(argv)
    changed = 0
    for page in cases(args.pattern):
        name = str(page.relative_to(PAGES))
        expected_file = page.with_suffix(".json")
        current = dump(run_case(page))
        expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else None
        if expected is not None and json.loads(expected) == json.loads(current):
            print(f"ok       {name}")
            continue
        changed += 1
        if expected is None:
            print(f"new      {name}\n{current}")
        else:
            print(f"changed  {name}")
            diff = difflib.unified_diff(expected.splitlines(True), current.splitlines(True),
                                        f"{name} (expected)", f"{name} (current)")
            sys.stdout.writelines(diff)
        if args.write:
            expected_file.write_text(current, encoding="utf-8")
            print(f"written  {expected_file.relative_to(ROOT)}")
    return 1 if changed and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
