"""The catalogue lifecycle: init, update, compile, stats (one function per command).

Every command reads through read_catalog (integrity checked) under the catalogue's lock,
writes atomically without churn, and treats a configured locale without a catalogue the one
way status.missing_catalog says, before anything is written.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import re
import struct
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.catalog.mo import translations_mo_bytes
from toolkit.catalog.read import (
    WIDTH,
    message_keys,
    read_catalog,
    read_catalog_identity,
    read_translations,
    record_forms,
    still_at,
)
from toolkit.catalog.stamps import file_digest, has_fields, recalled, remember, stamp_key
from toolkit.catalog.status import State, entry_key, is_header, mark_reviewed, require_catalogs, state, usable
from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.fsutil import atomic_write_bytes, holds_text, locked, write_if_changed
from toolkit.locales import HAN_OR_KANA, babel_locale, native_name, normalize_locale

if TYPE_CHECKING:
    import polib

    from toolkit.catalog.merge import MergeStats

# --- init ----------------------------------------------------------------------------


@dataclass
class InitResult:
    locale: str
    path: Path
    created: bool  # False: a catalogue was already there and was left alone


def new_catalog(template: polib.POFile, locale: str, now: datetime | None = None) -> polib.POFile:
    """A fresh catalogue for `locale`: the template's entries, empty, under a complete header."""
    import polib
    from babel.messages.plurals import get_plural  # CLDR plural data: only `init` and a header's repair need it

    from toolkit.catalog.merge import new_entry

    locale = normalize_locale(locale)
    project = template.metadata.get("Project-Id-Version", "") or "PROJECT"
    po = polib.POFile(wrapwidth=WIDTH)
    po.header = (f"{babel_locale(locale).english_name} translations for {project}.\n"
                 f"Created by `l10n init` from the template.")
    po.metadata = _new_header(template.metadata, locale, now)
    nplurals = get_plural(locale).num_plurals
    seen = set()
    for t in template:
        if t.obsolete or entry_key(t) in seen:
            continue
        seen.add(entry_key(t))
        po.append(new_entry(t, None, nplurals))
    return po


_NEEDED = ("Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")  # by msgfmt -c


def _new_header(meta: dict[str, str], locale: str, now: datetime | None = None) -> dict[str, str]:
    """A new catalogue's header fields, in GNU's order, from the template's."""
    from babel.messages.plurals import get_plural

    now = now or datetime.now(UTC)
    project = meta.get("Project-Id-Version", "") or "PROJECT"
    return {
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


_NPLURALS = re.compile(r"nplurals\s*=\s*([^;\s]*)")
_PLURAL = re.compile(r"(?<![A-Za-z])plural\s*=\s*([^;]*)")
_PLURAL_RANGE = range(1000)  # the counts msgfmt -c evaluates a plural expression for


def header_problem(metadata: dict[str, str], plural_entries: bool = False) -> str | None:
    """What `msgfmt -c` refuses in a catalogue's header, in a sentence saying how to mend it (None: nothing).

    No header at all leaves a .mo without a charset (gettext then reads no non-ASCII text); a Plural-Forms
    whose nplurals is no count or whose expression is invalid, divides by zero or names a form outside nplurals, or
    none while entries have plural forms, makes a program ask for forms at random.
    """
    if not metadata:
        return ('no header entry (msgid "" with the charset and plural forms): msgfmt -c refuses the file and '
                "gettext would read a .mo of it as ASCII; run `l10n update` to add one")
    plural_forms = metadata.get("Plural-Forms", "")
    nplurals, plural = _NPLURALS.search(plural_forms), _PLURAL.search(plural_forms)
    if nplurals is None or plural is None:  # (msgfmt reads a header without both as one without plural forms)
        return "plural entries but no Plural-Forms header; run `l10n update` to add it" if plural_entries else None
    if not nplurals[1].isdigit() or int(nplurals[1]) < 1:
        return f"invalid nplurals value {nplurals[1]!r} in the Plural-Forms header; correct it"
    expression = plural[1].strip()
    try:
        form = gettext.c2py(expression)  # the C expression gettext evaluates, as Python's gettext reads it
        forms = [form(n) for n in _PLURAL_RANGE]
    except SyntaxError:  # C that Python's reading cannot take (`1 + !(n==1)`): msgfmt's, no finding of ours
        return None
    except (ValueError, RecursionError):
        return f"invalid plural expression {expression!r} in the Plural-Forms header; correct it"
    except ZeroDivisionError:
        return f"the plural expression {expression!r} can divide by zero; correct it in the Plural-Forms header"
    if min(forms) < 0 or max(forms) >= int(nplurals[1]):
        return (f"nplurals = {nplurals[1]} but the plural expression {expression!r} gives form "
                f"{min(forms) if min(forms) < 0 else max(forms)}; correct the Plural-Forms header")
    return None


def pair_forms(metadata: dict[str, str]) -> tuple[int, int]:
    """The plural forms that translate a msgid and its msgid_plural (a memory's pairs, a TMX's units): the form
    gettext picks for n = 1, and the one it picks most often for the other counts msgfmt evaluates (2-999; the
    lower form on a tie).  Form 0 is not always the singular (Arabic's is the zero form), nor the last one the
    plural (Arabic's "other" serves 100-102 of each thousand; its "many", 11-99 of each hundred, is chosen).  A
    catalogue without a Plural-Forms expression gettext can evaluate gets gettext's default, n != 1."""
    plural = _PLURAL.search(metadata.get("Plural-Forms", ""))
    try:
        form = gettext.c2py(plural[1].strip() if plural is not None else "n != 1")
        one, others = form(1), [form(n) for n in _PLURAL_RANGE[2:]]
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return 0, 1
    return one, max(sorted(set(others)), key=others.count)


def complete_header(po: polib.POFile, template: polib.POFile, locale: str) -> None:
    """Give a catalogue without a header (or one missing what `msgfmt -c` needs: the charset, the language, the
    plural forms) the fields `init` writes, its own kept.  msgmerge refuses such a file; a header without its
    charset also leaves the .mo unreadable to gettext as soon as a text is not ASCII."""
    meta = po.metadata
    if all(meta.get(name) for name in _NEEDED):
        return
    new = _new_header(template.metadata, locale)
    po.metadata = {name: meta.get(name) or value for name, value in new.items()}
    po.metadata.update((name, value) for name, value in meta.items() if name not in new)


def init_catalogs(cfg: Config, locales: list[str] | None = None, now: datetime | None = None) -> list[InitResult]:
    """Create a catalogue per locale from the template; an existing catalogue is never touched."""
    from toolkit.catalog.write import write_catalog  # (compile and stats need no writer)

    codes = [normalize_locale(c) for c in locales] if locales is not None else list(cfg.locales)
    template = read_catalog(cfg.pot_path)
    results = []
    for locale in dict.fromkeys(codes):
        path = cfg.po_path(locale)
        with locked(path):
            if path.exists():
                results.append(InitResult(locale, path, created=False))
                continue
            write_catalog(new_catalog(template, locale, now), path, cfg.wrap_width)
        results.append(InitResult(locale, path, created=True))
    return results


@dataclass
class UpdateResult:
    locale: str
    path: Path
    stats: MergeStats
    written: bool = False
    marked_reviewed: int = 0  # machine translations a person approved: comment now says ", reviewed"
    stale: bool = False  # the merge gives other bytes than the file holds (what `--check` reports)


def update_catalogs(cfg: Config, fuzzy_matching: bool = True, check: bool = False,
                    allow_empty: bool = False) -> list[UpdateResult]:
    """Merge the template into each configured locale's catalogue (locked, atomic, no churn).

    With `check`, write nothing, not even a lock file: each result's `stale` says whether the
    catalogue would change (a CI gate, as `pybabel update --check`).  A template without messages
    is merged into no catalogue that has translations (`refuse_obsoleting_all`) unless `allow_empty`.
    """
    paths = require_catalogs(cfg, list(cfg.locales))
    cache = cfg.cache_path
    template_digest = file_digest(cfg.pot_path)

    def inputs(locale: str, catalogue_digest: str) -> str:
        return stamp_key("update", template_digest, catalogue_digest, fuzzy_matching, cfg.wrap_width, locale)

    # a catalogue that is what a merge of this template made, merged again, stays as it is (`stamps`)
    known = {locale: recalled(cache, "update", locale, inputs(locale, file_digest(path)), _update_counts)
             if template_digest else None for locale, path in paths.items()}
    if all(value is not None for value in known.values()):
        return [_recalled_update(locale, path, value) for locale, path in paths.items()
                if (value := known[locale]) is not None]
    template = read_catalog(cfg.pot_path)
    if file_digest(cfg.pot_path) != template_digest:
        template_digest = ""  # (rewritten meanwhile: what is merged now is remembered under no digest)
    if not allow_empty and not any(t.msgid and not t.obsolete for t in template):
        refuse_obsoleting_all(cfg.pot_path, paths)
    # one locale at a time, each let go before the next is read: a site-sized catalogue, merged, is hundreds of MB
    results, stamps = [], {}
    for locale, path in paths.items():
        value = known[locale]
        if value is not None:
            results.append(_recalled_update(locale, path, value))
            continue
        try:
            result, written = _update_one(cfg, template, locale, path, fuzzy_matching, check)
        except L10nError as exc:  # (a malformed catalogue after others were merged: the log says which were)
            raise exc.written_before([r.locale for r in results if r.written]) from None
        results.append(result)
        if written and template_digest:  # (the bytes now on disk; a check writes nothing, not even a stamp)
            counts = {"translated": result.stats.translated, "fuzzy": result.stats.fuzzy,
                      "untranslated": result.stats.untranslated, "obsolete": result.stats.obsolete}
            stamps[locale] = (inputs(locale, written), counts)
    if stamps:
        remember(cache, "update", stamps)
    return results


def _update_counts(value: dict[str, Any]) -> bool:
    return has_fields(value, ("translated", "fuzzy", "untranslated", "obsolete"))


def _recalled_update(locale: str, path: Path, value: dict[str, Any]) -> UpdateResult:
    """The result of merging again a template into a catalogue it made: the same counts, nothing matched or
    revived, nothing written."""
    from toolkit.catalog.merge import MergeStats  # (no merge to do: not imported for one)

    return UpdateResult(locale, path, MergeStats(**value))


def _update_one(cfg: Config, template: polib.POFile, locale: str, path: Path, fuzzy_matching: bool,
                check: bool) -> tuple[UpdateResult, str]:
    """`update_catalogs` of one catalogue, and the digest of the bytes it left on disk ("" for a check)."""
    from toolkit.catalog.apply import MAX_ATTEMPTS
    from toolkit.catalog.merge import merge_catalogs  # (compile and stats need no merge, no writer)
    from toolkit.catalog.write import catalog_bytes

    if check:
        current = read_catalog(path, sources=False)
        merged, stats = merge_catalogs(template, current, fuzzy_matching, reuse_template=True)
        complete_header(merged, template, locale)
        marked = sum(mark_reviewed(entry) for entry in merged)
        stale = not holds_text(path, catalog_bytes(merged, path, cfg.wrap_width))
        return UpdateResult(locale, path, stats, False, marked, stale), ""
    with locked(path):
        for _ in range(MAX_ATTEMPTS):
            # locations and notes: the template's.  A site-sized catalogue is hundreds of MB as entries, and its
            # bytes 100 MB more: its entries are let go once merged, its bytes once decoded (the file is compared
            # with the new bytes a piece at a time, and must still be the one read for either outcome to stand)
            read_from, current = read_catalog_identity(path, sources=False)
            merged, stats = merge_catalogs(template, current, fuzzy_matching, reuse_template=True)
            del current
            complete_header(merged, template, locale)
            marked = sum(mark_reviewed(entry) for entry in merged)  # status.needs_reviewed_mark
            data = catalog_bytes(merged, path, cfg.wrap_width)
            stale = not holds_text(path, data)
            # an editor that saves without the lock (Poedit) saved meanwhile: merge its file again, as
            # apply_changes does, rather than write over the translator's edit (checked with our copy
            # written and synced, just before the rename)
            still_there = functools.partial(still_at, path, read_from)
            if stale and atomic_write_bytes(path, data, still_ok=still_there):
                return UpdateResult(locale, path, stats, True, marked, stale), hashlib.sha256(data).hexdigest()
            if not stale and still_there():  # (its bytes may be `data` with CR LF line ends: `holds_text`)
                return UpdateResult(locale, path, stats, False, marked, stale), file_digest(path)
    raise L10nError("the catalogue kept changing while updating; nothing was written, try again", path)


def refuse_obsoleting_all(pot_path: Path, paths: dict[str, Path]) -> None:
    """Stop an update with a template without messages (extracted from a missing source, truncated, written by
    another tool) before it writes anything, if it would make translations obsolete."""
    for locale, path in paths.items():
        kept = sum(1 for r in read_translations(path).records if r.msgid and not r.obsolete and any(record_forms(r)))
        if kept:
            raise L10nError(f"the template has no messages: updating would make every translation obsolete ({kept} "
                            f"in {locale}); run `l10n extract` with the source pages there, or pass --allow-empty",
                            pot_path)


@dataclass
class CompileResult:
    locale: str
    po_path: Path
    mo_path: Path
    messages: int = 0  # translations written (header not counted)
    fuzzy_skipped: int = 0
    written: bool = False


def compile_catalogs(cfg: Config, use_fuzzy: bool = False) -> list[CompileResult]:
    """Write `<catalogue>.mo` next to each catalogue; unchanged .mo files are not rewritten."""
    results = []
    cache = cfg.cache_path
    stamps = {}
    for locale, path in require_catalogs(cfg, list(cfg.locales)).items():
        mo_path = path.with_suffix(".mo")
        with locked(path):
            before = file_digest(path)
            key = stamp_key("compile", before, use_fuzzy)
            known = recalled(cache, "compile", locale, key,  # the .mo this catalogue makes is there, as written
                             lambda value: has_fields(value, ("messages", "fuzzy_skipped"), ("mo",)))
            if known is not None and known.get("mo") == file_digest(mo_path):
                results.append(CompileResult(locale, path, mo_path, known["messages"], known["fuzzy_skipped"]))
                continue
            catalog = read_translations(path)  # rejects duplicate definitions, like msgfmt
            problem = header_problem(catalog.metadata, any(r.msgid_plural for r in catalog.records))
            if problem is not None:
                raise L10nError(problem, path)
            data = translations_mo_bytes(catalog, use_fuzzy, path)
            written = write_if_changed(mo_path, data)
            same = file_digest(path) == before  # (no editor saved it meanwhile)
        count = struct.unpack_from("<I", data, 8)[0] - (1 if catalog.metadata else 0)
        # only a fuzzy entry can be usable in a preview and not otherwise (status.usable)
        skipped = 0 if use_fuzzy else sum(
            1 for r in catalog.records
            if r.fuzzy and usable(r.msgctxt, r.msgid, r.obsolete, True, record_forms(r), include_fuzzy=True))
        results.append(CompileResult(locale, path, mo_path, count, skipped, written))
        if same:
            stamps[locale] = (key, {"mo": hashlib.sha256(data).hexdigest(), "messages": count,
                                    "fuzzy_skipped": skipped})
    if stamps:
        remember(cache, "compile", stamps)
    return results


# --- behind the template -------------------------------------------------------------

Key = tuple[str | None, str]  # (msgctxt, msgid): `status.entry_key`


@dataclass
class TemplateLag:
    """How a catalogue's messages differ from the template's since its last `l10n update`.

    Stats and checks count the catalogue as it is; without this, a catalogue the template has moved on from
    reads as complete while the pages show source text for the template's new messages.
    """

    new_in_template: int  # the template's messages the catalogue does not have (what update adds, untranslated)
    not_in_template: int  # the catalogue's active messages the template no longer has (what update obsoletes)

    def warning(self, locale: str) -> str:
        parts = []
        if self.new_in_template:
            verb = "is" if self.new_in_template == 1 else "are"
            parts.append(f"{self.new_in_template} of its messages {verb} not in the catalogue")
        if self.not_in_template:
            verb = "is" if self.not_in_template == 1 else "are"
            parts.append(f"{self.not_in_template} of the catalogue's {verb} no longer in the template")
        return f"{locale}: the catalogue is behind the template: {', '.join(parts)}; run `l10n update`"


def template_keys(cfg: Config) -> set[Key] | None:
    """The template's message keys, read once for every catalogue compared with it; None without a template."""
    return message_keys(cfg.pot_path) if cfg.pot_path.is_file() else None


def template_lag(template: set[Key] | None, po: polib.POFile) -> TemplateLag | None:
    """How `po` differs from the template (`template_keys`) by message keys; None when it does not (or no
    template)."""
    if template is None:
        return None
    ours = {entry_key(e) for e in po if not e.obsolete and not is_header(e.msgctxt, e.msgid)}
    common = len(ours & template)
    new, gone = len(template) - common, len(ours) - common
    return TemplateLag(new, gone) if new or gone else None


# --- stats ---------------------------------------------------------------------------


# Chinese and Japanese put no space between words: each Han character or kana counts as one word, as CAT tools
# (Trados, memoQ) count them; Korean, which spaces its words, is counted by them.  Compiled when first needed (`re`'s
# own cache): classes this wide take milliseconds to compile, at every start
_WORD = f"[{HAN_OR_KANA}]|[^\\W{HAN_OR_KANA}]+"


def word_count(text: str) -> int:
    """Words of a msgid, inline placeholders (<a>, <br/>) not counted; a Chinese or Japanese character is a word."""
    from toolkit.placeholders import PLACEHOLDER_RE

    return len(re.findall(_WORD, PLACEHOLDER_RE.sub(" ", text)))


@dataclass
class CatalogStats:
    locale: str
    path: Path
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: dict = field(default_factory=lambda: {"translated": 0, "fuzzy": 0, "untranslated": 0})
    behind_template: TemplateLag | None = None  # counted as it is, but `l10n update` would change what is counted

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
        name = state(e).value
        setattr(stats, name, getattr(stats, name) + 1)
        if name != State.OBSOLETE.value:
            stats.words[name] += word_count(e.msgid)
    return stats


def stats_catalogs(cfg: Config) -> list[CatalogStats]:
    """Counts per configured locale; a missing catalogue is an error (status.missing_catalog)."""
    paths = require_catalogs(cfg, list(cfg.locales))
    template = template_keys(cfg)
    return [_stats_of(path, locale, template) for locale, path in paths.items()]


def _stats_of(path: Path, locale: str, template: set[Key] | None) -> CatalogStats:
    """`catalog_stats` of one catalogue, let go before the next is read (a site's is hundreds of MB as entries)."""
    po = read_catalog(path, sources=False)
    stats = catalog_stats(po, locale, path)
    stats.behind_template = template_lag(template, po)
    return stats


@dataclass
class PageStats:
    """One source page's share of one catalogue: the entries whose `#:` locations name the page.

    An entry used twice on a page counts once there; an entry shared by pages counts for each.
    """

    page: str
    locale: str
    units: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    behind_template: TemplateLag | None = None  # the locale's catalogue's (`CatalogStats.behind_template`)

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.units, 1) if self.units else 100.0

    def as_dict(self) -> dict:
        return {**asdict(self), "percent": self.percent}


def page_stats(po: polib.POFile, locale: str = "") -> list[PageStats]:
    """Per-page counts of `po` from its `#:` locations, pages in order of first appearance."""
    pages: dict[str, PageStats] = {}
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        name = state(e).value
        for page in dict.fromkeys(path for path, _line in e.occurrences):
            row = pages.setdefault(page, PageStats(page, locale))
            row.units += 1
            setattr(row, name, getattr(row, name) + 1)
    return list(pages.values())


def stats_by_page(cfg: Config, lags: dict[str, TemplateLag] | None = None) -> list[PageStats]:
    """`page_stats` of every configured locale, sorted by page, then locale in configured order.

    `lags` gets each catalogue behind the template (also there when no row is the locale's).
    """
    paths = require_catalogs(cfg, list(cfg.locales))
    template = template_keys(cfg)
    rows = []
    for locale, path in paths.items():
        locale_rows, lag = _pages_of(path, locale, template)
        rows += locale_rows
        if lag is not None and lags is not None:
            lags[locale] = lag
    order = {locale: i for i, locale in enumerate(paths)}
    return sorted(rows, key=lambda r: (r.page, order[r.locale]))


def _pages_of(path: Path, locale: str, template: set[Key] | None) -> tuple[list[PageStats], TemplateLag | None]:
    """`page_stats` of one catalogue and its `template_lag`, the entries let go before the next is read."""
    po = read_catalog(path)
    lag = template_lag(template, po)
    rows = page_stats(po, locale)
    for row in rows:
        row.behind_template = lag
    return rows, lag
