"""`update` and `compile` with the same inputs as their last run do no work again (`toolkit.catalog.stamps`), and
any change of an input (the template, the catalogue, the .mo, a setting) does it again."""

from __future__ import annotations

import json

import polib
import pytest

from toolkit.catalog import lifecycle
from toolkit.cli import main

PAGES = {"a.html": "<html><body><p>Hello world</p><p>Shared text</p></body></html>",
         "b.html": "<html><body><p>Shared text</p><p>Only on b</p></body></html>"}


@pytest.fixture
def site(project):
    root = project(PAGES, locales=["ko", "ja"])
    for argv in (["extract"], ["init"], ["translate", "--engine", "pseudo", "-l", "ko"]):
        assert main([*argv, "--root", str(root), "-q"]) == 0
    return root


def po(root, locale="ko"):
    return root / "locales" / locale / "LC_MESSAGES" / "messages.po"


def counting(monkeypatch, name: str) -> list[str]:
    """Calls of lifecycle's `name` (the reads update and compile make when they do the work)."""
    calls: list[str] = []
    real = getattr(lifecycle, name)
    monkeypatch.setattr(lifecycle, name, lambda *a, **k: calls.append(name) or real(*a, **k))
    return calls


def update(root, capsys) -> list[dict]:
    assert main(["update", "--root", str(root), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_an_update_of_the_same_template_and_catalogues_reads_neither_again(site, monkeypatch, capsys):
    first = update(site, capsys)
    reads = counting(monkeypatch, "read_catalog")
    before = {locale: po(site, locale).read_bytes() for locale in ("ko", "ja")}
    again = update(site, capsys)
    assert reads == [] and [r["stats"] for r in again] == [r["stats"] for r in first]
    assert all(not r["written"] and not r["stale"] for r in again)
    assert {locale: po(site, locale).read_bytes() for locale in ("ko", "ja")} == before
    assert main(["update", "--root", str(site), "--check", "-q"]) == 0 and reads == []
    # a translator's edit, a new template, another line width: merged again
    catalogue = polib.pofile(str(po(site)))
    catalogue.find("Only on b").msgstr = "b에만"
    catalogue.save()
    update(site, capsys)
    assert reads == ["read_catalog"]
    update(site, capsys)
    assert reads == ["read_catalog"]
    (site / "source_html" / "b.html").write_text("<html><body><p>Only on b, now</p></body></html>", "utf-8")
    assert main(["extract", "--root", str(site), "-q"]) == 0
    update(site, capsys)
    assert reads == ["read_catalog"] * 2 and polib.pofile(str(po(site, "ja"))).find("Only on b, now") is not None
    settings = site / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("[tool.l10n]", "[tool.l10n]\nwrap_width = 0"), "utf-8")
    update(site, capsys)
    assert reads == ["read_catalog"] * 3


def test_a_compile_of_the_same_catalogue_with_its_mo_there_builds_nothing_again(site, monkeypatch, capsys):
    assert main(["compile", "--root", str(site), "-q"]) == 0
    mo = po(site).with_suffix(".mo")
    first = mo.read_bytes()
    capsys.readouterr()
    assert main(["compile", "--root", str(site), "--format", "json"]) == 0
    made = json.loads(capsys.readouterr().out)
    reads = counting(monkeypatch, "read_translations")
    assert main(["compile", "--root", str(site), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert reads == [] and mo.read_bytes() == first and not any(r["written"] for r in again)
    assert [(r["messages"], r["fuzzy_skipped"]) for r in again] == [(r["messages"], r["fuzzy_skipped"]) for r in made]
    assert made[0]["fuzzy_skipped"] == 3
    mo.write_bytes(b"tampered")  # the .mo is not the one made: made again
    assert main(["compile", "--root", str(site), "-q"]) == 0
    assert mo.read_bytes() == first and reads == ["read_translations"]
    assert main(["compile", "--root", str(site), "-q", "--use-fuzzy"]) == 0  # another input: made again
    assert mo.read_bytes() != first and reads == ["read_translations"] * 3  # (both catalogues)


def test_a_stamps_file_that_is_not_ours_is_a_miss(site, capsys):
    update(site, capsys)
    stamps = site / "locales" / ".cache" / "stamps.json"
    for junk in ("not json", "[]", '{"format": 1, "update": {"ko": {"key": 5, "value": []}}}', "{" * 100_000):
        stamps.write_text(junk, "utf-8")
        assert all(not r["written"] for r in update(site, capsys))
    assert json.loads(stamps.read_text("utf-8"))["format"] == 1


def test_a_hand_edited_stamp_is_a_miss_not_a_traceback(site, capsys):
    update(site, capsys)
    assert main(["compile", "--root", str(site), "-q"]) == 0
    stamps = site / "locales" / ".cache" / "stamps.json"
    data = json.loads(stamps.read_text("utf-8"))
    data["update"]["ko"]["value"]["note"] = 1
    data["update"]["ja"]["value"]["translated"] = "lots"
    del data["compile"]["ko"]["value"]["messages"]
    stamps.write_text(json.dumps(data), "utf-8")
    assert [r["stats"]["translated"] for r in update(site, capsys)] == [0, 0]  # (pseudo's are fuzzy)
    assert main(["compile", "--root", str(site), "-q"]) == 0


def test_a_stamps_file_that_is_a_link_is_neither_read_nor_written_through(site, capsys, tmp_path):
    """A repository shipping `locales/.cache/stamps.json` as a link (to ~/.bashrc) had it written over."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", "utf-8")
    cache = site / "locales" / ".cache"
    cache.mkdir(exist_ok=True)
    (cache / "stamps.json").symlink_to(victim)
    update(site, capsys)
    assert main(["compile", "--root", str(site), "-q"]) == 0
    assert victim.read_text("utf-8") == "keep me\n" and (cache / "stamps.json").is_symlink()


def test_other_code_is_other_inputs(site, capsys, monkeypatch):
    """The version number is not bumped by every fix: a stamp of the code before would hide what the fixed merge or
    .mo writer makes."""
    from toolkit.catalog import stamps

    update(site, capsys)
    reads = counting(monkeypatch, "read_catalog")
    update(site, capsys)
    assert reads == []
    monkeypatch.setattr(stamps, "_code", lambda: "another version of the code")
    update(site, capsys)
    assert reads == ["read_catalog"]
