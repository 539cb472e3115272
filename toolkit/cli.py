"""The ``l10n`` command: a thin argparse layer over the importable core.

Exit codes: 0 ok, 1 findings (``check``), 2 usage or input error.  User mistakes print one
line (``l10n: FILE:LINE: what is wrong; what to do``), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from toolkit import __version__
from toolkit.config import Config, load_config
from toolkit.errors import L10nError

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


def _common() -> argparse.ArgumentParser:
    """Project options every subcommand accepts (after the subcommand name)."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("project options (override [tool.l10n] in pyproject.toml)")
    g.add_argument("--root", default=".", help="project directory holding pyproject.toml (default: .)")
    g.add_argument("--source-dir", help="directory of source HTML pages (default: source_html)")
    g.add_argument("--locales-dir", help="directory of catalogues (default: locales)")
    g.add_argument("--output-dir", help="directory for built pages (default: build)")
    g.add_argument("--source-locale", help="language of the source pages (default: en)")
    g.add_argument("--domain", help="gettext domain, the catalogue file name (default: messages)")
    g.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    return p


def _locale_opt(p: argparse.ArgumentParser, what: str = "locale to work on") -> None:
    p.add_argument(
        "-l", "--locale", dest="locales", action="append", metavar="LOCALE",
        help=f"{what} (gettext code such as ko, zh_TW; repeatable; default: all configured)",
    )


def build_parser() -> argparse.ArgumentParser:
    from toolkit.mt.registry import NAMES as ENGINES

    parser = argparse.ArgumentParser(
        prog="l10n",
        description="Localise static HTML sites through gettext catalogues.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()

    def add(name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help, description=description or help, parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = add("extract", "extract translatable text from the source pages into the .pot template",
            "Segment every source page into translation units and write locales/<domain>.pot.\n"
            "The file is rewritten only when its messages change, so re-running is free.")
    p.add_argument("-o", "--output", help="template path (default: locales/<domain>.pot)")
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
    p.add_argument("--engine", metavar="NAME", help=f"one of {', '.join(ENGINES)} (default: configured, else google)")
    p.add_argument("--engine-option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine setting such as url=http://host:5000/ (repeatable); keys come from the environment")
    p.add_argument("--limit", type=int, help="translate at most N entries per locale")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send and write nothing")
    p.add_argument("--overwrite-fuzzy", action="store_true", help="also replace existing fuzzy translations")
    p.add_argument("--concurrency", type=int, help="parallel requests (default: per engine)")
    p.add_argument("--timeout", type=float, help="seconds per request (default: 20)")
    p.add_argument("--no-cache", action="store_true", help="ignore the translation cache")
    p.set_defaults(func=cmd_translate)

    p = add("check", "quality checks on translations (exit 1 when errors are found)")
    _locale_opt(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--glossary", help="file of do-not-translate terms, one per line")
    p.add_argument("--include-fuzzy", action="store_true", help="check fuzzy translations too")
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
    p.add_argument("--engine", metavar="NAME", help=f"machine-translation engine for empty entries: "
                   f"{', '.join(ENGINES)} (default: configured) or 'none' to skip")
    p.add_argument("--include-fuzzy", action="store_true", help="build with fuzzy translations")
    p.set_defaults(func=cmd_run)
    return parser


def config_from(args: argparse.Namespace) -> Config:
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


# --- handlers: parse nothing, decide nothing; call the core and report -------------------


def cmd_extract(args, cfg: Config) -> int:
    from toolkit.extract import extract_project

    result = extract_project(cfg, output=args.output, warn=warn)
    for error in result.errors:
        print(f"l10n: error: {error} (skipped; the other pages were extracted)", file=sys.stderr)
    state = "written" if result.written else "unchanged"
    say(args, f"{result.pot_path}: {result.messages} messages from {result.pages} pages ({state})")
    return 2 if result.errors else 0


def cmd_locales(args, cfg: Config) -> int:
    import json
    from dataclasses import asdict

    from toolkit.discover import discover_locales

    links = discover_locales(cfg, args.page)
    if args.format == "json":
        print(json.dumps([asdict(link) for link in links], ensure_ascii=False, indent=2))
        return 0
    if not links:
        say(args, f"{args.page}: no language links found")
    widths = [max((len(v) for v in column), default=0) for column in
              zip(*[(link.locale, link.reason, link.href) for link in links])]
    for link in links:
        cells = (link.locale, link.reason, link.href)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + link.text)
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
    for result in init_catalogs(cfg, locales):
        if result.created:
            say(args, f"{result.path}: created")
        else:
            say(args, f"{result.path}: exists; skipped (init never overwrites; `l10n update` merges)")
    return 0


def cmd_update(args, cfg: Config) -> int:
    from toolkit.catalog import update_catalogs

    for result in update_catalogs(cfg, fuzzy_matching=not args.no_fuzzy_matching):
        if result.missing:
            warn(f"{result.path}: no catalogue for {result.locale}; create it with `l10n init -l {result.locale}`")
        else:
            say(args, f"{result.path}: {result.stats}" + ("" if result.written else " (unchanged)"))
    return 0


def cmd_compile(args, cfg: Config) -> int:
    from toolkit.catalog import compile_catalogs

    for result in compile_catalogs(cfg, use_fuzzy=args.use_fuzzy):
        if result.missing:
            warn(f"{result.po_path}: no catalogue for {result.locale}; create it with `l10n init -l {result.locale}`")
            continue
        skipped = f", {result.fuzzy_skipped} fuzzy left out (--use-fuzzy)" if result.fuzzy_skipped else ""
        state = "" if result.written else " (unchanged)"
        say(args, f"{result.mo_path}: {result.messages} translations{skipped}{state}")
    return 0


def cmd_stats(args, cfg: Config) -> int:
    import json

    from toolkit.catalog import stats_catalogs

    stats = stats_catalogs(cfg)
    if args.format == "json":
        print(json.dumps([s.as_dict() for s in stats], ensure_ascii=False, indent=2))
        return 0
    print(f"{'locale':<8}{'translated':>11}{'fuzzy':>7}{'untranslated':>13}{'obsolete':>9}"
          f"{'%entries':>9}{'%words':>8}")
    for s in stats:
        if s.missing:
            print(f"{s.locale:<8}  no catalogue: {s.path}")
            continue
        print(f"{s.locale:<8}{s.translated:>11}{s.fuzzy:>7}{s.untranslated:>13}{s.obsolete:>9}"
              f"{s.percent:>8.1f}%{s.percent_words:>7.1f}%")
    return 0


def cmd_translate(args, cfg: Config) -> int:
    from toolkit.mt import parse_options, translate_catalogs

    report = translate_catalogs(
        cfg, cfg.locales, args.engine, parse_options(args.engine_option), args.limit, args.dry_run,
        args.overwrite_fuzzy, concurrency=args.concurrency, timeout=args.timeout,
        use_cache=not args.no_cache, progress=not args.quiet,
    )
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

    from toolkit.checks import ERROR, check_catalogs, has_errors

    if not cfg.locales:
        raise L10nError("no locales to check; pass -l LOCALE or set locales in [tool.l10n]")
    results = check_catalogs(cfg, cfg.locales, glossary=args.glossary, include_fuzzy=args.include_fuzzy)
    if args.format == "json":
        print(json.dumps([f.to_dict() for fs in results.values() for f in fs], ensure_ascii=False, indent=2))
        return 1 if has_errors(results) else 0

    def short(text: str, width: int = 40) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [(f.locale, f"{f.file}:{f.line}", f.severity, f.check, f.message, short(f.msgid))
            for fs in results.values() for f in fs]
    if rows:
        head = ("LOCALE", "FILE:LINE", "SEVERITY", "CHECK", "MESSAGE", "MSGID")
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
        for row in [head, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
        print()
    for locale, findings in results.items():
        errors = sum(f.severity == ERROR for f in findings)
        print(f"{locale}: {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if has_errors(results) else 0


def cmd_build(args, cfg: Config) -> int:
    from toolkit.build import build_site

    report = build_site(cfg, cfg.locales, include_fuzzy=args.include_fuzzy, force=args.force,
                        jobs=args.jobs, progress=not args.quiet)
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
    return 2 if report.errors else 0


def cmd_run(args, cfg: Config) -> int:
    """extract -> update -> translate -> compile -> build; stops at the first failing step."""
    from toolkit.catalog import init_catalogs

    engine = args.engine or cfg.engine
    steps: list[tuple[str, Callable[[argparse.Namespace, Config], int], dict[str, object]]] = [
        ("extract", cmd_extract, {"output": None}),
        ("update", cmd_update, {"no_fuzzy_matching": False}),
    ]
    if engine != "none":
        steps.append(("translate", cmd_translate, {
            "engine": engine, "engine_option": [], "limit": None, "dry_run": False,
            "overwrite_fuzzy": False, "concurrency": None, "timeout": None, "no_cache": False}))
    steps += [
        ("compile", cmd_compile, {"use_fuzzy": False}),
        ("build", cmd_build, {"include_fuzzy": args.include_fuzzy, "force": False, "jobs": None}),
    ]
    for name, handler, extra in steps:
        say(args, f"== {name}")
        if name == "update":
            for created in init_catalogs(cfg, cfg.locales):
                if created.created:
                    say(args, f"{created.path}: created")
        code = handler(argparse.Namespace(**{**vars(args), **extra}), cfg)
        if code == 2 or (code and name != "translate"):
            print(f"l10n: error: `l10n run` stopped at {name}", file=sys.stderr)
            return code
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        cfg = config_from(args)
        if getattr(args, "locales", None):
            cfg = _with_locales(cfg, args.locales)
        return args.func(args, cfg)
    except L10nError as exc:
        print(f"l10n: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("l10n: interrupted; finished work was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `l10n stats | head`: the reader left, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _with_locales(cfg: Config, locales: list[str]) -> Config:
    from dataclasses import replace

    from toolkit.locale_codes import normalize_locale

    selected = list(dict.fromkeys(normalize_locale(code) for code in locales))
    site = list(dict.fromkeys([*cfg.locales, *selected]))
    return replace(cfg, locales=selected, site_locales=site)
