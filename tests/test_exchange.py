"""XLIFF 2.0 and TMX 1.4b: export, edit, import round trips; structure checks; refused input.

The published schemas (XLIFF 2.0 core XSD, TMX 1.4b DTD) ship in no package available here, so
`xliff_problems` and `tmx_problems` check structurally what they require: namespace, version,
required elements and attributes, id uniqueness, code references and pairing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from conftest import needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_mt import entries, make_project, translate

from toolkit.catalog import write_catalog
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.exchange import tmx as tmx_module
from toolkit.exchange import xliff as xliff_module
from toolkit.exchange.inline import Codes
from toolkit.exchange.tmx import read_tmx_pairs
from toolkit.exchange.xliff import MDA, NS, export_xliff, import_xliff, unit_id
from toolkit.mt.masking import mask
from toolkit.placeholders import escape_literal

X = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOYUZ = "Soyuz at Europe’s Spaceport"
TAGGED = "Read about <a>Soyuz</a> at <b>ESA</b>.<br/>"
LITERAL = "Type &lt;b> for <b>bold</b>"


# --- structural schema checks -----------------------------------------------------------------


def xliff_problems(path: Path) -> list[str]:
    """What the XLIFF 2.0 core schema would reject in our output (the parts we write)."""
    root = etree.parse(str(path)).getroot()
    out = []
    if root.tag != f"{X}xliff" or root.get("version") not in ("2.0", "2.1"):
        out.append("root must be xliff version 2.x in the XLIFF 2.0 namespace")
    for attr in ("srcLang", "trgLang"):
        if not root.get(attr):
            out.append(f"xliff needs {attr}")
    files = root.findall(f"{X}file")
    if not files or any(not f.get("id") for f in files):
        out.append("one or more file elements with an id")
    allowed = {"file": ["notes", "unit", "group"], "unit": ["notes", "originalData", "segment", "ignorable"]}
    for f in files:
        order = [etree.QName(c).localname for c in f]
        if sorted(order, key=allowed["file"].index) != order:
            out.append(f"file children out of order: {order}")
    unit_ids = [u.get("id") for u in root.iter(f"{X}unit")]
    if len(set(unit_ids)) != len(unit_ids) or not all(unit_ids):
        out.append("unit ids must be present and unique")
    for unit in root.iter(f"{X}unit"):
        modules = [i for i, c in enumerate(unit) if etree.QName(c).namespace != NS]
        if modules != list(range(len(modules))):  # modules' and extensions' elements come first
            out.append(f"unit {unit.get('id')}: module elements after core ones")
        order = [etree.QName(c).localname for c in unit if etree.QName(c).namespace == NS]
        if sorted(order, key=allowed["unit"].index) != order or "segment" not in order:
            out.append(f"unit {unit.get('id')}: children {order}")
        data = [d.get("id") for d in unit.iterfind(f"{X}originalData/{X}data")]
        if len(set(data)) != len(data):
            out.append(f"unit {unit.get('id')}: duplicate data ids")
        for segment in unit.iterfind(f"{X}segment"):
            if segment.get("state") not in (None, "initial", "translated", "reviewed", "final"):
                out.append(f"bad state {segment.get('state')}")
            parts = [etree.QName(c).localname for c in segment]
            if parts not in (["source"], ["source", "target"]):
                out.append(f"segment children {parts}")
            source_ids = set()
            for side in segment:
                ids = []
                for code in side.iter(f"{X}pc", f"{X}ph"):
                    ids.append(code.get("id"))
                    refs = [code.get("dataRefStart"), code.get("dataRefEnd")] if code.tag == f"{X}pc" else \
                        [code.get("dataRef")]
                    if not all(r in data for r in refs):
                        out.append(f"unit {unit.get('id')}: code {code.get('id')} refers to missing data")
                if len(set(ids)) != len(ids):
                    out.append(f"unit {unit.get('id')}: duplicate code ids in {side.tag}")
                if side.tag == f"{X}source":
                    source_ids = set(ids)
                elif not set(ids) <= source_ids:
                    out.append(f"unit {unit.get('id')}: target codes not in source")
    return out


def tmx_problems(path: Path) -> list[str]:
    """What the TMX 1.4b DTD requires of the elements we write."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    out = []
    if tree.docinfo.doctype != '<!DOCTYPE tmx SYSTEM "tmx14.dtd">':
        out.append(f"doctype {tree.docinfo.doctype}")
    if root.tag != "tmx" or root.get("version") != "1.4":
        out.append("root must be tmx version 1.4")
    if [c.tag for c in root] != ["header", "body"]:
        out.append("tmx must hold header then body")
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        if header is None or not header.get(attr):
            out.append(f"header needs {attr}")
    if header is not None and header.get("segtype") not in ("block", "paragraph", "sentence", "phrase"):
        out.append("bad segtype")
    for tu in root.iter("tu"):
        tags = [c.tag for c in tu]
        if "tuv" not in tags or tags != sorted(tags, key=lambda t: t == "tuv"):
            out.append(f"tu children {tags}")
        for tuv in tu.iterfind("tuv"):
            if not tuv.get(XML_LANG) or [c.tag for c in tuv][-1:] != ["seg"]:
                out.append("tuv needs xml:lang and a seg")
            seg = tuv.find("seg")
            opened = [c.get("i") for c in seg if c.tag == "bpt"]
            closed = [c.get("i") for c in seg if c.tag == "ept"]
            if None in opened or sorted(opened) != sorted(closed):
                out.append("every bpt needs an i and an ept with the same i")
            if any(c.tag not in ("bpt", "ept", "ph", "it", "hi", "ut") for c in seg):
                out.append("unknown element in seg")
    return out


# --- helpers --------------------------------------------------------------------------------------


def blocks(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n\n")


def changed_blocks(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    assert len(before) == len(after)
    return [(a, b) for a, b in zip(before, after) if a != b]


def target_of(doc, msgid: str, msgctxt: str | None = None):
    unit = next(u for u in doc.iter(f"{X}unit") if u.get("id") == unit_id(msgctxt, msgid))
    return unit.find(f"{X}segment")


def retarget(path: Path, texts: dict[str | tuple[str, str], str]) -> None:
    """What a CAT tool does to an exported file: the targets of these units (msgid, or (msgid, msgctxt)) rewritten."""
    doc = etree.parse(str(path))
    for key, text in texts.items():
        msgid, msgctxt = key if isinstance(key, tuple) else (key, None)
        target_of(doc, msgid, msgctxt).find(f"{X}target").text = text
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")


def small_project(tmp_path: Path, extra=()) -> object:
    """A catalogue written by our writer (so a byte comparison compares only what import changed)."""
    cfg = make_project(tmp_path, msgids=(), extra=[
        {"msgid": TAGGED, "msgstr": "<a>소유스</a>에 대해 <b>ESA</b>에서 읽기.<br/>"},
        {"msgid": LITERAL, "msgstr": "", "comment": "Help text"},
        {"msgid": "Launch", "msgctxt": "button", "msgstr": "발사", "flags": ["fuzzy"]},
        {"msgid": "Hello", "msgstr": "안녕하세요", "occurrences": [("src/a.html", "3")]},
        {"msgid": "%d file", "msgid_plural": "%d files", "msgstr_plural": {0: "파일 %d개"}},
        *extra,
    ])
    po = polib.pofile(str(cfg.po_path("ko")))
    write_catalog(po, cfg.po_path("ko"))
    return cfg


# --- XLIFF ---------------------------------------------------------------------------------------


def test_xliff_round_trip_changes_only_the_edited_entry(sample_project, tmp_path):
    cfg = load_config(sample_project)
    po_path = cfg.po_path("ko")
    before = blocks(po_path)
    old_text = entries(cfg)[(None, SOYUZ)].msgstr
    report = export_xliff(cfg, "ko", tmp_path / "ko.xlf")
    assert report.units > 50 and xliff_problems(tmp_path / "ko.xlf") == []
    retarget(tmp_path / "ko.xlf", {SOYUZ: "유럽 우주기지의 소유스 (수정)"})
    result = import_xliff(cfg, tmp_path / "ko.xlf")
    assert result.errors == [] and result.applied == 1 and result.unchanged == report.units - 1
    (old, new), = changed_blocks(before, blocks(po_path))
    assert f'msgid "{SOYUZ}"' in old and 'msgstr "유럽 우주기지의 소유스 (수정)"' in new
    assert old.replace(old_text, "X") == new.replace("유럽 우주기지의 소유스 (수정)", "X")


def test_xliff_export_codes_notes_context_and_states(tmp_path):
    cfg = small_project(tmp_path)
    report = export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    assert xliff_problems(path) == [] and report.plural_skipped == 1
    doc = etree.parse(str(path))
    tagged = target_of(doc, TAGGED)
    assert tagged.get("state") == "reviewed"
    unit = tagged.getparent()
    assert {d.get("id"): d.text for d in unit.iter(f"{X}data")} == {
        "d1": "<a>", "d2": "</a>", "d3": "<b>", "d4": "</b>", "d5": "<br/>"}
    source = etree.tostring(tagged.find(f"{X}source"), encoding="unicode")
    assert '<pc id="1" dataRefStart="d1" dataRefEnd="d2">Soyuz</pc>' in source
    assert '<ph id="3" dataRef="d5"/>' in source
    literal = target_of(doc, LITERAL)
    assert literal.get("state") == "initial" and literal.find(f"{X}target") is None
    assert literal.find(f"{X}source").text == "Type <b> for "  # the escape is a catalogue matter
    assert [n.text for n in literal.getparent().iter(f"{X}note")] == ["Help text"]
    launch = target_of(doc, "Launch", "button")
    assert launch.get("state") == "translated" and launch.getparent().get("name") == "button"
    assert "src/a.html:3" in [n.text for n in target_of(doc, "Hello").getparent().iter(f"{X}note")]


def test_xliff_export_notes_what_a_fuzzy_translation_was_of(tmp_path):
    """`update` keeps the source a fuzzy translation was made for (`#|`): without it, a CAT tool's translator could
    not see what changed in the sentence."""
    cfg = small_project(tmp_path, extra=[{"msgid": "Launch in 2008", "msgstr": "2007년 발사", "flags": ["fuzzy"],
                                          "previous_msgid": "Launch in 2007"}])
    export_xliff(cfg, "ko")
    doc = etree.parse(str(cfg.locales_path / "ko.xlf"))
    notes = {n.get("category"): n.text for n in target_of(doc, "Launch in 2008").getparent().iter(f"{X}note")}
    assert notes["previous-source"] == "Before the source changed: Launch in 2007"
    assert sum(n.get("category") == "previous-source" for n in doc.iter(f"{X}note")) == 1  # (only it has one)


def test_xliff_import_states_reordered_codes_and_literal_text(tmp_path):
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    seg = target_of(doc, LITERAL)
    seg.set("state", "final")
    target = etree.SubElement(seg, f"{X}target")
    target.text = "굵게: "
    pc = etree.SubElement(target, f"{X}pc", id="1", dataRefStart="d1", dataRefEnd="d2")
    pc.text, pc.tail = "굵게", " 입력 <b>"
    target_of(doc, "Launch", "button").set("state", "reviewed")
    tagged = target_of(doc, TAGGED)
    tagged.set("state", "translated")
    tagged.find(f"{X}target")[-1].tail = "에서 다시 읽기."  # edited: a translation not reviewed yet
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    result = import_xliff(cfg, path)
    assert result.errors == [] and result.applied == 3
    got = entries(cfg)
    assert got[(None, LITERAL)].msgstr == "굵게: <b>굵게</b> 입력 &lt;b>" and not got[(None, LITERAL)].fuzzy
    assert not got[("button", "Launch")].fuzzy
    assert got[(None, TAGGED)].fuzzy and got[(None, TAGGED)].msgstr.startswith("<a>소유스</a>")


@pytest.mark.parametrize("state", ["translated", "initial"])
def test_a_reviewed_entry_back_unchanged_in_another_state_stays_reviewed(tmp_path, capsys, state):
    """CAT tools write a state of their own for every unit they save: a file whose every unit came back "translated"
    with its reviewed text unchanged made every entry fuzzy, and the build fell back to English for the locale."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    before = cfg.po_path("ko").read_bytes()
    doc = etree.parse(str(path))
    for segment in doc.iter(f"{X}segment"):
        segment.set("state", state)
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(cfg.root), "xliff", "import", str(path)]) == 0
    assert cfg.po_path("ko").read_bytes() == before
    assert "2 reviewed entries came back unchanged as not reviewed (the tool's state), kept reviewed" in \
        capsys.readouterr().err


def test_xliff_import_keeps_literal_text_split_by_cp_or_mrk(tmp_path):
    """Each text piece was escaped alone, so a `<` the file spells as <cp hex="3C"/> or keeps in an <mrk> was never
    seen beside its `b>`: `<cp hex="3C"/>b>` became a real <b> placeholder, built as real markup."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    seg = target_of(doc, LITERAL)
    target = etree.SubElement(seg, f"{X}target")
    target.append(etree.Element(f"{X}cp", hex="3C"))
    target[-1].tail = "b> 입력, "
    mrk = etree.SubElement(target, f"{X}mrk", id="m1")
    mrk.text, mrk.tail = "<", "/b> 닫기: "
    pc = etree.SubElement(target, f"{X}pc", id="1", dataRefStart="d1", dataRefEnd="d2")
    pc.text = "굵게"
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    result = import_xliff(cfg, path)
    assert result.errors == [] and result.applied == 1
    assert entries(cfg)[(None, LITERAL)].msgstr == "&lt;b> 입력, &lt;/b> 닫기: <b>굵게</b>"


def test_xliff_import_of_a_target_a_tool_laid_out_on_lines_of_its_own(tmp_path, capsys):
    """A CAT tool re-indenting <target> over lines of its own was imported as msgstr "\\n   <a2>저것</a2>…",
    reviewed, and `compile` then refused the catalogue (msgfmt: 'msgid' and 'msgstr' do not both begin with a line
    break): one import broke the locale.  Where the file keeps white space (xml:space="preserve", as exported) such
    a target is one error line; where white space is layout (xml:space="default", XLIFF 2's default) it is laid
    out as the source is, a preformatted source's inside left alone."""
    read, pre = "Read <a1>this</a1> and <a2>that</a2>.", "Line one\n  line two"
    cfg = small_project(tmp_path, extra=[{"msgid": read, "msgstr": ""}, {"msgid": pre, "msgstr": ""}])
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    doc = etree.parse(str(path))
    seg = target_of(doc, read)
    seg.set("state", "reviewed")
    target = etree.SubElement(seg, f"{X}target")
    target.text = "\n          "
    that = etree.SubElement(target, f"{X}pc", id="2", dataRefStart="d3", dataRefEnd="d4")
    that.text, that.tail = "저것", "\n          과\n          "
    this = etree.SubElement(target, f"{X}pc", id="1", dataRefStart="d1", dataRefEnd="d2")
    this.text, this.tail = "이것", "\n        "
    seg = target_of(doc, pre)
    seg.set("state", "reviewed")
    etree.SubElement(seg, f"{X}target").text = "\n          첫 줄\n  둘째 줄\n        "
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all("do not both begin with a line break" in line for line in err[:2])
    assert 'xml:space="preserve"' in err[0] and "nothing was written" in err[2]
    assert cfg.po_path("ko").read_bytes() == before
    doc.getroot().find(f"{X}file").set("{http://www.w3.org/XML/1998/namespace}space", "default")
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    got = entries(cfg)
    assert got[(None, read)].msgstr == "<a2>저것</a2> 과 <a1>이것</a1>" and not got[(None, read)].fuzzy
    assert got[(None, pre)].msgstr == "첫 줄\n  둘째 줄"
    assert main(["--root", str(tmp_path), "compile"]) == 0


@pytest.mark.parametrize(("lines", "expected"), [
    (["こんにちは", "<b>", "世界", "</b>", "と友達。"], "こんにちは<a1>世界</a1>と友達。"),  # no spaces between words
    (["测试", "页面"], "测试页面"),
    (["안녕", "<b>", "세계", "</b>"], "안녕 <a1>세계</a1>"),  # Korean has spaces: one stays
    (["Hello", "<b>", "世界", "</b>"], "Hello <a1>世界</a1>"),
])
def test_a_laid_out_chinese_or_japanese_target_gains_no_spaces(tmp_path, lines, expected):
    """A line break of layout between two wide characters is nothing, as CSS reads it: an import of a Japanese
    target laid out over lines read "こんにちは <b>世界</b> と友達。", reviewed."""
    msgid = "Hello <a1>world</a1>" if "<b>" in lines else "Test page"
    cfg = small_project(tmp_path, extra=[{"msgid": msgid, "msgstr": ""}])
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    doc = etree.parse(str(path))
    doc.getroot().find(f"{X}file").set("{http://www.w3.org/XML/1998/namespace}space", "default")
    seg = target_of(doc, msgid)
    seg.set("state", "reviewed")
    target = etree.SubElement(seg, f"{X}target")
    indent = "\n        "
    target.text = indent + lines[0] + indent
    if "<b>" in lines:
        pc = etree.SubElement(target, f"{X}pc", id="1", dataRefStart="d1", dataRefEnd="d2")
        pc.text = indent + lines[2] + indent
        pc.tail = indent + (lines[4] + indent if len(lines) > 4 else "")
    else:
        target.text += lines[1] + indent
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path), "-q"]) == 0
    assert entries(cfg)[(None, msgid)].msgstr == expected


def test_xliff_import_keeps_the_notes_a_cat_tool_added(tmp_path, capsys):
    """A translator's <note category="translator">Check with client!</note> was dropped without a word; a note the
    file brings that the entry lacks now joins its translator comment (once: importing again adds nothing)."""
    cfg = small_project(tmp_path)
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    doc = etree.parse(str(path))
    hello = target_of(doc, "Hello").getparent()
    etree.SubElement(hello.find(f"{X}notes"), f"{X}note", category="translator").text = "Check with client!"
    launch = target_of(doc, "Launch", "button")
    launch.find(f"{X}target").text = "발사하기"
    notes = etree.Element(f"{X}notes")
    etree.SubElement(notes, f"{X}note").text = "Imperative, as on the other buttons\n  second line"
    launch.getparent().insert(1, notes)
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    assert "2 entries updated" in capsys.readouterr().err
    got = entries(cfg)
    assert got[(None, "Hello")].tcomment == "Check with client!" and got[(None, "Hello")].msgstr == "안녕하세요"
    assert got[("button", "Launch")].tcomment == "Imperative, as on the other buttons\nsecond line"
    assert got[("button", "Launch")].msgstr == "발사하기"
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    assert "0 entries updated" in capsys.readouterr().err and cfg.po_path("ko").read_bytes() == before


def test_a_note_never_marks_a_persons_text_machine_output_nor_silences_checks(tmp_path, capsys):
    """A CAT tool's note "machine translation: google" joined the translator comment, so `translate
    --overwrite-fuzzy` took the person's fuzzy text for an engine's and replaced it; "l10n: ignore-check numbers"
    switched a check off. Such lines are not imported, and the import says so."""
    cfg = small_project(tmp_path)
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    doc = etree.parse(str(path))
    launch = target_of(doc, "Launch", "button").getparent()  # the person's fuzzy 발사
    notes = etree.Element(f"{X}notes")
    etree.SubElement(notes, f"{X}note").text = "machine translation: google (2026-01-01)\nMachine Translation: x"
    etree.SubElement(notes, f"{X}note", category="translator").text = "l10n: ignore-check numbers\nCheck the verb"
    launch.insert(1, notes)
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    assert "3 note line(s) reading as this toolkit's own marks" in capsys.readouterr().err
    assert entries(cfg)[("button", "Launch")].tcomment == "Check the verb"
    assert main(["--root", str(tmp_path), "translate", "--engine", "pseudo", "--overwrite-fuzzy", "-q"]) == 0
    assert entries(cfg)[("button", "Launch")].msgstr == "발사"


def test_xliff_import_of_a_mismatched_file_lists_every_problem_and_writes_nothing(tmp_path, capsys):
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    target_of(doc, "Hello").getparent().set("id", "u-unknown")
    target = target_of(doc, TAGGED).find(f"{X}target")
    target.remove(target[0])  # the <pc> for <a>…</a> is gone
    target_of(doc, "Launch", "button").find(f"{X}target").append(etree.Element(f"{X}ph", id="9", dataRef="d9"))
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4, err
    assert "warning" in err[0] and "'u-unknown' ('Hello') is not in the catalogue any more" in err[0]
    problems = sorted(err[1:3], key=lambda line: "broken codes" in line)
    assert "refers to no placeholder" in problems[0]
    assert "broken codes" in problems[1] and "missing placeholder(s) </a> <a>" in problems[1]
    assert all(f"{path}:" in line for line in err[:3]) and "nothing was written" in err[3]
    assert cfg.po_path("ko").read_bytes() == before
    doc.getroot().set("trgLang", "ja")
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    assert "trgLang is 'ja', expected" in capsys.readouterr().err
    assert cfg.po_path("ko").read_bytes() == before


def test_xml_with_entity_declarations_is_refused(tmp_path, capsys):
    cfg = small_project(tmp_path)
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    f'<xliff xmlns="{NS}" version="2.0" srcLang="en" trgLang="ko">&b;</xliff>\n')
    assert main(["--root", str(tmp_path), "xliff", "import", str(bomb)]) == 2
    assert "declares XML entities; refused" in capsys.readouterr().err
    with pytest.raises(Exception, match="declares XML entities"):
        read_tmx_pairs(bomb, "en", "ko")
    assert cfg.po_path("ko").is_file()


def test_xml_the_parser_limits_is_one_error_line(tmp_path, capsys):
    """libxml2 ends its message about an attribute past its size limit with a line break: the error was printed on
    two lines ("…try XML_PARSE_HUGE" and "; fix the XML")."""
    cfg = small_project(tmp_path)
    huge = tmp_path / "huge.xlf"
    huge.write_bytes(f'<xliff xmlns="{NS}" version="2.0" srcLang="en" trgLang="ko" x="'.encode()
                     + b"x" * 10_000_001 + b'"/>\n')
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(huge)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Buffer size limit exceeded" in err and err.rstrip().endswith("fix the XML")
    assert cfg.po_path("ko").read_bytes() == before


@pytest.mark.parametrize("hex_digits", ["0", "D800", "dfff", "110000", "FFFFFFFFFFFFFFFFFFFFFFFF", "-41", "+41", ""])
def test_xliff_cp_that_no_catalogue_can_hold_is_one_error_line(tmp_path, capsys, hex_digits):
    """<cp> carries characters XML cannot: NUL, a lone surrogate or an overflowing number is an error at its line."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    target = target_of(doc, "Hello").find(f"{X}target")
    target.append(etree.Element(f"{X}cp", hex=hex_digits))
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and f"{path}:" in err[0] and "<cp hex=" in err[0] and "nothing was written" in err[1]
    assert cfg.po_path("ko").read_bytes() == before


def test_xliff_cp_of_an_ordinary_character_is_that_character(tmp_path):
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    target_of(doc, "Hello").find(f"{X}target").append(etree.Element(f"{X}cp", hex="1F600"))
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    assert polib.pofile(str(cfg.po_path("ko"))).find("Hello").msgstr == "안녕하세요\U0001F600"


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x9b"])
def test_xliff_import_refuses_control_characters_in_a_target(tmp_path, capsys, char):
    """<cp hex="0001"/> was imported into a reviewed entry, and `tmx export` then refused the whole locale ("a
    reviewed entry holds U+0001"); a control character is refused at import, as from the review server and
    engines (tab and line ends are text; a catalogue that already holds one still travels unchanged)."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    doc = etree.parse(str(path))
    target = target_of(doc, "Hello").find(f"{X}target")
    if char < "\x20":
        target.append(etree.Element(f"{X}cp", hex=f"{ord(char):04X}"))
        target[-1].tail = "\t!"
    else:
        target.text += char
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and f"{path}:" in err[0] and unit_id(None, "Hello") in err[0]
    assert f"U+{ord(char):04X}" in err[0] and "nothing was written" in err[1]
    assert cfg.po_path("ko").read_bytes() == before


def test_xliff_import_keeps_what_the_catalogue_gained_since_the_export(tmp_path, capsys):
    """A vendor has the file while a person goes on in Poedit: importing the vendor's file must not revert the
    person's edits (they were reverted without a word), and an entry changed on both sides is a conflict."""
    cfg = small_project(tmp_path, extra=[{"msgid": "Goodbye", "msgstr": "잘 가요"},
                                         {"msgid": "Welcome", "msgstr": "환영", "flags": ["fuzzy"]}])
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    assert xliff_problems(path) == []
    po = polib.pofile(str(cfg.po_path("ko")))
    po.find("Hello").msgstr = "안녕하십니까"  # edited in Poedit since the export
    po.find("Launch", msgctxt="button").flags.remove("fuzzy")  # reviewed in Poedit since the export
    po.find("Goodbye").msgstr = "안녕히 가세요"  # edited in Poedit, and by the vendor
    write_catalog(po, cfg.po_path("ko"))
    doc = etree.parse(str(path))
    target_of(doc, "Goodbye").find(f"{X}target").text = "잘 가"
    target_of(doc, "Welcome").set("state", "reviewed")  # the vendor's only change
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "1 entries updated" in err and "2 edited in the catalogue since the export" in err
    assert "'Goodbye' was changed both in the catalogue and in this file since the export" in err
    po = polib.pofile(str(cfg.po_path("ko")))
    assert po.find("Hello").msgstr == "안녕하십니까" and "fuzzy" not in po.find("Launch", msgctxt="button").flags
    assert po.find("Goodbye").msgstr == "안녕히 가세요" and "fuzzy" not in po.find("Welcome").flags
    # another tool's file (no fingerprints): every unit that differs is applied, as before
    for meta in doc.iter(f"{{{MDA}}}metadata"):
        meta.getparent().remove(meta)
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(cfg, path)
    assert report.conflicts == [] and report.kept_since_export == 0
    assert polib.pofile(str(cfg.po_path("ko"))).find("Goodbye").msgstr == "잘 가"


def test_xliff_import_a_pre_fill_since_the_export_yields_and_unreadable_fingerprints_are_none(tmp_path, capsys):
    """Machine output written into the catalogue after the export (`l10n run`) beat the vendor's final translation
    as a "conflict"; a fingerprint a tool garbled or duplicated made a false conflict; a file whose fingerprints a
    tool dropped reverted catalogue edits without a word."""
    from toolkit.catalog import mt_comment

    cfg = small_project(tmp_path, extra=[{"msgid": "Second", "msgstr": ""}, {"msgid": "Third", "msgstr": "셋"}])
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    po = polib.pofile(str(cfg.po_path("ko")))
    second = po.find("Second")
    second.msgstr, second.flags, second.tcomment = "[Second]", ["fuzzy"], mt_comment("pseudo", "2026-11-27",
                                                                                   ("[Second]",))
    write_catalog(po, cfg.po_path("ko"))
    doc = etree.parse(str(path))
    segment = target_of(doc, "Second")
    etree.SubElement(segment, f"{X}target").text = "두 번째"
    segment.set("state", "final")
    target_of(doc, "Third").find(f"{X}target").text = "세 번째"
    meta = next(m for m in target_of(doc, "Third").getparent().iter(f"{{{MDA}}}meta"))
    meta.text = "not a fingerprint"
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "conflict" not in err and "1 unit(s) that differ carry no fingerprint" in err
    po = polib.pofile(str(cfg.po_path("ko")))
    assert (po.find("Second").msgstr, po.find("Second").fuzzy) == ("두 번째", False)
    assert po.find("Third").msgstr == "세 번째"


def test_xliff_import_skips_units_whose_source_changed_since_the_export_and_applies_the_rest(tmp_path, capsys):
    """One sentence of the site changed while the vendor had the file: `update` made it a new entry, and the whole
    file was refused, weeks of the vendor's other work with it."""
    cfg = small_project(tmp_path)
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    retarget(path, {"Hello": "안녕", ("Launch", "button"): "발사!"})
    po = polib.pofile(str(cfg.po_path("ko")))
    po.find("Launch", msgctxt="button").msgid = "Launch now"  # (as update leaves it: another entry)
    write_catalog(po, cfg.po_path("ko"))
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "('Launch') is not in the catalogue any more (its source text changed or went since the export)" in err
    assert "1 entries updated" in err and polib.pofile(str(cfg.po_path("ko"))).find("Hello").msgstr == "안녕"
    doc = etree.parse(str(path))
    for unit in doc.iter(f"{X}unit"):
        unit.set("id", unit.get("id") + "x")
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2  # another project's file
    assert "none of its 4 units is in the catalogue" in capsys.readouterr().err


def test_xliff_cli_export_and_import(tmp_path, capsys):
    cfg = small_project(tmp_path)
    assert main(["--root", str(tmp_path), "xliff", "export", "-l", "ko", "-o", str(tmp_path / "out.xlf")]) == 0
    assert "plural entries left out" in capsys.readouterr().err
    assert main(["--root", str(tmp_path), "xliff", "import", str(tmp_path / "out.xlf")]) == 0
    assert "0 entries updated" in capsys.readouterr().err
    assert (tmp_path / "out.xlf").is_file() and cfg.po_path("ko").is_file()


def test_xliff_import_writes_the_catalogue_at_the_projects_line_width(tmp_path):
    """With `wrap_width = 0`, an import that changed one entry rewrapped every long one at 79 columns (the next
    update unwrapped them again): the import writes at the project's width, as update and translate do."""
    long_text = "A sentence long enough to be wrapped by a writer that wraps at seventy-nine columns, " * 2
    small_project(tmp_path, extra=[{"msgid": long_text, "msgstr": "번역된 긴 문장입니다. " * 8}])
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write("wrap_width = 0\n")
    cfg = load_config(tmp_path)
    write_catalog(polib.pofile(str(cfg.po_path("ko"))), cfg.po_path("ko"), width=0)
    before = cfg.po_path("ko").read_text(encoding="utf-8")
    export_xliff(cfg, "ko", tmp_path / "ko.xlf")
    retarget(tmp_path / "ko.xlf", {"Hello": "안녕"})
    assert import_xliff(cfg, tmp_path / "ko.xlf").applied == 1
    after = cfg.po_path("ko").read_text(encoding="utf-8")
    assert after == before.replace('msgstr "안녕하세요"', 'msgstr "안녕"')


def test_xliff_import_refuses_more_than_one_locale(tmp_path, capsys):
    """An XLIFF file is for one locale (its trgLang): `-l ko -l ja` imported into ko and said nothing of ja."""
    cfg = small_project(tmp_path)
    path = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", path)
    retarget(path, {"Hello": "안녕"})
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path), "-l", "ko", "-l", "ja"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "one locale" in err and "ko, ja" in err
    assert cfg.po_path("ko").read_bytes() == before
    assert main(["--root", str(tmp_path), "xliff", "import", str(path), "-l", "ko", "-l", "ko"]) == 0  # (the same)


# --- TMX -------------------------------------------------------------------------------------------


def test_tmx_export_is_structurally_valid_with_codes(tmp_path):
    small_project(tmp_path)
    assert main(["--root", str(tmp_path), "tmx", "export", "-l", "ko", "-o", str(tmp_path / "ko.tmx")]) == 0
    assert tmx_problems(tmp_path / "ko.tmx") == []
    text = (tmp_path / "ko.tmx").read_text("utf-8")
    assert '<bpt i="1">&lt;a&gt;</bpt>Soyuz<ept i="1">&lt;/a&gt;</ept>' in text
    assert '<ph x="3">&lt;br/&gt;</ph>' in text
    assert "발사" not in text  # fuzzy: not exported
    assert read_tmx_pairs(tmp_path / "ko.tmx", "en", "ko")[0] == (
        "Read about [X1X]Soyuz[X2X] at [X3X]ESA[X4X].[X5X]", "[X1X]소유스[X2X]에 대해 [X3X]ESA[X4X]에서 읽기.[X5X]")


AR_PLURALS = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 "
              ": 5);")


def test_tmx_and_memory_pair_a_plural_entry_by_the_forms_gettext_picks(tmp_path):
    """msgid was paired with form 0 and msgid_plural with the last form: in Arabic form 0 is the zero form, so "One
    file" became لا ملفات ("no files") in the TMX and in the memory engine.  msgid now pairs with the form for n = 1,
    msgid_plural with the form gettext picks for most counts (Arabic's "many", 11-99 of each hundred)."""
    from toolkit.mt.offline import reviewed_pairs

    forms = {0: "لا ملفات", 1: "ملف واحد", 2: "ملفان", 3: "%d ملفات", 4: "%d ملفًا", 5: "%d ملف"}
    cfg = make_project(tmp_path, locales=("ar",), msgids=(), extra=[
        {"msgid": "One file", "msgid_plural": "%d files", "msgstr_plural": forms}])
    po = polib.pofile(str(cfg.po_path("ar")))
    po.metadata["Plural-Forms"] = AR_PLURALS
    po.save(str(cfg.po_path("ar")))
    assert list(reviewed_pairs(polib.pofile(str(cfg.po_path("ar"))))) == [
        (None, "One file", "ملف واحد"), (None, "%d files", "%d ملفًا")]
    assert main(["--root", str(tmp_path), "tmx", "export", "-l", "ar", "-o", str(tmp_path / "ar.tmx")]) == 0
    assert read_tmx_pairs(tmp_path / "ar.tmx", "en", "ar") == [("One file", "ملف واحد"), ("%d files", "%d ملفًا")]
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"  # (French: 0 and 1 are singular)
    po[0].msgstr_plural = {0: "un fichier", 1: "%d fichiers"}
    assert list(reviewed_pairs(po)) == [(None, "One file", "un fichier"), (None, "%d files", "%d fichiers")]


def test_tmx_round_trip_through_the_memory_engine(sample_project, tmp_path):
    cfg = load_config(sample_project)
    tmx = tmp_path / "ko.tmx"
    assert main(["--root", str(sample_project), "-q", "tmx", "export", "-l", "ko", "-o", str(tmx)]) == 0
    tagged = next(e for e in polib.pofile(str(cfg.po_path("ko"))) if "<a>" in e.msgid and "<b>" in e.msgid)
    doc = etree.parse(str(tmx))
    for tu in doc.iter("tu"):
        src, trg = tu.findall("tuv")
        seg = trg.find("seg")
        if "".join(src.find("seg").itertext()) == tagged.msgid:
            seg.text = "(TMX) " + (seg.text or "")
    doc.write(str(tmx), xml_declaration=True, encoding="UTF-8")
    po = polib.pofile(str(cfg.po_path("ko")))
    for e in po:
        if e.msgid == tagged.msgid:
            e.msgstr = ""
    write_catalog(po, cfg.po_path("ko"))
    before = blocks(cfg.po_path("ko"))
    shutil.rmtree(cfg.locales_path / ".cache", ignore_errors=True)
    report = translate(cfg, "memory", {"tmx": str(tmx)}, locales=["ko"])
    assert report.locales[0].filled == 1
    (_old, new), = changed_blocks(before, blocks(cfg.po_path("ko")))
    assert "(TMX)" in new
    got = entries(cfg)[(None, tagged.msgid)]
    assert got.msgstr == "(TMX) " + tagged.msgstr and got.fuzzy and "memory 100%" in got.tcomment


def test_foreign_tmx_codes_match_by_number_not_content(tmp_path):
    tmx = tmp_path / "foreign.tmx"
    tmx.write_text("""<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
 srclang="en-US" datatype="html"/><body>
<tu><tuv xml:lang="en-US"><seg>Read about <bpt i="7">&lt;a href="/s"&gt;</bpt>Soyuz<ept i="7">&lt;/a&gt;</ept> at
 <bpt i="8">&lt;b class="x"&gt;</bpt>ESA<ept i="8">&lt;/b&gt;</ept>.<ph>&lt;br&gt;</ph></seg></tuv>
<tuv xml:lang="ko-KR"><seg><bpt i="8">&lt;b class="x"&gt;</bpt>ESA<ept i="8">&lt;/b&gt;</ept>의
 <bpt i="7">&lt;a href="/s"&gt;</bpt>소유스<ept i="7">&lt;/a&gt;</ept><ph>&lt;br&gt;</ph></seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Dropped <ph x="1">{0}</ph></seg></tuv><tuv xml:lang="ko-KR"><seg>없음</seg></tuv></tu>
</body></tmx>
""", "utf-8")
    pairs = read_tmx_pairs(tmx, "en", "ko")
    assert pairs == [("Read about [X1X]Soyuz[X2X] at\n [X3X]ESA[X4X].[X5X]",
                      "[X3X]ESA[X4X]의\n [X1X]소유스[X2X][X5X]")]


def test_memory_reads_tmx_from_pyproject_setting(tmp_path):
    cfg = make_project(tmp_path, msgids=["Hello"])
    (tmp_path / "tm.tmx").write_text(
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="block" o-tmf="x" '
        'adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
        '<tuv xml:lang="ko"><seg>안녕</seg></tuv></tu></body></tmx>', "utf-8")
    (tmp_path / "pyproject.toml").write_text((tmp_path / "pyproject.toml").read_text() + 'tmx = ["tm.tmx"]\n')
    translate(load_config(tmp_path), "memory")
    assert entries(cfg)[(None, "Hello")].msgstr == "안녕"


def test_codes_number_pairs_and_voids_in_source_order():
    codes = Codes.of(TAGGED)
    assert codes.numbers == {"<a>": 1, "</a>": 1, "<b>": 2, "</b>": 2, "<br/>": 3}
    assert codes.text(codes.pieces(LITERAL)) == LITERAL


# --- property: any msgid and a reordered translation survive the XLIFF and TMX codes -----------------

_text = st.text(alphabet="ab <>/&;lt", max_size=6)


@st.composite
def msgid_and_translation(draw):
    """A msgid with distinct placeholders (literal text escaped as extract does) and a shuffled translation."""
    names = draw(st.lists(st.sampled_from(["a", "b", "i", "a1", "a2"]), unique=True, max_size=3))
    voids = draw(st.lists(st.sampled_from(["br", "img"]), unique=True, max_size=2))
    units = [f"<{n}>{escape_literal(draw(_text))}</{n}>" for n in names] + [f"<{v}/>" for v in voids]
    parts = [escape_literal(draw(_text))]
    for unit in units:
        parts += [unit, escape_literal(draw(_text))]
    msgid = "".join(parts)
    shuffled = draw(st.permutations(units))
    translation = escape_literal(draw(_text)).join(shuffled) if shuffled else escape_literal(draw(_text))
    return msgid, translation


@settings(max_examples=150, deadline=None)
@given(msgid_and_translation())
def test_codes_round_trip_through_xliff_and_tmx_elements(pair):
    msgid, translation = pair
    codes = Codes.of(msgid)
    ids = xliff_module.data_ids(codes)
    by_ref = {did: text for text, did in ids.items()}
    errors: list = []
    for text in (msgid, translation):
        element = etree.Element(f"{X}target")
        xliff_module._fill(element, codes.pieces(text), ids, paired=True)
        reparsed = etree.fromstring(etree.tostring(element))
        assert codes.text(xliff_module._pieces(reparsed, by_ref, lambda *a: errors.append(a))) == text
    assert not errors
    src, trg = etree.Element("seg"), etree.Element("seg")
    tmx_module._seg(src, codes, msgid)
    tmx_module._seg(trg, codes, translation)

    masked_source, masked_target = tmx_module._masked_pair(src, trg)
    m = mask(msgid)
    assert masked_source == m.text
    restored, problems = m.restore(masked_target)  # restore() puts the source's outer spaces back
    # literal tag-shaped text the source lacks is refused from engines (masking.restore); codes are what's tested here
    problems = [p for p in problems if not p.startswith("reply adds markup the source does not have")]
    assert restored.strip() == translation.strip() and problems == []


def test_codes_of_a_text_with_thousands_of_placeholders_are_numbered_in_linear_time():
    """Each new code counted the numbers given so far: 30,000 links in one entry took about 12 s to export."""
    import time

    from toolkit.exchange.inline import Codes

    text = " ".join(f"w{i} <a{i + 1}>link {i}</a{i + 1}> <br/>" for i in range(30_000))
    started = time.process_time()
    codes = Codes.of(text)
    assert time.process_time() - started < 2
    assert codes.numbers["<a1>"] == codes.numbers["</a1>"] == 1 and codes.numbers["<br/>"] == 2
    assert codes.numbers["<a30000>"] == codes.numbers["</a30000>"] == 30_001


def test_characters_xml_cannot_carry_travel_as_cp_and_come_back_unchanged(tmp_path, capsys):
    """A \\b or U+FFFE in a translation is <cp hex> in XLIFF (no traceback); a comment holding one, and TMX, are one
    error line naming the entry."""
    cfg = small_project(tmp_path)
    po_path = cfg.po_path("ko")
    po_path.write_text(po_path.read_text("utf-8").replace('msgstr "안녕하세요"', 'msgstr "안녕\\b하세요\ufffe"'), "utf-8")
    before = po_path.read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "export", "-l", "ko"]) == 0
    xlf = cfg.locales_path / "ko.xlf"
    assert b'<cp hex="0008"/>' in xlf.read_bytes() and b'<cp hex="FFFE"/>' in xlf.read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(xlf)]) == 0
    assert po_path.read_bytes() == before
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "tmx", "export", "-l", "ko"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{po_path}:" in err and "U+0008, which XML cannot carry" in err
    po_path.write_text(before.decode().replace('msgid "Hello"', '# a \x01 comment\nmsgid "Hello"'), "utf-8")
    assert main(["--root", str(tmp_path), "xliff", "export", "-l", "ko"]) == 2
    assert "U+0001, which XML cannot carry" in capsys.readouterr().err


@needs_gettext
def test_a_plural_expression_python_cannot_read_is_no_crash(tmp_path):
    """`n==0 ? 0 : 1 + !(n==1)` is C msgfmt -c accepts and Python's gettext.c2py cannot translate (SyntaxError):
    tmx export, translate, check and compile stopped with a traceback."""
    import subprocess

    cfg = small_project(tmp_path)
    po = polib.pofile(str(cfg.po_path("ko")))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=n==0 ? 0 : 1 + !(n==1);"
    po.find("%d file").msgstr_plural = {0: "파일 없음", 1: "파일 %d개", 2: "파일 %d개"}
    write_catalog(po, cfg.po_path("ko"))
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(cfg.po_path("ko"))]).returncode == 0
    root = str(cfg.root)
    assert main(["--root", root, "tmx", "export", "-l", "ko", "-o", str(tmp_path / "ko.tmx")]) == 0
    assert main(["--root", root, "translate", "--engine", "pseudo", "-q"]) == 0
    assert main(["--root", root, "compile", "-q"]) == 0
    assert main(["--root", root, "check", "-q"]) in (0, 1)  # (findings or none: no traceback, no exit 2)


# --- what an export may replace ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["xliff", "tmx"])
def test_an_export_never_replaces_a_file_it_did_not_write(tmp_path, capsys, command):
    """`xliff export -o` (and tmx) naming the catalogue, the template, a page or pyproject.toml replaced it, exit 0:
    every translation gone, or every later command stopped by "invalid TOML"."""
    cfg = small_project(tmp_path)
    targets = [cfg.po_path("ko"), cfg.root / "pyproject.toml", tmp_path / "notes.txt"]
    targets[-1].write_text("someone's notes\n", "utf-8")
    for target in targets:
        before = target.read_bytes()
        capsys.readouterr()
        assert main([command, "export", "--root", str(cfg.root), "-l", "ko", "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not replaced" in err and str(target) in err, err
        assert target.read_bytes() == before


def test_an_export_replaces_its_own_earlier_export_but_not_one_back_from_a_cat_tool(tmp_path, capsys):
    """The default path locales/ko.xlf is where a file back from the vendor is dropped: the next export replaced it,
    and the vendor's work with it.  An untouched earlier export (the catalogue moved on since) is replaced."""
    cfg = small_project(tmp_path)
    xlf = cfg.locales_path / "ko.xlf"
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 0
    po = polib.pofile(str(cfg.po_path("ko")))
    po.find("Hello").msgstr = "안녕"  # the catalogue moves on; the export stays as it was
    write_catalog(po, cfg.po_path("ko"))
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 0
    assert "안녕<" in xlf.read_text("utf-8")
    assert main(["tmx", "export", "--root", str(cfg.root), "-l", "ko"]) == 0
    assert main(["tmx", "export", "--root", str(cfg.root), "-l", "ko"]) == 0  # its own TMX
    retarget(xlf, {"Hello": "CAT work"})  # back from the vendor
    returned = xlf.read_bytes()
    capsys.readouterr()
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 2
    err = capsys.readouterr().err
    assert "holds 1 unit(s) whose text differs from the catalogue's" in err and "import it (l10n xliff import" in err
    assert xlf.read_bytes() == returned
    assert main(["xliff", "import", "--root", str(cfg.root), str(xlf)]) == 0
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 0  # imported: nothing to lose now
    assert "CAT work" in cfg.po_path("ko").read_text("utf-8")


def test_entries_edited_during_an_import_are_a_warning_even_quiet(tmp_path, capsys, monkeypatch):
    """`-q` hid "1 edited in the catalogue meanwhile, left alone": the person's edit was kept, but the file's text for
    that entry was dropped without a word."""
    from toolkit.catalog import apply as apply_module

    cfg = small_project(tmp_path)
    xlf = tmp_path / "ko.xlf"
    export_xliff(cfg, "ko", xlf)
    retarget(xlf, {"Hello": "CAT 안녕"})
    real = apply_module.CatalogWriter.apply

    def edited_first(self, changes):  # a translator saves in Poedit while the import runs
        po = polib.pofile(str(cfg.po_path("ko")))
        po.find("Hello").msgstr = "사람이 고친 인사"
        write_catalog(po, cfg.po_path("ko"))
        return real(self, changes)

    monkeypatch.setattr(apply_module.CatalogWriter, "apply", edited_first)
    capsys.readouterr()
    assert main(["xliff", "import", "-q", "--root", str(cfg.root), str(xlf)]) == 0
    err = capsys.readouterr().err
    assert "1 entries edited in the catalogue while the file was imported were left as they are" in err
    assert "사람이 고친 인사" in cfg.po_path("ko").read_text("utf-8")


def test_entries_edited_during_a_translate_are_a_warning_even_quiet(tmp_path, capsys, monkeypatch):
    """`translate -q` said nothing of the entries a person edited while it ran (kept, and left unfilled)."""
    from toolkit.catalog import apply as apply_module

    cfg = small_project(tmp_path)
    real = apply_module.CatalogWriter.apply

    def edited_first(self, changes):
        po = polib.pofile(str(cfg.po_path("ko")))
        po.find(LITERAL).msgstr = "<b>굵게</b>는 &lt;b>를 입력하세요"
        write_catalog(po, cfg.po_path("ko"))
        return real(self, changes)

    monkeypatch.setattr(apply_module.CatalogWriter, "apply", edited_first)
    capsys.readouterr()
    assert main(["translate", "-q", "--root", str(cfg.root), "--engine", "pseudo", "-l", "ko"]) == 0
    err = capsys.readouterr().err
    assert "1 entries edited by someone else while this ran were left as they are, not filled" in err
    assert "<b>굵게</b>는" in cfg.po_path("ko").read_text("utf-8")


def test_an_export_whose_every_unit_left_the_catalogue_is_replaced(tmp_path):
    """An attack: after every source text changed (extract, update), the old export could be neither imported ("none
    of its units is in the catalogue") nor replaced ("import it first"): no way through but moving it by hand."""
    cfg = small_project(tmp_path)
    xlf = cfg.locales_path / "ko.xlf"
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 0
    po = polib.pofile(str(cfg.po_path("ko")))
    for entry in po:
        if not entry.msgid_plural:
            entry.msgid = "New " + entry.msgid
    write_catalog(po, cfg.po_path("ko"))
    assert main(["xliff", "export", "--root", str(cfg.root), "-l", "ko"]) == 0
    assert "New Hello" in xlf.read_text("utf-8")


@pytest.mark.parametrize("command, suffix", [("xliff", "xlf"), ("tmx", "tmx")])
def test_a_pipe_at_the_default_export_path_is_refused_not_waited_on(tmp_path, capsys, command, suffix):
    """An attack: `mkfifo locales/ko.xlf` made the export block for ever reading it (-o refused a pipe already)."""
    import os

    cfg = small_project(tmp_path)
    os.mkfifo(cfg.locales_path / f"ko.{suffix}")
    capsys.readouterr()
    assert main([command, "export", "--root", str(cfg.root), "-l", "ko"]) == 2
    assert "not replaced" in capsys.readouterr().err


# --- large files: read and written an element at a time ---------------------------------------------------------


@pytest.mark.parametrize("where", ["target", "between units", "after the units", "file notes"])
def test_xml_entity_references_are_refused_wherever_they_are(tmp_path, capsys, where):
    """A reference to an entity no one declared (an external DTD may declare it: libxml2 keeps it as a node) is
    refused wherever it stands, though the file is read a unit at a time and each unit let go once read."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    text = path.read_text(encoding="utf-8").replace("<xliff ", '<!DOCTYPE xliff SYSTEM "xliff.dtd">\n<xliff ', 1)
    anchor, replacement = {
        "target": ("<target>안녕하세요", "<target>안녕하세요&evil;"),
        "between units": ("</unit>", "</unit>&evil;"),
        "after the units": ("</file>", "&evil;</file>"),
        "file notes": ("</notes>", "</notes>&evil;"),
    }[where]
    assert anchor in text
    path.write_text(text.replace(anchor, replacement, 1), encoding="utf-8")
    before = cfg.po_path("ko").read_bytes()
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    assert "uses undeclared entity references; refused" in capsys.readouterr().err
    assert cfg.po_path("ko").read_bytes() == before
    with pytest.raises(Exception, match="undeclared entity references"):
        xliff_module._read_import(cfg, path, "ko")


def test_tmx_entity_references_are_refused(tmp_path):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header/><body>'
                   '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ko"><seg>안녕</seg></tuv></tu>&evil;'
                   "<tu><tuv xml:lang='en'><seg>Bye</seg></tuv><tuv xml:lang='ko'><seg>잘 가</seg></tuv></tu>"
                   "</body></tmx>\n", encoding="utf-8")
    with pytest.raises(Exception, match="undeclared entity references"):
        read_tmx_pairs(tmx, "en", "ko")
    tmx.write_text(tmx.read_text(encoding="utf-8").replace("&evil;", ""), encoding="utf-8")
    assert read_tmx_pairs(tmx, "en", "ko") == [("Hello", "안녕"), ("Bye", "잘 가")]


_PEAK = """
import re, sys
from pathlib import Path
from toolkit.config import load_config
from toolkit.catalog import read_catalog
from toolkit.exchange import xliff
cfg = load_config(sys.argv[1])
{action}
print(int(re.search(r"VmHWM:\\s*(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) * 1024)
"""  # (VmHWM, not ru_maxrss: that counts the parent's peak at the fork)


def test_xliff_export_and_import_hold_one_batch_of_units_not_the_whole_file(tmp_path):
    """A whole catalogue's XLIFF tree took 30 times the catalogue's size in memory (357 MB to export, 416 MB to
    import an 11 MB catalogue): the file is now written and read a batch of units at a time, so either costs about
    what reading the catalogue costs."""
    import subprocess
    import sys

    texts = [f"Sentence {i} about <b>Soyuz</b> and the launchers of Europe’s spaceport in Kourou, part {i % 7}."
             for i in range(12_000)]
    cfg = make_project(tmp_path, msgids=(), extra=[{"msgid": t, "msgstr": t.replace("Sentence", "문장"), "comment": f"note {i}",
                                                    "occurrences": [(f"src/page{i}.html", "3")]}
                                                   for i, t in enumerate(texts)])
    size = cfg.po_path("ko").stat().st_size

    def peak(action: str) -> int:
        done = subprocess.run([sys.executable, "-c", _PEAK.format(action=action), str(tmp_path)], check=True,
                              capture_output=True, text=True)
        return int(done.stdout)

    reading = peak("read_catalog(cfg.po_path('ko'))")
    assert peak("xliff.export_xliff(cfg, 'ko')") - reading < 5 * size
    exported = (cfg.locales_path / "ko.xlf").read_bytes()
    assert exported.count(b"<unit ") == len(texts) and len(exported) > 2 * size
    assert peak("assert xliff.import_xliff(cfg, cfg.locales_path / 'ko.xlf').unchanged == 12_000") - reading < 5 * size
    assert peak("xliff.export_xliff(cfg, 'ko')") - reading < 5 * size  # (reads the export it replaces first)
    assert (cfg.locales_path / "ko.xlf").read_bytes() == exported


def test_xliff_export_is_the_whole_document_pretty_printed(tmp_path, monkeypatch):
    """Made a batch of units at a time, the bytes are those of the whole tree pretty-printed by lxml: the same
    layout, and no white space added inside a unit's mixed content (a <source> ending with a code)."""
    cfg = small_project(tmp_path, extra=[{"msgid": f"Line {i}\nwith <b>bold</b>", "msgstr": f"줄 {i}\n<b>굵게</b>"}
                                         for i in range(7)])
    real = xliff_module.pretty_printed
    for batch in (1, 2, 3, 1000, 0):
        monkeypatch.setattr(xliff_module, "pretty_printed", lambda r, p, c, b=batch: real(r, p, c, batch=b or 10**9))
        export_xliff(cfg, "ko", tmp_path / f"batch{batch}.xlf")
    whole = (tmp_path / "batch0.xlf").read_bytes()  # (one batch: the whole tree at once, as lxml writes it)
    assert b"</pc></source>" in whole and whole.count(b"<unit ") == 11
    for batch in (1, 2, 3, 1000):
        assert (tmp_path / f"batch{batch}.xlf").read_bytes() == whole


def test_an_undefined_entity_is_named_at_its_line(tmp_path, capsys):
    """Read a unit at a time, the parser's own message said only "Start tag expected" at line 1."""
    cfg = small_project(tmp_path)
    export_xliff(cfg, "ko")
    path = cfg.locales_path / "ko.xlf"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("<target>안녕하세요")].count("\n") + 1
    path.write_text(text.replace("<target>안녕하세요", "<target>안녕하세요&foo;", 1), encoding="utf-8")
    assert main(["--root", str(tmp_path), "xliff", "import", str(path)]) == 2
    assert f"ko.xlf:{line}: malformed document: Entity 'foo' not defined; fix the XML" in capsys.readouterr().err


def test_a_tmx_without_units_is_written_as_lxml_writes_it(tmp_path):
    """Made a batch at a time, an export with no reviewed entry wrote `<body>` and `</body>` on two lines; the whole
    tree serialised writes `<body/>`."""
    cfg = make_project(tmp_path, msgids=("Hello",))
    tmx_module.export_tmx(cfg, "ko", tmp_path / "ko.tmx")
    data = (tmp_path / "ko.tmx").read_bytes()
    root = etree.fromstring(data)
    assert data == etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True,
                                  doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    assert b"<body/>" in data


# --- writing the exports ------------------------------------------------------------------------------


DUPLICATE = 'msgid "dup"\nmsgstr "x"\n\nmsgid "dup"\nmsgstr "y"\n'


def two_locales(tmp_path: Path) -> object:
    return make_project(tmp_path, locales=("ko", "ja"), msgids=(), extra=[{"msgid": "Hello", "msgstr": "안녕"}])


@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_an_export_that_would_not_change_leaves_the_file_untouched(tmp_path, capsys, kind):
    """`xliff export` and `tmx export` rewrote byte-identical files on every run: a new mtime (and inode) made a
    make rule or a CI cache keyed on them run again, where every other writer leaves an unchanged file alone."""
    cfg = two_locales(tmp_path)
    path = cfg.locales_path / f"ko.{'xlf' if kind == 'xliff' else 'tmx'}"
    assert main(["--root", str(tmp_path), kind, "export", "-l", "ko"]) == 0
    before = path.stat()
    capsys.readouterr()
    assert main(["--root", str(tmp_path), kind, "export", "-l", "ko"]) == 0
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert "(unchanged)" in capsys.readouterr().err
    assert sorted(p.name for p in cfg.locales_path.glob(".*.tmp")) == []
    po = polib.pofile(str(cfg.po_path("ko")))
    po[0].msgstr = "안녕하세요"
    po.save()
    assert main(["--root", str(tmp_path), kind, "export", "-l", "ko"]) == 0
    assert "안녕하세요" in path.read_text("utf-8") and "(unchanged)" not in capsys.readouterr().err


def test_a_broken_catalogue_is_named_at_its_line_not_taken_for_a_foreign_export(tmp_path, capsys):
    """With an earlier ja.xlf there, a duplicate entry in ja's catalogue was reported as "ja.xlf: exists and is not
    an XLIFF file this toolkit exported for ja; … move the file away": the wrong file, and advice that mends nothing."""
    cfg = two_locales(tmp_path)
    assert main(["--root", str(tmp_path), "xliff", "export", "-l", "ja"]) == 0
    with cfg.po_path("ja").open("a", encoding="utf-8") as fh:
        fh.write("\n" + DUPLICATE)
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "xliff", "export", "-l", "ja"]) == 2
    err = capsys.readouterr().err
    assert f"{cfg.po_path('ja')}:" in err and "duplicate definition of \"dup\"" in err
    assert "not an XLIFF file" not in err and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_an_export_of_several_locales_stopped_by_a_broken_catalogue_writes_none(tmp_path, capsys, kind):
    """ko was written, then the export stopped at ja's broken catalogue: a partial export that said only ja's
    error.  Every catalogue is now read before any file is replaced (the exports wait beside their files)."""
    cfg = two_locales(tmp_path)
    suffix = "xlf" if kind == "xliff" else "tmx"
    ko = cfg.locales_path / f"ko.{suffix}"
    good = cfg.po_path("ja").read_bytes()
    with cfg.po_path("ja").open("a", encoding="utf-8") as fh:
        fh.write("\n" + DUPLICATE)
    assert main(["--root", str(tmp_path), kind, "export"]) == 2
    assert "duplicate definition" in capsys.readouterr().err
    assert not ko.exists()
    cfg.po_path("ja").write_bytes(good)
    assert main(["--root", str(tmp_path), kind, "export"]) == 0  # mended: both written
    exported = ko.read_bytes()
    po = polib.pofile(str(cfg.po_path("ko")))
    po[0].msgstr = "안녕하세요"
    po.save()
    with cfg.po_path("ja").open("a", encoding="utf-8") as fh:
        fh.write("\n" + DUPLICATE)
    assert main(["--root", str(tmp_path), kind, "export"]) == 2
    assert ko.read_bytes() == exported  # (not replaced by the new ko export either)
    assert sorted(p.name for p in cfg.locales_path.glob(".*.tmp")) == []
