"""Machine-translation pre-fill: empty entries get an engine's suggestion, marked for review.

Each filled entry gets ``#, fuzzy`` and a translator comment such as
``# machine translation: google (2026-11-25)``, so Poedit and Weblate show it as needing
review.  Reviewed and fuzzy entries are never touched: ``overwrite_fuzzy`` replaces fuzzy machine
output only, ``force`` also a person's fuzzy work (status.holds_human_work).  Machine translations
a person approved meanwhile (fuzzy flag cleared in Poedit) get their comment marked ``, reviewed``
in the same locked save (status.needs_reviewed_mark).  Work is saved as it goes through
toolkit.catalog.apply_changes: under the catalogue's lock the file is re-read and only the entries
this run filled are written, where they are still as the run found them, so an interrupted run
keeps what it finished and an edit made meanwhile in another tool is never reverted.  Saves are paced by time (and
never take more than a tenth of the run), so a large catalogue costs O(size) per save, not
per entry.

Replies are checked before anything is written or cached: placeholders (`masking`), size
and control characters (`engine.reply_problems`).  Every message that leaves this package
(summary, warnings, why a run stopped, errors) goes through `redact.redact`, so keys and
URL passwords never reach a terminal or a CI log.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.catalog import (
    MT_COMMENT_PREFIX,
    CatalogWriter,
    EntryChange,
    EntryText,
    entry_key,
    holds_human_work,
    is_wanted_by_mt,
    mt_comment,
    mt_note,
    needs_reviewed_mark,
    pair_forms,
    plural_count,
    require_catalogs,
    reviewed_comment,
)
from toolkit.errors import L10nError
from toolkit.mt import runner
from toolkit.mt.cache import Cache, cache_path
from toolkit.mt.engine import Engine, Failure, Job, Reply, Request, reply_problems
from toolkit.mt.masking import MaskError, mask
from toolkit.mt.redact import SECRET_OPTIONS, redact
from toolkit.mt.registry import NAMES, check_engine_name, engine_class, make_engine
from toolkit.progress import Progress, Ticker

if TYPE_CHECKING:
    from toolkit.config import Config

__all__ = ["ENGINES", "LocaleReport", "Report", "parse_options", "translate_catalogs"]

ENGINES = NAMES
COMMENT_PREFIX = MT_COMMENT_PREFIX
SAVE_SHARE = 10  # wait at least this many times the last save's duration before the next one
# each policy number's bound: (lowest, whether the lowest itself is refused); NaN and infinities are refused
_POLICY_BOUNDS = {"rate": (0, False), "retries": (0, False), "backoff": (0, False), "max_backoff": (0, False),
                  "breaker": (1, False), "save_every": (1, False), "save_seconds": (0, True), "concurrency": (1, False),
                  "timeout": (0, True)}
_POLICY_UNITS = {"timeout": " of seconds", "backoff": " of seconds", "max_backoff": " of seconds",
                 "save_seconds": " of seconds", "rate": " of requests a second"}
_POLICY_OPTIONS = {"rate": float, "retries": int, "backoff": float, "max_backoff": float, "breaker": int,
                   "save_every": int, "save_seconds": float, "concurrency": int, "timeout": float}


def _shown(msgid: str) -> str:
    """A msgid as a warning line quotes it: escaped, every character shown (`textwrap.shorten` took U+0085 and
    line ends for spaces and dropped them), and a 10,000-character paragraph cut after a word, not repeated whole."""
    return repr(msgid if len(msgid) <= 100 else msgid[:100].rsplit(" ", 1)[0] + " …")


def parse_options(pairs: list[str]) -> dict[str, str]:
    """``["url=http://h:5000/", "rate=2"]`` -> dict; a malformed pair is a usage error."""
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():  # not echoed: it may be a key pasted without its name
            raise L10nError("an --engine-option is not of the form KEY=VALUE (e.g. url=http://host:5000/)")
        out[key.strip().replace("-", "_")] = value.strip()
    return out


@dataclass
class LocaleReport:
    locale: str
    path: Path
    candidates: int = 0  # entries selected to fill
    filled: int = 0  # entries written
    cached: int = 0  # forms answered from the cache
    no_match: int = 0  # offline engine had nothing to offer
    changed: int = 0  # edited by someone else during the run: left alone
    replaced_human: int = 0  # fuzzy human work replaced (only with force)
    kept_human: int = 0  # fuzzy human work `overwrite_fuzzy` left alone
    marked_reviewed: int = 0  # approved machine translations whose comment now says ", reviewed"
    failed: list[tuple[str, str]] = field(default_factory=list)  # (msgid, why)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (msgid, what is wrong with the reply)
    would_send: list[str] = field(default_factory=list)  # dry run: masked texts


@dataclass
class Report:
    engine: str
    dry_run: bool = False
    online: bool = True
    locales: list[LocaleReport] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early (redacted)
    notices: list[str] = field(default_factory=list)  # warnings about the setup (key on the command line, cache)
    secrets: list[str] = field(default_factory=list, repr=False)  # values masked in every message

    @property
    def problems(self) -> int:
        return sum(len(r.failed) + len(r.rejected) for r in self.locales)

    def summary(self) -> list[str]:
        return [redact(line, self.secrets) for line in self._summary()]

    def _summary(self) -> list[str]:
        lines = []
        for r in self.locales:
            if self.dry_run:
                lines.append(f"{r.path}: {r.candidates} entries to fill; " + (
                    f"would send {len(r.would_send)} text(s) to {self.engine} ({r.cached} cached)" if self.online
                    else f"{self.engine} would fill those it can"))
                continue
            extra = [f"{n} {what}" for n, what in ((r.cached, "from cache"), (r.no_match, "without a match"),
                     (len(r.failed), "failed"), (len(r.rejected), "rejected"),
                     (r.replaced_human, "fuzzy human translations replaced (--force)"),
                     (r.kept_human, "fuzzy texts a person wrote or edited kept (--force replaces them)"),
                     (r.marked_reviewed, "approved machine translations marked reviewed")) if n]
            lines.append(f"{r.path}: filled {r.filled} of {r.candidates} with {self.engine} (fuzzy)"
                         + (f"; {', '.join(extra)}" if extra else ""))
        return lines

    def warnings(self) -> list[str]:
        out = list(self.notices)
        for r in self.locales:
            out += [f"{r.path}: not translated: {_shown(msgid)}: {why}" for msgid, why in r.failed]
            out += [f"{r.path}: engine reply not written: {_shown(msgid)}: {why}" for msgid, why in r.rejected]
            if r.changed:  # (a warning: -q hid it)
                out.append(f"{r.path}: {r.changed} entries edited by someone else while this ran were left as they "
                           "are, not filled")
        return [redact(line, self.secrets) for line in out]


def translate_catalogs(
    cfg: Config,
    locales: list[str] | None = None,
    engine: str | None = None,
    options: dict[str, str] | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    overwrite_fuzzy: bool = False,
    *,
    force: bool = False,
    concurrency: int | None = None,
    timeout: float | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    today: str | None = None,
) -> Report:
    """Fill the empty entries of each locale's catalogue by `engine`; return what happened."""
    name = engine or cfg.engine
    if not name:
        raise L10nError("no machine-translation engine configured; pass --engine NAME or set "
                        "engine = \"NAME\" in [tool.l10n] (offline: memory, pseudo, opencc)")
    if name == "none":  # (what `l10n run` takes for no machine translation)
        raise L10nError("machine translation is off (engine \"none\"); pass --engine NAME to fill entries with one "
                        "(offline: memory, pseudo, opencc)")
    check_engine_name(name, None if engine else cfg.root / "pyproject.toml")
    options = dict(options or {})
    secrets = [v for k, v in options.items() if k in SECRET_OPTIONS]
    try:
        return _translate(cfg, locales, name, options, limit, dry_run, (overwrite_fuzzy, force), concurrency,
                          timeout, use_cache, progress, today, secrets)
    except L10nError as exc:  # the same error, with secrets masked
        raise L10nError(redact(exc.message, secrets), exc.path, exc.line) from None


def _translate(cfg: Config, locales: list[str] | None, name: str, options: dict[str, str], limit: int | None,
               dry_run: bool, overwrite: tuple[bool, bool], concurrency: int | None, timeout: float | None,
               use_cache: bool, progress: Progress | None, today: str | None, secrets: list[str]) -> Report:
    check_engine_options(name, options)
    eng = make_engine(name, options, cfg)
    secrets += eng.secrets()
    policy = _policy(eng, options, concurrency, timeout)
    locales = list(locales or cfg.locales)
    source = cfg.source_locale
    require_catalogs(cfg, locales)  # everything is checked before anything is sent
    for locale in locales:
        eng.prepare(source, locale)
    report = Report(name, dry_run, eng.online, notices=list(eng.warnings), secrets=secrets)
    cache = Cache(cache_path(cfg.cache_path), read_only=dry_run) if use_cache and eng.online else None
    try:
        for locale in locales:
            state = _LocaleRun(cfg, locale, eng, policy, cache, overwrite, today or _utc_today())
            report.locales.append(state.report)
            try:
                stopped = state.run(limit, dry_run, progress)
            except L10nError as exc:  # (a malformed catalogue after others were filled: the log says which were)
                raise exc.written_before([r.locale for r in report.locales[:-1]
                                          if r.filled or r.marked_reviewed]) from None
            report.stopped = redact(stopped, secrets) if stopped else None
            if report.stopped:
                break
    finally:
        if cache:
            report.notices += cache.warnings
            cache.close()
    return report


def check_engine_options(name: str, options: dict[str, str]) -> None:
    """An --engine-option the engine has not is a usage error, said before the engine is made (`l10n run` asks
    before its first step writes)."""
    known = set(_POLICY_OPTIONS) | engine_class(name).option_names()
    unknown = set(options) - known
    if unknown:
        raise L10nError(f"engine {name} has no option {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")


def _utc_today() -> str:
    """The day the comment names, in UTC as the headers' dates are: one run's notes do not depend on the time zone of
    the machine that ran it (a CI runner's, a translator's)."""
    return datetime.now(UTC).date().isoformat()


def _policy(eng: Engine, options: dict[str, str], concurrency: int | None, timeout: float | None) -> runner.Policy:
    policy = runner.Policy(concurrency=eng.concurrency, rate=eng.rate)
    for key, kind in _POLICY_OPTIONS.items():
        if key in options:
            try:
                setattr(policy, key, kind(options[key]))
            except ValueError:
                raise L10nError(f"--engine-option {key}={options[key]!r}: expected a number") from None
    if concurrency is not None:
        policy.concurrency = concurrency
    if timeout is not None:
        policy.timeout = timeout
    for key, (lowest, above) in _POLICY_BOUNDS.items():
        value = getattr(policy, key)
        if not math.isfinite(value):  # (inf is above 0: "must be above 0, not inf" said nothing)
            raise L10nError(f"{key} must be a finite number{_POLICY_UNITS.get(key, '')}, not {value!r}")
        if value < lowest or (above and value == lowest):
            raise L10nError(f"{key} must be {'above' if above else 'at least'} {lowest:g}, not {value!r}"
                            f"{' (0: no limit)' if key == 'rate' else ''}")
    return policy


class _LocaleRun:
    """One catalogue: select entries, run the engine, collect and save the fills."""

    def __init__(self, cfg: Config, locale: str, eng: Engine, policy: runner.Policy, cache: Cache | None,
                 overwrite: tuple[bool, bool], today: str):
        self.locale, self.eng, self.policy, self.cache = locale, eng, policy, cache
        self.source = cfg.source_locale
        self.path = cfg.po_path(locale)
        (self.overwrite_fuzzy, self.force), self.today = overwrite, today
        self.human: set[tuple] = set()  # selected entries holding human work (force)
        self.marks: dict[tuple, EntryChange] = {}  # approved MT entries whose comment becomes ", reviewed"
        self.report = LocaleReport(locale, self.path)
        self.forms: dict[tuple, dict[int | None, tuple[str, str]]] = {}  # entry -> form -> (msgstr, note)
        self.needed: dict[tuple, int] = {}  # entry -> number of forms
        self.unsaved: dict[tuple, dict] = {}
        self.based_on: dict[tuple, EntryText] = {}  # each selected entry as read: saved only if still so
        self.writer = CatalogWriter(self.path, width=cfg.wrap_width)
        self.save_cost = 0.0
        self.broken: set[tuple] = set()
        self.last_save, self.since_save = time.monotonic(), 0
        self.bar = Ticker(0)
        self.by_text: dict[str, list[Job]] = {}
        self.identity = eng.cache_identity()

    def jobs(self, limit: int | None) -> list[Job]:
        started = time.monotonic()
        po = self.writer.read()
        self.save_cost = time.monotonic() - started  # a save costs about a read: the first estimate
        nplurals, singular = plural_count(po), pair_forms(po.metadata)[0]
        out = []
        for entry in po:
            if needs_reviewed_mark(entry):
                note = mt_note(entry)
                assert note is not None
                now = EntryText.of(entry)
                self.marks[entry_key(entry)] = EntryChange(now, now, reviewed_comment(note, now.forms),
                                                           MT_COMMENT_PREFIX)
            if not is_wanted_by_mt(entry, self.overwrite_fuzzy, self.force):
                if self.overwrite_fuzzy and holds_human_work(entry):
                    self.report.kept_human += 1
                continue
            if limit is not None and self.report.candidates >= limit:
                break
            self.report.candidates += 1
            sources: list[tuple[int | None, str]]
            if entry.msgid_plural:  # the form of n = 1 from the singular (`pair_forms`), the others from the plural
                sources = [(i, entry.msgid if i == singular and nplurals > 1 else entry.msgid_plural)
                           for i in range(nplurals)]
            else:
                sources = [(None, entry.msgid)]
            try:
                forms = [Job(entry_key(entry), i, mask(text), entry.msgctxt) for i, text in sources]
            except MaskError as exc:
                self.report.failed.append((entry.msgid, str(exc)))
                continue
            self.needed[entry_key(entry)] = len(forms)
            self.based_on[entry_key(entry)] = EntryText.of(entry)
            if holds_human_work(entry):
                self.human.add(entry_key(entry))
            out += forms
        return out

    def run(self, limit: int | None, dry_run: bool, progress: Progress | None) -> str | None:
        jobs = self.jobs(limit)
        self.last_save = time.monotonic()
        by_text: dict[str, list[Job]] = {}  # masked text -> the jobs that share it
        self.by_text = by_text
        for job in jobs:
            by_text.setdefault(job.text, []).append(job)
        cached: dict[str, str] = {}
        if self.cache:
            for text in by_text:
                reply = self.cache.get(self.identity, self.source, self.locale, text)
                if reply is not None:
                    cached[text] = reply
        self.report.cached = sum(len(by_text[t]) for t in cached)
        if self.marks and not dry_run:
            self.report.marked_reviewed = len(self.writer.apply(self.marks).applied)
        if dry_run:
            self.report.would_send = [t for t in by_text if t not in cached] if self.eng.online else []
            return None
        self.bar = Ticker(len(jobs), progress or None)
        try:
            for text, reply in cached.items():
                for job in by_text[text]:
                    self.accept(job, Reply(reply))
            # online: identical texts are sent once; offline engines look at each job (its context)
            firsts = [group[0] for text, group in by_text.items() if text not in cached] if self.eng.online else jobs
            requests = (Request(job, self.source, self.locale, self.policy.timeout) for job in firsts)
            return runner.run(requests, self.eng, self.policy, self.done, self.maybe_save)
        finally:
            self.save()
            self.bar.close()

    def done(self, request: Request, reply: Reply | None, failure: Failure | None) -> None:
        """A result from the runner (main thread): fill its entries' forms; cache it if all were accepted."""
        jobs = self.by_text[request.text] if self.eng.online else [request.job]
        if failure is not None:
            why = redact(str(failure), self.eng.secrets())
            for job in jobs:
                self.fail(job, why)
            return
        if reply is None:  # an offline engine with nothing to offer
            for job in jobs:
                self.bar.update(1)
                if job.key not in self.broken:
                    self.report.no_match += 1
                    self.broken.add(job.key)
            return
        accepted = [self.accept(job, reply) for job in jobs]
        if self.eng.online and self.cache and all(accepted):  # a rejected reply is asked for again next run
            self.cache.put(self.eng.name, self.identity, self.source, self.locale, request.text, reply.text)
        self.maybe_save()

    def accept(self, job: Job, reply: Reply) -> bool:
        """Take a reply for one form; False if it is unusable (too long, control characters, placeholders)."""
        self.bar.update(1)
        problems = reply_problems(job.text, reply.text)
        text, placeholder_problems = job.masked.restore(reply.text)
        problems += placeholder_problems
        if job.key in self.broken:
            return not problems
        if problems:
            self.report.rejected.append((job.source, "; ".join(problems)))
            self.broken.add(job.key)
            return False
        forms = self.forms.setdefault(job.key, {})
        forms[job.form] = (text, reply.note)
        if len(forms) == self.needed[job.key]:
            self.unsaved[job.key] = forms
            self.since_save += 1
        return True

    def fail(self, job: Job, why: str) -> None:
        self.bar.update(1)
        if job.key not in self.broken:
            self.report.failed.append((job.source, why))
            self.broken.add(job.key)

    def maybe_save(self) -> None:
        """Save after `save_every` entries or `save_seconds`, but never sooner than SAVE_SHARE x the last save."""
        p = self.policy
        elapsed = time.monotonic() - self.last_save
        if (self.unsaved and (self.since_save >= p.save_every or elapsed >= p.save_seconds)
                and elapsed >= SAVE_SHARE * self.save_cost):
            self.save()

    def save(self) -> None:
        """Write the finished fills through the locked merge (toolkit.catalog.apply)."""
        if not self.unsaved:
            return
        started = time.monotonic()
        changes = {key: self.change(key, forms) for key, forms in self.unsaved.items()}
        result = self.writer.apply(changes)
        self.report.filled += len(result.applied)
        self.report.replaced_human += sum(key in self.human for key in result.applied)
        self.report.changed += len(result.changed_meanwhile) + len(result.gone)
        self.unsaved.clear()
        self.last_save = time.monotonic()
        self.since_save, self.save_cost = 0, self.last_save - started

    def change(self, key: tuple, forms: dict) -> EntryChange:
        note = next(iter(forms.values()))[1]
        texts = tuple(text for _, (text, _) in sorted(forms.items(), key=lambda kv: kv[0] or 0))
        what = f"{self.eng.name} {note}".strip()
        return EntryChange(self.based_on[key], EntryText(texts, fuzzy=True),
                           comment=mt_comment(what, self.today, texts), comment_prefix=COMMENT_PREFIX)
