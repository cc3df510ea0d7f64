"""Pack size and variant attributes read from a product title, and the conflicts between two.

``attributes("Anker USB-C Kabel 2m, 3er-Pack, schwarz")`` ->
``Attributes(pack=3, colours={'black'}, lengths={2.0}, watts=set(), mah=set(), gb=set(),
models=set())``. A title that states no pack size is a single (pack 1); an attribute the title
does not state is an empty set and never conflicts with anything.

Multilingual on purpose: "4-pack", "2 x", "x3", "Set of 3", "Lot de 2", "3er-Pack", "Doppelpack",
"3個セット", "2本入り", "3件装"; colours in English, German, French, Spanish, Italian, Dutch,
Japanese and Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_N = r"(\d+)"
_PACK_PATTERNS = [
    rf"{_N}\s*-?\s*(?:pack|pk|pcs|pc|pieces|piece|count|ct|stück|stueck|stk|teilig|pièces|"
    r"pieces|unidades|uds|pezzi|pz|unités)\b",
    rf"{_N}\s*er[-\s]?(?:pack|set|packung)\b",
    rf"(?:pack|set|lot|lote|kit|confezione|paquete|packung)\s+(?:of|de|da|von|mit|con)\s+{_N}\b",
    rf"(?:^|[\s(,])({_N[1:-1]})\s*[x×]\s*(?!usb|port|anschl)(?=[^\W\d_])",
    rf"(?:^|\s)[x×]\s*{_N}\b(?!\s*(?:mm|cm|m|w|mah|gb|tb)\b)",
    rf"{_N}\s*(?:個|本|枚|点|件|个|支|只|組|袋)\s*(?:セット|入り|入|組|パック|装|套|set)",
    rf"(?:セット|套装)\s*[x×]?\s*{_N}",
]
_PACK = [re.compile(p, re.IGNORECASE) for p in _PACK_PATTERNS]
_PACK_WORDS = {
    2: re.compile(r"\b(?:twin[-\s]?pack|doppelpack|duo[-\s]?pack|pair|lot de deux|2er)\b|"
                  r"2個|ペア|两只装|双包装", re.IGNORECASE),
    3: re.compile(r"\b(?:dreierpack|triple[-\s]?pack|tripack)\b", re.IGNORECASE),
}
_LENGTH = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mm|cm|m|ft|feet|foot|メートル|米)(?![a-z0-9])",
                     re.IGNORECASE)
_METRES = {"mm": 0.001, "cm": 0.01, "m": 1.0, "ft": 0.3048, "feet": 0.3048, "foot": 0.3048,
           "メートル": 1.0, "米": 1.0}
_WATTS = re.compile(r"(\d+(?:[.,]\d+)?)\s*w(?![a-z0-9])", re.IGNORECASE)
_MAH = re.compile(r"(\d+(?:[.,]\d+)?)\s*(k)?\s*mah\b", re.IGNORECASE)
_GB = re.compile(r"(\d+)\s*(gb|tb)\b", re.IGNORECASE)
_COLOURS = {
    "black": r"black|schwarz\w*|noir\w*|negr[oa]|ner[oa]|zwart|黒|ブラック|黑",
    "white": r"white|wei(?:ß|ss)\w*|blanc\w*|blanc[oa]|bianc[oa]|wit|白|ホワイト",
    "red": r"red|rot(?:e|es|er|en)?|rouge|roj[oa]|ross[oa]|赤|レッド|红",
    "blue": r"blue|navy|blau\w*|bleu\w*|azul|blu|blauw|青|ブルー|蓝",
    "green": r"green|grün\w*|gruen\w*|vert\w*|verde|groen|緑|グリーン|绿",
    "grey": r"gr[ae]y|grau\w*|gris\w*|grigi[oa]|grijs|グレー|灰",
    "silver": r"silver|silber\w*|argent\w*|plata|argento|zilver|シルバー|银",
    "gold": r"gold\w*|dorad[oa]|ゴールド|金色",
    "pink": r"pink|rosa|ros[eé]|ピンク|粉",
    "purple": r"purple|lila|violett?\w*|viola|paars|紫",
    "beige": r"beige|ベージュ|米色",
}
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _colour_regex(pattern: str) -> re.Pattern:
    """Latin words only as whole words; Japanese and Chinese ones anywhere (no spaces)."""
    parts = pattern.split("|")
    latin = "|".join(p for p in parts if not _CJK.search(p))
    cjk = [p for p in parts if _CJK.search(p)]
    return re.compile("|".join([rf"(?<![^\W\d_])(?:{latin})(?![^\W\d_])", *cjk]),
                      re.IGNORECASE)


_COLOUR = {name: _colour_regex(p) for name, p in _COLOURS.items()}
_MODEL = re.compile(r"(?<![\w.])(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{2,}(?![\w.])"
                    r"|(?<![\w.,])\d{2,4}(?![\w.,])", re.IGNORECASE)
_UNIT_TOKEN = re.compile(r"^\d+(?:[.,]\d+)?(?:mm|cm|m|ft|w|mah|kmah|gb|tb|ml|l|v|a|g|kg|k|"
                         r"pack|pk|pcs|er|x|st|in|hz|mbps|gbps|p|fps)$|^x\d+$|^\d+x$|^\d+in\d+$|"
                         r"^(?:usb|gen|wifi|ipx|ip|cat|hdmi|pd|qc|type)\d+(?:\w*)$|^20\d\d$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Attributes:
    pack: int = 1
    """Units sold together: 1 unless the title says "2-pack", "Set of 3", "3個セット"…"""
    colours: frozenset = field(default_factory=frozenset)
    lengths: frozenset = field(default_factory=frozenset)
    """Cable or product lengths in metres."""
    watts: frozenset = field(default_factory=frozenset)
    mah: frozenset = field(default_factory=frozenset)
    gb: frozenset = field(default_factory=frozenset)
    models: frozenset = field(default_factory=frozenset)
    """Model-number-like tokens ("A1289", "PD65", "737"), units and years left out."""


def _number(text: str) -> float:
    return float(text.replace(",", "."))


@lru_cache(maxsize=200_000)
def attributes(title: str) -> Attributes:
    """The pack size and variant attributes stated in ``title`` (title and variant text)."""
    text = unicodedata.normalize("NFKC", title or "").lower()
    pack = 1
    for regex in _PACK:
        hit = regex.search(text)
        if hit:
            pack = int(hit.group(1))
            break
    else:
        pack = next((count for count, regex in _PACK_WORDS.items() if regex.search(text)), 1)
    colours = frozenset(name for name, regex in _COLOUR.items() if regex.search(text))
    lengths = frozenset(round(_number(n) * _METRES[u.lower()], 3)
                        for n, u in _LENGTH.findall(text))
    watts = frozenset(_number(n) for n in _WATTS.findall(text))
    mah = frozenset(_number(n) * (1000 if k else 1) for n, k in _MAH.findall(text))
    gb = frozenset(int(n) * (1024 if u.lower() == "tb" else 1) for n, u in _GB.findall(text))
    stripped = text
    for regex in (*_PACK, _LENGTH, _WATTS, _MAH, _GB):
        stripped = regex.sub(" ", stripped)
    models = frozenset(t.replace("-", "") for t in _MODEL.findall(stripped)
                       if not _UNIT_TOKEN.match(t.replace("-", "")))
    return Attributes(pack, colours, lengths, watts, mah, gb, models)


TOLERANCE = 0.03
"""Two measures within 3% are the same (6.6 ft is 2.01 m, sold as 2 m)."""


def _overlap(left: frozenset, right: frozenset) -> bool:
    return any(abs(x - y) <= TOLERANCE * max(abs(x), abs(y)) for x in left for y in right)


def conflict(a: Attributes, b: Attributes, *, pack_only: bool = False,
             models: bool = True) -> str | None:
    """Why two offers cannot be the same product ("pack size: 4 vs 1"), or None.

    ``pack_only``: only the pack size (a GTIN already names the variant). ``models``: compare
    model-number tokens too (not for a brand + MPN match, whose MPN is the model).
    """
    if a.pack != b.pack:
        return f"pack size: {a.pack} vs {b.pack}"
    if pack_only:
        return None
    for name, left, right, show in [
        ("colour", a.colours, b.colours, str),
        ("length", a.lengths, b.lengths, lambda m: f"{m:g}m"),
        ("wattage", a.watts, b.watts, lambda w: f"{w:g}W"),
        ("capacity", a.mah, b.mah, lambda c: f"{c:g}mAh"),
        ("storage", a.gb, b.gb, lambda g: f"{g}GB"),
    ]:
        same = bool(left & right) if name == "colour" else _overlap(left, right)
        if left and right and not same:
            return (f"variant {name}: {'/'.join(sorted(map(show, left)))} vs "
                    f"{'/'.join(sorted(map(show, right)))}")
    if models and a.models and b.models and not (a.models & b.models):
        return (f"variant model: {'/'.join(sorted(a.models))} vs "
                f"{'/'.join(sorted(b.models))}")
    return None
