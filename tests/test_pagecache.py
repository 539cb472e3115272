"""The units cache (toolkit.pagecache): extract's segmented pages reused by the build, never trusted blindly."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import polib
import pytest
from conftest import dead_pid

import toolkit.discover as discover
import toolkit.pagecache as pagecache
from toolkit.build import build_site
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.discover import switcher_links
from toolkit.extract import extract_project, load_page
from toolkit.html import parse_document
from toolkit.pagecache import cache_for, document_from_record, page_key, record_bytes

REPO = Path(__file__).resolve().parent.parent
SWITCHER = ('<ul class="lang"><li><a href="/ko/index.html" hreflang="ko">한국어</a></li>'
            '<li><a href="/index.html" hreflang="en">English</a></li></ul>')
PAGES = {
    "index.html": (f"<html><head><title>Home page</title></head><body>{SWITCHER}"
                   '<p>Read about <a href="b.html" title="The other page">the <b>other</b> page</a>.</p>'
                   '<p its-locale-filter-list="ko">Only in Korean</p><img src="x.png" alt="A picture">'
                   "<!-- a comment --><p>Text <!-- inside --> with a comment</p></body></html>"),
    "b.html": "<html><body><h1>Second page</h1><p translate='no'>Keep me</p><p>Nothing else</p></body></html>",
}
TRANSLATIONS = {"Home page": "홈", "Read about <a>the <b>other</b> page</a>.": "<a><b>다른</b> 쪽</a>에 대해 읽기.",
                "The other page": "다른 쪽", "Only in Korean": "한국어만", "Second page": "둘째 쪽"}


@pytest.fixture
def site(project):
    root = project(PAGES, locales=["ko"])
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    entries = "".join(f'msgid "{k.replace(chr(34), chr(92) + chr(34))}"\nmsgstr "{v}"\n\n'
                      for k, v in TRANSLATIONS.items())
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko\\n"\n\n' + entries,
                  "utf-8")
    return root


def built(root: Path) -> dict[str, bytes]:
    out = root / "build"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def entries(root: Path) -> list[Path]:
    return sorted((root / "locales" / ".cache" / "units").glob("*.json"))


@pytest.fixture
def segmented(monkeypatch):
    """Counts the pages segmented and the switcher searches made from here on (in this process)."""
    calls = {"segment": 0, "switcher": 0}
    parse, links = discover.parse_document, discover.switcher_links  # what `discover.segment_page` calls

    def counting_parse(*args, **kwargs):
        calls["segment"] += 1
        return parse(*args, **kwargs)

    def counting_links(*args, **kwargs):
        calls["switcher"] += 1
        return links(*args, **kwargs)

    monkeypatch.setattr(discover, "parse_document", counting_parse)
    monkeypatch.setattr(discover, "switcher_links", counting_links)
    return calls


def test_the_build_segments_no_page_that_extract_segmented(site, segmented):
    cfg = load_config(site)
    extract_project(cfg, jobs=1, warn=lambda m: None)
    assert segmented == {"segment": 2, "switcher": 2}
    assert len(entries(site)) == 2
    report = build_site(cfg, jobs=1)
    assert not report.errors and len(report.written) == 4
    assert segmented == {"segment": 2, "switcher": 2}  # the build found both pages in the cache
    extract_project(cfg, jobs=1, warn=lambda m: None)  # nor does a second extract
    assert segmented == {"segment": 2, "switcher": 2}


def test_a_cache_hit_builds_byte_identical_pages_to_a_cold_build(site, sample_project):
    for root in (site, sample_project):
        assert main(["extract", "--root", str(root), "-q"]) == 0
        assert entries(root)
        assert main(["build", "--root", str(root), "-q"]) == 0
        warm = built(root)
        assert len(warm) >= 4
        for path in entries(root):
            path.unlink()
        (root / "build" / ".l10n-build.json").unlink()
        assert main(["build", "--root", str(root), "-q", "--force"]) == 0
        assert built(root) == warm


def test_a_changed_page_is_segmented_again_and_its_old_entry_pruned(site, segmented):
    cfg = load_config(site)
    extract_project(cfg, jobs=1, warn=lambda m: None)
    before = set(entries(site))
    page = site / "source_html" / "b.html"
    page.write_text(PAGES["b.html"].replace("Nothing else", "Something new"), "utf-8")
    build_site(cfg, jobs=1)
    assert segmented["segment"] == 3  # only b.html again
    assert "Something new" in (site / "build" / "ko" / "b.html").read_text("utf-8")
    after = set(entries(site))
    assert len(after) == 2 and len(after - before) == 1  # the old b.html entry is gone, the new one is there
    leftover = site / "locales" / ".cache" / "units" / f".abc.json.{dead_pid()}.x1y2z3w4.tmp"  # a killed write's
    leftover.write_bytes(b"{")
    extract_project(cfg, jobs=1, warn=lambda m: None)
    assert not leftover.exists() and set(entries(site)) == after


@pytest.mark.parametrize("payload", [
    b"not json at all {",
    b"",
    b'{"format": 1}',
    b"[1, 2, 3]",
    b"[" * 100_000,  # deeper than the JSON reader goes
    pickle.dumps(["a pickle"]),
])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(site, segmented, payload):
    cfg = load_config(site)
    extract_project(cfg, jobs=1, warn=lambda m: None)
    build_site(cfg, jobs=1)
    good = built(site)
    for path in entries(site):
        path.write_bytes(payload)
    (site / "build" / ".l10n-build.json").unlink()
    report = build_site(cfg, jobs=1, force=True)
    assert not report.errors and not report.warnings
    assert built(site) == good
    assert segmented["segment"] == 4  # both pages again
    for path in entries(site):  # and their entries are good again
        assert json.loads(path.read_bytes())["key"] == path.stem


class Boom:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def test_a_planted_pickle_entry_is_never_loaded(site):
    assert main(["extract", "--root", str(site), "-q"]) == 0
    marker = site / "pwned"
    for path in entries(site):
        path.write_bytes(pickle.dumps(Boom(str(marker))))
    assert main(["build", "--root", str(site), "-q"]) == 0
    assert not marker.exists()
    assert "홈" in (site / "build" / "ko" / "index.html").read_text("utf-8")


def _record(root: Path, name: str) -> tuple[dict, str, str]:
    page = root / "source_html" / name
    doc = load_page(page)
    key = page_key(page.read_bytes(), False, "en")
    return json.loads(record_bytes(key, doc, switcher_links(doc, "en"))), key, doc.text


@pytest.mark.parametrize("tamper", [
    "placeholder markup", "placeholder end tag", "end tag of another element", "offset past the end",
    "element content past the end", "foreign key",
    "foreign format", "other text", "wrong type",
])
def test_an_entry_that_does_not_fit_the_page_is_not_used(site, tamper):
    record, key, text = _record(site, "index.html")
    assert document_from_record(record, key, text, "utf-8") is not None
    unit = next(u for u in record["units"] if u[6])  # one with placeholders
    if tamper == "placeholder markup":
        unit[6][0][1] = '<a href="javascript:alert(1)">'
    elif tamper == "placeholder end tag":  # the build writes it into the page: no markup may ride along
        unit[6][0][2] = "</a><script>alert(1)</script>"
    elif tamper == "end tag of another element":
        unit[6][0][2] = "</p>"
    elif tamper == "offset past the end":
        unit[2] = len(text) + 1
    elif tamper == "element content past the end":  # what the build's helpers read a script or a style up to
        record["tags"][0][4] = len(text) + 1
    elif tamper == "foreign key":
        record["key"] = "0" * 64
    elif tamper == "foreign format":
        record["format"] = 999
    elif tamper == "other text":
        text = text.replace("Home", "Hame")  # same length, other page
        record["length"] = len(text) + 1
    else:
        unit[0] = 42
    try:
        assert document_from_record(record, key, text, "utf-8") is None
    except (ValueError, TypeError):
        pass  # what PageCache.get turns into a miss


def test_a_tampered_entry_in_place_falls_back_to_segmenting(site):
    assert main(["extract", "--root", str(site), "-q"]) == 0
    assert main(["build", "--root", str(site), "-q"]) == 0
    good = built(site)
    record, key, _ = _record(site, "index.html")
    unit = next(u for u in record["units"] if u[6])
    unit[6][0][1] = '<a href="javascript:alert(1)">'
    (site / "locales" / ".cache" / "units" / f"{key}.json").write_text(json.dumps(record), "utf-8")
    assert main(["build", "--root", str(site), "-q", "--force"]) == 0
    assert built(site) == good


def test_the_key_covers_the_settings_and_the_segmenter(monkeypatch, tmp_path):
    data = b"<p>Hello</p>"
    base = page_key(data, False, "en")
    assert len({base, page_key(data, True, "en"), page_key(data, False, "de"), page_key(data + b" ", False, "en")}) == 4
    # the project's ITS rules: the bytes of every file they read, not where the project is
    from toolkit.html.its import load_project_rules

    rules = '<its:rules xmlns:its="http://www.w3.org/2005/11/its" version="2.0"/>'
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.xml").write_text(rules, "utf-8")
    (tmp_path / "b" / "s.xml").write_text(rules + " ", "utf-8")
    a, b, s = (load_project_rules([tmp_path / p]) for p in ("a/r.xml", "b/r.xml", "b/s.xml"))
    assert page_key(data, False, "en", a) == page_key(data, False, "en", b) != page_key(data, False, "en", s)
    assert page_key(data, False, "en", a) != base
    monkeypatch.setattr(pagecache, "__version__", "999.0")
    pagecache.segmenter_fingerprint.cache_clear()
    try:
        assert page_key(data, False, "en") != base  # another toolkit version segments afresh
    finally:
        monkeypatch.undo()
        pagecache.segmenter_fingerprint.cache_clear()
    assert page_key(data, False, "en") == base


def test_pages_with_its_rules_are_not_cached_and_a_check_writes_no_cache(project):
    rules = ('<its:rules xmlns:its="http://www.w3.org/2005/11/its" version="2.0">'
             '<its:translateRule selector="//h:p[@class=\'x\']" translate="no" '
             'xmlns:h="http://www.w3.org/1999/xhtml"/></its:rules>')
    root = project({"a.html": '<html><head><link rel="its-rules" href="r.xml"></head><body><p>Hi there</p></body>'
                              "</html>", "b.html": "<p>Plain page</p>"}, locales=["ko"])
    (root / "source_html" / "r.xml").write_text(rules, "utf-8")
    assert main(["extract", "--root", str(root), "-q", "--check"]) in (0, 1)
    assert not entries(root)
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert len(entries(root)) == 1  # b.html only: a.html's rules live in another file


def test_every_test_page_round_trips_through_a_record():
    pages = [p for p in (REPO / "tests" / "sites").rglob("*.html")] + list((REPO / "source_html").rglob("*.html"))
    assert pages
    for page in pages:
        doc = load_page(page)
        links = switcher_links(doc, "en")
        key = page_key(page.read_bytes(), False, "en")
        found = document_from_record(json.loads(record_bytes(key, doc, links)), key, doc.text, doc.encoding)
        assert found is not None
        again, again_links = found
        assert again == doc
        assert again_links == links
        assert [(link.tag, link.content_end) for link in again_links] == [(link.tag, link.content_end)
                                                                           for link in links]


def test_a_record_keeps_which_placeholders_the_source_never_closes():
    doc = parse_document("<html><body><p>x <b>y</p><p>a <i>b</i> c</p></body></html>")
    key = page_key(doc.text.encode(), False, "en")
    found = document_from_record(json.loads(record_bytes(key, doc, [])), key, doc.text, doc.encoding)
    assert found is not None and found[0] == doc
    assert [ph.unclosed for u in found[0].units for ph in u.placeholders.values()] == [True, False]


def test_an_unwritable_cache_does_not_stop_the_build(site, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(pagecache, "atomic_write_bytes", refuse)
    assert main(["extract", "--root", str(site), "-q"]) == 0
    assert main(["build", "--root", str(site), "-q"]) == 0
    assert not entries(site)
    assert cache_for(site / "locales" / ".cache").prune(set()) == 0


def test_the_build_keeps_an_existing_cache_up_to_date_but_starts_none(site, segmented):
    cfg = load_config(site)
    build_site(cfg, jobs=1)
    assert not entries(site) and segmented["segment"] == 2  # no extract yet: nothing cached
    extract_project(cfg, jobs=1, warn=lambda m: None)
    assert len(entries(site)) == 2 and segmented["segment"] == 4
    (site / "source_html" / "b.html").write_text(PAGES["b.html"].replace("Nothing else", "Edited"), "utf-8")
    build_site(cfg, jobs=1)
    assert len(entries(site)) == 2 and segmented["segment"] == 5  # the edited page, cached by the build
    build_site(cfg, jobs=1, force=True)
    assert segmented["segment"] == 5


def test_a_units_language_is_kept_and_a_planted_one_never_reaches_the_page(tmp_path):
    """A unit's declared language (`Unit.lang`) travels in the record; one of another type makes the record a miss,
    and a planted string only decides whether the build marks the unit: what it writes is the target's tag."""
    from toolkit.build import SiteLayout, build_page

    doc = parse_document('<html lang="en"><body><blockquote lang="fr"><p>Bonjour</p></blockquote></body></html>')
    key = page_key(doc.text.encode(), False, "en")
    record = json.loads(record_bytes(key, doc, []))
    found = document_from_record(record, key, doc.text, doc.encoding)
    assert found is not None and found[0].units[0].lang == "fr"
    cache = cache_for(tmp_path)
    for bad in (5, ["fr"], {"x": 1}):
        record["units"][0][-1] = bad
        cache.entry(key).parent.mkdir(parents=True, exist_ok=True)
        cache.entry(key).write_text(json.dumps(record), "utf-8")
        assert cache.get(key, doc.text, doc.encoding) is None
    record["units"][0][-1] = '"><script>alert(1)</script>'
    planted = document_from_record(record, key, doc.text, doc.encoding)
    assert planted is not None
    out = build_page(planted[0], "p.html", "ko", {(None, "Bonjour"): "안녕"}, SiteLayout("en", ["ko"],
                                                                                   {"en": "en", "ko": "ko"})).html
    assert "script" not in out and '<p lang="ko">안녕</p>' in out


def test_the_same_bytes_named_xhtml_are_another_document(project):
    """A browser reads page.xhtml with XML's rules and page.html with HTML's: `<a id="x"/>` is empty in one and holds
    the rest of the sentence in the other.  Keyed by the bytes alone, the second page took the first one's units."""
    page = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Go <a id="x"/> now and <b>then</b>.</p></body></html>'
    root = project({"a.html": page.decode(), "b.xhtml": page.decode()}, locales=["ko"])
    (root / "babel.cfg").write_text("[html: source_html/**.html]\n[html: source_html/**.xhtml]\n", "utf-8")
    assert page_key(page, False, "en") != page_key(page, False, "en", xml=True)
    assert main(["extract", "--root", str(root), "-q"]) == 0
    msgids = [e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))]
    assert sorted(msgids) == ["Go <a/> now and <b>then</b>.", "Go <a> now and <b>then</b>.</a>"]
