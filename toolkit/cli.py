"""The ``l10n`` command: a thin argparse layer over the importable core.

Exit codes: 0 ok, 1 findings (``check``, stale ``--check`` gates, failed translations), 2 usage or
input error.  User mistakes print one line (``l10n: FILE:LINE: what is wrong; what to do``), never a
traceback.
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
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

    from toolkit.build.site import BuildReport
    from toolkit.catalog.lifecycle import CompileResult, InitResult, TemplateLag, UpdateResult
    from toolkit.config import Config
    from toolkit.extract import ExtractResult
    from toolkit.mt import Report as TranslateReport
    from toolkit.pipeline import StepResult

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
  l10n run                extract, update, translate, compile and build in one go (not check)
  l10n serve              review translations in context in a browser (alias: review)

Settings come from [tool.l10n] in pyproject.toml; every flag overrides its setting."""


# what a relative path given as a flag is relative to: the project options' folders name the project's own (as the
# settings they override do), a command's file arguments a file the user points at, as any command's do
IN_PROJECT = "relative to the project directory"
HERE = "relative to the working directory"


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
    g.add_argument("--source-dir", default=default(None),
                   help=f"directory of source HTML pages, {IN_PROJECT} (default: source_html)")
    g.add_argument("--locales-dir", default=default(None),
                   help=f"directory of catalogues, {IN_PROJECT} (default: locales)")
    g.add_argument("--output-dir", default=default(None),
                   help=f"directory for built pages, {IN_PROJECT} (default: build)")
    g.add_argument("--cache-dir", default=default(None),
                   help=f"directory for the toolkit's caches and the build's lock, {IN_PROJECT} "
                        "(default: LOCALES_DIR/.cache); "
                        "elsewhere to build from a read-only checkout")
    g.add_argument("--source-locale", default=default(None), help="language of the source pages (default: en)")
    g.add_argument("--domain", default=default(None),
                   help="gettext domain, the catalogue file name (default: messages)")
    g.add_argument("-q", "--quiet", action="store_true", default=default(False),
                   help="print only warnings and errors")
    g.add_argument("-v", "--verbose", action="store_true", default=default(False),
                   help="more detail: settings, per-file lines, up-to-date items, timings")


class _Parser(argparse.ArgumentParser):
    """A usage error is one line (argparse prints the whole usage block first), naming the help that explains."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (`{self.prog} --help` lists the options)\n")


def _innermost(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)command parser that was given the arguments: its `--help` is the one listing their options."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return _innermost(chosen, args)
    return parser


def _common() -> _Parser:
    """Project options every subcommand accepts (after the subcommand name)."""
    p = _Parser(add_help=False)
    _add_project_options(p, suppress=True)
    return p


def _locale_opt(p: argparse.ArgumentParser, what: str = "locale to work on", many: bool = True) -> None:
    more = "; repeatable; default: all configured" if many else ""
    p.add_argument("-l", "--locale", dest="locales", action="append", metavar="LOCALE",
                   help=f"{what} (gettext code such as ko, zh_TW{more})")


def _format_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="json: one JSON document on stdout (shapes in README); messages stay on stderr")


def _whole(value: str, low: int, high: int | None, what: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = low - 1
    if n < low or (high is not None and n > high):
        raise argparse.ArgumentTypeError(f"expected {what}: {value!r}")
    return n


def _positive(value: str) -> int:
    return _whole(value, 1, None, "a number of workers, 1 or more")


def _limit(value: str) -> int:
    return _whole(value, 1, None, "a number of entries, 1 or more")


def _port(value: str) -> int:
    return _whole(value, 0, 65535, "a port from 0 to 65535")


def _output_file(value: str) -> str:
    """-o: a file to write, atomically (a temp file renamed over it): not stdout, a device or a pipe, which a
    rename would replace (and whose contents the no-churn comparison would wait for)."""
    if value == "-" or (os.path.exists(value) and not os.path.isfile(value)):
        raise argparse.ArgumentTypeError(f"expected a file to write (it is written whole and renamed into place, "
                                         f"so not stdout, a device, a pipe or a directory): {value!r}")
    return value


def _percent(value: str) -> float:
    """--min-percent: 0 to 100, as [tool.l10n] min_percent."""
    try:
        n = float(value)
    except ValueError:
        n = -1.0
    if not 0 <= n <= 100:  # also NaN
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100: {value!r}")
    return n


def _jobs_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="parallel worker processes (default: the CPU count; 1: none)")


def _width_opts(p: argparse.ArgumentParser) -> None:
    """msgcat's line-width options, for commands that write catalogues (override [tool.l10n] wrap_width)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--width", type=int, metavar="N", dest="wrap_width",
                   help="wrap catalogue strings at N columns, as msgcat --width (default: 79)")
    g.add_argument("--no-wrap", action="store_const", const=0, dest="wrap_width",
                   help="do not wrap catalogue strings, as msgcat --no-wrap")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Fills in the engine names only when a help text is printed (listing them imports toolkit.mt)."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if ENGINE_NAMES in text:
            from toolkit.mt.registry import NAMES

            text = text.replace(ENGINE_NAMES, ", ".join(NAMES))
        return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    p.add_argument("-o", "--output", type=_output_file,
                   help=f"template path, {HERE} (default: locales/<domain>.pot in the project)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the template is out of date with the pages (for CI)")
    p.add_argument("--allow-empty", action="store_true",
                   help="empty a template that has messages when the pages give none (they are gone on purpose); "
                        "without it that is an error (exit 2): a missing or misnamed source folder, or babel.cfg "
                        "patterns that match nothing, keep the template")
    p.add_argument("--add-location", choices=("full", "file"),
                   help="the template's #: references, as xgettext's option: full (path:line; default) or file (the "
                        "path alone: no line-number churn in diffs when pages change); [tool.l10n] add_location "
                        "keeps it for every run")
    _jobs_opt(p)
    _width_opts(p)
    _format_opt(p)
    p.set_defaults(func=cmd_extract)

    p = add("locales", "list the target locales a page links to (its language switcher)")
    p.add_argument("page", help="HTML page whose language links name the target locales")
    _format_opt(p)
    p.set_defaults(func=cmd_locales)

    p = add("init", "create catalogues for new locales from the template (never overwrites)")
    _locale_opt(p, "locale to create")
    p.add_argument("--from-links", metavar="PAGE", help="create catalogues for the locales PAGE links to")
    _width_opts(p)
    _format_opt(p)
    p.set_defaults(func=cmd_init)

    p = add("update", "merge the template into every catalogue (keep, fuzzy-match, obsolete)")
    _locale_opt(p)
    p.add_argument("--no-fuzzy-matching", action="store_true", help="do not guess translations for changed strings")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a catalogue is out of date with the template (for CI)")
    p.add_argument("--allow-empty", action="store_true",
                   help="merge a template without messages, making every translation obsolete (#~); without it "
                        "that is an error (exit 2) and no catalogue is written")
    _width_opts(p)
    _format_opt(p)
    p.set_defaults(func=cmd_update)

    p = add("compile", "compile catalogues to .mo files")
    _locale_opt(p)
    p.add_argument("--use-fuzzy", action="store_true", help="include fuzzy translations")
    _format_opt(p)
    p.set_defaults(func=cmd_compile)

    p = add("stats", "translation progress per locale")
    _locale_opt(p)
    p.add_argument("--by-page", action="store_true",
                   help="per source page (from the #: locations) and locale: units, translated, fuzzy, untranslated")
    _format_opt(p)
    p.set_defaults(func=cmd_stats)

    p = add("translate", "pre-fill empty entries by machine translation, marked fuzzy for review",
            "Fill only empty entries; each gets '#, fuzzy' and a comment naming the engine, so\n"
            "reviewers see it as needing review. Human translations are never touched.\n\n"
            "keys (environment, or --engine-option): L10N_DEEPL_API_KEY, L10N_LIBRE_API_KEY,\n"
            "L10N_MICROSOFT_API_KEY (+ L10N_MICROSOFT_REGION), L10N_PAPAGO_CLIENT_ID and\n"
            "L10N_PAPAGO_CLIENT_SECRET, L10N_BAIDU_APPID and L10N_BAIDU_APPKEY, L10N_MYMEMORY_EMAIL.\n"
            "runner options (--engine-option): rate=REQ_PER_S retries=N backoff=S max_backoff=S breaker=N\n"
            "save_every=N save_seconds=S timeout=S concurrency=N; libre also takes url=http://host:5000/,\n"
            "deepl formality=less|more.\n"
            "llm (OpenAI-compatible chat endpoint): base_url=URL model=NAME batch=N batch_chars=N, key in\n"
            "L10N_LLM_API_KEY or OPENAI_API_KEY; memory: tmx=FILE.tmx[,FILE2.tmx] (relative to the working\n"
            "directory) min_score=75.\n"
            "Replies are cached in locales/.cache/mt.sqlite: a re-run sends nothing twice.\n"
            "Replies longer than 10x their text + 1000 characters, or with control characters the text does not\n"
            "have, are refused.")
    _locale_opt(p)
    p.add_argument("--engine", metavar="NAME",
                   help=f"one of {ENGINE_NAMES} (default: [tool.l10n] engine; none configured is an error)")
    p.add_argument("--engine-option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine setting such as url=http://host:5000/ (repeatable); keys come from the environment")
    p.add_argument("--limit", type=_limit, metavar="N", help="translate at most N entries per locale")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send and write nothing")
    p.add_argument("--overwrite-fuzzy", action="store_true",
                   help="also replace fuzzy machine translations (never a person's work: see --force)")
    p.add_argument("--force", action="store_true",
                   help="replace every fuzzy entry, also those a person wrote or must judge (update's fuzzy "
                        "matches with a previous msgid, fuzzy text without the MT comment); implies --overwrite-fuzzy")
    p.add_argument("--concurrency", type=int, help="parallel requests (default: per engine)")
    p.add_argument("--timeout", type=float, help="seconds per request (default: 20)")
    p.add_argument("--no-cache", action="store_true", help="ignore the translation cache")
    _width_opts(p)
    _format_opt(p)
    p.set_defaults(func=cmd_translate)

    p = add("check", "quality checks on translations (exit 1 when errors are found)",
            "Quality checks on translations: exit 1 on errors, and on warnings with --strict.\n"
            "Switch checks off for the project with [tool.l10n] checks_off = [\"length\"], for one entry\n"
            "with a translator comment '# l10n: ignore-check length, numbers' (Poedit: Comment field).")
    _locale_opt(p)
    _format_opt(p)
    p.add_argument("--glossary", help=f"glossary file, {HERE}: a term per line, kept verbatim, or `Term | ja: "
                                      "rendering | ko: rendering` for approved renderings (format in the shipped "
                                      "glossary.txt)")
    p.add_argument("--include-fuzzy", action="store_true", help="check fuzzy translations too")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--off", action="append", default=[], metavar="CHECK",
                   help="skip this check (repeatable), on top of [tool.l10n] checks_off")
    p.add_argument("--list-checks", action="store_true", help="list the checks with their severity and exit")
    p.set_defaults(func=cmd_check)

    p = add("build", "write the localised site to build/ (source pages, assets, build/<segment>/ per locale)")
    _locale_opt(p)
    p.add_argument("--include-fuzzy", action="store_true", help="use fuzzy (machine) translations: a preview build")
    p.add_argument("-o", "--output", dest="output_dir_flag", metavar="OUTPUT_DIR",
                   help=f"output directory, {IN_PROJECT}, as --output-dir")
    p.add_argument("--force", action="store_true",
                   help="rebuild every page, not just those whose source, catalogue or settings changed (a page that "
                        "comes out the same is left as it is, counted up to date), and compare every copied asset "
                        "with its source byte for byte (a copy edited in the output is replaced), or with "
                        "hardlink_assets place every asset as a link")
    _jobs_opt(p)
    p.add_argument("--min-percent", type=_percent, metavar="N",
                   help="publish a page in a locale only if at least N%% of its units are translated "
                        "(default: [tool.l10n] min_percent, 0)")
    p.add_argument("--allow-empty", action="store_true",
                   help="build with no source pages, removing the pages built before; without it that is an error "
                        "(exit 2) and build/ is left as it is")
    _format_opt(p)
    p.set_defaults(func=cmd_build)

    p = add("run", "extract, update, translate, compile and build in one go")
    _locale_opt(p)
    p.add_argument("--engine", metavar="NAME", help="machine-translation engine for empty entries: "
                   f"{ENGINE_NAMES} (default: configured) or 'none' to skip")
    p.add_argument("--engine-option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine setting such as url=http://host:5000/ or retries=0 (repeatable), as for translate")
    p.add_argument("--include-fuzzy", action="store_true", help="build with fuzzy translations")
    p.add_argument("--allow-empty", action="store_true",
                   help="go on when the source gives no messages or pages: empty the template, make every "
                        "translation obsolete, remove the built site; without it the run stops (exit 2) before "
                        "touching any of them")
    _jobs_opt(p)
    _format_opt(p)
    p.set_defaults(func=cmd_run)
    _add_exchange_commands(sub, common)

    p = sub.add_parser(
        "serve", aliases=["review"], parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        help="review translations in context: a local web app (alias: review)",
        description="Serve every page x locale for review in a browser: units marked by status, a panel to\n"
                    "edit and approve (saved to the .po under its lock). Open the printed URL: it carries\n"
                    "this run's token. Needs the 'review' extra: pip install 'l10n-toolkit[review]'.")
    _locale_opt(p, "locale to review")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8765, help="port (default: 8765; 0 picks a free one)")
    p.set_defaults(func=cmd_serve)
    return parser


def _add_exchange_commands(sub: argparse._SubParsersAction[_Parser],
                           common: _Parser) -> None:
    """`l10n xliff export|import` and `l10n tmx export`: CAT-tool and translation-memory exchange."""
    fmt = argparse.RawDescriptionHelpFormatter
    xliff = sub.add_parser("xliff", help="exchange catalogues with CAT tools as XLIFF 2.0",
                           description="Export a locale's catalogue as XLIFF 2.0 for a CAT tool (Trados, memoQ, "
                                       "OmegaT, Okapi)\nand import the translated file back.", formatter_class=fmt)
    actions = xliff.add_subparsers(dest="xliff_command", metavar="ACTION", required=True)
    p = actions.add_parser("export", parents=[common], formatter_class=fmt,
                           help="write locales/<ll_CC>.xlf (or -o FILE) from the catalogue",
                           description="One unit per entry: notes, context and locations carried, placeholders as "
                                       "inline codes,\nstate initial (empty), translated (fuzzy) or reviewed.")
    _locale_opt(p, "locale to export")
    p.add_argument("-o", "--output", type=_output_file,
                   help=f"output file, {HERE} (one locale only; default: locales/<ll_CC>.xlf in the project); only "
                        "an earlier export holding no CAT work yet to import is replaced")
    p.set_defaults(func=cmd_xliff_export)
    p = actions.add_parser("import", parents=[common], formatter_class=fmt,
                           help="write an XLIFF 2 file's translations into its catalogue",
                           description="Checks every unit first (ids, source text, codes, trgLang): with any "
                                       "problem nothing is written.\nStates translated/initial become fuzzy, "
                                       "reviewed/final reviewed (a reviewed entry whose text comes back unchanged "
                                       "stays reviewed); only changed entries are written.")
    p.add_argument("file", help=f"the XLIFF 2.0/2.1 file, {HERE}")
    _locale_opt(p, "the one locale the file must be for (default: from its trgLang)", many=False)
    p.set_defaults(func=cmd_xliff_import)

    tmx = sub.add_parser("tmx", help="export reviewed translations as a TMX 1.4b translation memory",
                         description="Export reviewed translations as TMX 1.4b. To use a TMX as memory:\n"
                                     "l10n translate --engine memory --engine-option tmx=FILE.tmx", formatter_class=fmt)
    actions = tmx.add_subparsers(dest="tmx_command", metavar="ACTION", required=True)
    p = actions.add_parser("export", parents=[common], help="write locales/<ll_CC>.tmx (or -o FILE)")
    _locale_opt(p, "locale to export")
    p.add_argument("-o", "--output", type=_output_file,
                   help=f"output file, {HERE} (one locale only; default: locales/<ll_CC>.tmx in the project); only "
                        "an earlier export is replaced")
    p.set_defaults(func=cmd_tmx_export)


def config_from(args: argparse.Namespace) -> Config:
    from toolkit.config import load_config

    output_dir = getattr(args, "output_dir_flag", None)
    if output_dir is None:  # (`-o ""` is an empty --output-dir, not none)
        output_dir = args.output_dir
    return load_config(
        args.root,
        source_dir=args.source_dir,
        locales_dir=args.locales_dir,
        output_dir=output_dir,
        cache_dir=args.cache_dir,
        source_locale=args.source_locale,
        domain=args.domain,
        wrap_width=getattr(args, "wrap_width", None),
        add_location=getattr(args, "add_location", None),
    )


def say(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def detail(args: argparse.Namespace, message: str) -> None:
    """A line only -v/--verbose shows."""
    if getattr(args, "verbose", False):
        print(message, file=sys.stderr)


def as_json(args: argparse.Namespace) -> bool:
    return getattr(args, "format", "table") == "json"


def jsonable(obj: Any) -> Any:
    """A report as plain JSON data: dataclasses as dicts (their own as_dict/to_dict when they have one),
    paths and errors as strings; fields hidden from repr (secrets, parser objects) are left out."""
    import dataclasses
    import enum
    from pathlib import PurePath

    for method in ("as_dict", "to_dict"):
        if callable(getattr(obj, method, None)):
            return jsonable(getattr(obj, method)())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, PurePath | L10nError):
        return str(obj)
    if isinstance(obj, enum.Enum):
        return obj.value
    return obj


def print_json(data: Any) -> None:
    import json

    print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))


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


def cmd_extract(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.extract import extract_project

    bar = _progress(args, "extract", "page")
    try:
        result = extract_project(cfg, output=args.output, warn=warn, jobs=args.jobs,
                                 check=getattr(args, "check", False), allow_empty=args.allow_empty, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    code = _print_extract(args, result)
    if as_json(args):
        print_json(result)
    return code


def _print_extract(args: argparse.Namespace, result: ExtractResult, check: bool | None = None) -> int:
    check = getattr(args, "check", False) if check is None else check
    _detail_rendered(args, result.rendered)
    for error in result.errors:
        print(f"l10n: error: {error} (its messages in the template are kept as they were; the other pages were "
              "extracted)", file=sys.stderr)
    if check:
        if result.stale:
            print(f"l10n: {result.pot_path} is out of date with the source pages; run `l10n extract`",
                  file=sys.stderr)
        else:
            say(args, f"{result.pot_path}: up to date ({result.messages} messages from {result.pages} pages)")
        return 2 if result.errors else (1 if result.stale else 0)
    state = "written" if result.written else "unchanged"
    say(args, f"{result.pot_path}: {result.messages} messages from {result.pages} pages ({state})")
    return 2 if result.errors else 0


def _detail_rendered(args: argparse.Namespace, rendered: dict[str, str]) -> None:
    """Under -v, every page the warning about script frameworks counts (it names the first of each)."""
    for page, framework in rendered.items():
        detail(args, f"{page}: rendered again in the browser by {framework}")


def cmd_locales(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.discover import discover_locales

    links = discover_locales(cfg, args.page)
    if as_json(args):
        print_json(links)
        return 0
    if not links:
        say(args, f"{args.page}: no language links found")
    _table([(link.locale, link.reason, link.href, link.text) for link in links])
    return 0


def cmd_init(args: argparse.Namespace, cfg: Config) -> int:
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
    results = init_catalogs(cfg, locales)
    _print_init(args, results, quiet_existing=False)
    say(args, f"locales: {', '.join(r.locale for r in results) or '(none)'}")  # (--from-links: the pages' own)
    if any(r.created for r in results):  # a catalogue [tool.l10n] locales does not list: every other command's warning
        already = set(cfg.warnings)
        for message in config_from(args).warnings:
            if message not in already:
                warn(message)
    if as_json(args):
        print_json(results)
    return 0


def _print_init(args: argparse.Namespace, results: list[InitResult], quiet_existing: bool) -> None:
    for result in results:
        if result.created:
            say(args, f"{result.path}: created")
        elif not quiet_existing:
            say(args, f"{result.path}: exists; skipped (init never overwrites; `l10n update` merges)")
        else:
            detail(args, f"{result.path}: exists")


def cmd_update(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.catalog import update_catalogs
    from toolkit.layout import check_layout

    check = getattr(args, "check", False)
    check_layout(cfg)  # (as extract and build do: the pages it compares are the source's)
    _warn_pages_changed(cfg)
    results = update_catalogs(cfg, fuzzy_matching=not args.no_fuzzy_matching, check=check,
                              allow_empty=args.allow_empty)
    code = _print_update(args, results, check)
    if as_json(args):
        print_json(results)
    return code


def _warn_pages_changed(cfg: Config) -> None:
    from toolkit.extract import pages_changed_since_extract

    changed = pages_changed_since_extract(cfg)
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        warn(f"{changed[0]}{more}: added, changed or removed since the template was extracted; the catalogues are "
             "merged with the template as it is (run `l10n extract` first to bring their changes in)")


def _print_update(args: argparse.Namespace, results: list[UpdateResult], check: bool = False) -> int:
    """One line per catalogue; with `check`, exit 1 when any is stale (as `l10n extract --check`)."""
    for result in results:
        if check and result.stale:
            print(f"l10n: {result.path} is out of date with the template; run `l10n update`", file=sys.stderr)
        elif check:
            say(args, f"{result.path}: up to date ({result.stats})")
        else:
            marked = (f"; {result.marked_reviewed} approved machine translation(s) marked reviewed"
                      if result.marked_reviewed else "")
            say(args, f"{result.path}: {result.stats}{marked}" + ("" if result.written else " (unchanged)"))
    return 1 if check and any(r.stale for r in results) else 0


def cmd_compile(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.catalog import compile_catalogs

    results = compile_catalogs(cfg, use_fuzzy=args.use_fuzzy)
    _print_compile(args, results)
    if as_json(args):
        print_json(results)
    return 0


def _print_compile(args: argparse.Namespace, results: list[CompileResult]) -> None:
    for result in results:
        skipped = f", {result.fuzzy_skipped} fuzzy left out (--use-fuzzy)" if result.fuzzy_skipped else ""
        state = "" if result.written else " (unchanged)"
        say(args, f"{result.mo_path}: {result.messages} translations{skipped}{state}")


def cmd_stats(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.catalog import stats_by_page, stats_catalogs

    if args.by_page:
        lags: dict[str, TemplateLag] = {}
        pages = stats_by_page(cfg, lags)
        _warn_behind_template(lags)
        if as_json(args):
            print_json(pages)
            return 0
        _table([(p.page, p.locale, p.units, p.translated, p.fuzzy, p.untranslated, f"{p.percent:.1f}%")
                for p in pages],
               ("page", "locale", "units", "translated", "fuzzy", "untranslated", "%"), align="<<>>>>>")
        return 0
    stats = stats_catalogs(cfg)
    _warn_behind_template({s.locale: s.behind_template for s in stats if s.behind_template})
    if as_json(args):
        print_json(stats)
        return 0
    rows: list[Sequence[object]] = []
    for s in stats:
        rows.append((s.locale, s.translated, s.fuzzy, s.untranslated, s.obsolete,
                     f"{s.percent:.1f}%", f"{s.percent_words:.1f}%"))
    _table(rows, ("locale", "translated", "fuzzy", "untranslated", "obsolete", "%entries", "%words"),
           align="<>>>>>>")
    return 0


def _warn_behind_template(lags: dict[str, TemplateLag]) -> None:
    """One line per catalogue the template has moved on from: its counts are the catalogue's, not the pages'."""
    for locale, lag in lags.items():
        warn(lag.warning(locale))


def cmd_translate(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.mt import parse_options, translate_catalogs

    bar = _progress(args, "translate", "msg")
    try:
        report = translate_catalogs(
            cfg, cfg.locales, args.engine, parse_options(args.engine_option), args.limit, args.dry_run,
            args.overwrite_fuzzy or args.force, force=args.force, concurrency=args.concurrency, timeout=args.timeout,
            use_cache=not args.no_cache, progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    code = _print_translate(args, report)
    if as_json(args):
        print_json(_translate_json(report))
    return code


def _translate_json(report: TranslateReport) -> Any:
    """The translate report as JSON data, secrets masked like every message."""
    from toolkit.mt.redact import redact

    def masked(data: Any) -> Any:
        if isinstance(data, str):
            return redact(data, report.secrets)
        if isinstance(data, dict):
            return {k: masked(v) for k, v in data.items()}
        if isinstance(data, list):
            return [masked(v) for v in data]
        return data

    return masked({**jsonable(report), "warnings": report.warnings()})


def _print_translate(args: argparse.Namespace, report: TranslateReport, stopped_code: int = 2) -> int:
    if not as_json(args):
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
        return stopped_code
    return 1 if report.problems else 0


def cmd_check(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.checks import ERROR, check_catalogs, failed, known_checks

    if args.list_checks:
        off = set(cfg.checks_off) | set(args.off)
        if as_json(args):
            print_json([{"name": c.name, "severity": c.severity, "off": c.name in off, "summary": c.summary}
                        for c in known_checks()])
            return 0
        width = max(len(c.name) for c in known_checks())
        for c in known_checks():
            state = "off" if c.name in off else c.severity
            print(f"{c.name:<{width}} {state:<8} {c.summary}")
        return 0
    if not cfg.locales:
        raise L10nError("no locales to check; pass -l LOCALE or set locales in [tool.l10n]")
    lags: dict[str, TemplateLag] = {}
    results = check_catalogs(cfg, cfg.locales, glossary=args.glossary, include_fuzzy=args.include_fuzzy,
                             checks_off=args.off, lags=lags)
    _warn_behind_template(lags)
    status = 1 if failed(results, strict=args.strict) else 0
    if as_json(args):
        print_json([f for fs in results.values() for f in fs])
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


def cmd_build(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.build import build_site
    from toolkit.config import catalogue_folders

    # (catalogues there, left out: the settings' own warning said which and why)
    if not cfg.locales and not catalogue_folders(cfg.locales_path, cfg.domain):
        warn(f"no target locale: no catalogue under {cfg.relpath(cfg.locales_path)}/, so only the source-language "
             "site is built; create catalogues with `l10n init -l LL`")
    bar = _progress(args, "build", "page")
    try:
        report = build_site(cfg, cfg.locales, include_fuzzy=args.include_fuzzy, force=args.force,
                            jobs=args.jobs, progress=bar, min_percent=args.min_percent, allow_empty=args.allow_empty)
    finally:
        if bar is not None:
            bar.close()
    _print_build(args, cfg, report)
    if as_json(args):
        print_json(report)
    return 2 if report.errors else 0


def _print_build(args: argparse.Namespace, cfg: Config, report: BuildReport,
                 warn_line: Callable[[str], None] = warn) -> None:
    for w in report.warnings:
        warn_line(w)
    _detail_rendered(args, report.rendered)
    for e in report.errors:
        print(f"l10n: error: {e} (skipped)", file=sys.stderr)
    for path in report.written:
        detail(args, f"{path}: written")
    for loc in cfg.locales:
        t, f = report.translated.get(loc, 0), report.fallback.get(loc, 0)
        total = t + f
        withheld = report.withheld.get(loc, 0)
        held = f"; {withheld} page(s) below --min-percent not published" if withheld else ""
        if not total:  # no page of the locale built this time (all up to date, or no page has text)
            say(args, f"{loc}: no units in the pages written this time{held}")
            continue
        say(args, f"{loc}: {t}/{total} units translated ({100 * t / total:.0f}%) in the pages written, source text "
                  f"kept for {f}{held}")
    sitemap = f", {report.sitemap_written} sitemap file(s) written" if report.sitemap_written else ""
    say(args, f"{cfg.output_path}: {len(report.written) - report.sitemap_written} pages written{sitemap}, "
              f"{report.unchanged + report.skipped} up to date, {report.assets_copied} assets copied, "
              f"{len(report.removed)} removed")


ENGINE_HINT = ("the engine failed; compile and build used what there was; to work offline, use "
               "`--engine none` (no machine translation), `--engine pseudo` (layout testing) or "
               "`--engine memory` (reviewed translations of other catalogues)")


def cmd_run(args: argparse.Namespace, cfg: Config) -> int:
    """extract -> update -> translate -> compile -> build; stops at the first failing step.

    A failed engine (no network) does not stop the run: compile and build use what there is, exit 1.
    """
    import time

    from toolkit import pipeline
    from toolkit.mt import parse_options

    bars: list[_TerminalBar] = []

    def progress(step: str) -> _TerminalBar | None:
        bar = _progress(args, step, "page" if step in ("extract", "build") else "msg")
        if bar is not None:
            bars.append(bar)
        return bar

    options = pipeline.RunOptions(engine=args.engine, include_fuzzy=args.include_fuzzy,
                                  engine_options=parse_options(args.engine_option), jobs=args.jobs,
                                  allow_empty=args.allow_empty)
    steps: list[pipeline.StepResult] = []
    clock = [time.perf_counter()]
    code = 0
    said_locales = False
    warned: set[str] = set()

    def warn_once(message: str) -> None:
        """A warning the build repeats after extract (a page a script framework renders again) is printed once."""
        if message not in warned:
            warned.add(message)
            warn(message)

    def started(name: str) -> None:
        clock[0] = time.perf_counter()
        detail(args, f"== {name}")  # verbose: as it starts; otherwise before what it has to say

    try:
        for step in pipeline.run(cfg, options, warn=warn_once, started=started, progress=progress):
            for bar in bars:
                bar.close()
            steps.append(step)
            code = max(code, step.exit_code)
            if getattr(args, "verbose", False) or pipeline.did_something(step) or step.exit_code:
                if not said_locales:
                    say(args, f"locales: {', '.join(cfg.locales) or '(none)'}")
                    said_locales = True
                if not getattr(args, "verbose", False):
                    say(args, f"== {step.name}")
                _print_step(args, cfg, step, warn_once)
            detail(args, f"{step.name}: {time.perf_counter() - clock[0]:.2f} s")
            if step.name == "translate" and _engine_failed(step.report):
                print(f"l10n: hint: {ENGINE_HINT}", file=sys.stderr)
            if step.stops_run:
                print(f"l10n: error: `l10n run` stopped at {step.name}", file=sys.stderr)
                break
    finally:
        for bar in bars:
            bar.close()
    if left := pipeline.untranslated_without_engine(cfg, options, steps):
        say(args, f"l10n run: {left} entries untranslated and no machine-translation engine configured, so none "
                  "was pre-filled (set [tool.l10n] engine or pass --engine NAME; engine = \"none\" or --engine none "
                  "says you translate by hand)")
    idle = pipeline.nothing_done(steps)
    if idle is not None:
        say(args, f"l10n run: nothing to do for {', '.join(cfg.locales) or 'no locale'}; {idle}")
    if as_json(args):
        print_json({"steps": [{"step": s.name, "exit_code": s.exit_code,
                               "report": _translate_json(s.report) if s.name == "translate" else s.report}
                              for s in steps],
                    "exit_code": code, "nothing_to_do": idle is not None})
    return code


def _engine_failed(report: TranslateReport) -> bool:
    """An online engine stopped or failed requests (not: replies it gave were rejected)."""
    return report.online and (bool(report.stopped) or any(r.failed for r in report.locales))


def _print_step(args: argparse.Namespace, cfg: Config, step: StepResult[Any],
                warn_line: Callable[[str], None] = warn) -> None:
    from toolkit import pipeline

    report = step.report
    if isinstance(report, pipeline.UpdateReport):
        _print_init(args, report.created, quiet_existing=True)
        _print_update(args, report.updated)
    elif isinstance(report, pipeline.CompileReport):
        _print_compile(args, report.results)
    elif step.name == "extract":
        _print_extract(args, report, check=False)
    elif step.name == "translate":
        _print_translate(args, report, stopped_code=1)
    elif step.name == "build":
        _print_build(args, cfg, report, warn_line)


def _export_targets(args: argparse.Namespace, cfg: Config, suffix: str) -> list[tuple[str, str]]:
    """(locale, output path) for an export: -o names the file of a single locale."""
    if not cfg.locales:
        raise L10nError("no locales to export; pass -l LOCALE or set locales in [tool.l10n]")
    if args.output and len(cfg.locales) != 1:
        raise L10nError("-o names one file: pick one locale with -l")
    return [(loc, args.output or str(cfg.locales_path / f"{loc}{suffix}")) for loc in cfg.locales]


def cmd_xliff_export(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.exchange.xliff import export_xliff
    from toolkit.fsutil import StagedWrites

    with StagedWrites() as staged:  # (every catalogue read before any file is replaced: a broken one stops them all)
        reports = [export_xliff(cfg, locale, output, staged) for locale, output in _export_targets(args, cfg, ".xlf")]
    for r in reports:
        extra = f", {r.plural_skipped} plural entries left out (no XLIFF 2 form)" if r.plural_skipped else ""
        say(args, f"{r.path}: {r.units} units ({r.reviewed} reviewed, {r.translated} fuzzy){extra}"
                  + ("" if r.written else " (unchanged)"))
        for msgid in r.broken_targets:
            warn(f"{r.path}: translation of {msgid!r} has broken placeholders; exported without its target")
    return 0


def cmd_xliff_import(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.exchange.xliff import import_xliff

    if args.locales and len(cfg.locales) > 1:  # (a file has one trgLang: the others would be passed over unsaid)
        raise L10nError(f"-l names the one locale the file is for; {', '.join(cfg.locales)} are several: "
                        "give one, or none to take the file's trgLang")
    r = import_xliff(cfg, args.file, cfg.locales[0] if args.locales else None)
    for line in r.stale:
        warn(line)
    if r.errors:
        for line in r.errors:
            print(f"l10n: error: {line}", file=sys.stderr)
        print(f"l10n: error: {args.file}: {len(r.errors)} problem(s); nothing was written", file=sys.stderr)
        return 2
    if r.changed_meanwhile:  # (a warning: -q hid it, and the file's text for those entries went unsaid)
        warn(f"{r.catalog}: {r.changed_meanwhile} entries edited in the catalogue while the file was imported were "
             f"left as they are, without the file's text: import {r.path} again to see them as conflicts")
    meanwhile = ""
    if r.kept_since_export:
        meanwhile += f"; {r.kept_since_export} edited in the catalogue since the export (not in the file), kept"
    if r.noted:
        meanwhile += f"; {r.noted} unit(s) with notes of their own, added to the translator comments"
    if r.marks_left:
        meanwhile += (f"; {r.marks_left} note line(s) reading as this toolkit's own marks (machine translation:, "
                      "l10n:) not imported")
    if r.kept_reviewed:
        meanwhile += (f"; {r.kept_reviewed} reviewed entries came back unchanged as not reviewed (the tool's state), "
                      "kept reviewed: edit them, or mark them fuzzy in the catalogue, to unpublish them")
    say(args, f"{r.catalog}: {r.applied} entries updated from {r.path} ({r.units} units, {r.unchanged} unchanged)"
              + meanwhile)
    if r.unfingerprinted:
        warn(f"{r.path}: {r.unfingerprinted} unit(s) that differ carry no fingerprint of what was exported (another "
             "tool's file, or one that dropped them): imported as they are, over any edit made in the catalogue "
             "since the export")
    for line in r.conflicts:
        warn(line)
    if r.conflicts:
        warn(f"{r.path}: {len(r.conflicts)} conflict(s); copy the file's text into the catalogue by hand where it "
             "should win")
    return 1 if r.conflicts or r.stale else 0


def cmd_tmx_export(args: argparse.Namespace, cfg: Config) -> int:
    from toolkit.exchange.tmx import export_tmx
    from toolkit.fsutil import StagedWrites

    with StagedWrites() as staged:  # (as xliff export's: all or none)
        reports = [export_tmx(cfg, locale, output, staged) for locale, output in _export_targets(args, cfg, ".tmx")]
    for r in reports:
        skipped = f"; {r.skipped} with broken placeholders left out" if r.skipped else ""
        say(args, f"{r.path}: {r.units} reviewed translations{skipped}" + ("" if r.written else " (unchanged)"))
    return 0


def cmd_serve(args: argparse.Namespace, cfg: Config) -> int:
    try:
        from toolkit.review.server import ReviewServer
    except ImportError as exc:
        raise L10nError(f"l10n serve needs Starlette and uvicorn ({exc.name} is missing); "
                        "install them with: pip install 'l10n-toolkit[review]'") from None
    from toolkit.catalog import require_catalogs
    from toolkit.layout import check_layout

    check_layout(cfg)  # (the pages it shows are the source's, placed as the build places them)
    missing = [locale for locale in cfg.locales if not cfg.po_path(locale).is_file()]
    if missing == cfg.locales:
        require_catalogs(cfg, missing)  # nothing to review: the first one's error
    elif missing:  # the page names them too; a reviewer of the others is not held up
        warn(f"no catalogue for {', '.join(missing)} yet (l10n init -l …); the other locales are served")
    server = ReviewServer(cfg, args.host, args.port)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"listening on {args.host}: anyone who can reach it and has the URL's token can edit the catalogues")
    print(f"l10n review: open {server.url}  (Ctrl+C stops)", file=sys.stderr, flush=True)
    say(args, f"locales: {', '.join(cfg.locales) or '(none)'}")
    try:
        server.serve_forever()  # uvicorn shuts down cleanly on Ctrl+C, then re-raises it
    except KeyboardInterrupt:
        pass
    say(args, "l10n review: stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    import time

    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _innermost(parser, args).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.quiet and args.verbose:
        parser.error("-q/--quiet and -v/--verbose exclude each other; give one")
    if getattr(args, "wrap_width", None) is not None and args.wrap_width < 0:
        parser.error("--width must be 0 or more columns")
    _log_warnings()
    started = time.perf_counter()
    from toolkit.processes import ReaderMayLeave, sigterm_as_interrupt  # not for --help: start-up counts

    try:
        cfg = config_from(args)
        if argv is None:  # the `l10n` program itself, not a caller of main() in a longer-lived process
            _tune_gc()
            if sys.stdout is not None:  # (None: no stdout at all, a closed descriptor or a GUI launcher)
                sys.stdout = ReaderMayLeave(sys.stdout)
            if sys.stderr is not None:  # (`l10n build 2>&1 | head`: its warnings and progress go there)
                sys.stderr = ReaderMayLeave(sys.stderr)
        for message in cfg.warnings:
            warn(message)
        if getattr(args, "locales", None):
            cfg = _with_locales(cfg, args.locales)
        detail(args, f"project {cfg.root}: catalogues wrapped at {cfg.wrap_width or 'no'} columns")
        with sigterm_as_interrupt():  # a cancelled CI job saves its finished work, as Ctrl-C does
            code = args.func(args, cfg)
        # every command that works per locale says which, once it has run (an error stays one line); run, serve
        # and init say it in their own lines (init's from the links it followed), an XLIFF file names its own locale
        if args.func not in (cmd_extract, cmd_init, cmd_locales, cmd_run, cmd_serve, cmd_xliff_import) and \
                not getattr(args, "list_checks", False):
            say(args, f"locales: {', '.join(cfg.locales) or '(none)'}")
        detail(args, f"l10n {args.command}: {time.perf_counter() - started:.2f} s")
        return code
    except L10nError as exc:
        print(f"l10n: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("l10n: interrupted; finished work was saved", file=sys.stderr)
        if argv is None and _threads_at_work():
            # requests still in flight (translate's): their answers are no longer wanted, and the interpreter's
            # exit waited for each to finish or time out (20 s after Ctrl-C; a second Ctrl-C a traceback)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        return 130
    except MemoryError:
        print("l10n: error: out of memory; split the input or run on a machine with more memory "
              "(nothing was replaced: files are written atomically)", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader left (output `ReaderMayLeave` does not see), which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"l10n: error: {os_error_line(exc)}", file=sys.stderr)
        return 2


def _threads_at_work() -> bool:
    """Whether threads the interpreter would wait for at exit are still running (a pool's, in a request)."""
    import threading

    main_thread = threading.main_thread()
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not main_thread)


_OS_HINTS = {
    errno.ENOSPC: "the disk is full; free space and run again",
    errno.EDQUOT: "the disk quota is exhausted; free space and run again",
    errno.EROFS: "the file system is read-only; use a writable directory",
    errno.EACCES: "permission denied; check the directory's permissions",
    errno.EPERM: "operation not permitted; check the directory's permissions",
    errno.ENOTDIR: "a file stands where a directory is needed; move it away",
    errno.EISDIR: "a directory stands where a file is needed; move it away",
    errno.EEXIST: "something else stands there (a file where a directory is needed?); move it away",
    errno.EFBIG: "the file is larger than this system or the file size limit (ulimit -f) allows",
}


def os_error_line(exc: OSError) -> str:
    """One line for a failed file operation: the file, what happened, what to do; never a traceback."""
    from toolkit.fsutil import ReadOnlyFile, temp_target

    target = temp_target(str(exc.filename)) if exc.filename else None
    where = f"{target}: writing it failed: " if target else f"{exc.filename}: " if exc.filename else ""
    hint = exc.strerror if isinstance(exc, ReadOnlyFile) else _OS_HINTS.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and ".cache" in str(exc.filename or "").split(os.sep):
        hint = f"{hint} (or keep the toolkit's caches elsewhere: --cache-dir DIR, or cache_dir in [tool.l10n])"
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

    from toolkit.config import check_lang_tags, check_locale_folders
    from toolkit.locales import normalize_locale

    selected = list(dict.fromkeys(normalize_locale(code) for code in locales))
    if cfg.source_locale in selected:
        raise L10nError(f"-l {cfg.source_locale} is the source locale: its pages are the source, it has no catalogue; "
                        f"name a target locale ({', '.join(cfg.locales) or 'none configured'})")
    site = list(dict.fromkeys([*cfg.locales, *selected]))
    out = replace(cfg, locales=selected, site_locales=site)
    check_lang_tags(out)  # (the settings' checks of the site's locales, with those -l adds)
    check_locale_folders(out)
    return out
