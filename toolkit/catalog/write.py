"""Writing catalogues the way GNU gettext writes them, verified to read back.

The layout is GNU's (``write-po.c``), so ``msgmerge``/``msgcat`` and ``l10n update`` never rewrap
each other's files: strings wrap at ``width`` columns (79 by default, msgcat's ``--width``; 0 is
``--no-wrap``) counting East Asian wide characters as two, at the line-break opportunities of
Unicode's line-breaking algorithm (UAX #14: after spaces, after hyphens, between ideographs), after
each ``\\n`` escape, never inside an escape; a string that wraps starts with an empty ``""`` line.
Comments are never wrapped; ``#:`` locations fill lines up to ``width`` (79 under ``--no-wrap``),
a path holding spaces between U+2068 and U+2069 as gettext 0.22 writes it;
``fuzzy`` leads the flags, written only over a translation (its first form not empty); an entry flagged
``no-wrap`` is not wrapped.

The break opportunities come from libunistring's ``u8_width_linebreaks``, the very function GNU
gettext calls (every system with gettext has the library), loaded with ctypes.  Where it is
missing (no GNU gettext installed) a small fallback breaks after spaces and around wide
characters, which agrees with GNU on text without hyphens, slashes or CJK punctuation.
tests/test_poformat.py compares the output with real ``msgcat`` on generated catalogues.

No command writes a catalogue it could not read back unchanged: `catalog_bytes` scans its own
output with the reader's checker (read.scan, about half as costly as the formatting) and compares
every entry's context, ids, forms and fuzzy flag; a difference is an error and nothing is written.
(`streamed_catalog_bytes`, for templates, compares a digest of those fields, see `_digest`.)
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import io
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import polib

from toolkit.catalog.read import (
    ISOLATE_END,
    ISOLATE_START,
    WIDTH,
    EntryRecord,
    describe,
    scan_each,
    utf8_content_type,
)
from toolkit.catalog.status import fuzzy_over_translation
from toolkit.errors import L10nError
from toolkit.fsutil import write_if_changed
from toolkit.processes import Item, in_two_halves

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\b": "\\b",
            "\f": "\\f"}  # what the reader (and polib) reads back; GNU also writes BEL as \\a
_NO_WRAP = 1 << 30  # GNU's INT_MAX stand-in: a width no line reaches
_POSSIBLE = 2  # libunistring's UC_BREAK_POSSIBLE (UNDEFINED 0, PROHIBITED 1, MANDATORY 3)
_PROHIBITED = 1


@functools.cache
def _libunistring() -> Any:
    """libunistring's u8_width_linebreaks, or None where the library is not installed."""
    for name in ("libunistring.so.5", "libunistring.so.2", "libunistring.dylib", "find"):
        if name == "find":  # slower (runs ldconfig): only when the usual names are not there
            name = ctypes.util.find_library("unistring") or ""
        try:
            fn = ctypes.CDLL(name).u8_width_linebreaks
        except (OSError, AttributeError):
            continue
        fn.restype = ctypes.c_int
        fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                       ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        return fn
    return None


_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_TO_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_PIECE = re.compile(r"\\.|.", re.S)  # one character of escaped text, an escape as one piece
_ESCAPE_BYTES = re.compile(rb"\\.")


def _break_before(pieces: list[str], width: int, start: int) -> list[int]:
    """Indexes of the pieces a line break goes before, as GNU's wrap() computes them."""
    text = "".join(pieces)
    offsets = _break_offsets(text, width, start)
    if offsets is None:
        return _fallback_breaks(pieces, width, start)
    ends = [0]
    for piece in pieces:
        ends.append(ends[-1] + len(piece.encode("utf-8")))
    index = {end: i for i, end in enumerate(ends)}
    return [index[k] for k in offsets]


def _break_offsets(escaped: str, width: int, start: int, newline: bool = False) -> list[int] | None:
    """Byte offsets in the UTF-8 of `escaped` where libunistring breaks (None: no libunistring)."""
    fn = _libunistring()
    if fn is None:
        return None
    data = escaped.encode("utf-8")
    size = len(data)
    overrides = None  # (libunistring takes none at all for "no overrides")
    if b"\\" in data:
        table = bytearray(size)
        for m in _ESCAPE_BYTES.finditer(data):  # GNU: a break may come before an escape, never inside it
            table[m.start() + 1] = _PROHIBITED
        if newline:  # GNU: and not right before the \\n that ends the portion
            table[-2] = _PROHIBITED
        overrides = bytes(table)
    out = _out_buffer(size)
    fn(data, size, width, start, 0, overrides, b"UTF-8", out)
    found = ctypes.string_at(out, size)
    offsets = []
    k = found.find(_POSSIBLE_BYTE)
    while k >= 0:
        offsets.append(k)
        k = found.find(_POSSIBLE_BYTE, k + 1)
    return offsets


_POSSIBLE_BYTE = bytes([_POSSIBLE])
_buffers = threading.local()  # libunistring's output buffer, one per thread (ctypes calls release the GIL)


def _out_buffer(size: int) -> Any:
    """A reusable buffer of at least `size` bytes (creating one per call costs as much as the call)."""
    out = getattr(_buffers, "out", None)
    if out is None or len(out) < size:
        out = _buffers.out = ctypes.create_string_buffer(max(size, 4096))
    return out


def _split_lines(escaped: str, width: int, start: int, newline: bool) -> list[str]:
    """`escaped` cut into the lines GNU writes, the first starting at column `start`."""
    if start + _most_columns(escaped) <= width:
        return [escaped]  # fits: libunistring would place no break
    offsets = _break_offsets(escaped, width, start, newline)
    if offsets is None:
        pieces = _PIECE.findall(escaped)
        cuts = _fallback_breaks(pieces, width, start)
        return ["".join(pieces[a:b]) for a, b in zip([0, *cuts], [*cuts, len(pieces)])]
    if not offsets:
        return [escaped]
    data = escaped.encode("utf-8")
    return [data[a:b].decode("utf-8") for a, b in zip([0, *offsets], [*offsets, len(data)])]


def _columns(piece: str) -> int:
    if len(piece) > 1:
        return len(piece)
    return 2 if unicodedata.east_asian_width(piece) in ("W", "F") else 1


def _fallback_breaks(pieces: list[str], width: int, start: int) -> list[int]:
    """Greedy fill without libunistring: break after spaces and before/after wide characters."""
    def wide(i: int) -> bool:
        return 0 <= i < len(pieces) and len(pieces[i]) == 1 and _columns(pieces[i]) == 2

    opportunities = {i for i in range(1, len(pieces))
                     if (pieces[i - 1] == " " and pieces[i] != " ") or (wide(i) and pieces[i - 1] != " ")
                     or (wide(i - 1) and pieces[i] != " ")}
    breaks: list[int] = []
    col, last = start, None
    for i, piece in enumerate(pieces):
        if i in opportunities:
            last = (i, col)
        col += _columns(piece)
        if col > width and last is not None and (not breaks or last[0] > breaks[-1]):
            breaks.append(last[0])
            col -= last[1]
            last = None
    return breaks


def _field(prefix: str, name: str, value: str, width: int, wrap: bool) -> list[str]:
    """GNU write-po.c wrap(): `prefix name "..."`, split into lines at the \\n escapes and the width."""
    after_break = len(prefix) + 1
    avail = (width if wrap and width > 0 else _NO_WRAP) - 1 - after_break
    if not value:
        return [f'{prefix}{name} ""']
    # the common case: nothing to escape, no \n, and it fits after the keyword (by `_split_lines`' bound),
    # so no break and one line
    if value.isprintable() and '"' not in value and "\\" not in value and len(name) + 1 + _most_columns(value) <= avail:
        return [f'{prefix}{name} "{value}"']
    k = value.find("\n")
    portions = [value] if k < 0 or k == len(value) - 1 else _split_newlines(value)
    out: list[str] = []
    first = True
    for n, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPE_TABLE) if _TO_ESCAPE.search(portion) else portion
        newline = portion.endswith("\n")
        if not escaped:
            lines = [""]
        elif not first:
            lines = _split_lines(escaped, avail, 0, newline)
        else:  # GNU: the string starts after the keyword unless it has more portions or would wrap there
            start = len(name) + 1  # (columns counted from the prefix's end, as `avail`)
            own_line = n + 1 < len(portions) or start > avail
            if own_line:
                lines = _split_lines(escaped, avail, 0, newline)
            elif escaped.isprintable() and _least_columns(escaped) > avail:
                # too wide from either column: it wraps after the keyword exactly when it has a break
                # opportunity, and then also from column 0 (one call to libunistring instead of two)
                lines = _split_lines(escaped, avail, 0, newline)
                own_line = len(lines) > 1
            else:
                lines = _split_lines(escaped, avail, start, newline)
                own_line = len(lines) > 1
                if own_line:
                    lines = _split_lines(escaped, avail, 0, newline)
            if own_line:
                out.append(f'{prefix}{name} ""')
                first = False
        head = f"{prefix}{name} " if first else prefix
        first = False
        out.append(f'{head}"{lines[0]}"')
        out.extend(f'{prefix}"{line}"' for line in lines[1:])
    return out


def _most_columns(text: str) -> int:
    """At most how many columns `text` takes: 2 a character, and only characters from U+0800 on (3 or 4
    UTF-8 bytes) take 2."""
    return len(text) if text.isascii() else len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def _least_columns(text: str) -> int:
    """At least how many columns printable `text` takes: an ASCII character one, any other at least none
    (it counts as 2 - its 2 to 4 UTF-8 bytes)."""
    return len(text) if text.isascii() else 2 * len(text) - len(text.encode("utf-8"))


def _split_newlines(value: str) -> list[str]:
    """The portions GNU wraps one by one: each ends after a newline, the last one may not."""
    parts, pos = [], 0
    while pos < len(value):
        k = value.find("\n", pos)
        end = len(value) if k < 0 else k + 1
        parts.append(value[pos:end])
        pos = end
    return parts


def _location(path: str, number: str) -> str:
    """One reference; a path with a space goes between U+2068 and U+2069, as GNU gettext 0.22 writes
    it, or every reader would split it into two paths."""
    if " " in path or "\t" in path:
        path = f"{ISOLATE_START}{path}{ISOLATE_END}"
    return f"{path}:{number}" if number else path


def _locations(occurrences: list[tuple[str, str]], width: int) -> list[str]:
    """`#:` lines filled up to `width` columns (GNU: a reference never splits; 79 when not wrapping)."""
    if len(occurrences) == 1:  # the usual: one reference, one line whatever its length
        return [f"#: {_location(*occurrences[0])}"]
    width = width or WIDTH
    lines, line, column = [], "#:", 2
    for path, number in occurrences:
        ref = _location(path, number)
        if column > 2 and column + len(ref) + 1 > width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + ref
        column += len(ref) + 1
    lines.append(line)
    return lines


def _flags(flags: list[str], fuzzy: bool) -> list[str]:
    ordered = (["fuzzy"] if fuzzy else []) + [f for f in flags if f != "fuzzy"]
    return ["#, " + ", ".join(ordered)] if ordered else []


def format_entry(e: polib.POEntry, width: int = WIDTH) -> str:
    """One entry as GNU gettext writes it (comments, locations, flags, previous, strings)."""
    flags, obsolete = e.flags, e.obsolete
    wrap = width > 0 and "no-wrap" not in flags
    ret: list[str] = []
    if e.tcomment:
        ret += [_comment("# ", line) if line else "#" for line in e.tcomment.split("\n")]
    if e.comment:
        ret += [_comment("#. ", line) if line else "#." for line in e.comment.split("\n")]
    if not obsolete and e.occurrences:
        ret += _locations(e.occurrences, width)
    if flags:
        ret += _flags(flags, fuzzy_over_translation(e))
    if e.previous_msgctxt is not None or e.previous_msgid is not None or e.previous_msgid_plural is not None:
        prefix = "#~| " if obsolete else "#| "
        for name, val in (("msgctxt", e.previous_msgctxt), ("msgid", e.previous_msgid),
                          ("msgid_plural", e.previous_msgid_plural)):
            if val is not None:
                ret += _field(prefix, name, val, width, wrap)
    delflag = "#~ " if obsolete else ""
    if e.msgctxt is not None:
        ret += _field(delflag, "msgctxt", e.msgctxt, width, wrap)
    ret += _field(delflag, "msgid", e.msgid, width, wrap)
    if e.msgid_plural:
        ret += _field(delflag, "msgid_plural", e.msgid_plural, width, wrap)
    if e.msgstr_plural:
        for index in sorted(e.msgstr_plural):
            ret += _field(delflag, f"msgstr[{index}]", e.msgstr_plural[index], width, wrap)
    elif e.msgstr:
        ret += _field(delflag, "msgstr", e.msgstr, width, wrap)
    else:
        ret.append(f'{delflag}msgstr ""')  # (a template's every msgstr)
    ret.append("")
    return "\n".join(ret)


def _header_comment(po: polib.POFile) -> str:
    # always "# ": a header line "#, x" or "#: x" would read back as flags or references (polib writes those)
    return "".join(_comment("# ", h) + "\n" if h else "#\n" for h in po.header.split("\n"))


def _comment(prefix: str, text: str) -> str:
    """A comment line GNU gettext reads back as one line.

    Its lexer joins a line ending in a backslash with the next one, comments too (``#. C:\\`` then
    swallows the ``#:`` or ``msgid`` line after it: msgcat loses the reference, msgfmt stops at a
    syntax error).  A space after the backslash ends the line; our reader strips it again.
    """
    return prefix + text + " " if text.endswith("\\") else prefix + text


def _declare_utf8(po: polib.POFile) -> None:
    """Make a header declaring another charset, or the unfilled ``CHARSET``, say UTF-8, the encoding every write
    uses.

    (read.check_charset refuses a UTF-8 file whose header says otherwise; an ASCII catalogue
    saying ISO-8859-1 reads fine, and must not become such a file when translations are added.)
    """
    content_type = po.metadata.get("Content-Type")
    if content_type is not None:
        po.metadata["Content-Type"] = utf8_content_type(content_type)


def _header_entry(po: polib.POFile) -> polib.POEntry:
    """The header entry, its fields in the order the catalogue has them, as GNU gettext keeps them (and as the
    .mo writer takes them); polib's ``metadata_as_entry`` sorts them, so a save reordered another tool's header."""
    header = polib.POEntry(msgid="")
    header.msgstr = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    if po.metadata_is_fuzzy:
        header.flags = ["fuzzy"]
    return header


def format_catalog(po: polib.POFile, width: int = WIDTH) -> str:
    """The catalogue's text: header comment, header entry, entries, then the obsolete ones."""
    _declare_utf8(po)
    return _header_comment(po) + "\n".join(format_entry(e, width) for e in _in_file_order(po))


def _in_file_order(po: polib.POFile) -> list[polib.POEntry]:
    """The header entry, the active entries, then the obsolete ones: the order the writer writes them in."""
    return [_header_entry(po)] + [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]


def catalog_text(po: polib.POFile, width: int = WIDTH) -> str:
    """The file text for `po` (without a bare "#" line for an empty header comment)."""
    _declare_utf8(po)
    return _file_comment(po) + "\n".join(format_entry(e, width) for e in _in_file_order(po))


def _file_comment(po: polib.POFile) -> str:
    return _header_comment(po) if po.header else ""


SHARED_ENTRIES = 4000  # from this many entries a second core formats and checks half (below, the fork costs more)
# Past this many, one process writes: the child copies each memory page it touches (every entry of its half, their
# strings) and holds its half's text, hundreds of MB at a site's size (an update of 340,714 entries peaked at 1.7 GiB
# for the two processes together, 928 MiB for one), when what is saved is seconds.
SHARED_ENTRIES_MAX = 100_000


def written_on_two_cores(entries: int) -> bool:
    """Whether a catalogue or template of that many entries has half of it formatted in a forked child."""
    return SHARED_ENTRIES <= entries <= SHARED_ENTRIES_MAX


class _Part(NamedTuple):
    """Entries formatted as UTF-8, and whether the reader reads them back as those entries."""

    data: bytes
    reads_back: bool
    written: int  # entries


def catalog_bytes(po: polib.POFile, path: object = None, width: int = WIDTH) -> bytes:
    """The UTF-8 bytes of `po` wrapped at `width` (0: not wrapped), verified to read back (else L10nError).

    A large catalogue's second half is formatted and read back on a second core (`halves_bytes`).
    """
    _declare_utf8(po)
    body = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    keys = {(e.msgctxt, e.msgid) for e in body}
    if len(keys) == len(body) and (None, "") not in keys:  # else the reader's refusal names the duplicate
        if written_on_two_cores(len(body) + 1):
            data = halves_bytes(po, body, lambda part: part, width)
        else:
            part = _part_bytes(itertools.chain([_header_entry(po)], body), width, _file_comment(po))
            data = part.data if part.reads_back else None
        if data is not None:
            return data
    text = catalog_text(po, width)
    verify_round_trip(po, text, path)  # names the entry that would not read back
    raise L10nError("refusing to write: the entries changed while being written; the file is left as it was", path)


def halves_bytes(po: polib.POFile, items: Sequence[Item], entries: Callable[[Sequence[Item]], Iterable[polib.POEntry]],
                 width: int) -> bytes | None:
    """`po`'s header and the entries `entries` makes of `items` (each key once), as UTF-8; the second half
    formatted and read back in a forked child meanwhile.  None when a half does not read back (the caller's
    one-process path then says which entry, and where).

    Formatting and the read-back are most of writing a catalogue (about a third of an `update`, of an extract),
    and entries format and read back independently: entries are separated by a blank line and each starts
    with a comment or a keyword, so the file reads back as its two halves do.
    """
    _declare_utf8(po)
    comment, header = _file_comment(po), _header_entry(po)

    def checked(part: Sequence[Item]) -> bytes:
        first = bool(part) and part[0] is items[0]
        written = _part_bytes(itertools.chain([header], entries(part)) if first else entries(part), width,
                              comment if first else "")
        return written.data if written.reads_back else b""

    first, second = in_two_halves(items, checked, bytes, bytes)
    if not (first and second):
        return None
    # joined in `first`'s own buffer, grown in place: `first + b"\n" + second` held the text two and a half times
    joined = io.BytesIO(first)
    del first
    joined.seek(0, io.SEEK_END)
    joined.write(b"\n")
    joined.write(second)
    return joined.getvalue()


def _part_bytes(entries: Iterable[polib.POEntry], width: int, prefix: str = "") -> _Part:
    """The entries' text after `prefix`, as UTF-8, read back and compared with them by digest (`_digest`).

    Built as bytes a piece at a time: a site-sized template is not held as one string besides its bytes.
    The caller vouches for distinct keys (the reader's duplicate check and its memory are spared).
    """
    out = io.BytesIO()
    out.write(prefix.encode("utf-8"))
    expected, count = 0, 0
    for e in entries:
        out.write((b"\n" if count else b"") + format_entry(e, width).encode("utf-8"))
        expected = _digest(expected, _expected(e))
        count += 1
    data = out.getvalue()
    found, read = 0, 0

    def fold(r: EntryRecord) -> None:
        nonlocal found, read
        found = _digest(found, _found(r))
        read += 1

    try:
        scan_each(data, fold, unique=True)
    except L10nError:
        return _Part(data, False, count)
    return _Part(data, found == expected and read == count, count)


def streamed_catalog_bytes(po: polib.POFile, entries: Callable[[], Iterable[polib.POEntry]],
                           path: object = None, width: int = WIDTH) -> bytes:
    """`catalog_bytes` of `po`'s header followed by the active entries `entries()` makes one at a time.

    For a site-sized template (hundreds of thousands of entries): the entries need not all exist
    as polib objects, and the text is built, and verified to read back, as UTF-8 bytes only.
    The read-back is checked against a digest of the entries taken while writing them (see
    `_digest`); only when it differs is `entries` called again, to name the entry that differs,
    so it must give the same entries every time, each key once.
    """
    _declare_utf8(po)
    part = _part_bytes(itertools.chain([_header_entry(po)], entries()), width, _file_comment(po))
    if not part.reads_back:
        verify_round_trip(po, part.data, path, entries(), part.written - 1)  # raises, naming the entry that differs
        raise L10nError("refusing to write: the entries changed while being written; the file is left as it was",
                        path)
    return part.data


def write_catalog(po: polib.POFile, path: str | Path, width: int = WIDTH) -> bool:
    """Atomically write `po` unless the file already has these exact bytes; True if written."""
    return write_if_changed(path, catalog_bytes(po, path, width))


def _expected(e: polib.POEntry) -> tuple:
    plural = e.msgid_plural or e.msgstr_plural
    strings = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)) if plural else (e.msgstr,)
    return (e.obsolete, fuzzy_over_translation(e), e.msgctxt, e.msgid, e.msgid_plural or None, strings)


def _found(r: EntryRecord) -> tuple:
    return (r.obsolete, r.fuzzy, r.msgctxt, r.msgid, r.msgid_plural, None if r.msgstr is None else tuple(r.msgstr))


def _digest(previous: int, fields: tuple) -> int:
    """`previous` digest extended by one entry's `_expected`/`_found` fields (order matters).

    Python's hash of a tuple mixes its items' hashes bijectively, step by step, strings hash with a
    keyed SipHash and ints modulo 2**61 - 1: two sequences differing in any field get equal digests
    with odds of about 2**-61, so comparing digests stands for comparing every entry, without
    holding either side or making the entries twice.
    """
    return hash((previous, fields))


def _read_back(text: str | bytes, sink: Callable[[EntryRecord], None], path: object, unique: bool = False) -> None:
    """Scan `text` with the reader, each record to `sink`; a reading error becomes a refusal to write."""
    try:
        scan_each(text, sink, path, unique)
    except L10nError as exc:
        raise L10nError(f"refusing to write a catalogue that would not read back ({exc.message}); "
                        "the file is left as it was", path) from None


def verify_round_trip(po: polib.POFile, text: str | bytes, path: object = None,
                      body: Iterable[polib.POEntry] | None = None, size: int | None = None) -> None:
    """Raise L10nError unless `text` reads back as `po`'s header and entries, in the writer's order.

    `body` and `size` give the entries instead of `po`'s own (see streamed_catalog_bytes).
    """
    header = _header_entry(po)
    if body is None:
        body, size = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete], len(po)
    entries = itertools.chain([header], body)
    count = 0
    mismatch: list[polib.POEntry] = []

    def compare(r: EntryRecord) -> None:  # record by record: a huge template is not held twice
        nonlocal count
        count += 1
        e = next(entries, None)
        if e is not None and not mismatch and _expected(e) != _found(r):
            mismatch.append(e)

    _read_back(text, compare, path)
    if mismatch:
        raise L10nError(f"refusing to write entry {describe(mismatch[0].msgid)}: it would not read back the same; "
                        "the file is left as it was", path)
    if count != (size or 0) + 1:
        raise L10nError(f"refusing to write: {(size or 0) + 1} entries would read back as {count}; "
                        "the file is left as it was", path)
