"""The rendered pass of a scan: technologies and site speed, one browser per store.

Called by ``moatscan scan`` after the crawl and before the benchmark::

    summary = run_rendered_pass(db, scan_id, market.stores, samples=3, runs=3)

For each store, within ``budget_s`` seconds: the home page and ``samples`` product pages of
the scan (``pages.outcome = 'product'``) are rendered once each for technologies; then the home
page and ``speed_samples`` of those product pages are measured under each profile, ``runs``
times, the median kept. Home page measurements come first, so a store that runs out of time
still has its home page under every profile. What could not be done is said in
``rendered_passes.problems``, never silently skipped.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import time
from pathlib import Path

from moatscan.browser import BrowserError
from moatscan.rendered.collect import load_facts, non_loopback
from moatscan.rendered.layers import layer_mapping
from moatscan.rendered.session import BrowserSession, Watchdog, is_loopback_url
from moatscan.rendered.speed import MAX_RUNS, PROFILES, measure_once, median_of
from parsers.technologies import Detection, detect_technologies, merge_detections, \
    primary_category

NAV_TIMEOUT_S = 20.0
"""Longest wait for one page load (less when the store's budget is nearly spent)."""
HANG_GRACE_S = 60.0
"""Seconds past a store's budget after which its browser is taken as hung and stopped."""
MIN_CONFIDENCE = 50
"""Detections below this confidence are not stored (Wappalyzer's weak hints, such as a
``window.Shopify`` object alone, score 25)."""


def run_rendered_pass(db, scan_id: int, stores, *, samples: int = 3, runs: int = 3,
                      profiles=("mobile", "desktop"), budget_s: float = 120,
                      speed_samples: int = 1, model_path: str | Path | None = None,
                      loopback_only: bool | None = None) -> dict:
    """Detect technologies and measure speed for ``stores`` (objects with ``.id``, ``.url``,
    ``.origin``) in scan ``scan_id``; write ``technologies``, ``speed_runs``, ``site_speed``
    and ``rendered_passes``; return a summary dict.

    ``samples``: product pages rendered for technologies; ``speed_samples``: how many of those
    are also measured (the home page always is); ``runs``: loads per page and profile (1-5);
    ``loopback_only``: guard the browser to 127.0.0.1 (default: when the store itself is
    served there, as the demo market is).
    """
    runs = max(1, min(int(runs), MAX_RUNS))
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        raise ValueError(f"unknown speed profile {unknown[0]!r} (expected one of "
                         f"{', '.join(PROFILES)})")
    mapping = layer_mapping(model_path)
    stores = list(stores)
    products = {store.id: sample_products(db, scan_id, store.id, samples) for store in stores}
    args = (stores, products, runs, tuple(profiles), budget_s, speed_samples, loopback_only)
    if _event_loop_running():
        # Playwright's sync API refuses to run inside an asyncio loop: use a worker thread
        # (for the browser only: the database connection stays in this thread).
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            results = pool.submit(_run, *args).result()
    else:
        results = _run(*args)
    summary = {"stores": 0, "technologies": 0, "speed_rows": 0, "speed_loads": 0,
               "peak_browser_mb": 0.0, "processes_killed": 0, "elapsed_s": results["elapsed_s"],
               "problems": []}
    for store, (record, detections, runs_by_page) in zip(stores, results["stores"]):
        record["technologies"] = len(detections)
        speed_rows = _write(db, scan_id, store.id, detections, runs_by_page, record, mapping,
                            products[store.id])
        summary["stores"] += 1
        summary["technologies"] += len(detections)
        summary["speed_rows"] += speed_rows
        summary["speed_loads"] += record["speed_loads"]
        summary["peak_browser_mb"] = max(summary["peak_browser_mb"], record["peak_browser_mb"])
        summary["processes_killed"] += record["processes_killed"]
        summary["problems"] += [f"{store.id}: {p}" for p in record["problems"]]
    return summary


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run(stores, products, runs, profiles, budget_s, speed_samples, loopback_only) -> dict:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    results = []
    for store in stores:    # a driver of its own per store: a hung one is stopped alone
        watchdog = Watchdog(budget_s + HANG_GRACE_S)
        try:
            with watchdog, sync_playwright() as playwright:
                results.append(_store_pass(playwright, store, products[store.id], runs,
                                           profiles, budget_s, speed_samples, loopback_only))
        except Exception as exc:  # noqa: BLE001 - only once the watchdog stopped a hung browser
            if not watchdog.fired:
                raise
            results.append(_stopped(store, watchdog.seconds, exc))
    return {"stores": results, "elapsed_s": round(time.monotonic() - started, 1)}


def _stopped(store, seconds: float, exc: Exception) -> tuple[dict, list, dict]:
    """The pass record of a store whose browser stopped answering (nothing of it is kept)."""
    problem = (f"the browser stopped answering; its pass was stopped after {seconds:g} s "
               f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
    record = {"store_id": store.id, "started_at": None, "elapsed_s": seconds, "pages": 0,
              "speed_loads": 0, "peak_browser_mb": 0.0, "browser_processes_peak": 0,
              "processes_killed": 0, "problems": [problem]}
    return record, [], {}


def sample_products(db, scan_id: int, store_id: str, count: int) -> list[str]:
    """``count`` product URLs of the scan, spread evenly over the store's product pages in
    URL order (the same ones every week while the catalogue stays the same)."""
    urls = [row[0] for row in db.execute(
        "SELECT url FROM pages WHERE scan_id = ? AND store_id = ? AND outcome = 'product'"
        " ORDER BY url", [scan_id, store_id]).fetchall()]
    if count <= 0 or not urls:
        return []
    if count >= len(urls):
        return urls
    step = len(urls) / count
    return [urls[int(i * step)] for i in range(count)]


def _store_pass(playwright, store, products, runs, profiles, budget_s, speed_samples,
                loopback_only) -> tuple[dict, list[Detection], dict]:
    """Technologies and speed of one store in its own browser: (pass record, detections,
    speed results by (url, profile))."""
    from playwright.sync_api import Error as PlaywrightError
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    started = time.monotonic()
    deadline = started + budget_s
    guard = is_loopback_url(store.url) if loopback_only is None else loopback_only
    pages = [store.url] + [u for u in products if u != store.url]
    problems: list[str] = []
    detections: list[list[Detection]] = []
    clean: dict[str, bool] = {}
    runs_by_page: dict[tuple[str, str], list[dict]] = {}
    loads = 0
    session = BrowserSession(playwright, loopback_only=guard)
    try:
        with session:
            context = session.browser.new_context(user_agent=PROFILES["desktop"].user_agent)
            try:
                for url in pages:
                    remaining = deadline - time.monotonic()
                    if remaining < 2:
                        problems.append(f"time budget spent before {url} (technologies)")
                        break
                    try:
                        facts = load_facts(context, url, guard=guard,
                                           timeout_s=min(NAV_TIMEOUT_S, remaining))
                    except PlaywrightError as exc:
                        facts = {"_problem": f"the browser failed: {str(exc).splitlines()[0]}"}
                    if "_problem" in facts:
                        problems.append(f"{url}: {facts['_problem']}")
                        continue
                    detections.append(detect_technologies(facts,
                                                          min_confidence=MIN_CONFIDENCE))
                    outside = non_loopback(facts["_requests"])
                    clean[url] = not outside
                    if guard and outside:
                        problems.append(f"{url}: requests outside 127.0.0.1 ({outside[0]}…): "
                                        "blocked for technologies, so not measured for speed")
            finally:
                context.close()
            speed_pages = [store.url] + [u for u in products if u != store.url][:speed_samples]
            # home page first; within a page, run 1 of every profile before run 2, so a
            # store that runs out of time still has every profile of its home page
            out_of_time = False
            for url in speed_pages:
                if out_of_time or url not in clean or (guard and not clean[url]):
                    continue
                for run in range(1, runs + 1):
                    for profile in profiles:
                        results = runs_by_page.setdefault((url, profile), [])
                        remaining = deadline - time.monotonic()
                        if out_of_time or remaining < 3:
                            out_of_time = True
                            break
                        try:
                            result = measure_once(session.browser, url, PROFILES[profile],
                                                  timeout_s=min(NAV_TIMEOUT_S * 1.5, remaining))
                        except PlaywrightError as exc:
                            result = {"error": f"the browser failed: "
                                               f"{str(exc).splitlines()[0]}", "hosts": []}
                        loads += 1
                        result["run"] = run
                        if guard:
                            outside = [h for h in result.get("hosts", [])
                                       if not is_loopback_url(f"http://{h}/")]
                            if outside:
                                result["error"] = f"requests left 127.0.0.1: {outside}"
                        results.append(result)
                        if result["error"]:
                            problems.append(f"{url} {profile} run {run}: {result['error']}")
            for url in speed_pages:
                for profile in profiles:
                    done = len(runs_by_page.get((url, profile), []))
                    if out_of_time and done < runs and clean.get(url):
                        problems.append(f"time budget spent: {url} {profile} has {done} of "
                                        f"{runs} runs")
    except BrowserError as exc:
        problems.append(str(exc))
    record = {
        "store_id": store.id, "started_at": started_at,
        "elapsed_s": round(time.monotonic() - started, 2), "pages": len(clean),
        "speed_loads": loads, "peak_browser_mb": session.peak_memory_mb,
        "browser_processes_peak": session.sampler.processes_peak,
        "processes_killed": len(session.left_behind),
        "problems": problems,
    }
    return record, merge_detections(detections), runs_by_page


def technology_rows(detections: list[Detection], mapping: dict) -> list[dict]:
    """Detections as rows (without scan and store): primary category and its layer."""
    rows = []
    for det in detections:
        category, layer = primary_category(det.categories, mapping)
        rows.append({"name": det.name, "category": category, "layer": layer,
                     "categories": json.dumps(list(det.categories), ensure_ascii=False),
                     "version": det.version, "confidence": det.confidence, "url": det.url,
                     "evidence": "; ".join(det.evidence), "source": det.source})
    return rows


def _write(db, scan_id, store_id, detections, runs_by_page, record, mapping, products) -> int:
    tech_rows = technology_rows(detections, mapping)
    for row in tech_rows:
        earlier = db.execute(
            "SELECT min(t.first_scan_id) FROM technologies t JOIN scans s ON s.id = t.scan_id"
            " WHERE s.status = 'complete' AND t.store_id = ? AND t.name = ? AND t.scan_id < ?",
            [store_id, row["name"], scan_id]).fetchone()[0]
        row.update(scan_id=scan_id, store_id=store_id, first_scan_id=earlier or scan_id,
                   last_scan_id=scan_id)
    measured_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    run_rows, speed_rows = [], []
    for (url, profile), results in runs_by_page.items():
        for result in results:
            run_rows.append({"scan_id": scan_id, "store_id": store_id, "url": url,
                             "profile": profile, "run": result["run"], "measured_at": measured_at,
                             **{k: result.get(k) for k in (
                                 "ttfb_ms", "fcp_ms", "lcp_ms", "cls", "tbt_ms", "bytes",
                                 "requests", "third_party_share", "load_ms", "error")}})
        good = [r for r in results if not r["error"]]
        if not good:
            continue
        conditions = {**PROFILES[profile].conditions(), "runs_tried": len(results),
                      "statistic": "median", "cache": "cold (new context per run)",
                      "hosts": sorted({h for r in good for h in r.get("hosts", [])}),
                      "browser": "Debian Chromium via Playwright, headless"}
        speed_rows.append({"scan_id": scan_id, "store_id": store_id, "url": url,
                           "page_kind": "product" if url in products else "home",
                           "profile": profile, "runs": len(good), **median_of(good),
                           "conditions": json.dumps(conditions, ensure_ascii=False)})
    pass_row = {**record, "scan_id": scan_id,
                "problems": json.dumps(record["problems"], ensure_ascii=False)}
    with db.conn:
        for table in ("technologies", "speed_runs", "site_speed", "rendered_passes"):
            db.execute(f"DELETE FROM {table} WHERE scan_id = ? AND store_id = ?",
                       [scan_id, store_id])
        if tech_rows:
            db["technologies"].insert_all(tech_rows)
        if run_rows:
            db["speed_runs"].insert_all(run_rows)
        if speed_rows:
            db["site_speed"].insert_all(speed_rows)
        db["rendered_passes"].insert(pass_row)
    return len(speed_rows)
