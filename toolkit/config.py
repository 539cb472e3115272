"""Project settings: ``[tool.l10n]`` in pyproject.toml, the extraction mapping in babel.cfg; CLI flags override.

The project is the directory of the nearest ``pyproject.toml`` with a ``[tool.l10n]`` table, found by walking up
from the working directory as git and ruff do (``--root`` names it instead).  Locale codes are normalised here,
once, so every command sees ``zh_TW`` however the user spelled it.
"""

from __future__ import annotations

import configparser
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from toolkit.errors import L10nError
from toolkit.locales import bcp47, generalises, normalize_locale, og_locale

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Config:
    root: Path = Path(".")
    source_dir: str = "source_html"
    locales_dir: str = "locales"
    output_dir: str = "build"
    # where the toolkit keeps its caches and the build's lock (default: <locales_dir>/.cache); elsewhere when the
    # checkout is read-only (a sandboxed or containerised build)
    cache_dir: str | None = None
    source_locale: str = "en"
    # target locales; when not configured, those with a catalogue under locales_dir (see load_config)
    locales: list[str] = field(default_factory=list)
    domain: str = "messages"
    # default machine-translation engine; none unless the project names one
    engine: str | None = None
    # gettext locale -> BCP 47 tag for <html lang> and hreflang (default: ll_CC -> ll-CC)
    html_lang: dict[str, str] = field(default_factory=dict)
    # gettext locale -> the folder of its pages under the output dir and in URLs (default: the gettext name,
    # zh_TW -> build/zh_TW/); e.g. {zh_TW = "zh-tw"}
    url_segments: dict[str, str] = field(default_factory=dict)
    # where the built site is published, e.g. "https://example.org/": absolute hreflang alternates,
    # canonical links and sitemap.xml (none without it)
    base_url: str | None = None
    # absolute URLs the build writes (canonical, hreflang alternates, sitemap) name pages without ".html", as hosts
    # with clean URLs serve them (/ko/about for ko/about.html); None: as the source pages' own canonical links do
    clean_urls: bool | None = None
    # a page with fewer of its units translated (percent) is not published in that locale
    min_percent: float = 0
    # non-page files of the source dir are hard-linked into the output instead of copied
    hardlink_assets: bool = False
    # non-page files are also placed under each locale's folder (build/ko/css/…), for scripts that compute URLs from
    # the page's place (mdBook's search index, rustdoc's search and settings): the build cannot rewrite those
    locale_assets: bool = False
    # do-not-translate terms for `l10n check` (path relative to root), optional
    glossary: str | None = None
    # `l10n check` checks switched off for the whole project, e.g. ["length", "double-space"]
    checks_off: list[str] = field(default_factory=list)
    # [tool.l10n.llm]: settings of the llm engine (base_url, model, batch…); --engine-option overrides
    llm: dict[str, str] = field(default_factory=dict)
    # TMX files (paths relative to root) the memory engine reads besides the catalogues
    tmx: list[str] = field(default_factory=list)
    # catalogue line width, as msgcat's --width (GNU's default 79); 0 = no wrapping (msgcat --no-wrap)
    wrap_width: int = 79
    # the template's `#:` references, as xgettext's --add-location: "full" (path:line) or "file" (the path alone: a
    # line added to a page no longer renumbers every reference below it in the template and every catalogue)
    add_location: str = "full"
    # ITS 2.0 ID Value (`id`, idValueRule) becomes the msgctxt of an element's text (docs/ITS.md)
    its_id_as_context: bool = False
    # ITS 2.0 global rules files (paths relative to root) applied to every page before its own (docs/ITS.md)
    its_rules: list[str] = field(default_factory=list)
    # extraction patterns from babel.cfg: [(glob, method)]
    mapping: list[tuple[str, str]] = field(default_factory=list)
    # every locale of the site when `locales` is narrowed to a selection (-l): the build still
    # links all of them (alternates, language switcher)
    site_locales: list[str] | None = None
    # Project-Id-Version of the template: [project] name and version, else the directory name
    project_id: str | None = None
    # things the user should know about the settings (printed once by the CLI)
    warnings: tuple[str, ...] = ()

    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def cache_path(self) -> Path:
        """The caches' folder: the one owner of where units, stores, stamps and machine-translation replies go."""
        return self.root / self.cache_dir if self.cache_dir else self.locales_path / ".cache"

    @property
    def pot_path(self) -> Path:
        return self.locales_path / f"{self.domain}.pot"

    def po_path(self, locale: str) -> Path:
        return self.locales_path / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def all_locales(self) -> list[str]:
        """The site's locales: the configured ones plus any selected with -l."""
        return self.site_locales or self.locales

    def lang_tag(self, locale: str) -> str:
        """BCP 47 tag of a gettext locale: zh_TW -> zh-TW, unless configured otherwise in `html_lang`."""
        return self.html_lang.get(locale) or bcp47(locale)

    def url_segment(self, locale: str) -> str:
        """The folder of a locale's pages in the output and in URLs: configured, else the gettext name."""
        if locale == self.source_locale:
            return ""
        return self.url_segments.get(locale) or locale

    def og_locale(self, locale: str) -> str:
        """The Open Graph form of a locale (ko -> ko_KR), from CLDR likely subtags."""
        return og_locale(locale)

    def source_files(self, dangling: list[str] | None = None, unmatched: list[str] | None = None) -> list[Path]:
        """Source pages, sorted: those matching the babel.cfg html patterns, else every page (`PAGE_SUFFIXES`).

        A page name that is a symbolic link to nothing is no page; its path is added to `dangling`.  A page that no
        babel.cfg pattern names, and whose suffix none ends with, is added to `unmatched`: the build copies it as
        it is, worth a word since `**.html` does not name `.htm` or `.xhtml`.  A source folder that cannot be
        read is an error, not a gap: its pages would leave the template and the site."""
        src = self.source_path
        if not src.is_dir():
            if src.is_symlink():
                raise L10nError(f"the source directory is a symbolic link to {os.readlink(src)}, which is not there; "
                                "mount or create it, or pass --source-dir", src)
            if src.exists():
                raise L10nError("the source directory is a file, not a directory; pass --source-dir DIR", src)
            raise L10nError("source directory not found; create it or pass --source-dir", src)
        from babel.util import pathmatch  # babel.cfg's glob dialect, as pybabel matches it (only extract needs it)

        found = []
        root = os.path.abspath(self.root)  # once, not once per page
        for p in sorted(_entries(src)):
            if p.suffix.lower() not in PAGE_SUFFIXES:
                continue
            is_page = p.is_file()
            if not is_page and not (p.is_symlink() and not p.exists()):  # (a link to nothing: named all the same)
                continue  # a folder named like a page
            rel = self.relpath(p, root)
            if self.mapping and not any(
                method == "html" and pathmatch(pattern, rel) for pattern, method in self.mapping
            ):
                if unmatched is not None and is_page and not any(
                    method == "html" and pattern.lower().endswith(p.suffix.lower()) for pattern, method in self.mapping
                ):  # a kind of page no pattern names (`.htm` beside `**.html`), not a folder left out on purpose
                    unmatched.append(rel)
                continue
            if not is_page:
                if dangling is not None:
                    dangling.append(rel)
                continue
            if _CONTROL.search(rel):
                raise L10nError(f"page name {rel!r} contains a control character (a newline?), which no catalogue "
                                "location can hold; rename the file")
            if not rel.isascii() and not _utf8(rel):
                raise L10nError(f"page name {os.fsencode(rel)!r} is not UTF-8 (a Latin-1 name copied from another "
                                "system?), which no UTF-8 catalogue location can hold; rename the file")
            found.append(p)
        return found

    def relpath(self, p: Path, root: str | None = None) -> str:
        """Path as written in `#:` locations: relative to the project root as the path names it, POSIX slashes.

        By name, not by where links lead: a source folder that is a link (`source_html -> ../_build/html`) or a
        page that is one keeps the name it has in the project; the link's target is another path on every machine
        (a home folder in the committed template, and every other checkout's template out of date).  Only a path
        outside the root by name too is resolved, and named absolutely if that is outside as well: by its absolute
        name with `..` taken out lexically (`source_dir = "../p1/src"` wrote `/…/t/../p1/src/index.html`).
        `root`: the root as `os.path.abspath` gives it, when the caller has it already."""
        absolute = Path(os.path.abspath(p))
        try:
            return absolute.relative_to(root or os.path.abspath(self.root)).as_posix()
        except ValueError:
            pass
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return absolute.as_posix()


PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht")  # what a page is named when babel.cfg names none


def unmatched_pages_warning(unmatched: list[str]) -> str:
    """One line for the pages no babel.cfg pattern names (`Config.source_files`)."""
    more = f" and {len(unmatched) - 1} more" if len(unmatched) > 1 else ""
    return (f"{unmatched[0]}{more}: named by no [html: …] pattern in babel.cfg, so not localised (the build copies "
            "them as they are); add a pattern such as [html: source_html/**.htm] to localise them")


def _utf8(name: str) -> bool:
    """Whether a file name the system decoded is UTF-8 (bytes that are not come back as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _entries(src: Path) -> Iterator[Path]:
    """Every name under `src`, not entering symbolic links to folders (as `Path.rglob`, which skips a folder it
    cannot read without a word)."""
    def unreadable(exc: OSError) -> None:
        raise L10nError(f"cannot read this source folder ({exc.strerror}); nothing was done, as its pages would be "
                        "missing from the template and the site", exc.filename)

    for folder, dirs, files in os.walk(src, onerror=unreadable):
        base = Path(folder)
        yield from (base / name for name in (*dirs, *files))


_BASE_URL = re.compile(r"https?://[^/\s?#]+[^\s?#]*")  # (page paths are added to it: no query or fragment)
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_KNOWN = {f.name for f in fields(Config)} - {"root", "mapping", "site_locales", "project_id", "warnings"}


def find_project_root(start: Path) -> Path | None:
    """The nearest directory from `start` upward whose pyproject.toml has a [tool.l10n] table."""
    for directory in (start, *start.parents):
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and isinstance(tool := _read_toml(pyproject).get("tool"), dict) and "l10n" in tool:
            return directory
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise L10nError(f"invalid TOML: {exc}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise L10nError(f"cannot read: {exc}", path) from None


def catalogue_folders(locales_path: Path, domain: str) -> list[str]:
    """The folder names under locales/ that hold a catalogue (<name>/LC_MESSAGES/<domain>.po), sorted, as named."""
    if not locales_path.is_dir():
        return []
    return sorted(p.parent.parent.name for p in locales_path.glob(f"*/LC_MESSAGES/{domain}.po"))


def catalogued_locales(locales_path: Path, domain: str, source: str | None = None,
                       skipped: list[str] | None = None) -> list[str]:
    """Locales that have a catalogue on disk (locales/<ll_CC>/LC_MESSAGES/<domain>.po), sorted.

    Every command finds a catalogue by its locale's gettext name, so a folder must be named so: one spelled
    otherwise (zh-tw/) was built as lang="zh-tw" and `init -l zh_TW` made a second one beside it; one that is no
    locale (bogus/) was built as a language called "bogus".  Both are errors naming the folder, but for a folder
    that names no locale the site can have where `locales` lists them (the caller then passes `skipped`): it is left
    out, its warning added to `skipped` (an app's values-fr/ or templates/ beside the site's stopped every command).
    The source locale's folder, however spelled, is returned as `source`, for the caller to leave out with a word.
    """
    where = locales_path.name
    found = []
    for name in catalogue_folders(locales_path, domain):
        try:
            code = normalize_locale(name)
        except L10nError as exc:
            problem = L10nError(f"holds a catalogue, but its name is no locale ({exc.message}); rename the folder to "
                                f"its locale's gettext name, such as ko or zh_TW, or move it out of {where}/",
                                locales_path / name)
            if skipped is None:
                raise problem from None
            skipped.append(f"{problem} (left out)")
            continue
        if code != name and code != source:
            raise L10nError(f"holds the catalogue of {code} under another spelling, where every command looks for "
                            f"{where}/{code}/; rename the folder to {code}", locales_path / name)
        found.append(code)
    return found


@dataclass(frozen=True)
class MappingSection:
    """One `[method: pattern]` section of babel.cfg, with the options pybabel hands its extractor."""
    pattern: str
    method: str
    options: dict[str, str]

    @property
    def name(self) -> str:
        return f"[{self.method}: {self.pattern}]"


def read_babel_cfg(path: Path) -> list[MappingSection]:
    """The sections of a babel.cfg, as pybabel reads them (`[method: pattern]`, then `option = value` lines).

    The stdlib's configparser, as babel's own `parse_mapping_cfg` uses it, without importing babel's
    command-line frontend on every command; a malformed file is one line naming it.
    """
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(path.read_text("utf-8"), str(path))
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise L10nError(f"malformed extraction mapping: {str(exc).splitlines()[0]}", path) from None
    out = []
    for section in parser.sections():
        if section == "extractors":  # pybabel's table of extractor names, not a mapping
            continue
        method, _, pattern = section.partition(":")
        out.append(MappingSection(pattern.strip(), method.strip(), dict(parser.items(section))))
    return out


# options of a babel.cfg [html: …] section, which pybabel hands the html extractor: each is also a [tool.l10n]
# setting, which a section leaving it out falls back to (`section_setting`); l10n reads them as pybabel does
HTML_OPTIONS = ("its_id_as_context", "source_locale")
# the words a setting written as text says on or off with (1/yes/true/on, 0/no/false/off: configparser's)
SWITCH_WORDS = configparser.RawConfigParser.BOOLEAN_STATES


def section_setting(options: Mapping[str, Any], key: str, project: Config | None, section: str = "babel.cfg",
                    path: Path | None = None) -> Any:
    """The value of an [html: …] section's option `key` (HTML_OPTIONS), else the project's setting: the one reader
    of these options, for `l10n` (`load_config`) and the pybabel plugin alike.  A value that is no value of the
    setting (`its_id_as_context = maybe`) is an error naming it, not read as false."""
    if key not in options:
        return getattr(project if project is not None else Config(), key)
    raw = str(options[key]).strip()
    if key == "its_id_as_context":
        if raw.lower() not in SWITCH_WORDS:
            raise L10nError(f"{section}: its_id_as_context = {raw} must be true or false", path)
        return SWITCH_WORDS[raw.lower()]
    try:
        return normalize_locale(raw)
    except L10nError as exc:
        raise L10nError(f"{section}: source_locale = {raw}: {exc.message}", path) from None


def _section_settings(sections: list[MappingSection], settings: dict, babel_cfg: Path,
                      warnings: list[str]) -> dict[str, Any]:
    """The [tool.l10n] settings babel.cfg's [html: …] sections give (HTML_OPTIONS), as pybabel reads them.

    l10n extracts every page one way, so the sections must agree, one that leaves an option out giving the
    project's value (as in pybabel); so must [tool.l10n] where it sets the option too.  An unknown option is a
    warning: pybabel ignores it, and a misspelt option would go unnoticed."""
    html = [section for section in sections if section.method == "html"]
    for section in html:
        for option in sorted(set(section.options) - set(HTML_OPTIONS)):
            warnings.append(f"babel.cfg {section.name}: unknown option {option!r}, ignored; the html extractor's "
                            f"options are {', '.join(HTML_OPTIONS)}")
    out: dict[str, Any] = {}
    for key in HTML_OPTIONS:
        setters = [section for section in html if key in section.options]
        if not setters:
            continue
        first = setters[0]
        value = section_setting(first.options, key, None, f"{first.name}", babel_cfg)
        said = f"{first.name} sets {key} = {first.options[key]}"
        if key in settings and _comparable(key, settings[key]) != value:
            raise L10nError(f"{said}, but pyproject.toml [tool.l10n] sets {key} = {_toml(settings[key])}; keep one "
                            "(pybabel reads babel.cfg's)", babel_cfg)
        for section in html:
            if key not in section.options:
                if key not in settings and value != getattr(Config, key):
                    raise L10nError(f"{said}, but {section.name} leaves it out ({_toml(getattr(Config, key))}); "
                                    "l10n extracts every page one way: set it in every [html: …] section, or once "
                                    "in pyproject.toml [tool.l10n]", babel_cfg)
            elif section_setting(section.options, key, None, section.name, babel_cfg) != value:
                raise L10nError(f"{said}, but {section.name} sets it to {section.options[key]}; l10n extracts every "
                                "page one way: set it alike in every [html: …] section", babel_cfg)
        out[key] = value
    return out


def _comparable(key: str, value: Any) -> Any:
    """A [tool.l10n] value as `section_setting` reads babel.cfg's (a locale normalised; a bad one as it is, for
    the check of [tool.l10n] to name)."""
    if key != "source_locale":
        return value
    try:
        return normalize_locale(value)
    except L10nError:
        return value


def _toml(value: Any) -> str:
    """A setting's value as pyproject.toml writes it."""
    return str(value).lower() if isinstance(value, bool) else f'"{value}"'


def load_config(root: str | Path | None = None, **overrides: Any) -> Config:
    """Settings of the project at `root`, or of the nearest project above the working directory.

    Non-None `overrides` (CLI flags) win over pyproject.toml.  Raises L10nError when no project is found.
    """
    if root is None:
        found = find_project_root(Path.cwd())
        if found is None:
            raise L10nError("no pyproject.toml with a [tool.l10n] table in this directory or any parent; "
                            "run l10n inside a project, or pass --root DIR")
        root = found
    root = Path(root)
    if not root.is_dir():
        raise L10nError("project directory not found; check --root", root)
    settings: dict = {}
    project: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_toml(pyproject)
        tool = data.get("tool", {})
        table = tool.get("l10n", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise L10nError("[tool.l10n] must be a table of settings", pyproject)
        settings = dict(table)
        project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
        unknown = set(settings) - _KNOWN
        if unknown:
            raise L10nError(
                f"unknown [tool.l10n] setting(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(_KNOWN))}",
                pyproject,
            )
    _check_types(settings, pyproject)
    babel_cfg = root / "babel.cfg"
    sections = read_babel_cfg(babel_cfg) if babel_cfg.is_file() else []
    notes: list[str] = []
    settings.update(_section_settings(sections, settings, babel_cfg, notes))
    mapping = [(section.pattern, section.method) for section in sections]
    given = {k: v for k, v in overrides.items() if v is not None}
    _check_flags(given)
    if "source_dir" in given:
        mapping = _mapping_for(given["source_dir"], settings.get("source_dir", Config.source_dir), mapping, root,
                               notes)
    project_id = None
    if pyproject.is_file() and project.get("name"):
        project_id = f"{project['name']} {project.get('version', '')}".strip()
    try:
        cfg = Config(root=root, mapping=mapping, project_id=project_id, warnings=tuple(notes), **settings)
    except TypeError as exc:
        raise L10nError(f"bad [tool.l10n] settings: {exc}", pyproject) from None
    if given:
        cfg = replace(cfg, **given)
    return _normalised(cfg, configured="locales" in settings, where=pyproject, flags=frozenset(given))


def _mapping_for(flag: str, configured: str, mapping: list[tuple[str, str]], root: Path,
                 warnings: list[str]) -> list[tuple[str, str]]:
    """babel.cfg's patterns under `--source-dir FLAG`: they name the configured source folder, so they hold when
    the flag names that folder too; for another folder they are dropped, with a word, and every page is taken."""
    if os.path.realpath(root / flag) == os.path.realpath(root / configured):
        return mapping
    if any(method == "html" for _, method in mapping):
        warnings.append(f"--source-dir {flag}: babel.cfg's [html: …] patterns name {configured}/, not {flag}, so "
                        f"they are not applied: every page under {flag} is taken")
    return []


# [tool.l10n] settings that are one string each: what a wrong value should have been
_STRINGS = {"source_dir": "a directory", "locales_dir": "a directory", "output_dir": "a directory",
            "cache_dir": "a directory",
            "source_locale": "a locale code such as \"en\"", "engine": "an engine name such as \"google\"",
            "glossary": "a file name", "domain": "a catalogue name such as \"messages\""}
_STRING_LISTS = {"checks_off": 'a list of check names, e.g. ["length"]',
                 "tmx": 'a list of TMX files, e.g. ["tm/site.tmx"]',
                 "its_rules": 'a list of ITS rules files, e.g. ["its/rules.xml"]'}
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


LOCATION_FORMS = ("full", "file")  # `add_location`'s values
_SWITCHES = ("hardlink_assets", "locale_assets", "its_id_as_context", "clean_urls")


def _check_types(settings: dict, where: Path) -> None:
    """Each [tool.l10n] value of the type it must have: one line naming the setting, not a traceback later."""
    for key in _SWITCHES:
        if key in settings and not isinstance(settings[key], bool):
            raise L10nError(f"`{key}` must be true or false, not {settings[key]!r}", where)
    for key, what in _STRINGS.items():
        value = settings.get(key)
        if key in settings and (not isinstance(value, str) or not value.strip() or _CONTROL.search(value)):
            raise L10nError(f"`{key}` must be {what} (a non-empty string), not {value!r}", where)
    for key, what in _STRING_LISTS.items():
        value = settings.get(key)
        if key in settings and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise L10nError(f"`{key}` must be {what}, not {value!r}", where)
    if "url_segments" in settings and not isinstance(settings["url_segments"], dict):
        raise L10nError('`url_segments` must be a table of locale = "folder", e.g. url_segments = { zh_TW = "zh-tw" }, '
                        f"not {settings['url_segments']!r}", where)
    if "base_url" in settings and not isinstance(settings["base_url"], str):
        raise L10nError('`base_url` must be an absolute http(s) URL such as "https://example.org/", '
                        f"not {settings['base_url']!r}", where)
    html_lang = settings.get("html_lang", {})
    if not isinstance(html_lang, dict):
        raise L10nError('`html_lang` must be a table of locale = "BCP 47 tag", e.g. html_lang = { zh_TW = "zh-Hant" }',
                        where)
    for locale, tag in html_lang.items():
        if not isinstance(tag, str) or not _LANG_TAG.fullmatch(tag):
            raise L10nError(f"`html_lang` {locale} = {tag!r} is not a BCP 47 language tag (such as \"zh-Hant\")",
                            where)
    llm = settings.get("llm", {})
    if not isinstance(llm, dict) or not all(isinstance(v, str | int | bool) and not isinstance(v, float)
                                            for v in llm.values()):
        raise L10nError('[tool.l10n.llm] must be a table of settings (base_url = "…", model = "…", batch = 20)',
                        where)


def _check_flags(given: dict[str, Any]) -> None:
    """A flag's value is held to its setting's rule, the error naming the flag: an empty `--source-dir=` read the
    project root as the source, `--domain=` looked for `.po` files, `--cache-dir=` was ignored."""
    for key, what in _STRINGS.items():
        value = given.get(key)
        if isinstance(value, str) and (not value.strip() or _CONTROL.search(value)):
            raise L10nError(f"--{key.replace('_', '-')} must be {what} (a non-empty string), not {value!r}")


def _normalised(cfg: Config, configured: bool, where: Path, flags: frozenset[str] = frozenset()) -> Config:
    """Locale codes in their gettext form, once; unconfigured locales come from the catalogues on disk.  An error
    names pyproject.toml (`where`) only for a value that came from it, not from a flag (`flags`)."""
    if isinstance(cfg.wrap_width, bool) or not isinstance(cfg.wrap_width, int) or cfg.wrap_width < 0:
        raise L10nError("`wrap_width` must be a whole number of columns (79 as GNU gettext; 0: no wrapping)", where)
    if cfg.add_location not in LOCATION_FORMS:
        raise L10nError(f"`add_location` must be \"full\" (path:line, as xgettext) or \"file\" (the path alone), not "
                        f"{cfg.add_location!r} (\"never\" is not offered: a page that fails to read keeps its messages "
                        "in the template by their paths, and `stats --by-page` counts by them)",
                        None if "add_location" in flags else where)
    if not isinstance(cfg.locales, list) or not all(isinstance(c, str) for c in cfg.locales):
        raise L10nError("`locales` must be a list of locale codes, e.g. [\"ko\", \"zh_TW\"]", where)
    source = _locale(cfg.source_locale, "source_locale", where, flags)
    if configured:
        locales = list(dict.fromkeys(_locale(code, "locales", where) for code in cfg.locales))
    html_lang = _by_locale(cfg.html_lang, "html_lang", where)
    url_segments = _by_locale(cfg.url_segments, "url_segments", where)
    misnamed: list[str] = []  # (folders naming no locale, beside listed ones: a warning, not an error)
    on_disk = catalogued_locales(cfg.locales_path, cfg.domain, source, misnamed if configured else None)
    if not configured:
        locales = list(on_disk)
    for code, segment in url_segments.items():
        if not isinstance(segment, str) or not _SEGMENT.fullmatch(segment):
            raise L10nError(f"url_segments: {code} = {segment!r} is not a folder name (letters, digits, - _ .)", where)
        if segment.lower().endswith(PAGE_SUFFIXES):
            raise L10nError(f"url_segments: {code} = {segment!r} is named like a page, not a folder: the {code} pages "
                            f"go under {segment}/; name a folder such as {code.lower().replace('_', '-')!r}", where)
    if Path(cfg.domain).name != cfg.domain or cfg.domain in (".", ".."):
        raise L10nError(f"{'--domain' if 'domain' in flags else '`domain`'} must be a plain catalogue name such as "
                        f"\"messages\", not {cfg.domain!r}", None if "domain" in flags else where)
    if cfg.base_url is not None and (not _BASE_URL.fullmatch(cfg.base_url) or _CONTROL.search(cfg.base_url)):
        raise L10nError(f"base_url {cfg.base_url!r} must be an absolute http(s) URL without spaces, a query (?…) "
                        "or a fragment (#…), as each page's path is added to it: e.g. \"https://example.org/\"",
                        where)
    if (isinstance(cfg.min_percent, bool) or not isinstance(cfg.min_percent, int | float)
            or not 0 <= cfg.min_percent <= 100):  # (true is 1 to Python, not a percentage)
        raise L10nError(f"min_percent must be a number from 0 to 100, not {cfg.min_percent!r}", where)
    warnings = [*cfg.warnings, *misnamed]
    if configured:
        unlisted = [code for code in on_disk if code not in locales]
        if unlisted:
            warnings.append(f"catalogue(s) for {', '.join(unlisted)} under {cfg.locales_dir}/ are not in [tool.l10n] "
                            "locales, so commands leave them out unless named with -l; add them to `locales` or "
                            "remove the directories")
    warnings += _strays(url_segments, "url_segments", [code for code in [*locales, *on_disk] if code != source],
                        "target locale")
    warnings += _strays(html_lang, "html_lang", [source, *locales, *on_disk], "locale")
    alike = [code for code in locales if generalises(code, source)]
    if alike:  # (source en_US, target en: a catalogue translating the pages into what they are written in)
        warnings.append(f"{' and '.join(alike)} {'is' if len(alike) == 1 else 'are'} the source locale {source} by "
                        "CLDR's likely subtags (the same language, script and region): its pages would be in the "
                        "language they are written in; name another variety (such as en_GB, pt_PT) or leave it out")
    if source in locales:
        warnings.append(f"the source locale {source} is also listed as a target; it is left out of the targets"
                        if configured else f"{cfg.locales_dir}/ has a catalogue for the source locale {source}, whose "
                        "pages are the source; it is left out of the targets")
        locales.remove(source)
    base_url = cfg.base_url if cfg.base_url is None or cfg.base_url.endswith("/") else cfg.base_url + "/"
    out = replace(cfg, source_locale=source, locales=locales, html_lang=html_lang, url_segments=url_segments,
                  base_url=base_url, warnings=tuple(warnings))
    check_lang_tags(out, where)
    check_locale_folders(out, where)
    return out


def _strays(table: dict[str, Any], setting: str, site: list[str], what: str) -> list[str]:
    """A warning for the keys of a table by locale naming no locale of the site (`site`): a typo (fr_FR for fr)
    leaves the locale it meant with the default, without a word."""
    strays = [code for code in table if code not in site]
    if not strays:
        return []
    return [f"`{setting}` names {', '.join(strays)}, not {'a ' + what if len(strays) == 1 else what + 's'} of the site "
            f"({', '.join(dict.fromkeys(site)) or 'none'}), so {'it is' if len(strays) == 1 else 'they are'} not "
            "used; a misspelt locale?"]


def _locale(code: str, setting: str, where: Path, flags: frozenset[str] = frozenset()) -> str:
    """A locale code of a setting normalised; a bad one is an error naming where it came from: its flag, or the
    setting in pyproject.toml (`where`)."""
    try:
        return normalize_locale(code)
    except L10nError as exc:
        if setting in flags:
            raise L10nError(f"--{setting.replace('_', '-')}: {exc.message}") from None
        raise L10nError(f"`{setting}`: {exc.message}", where) from None


def _by_locale(table: dict[str, Any], setting: str, where: Path) -> dict[str, Any]:
    """A table keyed by locale, its keys normalised: two spellings of one locale are an error, not the last winning."""
    out: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in table.items():
        code = _locale(key, setting, where)
        if code in out:
            raise L10nError(f"`{setting}` names {code} twice, as {spelled[code]!r} and {key!r}; keep one", where)
        out[code] = value
        spelled[code] = key
    return out


def check_locale_folders(cfg: Config, where: Path | None = None) -> None:
    """Each version of the site has a folder of its own (case aside: one folder on a case-insensitive disk), the
    locales selected with -l too: two in one folder overwrote each other's pages and named one page as both."""
    folders: dict[str, str] = {}
    for code in cfg.all_locales():
        folder = cfg.url_segment(code)
        if folder.lower() in folders:
            raise L10nError(f"url_segments: {folders[folder.lower()]} and {code} would both be built into "
                            f"{folder}/; give each locale a folder of its own", where)
        folders[folder.lower()] = code


def check_lang_tags(cfg: Config, where: Path | None = None) -> None:
    """Each version of the site has a `lang` tag of its own (case aside): two with one tag (sr@latin and sr_Latn,
    ko with ko_KR tagged "ko") were two catalogues and folders that pages, hreflang, the sitemap and an XLIFF
    file's trgLang could not tell apart."""
    seen: dict[str, str] = {}
    for code in [cfg.source_locale, *cfg.all_locales()]:
        tag = cfg.lang_tag(code)
        first = seen.setdefault(tag.lower(), code)
        if first != code:
            which = "the source locale " if first == cfg.source_locale else ""
            raise L10nError(f"{which}{first} and {code} are both tagged {tag!r} (lang, hreflang, the sitemap), which "
                            "cannot tell them apart; keep one, or give one a tag of its own in html_lang", where)
