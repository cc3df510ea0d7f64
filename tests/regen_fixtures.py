"""Print what the parsers make of every saved page, for review; ``--write`` saves it.

    python tests/regen_fixtures.py                 # every case: "ok", or the diff / new output
    python tests/regen_fixtures.py trailco         # only cases whose path contains "trailco"
    python tests/regen_fixtures.py --write kaufhaus

A case is ``tests/fixtures/pages/<site>/<case>.html`` (read as bytes, as fetched) or
``<case>.api.json`` (a platform endpoint's answer) beside ``<case>.json``, the expected output,
and optionally ``<case>.input.json``:
{"url": "https://…", "ctx": {"currency": "EUR", "market": "DE", "language": "de-DE"},
 "kind": "product"}
(without it the URL is https://<site>.example/<case>, there is no ctx and the kind is
"product"). Kinds: "product" (``extract_page``), "policies" (``extract_policies``: the record
and its ``as_signals()``), "store" (``extract_store_signals``), "shopify" / "woocommerce"
(``shopify_products`` / ``woocommerce_products`` of an .api.json: each record as
``page_to_dict`` prints it, and the problems).
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

from parsers.extract import extract_page, page_to_dict  # noqa: E402  (needs ROOT on sys.path)
from parsers.html import parse_html  # noqa: E402
from parsers.platforms import shopify_products, woocommerce_products  # noqa: E402
from parsers.policies import extract_policies, looks_like_policy_page  # noqa: E402
from parsers.store import extract_store_signals  # noqa: E402

SOURCE_SUFFIXES = (".api.json", ".html")


def cases(pattern: str = "") -> list[Path]:
    """Saved pages, sorted, whose path relative to the pages folder contains ``pattern``."""
    found = [*PAGES.glob("*/*.html"), *PAGES.glob("*/*.api.json")]
    return [p for p in sorted(found) if pattern in str(p.relative_to(PAGES))]


def case_name(page: Path) -> str:
    """"product" for product.html and for product.api.json."""
    return next(page.name[: -len(s)] for s in SOURCE_SUFFIXES if page.name.endswith(s))


def expected_path(page: Path) -> Path:
    """The expected output beside a case: <case>.json."""
    return page.with_name(case_name(page) + ".json")


def case_input(page: Path) -> tuple[str, dict[str, Any] | None, str]:
    """(url, ctx, kind) of a case, from its .input.json when there is one."""
    spec = page.with_name(case_name(page) + ".input.json")
    if spec.exists():
        data = json.loads(spec.read_text(encoding="utf-8"))
        return data["url"], data.get("ctx"), data.get("kind", "product")
    return f"https://{page.parent.name}.example/{case_name(page)}", None, "product"


def _output(page: Path) -> Any:
    url, ctx, kind = case_input(page)
    body = page.read_bytes()
    ctx = ctx or {}
    if kind == "policies":
        tree = parse_html(body, url)
        signals = extract_policies(tree, url, lang=ctx.get("language"),
                                   currency_hint=ctx.get("currency"), today=ctx.get("today"))
        return {"looks_like_policy_page": looks_like_policy_page(url, tree),
                "signals": signals.as_signals(), "record": signals.to_dict()}
    if kind == "store":
        signals = extract_store_signals(body, url)
        return {"signals": signals.as_signals(), "record": signals.to_dict()}
    if kind in ("shopify", "woocommerce"):
        parse = shopify_products if kind == "shopify" else woocommerce_products
        records, problems = parse(body, url, ctx)
        return {"records": [page_to_dict(record) for record in records], "problems": problems}
    return extract_page(body, url, ctx)


def run_case(page: Path) -> dict[str, Any]:
    """The current output of a case (by its kind), as plain JSON values."""
    return json.loads(json.dumps(_output(page), default=str))


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
        expected_file = expected_path(page)
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
