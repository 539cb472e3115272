"""POT/PO/MO I/O and the catalogue lifecycle (init, update, compile, stats).

polib does the parsing and writing (it keeps ``#|`` previous msgids, which Babel drops);
Babel's CLDR data gives Plural-Forms and language names; rapidfuzz finds fuzzy matches
(Babel's difflib-based update is far too slow for a 20,000-entry catalogue).
"""

from __future__ import annotations

import re
import struct
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib
from babel import Locale
from babel.core import get_global
from babel.messages.plurals import get_plural
from rapidfuzz import fuzz, process

from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.fsutil import locked, write_if_changed
from toolkit.locales import normalize_locale
from toolkit.placeholders import PLACEHOLDER_RE
from toolkit.poformat import format_catalog

WRAP = 78  # the same width GNU gettext uses, so msgmerge/msgcat round trips don't churn
FUZZY_CUTOFF = 60.0  # msgmerge's FUZZY_THRESHOLD (0.6); fuzz.ratio is the same measure as its fstrcmp

# --- reading and writing ---------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?{_STRING}")
_KEYWORDS = {"msgctxt", "msgid", "msgid_plural", "msgstr"}


_COMMENT_LINES = ("#:", "#.", "# ", "#|", "#~")


def read_catalog(path: str | Path, comments: bool = True) -> polib.POFile:
    """Parse a .po/.pot; a syntax error becomes one line naming the file and line.

    `comments=False` skips references, notes, previous msgids and obsolete entries (a third
    faster), for readers that only want the translations.
    """
    path = Path(path)
    if not path.is_file():
        raise L10nError("catalogue not found; run `l10n extract` / `l10n init` first", path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise L10nError("catalogue is not UTF-8; convert it (msgconv -t UTF-8) and re-run", path, line) from None
    _check_syntax(text, path)
    if not comments:
        text = "\n".join(line for line in text.split("\n") if not line.startswith(_COMMENT_LINES))
    try:
        return polib.pofile(text, wrapwidth=WRAP, encoding="utf-8")
    except (OSError, ValueError) as exc:
        text = str(exc)
        m = re.search(r"\(line (\d+)\)", text)
        line = int(m.group(1)) if m else None
        reason = text.split("):", 1)[-1].strip() if "):" in text else "syntax error"
        raise L10nError(f"cannot parse catalogue: {reason or 'syntax error'}; fix it and re-run", path, line) from None


def _check_syntax(text: str, path: Path) -> None:
    """Reject what polib would silently drop (an unterminated string loses the entry)."""
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#~") or line.startswith("#|"):
            line = line[2:].lstrip("|").strip()  # obsolete / previous lines hold PO syntax too
        if not line or line.startswith("#") or _KEYWORD_LINE.fullmatch(line.rstrip()):
            continue
        word = re.match(r"[A-Za-z_][\w\[\]]*", line)
        if word and word.group().split("[")[0] not in _KEYWORDS:
            problem = f"unknown keyword {word.group()!r}"
        elif '"' in line:
            problem = "unterminated or malformed string"
        else:
            problem = "expected a quoted string"
        raise L10nError(f"syntax error: {problem}; fix it and re-run", path, number)


def catalog_bytes(po: polib.POFile) -> bytes:
    text = format_catalog(po, WRAP)  # == str(po), several times faster
    if not po.header and text.startswith("#\n"):
        text = text[2:]  # polib writes a bare "#" for an empty header comment; gettext writes nothing
    return text.encode("utf-8")


def write_catalog(po: polib.POFile, path: str | Path) -> bool:
    """Atomically write `po` unless the file already has these exact bytes; True if written."""
    return write_if_changed(path, catalog_bytes(po))


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    """What identifies an entry in a catalogue: its context and msgid."""
    return (entry.msgctxt, entry.msgid)


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def plural_count(po: polib.POFile) -> int:
    """nplurals from the Plural-Forms header (2, gettext's default, when it is missing)."""
    m = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else 2


def _locales(cfg: Config) -> list[str]:
    return [normalize_locale(code) for code in cfg.locales]


# --- init ----------------------------------------------------------------------------


@dataclass
class InitResult:
    locale: str
    path: Path
    created: bool  # False: a catalogue was already there and was left alone


def native_name(locale: str) -> str:
    """The language's name in itself, for Language-Team: 한국어, 繁體中文, português (Portugal)."""
    loc = Locale.parse(locale)
    scripted = f"{loc.language}_{loc.script}" if loc.script else loc.language
    name = loc.languages.get(scripted) or loc.languages.get(loc.language) or locale
    likely_subtags = get_global("likely_subtags")
    likely = likely_subtags.get(scripted) or likely_subtags.get(loc.language, "")
    if loc.territory and not likely.endswith("_" + loc.territory):
        name += f" ({loc.territories.get(loc.territory, loc.territory)})"
    return name


def new_catalog(template: polib.POFile, locale: str, now: datetime | None = None) -> polib.POFile:
    """A fresh catalogue for `locale`: the template's entries, empty, under a complete header."""
    locale = normalize_locale(locale)
    now = now or datetime.now(UTC)
    loc = Locale.parse(locale)
    meta = template.metadata
    project = meta.get("Project-Id-Version", "") or "PROJECT"
    po = polib.POFile(wrapwidth=WRAP)
    po.header = (f"{loc.english_name} translations for {project}.\n"
                 f"Created by `l10n init` from the template.")
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": meta.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": meta.get("POT-Creation-Date", now.strftime("%Y-%m-%d %H:%M%z")),
        "PO-Revision-Date": now.strftime("%Y-%m-%d %H:%M%z"),
        "Last-Translator": "",
        "Language-Team": native_name(locale),
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(locale).plural_forms,
    }
    nplurals = get_plural(locale).num_plurals
    seen = set()
    for t in template:
        if t.obsolete or entry_key(t) in seen:
            continue
        seen.add(entry_key(t))
        po.append(_merged(t, None, nplurals))
    return po


def init_catalogs(cfg: Config, locales: list[str] | None = None, now: datetime | None = None) -> list[InitResult]:
    """Create a catalogue per locale from the template; an existing catalogue is never touched."""
    codes = [normalize_locale(c) for c in locales] if locales is not None else _locales(cfg)
    template = read_catalog(cfg.pot_path)
    results = []
    for locale in dict.fromkeys(codes):
        path = cfg.po_path(locale)
        with locked(path):
            if path.exists():
                results.append(InitResult(locale, path, created=False))
                continue
            write_catalog(new_catalog(template, locale, now), path)
        results.append(InitResult(locale, path, created=True))
    return results


# --- update --------------------------------------------------------------------------


@dataclass
class MergeStats:
    """The merged catalogue's state, and what this merge did to get there."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0  # entries no longer in the template, kept as #~
    matched: int = 0  # fuzzy matches made by this merge (previous msgid shown)
    revived: int = 0  # obsolete entries whose msgid came back

    def __str__(self) -> str:
        news = [f"{self.matched} new fuzzy matches"] if self.matched else []
        news += [f"{self.revived} revived"] if self.revived else []
        return (f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated, "
                f"{self.obsolete} obsolete" + (f" ({', '.join(news)})" if news else ""))


def merge_catalogs(template: polib.POFile, catalog: polib.POFile,
                   fuzzy_matching: bool = True) -> tuple[polib.POFile, MergeStats]:
    """Merge `template` into `catalog` the way ``msgmerge --previous`` does; return a new catalogue.

    Order and content come from the template; translations, translator comments and the
    header from the catalogue.  Exact (msgctxt, msgid) matches keep their translation, even
    from an obsolete entry (which comes back to life).  Other entries get the best fuzzy match
    (ratio >= 60%): first among translated entries that left the template (an edited sentence's
    old version), then among reviewed entries still in use.  Translated entries nobody uses
    become obsolete; untranslated ones are dropped, like msgmerge.
    """
    stats = MergeStats()
    out = polib.POFile(wrapwidth=WRAP)
    out.header = catalog.header
    out.metadata = dict(catalog.metadata)
    for name in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
        if template.metadata.get(name):
            out.metadata[name] = template.metadata[name]
    out.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    nplurals = plural_count(catalog)

    by_key: dict[tuple, polib.POEntry] = {}
    for d in catalog:  # of two entries with one key, prefer the translated, then the active one
        old = by_key.get(entry_key(d))
        if old is None or (_translated(d), not d.obsolete) > (_translated(old), not old.obsolete):
            by_key[entry_key(d)] = d

    used: set[int] = set()
    seen: set[tuple] = set()
    pending: list[int] = []  # positions in `out` still untranslated
    for t in template:
        if t.obsolete or entry_key(t) in seen:
            continue
        seen.add(entry_key(t))
        d = by_key.get(entry_key(t))
        if d is not None:
            used.add(id(d))
            stats.revived += d.obsolete
        else:
            pending.append(len(out))
        out.append(_merged(t, d, nplurals))

    if fuzzy_matching and pending:
        _fuzzy_fill(out, pending, catalog, used, nplurals)
    stats.matched = sum(1 for i in pending if out[i].fuzzy)
    for e in out:
        state = "fuzzy" if e.fuzzy else "translated" if _translated(e) else "untranslated"
        setattr(stats, state, getattr(stats, state) + 1)

    active = {entry_key(e) for e in out}
    for d in catalog:
        if id(d) in used or not _translated(d) or entry_key(d) in active:
            continue
        active.add(entry_key(d))
        out.append(_obsolete(d))
        stats.obsolete += 1
    return out, stats


def _fuzzy_fill(out: polib.POFile, pending: list[int], catalog: polib.POFile, used: set[int],
                nplurals: int) -> None:
    """Give each pending entry the translation of its most similar old msgid, marked fuzzy."""
    translated = [d for d in catalog if _translated(d)]
    # Likely predecessors first: translated entries the template no longer has (fuzzy or not).
    gone = [d for d in translated if id(d) not in used]
    # Then, like msgmerge, any reviewed entry still in use ("Hello world" for "Hello world!").
    # Unlike msgmerge, not fuzzy ones: a guess built on a guess (often a machine translation of
    # another sentence) is noise, and an empty entry gets a fresh `l10n translate` instead.
    reviewed = [d for d in translated if id(d) in used and not d.fuzzy]
    gone_ids = [d.msgid for d in gone]
    reviewed_ids = [d.msgid for d in reviewed]
    for i in pending:
        t = out[i]
        hit = process.extractOne(t.msgid, gone_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        pool = gone
        if hit is None:
            hit = process.extractOne(t.msgid, reviewed_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            pool = reviewed
        if hit is not None:
            d = pool[hit[2]]
            used.add(id(d))
            out[i] = _merged(t, d, nplurals, force_fuzzy=True)


def _merged(t: polib.POEntry, d: polib.POEntry | None, nplurals: int,
            force_fuzzy: bool = False) -> polib.POEntry:
    """Template entry `t` carrying definition `d`'s translation (msgmerge's message_merge)."""
    e = polib.POEntry(
        msgctxt=t.msgctxt, msgid=t.msgid, msgid_plural=t.msgid_plural,
        comment=t.comment, occurrences=list(t.occurrences),
        flags=[f for f in t.flags if f != "fuzzy"],  # format flags come from the template
        tcomment=d.tcomment if d is not None else "",
    )
    if d is None:
        if t.msgid_plural:
            e.msgstr_plural = {i: "" for i in range(nplurals)}
        return e
    fuzzy = force_fuzzy or d.fuzzy
    if t.msgid_plural:
        if d.msgid_plural:
            e.msgstr_plural = dict(d.msgstr_plural)
        else:
            e.msgstr_plural = {i: (d.msgstr if i == 0 else "") for i in range(nplurals)}
            fuzzy = True
    else:
        e.msgstr = d.msgstr if not d.msgid_plural else d.msgstr_plural.get(0, "")
        fuzzy = fuzzy or bool(d.msgid_plural)
    if fuzzy:
        e.flags.insert(0, "fuzzy")
        if d.fuzzy and d.previous_msgid:  # the translation still belongs to that older msgid
            e.previous_msgctxt = d.previous_msgctxt
            e.previous_msgid = d.previous_msgid
            e.previous_msgid_plural = d.previous_msgid_plural
        elif (d.msgctxt, d.msgid, d.msgid_plural) != (t.msgctxt, t.msgid, t.msgid_plural):
            e.previous_msgctxt = d.msgctxt
            e.previous_msgid = d.msgid
            e.previous_msgid_plural = d.msgid_plural or None
    return e


def _obsolete(d: polib.POEntry) -> polib.POEntry:
    """`d` as an obsolete (#~) entry: translation, translator comment and flags; no locations."""
    e = polib.POEntry(
        msgctxt=d.msgctxt, msgid=d.msgid, msgid_plural=d.msgid_plural, msgstr=d.msgstr,
        tcomment=d.tcomment, flags=list(d.flags), obsolete=True,
        previous_msgctxt=d.previous_msgctxt, previous_msgid=d.previous_msgid,
        previous_msgid_plural=d.previous_msgid_plural,
    )
    if d.msgid_plural:
        e.msgstr_plural = dict(d.msgstr_plural)
    return e


@dataclass
class UpdateResult:
    locale: str
    path: Path
    stats: MergeStats | None = None  # None: no catalogue for this locale
    written: bool = False

    @property
    def missing(self) -> bool:
        return self.stats is None


def update_catalogs(cfg: Config, fuzzy_matching: bool = True) -> list[UpdateResult]:
    """Merge the template into each configured locale's catalogue (locked, atomic, no churn)."""
    locales = _locales(cfg)
    template = read_catalog(cfg.pot_path)
    results = []
    for locale in locales:
        path = cfg.po_path(locale)
        if not path.exists():
            results.append(UpdateResult(locale, path))
            continue
        with locked(path):
            merged, stats = merge_catalogs(template, read_catalog(path), fuzzy_matching)
            written = write_catalog(merged, path)
        results.append(UpdateResult(locale, path, stats, written))
    return results


# --- compile -------------------------------------------------------------------------


def mo_bytes(po: polib.POFile, use_fuzzy: bool = False) -> bytes:
    """The .mo image GNU msgfmt writes for `po` (little-endian, with its hash table).

    Like msgfmt: untranslated and obsolete entries are left out, fuzzy ones too unless
    `use_fuzzy`; the header is kept even when it is marked fuzzy, in the file's field order,
    without POT-Creation-Date (msgfmt >= 0.20 drops it for reproducible builds).
    polib's own writer differs (no hash table, header fields reordered, no --use-fuzzy).
    """
    messages: dict[bytes, bytes] = {}
    if po.metadata:
        header = "".join(f"{k}: {v}\n" for k, v in po.metadata.items() if k != "POT-Creation-Date")
        messages[b""] = header.encode("utf-8")
    for e in po:
        if e.obsolete or (e.fuzzy and not use_fuzzy):
            continue
        key = (e.msgctxt + "\x04" if e.msgctxt is not None else "") + e.msgid
        if e.msgid_plural:
            forms = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]
            if not forms or not forms[0]:
                continue
            key += "\0" + e.msgid_plural
            value = "\0".join(forms)
        else:
            if not e.msgstr:
                continue
            value = e.msgstr
        messages[key.encode("utf-8")] = value.encode("utf-8")
    return _mo_image(messages)


def _mo_image(messages: dict[bytes, bytes]) -> bytes:
    keys = sorted(messages)
    n = len(keys)
    size = _hash_size(n)
    orig_tab, trans_tab, hash_tab = 28, 28 + 8 * n, 28 + 16 * n
    offset = hash_tab + 4 * size
    orig, trans = [], []
    for k in keys:
        orig.append((len(k), offset))
        offset += len(k) + 1
    for k in keys:
        trans.append((len(messages[k]), offset))
        offset += len(messages[k]) + 1
    table = [0] * size
    for j, k in enumerate(keys):  # open addressing with double hashing, as in gettext's write-mo.c
        h = _hashpjw(k.split(b"\0", 1)[0])
        idx = h % size
        if table[idx]:
            incr = 1 + h % (size - 2)
            while table[idx]:
                idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = j + 1
    parts = [struct.pack("<7I", 0x950412DE, 0, n, orig_tab, trans_tab, size, hash_tab)]
    parts += [struct.pack("<2I", *pair) for pair in orig + trans]
    parts.append(struct.pack(f"<{size}I", *table))
    parts += [k + b"\0" for k in keys]
    parts += [messages[k] + b"\0" for k in keys]
    return b"".join(parts)


def _hashpjw(data: bytes) -> int:
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
            h ^= g
    return h


def _hash_size(n: int) -> int:
    """gettext's next_prime(4n/3), at least 3 (its is_prime is reproduced exactly)."""
    candidate = (n * 4 // 3) | 1
    while True:
        div, square = 3, 9
        while square < candidate and candidate % div:
            div += 1
            square += 4 * div
            div += 1
        if candidate % div:
            break
        candidate += 2
    return max(candidate, 3)


@dataclass
class CompileResult:
    locale: str
    po_path: Path
    mo_path: Path
    messages: int = 0  # translations written (header not counted)
    fuzzy_skipped: int = 0
    written: bool = False
    missing: bool = False


def compile_catalogs(cfg: Config, use_fuzzy: bool = False) -> list[CompileResult]:
    """Write `<catalogue>.mo` next to each catalogue; unchanged .mo files are not rewritten."""
    results = []
    for locale in _locales(cfg):
        path = cfg.po_path(locale)
        mo_path = path.with_suffix(".mo")
        if not path.exists():
            results.append(CompileResult(locale, path, mo_path, missing=True))
            continue
        with locked(path):
            po = read_catalog(path)
            _reject_duplicates(po, path)
            data = mo_bytes(po, use_fuzzy)
            written = write_if_changed(mo_path, data)
        count = struct.unpack_from("<I", data, 8)[0] - (1 if po.metadata else 0)
        skipped = 0 if use_fuzzy else sum(1 for e in po if e.fuzzy and not e.obsolete and _translated(e))
        results.append(CompileResult(locale, path, mo_path, count, skipped, written))
    return results


def _reject_duplicates(po: polib.POFile, path: Path) -> None:
    seen: set = set()
    for e in po:
        if e.obsolete:
            continue
        if entry_key(e) in seen:
            raise L10nError(f"duplicate message definition {e.msgid[:40]!r}; merge the two entries",
                            path, getattr(e, "linenum", None))
        seen.add(entry_key(e))


# --- stats ---------------------------------------------------------------------------


def word_count(text: str) -> int:
    """Words of a msgid, inline placeholders (<a>, <br/>) not counted."""
    return len(re.findall(r"\w+", PLACEHOLDER_RE.sub(" ", text)))


@dataclass
class CatalogStats:
    locale: str
    path: Path
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: dict = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})
    missing: bool = False

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.total, 1) if self.total else 100.0

    @property
    def percent_words(self) -> float:
        total = sum(self.words.values())
        return round(100.0 * self.words["translated"] / total, 1) if total else 100.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        data.update(total=self.total, percent=self.percent, percent_words=self.percent_words)
        return data


def catalog_stats(po: polib.POFile, locale: str = "", path: Path = Path()) -> CatalogStats:
    stats = CatalogStats(locale, path)
    for e in po:
        if e.obsolete:
            stats.obsolete += 1
            continue
        state = "fuzzy" if e.fuzzy else "translated" if _translated(e) else "untranslated"
        setattr(stats, state, getattr(stats, state) + 1)
        stats.words[state] += word_count(e.msgid)
    return stats


def stats_catalogs(cfg: Config) -> list[CatalogStats]:
    results = []
    for locale in _locales(cfg):
        path = cfg.po_path(locale)
        if not path.exists():
            results.append(CatalogStats(locale, path, missing=True))
        else:
            results.append(catalog_stats(read_catalog(path), locale, path))
    return results
