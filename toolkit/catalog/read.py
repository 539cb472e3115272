"""Reading .po/.pot files, with the integrity check that makes sure nothing is dropped silently.

polib is the object model, but its parser is lenient: an unterminated string loses the entry,
a duplicate definition is kept twice (and then one of them wins somewhere), ``msgstr[1]`` on a
singular entry or a msgid without msgstr pass.  So the reader (`_Reader`) checks every line
and raises one error naming the file and line for what ``msgfmt -c`` rejects: syntax errors,
duplicate definitions (active or obsolete, same msgctxt + msgid), ``msgstr[n]`` without
``msgid_plural`` (and plain ``msgstr`` with it), a msgid without msgstr, unknown escapes.  It
is stricter than msgfmt in one place: a NUL character in a string (msgfmt truncates the .mo
string there).  Escapes gettext knows and polib would keep as literal text (``\\a``, octal and hex
bytes, as ``msgcat --escape`` writes) are read as gettext reads them, and
written back as the characters they stand for; a file polib has to read (see `_Reader`) must not
hold them.

The same pass builds the polib entries, exactly as polib's parser would (tests/test_catalog_reader.py
compares them), so a catalogue is read once, not checked and then parsed again.  The scanner's
records (`scan`) double as the round-trip check of the writer (see write.py), and are all a
.mo needs (`read_translations`: no polib objects at all).

Speed: entries in GNU's own layout (what msgcat, msgmerge and our writer produce) are read whole,
one regular-expression match each (`_Reader._fast`); anything else -- the header, obsolete
entries, hand-edited lines -- goes line by line, and the two hand over at blank lines between
complete entries.  Both give the same records, entries, errors and line numbers (a property test
compares them).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from toolkit.catalog.status import is_header
from toolkit.errors import L10nError

if TYPE_CHECKING:
    import polib

WIDTH = 79  # GNU gettext's page width (msgcat --width), so msgmerge/msgcat round trips don't churn

_ESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", '"': '"'}  # polib's set
# C escapes msgfmt reads and polib keeps as text: octal and hex bytes (a run of them is one UTF-8 sequence: `msgcat
# --escape` writes "é" as \303\251) and \a (msgfmt refuses \? and \')
_GETTEXT_ONLY_ESCAPES = {"a": "\a"}
_ESCAPE = re.compile(r"((?:\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+))+)|\\(.)", re.S)
_BYTE_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+))")
_LINE = re.compile(r'(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*)?"([^"\\]*+(?:\\.[^"\\]*+)*+)"\s*', re.S)
_WORD = re.compile(r"[A-Za-z_][\w\[\]]*")
# One entry in GNU's layout (msgcat, msgmerge, our writer): comment lines (no "#~", no trailing
# space), then msgctxt / msgid / msgid_plural / msgstr or msgstr[n] lines, each keyword followed by one
# space and its quoted string, continuation strings on lines of their own; then blank lines, and a
# next line that ends the entry for `_run` too (a comment, msgctxt, msgid, or the end of the text;
# a match that reaches the end of a piece of a longer text is not taken).
# (possessive repeats: none of them need to give back what they matched, and a backtracking repeat kept about 120
# bytes of the regex engine's stack for each escape or line, 190 MB for a msgid of 400,000 escaped quotes)
_STRING = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_STRINGS = rf"{_STRING}(?:\n{_STRING})*+"
_ENTRY = (rf"(?P<comments>(?:#(?!~)(?:[^\n]*\S)?\n)*+)(?:msgctxt (?P<ctx>{_STRINGS})\n)?msgid (?P<id>{_STRINGS})\n"
          rf"(?:msgid_plural (?P<plural>{_STRINGS})\n)?"
          rf"(?:msgstr (?P<str>{_STRINGS})|(?P<forms>msgstr\[\d\] {_STRINGS}(?:\nmsgstr\[\d\] {_STRINGS})*+))")
_NEXT = r'#(?!~)|msgctxt "|msgid "|#~ msgctxt "|#~ msgid "'
# A marker glued to its text ("#:a.html:1", "#Note", "#|msgid", "#~msgid"): gettext reads it as if a space
# followed the marker, polib refuses it.  Groups 1 to 3: what comes before that space.
_GLUED = re.compile(r"^([ \t]*#)(?:([:.,|])(?=\S)|(~)(?=[^\s|#])|(?=[^:.,#|~\s]))", re.M)
_FAST_MIN = 4096  # characters: a smaller text is read line by line, and the pattern is not compiled at all
_FORM = re.compile(rf"msgstr\[(\d)\] ({_STRINGS})")


@functools.cache
def _fast_pattern() -> re.Pattern[str]:
    """`_ENTRY` and its blank lines; compiled on first use (it takes milliseconds, and small files never need it)."""
    return re.compile(rf"{_ENTRY}(?:\n+(?={_NEXT}|\Z)|\Z)")
_key_hash = hash  # of (msgctxt, msgid), for the duplicate check (a test makes every key collide)
_COMMENT_LINES = ("#:", "#.", "# ", "#|", "#~")


@dataclass(slots=True)
class EntryRecord:
    """One entry as the scanner decoded it: enough to find duplicates and to verify a write."""

    line: int  # of its msgid keyword
    obsolete: bool
    fuzzy: bool = False
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] | None = None  # [msgstr] or the msgstr[n] forms in order
    plural_forms: bool = False  # written as msgstr[n]

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid or "")


def unescape(body: str, path: object, line: int) -> str:
    """A PO string's content, its escapes read as GNU gettext reads them; an unknown one is an error naming the
    line."""
    if "\\" not in body:
        return body

    def one(m: re.Match) -> str:
        if m.group(1):  # octal or hex bytes
            return _escaped_bytes(m.group(1), path, line)
        char = m.group(2)
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char in _GETTEXT_ONLY_ESCAPES:
            return _GETTEXT_ONLY_ESCAPES[char]
        raise L10nError(f"unknown escape sequence \\{char} in a string; write the character itself "
                        "(or \\\\ for a backslash)", path, line)

    return _ESCAPE.sub(one, body)


def _escaped_bytes(run: str, path: object, line: int) -> str:
    """The text a run of octal and hex escapes stands for: its bytes, read as UTF-8 (the catalogue's charset).

    A byte that is no UTF-8 here is kept as a lone surrogate (``surrogateescape``): a character's bytes may go on in
    the next string of a value (``"\\303"`` then ``"\\251"``, as msgfmt reads them); `whole_utf8` reads the joined
    value."""
    values = [int(octal, 8) if octal else int(hexa, 16) for octal, hexa in _BYTE_ESCAPE.findall(run)]
    if max(values) < 256:
        return bytes(values).decode("utf-8", "surrogateescape")
    raise L10nError(f"escape sequence {run[:24]} is no byte; write the character itself", path, line)


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def whole_utf8(value: str, path: object, line: int | None) -> str:
    """A value whose byte escapes were read a string at a time, their bytes read together (see `_escaped_bytes`)."""
    if _ESCAPED_BYTE.search(value) is None:
        return value
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeDecodeError:
        raise L10nError("escape sequences (octal or hex bytes) that are no UTF-8 text; write the characters "
                        "themselves", path, line) from None


# an escape that only GNU gettext reads: a backslash after an even run of them (`\\\\101` is a backslash and "101")
_GETTEXT_ONLY_ESCAPE = re.compile(rf"(?<!\\)(?:\\\\)*\\[0-7x{''.join(_GETTEXT_ONLY_ESCAPES)}]")


def gettext_only_escape(body: str) -> bool:
    """Whether `body` holds an escape GNU gettext reads and polib keeps as text (see `_GETTEXT_ONLY_ESCAPES`): one
    search in `re`, asked of every string with a backslash on the fast path (a Python test per escape took 40 % of
    the time `unescape` then takes)."""
    return _GETTEXT_ONLY_ESCAPE.search(body) is not None


ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"  # FSI and PDI: around a `#:` path that holds spaces
_ISOLATED_REFERENCES = re.compile(r"\s*(?:(?:\u2068[^\u2068\u2069]*\u2069|[^\s\u2068\u2069])+(?:\s+|\Z))*")
_ISOLATED_REFERENCE = re.compile(r"(?:\u2068[^\u2068\u2069]*\u2069|[^\s\u2068\u2069])+")


def split_references(text: str) -> list[str]:
    """The references of a ``#:`` line: split at white space, except inside U+2068 … U+2069 (which
    are dropped), as GNU gettext 0.22 and Babel read them.  Unpaired isolates: split as polib does."""
    if ISOLATE_START not in text or not _ISOLATED_REFERENCES.fullmatch(text):
        return text.split()
    return [ref.replace(ISOLATE_START, "").replace(ISOLATE_END, "") for ref in _ISOLATED_REFERENCE.findall(text)]


def describe(msgid: str) -> str:
    short = msgid if len(msgid) <= 40 else msgid[:37] + "..."
    return '"' + short.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def scan(text: str, path: object = None) -> list[EntryRecord]:
    """Every entry of a PO text (header included), checked; raises L10nError at the first problem.

    Lines are split on "\\n" only, like gettext (not on U+2028 and the other separators
    str.splitlines knows).
    """
    records: list[EntryRecord] = []
    _Reader(text, path, build=False, sink=records.append)
    return records


def scan_each(text: str | bytes, sink: Callable[[EntryRecord], None], path: object = None,
              unique: bool = False) -> None:
    """`scan` (of a text or its UTF-8 bytes), handing each record to `sink` as it is read, not keeping them.

    With `unique`, duplicate keys are not looked for: for a caller that knows the keys are distinct.
    """
    _Reader(text, path, build=False, sink=sink, unique=unique)


def scan_translations(data: bytes, sink: Callable[[EntryRecord], None], path: object = None) -> bool:
    """`read_catalog(comments=False)`'s check of UTF-8 bytes, each record handed to `sink` as it is read.

    Nothing is kept, so a build streams a large catalogue into its store.  A record's `fuzzy` is
    its entry's fuzzy flag.  False if some line is one polib reads its own way (see `_Reader`):
    then only `read_catalog` gives the entries polib would.
    """
    return not _Reader(data, path, build=True, comments=False, sink=sink).odd


class _Reader:
    """One pass over the lines: the integrity check (see the module docstring) and, with `build`,
    polib entries made directly from the decoded strings (polib's own parser would read every
    line a second time).

    The entries are what polib's parser gives for the same text (a property test compares them,
    fields and line numbers), except where polib loses text GNU gettext keeps: an obsolete entry keeps
    its previous msgid (``#~|``), and an empty msgid with a msgctxt is a message, never the header.  A line
    whose shape polib treats in its own way (obsolete comments, a keyword glued to its string,
    ``#~`` alone) sets `odd`: the check still runs, and `parse_text` then lets polib build the entries.
    """

    def __init__(self, text: str | bytes, path: object, build: bool, comments: bool = True,
                 sink: Callable[[EntryRecord], None] | None = None, exact: bool = False, unique: bool = False,
                 sources: bool = True):
        self.path = path
        self.build = build
        self.comments = comments
        self.sources = sources  # False: the `#.` notes and `#:` locations are not kept (see `parse_text`)
        self.sink = sink
        self.entries: list[polib.POEntry] = []
        self._header: list[str] = []  # the file's header comment, a line a string (joined once: `header`)
        self.odd = False
        self.gettext_escape: int | None = None  # the first line with an escape polib would keep as text
        # Duplicates are looked for by the hash of (msgctxt, msgid), which costs a fraction of the
        # memory of the keys themselves; a hash seen twice is settled by an exact pass (`exact=True`).
        # `unique`: the caller vouches for distinct keys (it compares what is read with what it wrote), and
        # the check and its memory (about 80 bytes an entry) are spared.
        self._hashes: set[int] | None = None if unique else set()
        self._first_line: dict[tuple[str | None, str | None], int] | None = {} if exact else None
        self._text = text
        self._new_meta(0)
        self._started = False  # a line other than a header comment was seen (polib's 'he' state ends)
        self._run(text)

    def _new_meta(self, linenum: int | None) -> None:
        """Comments, references, flags and previous msgids of the entry being read."""
        self.linenum = linenum  # polib's: the entry's first line (0 for the first entry of the file)
        # comment lines and previous strings as read, joined when the entry is made: joining as they came was
        # quadratic in the lines of one entry (64,000 translator comment lines took seconds)
        self.tcomments: list[str] = []
        self.comments_read: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.prev_field: str | None = None

    @property
    def header(self) -> str:
        return _joined(self._header)

    def _run(self, source: str | bytes) -> None:
        path, build = self.path, self.build
        cur: EntryRecord | None = None
        field: str | None = None  # the keyword the next continuation string belongs to
        pending_fuzzy = False
        previous_obsolete: bool | None = None  # whether the "#|" lines before the next entry were "#~|"
        tail: list[str] = []  # continuation strings of `field`

        _check_line_breaks(source, path)
        number = 0
        fast = _fast_pattern() if len(source) >= _FAST_MIN else None
        for text, final in _chunks(source):
            nuls = "\0" in text  # rare: looked for entry by entry only in a piece that has one
            pos, size = 0, len(text)
            while pos < size:
                end = text.find("\n", pos)
                if end < 0:
                    end = size
                raw = text[pos:end]
                pos = end + 1
                number += 1
                line = raw.strip()
                if not line:
                    # A complete entry followed by a blank line: the entries after it may go the fast way.
                    if field == "msgstr" and fast is not None and cur is not None and cur.msgstr is not None:
                        m = fast.match(text, pos)
                        if m is not None and (final or m.end() < size):  # (a piece's end is not the text's)
                            if tail:
                                _flush(cur, field, tail)
                            self._finish(cur)
                            cur, field = None, None
                            pos, number = self._fast(text, m, number + 1, fast, final, nuls)
                            number -= 1  # the line at `pos` is read next
                    continue
                obsolete = False
                if line[0] != "#":
                    pass
                elif line.startswith("#~"):
                    rest = line[2:].strip()
                    if not rest:
                        self.odd = True  # polib: a syntax error; gettext: nothing
                        continue
                    if rest[0] == "|" and (line[2] != "|" or not (len(line) == 3 or line[3].isspace())):
                        body = rest[1:].strip()  # "#~ |" or "#~|msgid": syntax only, and polib's way
                        if not _LINE.fullmatch(body):
                            _syntax_error(body, path, number)
                        self.odd = True
                        continue
                    if rest[0] == "|":  # "#~| msgid": the previous msgid of an obsolete entry
                        obsolete, line = True, "#" + rest
                    else:
                        if rest[0] == "#":
                            self.odd = True  # an obsolete comment: polib's own way
                        obsolete, line = True, rest
                if line[0] == "#":
                    if tail:
                        _flush(cur, field, tail)
                    if cur is not None and cur.msgstr is None:
                        self.odd = True  # a comment inside an entry: polib accepts only some, and only some places
                    if cur is not None and cur.msgstr is not None and not line.startswith("#|"):
                        self._finish(cur)
                        cur = None
                    if line.startswith("#|"):  # previous msgid
                        body = line[2:].strip()
                        if not _LINE.fullmatch(body):
                            _syntax_error(body, path, number)
                        if cur is not None and cur.msgstr is not None:
                            self._finish(cur)
                            cur = None
                        if previous_obsolete is not None and previous_obsolete != obsolete:
                            _partly_obsolete(path, number)
                        previous_obsolete = obsolete
                        if build and self.comments:  # "#~|": an obsolete entry's, which polib drops (GNU keeps it)
                            self._previous(line, body, number, mark=not obsolete)
                        field = None
                        continue
                    if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                        pending_fuzzy = True
                    if build and not obsolete:
                        self._comment(line, number)
                    field = None
                    continue
                m = _LINE.fullmatch(line)
                if m is None:
                    _syntax_error(line, path, number)
                    raise AssertionError  # unreachable: _syntax_error raises
                keyword, index, body = m.groups()
                if keyword is None:
                    if cur is None or field is None:
                        raise L10nError("syntax error: a string without a keyword; fix it and re-run", path, number)
                    # joined once when the string ends: repeated += would be quadratic
                    tail.append(self._unescape(body, number) if "\\" in body else body)
                    continue
                if tail:
                    _flush(cur, field, tail)
                if index is None:
                    if not line[len(keyword)].isspace():
                        self.odd = True  # polib needs a space after the keyword
                elif len(index) > 1:
                    self.odd = True  # polib reads one digit
                if index is not None and keyword != "msgstr":
                    _syntax_error(line, path, number)
                if keyword == "msgctxt" and cur is not None:
                    if cur.msgid is None:
                        raise L10nError("syntax error: msgctxt twice; fix it and re-run", path, number)
                    self._finish(cur)
                    cur = None
                elif keyword == "msgid" and cur is not None and cur.msgid is not None:
                    self._finish(cur)
                    cur = None
                if cur is None:
                    if keyword not in ("msgctxt", "msgid"):
                        raise L10nError(f"syntax error: {keyword} without msgid; fix it and re-run", path, number)
                    if previous_obsolete is not None and previous_obsolete != obsolete:
                        _partly_obsolete(path, number)  # "#~| msgid" before an active entry, or "#|" before "#~"
                    cur = EntryRecord(number, obsolete, pending_fuzzy)
                    pending_fuzzy, previous_obsolete = False, None
                elif cur.obsolete != obsolete:
                    _partly_obsolete(path, number)
                # unescaped only now: the previous entry's own checks (in `_finish`) come first, as on the fast path
                value = self._unescape(body, number) if "\\" in body else body
                if keyword == "msgctxt":
                    cur.msgctxt = value
                elif keyword == "msgid":
                    cur.msgid, cur.line = value, number
                elif keyword == "msgid_plural":
                    if cur.msgid is None or cur.msgstr is not None or cur.msgid_plural is not None:
                        raise L10nError("syntax error: misplaced msgid_plural; fix it and re-run", path, number)
                    cur.msgid_plural = value
                else:  # msgstr, msgstr[n]
                    if cur.msgid is None:
                        raise L10nError("syntax error: msgstr without msgid; fix it and re-run", path, number)
                    if index is None:
                        if cur.msgid_plural is not None:
                            raise L10nError("plain msgstr on an entry with msgid_plural; write msgstr[0], "
                                            "msgstr[1], …", path, number)
                        if cur.msgstr is not None:
                            raise L10nError("syntax error: msgstr twice; fix it and re-run", path, number)
                        cur.msgstr = [value]
                    else:
                        if cur.msgid_plural is None:
                            raise L10nError(f"msgstr[{index}] on an entry without msgid_plural; write plain msgstr "
                                            "or add msgid_plural", path, number)
                        cur.msgstr = cur.msgstr or []
                        if int(index) != len(cur.msgstr):
                            raise L10nError(f"msgstr[{index}] out of order; expected msgstr[{len(cur.msgstr)}]",
                                            path, number)
                        cur.msgstr.append(value)
                        cur.plural_forms = True
                field = keyword
                if build and (self.linenum is None or not self._started):
                    self._mark(number)  # (later lines of the entry change nothing _mark keeps)
        if tail:
            _flush(cur, field, tail)
        self._finish(cur)

    def _fast(self, text: str, m: re.Match[str], number: int, pattern: re.Pattern[str],
              final: bool = True, nuls: bool = True) -> tuple[int, int]:
        """Entries in GNU's own layout, one regular-expression match each (`_fast_pattern`), from match `m` on.

        The same records, entries, checks and line numbers as the line-by-line loop in `_run`, which
        reads them about three times slower.  An entry this path would have to think about (an
        unknown escape, a malformed ``#|`` line, plural forms out of place, a NUL, a possible
        duplicate) is left to `_finish` or, untouched, to that loop: returns the position and line
        number of the first entry not read (or the end of `text`).
        """
        build, comments, finish, hashes, sink = self.build, self.comments, self._finish, self._hashes, self.sink
        locations = comments and self.sources
        exact = self._first_line is not None
        entries = self.entries
        while True:
            start = m.start()
            block, ctx, msgid, plural, single, forms = m.groups()
            first = number + block.count("\n") if block else number  # the line of the first keyword
            line = first if ctx is None else first + ctx.count("\n") + 1  # of msgid
            fuzzy = False
            try:
                if block and ("#|" in block or "#," in block):
                    fuzzy = _check_comments(block)
                if ctx is not None:
                    ctx = _string(ctx)
                value = msgid[1:-1]
                msgid = _string(msgid) if "\n" in value or "\\" in value else value
                if single is not None:
                    if plural is not None:
                        raise _Slow
                    value = single[1:-1]
                    strings = [_string(single) if "\n" in value or "\\" in value else value]
                else:
                    if plural is None:
                        raise _Slow
                    strings = _forms(forms)
                if plural is not None:
                    plural = _string(plural)
            except _Slow:
                return start, number
            if build and not (sink is not None and (not block or "#|" not in block)):
                # (records only: comment lines matter only when polib would read them its own way, see `odd`)
                if first == number + 1 and block.startswith("#: "):  # one line of references, the usual
                    self._started, self.prev_field = True, None  # `_comment` of that line, inline
                    if self.linenum is None:
                        self.linenum = number
                    if locations:
                        self._references(block[3:-1])
                elif block:
                    at = number
                    for comment in block.split("\n")[:-1]:
                        if comment[1:2] == "|":
                            if comments:
                                self._previous(comment, comment[2:].strip(), at)
                        else:
                            self._comment(comment, at)
                        at += 1
                if self.linenum is None or not self._started:
                    self._mark(first)
            record = EntryRecord(line, False, fuzzy, ctx, msgid, plural, strings, plural is not None)
            nul = nuls and text.find("\0", start, m.end()) >= 0  # in any of its strings: `_finish` names it
            digest = 0 if hashes is None else _key_hash((ctx, msgid))
            if exact or nul or (hashes is not None and digest in hashes):
                finish(record)  # the checks and their errors, in full
            else:
                if hashes is not None:
                    hashes.add(digest)
                if sink is not None:
                    sink(record)
                else:
                    entries.append(self._entry(record))
                if build and self.linenum is not None:
                    self._new_meta(None)
            end = m.end()
            number += text.count("\n", start, end)
            following = pattern.match(text, end)
            if following is None or not (final or following.end() < len(text)):
                return end, number
            m = following

    def _unescape(self, body: str, number: int) -> str:
        """`unescape`, noting the first line whose escapes only GNU gettext reads (`polib_readable`)."""
        if self.gettext_escape is None and gettext_only_escape(body):
            self.gettext_escape = number
        return unescape(body, self.path, number)

    def polib_readable(self) -> None:
        """Before polib reads the file (`odd`): an escape it would keep as text (`\\101` as four characters, not
        "A") is an error, not a translation changed in silence."""
        if self.gettext_escape is not None:
            raise L10nError("escape sequence (octal, hex or \\a) in a file with lines only polib reads its own way; "
                            "write the character itself", self.path, self.gettext_escape)

    def _mark(self, number: int) -> None:
        """A line polib processes: the entry starts here if nothing of it was seen yet."""
        self._started = True
        self.prev_field = None
        if self.linenum is None:
            self.linenum = number

    def _comment(self, line: str, number: int) -> None:
        """A comment line as polib's parser files it (header, translator, extracted, reference, flags); one
        glued to its marker ("#:x", "#x") as gettext reads it, the marker followed by a space (polib refuses it)."""
        kind = line[1:2]
        if kind in (":", ",", "."):
            if len(line) == 2:
                return  # polib skips an empty "#:", "#,", "#." line
            self._mark(number)
            text = line[3:] if line[2].isspace() else line[2:]
            if kind == ",":
                self.flags += [c.strip() for c in text.split(",")]
            elif not self.comments or not self.sources:
                return
            elif kind == ":":
                self._references(text)
            else:
                self.comments_read.append(text)
            return
        token = line if kind == "#" or kind.isspace() else "# " + line[1:]  # "#" alone, or "#x": the comment "x"
        if not self._started:  # comments before anything else: the file's header comment
            if self.comments:
                self._header.append(token[2:])
            return
        self._mark(number)
        if not self.comments:
            return
        tcomment = token.lstrip("#")
        if tcomment.startswith(" "):
            tcomment = tcomment[1:]
        self.tcomments.append(tcomment)

    def _references(self, text: str) -> None:
        """The locations of a ``#:`` line (after "#: "), as polib's parser splits them, except that a
        path between U+2068 and U+2069 may hold spaces (GNU gettext 0.22 writes such paths so)."""
        occurrences = self.occurrences
        # most lines hold no isolate: split them here, without a call per line
        for occurrence in split_references(text) if ISOLATE_START in text else text.split():
            fil, _, lineno = occurrence.rpartition(":")
            if not fil or not lineno.isdigit():
                fil, lineno = occurrence, ""
            occurrences.append((intern(fil), intern(lineno)))  # one string a page and a line number, not one a location

    def _previous(self, line: str, body: str, number: int, mark: bool = True) -> None:
        """A ``#|`` line: previous msgctxt / msgid / msgid_plural, or a continuation of one.

        `mark`: a line polib reads (not ``#~|``, which it skips: where its entry starts stays polib's).
        """
        m = _LINE.fullmatch(body)
        assert m is not None
        keyword, value = m.group(1), self._unescape(m.group(3), number)
        if keyword is None:
            if self.prev_field is None:
                self.odd = True  # polib appends it to whatever was read last
                return
            self.previous[self.prev_field].append(value)
            return
        if keyword == "msgstr" or m.group(2) is not None or not body[len(keyword)].isspace():
            self.odd = True
            return
        if mark:
            self._mark(number)
        self.prev_field = keyword
        self.previous[keyword] = [value]

    def _finish(self, cur: EntryRecord | None) -> None:
        if cur is None:
            return
        path = self.path
        if self.gettext_escape is not None:  # (byte escapes: a character's bytes may span two strings)
            cur.msgctxt = None if cur.msgctxt is None else whole_utf8(cur.msgctxt, path, cur.line)
            cur.msgid = None if cur.msgid is None else whole_utf8(cur.msgid, path, cur.line)
            cur.msgid_plural = None if cur.msgid_plural is None else whole_utf8(cur.msgid_plural, path, cur.line)
            cur.msgstr = None if cur.msgstr is None else [whole_utf8(v, path, cur.line) for v in cur.msgstr]
        if cur.msgid is None:
            raise L10nError("msgctxt without msgid; complete or remove the entry", path, cur.line)
        if cur.msgstr is None:
            raise L10nError(f"msgid {describe(cur.msgid)} has no msgstr; add msgstr \"\"", path, cur.line)
        if cur.msgid_plural is not None and not cur.plural_forms:
            raise L10nError("plural entry without msgstr[0]; write msgstr[0], msgstr[1], …", path, cur.line)
        for name, value in (("msgctxt", cur.msgctxt), ("msgid", cur.msgid), ("msgid_plural", cur.msgid_plural)):
            if value and "\0" in value:  # a .mo separates msgid from msgid_plural by NUL
                raise L10nError(f"NUL character in {name}; remove it", path, cur.line)
        for value in cur.msgstr:
            if "\0" in value:
                raise L10nError("NUL character in msgstr; remove it", path, cur.line)
        key = (cur.msgctxt, cur.msgid)
        if self._first_line is not None:
            seen = self._first_line.get(key)
            if seen is not None:
                fix = _REGENERATE if _is_template(path) else "merge the two entries"
                raise L10nError(f"duplicate definition of {describe(cur.msgid)}, first defined at line {seen}; {fix}",
                                path, cur.line)
            self._first_line[key] = cur.line
        elif self._hashes is not None:
            digest = _key_hash(key)
            if digest in self._hashes:
                _Reader(self._text, path, build=False, exact=True)  # raises, unless two keys merely share a hash
                self._first_line = {}  # the whole text is checked: no more duplicates to find
            self._hashes.add(digest)
        if self.sink is not None:
            self.sink(cur)
        elif self.comments or not cur.obsolete:
            self.entries.append(self._entry(cur))
        self._new_meta(None)

    def _entry(self, cur: EntryRecord) -> polib.POEntry:
        """The polib entry, its attributes set as polib's parser sets them (no keyword parsing)."""
        strings = cur.msgstr or [""]
        previous = {name: whole_utf8("".join(parts), self.path, self.linenum)
                    for name, parts in self.previous.items()} if self.previous else {}
        entry_class, _, encoding = _polib_entry()
        e = entry_class.__new__(entry_class)
        e.__dict__ = {
            "msgid": cur.msgid, "msgstr": "" if cur.plural_forms else strings[0],
            "msgid_plural": cur.msgid_plural or "",
            "msgstr_plural": dict(enumerate(strings)) if cur.plural_forms else {},
            "msgctxt": cur.msgctxt, "obsolete": int(cur.obsolete), "encoding": encoding,
            "comment": _joined(self.comments_read) if self.comments_read else "",
            "tcomment": _joined(self.tcomments) if self.tcomments else "",
            "occurrences": self.occurrences, "flags": self.flags,
            "previous_msgctxt": previous.get("msgctxt"), "previous_msgid": previous.get("msgid"),
            "previous_msgid_plural": previous.get("msgid_plural"), "linenum": self.linenum,
        }
        return e


def _joined(lines: list[str]) -> str:
    """Comment lines as one text, as polib joins them one by one: a line after text is added after a line break,
    a line while nothing is there replaces that nothing (so empty lines first are lost, as polib loses them)."""
    if len(lines) < 2:
        return lines[0] if lines else ""  # (nearly every entry)
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    return "\n".join(lines[start:]) if start < len(lines) else ""


@functools.cache
def _polib_entry() -> tuple[Any, dict[str, Any], str]:
    """polib's entry class, every attribute ``POEntry()`` sets with its default, and its encoding.

    polib is imported on first use: compiling reads records and never needs it.
    """
    import polib

    defaults = vars(polib.POEntry())
    return polib.POEntry, defaults, defaults["encoding"]


def make_entry(**fields: object) -> polib.POEntry:
    """``polib.POEntry(**fields)`` without its per-keyword lookups (a quarter of the cost).

    Lists and dicts given are used as they are, as POEntry does; the defaults are fresh.
    """
    entry_class, defaults, _ = _polib_entry()
    e = entry_class.__new__(entry_class)
    attrs = defaults.copy()
    attrs["msgstr_plural"], attrs["occurrences"], attrs["flags"] = {}, [], []
    attrs.update(fields)
    e.__dict__ = attrs
    return e


class _Slow(Exception):
    """An entry the fast path leaves to the line-by-line loop."""


def _string(block: str) -> str:
    """The value of a string block matched by `_fast_pattern`: one or more quoted lines, joined and unescaped."""
    value = block[1:-1]
    if "\n" in value:
        value = value.replace('"\n"', "")  # only between two lines: a string holds no raw quote or newline
    if "\\" in value:
        if gettext_only_escape(value):
            raise _Slow  # the line loop reads it, noting its line (`_Reader.polib_readable`)
        try:
            value = unescape(value, None, 0)
        except L10nError:
            raise _Slow from None
    return value


def _forms(block: str) -> list[str]:
    strings: list[str] = []
    for m in _FORM.finditer(block):
        if int(m.group(1)) != len(strings):
            raise _Slow
        strings.append(_string(m.group(2)))
    return strings


def _check_comments(block: str) -> bool:
    """Whether the comment lines flag the entry fuzzy; a ``#|`` line that `_run` would refuse raises _Slow."""
    fuzzy = False
    for line in block.split("\n")[:-1]:
        kind = line[1:2]
        if kind == "|":
            m = _LINE.fullmatch(line[2:].strip())
            if m is None:
                raise _Slow
            if "\\" in m.group(3):
                _string('"' + m.group(3) + '"')
        elif kind == "," and "fuzzy" in (f.strip() for f in line[2:].split(",")):
            fuzzy = True
    return fuzzy


def _chunks(source: str | bytes, chunk: int = 1 << 20) -> Iterator[tuple[str, bool]]:
    """(text, last) pieces of `source` ending at line ends; UTF-8 bytes are decoded a piece at a time
    (never the whole text at once)."""
    if isinstance(source, str):
        yield source.lstrip("\ufeff"), True
        return
    start, size = (3 if source.startswith(b"\xef\xbb\xbf") else 0), len(source)
    while start < size:
        end = source.find(b"\n", start + chunk)
        if end < 0:
            yield source[start:].decode("utf-8"), True
            return
        yield source[start:end + 1].decode("utf-8"), False
        start = end + 1


def _flush(rec: EntryRecord | None, field: str | None, tail: list[str]) -> None:
    """Add the continuation strings read so far to `field` of `rec`, joined once."""
    if rec is not None and field is not None:
        _append(rec, field, "".join(tail))
    tail.clear()


def _append(rec: EntryRecord, field: str, value: str) -> None:
    if field == "msgctxt":
        rec.msgctxt = (rec.msgctxt or "") + value
    elif field == "msgid":
        rec.msgid = (rec.msgid or "") + value
    elif field == "msgid_plural":
        rec.msgid_plural = (rec.msgid_plural or "") + value
    elif rec.msgstr:
        rec.msgstr[-1] += value


def _check_line_breaks(source: str | bytes, path: object) -> None:
    """Refuse a file whose lines end in a bare CR (classic Mac OS): read by LF it is one comment line, so every
    entry would vanish, and an update would bury them in its header comment (GNU's `msgfmt -c` refuses it too).
    A raw CR inside a string of an LF file is read as gettext reads it."""
    cr, lf = (source.find("\r"), source.find("\n")) if isinstance(source, str) else \
        (source.find(b"\r"), source.find(b"\n"))
    if cr >= 0 and (lf < 0 or lf > cr + 1):  # the first line break is a CR not followed by LF
        raise L10nError("lines end in a bare CR (classic Mac OS line breaks); convert them to LF "
                        "(or CR LF) and re-run", path, 1)


def _partly_obsolete(path: object, number: int) -> NoReturn:
    raise L10nError("syntax error: an entry that is partly obsolete (#~); fix it and re-run", path, number)


CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")  # git's, and diff3's base marker
# how to resolve one, in a catalogue and in the template: keeping one side of a catalogue's conflict dropped the
# entries the other branch added or translated; the template is made from the pages, so it is made again
_REGENERATE = "the template is made from the source pages: run `l10n extract` to write it anew"
_CONFLICT_FIX = ("keep the entries of both sides (of an entry both changed, the one translation you want), remove "
                 "the markers, then run `l10n update`", _REGENERATE)


def _is_template(path: object) -> bool:
    """Whether the file read is a template (.pot), which `l10n extract` writes anew, not a catalogue people edit."""
    return str(path).endswith(".pot")


def _syntax_error(line: str, path: object, number: int) -> None:
    if line.startswith(CONFLICT_MARKERS):
        raise L10nError(f"an unresolved merge conflict ({line.split()[0]} …, left by git or another version control "
                        f"system); {_CONFLICT_FIX[_is_template(path)]}", path, number)
    word = _WORD.match(line)
    if word and word.group().split("[")[0] not in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
        problem = f"unknown keyword {word.group()!r}"
    elif '"' in line:
        problem = "unterminated or malformed string"
    else:
        problem = "expected a quoted string"
    raise L10nError(f"syntax error: {problem}; fix it and re-run", path, number)


@dataclass(frozen=True)
class Snapshot:
    """The bytes a catalogue was read from and the file identity they came with."""

    data: bytes
    stat: tuple[int, int, int]  # (inode, size, mtime_ns)

    def still_at(self, path: Path) -> bool:
        """Whether `path` is still the file these bytes were read from (no program saved it since)."""
        return still_at(path, self.stat)


def still_at(path: Path, identity: tuple[int, int, int]) -> bool:
    """Whether `path` is still the file of that `file_identity` (for a reader that let go of the bytes)."""
    return file_identity(path) == identity


def changes_soon(path: Path, seen: object) -> bool:
    """Whether the file's identity moves on from `seen` (a `file_identity`) within a moment (another program is
    writing it: an editor saving in place truncates, then writes)."""
    time.sleep(SETTLE_SECONDS)
    return file_identity(path) != seen


def file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


SETTLE_SECONDS = 0.05  # how long an empty catalogue is watched for the rest of an editor's save


def read_snapshot(path: Path, attempts: int = 20) -> Snapshot:
    """The file's bytes, read while its identity did not change (another program may be writing it).

    An empty file is watched a moment first: an editor that saves in place truncates, then writes, and a
    read in between would take a catalogue of many entries for one with none.
    """
    for _ in range(attempts):
        before = file_identity(path)
        if before is None:
            break
        data = path.read_bytes()
        if file_identity(path) == before and len(data) == before[1] and (data or not changes_soon(path, before)):
            return Snapshot(data, before)
    if not path.is_file():
        raise not_found(path)
    raise L10nError(KEEPS_CHANGING, path)


Parsed = TypeVar("Parsed")
KEEPS_CHANGING = "the catalogue keeps changing while being read; try again when the other program is done"


def read_parsed(path: Path, parse: Callable[[bytes], Parsed], attempts: int = 10) -> tuple[Snapshot, Parsed]:
    """The file's snapshot (`read_snapshot`) and what `parse` makes of its bytes.

    A parse error in a file another program is still writing (an editor's in-place save, read halfway) is
    read again once the file has changed; an error in a file that stays as it is is the file's error.
    """
    for _ in range(attempts):
        snapshot = read_snapshot(path)
        try:
            return snapshot, parse(snapshot.data)
        except L10nError:
            if not changes_soon(path, snapshot.stat):
                raise
    raise L10nError(KEEPS_CHANGING, path)


def not_found(path: Path) -> L10nError:
    if path.suffix == ".pot":
        return L10nError("template not found; run `l10n extract` first", path)
    locale = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else "LOCALE"
    return L10nError(f"no catalogue for {locale}; create it with `l10n init -l {locale}`", path)


def refuse_empty(data: bytes, path: object) -> None:
    """An empty file is an error, not an empty catalogue: it is what a program stopped while writing leaves (our
    writers never do), and read as a new catalogue it would publish the locale untranslated without a word."""
    if not data.strip():
        raise L10nError("empty file (did a program stop while writing it?); restore it from version control, or "
                        "delete it and run `l10n init` (`l10n extract` for the template)", path)


def decode(data: bytes, path: object) -> str:
    """The catalogue's text: UTF-8, or the charset its header declares (EUC-KR, Big5, Shift_JIS…, which
    gettext and polib read too), the declaration then saying UTF-8: a command that writes it writes UTF-8."""
    refuse_empty(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        converted = _in_declared_charset(data)
        if converted is not None:
            _note_converted(str(path), converted[1])
            return converted[0]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # (a Windows editor's "Unicode")
            raise L10nError("catalogue is UTF-16 (it starts with a UTF-16 byte order mark), which gettext does not "
                            "read; save it as UTF-8 (iconv -f UTF-16 -t UTF-8) and re-run", path) from None
        line = data[: exc.start].count(b"\n") + 1
        raise L10nError("catalogue is neither UTF-8 nor in a charset its header declares; convert it "
                        "(msgconv -t UTF-8) and re-run", path, line) from None


# The charsets GNU gettext knows as portable (po-charset.c's standard list), as Python spells them too.
_GETTEXT_CHARSETS = frozenset(
    [f"ISO-8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)] + [f"CP{n}" for n in range(1250, 1259)]
    + "KOI8-R KOI8-U CP850 CP866 CP874 CP932 CP949 CP950 GB2312 EUC-JP EUC-KR BIG5 BIG5-HKSCS GBK GB18030 "
      "SHIFT-JIS JOHAB TIS-620".split())
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_DECLARED_CHARSET = re.compile(r'"Content-Type:[^"\n]*?charset\s*=\s*([-\w.:]+)', re.I)
_FIRST_MSGID = re.compile(r"(?m)^msgid[ \t]")
_HEADER_ENTRY = re.compile(r'msgid[ \t]+""[ \t]*\r?\nmsgstr[ \t]+"[^\n]*\n(?:[ \t]*"[^\n]*\n)*')


@functools.cache
def _gettext_codec(charset: str) -> str | None:
    """Python's codec for a charset gettext reads: one of its portable names, or another name of the same charset
    (`latin1`, `windows-1252`, which iconv knows too and msgfmt only warns about); None for any other."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    return name if name in _portable_codecs() else None


@functools.cache
def _portable_codecs() -> frozenset[str]:
    names = set()
    for charset in _GETTEXT_CHARSETS:
        with contextlib.suppress(LookupError):
            names.add(codecs.lookup(charset).name)
    return frozenset(names)


def _header_charset(text: str) -> re.Match[str] | None:
    """The ``charset=`` of the header entry's Content-Type line (group 1); never one quoted in a message."""
    first = _FIRST_MSGID.search(text)
    header = _HEADER_ENTRY.match(text, first.start()) if first is not None else None
    return _DECLARED_CHARSET.search(text, header.start(), header.end()) if header is not None else None


@functools.cache
def _note_converted(path: str, charset: str) -> None:
    """Say once a run that a catalogue is read from its legacy charset (a save writes it as UTF-8)."""
    import logging

    logging.getLogger("toolkit.catalog").warning(
        "%s: read as %s, as its header declares; a command that saves it writes UTF-8", path, charset)


def _in_declared_charset(data: bytes) -> tuple[str, str] | None:
    """`data` decoded with the ``charset=`` of its header's Content-Type line (which then says UTF-8),
    and that charset; None when there is none, Python has no such codec or the bytes are not in it."""
    m = _header_charset(data.decode("latin-1"))  # the header is ASCII in every charset gettext allows
    if m is None:
        return None
    declared = m.group(1)
    if _gettext_codec(declared) is None:
        return None
    try:
        text = data.decode(declared)
        single_byte = len(bytes(range(128, 256)).decode(declared, "replace")) == 128
    except (LookupError, UnicodeDecodeError):
        return None
    if single_byte and _UTF8_SEQUENCE.search(data):  # any bytes read as Latin-1: UTF-8 text with a stray byte
        return None
    m = _header_charset(text)
    return None if m is None else (text[:m.start(1)] + "UTF-8" + text[m.end(1):], declared)


def parse_text(text: str, path: object = None, comments: bool = True, sources: bool = True) -> polib.POFile:
    """Check `text` (see `scan`) and build the polib catalogue from it, in one pass.

    `comments=False` leaves out references, notes, translator comments, previous msgids and
    obsolete entries (readers that only want the translations).  `sources=False` may leave out the
    references and notes only (a merge takes them from the template: at 340,000 entries they are
    tens of megabytes and about a second to read).
    """
    import polib

    reader = _Reader(text, path, build=True, comments=comments, sources=sources)
    if reader.odd:
        reader.polib_readable()
        return _parse_with_polib(text, path, comments)
    po = polib.POFile(pofile="", encoding="utf-8", check_for_duplicates=False)
    po.header = reader.header
    entries = reader.entries
    for i, e in enumerate(entries):  # the header entry (polib's POFile.find(""), but never one with a msgctxt)
        if is_header(e.msgctxt, e.msgid) and not e.obsolete:
            del entries[i]
            po.header = _header_with(po.header, e.tcomment)
            po.metadata_is_fuzzy = e.flags
            po.metadata = header_fields(e.msgstr)
            break
    list.extend(po, entries)
    po.wrapwidth = WIDTH
    check_charset(po, text, path)
    return po


def header_fields(msgstr: str) -> dict[str, str]:
    """The header entry's ``Name: value`` lines, as polib reads them (a line without a colon continues a value)."""
    fields: dict[str, str] = {}
    key = None
    for msg in msgstr.splitlines():
        try:
            key, val = msg.split(":", 1)
            fields[key] = val.strip()
        except (ValueError, KeyError):
            if key is not None:
                fields[key] += "\n" + msg.strip()
    return fields


@dataclass
class Translations:
    """What a .mo needs of a catalogue: the header's fields and the records of its active entries."""

    metadata: dict[str, str]
    records: list[EntryRecord]  # header and obsolete entries left out, in file order


def parse_translations(text: str, path: object = None) -> Translations:
    """`parse_text(text, comments=False)` as records: the same checks and entries, no polib objects."""
    records: list[EntryRecord] = []
    reader = _Reader(text, path, build=True, comments=False, sink=records.append)
    if reader.odd:  # lines polib reads in its own way: its entries, as `parse_text` gives them
        reader.polib_readable()
        po = _parse_with_polib(text, path, comments=False)
        return Translations(po.metadata, [_record(e) for e in po if not e.obsolete])
    metadata: dict[str, str] = {}
    for i, r in enumerate(records):  # the header entry, as parse_text finds it
        if is_header(r.msgctxt, r.msgid) and not r.obsolete:
            del records[i]
            metadata = header_fields("" if r.plural_forms or not r.msgstr else r.msgstr[0])
            break
    _check_charset(metadata, text, path)
    return Translations(metadata, [r for r in records if not r.obsolete])


def _record(e: polib.POEntry) -> EntryRecord:
    """A polib entry as a record with the same forms (status.forms) and usability."""
    plural = bool(e.msgid_plural)
    strings = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)] if plural else [e.msgstr]
    return EntryRecord(e.linenum or 0, bool(e.obsolete), e.fuzzy, e.msgctxt, e.msgid, e.msgid_plural or None,
                       strings, plural)


def record_forms(r: EntryRecord) -> list[str]:
    """The msgstr forms of a record, as status.forms gives them for its polib entry."""
    if r.msgid_plural:
        return r.msgstr or []
    return ["" if r.plural_forms or not r.msgstr else r.msgstr[0]]


def read_translations(path: str | Path) -> Translations:
    """`read_catalog(path, comments=False)` as `Translations`: what compiling needs, at less cost."""
    path = Path(path)
    if not path.is_file():
        raise not_found(path)
    return read_parsed(path, lambda data: parse_translations(decode(data, path), path))[1]


def message_keys(path: Path) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of the active messages of a .po/.pot, header left out: the scanner alone, no entries made
    (a site's template is read in a fraction of the time its polib entries take).

    Duplicates are not looked for: the set holds each key once, and the commands that use the file refuse them.
    """
    def parse(data: bytes) -> set[tuple[str | None, str]]:
        keys: set[tuple[str | None, str]] = set()

        def take(r: EntryRecord) -> None:
            if not r.obsolete and not is_header(r.msgctxt, r.msgid):
                keys.add(r.key)

        scan_each(decode(data, path), take, path, unique=True)
        return keys

    if not path.is_file():
        raise not_found(path)
    return read_parsed(path, parse)[1]


def _header_with(header: str, tcomment: str) -> str:
    """The file's header comment with the translator comments of the header entry added.

    Comments after the header's ``#, fuzzy`` line belong to the header entry, which polib drops
    (it keeps only its flags and msgstr); they are a person's text, so they join the header
    comment, which the writer puts before the flags line, as GNU gettext does.
    """
    if not tcomment:
        return header
    return header + "\n" + tcomment if header else tcomment


_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.I)


def foreign_charset(content_type: str) -> re.Match[str] | None:
    """The ``charset=`` of a Content-Type header (its value: group 1) if it names another charset than UTF-8.

    ``CHARSET`` is xgettext's unfilled placeholder, not a claim: such a catalogue is read as UTF-8.
    """
    m = _CHARSET.search(content_type)
    if m is None or m.group(1).lower().replace("-", "").replace("_", "") in ("utf8", "charset"):
        return None
    return m


def utf8_content_type(content_type: str, legacy: bool = True) -> str:
    """`content_type` as a catalogue or .mo written in UTF-8 declares it: ``charset=UTF-8`` in place of the
    unfilled ``CHARSET`` (xgettext's and msginit's placeholder: msgmerge refuses it, Python's gettext cannot load a
    .mo saying it) and, with `legacy`, of any other charset (the one `decode` read the text from).

    Without `legacy` another charset is kept: an ASCII catalogue saying ISO-8859-1 compiles to msgfmt's own bytes.
    """
    m = _CHARSET.search(content_type)
    if m is None or not (m.group(1).upper() == "CHARSET" or (legacy and foreign_charset(content_type))):
        return content_type
    return content_type[:m.start()] + "charset=UTF-8" + content_type[m.end(1):]  # (no spaces: gettext.py needs none)


def check_charset(po: polib.POFile, text: str, path: object) -> None:
    """Refuse a header declaring another charset than the UTF-8 the catalogue was read as.

    Catalogues are read as UTF-8 (`decode` refuses other bytes), but GNU msgfmt and gettext
    trust the header: a UTF-8 file saying ``charset=ISO-8859-1`` compiles, without a warning,
    to text shown as mojibake.  Only non-ASCII text makes the declaration matter (ASCII reads
    the same in both).
    """
    _check_charset(po.metadata, text, path)


def _check_charset(metadata: dict[str, str], text: str, path: object) -> None:
    m = foreign_charset(metadata.get("Content-Type", ""))
    if m is None or text.isascii():
        return
    declared = m.group(1)
    at = text.find('"Content-Type:')
    line = text[:at].count("\n") + 1 if at >= 0 else None
    raise L10nError(f"the header says charset={declared} but the catalogue is UTF-8 (gettext would show garbled "
                    "text); change it to charset=UTF-8, or convert the file with msgconv -t UTF-8 if it "
                    f"really is {declared}", path, line)


class _NotHeader(Exception):
    """polib took an empty msgid with a msgctxt for the header."""


def _parse_with_polib(text: str, path: object, comments: bool) -> polib.POFile:
    """polib's own parser, for texts with lines it reads in its own way (see _Reader)."""
    import polib

    lines = _GLUED.sub(lambda m: m.group(1) + (m.group(2) or m.group(3) or "") + " ",
                       text.lstrip("\ufeff")).split("\n")
    if not comments:  # blanked, not removed: polib skips blank lines, and its line numbers stay the file's
        lines = ["" if line.startswith(_COMMENT_LINES) else line for line in lines]
    # polib's own entry point splits on every str.splitlines separator (U+2028, \x1c, …), which
    # breaks strings holding them; gettext and our scanner split on "\n" only.
    parser = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False)
    parser.fhandle = lines
    removed: list[polib.POEntry] = []

    def remove(entry: polib.POEntry) -> None:  # polib drops the header entry through this
        if entry.msgctxt is not None:  # (its only empty msgid, with a context: a message, see parse_text)
            raise _NotHeader
        removed.append(entry)
        list.remove(parser.instance, entry)

    vars(parser.instance)["remove"] = remove  # to keep the header entry's comments (see _header_with)
    try:
        try:
            po = parser.parse()
        except _NotHeader:  # raised after every entry was read, before the metadata
            po = parser.instance
    except (OSError, ValueError) as exc:
        message = str(exc)
        m = re.search(r"\(line (\d+)\)", message)
        reason = message.split("):", 1)[-1].strip() if "):" in message else "syntax error"
        raise L10nError(f"cannot parse catalogue: {reason or 'syntax error'}; fix it and re-run",
                        path, int(m.group(1)) if m else None) from None
    del vars(po)["remove"]
    if removed:
        po.header = _header_with(po.header, removed[0].tcomment)
    po.wrapwidth = WIDTH
    po.encoding = "utf-8"
    check_charset(po, text, path)
    return po


def read_catalog(path: str | Path, comments: bool = True, sources: bool = True) -> polib.POFile:
    """Parse a .po/.pot; a syntax or integrity error becomes one line naming the file and line.

    `comments=False` skips references, notes, previous msgids and obsolete entries (a third
    faster), for readers that only want the translations; `sources=False` only the references and
    notes (see `parse_text`).
    """
    path = Path(path)
    if not path.is_file():
        raise not_found(path)
    po = read_catalog_snapshot(path, comments, sources)[1]
    po.fpath = str(path)
    return po


def read_catalog_snapshot(path: Path, comments: bool = True, sources: bool = True) -> tuple[Snapshot, polib.POFile]:
    """`read_catalog` and the snapshot its entries come from (a writer writes only if the file is unchanged);
    `sources` as for `parse_text`."""
    return read_parsed(path, lambda data: parse_text(decode(data, path), path, comments, sources))


def read_catalog_identity(path: Path, sources: bool = True,
                          attempts: int = 10) -> tuple[tuple[int, int, int], polib.POFile]:
    """`read_catalog_snapshot` for a writer that keeps only the file's identity (`still_at`), not its bytes: they
    are let go once decoded, before the entries are made (a site's catalogue is 100 MB or more of them)."""
    for _ in range(attempts):
        snapshot, text = read_parsed(path, lambda data: decode(data, path))
        identity = snapshot.stat
        del snapshot
        try:
            return identity, parse_text(text, path, True, sources)
        except L10nError:  # as `read_parsed`: an editor's save read halfway is read again
            if not changes_soon(path, identity):
                raise
    raise L10nError(KEEPS_CHANGING, path)
