"""`l10n run`: extract -> update -> translate -> compile -> build, as steps returning reports.

Each step calls the core once and returns its typed report with an exit code; the CLI prints
the reports exactly as the single commands do.  The run stops at the first step that fails.
Translation problems, and an engine that cannot be reached at all (no network), are findings,
not failures: the catalogues still compile and the site still builds with what there is, and
the run exits 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from toolkit.build import BuildReport, build_site
from toolkit.catalog import CompileResult, InitResult, UpdateResult, compile_catalogs, init_catalogs, update_catalogs
from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.extract import ExtractResult, extract_project
from toolkit.mt import Report as TranslateReport
from toolkit.mt import translate_catalogs
from toolkit.processes import release_memory
from toolkit.progress import Progress

R = TypeVar("R")


@dataclass
class UpdateReport:
    created: list[InitResult]  # catalogues a new locale needed first
    updated: list[UpdateResult]


@dataclass
class CompileReport:
    results: list[CompileResult]


@dataclass
class StepResult(Generic[R]):
    name: str
    report: R
    exit_code: int  # 0 ok, 1 findings, 2 error

    @property
    def stops_run(self) -> bool:
        """Whether the run ends here: any error, or findings of a step other than translate."""
        return self.exit_code == 2 or (self.exit_code != 0 and self.name != "translate")


@dataclass
class RunOptions:
    engine: str | None = None  # None: the configured engine; "none": no machine translation
    include_fuzzy: bool = False  # build a preview with the machine translations
    engine_options: dict[str, str] = field(default_factory=dict)  # as `translate --engine-option`
    jobs: int | None = None  # worker processes of extract and build (None: the CPU count)
    allow_empty: bool = False  # no source pages is no error: empty the template, obsolete every entry, clear the site


def extract_step(cfg: Config, warn: Callable[[str], None], jobs: int | None = None,
                 allow_empty: bool = False, progress: Progress | None = None) -> StepResult[ExtractResult]:
    result = extract_project(cfg, warn=warn, jobs=jobs, allow_empty=allow_empty, progress=progress)
    return StepResult("extract", result, 2 if result.errors else 0)


def update_step(cfg: Config, allow_empty: bool = False) -> StepResult[UpdateReport]:
    """Create the catalogues of new locales, then merge the template into every catalogue."""
    created = [r for r in init_catalogs(cfg, cfg.locales) if r.created]
    return StepResult("update", UpdateReport(created, update_catalogs(cfg, allow_empty=allow_empty)), 0)


def translate_step(cfg: Config, engine: str | None = None, progress: Progress | None = None,
                   options: dict[str, str] | None = None) -> StepResult[TranslateReport]:
    """Exit 1 (a finding, the run goes on) when entries failed or the engine stopped (unreachable)."""
    report = translate_catalogs(cfg, cfg.locales, engine or cfg.engine, options, progress=progress)
    return StepResult("translate", report, 1 if report.stopped or report.problems else 0)


def compile_step(cfg: Config) -> StepResult[CompileReport]:
    return StepResult("compile", CompileReport(compile_catalogs(cfg)), 0)


def build_step(cfg: Config, include_fuzzy: bool = False, progress: Progress | None = None,
               jobs: int | None = None, allow_empty: bool = False) -> StepResult[BuildReport]:
    report = build_site(cfg, cfg.locales, include_fuzzy=include_fuzzy, jobs=jobs, progress=progress,
                        allow_empty=allow_empty)
    return StepResult("build", report, 2 if report.errors else 0)


def step_names(cfg: Config, options: RunOptions) -> list[str]:
    translate = (options.engine or cfg.engine) not in (None, "none")
    return ["extract", "update", *(["translate"] if translate else []), "compile", "build"]


def run(cfg: Config, options: RunOptions, *, warn: Callable[[str], None],
        started: Callable[[str], None] | None = None,
        progress: Callable[[str], Progress | None] | None = None) -> Iterator[StepResult]:
    """Run the steps in order, yielding each one's result; stop after one that `stops_run`.

    `started(name)` is called before a step; `progress(name)` may give a step its callback.
    """
    def bar(name: str) -> Progress | None:
        return progress(name) if progress is not None else None

    names = step_names(cfg, options)
    engine = options.engine or cfg.engine
    if options.engine_options and "translate" not in names:  # (settings for no engine were a mistake said nowhere)
        raise L10nError(f"--engine-option is for the translate step, which this run skips ("
                        f"{'--engine none' if options.engine else 'no [tool.l10n] engine'}); pass --engine NAME, "
                        "or drop --engine-option")
    if engine is not None and "translate" in names:  # an unknown engine or option stops the run before extract writes
        from toolkit.mt import check_engine_options
        from toolkit.mt.registry import check_engine_name

        check_engine_name(engine, None if options.engine else cfg.root / "pyproject.toml")
        check_engine_options(engine, options.engine_options)

    steps: dict[str, Callable[[], StepResult]] = {
        "extract": lambda: extract_step(cfg, warn, options.jobs, options.allow_empty, bar("extract")),
        "update": lambda: update_step(cfg, options.allow_empty),
        "translate": lambda: translate_step(cfg, options.engine, bar("translate"), options.engine_options),
        "compile": lambda: compile_step(cfg),
        "build": lambda: build_step(cfg, options.include_fuzzy, bar("build"), options.jobs, options.allow_empty),
    }
    for name in names:
        if started is not None:
            started(name)
        result = steps[name]()
        release_memory()  # what the step freed, before the next one forks workers (a site's update: 250 MB)
        yield result
        if result.stops_run:
            return


def untranslated_without_engine(cfg: Config, options: RunOptions, steps: list[StepResult]) -> int:
    """Entries left untranslated by a run that had no engine configured (0 when one was named, or `none`): a
    person who copied `l10n run` onto a site of their own would else wonder why nothing was translated."""
    if options.engine is not None or cfg.engine is not None:
        return 0
    return sum(r.stats.untranslated for s in steps if isinstance(s.report, UpdateReport) for r in s.report.updated)


def did_something(step: StepResult) -> bool:
    """Whether a step changed a file or has something to say (what a quiet `l10n run` prints)."""
    report = step.report
    if isinstance(report, UpdateReport):
        return bool(report.created) or any(r.written for r in report.updated)
    if isinstance(report, CompileReport):
        return any(r.written for r in report.results)
    if isinstance(report, ExtractResult):
        return report.written or bool(report.errors)
    if isinstance(report, TranslateReport):
        return any(r.filled or r.failed or r.rejected for r in report.locales) or bool(report.stopped)
    if isinstance(report, BuildReport):
        return bool(report.written or report.errors or report.warnings)
    return True


def nothing_done(steps: list[StepResult]) -> str | None:
    """For a complete run that changed nothing: what is up to date, in words; else None."""
    names = [s.name for s in steps]
    if not steps or names[-1] != "build" or any(s.exit_code or did_something(s) for s in steps):
        return None
    by_name = {s.name: s.report for s in steps}
    catalogues = len(by_name["update"].updated)
    pages = by_name["build"].unchanged + by_name["build"].skipped
    return f"template, {catalogues} catalogues and {pages} pages are up to date"
