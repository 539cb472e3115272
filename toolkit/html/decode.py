"""Bytes -> text the way browsers do it (WHATWG): BOM, then the <meta> prescan, then detection.

Labels go through `webencodings`, so ``iso-8859-1``, ``latin1`` and ``ascii`` mean windows-1252
and ``euc-kr`` means windows-949, as every browser reads them.  Invalid bytes for the declared
encoding are an error naming the line: silently replacing them would corrupt the translation (windows-1252 has
none: WHATWG maps the five bytes Python's cp1252 leaves undefined to C1 controls, `_CP1252_HOLES`).
"""

from __future__ import annotations

import re

import webencodings

from toolkit.errors import L10nError

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

_MULTIBYTE = {"euc-kr", "shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5"}
_ALIASES = {"cp949": "euc-kr", "cp932": "shift_jis", "cp936": "gbk", "big5hkscs": "big5", "euc_jis_2004": "euc-jp"}
_META = re.compile(rb"<meta[\s/]([^>]*)>", re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_ATTR = re.compile(rb"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([^\s;"']+)""", re.I)
_LABEL_END = re.compile(rb"""[\s"';>]""")


def declared_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding a <meta> in the first 1024 bytes declares, and the byte offset of the label."""
    head = _COMMENT.sub(lambda m: b" " * len(m.group()), head[:1024])
    for meta in _META.finditer(head):
        attrs: dict[bytes, tuple[bytes, int]] = {}
        for a in _ATTR.finditer(meta.group(1)):
            name = a.group(1).lower()
            if name in attrs:
                continue
            idx = next((i for i in (2, 3, 4) if a.group(i) is not None), None)
            value = a.group(idx) if idx else b""
            offset = meta.start(1) + (a.start(idx) if idx else a.end())
            attrs[name] = (value, offset)
        label = None
        if b"charset" in attrs:
            label = attrs[b"charset"]
        elif attrs.get(b"http-equiv", (b"",))[0].lower() == b"content-type" and b"content" in attrs:
            content, off = attrs[b"content"]
            m = _CHARSET_IN_CONTENT.search(content)
            if m:
                label = (m.group(1), off + m.start(1))
        if label is None:
            continue
        enc = webencodings.lookup(label[0].decode("ascii", "replace").strip())
        if enc is None:
            continue
        name = enc.name
        if name.startswith("utf-16"):
            name = "utf-8"  # a UTF-16 page can't declare itself in ASCII; browsers read utf-8
        elif name == "x-user-defined":
            name = "windows-1252"
        return name, label[1]
    return None


def _codec(name: str) -> str:
    enc = webencodings.lookup(name)
    return enc.codec_info.name if enc else name


def decode_html(data: bytes, path: object = None) -> tuple[str, str]:
    """Decode a page; return (text, WHATWG encoding name).  Raises L10nError on undecodable input."""
    if not data:
        raise L10nError("empty file; nothing to extract", path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], name, path), name
    if b"\x00" in data[:4096]:
        raise L10nError("binary file (NUL bytes), not an HTML page; remove it from the source tree", path)
    declared = declared_encoding(data)
    if declared:
        name, at = declared
        if name == "replacement":  # iso-2022-kr, hz-gb-2312…: browsers show one U+FFFD, Python has no codec
            label = _LABEL_END.split(data[at:at + 64], maxsplit=1)[0].decode("ascii", "replace")
            raise L10nError(f"charset {label!r} is one browsers refuse to decode (they show the page as one "
                            "replacement character); declare the page's real encoding",
                            path, data.count(b"\n", 0, at) + 1)
        return _strict(data, name, path), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Undeclared and not UTF-8: a browser with an English default reads windows-1252; only a
    # multi-byte CJK encoding is worth trusting detection for (single-byte guesses are noise), and only on
    # the evidence of CJK text: a short page's one `°` or `©` reads as Shift_JIS's half-width katakana.
    from charset_normalizer import from_bytes

    for match in from_bytes(data):  # (its candidates best first; single-byte guesses are skipped)
        enc = webencodings.lookup(_ALIASES.get(match.encoding, match.encoding).replace("_", "-"))
        if enc is not None and enc.name in _MULTIBYTE and _reads_as_cjk(str(match)):
            return _strict(data, enc.name, path), enc.name
    return _strict(data, "windows-1252", path, declared=False), "windows-1252"


_WIDE_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_WIDE_RUN = re.compile(f"{_WIDE_CJK.pattern}{{2,}}")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _reads_as_cjk(text: str) -> bool:
    """Whether a multi-byte guess's text is CJK prose: kana, hanzi or hangul, mostly next to one another (a
    Western page's `—Soyuz` can read as one kanji between letters, a `°` as half-width katakana), and most of
    what is not ASCII."""
    runs = sum(len(m) for m in _WIDE_RUN.findall(text))
    wide = len(_WIDE_CJK.findall(text))
    return runs >= 2 and runs * 2 >= wide and wide * 2 >= len(_NON_ASCII.findall(text))


# Bytes Python's cp1252 leaves undefined and WHATWG's windows-1252 maps to the C1 control of the same number
# (Word's and old editors' pages carry them; browsers show the page).
_CP1252_HOLES = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _strict(data: bytes, name: str, path: object, declared: bool = True) -> str:
    """`data` in encoding `name`.  A page that declares windows-1252 (or a label meaning it) is read as WHATWG
    reads it, `_CP1252_HOLES` included; an undeclared one is not: those bytes are far likelier a CJK page detection
    missed than Word's, and an error asking for the declaration beats publishing mojibake."""
    try:
        if name == "windows-1252" and declared:
            return data.decode("cp1252", "surrogateescape").translate(_CP1252_HOLES)
        return data.decode(_codec(name))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise L10nError(
            f"byte 0x{data[exc.start]:02x} is not valid {name} (the page's encoding); "
            "fix the byte or the charset declaration" if declared else
            f"byte 0x{data[exc.start]:02x}: the page declares no charset and is neither UTF-8, windows-1252 nor "
            "text in an East Asian encoding detection recognises; declare its charset "
            '(<meta charset="…">)',
            path,
            line,
        ) from None
