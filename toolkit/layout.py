"""Where the project's folders may lie: one check, made before a command reads the source or writes the output.

The source folder is published whole (its pages localised, every other file copied); the output is the build's
own (it replaces what it writes there and removes what it no longer writes); each locale's pages go into a folder
of the output named by its URL segment.  So the output may not lie in the source nor hold it, the catalogues or the
project; the source may not hold the project, the catalogues or the caches (the build would publish them); the
caches may not lie in the output (a build prunes it); and nothing at the top of the source may bear a locale's
folder name.  Checked by the build alone, these stopped `l10n run` only after extract had read the built pages
as sources and the template, catalogues and .mo files were written from them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import L10nError

if TYPE_CHECKING:
    from toolkit.config import Config

# where each folder is set (errors name no file: a flag may have set it)
_SETTING = {name: f"{name} in [tool.l10n], or --{name.replace('_', '-')}"
            for name in ("source_dir", "locales_dir", "output_dir", "cache_dir")}


def check_layout(cfg: Config) -> None:
    """Every rule of the module's docstring; an error is one line naming the setting to change."""
    check_output_dir(cfg)
    _check_source(cfg)
    _check_segments(cfg)


def check_output_dir(cfg: Config) -> None:
    """The output may not be the source dir or inside it (the next build would read its own output), nor hold the
    source, the catalogues or the project (a build owns its output: it replaces what it writes there and removes
    what it no longer writes, so `--output-dir .` overwrote the project's README)."""
    out, src = cfg.output_path.resolve(), cfg.source_path.resolve()
    setting = _SETTING["output_dir"]
    if out.exists() and not out.is_dir():
        raise L10nError(f"the output directory {cfg.output_dir} is a file; choose a directory ({setting})")
    if _within(out, src):
        raise L10nError(f"the output directory {cfg.output_dir} is inside the source directory {cfg.source_dir}; "
                        f"choose another ({setting})")
    for what, path in (("the source directory", src), ("the catalogues", cfg.locales_path.resolve()),
                       ("the project", cfg.root.resolve())):
        if _within(path, out):
            raise L10nError(f"the output directory {cfg.output_dir} holds {what} ({path}); a build replaces and "
                            f"removes files there: choose a directory of its own ({setting})")


def _check_source(cfg: Config) -> None:
    """The project's folders in the source are refused, not left out of the site (as an output inside the source
    is): a project's root holds more working files than a build could know to leave out (its settings, README,
    tests, CI files)."""
    src, out = cfg.source_path.resolve(), cfg.output_path.resolve()
    if _within(cfg.root.resolve(), src):
        raise L10nError(f"the source directory {cfg.source_dir} holds the project (its pyproject.toml, catalogues "
                        "and caches), and a build publishes every file under it; keep the pages in a folder of their "
                        f"own ({_SETTING['source_dir']})")
    if _within(cfg.locales_path.resolve(), src):
        raise L10nError(f"the catalogues' directory {cfg.locales_dir} is inside the source directory "
                        f"{cfg.source_dir}, so a build would publish the catalogues and their caches; choose another "
                        f"({_SETTING['locales_dir']})")
    cache = cfg.cache_path.resolve()
    for what, folder, name in (("inside the source directory", src, cfg.source_dir),
                               ("inside the output directory", out, cfg.output_dir)):
        if _within(cache, folder):
            why = "would publish it" if folder == src else "removes and replaces files there"
            raise L10nError(f"the cache directory {cfg.cache_dir or cfg.relpath(cfg.cache_path)} is {what} {name}, "
                            f"and a build {why}; choose another ({_SETTING['cache_dir']})")


def _check_segments(cfg: Config) -> None:
    """A locale's folder may not also be a folder or file of the source site (its pages would collide; a file,
    `url_segments = { ko = "robots.txt" }`, stood where the build needed a folder)."""
    try:
        entries = list(cfg.source_path.iterdir())
    except OSError:  # (none yet, or unreadable: reading the pages says so, with what it costs)
        return
    tops = {p.name for p in entries if p.is_dir()}
    files = {p.name for p in entries} - tops
    for loc in cfg.all_locales():
        seg = cfg.url_segment(loc)
        if seg in tops or seg in files:
            what = f"a folder {seg}/" if seg in tops else f"a file {seg}"
            raise L10nError(f"the source directory has {what}, where the {loc} pages would go; "
                            f"rename it or set another folder in [tool.l10n] url_segments", cfg.source_path / seg)


def _within(path: Path, folder: Path) -> bool:
    """`path` is `folder` or lies under it (both resolved)."""
    return path == folder or folder in path.parents
