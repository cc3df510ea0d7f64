"""HTML bytes to text.

Bytes are decoded by their BOM, else the encoding the transport declared (the HTTP charset,
passed in by the caller), else the <meta charset> (or http-equiv Content-Type) in the first
4 KB, else UTF-8. Labels follow WHATWG: "iso-8859-1", "latin1" and "ascii" mean windows-1252,
"shift_jis" means cp932, "gb2312" means gb18030. Undecodable bytes are replaced, and the
replacement is reported.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)

#: WHATWG: these labels mean a superset encoding, which is what browsers decode with.
_SUPERSETS = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii",
                     "us-ascii", "cp1252"), "windows-1252"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk"), "gb18030"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji"), "cp932"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987"), "cp949"),
}


def codec_name(label: str | None) -> str | None:
    """Python codec for an encoding label, with WHATWG's supersets; None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes, transport: str | None = None) -> str | None:
    """The encoding of the bytes: BOM, then ``transport`` (the HTTP charset), then <meta>."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if codec_name(transport):
        return codec_name(transport)
    match = _META_CHARSET.search(data[:4096])
    return codec_name(match.group(1).decode("ascii")) if match else None


def decode_html(data: str | bytes, encoding: str | None = None) -> tuple[str, list[str]]:
    """(text, problems): bytes decoded by their declared encoding, else UTF-8.

    ``encoding`` is what the transport declared (HTTP Content-Type charset, or Scrapy's
    ``response.encoding``); a BOM still wins over it, as in browsers.
    """
    if isinstance(data, str):
        return data, []
    problems = []
    codec = declared_encoding(data, encoding)
    if codec is None:
        match = _META_CHARSET.search(data[:4096])
        if match:
            label = match.group(1).decode("ascii")
            problems.append(f"decoding: unknown charset {label!r}; read as utf-8")
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        problems.append(f"decoding: bytes not valid {codec} at position {error.start}; replaced")
    return text.lstrip("\ufeff"), problems
