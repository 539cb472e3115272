"""Project settings: ``[tool.l10n]`` in pyproject.toml, the extraction mapping in babel.cfg; CLI flags override."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from babel.messages.frontend import parse_mapping_cfg
from babel.util import pathmatch

from toolkit.errors import L10nError

DEFAULT_LOCALES = ["ko", "zh_TW", "zh_CN", "ja"]


@dataclass(frozen=True)
class Config:
    root: Path = Path(".")
    source_dir: str = "source_html"
    locales_dir: str = "locales"
    output_dir: str = "build"
    source_locale: str = "en"
    locales: list[str] = field(default_factory=lambda: list(DEFAULT_LOCALES))
    domain: str = "messages"
    engine: str = "google"
    # gettext locale -> BCP 47 tag for <html lang> and hreflang (default: ll_CC -> ll-CC)
    html_lang: dict[str, str] = field(default_factory=dict)
    # do-not-translate terms for `l10n check` (path relative to root), optional
    glossary: str | None = None
    # extraction patterns from babel.cfg: [(glob, method)]
    mapping: list[tuple[str, str]] = field(default_factory=list)
    # every locale of the site when `locales` is narrowed to a selection (-l): the build still
    # links all of them (alternates, language switcher)
    site_locales: list[str] | None = None
    # Project-Id-Version of the template: [project] name and version, else the directory name
    project_id: str | None = None

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
    def pot_path(self) -> Path:
        return self.locales_path / f"{self.domain}.pot"

    def po_path(self, locale: str) -> Path:
        return self.locales_path / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def all_locales(self) -> list[str]:
        """The site's locales: the configured ones plus any selected with -l."""
        return self.site_locales or self.locales

    def lang_tag(self, locale: str) -> str:
        """BCP 47 tag of a gettext locale: zh_TW -> zh-TW, unless configured otherwise."""
        return self.html_lang.get(locale, locale.replace("_", "-"))

    def source_files(self) -> list[Path]:
        """Source pages, sorted: those matching the babel.cfg html patterns, else every *.html/*.htm."""
        src = self.source_path
        if not src.is_dir():
            raise L10nError(
                "source directory not found; create it or pass --source-dir", src
            )
        found = []
        for p in sorted(src.rglob("*")):
            if not p.is_file() or p.suffix.lower() not in (".html", ".htm", ".xhtml"):
                continue
            rel = p.relative_to(self.root).as_posix() if self._under_root(p) else p.as_posix()
            if self.mapping and not any(
                method == "html" and pathmatch(pattern, rel) for pattern, method in self.mapping
            ):
                continue
            found.append(p)
        return found

    def _under_root(self, p: Path) -> bool:
        try:
            p.resolve().relative_to(self.root.resolve())
            return True
        except ValueError:
            return False

    def relpath(self, p: Path) -> str:
        """Path as written in `#:` locations: relative to the project root, POSIX slashes."""
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()


_KNOWN = {f.name for f in fields(Config)} - {"root", "mapping", "site_locales", "project_id"}


def load_config(root: str | Path = ".", **overrides) -> Config:
    """Read pyproject.toml and babel.cfg under `root`; non-None `overrides` (CLI flags) win."""
    root = Path(root)
    settings: dict = {}
    project: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise L10nError(f"invalid TOML: {exc}", pyproject) from None
        settings = dict(data.get("tool", {}).get("l10n", {}))
        project = data.get("project", {})
        unknown = set(settings) - _KNOWN
        if unknown:
            raise L10nError(
                f"unknown [tool.l10n] setting(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(_KNOWN))}",
                pyproject,
            )
    mapping: list[tuple[str, str]] = []
    babel_cfg = root / "babel.cfg"
    if babel_cfg.is_file():
        with babel_cfg.open(encoding="utf-8") as fh:
            method_map, _options = parse_mapping_cfg(fh)
        mapping = [(pattern, method) for pattern, method in method_map]
    given = {k: v for k, v in overrides.items() if v is not None}
    if "source_dir" in given:
        mapping = []  # babel.cfg patterns name the configured source dir, not an ad-hoc one
    project_id = None
    if pyproject.is_file() and project.get("name"):
        project_id = f"{project['name']} {project.get('version', '')}".strip()
    cfg = Config(root=root, mapping=mapping, project_id=project_id, **settings)
    if given:
        cfg = replace(cfg, **given)
    return cfg
