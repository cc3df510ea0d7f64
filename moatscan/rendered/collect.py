"""What the technology detector needs from a rendered page, collected with Playwright.

``load_facts(context, url)`` opens the page, waits for it to settle and returns the facts dict
of :mod:`parsers.technologies` (headers, cookies, meta, script sources and texts, JS globals,
DOM matches, links, text), plus the URLs of every request the page made or tried.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from parsers.technologies import probes

MAX_SCRIPT_BYTES = 300_000
"""Most bytes of one fetched script kept for the ``scripts`` patterns."""
MAX_SCRIPTS_FETCHED = 25
MAX_HTML = 1_000_000
MAX_TEXT = 200_000

# Evaluated in the page: the JS globals and DOM selectors the database asks about, and the
# page-side facts. Values are reduced the way Wappalyzer's extension reduces them: strings and
# numbers as they are, anything else to true/false.
PAGE_FACTS_JS = """
([jsPaths, domProbes, limits]) => {
  const reduce = (v) => (typeof v === 'string' ? v.slice(0, 500)
                         : typeof v === 'number' ? v : !!v);
  const js = {};
  for (const path of jsPaths) {
    try {
      let value = window;
      let ok = true;
      for (const part of path.split('.')) {
        if (value === null || value === undefined) { ok = false; break; }
        value = value[part];
      }
      if (ok && value !== undefined) js[path] = reduce(value);
    } catch (e) { /* a getter that throws: not there */ }
  }
  const dom = {};
  for (const [selector, properties] of Object.entries(domProbes)) {
    let nodes;
    try { nodes = document.querySelectorAll(selector); } catch (e) { continue; }
    if (!nodes.length) continue;
    dom[selector] = Array.from(nodes).slice(0, 5).map((node) => {
      const attributes = {};
      for (const attr of Array.from(node.attributes || [])) {
        attributes[attr.name] = attr.value.slice(0, 500);
      }
      const props = {};
      for (const name of properties) {
        try { if (node[name] !== undefined) props[name] = reduce(node[name]); } catch (e) {}
      }
      return {text: (node.textContent || '').slice(0, 1000), attributes, properties: props};
    });
  }
  const meta = {};
  for (const node of document.querySelectorAll('meta')) {
    const key = (node.getAttribute('name') || node.getAttribute('property')
                 || node.getAttribute('http-equiv') || '').toLowerCase();
    if (key) (meta[key] = meta[key] || []).push(node.getAttribute('content') || '');
  }
  const scriptSrc = Array.from(document.scripts).map((s) => s.src).filter(Boolean);
  const inline = Array.from(document.scripts).filter((s) => !s.src)
    .map((s) => s.textContent.slice(0, limits.script));
  const links = Array.from(document.querySelectorAll('a[href]')).slice(0, 2000)
    .map((a) => ({href: a.href, text: (a.textContent || '').trim().slice(0, 200)}));
  const css = [];
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      css.push(Array.from(sheet.cssRules).map((r) => r.cssText).join('\\n')
               .slice(0, limits.script));
    } catch (e) { /* cross-origin sheet */ }
  }
  const text = document.body ? document.body.innerText.slice(0, limits.text) : '';
  return {js, dom, meta, scriptSrc, inline, links, css, text};
}
"""


def load_facts(context, url: str, *, timeout_s: float = 15.0, settle_s: float = 1.0,
               guard: bool = False) -> dict:
    """Load ``url`` in a new page of ``context`` and collect the facts of its rendered state.

    With ``guard`` every non-loopback request is aborted (the loopback guard of the demo
    and the tests); ``facts["_blocked"]`` lists them. ``facts["_requests"]`` lists every URL
    requested; ``facts["_problem"]`` says why the page could not be read, if it could not.
    """
    from playwright.sync_api import Error

    from moatscan.rendered.session import guard_route

    blocked: list[str] = []
    requested: list[str] = []
    script_responses = []
    xhr: list[str] = []
    page = context.new_page()
    try:
        if guard:
            page.route("**/*", guard_route(blocked))
        def on_request(request):
            requested.append(request.url)
            if request.resource_type in ("xhr", "fetch"):
                xhr.append(request.url)

        def on_response(response):
            if (response.request.resource_type == "script"
                    and len(script_responses) < MAX_SCRIPTS_FETCHED):
                script_responses.append(response)

        page.on("request", on_request)
        page.on("response", on_response)
        facts: dict = {"url": url}
        try:
            response = page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        except Error as exc:
            facts["_problem"] = f"the page did not load: {str(exc).splitlines()[0]}"
            facts.update(_blocked=blocked, _requests=requested)
            return facts
        _settle(page, settle_s)
        probe = probes()
        side = page.evaluate(PAGE_FACTS_JS, [probe["js"], probe["dom"],
                                             {"script": MAX_SCRIPT_BYTES, "text": MAX_TEXT}])
        fetched = []
        for script in script_responses:
            try:
                fetched.append(script.body()[:MAX_SCRIPT_BYTES].decode("utf-8", "replace"))
            except Error:
                continue
        headers = response.all_headers() if response else {}
        facts.update({
            "url": page.url,
            "status": response.status if response else None,
            "headers": {k.lower(): v for k, v in headers.items()},
            "cookies": {c["name"]: c["value"] for c in context.cookies()},
            "meta": side["meta"],
            "script_src": list(dict.fromkeys(side["scriptSrc"] + [
                r.url for r in script_responses])),
            "scripts": side["inline"] + fetched,
            "html": page.content()[:MAX_HTML],
            "text": side["text"],
            "css": side["css"],
            "xhr": xhr,
            "js": side["js"],
            "dom": side["dom"],
            "links": side["links"],
            "_blocked": blocked,
            "_requests": requested,
        })
        return facts
    finally:
        page.close()


def _settle(page, settle_s: float) -> None:
    """Give late scripts (chat loaders, review widgets) a moment: network idle or ``settle_s``."""
    from playwright.sync_api import Error

    try:
        page.wait_for_load_state("networkidle", timeout=settle_s * 1000)
    except Error:
        pass
    time.sleep(0.05)


def non_loopback(urls: list[str]) -> list[str]:
    from moatscan.rendered.session import is_loopback_url

    return [u for u in urls if not is_loopback_url(u) and urlsplit(u).scheme in ("http", "https",
                                                                                 "ws", "wss")]
