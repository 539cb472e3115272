"""`l10n run` as pipeline steps: typed reports, printed by the CLI, stopping at a failing step."""

from __future__ import annotations

import polib
import pytest

from toolkit import pipeline
from toolkit.build import BuildReport
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.extract import ExtractResult


def test_run_yields_one_typed_report_per_step(project):
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    cfg = load_config(root)
    started = []
    results = list(pipeline.run(cfg, pipeline.RunOptions(engine="none"), warn=print, started=started.append))
    assert started == [r.name for r in results] == ["extract", "update", "compile", "build"]
    extract, update, compile_, build = (r.report for r in results)
    assert isinstance(extract, ExtractResult) and extract.messages == 1
    assert isinstance(update, pipeline.UpdateReport) and [c.locale for c in update.created] == ["ko"]
    assert isinstance(compile_, pipeline.CompileReport) and compile_.results[0].locale == "ko"
    assert isinstance(build, BuildReport) and build.fallback == {"ko": 1}
    assert all(r.exit_code == 0 for r in results)


def test_a_run_without_an_engine_says_why_nothing_was_pre_filled(project, capsys):
    """No `engine` configured: the translate step is left out, and a person who copied `l10n run` onto their own
    site saw no word of it.  One line says so; `--engine none` (or the setting) is the quiet way to ask for no
    machine translation, and `-q` hides it."""
    root = project({"a.html": "<html><body><p>Hello</p><p>World</p></body></html>"}, locales=["ko"])
    assert main(["run", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "l10n run: 2 entries untranslated and no machine-translation engine configured" in err
    assert "== translate" not in err
    for quiet in (["--engine", "none"], ["-q"]):
        assert main(["run", "--root", str(root), *quiet]) == 0
        assert "no machine-translation engine" not in capsys.readouterr().err
    toml = root / "pyproject.toml"
    toml.write_text(toml.read_text("utf-8").replace("[tool.l10n]", '[tool.l10n]\nengine = "none"'), "utf-8")
    assert main(["run", "--root", str(root)]) == 0
    assert "no machine-translation engine" not in capsys.readouterr().err
    assert main(["translate", "--root", str(root)]) == 2  # (said so, not "unknown engine 'none'")
    assert 'machine translation is off (engine "none")' in capsys.readouterr().err


def test_each_step_gives_back_the_memory_it_freed_before_the_next_one_starts(project, monkeypatch):
    """The build forks its workers: after a site's update the run held 390 MiB of freed memory, which each worker
    then counted (1.3 GiB for the process tree, 940 MiB once given back)."""
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    events: list[str] = []
    monkeypatch.setattr(pipeline, "release_memory", lambda: events.append("release"))
    steps = [r.name for r in pipeline.run(load_config(root), pipeline.RunOptions(engine="none"), warn=print,
                                          started=events.append)]
    assert events == [e for name in steps for e in (name, "release")]


def test_memory_given_back_is_unmapped(tmp_path):
    """`release_memory` after an update: the process maps less than before it (a spare tuple of a free list
    pins an arena of freed memory; glibc keeps freed heap pages)."""
    import subprocess
    import sys

    from tests.test_build_store import catalogue

    po = tmp_path / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalogue(po, 20_000)
    (tmp_path / "locales" / "messages.pot").write_text(po.read_text("utf-8").replace('"Sentence 1', '"Phrase 1'))
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n')
    code = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from toolkit.cli import _tune_gc\n"
        "from toolkit.config import load_config\n"
        "from toolkit.catalog.lifecycle import update_catalogs\n"
        "from toolkit.processes import release_memory\n"
        "def rss(): return int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "_tune_gc()\n"
        "update_catalogs(load_config(Path(sys.argv[1])))\n"
        "before = rss()\n"
        "release_memory()\n"
        "print(before, rss())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    before, after = map(int, out.stdout.split())
    assert after < before - 4096, (before, after)  # KiB


def test_run_translates_with_an_offline_engine_and_builds_the_preview(project):
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    cfg = load_config(root)
    opts = pipeline.RunOptions(engine="pseudo", include_fuzzy=True)
    results = {r.name: r for r in pipeline.run(cfg, opts, warn=print)}
    assert results["translate"].report.locales[0].filled == 1
    assert results["build"].report.translated == {"ko": 1}
    entry = polib.pofile(str(cfg.po_path("ko"))).find("Hello")
    assert entry is not None and entry.fuzzy


def test_run_stops_at_the_first_failing_step(project, monkeypatch, capsys):
    root = project({"a.html": "<p>Hello</p>"}, locales=["ko"])

    def failing_compile(cfg):
        return pipeline.StepResult("compile", pipeline.CompileReport([]), 2)

    monkeypatch.setattr(pipeline, "compile_step", failing_compile)
    assert main(["run", "--root", str(root), "--engine", "none"]) == 2
    err = capsys.readouterr().err
    assert "== compile" in err and "== build" not in err and "`l10n run` stopped at compile" in err
    assert not (root / "build").exists()


@pytest.mark.parametrize("given, said", [
    (["--engine", "bogus"], "unknown engine 'bogus'"),
    (["--engine", "pseudo", "--engine-option", "bogus=1"], "engine pseudo has no option bogus; known: backoff"),
    (["--engine", "deepl", "--engine-option", "formalty=more"], "engine deepl has no option formalty"),
    # settings for an engine the run does not use (`--engine none`, or none configured) were ignored without a word
    (["--engine", "none", "--engine-option", "url=http://127.0.0.1:5000/"], "which this run skips (--engine none)"),
    (["--engine-option", "retries=0"], "which this run skips (no [tool.l10n] engine)"),
])
def test_an_unknown_engine_or_option_stops_the_run_before_it_writes_anything(project, capsys, given, said):
    """`run --engine bogus` failed at translate, after update had rewritten the catalogues; so did an engine
    option it has not, after extract had rewritten the template too."""
    root = project({"a.html": "<p>Hello</p>"}, locales=["ko"])
    assert main(["run", "--root", str(root), "--engine", "none", "-q"]) == 0
    (root / "source_html" / "a.html").write_text("<p>Hello</p><p>A new sentence</p>", "utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["run", "--root", str(root), *given]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1, err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_translation_findings_do_not_stop_the_run():
    assert not pipeline.StepResult("translate", None, 1).stops_run
    assert pipeline.StepResult("translate", None, 2).stops_run
    assert pipeline.StepResult("extract", None, 1).stops_run


def test_cli_draws_no_bar_off_a_terminal(capsys):
    import argparse

    from toolkit.cli import _progress

    assert _progress(argparse.Namespace(quiet=False), "build", "page") is None  # captured stderr is no tty
