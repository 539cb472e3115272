"""Writing catalogues: fast serialisation, byte-identical to polib's own, verified to read back.

polib spends most of its write time in ``textwrap`` (a regex with look-arounds per string);
for a 15,000-entry template that is most of ``l10n extract``.  This module produces exactly
what ``str(pofile)`` produces (a test compares both on real and generated catalogues), with a
plain whitespace split where the string has no hyphen and textwrap's own word-splitting regex
where it has one.  Comments and references, which are short, still go through textwrap itself.

No command writes a catalogue it could not read back unchanged: `catalog_bytes` scans its own
output with the reader's checker (read.scan, about as costly as the formatting) and compares
every entry's context, ids, forms and fuzzy flag; a difference is an error and nothing is written.
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

import polib

from toolkit.catalog.read import WRAP, EntryRecord, describe, scan_each
from toolkit.errors import L10nError
from toolkit.fsutil import write_if_changed

_WORDSEP = textwrap.TextWrapper.wordsep_re
_OTHER_WS = re.compile(r"[\t\n\x0b\x0c\r]")
_SPECIALS = ("\\", "\t", "\r", "\n", "\v", "\b", "\f", '"')


def _escape(s: str) -> str:
    if "\\" in s or '"' in s or not s.isprintable():
        return polib.escape(s)
    return s


def _wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)."""
    if _OTHER_WS.search(text):  # never in escaped text, but be exact: textwrap munges these
        return textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)
    if "-" not in text:
        return _wrap_spaces(text, width)
    chunks = [c for c in _WORDSEP.split(text) if c]
    lines = []
    i, n = 0, len(chunks)
    while i < n:
        cur: list[str] = []
        cur_len = 0
        while i < n and cur_len + len(chunks[i]) <= width:
            cur.append(chunks[i])
            cur_len += len(chunks[i])
            i += 1
        if i < n and len(chunks[i]) > width and not cur:
            cur.append(chunks[i])
            i += 1
        if cur:
            lines.append("".join(cur))
    return lines


def _wrap_spaces(text: str, width: int) -> list[str]:
    """The same greedy fill for text whose only whitespace is " " and that has no hyphen.

    Chunks are then runs of spaces and runs of non-spaces, so each line ends at the last
    run boundary within `width` (or, on an empty line, after one over-long run).
    """
    lines = []
    pos, n = 0, len(text)
    while pos < n:
        cut = pos + width
        if cut >= n:
            lines.append(text[pos:])
            break
        left_space = text[cut - 1] == " "
        if left_space != (text[cut] == " "):
            end = cut  # a run boundary exactly at the width
        elif left_space:  # inside a run of spaces: end before it, or take the whole run
            end = len(text[pos:cut].rstrip(" ")) + pos
            if end == pos:
                end = cut + len(text[cut:]) - len(text[cut:].lstrip(" "))
        else:  # inside a word: end after the last space, or take the whole word
            k = text.rfind(" ", pos, cut)
            if k >= 0:
                end = k + 1
            else:
                k = text.find(" ", cut)
                end = n if k < 0 else k
        lines.append(text[pos:end])
        pos = end
    return lines


def _field(name: str, delflag: str, plural_index: str, value: str, wrapwidth: int) -> list[str]:
    """polib's _BaseEntry._str_field."""
    lines = value.splitlines(True)
    if len(lines) > 1:
        lines = [""] + lines
    else:
        specials = sum(value.count(c) for c in _SPECIALS) if not value.isprintable() or "\\" in value \
            or '"' in value else 0
        real_width = wrapwidth - (len(name) + 3 + len(plural_index)) + specials
        if wrapwidth > 0 and len(value) > real_width:
            lines = [""] + [polib.unescape(item) for item in _wrap(_escape(value), wrapwidth - 2)]
        else:
            lines = [value]
    if name.startswith("previous_"):
        name = name[9:]
    out = [f'{delflag}{name}{plural_index} "{_escape(lines[0])}"']
    out.extend(f'{delflag}"{_escape(line)}"' for line in lines[1:])
    return out


def format_entry(e: polib.POEntry, wrapwidth: int = 78) -> str:
    """polib's POEntry.__unicode__."""
    ret: list[str] = []
    comments = (("tcomment", "# "),) if e.obsolete else (("tcomment", "# "), ("comment", "#. "))
    for attr, prefix in comments:
        val = getattr(e, attr)
        if val:
            for comment in val.split("\n"):
                if wrapwidth > 0 and len(comment) + len(prefix) > wrapwidth:
                    ret += textwrap.wrap(comment, wrapwidth, initial_indent=prefix,
                                         subsequent_indent=prefix, break_long_words=False)
                else:
                    ret.append(prefix + comment)
    if not e.obsolete and e.occurrences:
        filestr = " ".join(f"{p}:{n}" if n else p for p, n in e.occurrences)
        if wrapwidth > 0 and len(filestr) + 3 > wrapwidth:
            ret += [line.replace("*", "-") for line in textwrap.wrap(
                filestr.replace("-", "*"), wrapwidth, initial_indent="#: ",
                subsequent_indent="#: ", break_long_words=False)]
        else:
            ret.append("#: " + filestr)
    if e.flags:
        ret.append("#, " + ", ".join(e.flags))
    prefix = "#~| " if e.obsolete else "#| "
    for attr in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        val = getattr(e, attr)
        if val is not None:
            ret += _field(attr, prefix, "", val, wrapwidth)
    delflag = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        ret += _field("msgctxt", delflag, "", e.msgctxt, wrapwidth)
    ret += _field("msgid", delflag, "", e.msgid, wrapwidth)
    if e.msgid_plural:
        ret += _field("msgid_plural", delflag, "", e.msgid_plural, wrapwidth)
    if e.msgstr_plural:
        for index in sorted(e.msgstr_plural):
            ret += _field("msgstr", delflag, f"[{index}]", e.msgstr_plural[index], wrapwidth)
    else:
        ret += _field("msgstr", delflag, "", e.msgstr, wrapwidth)
    ret.append("")
    return "\n".join(ret)


def _header_comment(po: polib.POFile) -> str:
    return "".join("#\n" if not h else (f"#{h}\n" if h[:1] in (",", ":") else f"# {h}\n")
                   for h in po.header.split("\n"))


def format_catalog(po: polib.POFile, wrapwidth: int = 78) -> str:
    """str(po), fast."""
    head = _header_comment(po)
    entries = [po.metadata_as_entry()] + [e for e in po if not e.obsolete]
    body = [format_entry(e, wrapwidth) for e in entries]
    body += [format_entry(e, wrapwidth) for e in po if e.obsolete]
    return head + "\n".join(body)


def catalog_text(po: polib.POFile) -> str:
    """The file text for `po` (== str(po), without the bare "#" polib writes for an empty header comment)."""
    text = format_catalog(po, WRAP)
    if not po.header and text.startswith("#\n"):
        text = text[2:]
    return text


def catalog_bytes(po: polib.POFile, path: object = None) -> bytes:
    """The UTF-8 bytes of `po`, verified to read back as the same entries (else L10nError)."""
    text = catalog_text(po)
    verify_round_trip(po, text, path)
    return text.encode("utf-8")


def streamed_catalog_bytes(po: polib.POFile, entries: Callable[[], Iterable[polib.POEntry]],
                           path: object = None) -> bytes:
    """`catalog_bytes` of `po`'s header followed by the active entries `entries()` makes one at a time.

    For a site-sized template (hundreds of thousands of entries): the entries need not all exist
    as polib objects, and the text is built, and verified to read back, as UTF-8 bytes only.
    `entries` is called twice, to write and to verify, and must give the same entries both times.
    """
    out = io.BytesIO()
    text = _header_comment(po) if po.header else ""
    out.write((text + format_entry(po.metadata_as_entry(), WRAP)).encode("utf-8"))
    count = 0
    for e in entries():
        out.write(b"\n" + format_entry(e, WRAP).encode("utf-8"))
        count += 1
    data = out.getvalue()
    verify_round_trip(po, data, path, entries(), count)
    return data


def write_catalog(po: polib.POFile, path: str | Path) -> bool:
    """Atomically write `po` unless the file already has these exact bytes; True if written."""
    return write_if_changed(path, catalog_bytes(po, path))


def _expected(e: polib.POEntry) -> tuple:
    strings = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)] if e.msgid_plural or e.msgstr_plural else [e.msgstr]
    return (e.obsolete, e.fuzzy, e.msgctxt, e.msgid, e.msgid_plural or None, strings)


def _found(r: EntryRecord) -> tuple:
    return (r.obsolete, r.fuzzy, r.msgctxt, r.msgid, r.msgid_plural, r.msgstr)


def verify_round_trip(po: polib.POFile, text: str | bytes, path: object = None,
                      body: Iterable[polib.POEntry] | None = None, size: int | None = None) -> None:
    """Raise L10nError unless `text` reads back as `po`'s header and entries, in the writer's order.

    `body` and `size` give the entries instead of `po`'s own (see streamed_catalog_bytes).
    """
    header = po.metadata_as_entry()
    header.flags = ["fuzzy"] if po.metadata_is_fuzzy else []
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

    try:
        scan_each(text, compare, path)
    except L10nError as exc:
        raise L10nError(f"refusing to write a catalogue that would not read back ({exc.message}); "
                        "the file is left as it was", path) from None
    if mismatch:
        raise L10nError(f"refusing to write entry {describe(mismatch[0].msgid)}: it would not read back the same; "
                        "the file is left as it was", path)
    if count != (size or 0) + 1:
        raise L10nError(f"refusing to write: {(size or 0) + 1} entries would read back as {count}; "
                        "the file is left as it was", path)
