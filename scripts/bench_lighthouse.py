"""Compare moatscan's FCP and LCP with Lighthouse 12 on the same loopback pages.

Not a test: a benchmark to run by hand. It serves the three fixed-speed fixture stores
(moatscan/rendered/fixture_sites.py: home and a product page each) and the demo market's
home pages on 127.0.0.1, measures each page with moatscan (median of --runs cold loads) and
with Lighthouse (desktop preset, ``--throttling-method=provided``, Debian's Chromium through
CHROME_PATH), and prints the ratio moatscan / Lighthouse per page and Spearman's rank
correlation over the pages.

Lighthouse is not a dependency of moatscan; install it outside the checkout first:

    mkdir -p /tmp/lh && cd /tmp/lh && npm install lighthouse@12
    .venv/bin/python scripts/bench_lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

With ``throttling-method=provided`` Lighthouse applies no throttling, so moatscan is run here
with the desktop profile's viewport and user agent but no CPU or network throttling either.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moatscan.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from moatscan.rendered.fixture_sites import serve_sites  # noqa: E402
from moatscan.rendered.session import LOOPBACK_RESOLVER, BrowserSession  # noqa: E402
from moatscan.rendered.speed import PROFILES, measure_once, median_of  # noqa: E402

UNTHROTTLED = replace(PROFILES["desktop"], name="desktop-provided", cpu_slowdown=1,
                      latency_ms=0, download_kbps=0, upload_kbps=0)
"""Lighthouse's desktop viewport (1350x940, DPR 1), no throttling."""


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else float("nan")


def lighthouse(binary: str, url: str) -> dict:
    rule = LOOPBACK_RESOLVER.split("=", 1)[1]
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f'--host-resolver-rules="{rule}"'])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [binary, url, "--preset=desktop", "--throttling-method=provided",
             "--only-categories=performance", "--output=json", f"--output-path={out}",
             "--quiet", f"--chrome-flags={flags}"],
            check=True, env={**os.environ, "CHROME_PATH": chromium_path()}, timeout=180)
        audits = json.loads(out.read_text())["audits"]
    return {"fcp_ms": audits["first-contentful-paint"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse")
                        or "/tmp/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--runs", type=int, default=3, help="moatscan runs per page (median)")
    parser.add_argument("--no-demo", action="store_true", help="fixture stores only")
    args = parser.parse_args()
    if not Path(args.lighthouse).exists():
        parser.error(f"no Lighthouse at {args.lighthouse}: see this script's docstring")

    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        pages = {}
        for name, base in stack.enter_context(serve_sites()).items():
            pages[f"{name}/home"] = base
            pages[f"{name}/product"] = base + "products/item-1"
        if not args.no_demo:
            from moatscan.demo import DEFAULT_PORTS, DemoMarket

            market = stack.enter_context(
                DemoMarket(week=1, ports={site: 0 for site in DEFAULT_PORTS}).start())
            for store, base in market.base_urls.items():
                if store != "partner":
                    pages[f"demo {store}/home"] = base
        playwright = stack.enter_context(sync_playwright())
        session = stack.enter_context(BrowserSession(playwright, loopback_only=True))
        rows = []
        for label, url in pages.items():
            ours_runs = [measure_once(session.browser, url, UNTHROTTLED)
                         for _ in range(args.runs)]
            bad = [h for r in ours_runs for h in r.get("hosts", []) if h != "127.0.0.1"]
            assert not bad, f"{label}: a speed run left the loopback: {bad}"
            ours = median_of([r for r in ours_runs if not r["error"]])
            theirs = lighthouse(args.lighthouse, url)
            rows.append((label, ours, theirs))
            print(f"  measured {label}", file=sys.stderr, flush=True)

    print(f"{'page':<24} {'FCP ours':>9} {'FCP LH':>9} {'ratio':>6}   "
          f"{'LCP ours':>9} {'LCP LH':>9} {'ratio':>6}")
    for label, ours, theirs in rows:
        print(f"{label:<24} {ours['fcp_ms']:>9.0f} {theirs['fcp_ms']:>9.0f} "
              f"{ours['fcp_ms'] / theirs['fcp_ms']:>6.2f}   {ours['lcp_ms']:>9.0f} "
              f"{theirs['lcp_ms']:>9.0f} {ours['lcp_ms'] / theirs['lcp_ms']:>6.2f}")
    for metric in ("fcp_ms", "lcp_ms"):
        ratios = [ours[metric] / theirs[metric] for _, ours, theirs in rows]
        rho = spearman([o[metric] for _, o, _ in rows], [t[metric] for _, _, t in rows])
        print(f"{metric[:3].upper()}: median ratio {statistics.median(ratios):.2f} "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f}); Spearman rho {rho:.3f} "
              f"over {len(rows)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
