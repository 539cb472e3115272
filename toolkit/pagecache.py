"""Segmented pages kept between runs, so a page is segmented once, not by extract and again by build.

``locales/.cache/units/<key>.json`` holds one page's `Document` without its text (units, the
start tags the build edits, where ``</head>`` is) and its language-switcher links, as plain JSON:
nothing that can run code is ever loaded from a cache (no pickle).  The key is a SHA-256 over
everything those depend on: the page's bytes, the ``its_id_as_context`` and ``source_locale``
settings, the project's ITS rules (``its_rules``: the bytes of every file they read), the cache
format and the code (the toolkit's version, the bytes of the ``toolkit/html`` sources,
``toolkit/discover.py`` and ``toolkit/placeholders.py``, Babel's version for the CLDR language
names), so an edit to any of them is a different key.  Pages that may link or embed ITS global
rules of their own (which can live in other files), and pages whose rules gave warnings (a cached
page would not repeat them), are not cached.

The cache is an optimisation only: a missing, unreadable, malformed or foreign entry is a miss
and the page is segmented again; a loaded entry is checked against the page's text (offsets in
range, placeholder start tags equal to the source, end tags of their own element) before it is
used.  Each entry is written atomically by the process that segmented the page (extract starts
the cache, a build only adds to one that exists); `prune` drops entries of pages the site no
longer has.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import babel

from toolkit import __version__
from toolkit.discover import LanguageLink, segment_page
from toolkit.errors import L10nError
from toolkit.fingerprint import code_files, hash_code
from toolkit.fsutil import atomic_write_bytes, is_orphan
from toolkit.html import Document, Placeholder, Unit, decode_html
from toolkit.html.elements import is_xml_page, may_declare_its_rules
from toolkit.html.segment import Tag
from toolkit.html.tokenize import Attr
from toolkit.html.tree import StorageSize

if TYPE_CHECKING:
    from toolkit.config import Config
    from toolkit.html.its import ProjectRules

FORMAT = 1
UNITS_DIR = "units"  # under the locales dir's .cache/


@functools.cache
def segmenter_fingerprint() -> str:
    """What makes a record: the cache format, the record fields, the toolkit's version, Babel's (CLDR names),
    the bytes of every file of the `toolkit.html` package, of `toolkit.placeholders` (escapes msgids), of
    `toolkit.discover` (finds the language switcher) and of `toolkit.locales` (reads the links' language tags)."""
    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{babel.__version__}\0".encode())
    for record in (Unit, Placeholder, Tag, Attr, StorageSize, Document, LanguageLink):
        h.update(" ".join(f.name for f in fields(record)).encode() + b"\0")
    here = Path(__file__).resolve().parent
    hash_code(h, [*code_files(here / "html"), here / "placeholders.py", here / "discover.py", here / "locales.py"])
    return h.hexdigest()


def page_key(data: bytes, id_as_context: bool, source_locale: str, its_rules: ProjectRules | None = None,
             xml: bool = False) -> str:
    """The cache key of a page with these bytes under these settings (and the project's ITS rules); `xml`: the page
    is read with XML's rules (`elements.is_xml_page`: the same bytes named .xhtml are another document)."""
    rules = its_rules.digest if its_rules is not None else ""
    h = hashlib.sha256(f"{segmenter_fingerprint()}\0{int(id_as_context)}\0{source_locale}\0{rules}\0{int(xml)}\0"
                       .encode())
    h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class PageCache:
    """The cache directory, ``locales/.cache/units`` (where a `PageCache | None` is taken, None: no cache)."""

    path: Path
    write: bool = True  # False: read only (a build adds entries only to a cache extract has begun)

    def entry(self, key: str) -> Path:
        return self.path / f"{key}.json"

    def get(self, key: str, text: str, encoding: str) -> tuple[Document, list[LanguageLink]] | None:
        """The cached document and switcher links of the page whose bytes give `key` (decoded: `text`), or None."""
        try:
            data = self.entry(key).read_bytes()
        except OSError:
            return None
        try:
            record = json.loads(data)
            return document_from_record(record, key, text, encoding)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            return None  # malformed or foreign: segmented again, and the entry rewritten

    def put(self, key: str, doc: Document, links: list[LanguageLink]) -> None:
        """Store a page's document (a cache that cannot be written is no error: the build goes on)."""
        try:
            atomic_write_bytes(self.entry(key), record_bytes(key, doc, links), durable=False)
        except (OSError, ValueError):  # unwritable, or text UTF-8 cannot hold: the page is segmented next time
            pass

    def prune(self, keep: set[str]) -> int:
        """Remove the entries whose key is not in `keep` (pages changed or gone), and temp files an interrupted
        write left; how many."""
        try:
            names = os.listdir(self.path)
        except OSError:
            return 0
        removed = 0
        for name in names:
            if (name.endswith(".json") and name[:-5] not in keep) or is_orphan(self.path / name):
                try:
                    os.unlink(self.path / name)
                    removed += 1
                except OSError:
                    pass
        return removed


def cache_for(cache_path: Path, create: bool = True) -> PageCache:
    """The project's units cache (under `Config.cache_path`); with `create` False it is written only if it exists
    already."""
    path = cache_path / UNITS_DIR
    return PageCache(path, create or path.is_dir())


@dataclass
class LoadedPage:
    """A page read for extract or build: its document, its language-switcher links, its cache key, and
    whether they came from the cache."""

    doc: Document
    links: list[LanguageLink]
    key: str
    cached: bool


def linked_rules_digest(data: bytes, path: Path) -> str | None:
    """The digest of the ITS rules files a page links (None when its bytes cannot link any): the page's units
    depend on them, so whatever remembers something about the page keys it by this too."""
    if not may_declare_its_rules(data):
        return None
    from toolkit.html.its import rules_files_digest  # lxml: only for pages that may have rules

    try:
        text, _encoding = decode_html(data, path)
    except L10nError:
        return ""  # whoever reads the page reports it
    return rules_files_digest(text, path)


def load_page_cached(path: Path, id_as_context: bool, source_locale: str, cache: PageCache | None,
                     its_rules: ProjectRules | None = None) -> LoadedPage:
    """Read and decode one page; its units and switcher links from the cache, else segmented (and then
    cached when the page declares no ITS rules and its rules gave no warning).  `its_rules`: the project's
    (`project_rules`).  L10nError names the file on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    text, encoding = decode_html(data, path)
    key = page_key(data, id_as_context, source_locale, its_rules, is_xml_page(path.name)) if cache is not None else ""
    if cache is not None:
        found = cache.get(key, text, encoding)
        if found is not None:
            return LoadedPage(found[0], found[1], key, True)
    doc, links = segment_page(text, encoding, path, id_as_context, its_rules, source_locale)
    if cache is not None and cache.write and not doc.warnings and not may_declare_its_rules(text):
        cache.put(key, doc, links)
    return LoadedPage(doc, links, key, False)


def project_rules(cfg: Config) -> ProjectRules | None:
    """The project's ITS rules (``[tool.l10n] its_rules``), read and checked: what every command that segments
    pages passes on.  None without the setting (and lxml is not imported); L10nError names a bad file."""
    if not cfg.its_rules:
        return None
    from toolkit.html.its import load_project_rules

    return load_project_rules([cfg.root / name for name in cfg.its_rules])


# --- the record ------------------------------------------------------------------------------
# Positional lists, in the order of the dataclasses' fields: a page has hundreds of units and tags,
# and names repeated in each would double the file.  The fingerprint covers the field names.


def record_bytes(key: str, doc: Document, links: list[LanguageLink]) -> bytes:
    units = [[u.msgid, u.start, u.end, u.line, u.context, u.notes,
              [[name, ph.open, ph.close, ph.start, ph.unclosed] for name, ph in u.placeholders.items()],
              u.attribute, u.element, u.owner_tag, u.whole, u.locales, u.locales_exclude, u.preserve,
              u.comments, None if u.storage is None else [u.storage.size, u.storage.encoding, u.storage.line_break],
              u.allowed, u.nested, u.lang] for u in doc.units]
    tags = [[t.name, t.start, t.end, [[a.name, a.value, a.start, a.end, a.quoted] for a in t.attrs.values()],
             t.content_end] for t in doc.tags]
    index = {id(t): i for i, t in enumerate(doc.tags)}
    switcher = [[link.locale, link.href, link.text, link.reason, -1 if link.tag is None else index[id(link.tag)],
                 link.content_end, link.declared] for link in links]
    record = {"format": FORMAT, "key": key, "encoding": doc.encoding, "length": len(doc.text),
              "head_end": doc.head_end, "units": units, "tags": tags, "links": switcher}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _offset(value: object, size: int) -> int:
    if type(value) is not int or not 0 <= value <= size:
        raise ValueError("offset out of range")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


_TAG_NAME = re.compile(r"</?([^\t\n\f\r />]+)")
_END_TAG = re.compile(r"</[^\t\n\f\r />]++[^<>]*+>")


def _end_tag(close: object, open_: str) -> str:
    """A placeholder's end tag: none, or one end tag of its own element (the build writes it into the page, so a
    planted ``</a><script>…`` must not pass)."""
    close = _text(close)
    if close:
        name, own = _TAG_NAME.match(close), _TAG_NAME.match(open_)
        if not _END_TAG.fullmatch(close) or name is None or own is None or \
                name.group(1).lower() != own.group(1).lower():
            raise ValueError("placeholder end tag differs from its element")
    return close


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError("not a flag")
    return value


def _texts(value: object) -> list[str]:
    if type(value) is not list:
        raise TypeError("not a list")
    return [_text(v) for v in value]


def _unit(row: list, text: str, size: int) -> Unit:
    """One unit row, checked: its types, its offsets in the text, its placeholders' start tags in the source.

    The fields every unit has are checked inline (a page has thousands of units), the rarer ones
    with the helpers above.
    """
    (msgid, start, end, line, context, notes, placeholders, attribute, element, owner_tag, whole, locales,
     locales_exclude, preserve, comments, storage, allowed, nested, lang) = row
    if not (type(start) is int and type(end) is int and type(line) is int
            and 0 <= start <= size and 0 <= end <= size and 0 <= line <= size + 1):
        raise ValueError("offset out of range")
    if not (type(msgid) is str and type(element) is str and type(comments) is str and type(whole) is bool
            and type(locales_exclude) is bool and type(preserve) is bool and type(nested) is bool
            and type(notes) is list
            and type(placeholders) is list and (context is None or type(context) is str)
            and (attribute is None or type(attribute) is str) and (allowed is None or type(allowed) is str)
            and (lang is None or type(lang) is str)):
        raise TypeError("malformed unit")
    phs = {}
    for name, open_, close, at, unclosed in placeholders:
        at = _offset(at, size)
        if not text.startswith(_text(open_), at):
            raise ValueError("placeholder differs from the source")
        phs[_text(name)] = Placeholder(open_, _end_tag(close, open_), at, _flag(unclosed))
    if owner_tag is not None:
        owner_tag = (_offset(owner_tag[0], size), _offset(owner_tag[1], size))
    if storage is not None:
        storage = StorageSize(_offset(storage[0], 1 << 62), _text(storage[1]), _text(storage[2]))
    return Unit(msgid, start, end, line, context, _texts(notes) if notes else notes, phs, attribute, element,
                owner_tag, whole, None if locales is None else tuple(_texts(locales)), locales_exclude, preserve,
                comments, storage, allowed, nested, lang)


def _tag(row: list, size: int) -> Tag:
    name, start, end, attrs, content_end = row
    if not (type(name) is str and type(start) is int and type(end) is int and 0 <= start <= size and 0 <= end <= size):
        raise ValueError("malformed tag")
    return Tag(name, start, end, {_text(a[0]): Attr(a[0], _text(a[1]), _offset(a[2], size), _offset(a[3], size),
                                                  _flag(a[4])) for a in attrs},
               -1 if content_end == -1 else _offset(content_end, size))


def document_from_record(record: object, key: str, text: str,
                         encoding: str) -> tuple[Document, list[LanguageLink]] | None:
    """The document and switcher links a record describes, if it is one for this page; ValueError/TypeError
    if malformed.

    Every offset is checked against the text and every placeholder's start tag against the source
    at its offset, so an entry that does not belong to this text is never spliced into a page.
    """
    if type(record) is not dict or record.get("format") != FORMAT or record.get("key") != key:
        return None
    if record.get("encoding") != encoding or record.get("length") != len(text):
        return None
    size = len(text)
    head_end = record["head_end"]
    units = [_unit(row, text, size) for row in record["units"]]
    tags = [_tag(row, size) for row in record["tags"]]
    links = []
    for locale, href, label, reason, tag, content_end, declared in record["links"]:
        links.append(LanguageLink(_text(locale), _text(href), _text(label), _text(reason),
                                  None if tag == -1 else tags[_offset(tag, len(tags) - 1)],
                                  -1 if content_end == -1 else _offset(content_end, size), _text(declared)))
    doc = Document(text=text, units=units, tags=tags, encoding=encoding,
                   head_end=None if head_end is None else _offset(head_end, size))
    return doc, links
