"""The ``l10n`` command: a thin argparse layer over the importable core.

Exit codes: 0 ok, 1 findings (``check``), 2 usage or input error.  User mistakes print one
line (``l10n: FILE:LINE: what is wrong; what to do``), never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from toolkit import __version__
from toolkit.errors import L10nError

TYPE_CHECKING = False  # typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from toolkit.config import Config

# `l10n --help` and argument parsing import no more than this: the core (babel, polib, the MT
# engines) is imported by the command that runs, so start-up stays close to Python's own.
ENGINE_NAMES = "{engine names}"  # filled in by _Help when a help text is printed

EPILOG = """workflow:
  l10n extract            source_html/**.html -> locales/messages.pot
  l10n init -l ko ...     create locales/<ll_CC>/LC_MESSAGES/messages.po
  l10n update             merge the template into every catalogue
  l10n translate          pre-fill empty entries by machine translation (fuzzy)
  l10n check              quality checks on translations
  l10n compile            .po -> .mo
  l10n build              localised pages in build/<ll_CC>/
  l10n run                all of the above in one go

Settings come from [tool.l10n] in pyproject.toml; every flag overrides its setting."""


def _add_project_options(p: argparse.ArgumentParser, suppress: bool) -> None:
    """Project options, accepted before the subcommand and after it.

    The subcommand's copies default to SUPPRESS, so a value given before the subcommand is not
    overwritten by the subcommand's default.
    """
    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    g = p.add_argument_group("project options (override [tool.l10n] in pyproject.toml)")
    g.add_argument("--root", default=default(None),
                   help="project directory holding pyproject.toml (default: the nearest one with [tool.l10n], "
                        "looking up from the working directory)")
    g.add_argument("--source-dir", default=default(None), help="directory of source HTML pages (default: source_html)")
    g.add_argument("--locales-dir", default=default(None), help="directory of catalogues (default: locales)")
    g.add_argument("--output-dir", default=default(None), help="directory for built pages (default: build)")
    g.add_argument("--source-locale", default=default(None), help="language of the source pages (default: en)")
    g.add_argument("--domain", default=default(None),
                   help="gettext domain, the catalogue file name (default: messages)")
    g.add_argument("-q", "--quiet", action="store_true", default=default(False),
                   help="print only warnings and errors")


def _common() -> argparse.ArgumentParser:
    """Project options every subcommand accepts (after the subcommand name)."""
    p = argparse.ArgumentParser(add_help=False)
    _add_project_options(p, suppress=True)
    return p


def _locale_opt(p: argparse.ArgumentParser, what: str = "locale to work on") -> None:
    p.add_argument(
        "-l", "--locale", dest="locales", action="append", metavar="LOCALE",
        help=f"{what} (gettext code such as ko, zh_TW; repeatable; default: all configured)",
    )


class _Help(argparse.RawDescriptionHelpFormatter):
    """Fills in the engine names only when a help text is printed (listing them imports toolkit.mt)."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if ENGINE_NAMES in text:
            from toolkit.mt.registry import NAMES

            text = text.replace(ENGINE_NAMES, ", ".join(NAMES))
        return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="l10n",
        description="Localise static HTML sites through gettext catalogues.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_project_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()

    def add(name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help, description=description or help, parents=[common], formatter_class=_Help,
        )

    p = add("extract", "extract translatable text from the source pages into the .pot template",
            "Segment every source page into translation units and write locales/<domain>.pot.\n"
            "The file is rewritten only when its messages change, so re-running is free.")
    p.add_argument("-o", "--output", help="template path (default: locales/<domain>.pot)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the template is out of date with the pages (for CI)")
    p.set_defaults(func=cmd_extract)

    p = add("locales", "list the target locales a page links to (its language switcher)")
    p.add_argument("page", help="HTML page whose language links name the target locales")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_locales)

    p = add("init", "create catalogues for new locales from the template (never overwrites)")
    _locale_opt(p, "locale to create")
    p.add_argument("--from-links", metavar="PAGE", help="create catalogues for the locales PAGE links to")
    p.set_defaults(func=cmd_init)

    p = add("update", "merge the template into every catalogue (keep, fuzzy-match, obsolete)")
    _locale_opt(p)
    p.add_argument("--no-fuzzy-matching", action="store_true", help="do not guess translations for changed strings")
    p.set_defaults(func=cmd_update)

    p = add("compile", "compile catalogues to .mo files")
    _locale_opt(p)
    p.add_argument("--use-fuzzy", action="store_true", help="include fuzzy translations")
    p.set_defaults(func=cmd_compile)

    p = add("stats", "translation progress per locale")
    _locale_opt(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_stats)

    p = add("translate", "pre-fill empty entries by machine translation, marked fuzzy for review",
            "Fill only empty entries; each gets '#, fuzzy' and a comment naming the engine, so\n"
            "reviewers see it as needing review. Human translations are never touched.\n\n"
            "keys (environment, or --engine-option): L10N_DEEPL_API_KEY, L10N_LIBRE_API_KEY,\n"
            "L10N_MICROSOFT_API_KEY (+ L10N_MICROSOFT_REGION), L10N_PAPAGO_CLIENT_ID and\n"
            "L10N_PAPAGO_CLIENT_SECRET, L10N_BAIDU_APPID and L10N_BAIDU_APPKEY, L10N_MYMEMORY_EMAIL.\n"
            "runner options (--engine-option): rate=REQ_PER_S retries=N backoff=S breaker=N\n"
            "save_every=N save_seconds=S; libre also takes url=http://host:5000/, deepl formality=less|more.\n"
            "Replies are cached in locales/.cache/mt.sqlite: a re-run sends nothing twice.\n"
            "Replies longer than 10x their text + 1000 characters, or with control characters, are refused.")
    _locale_opt(p)
    p.add_argument("--engine", metavar="NAME", help=f"one of {ENGINE_NAMES} (default: configured, else google)")
    p.add_argument("--engine-option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine setting such as url=http://host:5000/ (repeatable); keys come from the environment")
    p.add_argument("--limit", type=int, help="translate at most N entries per locale")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send and write nothing")
    p.add_argument("--overwrite-fuzzy", action="store_true", help="also replace existing fuzzy translations")
    p.add_argument("--concurrency", type=int, help="parallel requests (default: per engine)")
    p.add_argument("--timeout", type=float, help="seconds per request (default: 20)")
    p.add_argument("--no-cache", action="store_true", help="ignore the translation cache")
    p.set_defaults(func=cmd_translate)

    p = add("check", "quality checks on translations (exit 1 when errors are found)",
            "Quality checks on translations: exit 1 on errors, and on warnings with --strict.\n"
            "Switch checks off for the project with [tool.l10n] checks_off = [\"length\"], for one entry\n"
            "with a translator comment '# l10n: ignore-check length, numbers' (Poedit: Comment field).")
    _locale_opt(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--glossary", help="file of do-not-translate terms, one per line")
    p.add_argument("--include-fuzzy", action="store_true", help="check fuzzy translations too")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--off", action="append", default=[], metavar="CHECK",
                   help="skip this check (repeatable), on top of [tool.l10n] checks_off")
    p.add_argument("--list-checks", action="store_true", help="list the checks with their severity and exit")
    p.set_defaults(func=cmd_check)

    p = add("build", "write localised pages to build/<ll_CC>/")
    _locale_opt(p)
    p.add_argument("--include-fuzzy", action="store_true", help="use fuzzy (machine) translations: a preview build")
    p.add_argument("-o", "--output", dest="output_dir_flag", help="output directory (same as --output-dir)")
    p.add_argument("--force", action="store_true", help="rewrite every page, not just changed ones")
    p.add_argument("-j", "--jobs", type=int, help="parallel workers (default: CPU count)")
    p.set_defaults(func=cmd_build)

    p = add("run", "extract, update, translate, compile and build in one go")
    _locale_opt(p)
    p.add_argument("--engine", metavar="NAME", help="machine-translation engine for empty entries: "
                   f"{ENGINE_NAMES} (default: configured) or 'none' to skip")
    p.add_argument("--include-fuzzy", action="store_true", help="build with fuzzy translations")
    p.set_defaults(func=cmd_run)
    return parser


def config_from(args: argparse.Namespace) -> Config:
    from toolkit.config import load_config

    output_dir = getattr(args, "output_dir_flag", None) or args.output_dir
    return load_config(
        args.root,
        source_dir=args.source_dir,
        locales_dir=args.locales_dir,
        output_dir=output_dir,
        source_locale=args.source_locale,
        domain=args.domain,
    )


def say(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def warn(message: str) -> None:
    print(f"l10n: warning: {message}", file=sys.stderr)


def _table(rows: Sequence[Sequence[object]], headers: Sequence[str] | None = None,
           align: str = "") -> None:
    """Print rows as columns two spaces apart; `align` gives "<" or ">" per column (default "<").

    The last column is not padded, so long free text (a message, a link text) ends the line.
    """
    cells = [[str(c) for c in row] for row in ([headers] if headers else []) + [list(r) for r in rows]]
    if not cells:
        return
    ncols = max(len(row) for row in cells)
    widths = [max((len(row[i]) for row in cells if i < len(row) and len(row) == ncols), default=0)
              for i in range(ncols)]
    for row in cells:
        if len(row) < ncols:  # a short row (a note) is printed as it is after its first cell
            print("  ".join([row[0].ljust(widths[0]), *row[1:]]).rstrip())
            continue
        out = []
        for i, cell in enumerate(row):
            if i == ncols - 1 and (align[i:i + 1] or "<") == "<":
                out.append(cell)
            elif (align[i:i + 1] or "<") == ">":
                out.append(cell.rjust(widths[i]))
            else:
                out.append(cell.ljust(widths[i]))
        print("  ".join(out).rstrip())


class _TerminalBar:
    """A tqdm bar drawn from the core's progress(done, total) calls; a new total starts a new bar."""

    def __init__(self, desc: str, unit: str):
        self.desc, self.unit = desc, unit
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        from tqdm import tqdm

        if self.bar is None or self.bar.total != total or done < self.bar.n:
            self.close()
            self.bar = tqdm(total=total, desc=self.desc, unit=self.unit, file=sys.stderr, leave=False)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _progress(args: argparse.Namespace, desc: str, unit: str) -> _TerminalBar | None:
    """A progress callback drawing a bar, only on a terminal and without --quiet."""
    if getattr(args, "quiet", False) or not sys.stderr.isatty():
        return None
    return _TerminalBar(desc, unit)


# --- handlers: parse nothing, decide nothing; call the core and report -------------------


def cmd_extract(args, cfg: Config) -> int:
    from toolkit.extract import extract_project

    result = extract_project(cfg, output=args.output, warn=warn, check=getattr(args, "check", False))
    return _print_extract(args, result)


def _print_extract(args, result) -> int:
    for error in result.errors:
        print(f"l10n: error: {error} (skipped; the other pages were extracted)", file=sys.stderr)
    if getattr(args, "check", False):
        if result.stale:
            print(f"l10n: {result.pot_path} is out of date with the source pages; run `l10n extract`",
                  file=sys.stderr)
        else:
            say(args, f"{result.pot_path}: up to date ({result.messages} messages from {result.pages} pages)")
        return 2 if result.errors else (1 if result.stale else 0)
    state = "written" if result.written else "unchanged"
    say(args, f"{result.pot_path}: {result.messages} messages from {result.pages} pages ({state})")
    return 2 if result.errors else 0


def cmd_locales(args, cfg: Config) -> int:
    import json

    from toolkit.discover import discover_locales

    links = discover_locales(cfg, args.page)
    if args.format == "json":
        print(json.dumps([link.as_dict() for link in links], ensure_ascii=False, indent=2))
        return 0
    if not links:
        say(args, f"{args.page}: no language links found")
    _table([(link.locale, link.reason, link.href, link.text) for link in links])
    return 0


def cmd_init(args, cfg: Config) -> int:
    from toolkit.catalog import init_catalogs
    from toolkit.discover import discover_locales

    locales = list(cfg.locales) if args.locales or not args.from_links else []
    if args.from_links:
        links = discover_locales(cfg, args.from_links)
        if not links:
            raise L10nError("no language links found; name the locales with -l", args.from_links)
        for link in links:
            say(args, f"{args.from_links}: {link.locale} ({link.reason})")
        locales += [link.locale for link in links]
    _print_init(args, init_catalogs(cfg, locales), quiet_existing=False)
    return 0


def _print_init(args, results, quiet_existing: bool) -> None:
    for result in results:
        if result.created:
            say(args, f"{result.path}: created")
        elif not quiet_existing:
            say(args, f"{result.path}: exists; skipped (init never overwrites; `l10n update` merges)")


def cmd_update(args, cfg: Config) -> int:
    from toolkit.catalog import update_catalogs

    _print_update(args, update_catalogs(cfg, fuzzy_matching=not args.no_fuzzy_matching))
    return 0


def _print_update(args, results) -> None:
    for result in results:
        say(args, f"{result.path}: {result.stats}" + ("" if result.written else " (unchanged)"))


def cmd_compile(args, cfg: Config) -> int:
    from toolkit.catalog import compile_catalogs

    _print_compile(args, compile_catalogs(cfg, use_fuzzy=args.use_fuzzy))
    return 0


def _print_compile(args, results) -> None:
    for result in results:
        skipped = f", {result.fuzzy_skipped} fuzzy left out (--use-fuzzy)" if result.fuzzy_skipped else ""
        state = "" if result.written else " (unchanged)"
        say(args, f"{result.mo_path}: {result.messages} translations{skipped}{state}")


def cmd_stats(args, cfg: Config) -> int:
    import json

    from toolkit.catalog import stats_catalogs

    stats = stats_catalogs(cfg)
    if args.format == "json":
        print(json.dumps([s.as_dict() for s in stats], ensure_ascii=False, indent=2))
        return 0
    rows: list[Sequence[object]] = []
    for s in stats:
        rows.append((s.locale, s.translated, s.fuzzy, s.untranslated, s.obsolete,
                     f"{s.percent:.1f}%", f"{s.percent_words:.1f}%"))
    _table(rows, ("locale", "translated", "fuzzy", "untranslated", "obsolete", "%entries", "%words"),
           align="<>>>>>>")
    return 0


def cmd_translate(args, cfg: Config) -> int:
    from toolkit.mt import parse_options, translate_catalogs

    bar = _progress(args, "translate", "msg")
    try:
        report = translate_catalogs(
            cfg, cfg.locales, args.engine, parse_options(args.engine_option), args.limit, args.dry_run,
            args.overwrite_fuzzy, concurrency=args.concurrency, timeout=args.timeout,
            use_cache=not args.no_cache, progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    return _print_translate(args, report)


def _print_translate(args, report) -> int:
    for r in report.locales:
        for text in r.would_send:
            print(f"{r.locale}\t{text}")
    for line in report.summary():
        say(args, line)
    for line in report.warnings():
        warn(line)
    if report.stopped:
        print(f"l10n: error: {report.stopped}; finished translations were saved, re-run to resume",
              file=sys.stderr)
        return 2
    return 1 if report.problems else 0


def cmd_check(args, cfg: Config) -> int:
    import json

    from toolkit.checks import ERROR, check_catalogs, failed, known_checks

    if args.list_checks:
        off = set(cfg.checks_off) | set(args.off)
        for c in known_checks():
            state = "off" if c.name in off else c.severity
            print(f"{c.name:<16} {state:<8} {c.summary}")
        return 0
    if not cfg.locales:
        raise L10nError("no locales to check; pass -l LOCALE or set locales in [tool.l10n]")
    results = check_catalogs(cfg, cfg.locales, glossary=args.glossary, include_fuzzy=args.include_fuzzy,
                             checks_off=args.off)
    status = 1 if failed(results, strict=args.strict) else 0
    if args.format == "json":
        print(json.dumps([f.to_dict() for fs in results.values() for f in fs], ensure_ascii=False, indent=2))
        return status

    def short(text: str, width: int = 40) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [(f.locale, f"{f.file}:{f.line}", f.severity, f.check, f.message, short(f.msgid))
            for fs in results.values() for f in fs]
    if rows:
        _table(rows, ("LOCALE", "FILE:LINE", "SEVERITY", "CHECK", "MESSAGE", "MSGID"))
        print()
    for locale, findings in results.items():
        errors = sum(f.severity == ERROR for f in findings)
        print(f"{locale}: {errors} error(s), {len(findings) - errors} warning(s)")
    return status


def cmd_build(args, cfg: Config) -> int:
    from toolkit.build import build_site

    bar = _progress(args, "build", "page")
    try:
        report = build_site(cfg, cfg.locales, include_fuzzy=args.include_fuzzy, force=args.force,
                            jobs=args.jobs, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    _print_build(args, cfg, report)
    return 2 if report.errors else 0


def _print_build(args, cfg: Config, report) -> None:
    for w in report.warnings:
        warn(w)
    for e in report.errors:
        print(f"l10n: error: {e} (skipped)", file=sys.stderr)
    for loc in cfg.locales:
        t, f = report.translated.get(loc, 0), report.fallback.get(loc, 0)
        total = t + f
        pct = 100 * t / total if total else 100.0
        say(args, f"{loc}: {t}/{total} units translated ({pct:.0f}%), source text kept for {f}")
    say(args, f"{cfg.output_path}: {len(report.written)} pages written, "
              f"{report.unchanged + report.skipped} up to date")


def cmd_run(args, cfg: Config) -> int:
    """extract -> update -> translate -> compile -> build; stops at the first failing step."""
    from toolkit import pipeline

    bars: list[_TerminalBar] = []

    def progress(step: str) -> _TerminalBar | None:
        bar = _progress(args, step, "page" if step == "build" else "msg")
        if bar is not None:
            bars.append(bar)
        return bar

    options = pipeline.RunOptions(engine=args.engine, include_fuzzy=args.include_fuzzy)
    try:
        for step in pipeline.run(cfg, options, warn=warn, started=lambda name: say(args, f"== {name}"),
                                 progress=progress):
            for bar in bars:
                bar.close()
            report = step.report
            if isinstance(report, pipeline.UpdateReport):
                _print_init(args, report.created, quiet_existing=True)
                _print_update(args, report.updated)
            elif isinstance(report, pipeline.CompileReport):
                _print_compile(args, report.results)
            elif step.name == "extract":
                _print_extract(args, report)
            elif step.name == "translate":
                _print_translate(args, report)
            elif step.name == "build":
                _print_build(args, cfg, report)
            if step.stops_run:
                print(f"l10n: error: `l10n run` stopped at {step.name}", file=sys.stderr)
                return step.exit_code
    finally:
        for bar in bars:
            bar.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    _log_warnings()
    try:
        cfg = config_from(args)
        if argv is None:  # the `l10n` program itself, not a caller of main() in a longer-lived process
            _tune_gc()
        for message in cfg.warnings:
            warn(message)
        if getattr(args, "locales", None):
            cfg = _with_locales(cfg, args.locales)
        return args.func(args, cfg)
    except L10nError as exc:
        print(f"l10n: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("l10n: interrupted; finished work was saved", file=sys.stderr)
        return 130
    except MemoryError:
        print("l10n: error: out of memory; split the input or run on a machine with more memory "
              "(nothing was replaced: files are written atomically)", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `l10n stats | head`: the reader left, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"l10n: error: {os_error_line(exc)}", file=sys.stderr)
        return 2


_OS_HINTS = {
    errno.ENOSPC: "the disk is full; free space and run again",
    errno.EDQUOT: "the disk quota is exhausted; free space and run again",
    errno.EROFS: "the file system is read-only; use a writable directory",
    errno.EACCES: "permission denied; check the directory's permissions",
    errno.EPERM: "operation not permitted; check the directory's permissions",
    errno.ENOTDIR: "a file stands where a directory is needed; move it away",
    errno.EISDIR: "a directory stands where a file is needed; move it away",
}


def os_error_line(exc: OSError) -> str:
    """One line for a failed file operation: the file, what happened, what to do; never a traceback."""
    where = f"{exc.filename}: " if exc.filename else ""
    hint = _OS_HINTS.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{where}{hint} (nothing was replaced: files are written atomically)"


def _tune_gc() -> None:
    """Fewer garbage collections: a command builds hundreds of thousands of objects (entries,
    units) that live until it ends, and the default threshold (700) scans them over and over
    (10-20% of a compile or update).  What start-up made is moved out of the collector's way."""
    import gc

    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _log_warnings() -> None:
    """The core's logged warnings (a corrupt cache, say) as one `l10n: warning:` line each."""
    import logging

    class WarningLine(logging.Handler):
        """Writes to the sys.stderr of the moment (not the one at setup), as `warn` does."""

        def emit(self, record: logging.LogRecord) -> None:
            warn(record.getMessage())

    logger = logging.getLogger("toolkit")
    if not any(h.get_name() == _HANDLER for h in logger.handlers):
        handler = WarningLine(logging.WARNING)
        handler.set_name(_HANDLER)
        logger.addHandler(handler)


_HANDLER = "l10n: warning"


def _with_locales(cfg: Config, locales: list[str]) -> Config:
    from dataclasses import replace

    from toolkit.locales import normalize_locale

    selected = list(dict.fromkeys(normalize_locale(code) for code in locales))
    site = list(dict.fromkeys([*cfg.locales, *selected]))
    return replace(cfg, locales=selected, site_locales=site)
