"""The catalogue writer lays files out exactly as GNU gettext does (ARCHITECTURE.md, Catalogues).

Checked against the real `msgcat`: what we write, msgcat rewrites byte for byte the same, at the
default width, at other widths (`--width N`) and unwrapped (`--no-wrap`), so `msgmerge` and
`l10n update` never rewrap each other's files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog import read_catalog
from toolkit.catalog.read import parse_text
from toolkit.catalog.write import _fallback_breaks, _libunistring, catalog_text

REPO = Path(__file__).resolve().parent.parent

needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is not installed")


def msgcat(path: Path, *args: str) -> str:
    return subprocess.run(["msgcat", *args, str(path)], capture_output=True, check=True).stdout.decode("utf-8")


def gnu_args(width: int) -> list[str]:
    return ["--no-wrap"] if width == 0 else [f"--width={width}"]


# Long lines, CJK text and punctuation, escapes, words and URLs longer than a line, hyphens, slashes.
HARD = polib.POFile()
HARD.metadata = {"Project-Id-Version": "x 1.0", "Content-Type": "text/plain; charset=UTF-8", "Language": "ja",
                 "Plural-Forms": "nplurals=1; plural=0;"}
HARD.metadata_is_fuzzy = True
HARD.header = "Japanese translations.\nSecond header line."
for i, (msgid, msgstr) in enumerate([
    ("Russian Federation on cooperation and partnership in the exploration and use of outer space for "
     "peaceful purposes, and cooperation is already underway.",
     "ロシアは、ESAが長期的な宇宙へのアクセスを確保する取り組みにおける主要なパートナーです。「ソユーズ」（Soyuz）、"
     "欧州宇宙基地、フランス領ギアナ。"),
    ("See https://www.esa.int/Our_Activities/Space_Transportation/Launch_vehicles/Soyuz_at_the_Guiana_Space_Centre"
     "/index.html for more.", "자세한 내용은 https://www.esa.int/Our_Activities/Space_Transportation/index.html 을 보세요."),
    ('Line one\nline "two" with a \\ backslash\tand a tab, then a long tail that is long enough to wrap here.\n',
     "一行目\n二行目「引用」と\\と\tタブ、そして折り返すのに十分な長さの末尾がここにあります。ここにあります。\n"),
    ("long-term, well-known, state-of-the-art, multi-purpose, user-friendly, non-trivial, two-stage launchers "
     "and so on", "x" * 120),
    ("Soyuz—the workhorse—flies from Kourou/French Guiana (5°N); 2,000 kg to GTO; 100% success…",
     "소유스는—주력—쿠루/프랑스령 기아나(북위 5°)에서 발사; GTO에 2,000 kg; 성공률 100%…소유스는—주력—쿠루"),
]):
    e = polib.POEntry(msgid=msgid, msgstr=msgstr,
                      occurrences=[(f"source_html/a/very/long/directory/name/page-number-{j}.html", str(10 * j))
                                   for j in range(i + 1)],
                      comment="Extracted note that is much longer than the line width, and stays on its one line "
                              "as GNU writes it." if i % 2 else "<img alt>",
                      tcomment="Translator comment" if i == 1 else "",
                      flags=["fuzzy"] if i in (1, 3) else [],
                      previous_msgid=(msgid[:-5] + " (previous wording, long enough to wrap)") if i in (1, 3) else None)
    HARD.append(e)
HARD.append(polib.POEntry(msgid="apple", msgid_plural="apples, many many apples in a list long enough to wrap now",
                          msgstr_plural={0: "りんごりんごりんごりんごりんごりんごりんごりんごりんごりんごりんごりんごりんご"},
                          msgctxt="fruit context that is long, long, long, long, long and longer still to wrap"))
HARD.append(polib.POEntry(msgid="Obsolete entry whose text is long enough to be wrapped over more than one line",
                          msgstr="廃止されたエントリの翻訳、これも十分に長いので二行以上に折り返されるはずです。ここまで。",
                          obsolete=True, tcomment="kept"))


@needs_msgcat
@pytest.mark.parametrize("width", [79, 40, 100, 0])
def test_hard_catalogue_is_laid_out_as_msgcat_does(tmp_path, width):
    ours = tmp_path / "ours.po"
    ours.write_text(catalog_text(HARD, width), encoding="utf-8")
    assert msgcat(ours, *gnu_args(width)) == ours.read_text("utf-8")
    # and a GNU-formatted file survives our read + write unchanged
    gnu = tmp_path / "gnu.po"
    gnu.write_text(msgcat(ours, *gnu_args(79)), encoding="utf-8")
    assert catalog_text(read_catalog(gnu), 79) == gnu.read_text("utf-8")


@needs_msgcat
def test_shipped_catalogues_are_as_msgcat_writes_them():
    files = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert files
    for f in files:
        assert catalog_text(read_catalog(f)) == f.read_text("utf-8") == msgcat(f), f


pieces = st.sampled_from([
    "a", "Soyuz", "launch", " ", "  ", "-", "long-term", "/", "https://example.org/a/b?c=d&e=f", "x" * 85,
    ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "'", "%", "5", "2,000", "\u00a0", "—", "…", "°",
    "\n", "\t", '"', "\\", "é", "<a>", "</a>", "<br/>", "\x01", "x" * 75, "y" * 66,
    "한", "국어", "中", "日本語", "、", "。", "「", "」", "（", "）", "ー", "カタカナ", "ｶﾀｶﾅ", "😀",
])
texts = st.lists(pieces, max_size=40).map("".join)


@needs_msgcat
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(texts, texts, st.none() | texts, st.none() | texts, st.booleans(), st.booleans(),
                               st.integers(0, 4)), min_size=1, max_size=6),
       width=st.sampled_from([79, 79, 30, 60, 0]))
def test_generated_catalogues_are_laid_out_as_msgcat_does(tmp_path, rows, width):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for i, (msgid, msgstr, ctx, previous, fuzzy, obsolete, refs) in enumerate(rows):
        msgstr = msgstr or ("x" if obsolete else "")  # msgcat drops untranslated obsolete entries
        po.append(polib.POEntry(
            msgid=f"{i}{msgid}", msgstr=msgstr, msgctxt=ctx, previous_msgid=previous, obsolete=obsolete,
            flags=["fuzzy"] if fuzzy else [], comment=msgid[:90].replace("\n", " ").rstrip("\\"),
            occurrences=[(f"dir-x/page-{i}-{'y' * (7 * j)}.html", str(j + 1)) for j in range(refs)]))
    path = tmp_path / "gen.po"
    text = catalog_text(po, width)
    path.write_text(text, encoding="utf-8")
    assert msgcat(path, *gnu_args(width)) == text


def test_fallback_breaks_like_libunistring_on_plain_text():
    """Without libunistring the writer still breaks after spaces and between wide characters."""
    pieces = list("one two three four five six seven eight nine ten eleven twelve thirteen")
    spaces = _fallback_breaks(pieces, 20, 0)
    assert spaces and all(pieces[i - 1] == " " for i in spaces)
    cjk = list("日本語の文章はどこでも折り返せます。日本語の文章はどこでも折り返せます。")
    assert _fallback_breaks(cjk, 20, 0)[0] == 10  # 10 wide characters fill 20 columns
    if _libunistring() is not None:
        from toolkit.catalog.write import _break_before
        assert _break_before(pieces, 20, 0) == spaces


FOUND = [  # cases random testing found; a break never goes right before the \n that ends a line
    "カタカナ😀.<a>Soyuz5😀）?\n\\",
    "\n\t?.2,0005:ー—\xa0、국어:]\"é:!\n」https://example.org/a/b?c=d&e=f）(中\n국어2,000</a>?",
    "a-\tlong-term\t\"quoted\" https://example.org/a/b?c=d&e=f;\n\t한국어、」）\nｶﾀｶﾅ  한ーー \"",
]


@needs_msgcat
@pytest.mark.parametrize("text", FOUND)
@pytest.mark.parametrize("width", [30, 31, 79])
def test_found_cases_are_laid_out_as_msgcat_does(tmp_path, text, width):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="0" + text, msgstr=text, previous_msgid=text, flags=["fuzzy"]))
    path = tmp_path / "found.po"
    path.write_text(catalog_text(po, width), encoding="utf-8")
    assert msgcat(path, f"--width={width}") == path.read_text("utf-8")


@needs_msgcat
def test_a_comment_ending_in_a_backslash_does_not_swallow_the_next_line(tmp_path):
    """GNU's lexer joins a line ending in "\\" with the next: `#. C:\\` would eat the `#:` or msgid after it."""
    po = polib.POFile()
    po.header = "header C:\\"
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="a", msgstr="b", comment="Installed under C:\\", occurrences=[("p.html", "1")]))
    po.append(polib.POEntry(msgid="c", msgstr="d", tcomment="ends in \\"))
    path = tmp_path / "messages.po"
    path.write_text(catalog_text(po), "utf-8")
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert gnu == path.read_bytes()  # the reference and the msgid are still lines of their own
    back = read_catalog(path)
    assert back.header == po.header and back[0].comment == "Installed under C:\\" and back[1].tcomment == "ends in \\"
    assert back[0].occurrences == [("p.html", "1")]
    assert catalog_text(back) == path.read_text("utf-8")


# A header as another tool wrote it: fields out of polib's order, tool-specific fields not sorted.
OTHER_TOOLS_HEADER = ('msgid ""\nmsgstr ""\n"PO-Revision-Date: 2026-01-02 03:04+0000\\n"\n"MIME-Version: 1.0\\n"\n'
                      '"Last-Translator: Min-jun <mj@example.org>\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                      '"X-Launchpad-Export-Date: 2026-01-02 03:04+0000\\n"\n"X-Generator: Launchpad (build 1)\\n"\n'
                      '"Language: ko\\n"\n\nmsgid "Launch"\nmsgstr "발사"\n')


def test_header_fields_keep_their_order():
    """GNU gettext keeps the header's fields where they are (as the .mo writer does); a save reordered them."""
    po = parse_text(OTHER_TOOLS_HEADER)
    assert catalog_text(po) == OTHER_TOOLS_HEADER


@needs_msgcat
def test_header_fields_keep_their_order_as_msgcat_keeps_them(tmp_path):
    path = tmp_path / "ko.po"
    path.write_text(OTHER_TOOLS_HEADER, "utf-8")
    assert msgcat(path) == OTHER_TOOLS_HEADER


EMPTY_FUZZY = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
               '#, fuzzy\nmsgid "Launch"\nmsgstr ""\n\n'
               '#, fuzzy, c-format\nmsgid "%d stage"\nmsgid_plural "%d stages"\nmsgstr[0] ""\nmsgstr[1] "%d단"\n\n'
               '#, fuzzy\nmsgid "%d engine"\nmsgid_plural "%d engines"\nmsgstr[0] "%d엔진"\nmsgstr[1] ""\n')
AS_GNU_WRITES_IT = EMPTY_FUZZY.replace('#, fuzzy\nmsgid "Launch"', 'msgid "Launch"').replace("#, fuzzy, c-format", "#, c-format")


def test_the_fuzzy_flag_is_written_only_over_a_translation():
    """GNU normalizes it away where the first msgstr is empty; kept, msgmerge and update undid each other's files,
    and `translate` left the entry alone (fuzzy) where msgmerge had made it untranslated."""
    assert catalog_text(parse_text(EMPTY_FUZZY)) == AS_GNU_WRITES_IT
    assert [e.fuzzy for e in parse_text(AS_GNU_WRITES_IT)] == [False, False, True]


@needs_msgcat
def test_the_fuzzy_flag_is_written_only_over_a_translation_as_msgcat_does(tmp_path):
    path = tmp_path / "ko.po"
    path.write_text(EMPTY_FUZZY, "utf-8")
    assert msgcat(path) == AS_GNU_WRITES_IT
