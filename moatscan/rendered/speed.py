"""Site speed measured in Chromium: one cold load per run, throttled through a CDP session.

Each run opens a fresh browser context (empty cache, no cookies) with the profile's viewport
and user agent, sets CPU and network throttling with ``Emulation.setCPUThrottlingRate`` and
``Network.emulateNetworkConditions``, loads the page and reads:

- ``ttfb_ms``: Navigation Timing ``responseStart`` (from navigation start);
- ``fcp_ms``: the ``first-contentful-paint`` paint entry;
- ``lcp_ms``: the last ``largest-contentful-paint`` entry;
- ``cls``: the largest session window of ``layout-shift`` entries without recent input
  (gaps under 1 s, windows at most 5 s), as Chrome defines CLS;
- ``tbt_ms``: the sum of ``longtask`` durations past 50 ms after FCP, until the end of the
  observation (Lighthouse stops at Time to Interactive; we stop at load + settle);
- ``bytes`` / ``requests``: CDP ``Network.loadingFinished`` encoded (transfer) sizes and the
  number of requests; ``third_party_share``: the share of those bytes served by other sites.

No request is ever routed or blocked during a speed run: that would change what is measured.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

METRICS = ("ttfb_ms", "fcp_ms", "lcp_ms", "cls", "tbt_ms", "bytes", "requests",
           "third_party_share")
MAX_RUNS = 5


@dataclass(frozen=True)
class Profile:
    """A device and network to measure under; stored with every measurement."""

    name: str
    viewport: tuple[int, int]
    device_scale_factor: float
    mobile: bool
    user_agent: str
    cpu_slowdown: float
    """``Emulation.setCPUThrottlingRate``: 4 = four times slower than this machine."""
    latency_ms: float
    """Added to every request's round trip (``Network.emulateNetworkConditions``)."""
    download_kbps: float
    """Kilobits per second (1 kbit = 1,024 bits, as DevTools counts); 0 = no limit."""
    upload_kbps: float

    def conditions(self) -> dict:
        out = asdict(self)
        out["viewport"] = list(self.viewport)
        out["throttling"] = "devtools (CDP): Emulation.setCPUThrottlingRate, " \
                            "Network.emulateNetworkConditions"
        return out


# Lighthouse's own presets: mobile is a Moto G Power on "slow 4G" (150 ms, 1.6 Mbps down,
# 750 Kbps up, CPU 4x), desktop a wired connection (40 ms, 10 Mbps, CPU 1x).
PROFILES = {
    "mobile": Profile(
        "mobile", (412, 823), 1.75, True,
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 moatscan",
        cpu_slowdown=4, latency_ms=150, download_kbps=1638.4, upload_kbps=750),
    "desktop": Profile(
        "desktop", (1350, 940), 1.0, False,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 moatscan",
        cpu_slowdown=1, latency_ms=40, download_kbps=10240, upload_kbps=10240),
}

# Installed before any page script: observers with buffered entries, read once at the end.
OBSERVERS_JS = """
(() => {
  const m = window.__moatscanPerf = {lcp: null, fcp: null, longTasks: [], shifts: []};
  const watch = (type, fn) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(fn))
            .observe({type, buffered: true}); } catch (e) {}
  };
  watch('largest-contentful-paint', (e) => { m.lcp = e.startTime; });
  watch('paint', (e) => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime; });
  watch('longtask', (e) => { m.longTasks.push([e.startTime, e.duration]); });
  watch('layout-shift', (e) => { if (!e.hadRecentInput) m.shifts.push([e.startTime, e.value]); });
})();
"""

READ_JS = """
() => new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const m = window.__moatscanPerf || {};
    const nav = performance.getEntriesByType('navigation')[0];
    let cls = 0, windowValue = 0, windowStart = -1, last = -1;
    for (const [t, v] of (m.shifts || [])) {
      if (windowStart < 0 || t - last > 1000 || t - windowStart > 5000) {
        windowStart = t; windowValue = 0;
      }
      windowValue += v; last = t; cls = Math.max(cls, windowValue);
    }
    const fcp = m.fcp;
    let tbt = 0;
    for (const [start, duration] of (m.longTasks || [])) {
      if (fcp !== null && start + duration > fcp) {
        const from = Math.max(start, fcp);
        tbt += Math.max(0, start + duration - from - 50);
      }
    }
    resolve({ttfb: nav ? nav.responseStart : null, fcp, lcp: m.lcp, cls, tbt,
             load: nav ? nav.loadEventEnd : null});
  }));
})
"""


def site_of(host: str) -> str:
    """The registrable part of a host name, roughly: the last two labels (three under a
    two-letter second level such as co.uk or com.au). Hosts that are IP addresses or
    ``localhost`` are their own site."""
    host = (host or "").lower().rstrip(".")
    labels = host.split(".")
    if host.replace(".", "").isdigit() or ":" in host or len(labels) < 2:
        return host
    if len(labels) >= 3 and (len(labels[-2]) <= 3 and labels[-2] in {
            "co", "com", "net", "org", "ac", "gov", "ne", "or", "edu"}):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def measure_once(browser, url: str, profile: Profile, *, timeout_s: float = 30.0,
                 settle_s: float = 0.5) -> dict:
    """One cold load of ``url`` under ``profile``: the metrics of :data:`METRICS` plus
    ``hosts`` (every host requested) and ``error`` (None, or why the run failed)."""
    from playwright.sync_api import Error

    context = browser.new_context(
        viewport={"width": profile.viewport[0], "height": profile.viewport[1]},
        device_scale_factor=profile.device_scale_factor, is_mobile=profile.mobile,
        has_touch=profile.mobile, user_agent=profile.user_agent)
    try:
        context.add_init_script(OBSERVERS_JS)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        requests: dict[str, str] = {}
        sizes: dict[str, float] = {}
        inflight: set[str] = set()

        def sent(event):
            url = event["request"]["url"]
            # the browser's own favicon probe is not part of the page (and races the load)
            if not url.startswith("data:") and not (
                    event.get("type") == "Other" and urlsplit(url).path == "/favicon.ico"):
                requests.setdefault(event["requestId"], url)
                inflight.add(event["requestId"])

        def finished(event):
            sizes[event["requestId"]] = event.get("encodedDataLength", 0) or 0
            inflight.discard(event["requestId"])

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", lambda e: inflight.discard(e["requestId"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": profile.latency_ms,
            "downloadThroughput": _bytes_per_s(profile.download_kbps),
            "uploadThroughput": _bytes_per_s(profile.upload_kbps)})
        try:
            page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        except Error as exc:
            return {"error": f"the page did not load: {str(exc).splitlines()[0]}",
                    "hosts": sorted({urlsplit(u).hostname or "" for u in requests.values()})}
        # let late paints and requests land: up to settle_s, less once nothing is in flight
        deadline = time.monotonic() + settle_s
        page.wait_for_timeout(min(150, settle_s * 1000))
        while inflight and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        raw = page.evaluate(READ_JS)
        site = site_of(urlsplit(url).hostname or "")
        sizes = {rid: size for rid, size in sizes.items() if rid in requests}
        total = sum(sizes.values())
        third = sum(size for rid, size in sizes.items()
                    if site_of(urlsplit(requests.get(rid, "")).hostname or "") != site)
        return {
            "ttfb_ms": _ms(raw["ttfb"]), "fcp_ms": _ms(raw["fcp"]), "lcp_ms": _ms(raw["lcp"]),
            "cls": round(raw["cls"], 4), "tbt_ms": _ms(raw["tbt"]),
            "bytes": int(total), "requests": len(requests),
            "third_party_share": round(third / total, 4) if total else 0.0,
            "load_ms": _ms(raw["load"]),
            "hosts": sorted({urlsplit(u).hostname or "" for u in requests.values()}),
            "error": None,
        }
    finally:
        context.close()


def _bytes_per_s(kbps: float) -> float:
    return kbps * 1024 / 8 if kbps > 0 else -1          # CDP: -1 = no limit


def _ms(value) -> float | None:
    return None if value is None else round(float(value), 1)


def median_of(runs: list[dict]) -> dict:
    """The median of each metric over the runs that produced it (None when none did)."""
    out = {}
    for metric in METRICS:
        values = [r[metric] for r in runs if r.get(metric) is not None]
        median = statistics.median(values) if values else None
        out[metric] = (int(median) if metric in ("bytes", "requests") and median is not None
                       else median)
    return out
