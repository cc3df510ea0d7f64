"""Technologies on a rendered page: a fingerprint database evaluated on facts a browser collected.

Pure: a facts dict in, detections out. The browser side (``moatscan.rendered.collect``) loads
the page, asks :func:`probes` which JavaScript globals and DOM selectors to look at, and hands
back a dict of what it saw::

    {"url": "https://shop.example/",          # the page's final URL
     "headers": {"server": "nginx"},          # main document, names lower-case
     "cookies": {"_shopify_y": "..."},
     "meta": {"generator": ["WooCommerce 8.1"]},        # name/property lower-case -> contents
     "script_src": ["https://code.tidio.co/x.js"],      # <script src> and script requests
     "scripts": ["window.intercomSettings = ..."],      # inline (and fetched) script text
     "html": "<!doctype html>...", "text": "body text", "css": ["..."],
     "xhr": ["https://api.example/cart.js"],            # fetch/XHR request URLs
     "js": {"Intercom": True, "Afterpay.version": "1.2"},   # defined globals, by probe path
     "dom": {"iframe#intercom-frame": [{"text": "", "attributes": {...}, "properties": {}}]},
     "links": [{"href": "https://www.amazon.com/stores/X", "text": "Amazon"}]}

The database is Wappalyzer's fingerprint format (``parsers/fingerprints/technologies.json``,
pinned from the ``wappalyzer`` package: see the README there), evaluated the way Wappalyzer's
own browser extension does it: every pattern is a case-insensitive regular expression that may
carry ``\\;version:\\1`` and ``\\;confidence:50``; confidences add up to at most 100; ``implies``,
``requires``, ``requiresCategory`` and ``excludes`` are honoured. The package's own evaluator
needs a ``requests`` response and fetches scripts, DNS and robots.txt itself, so it cannot take
what Playwright saw; this module is the evaluator instead. ``dns``, ``certIssuer``, ``robots``
and ``probe`` patterns need extra requests and are not evaluated.

Our own rules (``parsers/fingerprints/rules.yaml``) cover what the database lacks:
marketplace storefront and app-store links, loyalty/referral/affiliate pages, live-shopping
schedules and video-call support. Their detections say ``source="rule"``.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FINGERPRINTS = Path(__file__).resolve().parent / "fingerprints"
_TEXT_KINDS = {"scriptSrc": "script_src", "scripts": "scripts", "html": "html", "text": "text",
               "css": "css", "xhr": "xhr", "url": "url"}
_DICT_KINDS = {"headers": "headers", "cookies": "cookies", "meta": "meta"}
_PY_ESCAPES = set("dDwWsSbBnrtfvxu0123456789")


@dataclass(frozen=True)
class Detection:
    """One technology found on a page."""

    name: str
    """As the database names it: "Intercom", "Klarna Checkout", "Amazon storefront"."""
    categories: tuple[str, ...]
    """Category names, database order: ("Payment processors", "Buy now pay later")."""
    confidence: int
    """0-100: the sum of the confidences of the patterns that matched, at most 100."""
    version: str | None = None
    """Version when a pattern captured one, else None."""
    evidence: tuple[str, ...] = ()
    """What matched, one line each: "js window.Intercom", "dom iframe#intercom-frame"."""
    source: str = "fingerprint"
    """"fingerprint" (the database) or "rule" (our own rules.yaml)."""
    url: str | None = None
    """The page it was found on."""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "categories": list(self.categories),
                "confidence": self.confidence, "version": self.version,
                "evidence": list(self.evidence), "source": self.source, "url": self.url}


@dataclass
class _Pattern:
    regex: re.Pattern[str] | None
    raw: str
    version: str = ""
    confidence: int = 100
    python: str = ""
    _literal: Any = False

    @property
    def literal(self) -> str | None:
        """Lower-case text every match contains: a fast ``in`` test before the regex runs (a
        case-insensitive regex cannot use Python's fast substring search: 20 KB of script
        took 30 ms a pattern, and a page carries hundreds of KB for 800 script patterns).
        Worked out on first use: parsing every pattern up front would cost seconds."""
        if self._literal is False:
            self._literal = _literal(self.python)
        return self._literal

    def search(self, value: Any, lowered: str | None = None) -> tuple[bool, str]:
        text = _as_text(value)
        if self.regex is None:
            return False, ""
        if len(text) > 512 and self.literal and self.literal not in (
                lowered if lowered is not None else text.lower()):
            return False, ""
        found = self.regex.search(text)
        if not found:
            return False, ""
        return True, _version(self.version, found)


@dataclass
class _Tech:
    name: str
    cats: tuple[int, ...]
    text: dict[str, list[_Pattern]] = field(default_factory=dict)
    dicts: dict[str, dict[str, list[_Pattern]]] = field(default_factory=dict)
    js: dict[str, list[_Pattern]] = field(default_factory=dict)
    dom: list[tuple[str, dict]] = field(default_factory=list)
    implies: list[_Pattern] = field(default_factory=list)
    requires: tuple[str, ...] = ()
    requires_category: tuple[int, ...] = ()
    excludes: tuple[str, ...] = ()


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _to_python_regex(pattern: str) -> str:
    """A Wappalyzer (JavaScript) pattern as a Python one: identity escapes such as ``\\A`` or
    ``\\l`` mean the letter in JavaScript, named groups are ``(?P<name>``."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(nxt if nxt.isalpha() and nxt not in _PY_ESCAPES else char + nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    python = re.sub(r"\(\?<(?![=!])", "(?P<", "".join(out))
    # a leading .* or .+ changes nothing about whether a search matches, but makes it
    # quadratic on a long line (60 s on a 100 KB script)
    if python.startswith(".*"):
        python = python[2:]
    elif python.startswith(".+"):
        python = "." + python[2:]
    return python


def _literal(regex: str) -> str | None:
    """The longest run of plain characters every match of ``regex`` must contain, lower-case."""
    try:
        parsed = re._parser.parse(regex, re.I)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an unparsable pattern simply gets no prefilter
        return None
    literal_op = re._constants.LITERAL  # type: ignore[attr-defined]
    best, run = "", []
    for op, arg in list(parsed) + [(None, None)]:
        if op is literal_op:
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best.lower() if len(best) >= 3 else None


def _pattern(raw: str) -> _Pattern:
    parts = str(raw).split("\\;")
    regex, version, confidence = parts[0], "", 100
    for part in parts[1:]:
        key, _, value = part.partition(":")
        if key == "version":
            version = value
        elif key == "confidence":
            try:
                confidence = int(value)
            except ValueError:
                pass
    python = _to_python_regex(regex)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compiled = re.compile(python, re.I)
        except (re.error, OverflowError, RecursionError):
            compiled = None
    return _Pattern(compiled, regex, version, confidence, python)


def _patterns(value: Any) -> list[_Pattern]:
    values = value if isinstance(value, list) else [value]
    return [_pattern(v) for v in values]


def _version(template: str, found: re.Match[str]) -> str:
    """Resolve ``\\1``, ``\\1?a:b`` in a version template against a match."""
    if not template:
        return ""

    def group(index: str) -> str:
        try:
            return found.group(int(index)) or ""
        except (IndexError, ValueError):
            return ""

    def resolve(text: str) -> str:
        return re.sub(r"\\(\d+)", lambda m: group(m.group(1)), text)

    ternary = re.fullmatch(r"\\(\d+)\?([^:]*):(.*)", template)
    if ternary:
        index, truthy, falsy = ternary.groups()
        return resolve(truthy if group(index) else falsy).strip()
    return resolve(template).strip()


def _dom_specs(value: Any) -> list[tuple[str, dict]]:
    if isinstance(value, str):
        return [(value, {"exists": _pattern("")})]
    if isinstance(value, list):
        return [(selector, {"exists": _pattern("")}) for selector in value]
    specs = []
    for selector, spec in (value or {}).items():
        compiled: dict[str, Any] = {}
        for key, pattern in (spec or {"exists": ""}).items():
            if key in ("exists", "text", "src"):
                compiled[key] = _pattern(pattern)
            elif key in ("attributes", "properties"):
                compiled[key] = {name: _pattern(p) for name, p in pattern.items()}
        specs.append((selector, compiled))
    return specs


def _compile(name: str, spec: dict) -> _Tech:
    cats = tuple(spec.get("cats", ()))
    tech = _Tech(name, cats)
    for key, fact in _TEXT_KINDS.items():
        if key in spec:
            tech.text[fact] = _patterns(spec[key])
    for key, fact in _DICT_KINDS.items():
        if key in spec:
            tech.dicts[fact] = {k.lower() if key != "cookies" else k: _patterns(v)
                                for k, v in spec[key].items()}
    tech.js = {path: _patterns(p) for path, p in spec.get("js", {}).items()}
    tech.dom = _dom_specs(spec.get("dom"))
    tech.implies = _patterns(spec["implies"]) if "implies" in spec else []
    tech.requires = tuple(_listed(spec.get("requires")))
    tech.requires_category = tuple(_listed(spec.get("requiresCategory")))
    tech.excludes = tuple(_listed(spec.get("excludes")))
    return tech


def _listed(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class Fingerprints:
    """The database, compiled once: technologies by name and category names by id."""

    def __init__(self, technologies: dict[str, dict], categories: dict[str, dict]):
        self.categories = {int(k): v["name"] for k, v in categories.items()}
        self.specs = technologies
        self.techs = {name: _compile(name, spec)
                      for name, spec in technologies.items()}

    @classmethod
    def load(cls, folder: str | Path = FINGERPRINTS) -> Fingerprints:
        folder = Path(folder)
        technologies = json.loads((folder / "technologies.json").read_text(encoding="utf-8"))
        categories = json.loads((folder / "categories.json").read_text(encoding="utf-8"))
        return cls(technologies, categories)

    def category_names(self, name: str) -> tuple[str, ...]:
        tech = self.techs.get(name)
        return tuple(self.categories.get(c, str(c)) for c in tech.cats) if tech else ()

    def probes(self) -> dict[str, Any]:
        """What the browser must look at: {"js": [global paths], "dom": {selector: [property
        names]}}. Everything else (headers, cookies, scripts, meta…) is collected whole."""
        js, dom = set(), {}
        for tech in self.techs.values():
            js.update(tech.js)
            for selector, spec in tech.dom:
                dom.setdefault(selector, set()).update(spec.get("properties", {}))
        return {"js": sorted(js), "dom": {s: sorted(p) for s, p in sorted(dom.items())}}

    def detect(self, facts: dict[str, Any]) -> list[Detection]:
        """Every technology whose patterns match ``facts``, by name."""
        found: dict[str, dict] = {}
        facts = {**facts, "_lowered": _lowered(facts)}
        for tech in self.techs.values():
            hits = list(_match(tech, facts))
            if hits:
                found[tech.name] = _combine(hits)
        found = self._resolve(found)
        url = facts.get("url")
        return [Detection(name, self.category_names(name), hit["confidence"],
                          hit["version"] or None, tuple(hit["evidence"]), "fingerprint", url)
                for name, hit in sorted(found.items())]

    def _resolve(self, found: dict[str, dict]) -> dict[str, dict]:
        # implies (transitively), then requires / requiresCategory, then excludes
        queue = list(found)
        while queue:
            name = queue.pop()
            for implied in self.techs[name].implies:
                target = implied.raw
                if target not in self.techs:
                    continue
                confidence = min(found[name]["confidence"], implied.confidence)
                if target not in found:
                    found[target] = {"confidence": confidence, "version": "",
                                     "evidence": [f"implied by {name}"]}
                    queue.append(target)
        changed = True
        while changed:
            changed = False
            for name in list(found):
                tech = self.techs[name]
                missing = [r for r in tech.requires if r not in found]
                missing_cat = tech.requires_category and not (
                    set(tech.requires_category) & {c for n in found if n != name
                                                   for c in self.techs[n].cats})
                if missing or missing_cat:
                    del found[name]
                    changed = True
        for name in list(found):
            for excluded in self.techs[name].excludes if name in found else ():
                found.pop(excluded, None)
        return found


def _lowered(facts: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for fact in set(_TEXT_KINDS.values()):
        values = facts.get(fact)
        if values:
            values = values if isinstance(values, list) else [values]
            out[fact] = [(text, text.lower()) for text in map(_as_text, values)]
    return out


def _combine(hits: list[tuple[int, str, str]]) -> dict:
    confidence = min(100, sum(c for c, _, _ in hits))
    versions = sorted((v for _, v, _ in hits if v), key=lambda v: (len(v), v), reverse=True)
    evidence = list(dict.fromkeys(e for _, _, e in hits))
    return {"confidence": confidence, "version": versions[0] if versions else "",
            "evidence": evidence[:5]}


def _clip(text: Any, size: int = 80) -> str:
    text = " ".join(_as_text(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _match(tech: _Tech, facts: dict[str, Any]):
    """(confidence, version, evidence) for each pattern of ``tech`` that matches."""
    lowered = facts["_lowered"]
    for fact, patterns in tech.text.items():
        for value, low in lowered.get(fact, ()):
            for pattern in patterns:
                ok, version = pattern.search(value, low)
                if ok:
                    shown = value if fact in ("script_src", "xhr", "url") else pattern.raw
                    yield pattern.confidence, version, f"{fact} {_clip(shown)}"
                    break
    for fact, keyed in tech.dicts.items():
        values = facts.get(fact) or {}
        if fact != "cookies":
            values = {str(k).lower(): v for k, v in values.items()}
        for key, patterns in keyed.items():
            if key not in values:
                continue
            for value in values[key] if isinstance(values[key], list) else [values[key]]:
                hit = next(((p, v) for p in patterns for ok, v in [p.search(value)] if ok), None)
                if hit:
                    yield hit[0].confidence, hit[1], f"{fact[:-1] if fact != 'meta' else fact} {key}"
                    break
    js = facts.get("js") or {}
    for path, patterns in tech.js.items():
        if path in js:
            for pattern in patterns:
                ok, version = pattern.search(js[path])
                if ok:
                    yield pattern.confidence, version, f"js window.{path}"
                    break
    dom = facts.get("dom") or {}
    for selector, spec in tech.dom:
        nodes = dom.get(selector)
        if nodes:
            yield from _match_dom(selector, spec, nodes)


def _match_dom(selector: str, spec: dict, nodes: list[dict]):
    if "exists" in spec:
        yield spec["exists"].confidence, "", f"dom {_clip(selector)}"
    for node in nodes:
        if "text" in spec:
            ok, version = spec["text"].search(node.get("text", ""))
            if ok:
                yield spec["text"].confidence, version, f"dom {_clip(selector)} text"
                return
        for kind in ("attributes", "properties"):
            values = node.get(kind) or {}
            for name, pattern in spec.get(kind, {}).items():
                if name in values:
                    ok, version = pattern.search(values[name])
                    if ok:
                        yield pattern.confidence, version, f"dom {_clip(selector)} [{name}]"
                        return


# ------------------------------------------------------------------ our own rules


@dataclass(frozen=True)
class _Rule:
    name: str
    category: str
    hrefs: tuple[re.Pattern[str], ...] = ()
    link_texts: tuple[re.Pattern[str], ...] = ()
    texts: tuple[re.Pattern[str], ...] = ()
    marketplaces: bool = False
    apps: bool = False


def _rule(spec: dict) -> _Rule:
    def compiled(key):
        return tuple(re.compile(p, re.I) for p in _listed(spec.get(key)))
    return _Rule(spec["name"], spec["category"], compiled("href"), compiled("link_text"),
                 compiled("text"), bool(spec.get("marketplace_links")),
                 bool(spec.get("app_links")))


def load_rules(path: str | Path = FINGERPRINTS / "rules.yaml") -> list[_Rule]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [_rule(spec) for spec in data["rules"]]


def apply_rules(facts: dict[str, Any], rules: list[_Rule]) -> list[Detection]:
    """Detections of our own rules: links and page text the databases do not know about."""
    from parsers.links import classify

    url = facts.get("url")
    found: dict[str, Detection] = {}

    def add(name: str, category: str, evidence: str) -> None:
        if name not in found:
            found[name] = Detection(name, (category,), 100, None, (evidence,), "rule", url)

    links = facts.get("links") or []
    text = facts.get("text") or ""
    for rule in rules:
        for link in links:
            href, label = link.get("href", ""), " ".join(str(link.get("text", "")).split())
            if rule.marketplaces or rule.apps:
                kind = classify(href)
                if kind and kind[0] == ("marketplaces" if rule.marketplaces else "apps"):
                    add(rule.name.format(name=_title(kind[1])), rule.category, f"link {_clip(href)}")
                continue
            if any(p.search(href) for p in rule.hrefs) or any(
                    p.search(label) for p in rule.link_texts):
                add(rule.name, rule.category, f"link {_clip(href)} ({_clip(label, 40)})")
                break
        for pattern in rule.texts:
            hit = pattern.search(text)
            if hit:
                add(rule.name, rule.category, f"text {_clip(hit.group(0))}")
                break
    return sorted(found.values(), key=lambda d: d.name)


def _title(name: str) -> str:
    special = {"app-store": "App Store", "google-play": "Google Play", "ebay": "eBay",
               "tiktok-shop": "TikTok Shop", "jd": "JD.com", "yahoo-shopping": "Yahoo! Shopping",
               "aliexpress": "AliExpress", "mercadolibre": "Mercado Libre", "bol": "bol.com"}
    return special.get(name, name.capitalize())


# ------------------------------------------------------------------ entry points


@functools.lru_cache(maxsize=1)
def fingerprints() -> Fingerprints:
    """The pinned database, loaded and compiled once per process (about a second)."""
    return Fingerprints.load()


@functools.lru_cache(maxsize=1)
def rules() -> list[_Rule]:
    return load_rules()


def probes() -> dict[str, Any]:
    """The JavaScript globals and DOM selectors the browser must evaluate (see the module doc)."""
    return fingerprints().probes()


def detect_technologies(facts: dict[str, Any], *, min_confidence: int = 0) -> list[Detection]:
    """Database detections, then rule detections for names the database did not find."""
    detections = [d for d in fingerprints().detect(facts) if d.confidence >= min_confidence]
    names = {d.name for d in detections}
    detections += [d for d in apply_rules(facts, rules()) if d.name not in names]
    return detections


def merge_detections(pages: list[list[Detection]]) -> list[Detection]:
    """One detection per name over several pages of a store: the most confident one, with
    the first page it was seen on."""
    best: dict[str, Detection] = {}
    for detections in pages:
        for det in detections:
            kept = best.get(det.name)
            if kept is None or det.confidence > kept.confidence or (
                    det.version and not kept.version and det.confidence == kept.confidence):
                best[det.name] = det
    return sorted(best.values(), key=lambda d: d.name)


def primary_category(categories: tuple[str, ...] | list[str],
                     mapping: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(category, layer): the detection's category listed first in ``mapping`` (the
    ``technologies.categories`` section of the barrier model, most specific first), else its
    first category with no layer."""
    order = {name.lower(): i for i, name in enumerate(mapping)}
    lowered = {k.lower(): v for k, v in mapping.items()}
    ranked = sorted((order[c.lower()], c) for c in categories if c.lower() in order)
    if ranked:
        category = ranked[0][1]
        return category, lowered[category.lower()]
    return (categories[0] if categories else None), None
