"""Bytes -> text the way browsers do it (WHATWG): BOM, then the <meta> prescan, then detection.

Labels go through `webencodings`, so ``iso-8859-1``, ``latin1`` and ``ascii`` mean windows-1252
and ``euc-kr`` means windows-949, as every browser reads them.  Invalid bytes for the declared
encoding are an error naming the line: silently replacing them would corrupt the translation (windows-1252 has
none: WHATWG maps the five bytes Python's cp1252 leaves undefined to C1 controls, `_CP1252_HOLES`).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

import webencodings

from toolkit.errors import L10nError

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

_MULTIBYTE = {"euc-kr", "shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5"}
_ALIASES = {"cp949": "euc-kr", "cp932": "shift_jis", "cp936": "gbk", "big5hkscs": "big5", "euc_jis_2004": "euc-jp",
            "cp874": "windows-874", "tis_620": "windows-874", "iso8859_11": "windows-874",
            "mac_cyrillic": "x-mac-cyrillic"}  # charset_normalizer's names that are no WHATWG label
_META = re.compile(rb"<meta[\s/]", re.I)
_ATTR = re.compile(rb"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_CHARSET_IN_CONTENT = re.compile(rb"""charset\s*=\s*["']?([^\s;"']+)""", re.I)
_LABEL_END = re.compile(rb"""[\s"';>]""")


_HEAD_END = re.compile(rb"<body[\s/>]|</head[\s>]", re.I)
_LATE_REACH = 1 << 16  # bytes of a page in which a declaration past the prescan's 1,024 is looked for


def declared_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a page's <meta> declares, and the byte offset of the label: in the first 1024 bytes (the
    prescan), else further on in its head, where browsers still honour it (Chromium reads on; Firefox reloads the
    page).  A tag manager's snippet or a licence comment put first in the head had the page read as windows-1252."""
    found = _meta_declaration(_without_comments(data[:1024]))
    if found is None and len(data) > 1024:
        head = _without_comments(data[:_LATE_REACH])
        end = _HEAD_END.search(head)
        found = _meta_declaration(head if end is None else head[:end.start()])
    return found


def _without_comments(data: bytes) -> bytes:
    """`data` with each comment blanked, offsets kept; as the prescan reads them, `<!-->` is one, and one left
    open runs to the end.  Linear: each comment is passed once (a pattern looked for "-->" from every "<!--")."""
    out, pos = [], 0
    while (start := data.find(b"<!--", pos)) >= 0:
        end = data.find(b"-->", start + 2)
        end = len(data) if end < 0 else end + 3
        out += [data[pos:start], b" " * (end - start)]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def _meta_declaration(head: bytes) -> tuple[str, int] | None:
    """The first <meta charset> or http-equiv Content-Type with a label WHATWG knows, and the label's offset.
    Each tag's end is found once (a pattern's `[^>]*` from every "<meta " with no ">" after it was quadratic)."""
    for meta in _META.finditer(head):
        body_start = meta.end()
        body_end = head.find(b">", body_start)
        if body_end < 0:
            break
        attrs: dict[bytes, tuple[bytes, int]] = {}
        for a in _ATTR.finditer(head[body_start:body_end]):
            name = a.group(1).lower()
            if name in attrs:
                continue
            idx = next((i for i in (2, 3, 4) if a.group(i) is not None), None)
            value = a.group(idx) if idx else b""
            offset = body_start + (a.start(idx) if idx else a.end())
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
    if name in _WHATWG_CODECS:
        return _WHATWG_CODECS[name]
    enc = webencodings.lookup(name)
    return enc.codec_info.name if enc else name


# Where WHATWG's decoders read more than the Python codec `webencodings` names: GBK is GB18030 (four-byte sequences
# included) and 0x80 is the euro sign in both; Big5 has the euro at A3 E1; EUC-JP reads JIS X 0208 as Windows does
# (NEC's row 13, ①…, and IBM's extensions), `_whatwg_bytes`.  Pages in them showed in browsers and were refused here.
_WHATWG_CODECS = {"gbk": "gb18030"}  # (webencodings names Python's gb18030 for gb18030 itself)
_WHATWG_ERRORS = "l10n-whatwg"


def _whatwg_bytes(exc: UnicodeError) -> tuple[str, int]:
    """The code point WHATWG's index gives for the bytes a Python codec refused (else its error)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data, at, codec = exc.object, exc.start, exc.encoding.replace("-", "_").lower()
    if codec == "gb18030" and data[at] == 0x80:
        return "\u20ac", at + 1
    if codec == "big5hkscs" and data[at:at + 2] == b"\xa3\xe1":
        return "\u20ac", at + 2
    if codec == "euc_jp" and at + 1 < len(data) and 0xA1 <= data[at] <= 0xFE and 0xA1 <= data[at + 1] <= 0xFE:
        j1, j2 = data[at] - 0x80, data[at + 1] - 0x80  # the JIS X 0208 bytes, as Shift_JIS writes them:
        lead = ((j1 + 1) >> 1) + (0x70 if j1 < 0x5F else 0xB0)
        trail = j2 + (0x7E if not j1 & 1 else 0x20 if j2 >= 0x60 else 0x1F)
        try:
            return bytes((lead, trail)).decode("cp932"), at + 2
        except UnicodeDecodeError:
            pass
    raise exc


codecs.register_error(_WHATWG_ERRORS, _whatwg_bytes)
# what Python's euc_jp gives where WHATWG's index (as Windows) has the full-width forms: ～ ∥ － ￠ ￡ ￢
_EUC_JP_FORMS = str.maketrans("\u301c\u2016\u2212\u00a2\u00a3\u00ac", "\uff5e\u2225\uff0d\uffe0\uffe1\uffe2")


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
        if name == "windows-1252" and not data.isascii() and is_utf8(data):
            # (`iso-8859-1` over UTF-8 bytes: a server's Content-Type said utf-8 and browsers showed the text; read
            # as declared, every page built from it, the source language's too, would show the mojibake)
            label = _LABEL_END.split(data[at:at + 64], maxsplit=1)[0].decode("ascii", "replace")
            logging.getLogger("toolkit").warning(f"{path}: declares charset {label!r}, but its text is UTF-8 (a "
                                                 "server's Content-Type must say so): read as UTF-8; correct the "
                                                 "declaration")
            return data.decode("utf-8"), "utf-8"
        return _strict(data, name, path), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Undeclared and not UTF-8: detection, trusted only on the evidence of its text (single-byte guesses are mostly
    # noise: a short page's one `°` or `©` reads as Shift_JIS's half-width katakana): CJK prose in a multi-byte
    # encoding, or words in one non-Latin script (Cyrillic, Greek, Hebrew, Arabic, Thai) that no other guess as
    # likely reads in another script.  Else windows-1252, as a browser with an English default reads it, unless
    # that reading is words of accented letters only (`Äîáðî ïîæàëîâàòü`: another encoding it is, and an error
    # asking for the declaration beats publishing mojibake).
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))  # (its candidates best first)
    for match in matches:
        enc = _whatwg(match.encoding)
        if enc is not None and enc.name in _MULTIBYTE and _reads_as_cjk(str(match)):
            return _strict(data, enc.name, path), enc.name
    single = _single_byte_guess(matches)
    if single is not None:
        return _strict(data, single, path), single
    text = _strict(data, "windows-1252", path, declared=False)
    if _misread(text) and not _latin_reading(matches):
        raise L10nError("the page declares no charset and is not UTF-8; read as windows-1252 its words are accented "
                        "letters only (text in another encoding: Cyrillic, Greek, Hebrew…?); declare its charset "
                        '(<meta charset="…">)', path)
    return text, "windows-1252"


def is_utf8(data: bytes, chunk: int = 1 << 20) -> bool:
    """Whether `data` is UTF-8, checked a chunk at a time (no copy of the whole text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(view[start:start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# WHATWG's single-byte encodings of non-Latin scripts, and the script their letters are in (Unicode names' first word)
_NON_LATIN = {"windows-1251": "CYRILLIC", "koi8-r": "CYRILLIC", "koi8-u": "CYRILLIC", "iso-8859-5": "CYRILLIC",
              "ibm866": "CYRILLIC", "x-mac-cyrillic": "CYRILLIC", "windows-1253": "GREEK", "iso-8859-7": "GREEK",
              "windows-1255": "HEBREW", "iso-8859-8": "HEBREW", "windows-1256": "ARABIC", "iso-8859-6": "ARABIC",
              "windows-874": "THAI"}
_LETTERS = re.compile(r"[^\W\d_]+")


def _single_byte_guess(matches: list) -> str | None:
    """The non-Latin single-byte encoding detection is sure of: its best guess reads as words of that script
    (`_words_in`), and no other guess about as likely reads as another script (Hebrew reads as Cyrillic in
    windows-1251 as well as it reads in windows-1255: neither is taken)."""
    if not matches:
        return None
    best = matches[0]
    enc = _whatwg(best.encoding)
    if enc is None or enc.name not in _NON_LATIN or best.chaos > 0.05 or best.coherence < 0.35:
        return None
    script = _NON_LATIN[enc.name]
    if not _words_in(str(best), script):
        return None
    for other in matches[1:]:
        if other.chaos <= best.chaos + 0.02 and other.coherence >= best.coherence - 0.03 \
                and not _words_in(str(other), script):
            return None
    return enc.name


def _words_in(text: str, script: str) -> bool:
    """Whether the text's words beyond ASCII are words of `script`: at least two, and most of its other letters."""
    words = _non_ascii_words(text)
    ours = [w for w in words if all(unicodedata.name(c, "").startswith(script) for c in w)]
    return len(ours) >= 2 and 2 * sum(map(len, ours)) >= sum(len(w) for w in words)


def _non_ascii_words(text: str) -> list[str]:
    """The words (runs of letters) with a letter beyond ASCII: what tells one reading of the bytes from another."""
    return [w for w in _LETTERS.findall(text) if not w.isascii()]


def _whatwg(name: str) -> webencodings.Encoding | None:
    """The WHATWG encoding of one of charset_normalizer's codec names."""
    return webencodings.lookup(_ALIASES.get(name, name).replace("_", "-"))


def _misread(text: str) -> bool:
    """Whether windows-1252 makes of the text words of accented letters only, long ones among them, and most of its
    accented letters: French, German or Polish words have their accents among ASCII letters (`café`, `Größe`), and
    a keyboard's help spells letters out in short runs (`äöü`, `æøå`)."""
    words = _non_ascii_words(text)
    foreign = [w for w in words if len(w) >= 3 and not any(c.isascii() for c in w)]
    return (len(foreign) >= 2 and sum(len(w) >= 5 for w in foreign) >= 2
            and 2 * sum(map(len, foreign)) >= sum(map(len, words)))


def _latin_reading(matches: list) -> bool:
    """Whether detection itself reads the page as Western European text with confidence."""
    return any(getattr(_whatwg(m.encoding), "name", None) == "windows-1252" and m.chaos <= 0.05
               and m.coherence >= 0.5 for m in matches[:3])


# compiled when first needed (`re`'s own cache): classes this wide take milliseconds to compile, at every start
_WIDE_CJK = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]"
_WIDE_RUN = f"{_WIDE_CJK}{{2,}}"
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _reads_as_cjk(text: str) -> bool:
    """Whether a multi-byte guess's text is CJK prose: kana, hanzi or hangul, mostly next to one another (a
    Western page's `—Soyuz` can read as one kanji between letters, a `°` as half-width katakana), and most of
    what is not ASCII."""
    runs = sum(len(m) for m in re.findall(_WIDE_RUN, text))
    wide = len(re.findall(_WIDE_CJK, text))
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
        text = data.decode(_codec(name), _WHATWG_ERRORS)
        return text.translate(_EUC_JP_FORMS) if name == "euc-jp" else text
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise L10nError(
            f"byte 0x{data[exc.start]:02x} is not valid {name} (the page's encoding); "
            "fix the byte or the charset declaration" if declared else
            f"byte 0x{data[exc.start]:02x}: the page declares no charset and is neither UTF-8, windows-1252 nor "
            "text in an encoding detection recognises for sure; declare its charset "
            '(<meta charset="…">)',
            path,
            line,
        ) from None
