"""Typography: edge whitespace, line breaks, doubled spaces and words, sentence-end punctuation, quotation marks,
bracket pairs and the commas between a page's keywords."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from toolkit.checks.registry import ERROR, WARNING, Context, Need, Problem, check
from toolkit.checks.text import mostly_latin, without_markup, without_urls
from toolkit.html.segment import KEYWORDS_HINT
from toolkit.locales import HAN_OR_KANA, is_cjk, language_of
from toolkit.placeholders import left_out_line_breaks, shows_nothing


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


@check("whitespace", WARNING)
def check_whitespace(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
    """Leading/trailing whitespace is layout; a translation should not add or drop it.  A line break at either end
    that the source has and the translation not (or the reverse) is an error: `msgfmt -c` refuses the catalogue."""
    for has, where in ((str.startswith, "begins"), (str.endswith, "ends")):
        if has(src, "\n") != has(tr, "\n"):
            which = "the source" if has(src, "\n") else "the translation"
            yield Problem(f"only {which} {where} with a line break (msgfmt -c refuses the catalogue)", ERROR)
            return
    (sl, st), (tl, tt) = _edges(src), _edges(tr)
    if sl != tl:
        yield f"leading whitespace {tl!r} differs from the source's {sl!r}"
    if st != tt:
        yield f"trailing whitespace {tt!r} differs from the source's {st!r}"


@check("line-breaks", WARNING)
def check_line_breaks(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Only preformatted text (pre, textarea) keeps its line breaks in a msgid, and there they are layout:
    a translation with more or fewer of them shows different lines (a code sample, a poem, an address).
    Elsewhere a translation may leave out a `<br/>` (where a language breaks its lines is its own), but an address
    or a poem needs them: a warning."""
    want, got = src.count("\n"), tr.count("\n")
    if want != got:
        yield f"{got} line break(s) where the source has {want} (preformatted text shows them as they are)"
    left_out = left_out_line_breaks(src, tr, ctx.names)
    if left_out:
        yield f"the source's {' '.join(left_out)} left out: the translation runs on where the source breaks the line"


_SPACES = " \u00a0\u3000"
_DOUBLE_SPACE = re.compile(f"[{_SPACES}]{{2}}")
_SPACE_RUN = re.compile(f"[{_SPACES}]{{2,}}")


@check("double-space", WARNING)
def check_double_space(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Doubled spaces are usually typos.  CJK text may use ideographic spaces (U+3000) for
    layout, so there only runs involving an ASCII/no-break space are flagged."""
    if _DOUBLE_SPACE.search(src):
        return
    cjk = is_cjk(ctx.locale)
    for m in _SPACE_RUN.finditer(tr.strip()):
        if cjk and set(m.group()) == {"\u3000"}:
            continue
        yield "doubled space not in the source"
        return


# What shows nothing, or a blank that is no space, and has no place in a translation the source lacks it in: a
# zero-width space, a word joiner and the invisible operators, a BOM inside text, the Hangul and braille fillers (a
# blank that neither breaks nor wraps: an old way to fake empty text), tag characters (invisible text: hidden
# instructions to a language model), the combining grapheme joiner, the Mongolian vowel separator, the line and
# paragraph separators (a line break to some programs, none to a browser), the deprecated format characters and the
# interlinear annotation marks.  Bidirectional controls are the `bidi` check's.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u180e\u200b\u2028\u2029\u2060-\u2064\u206a-\u206f\u2800\u3164\ufeff"
                        "\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]")
# languages written without spaces between words, where a zero-width space marks where a line may break
_ZWSP_WORD_BREAKS = frozenset({"th", "lo", "km", "my", "shn", "bo", "dz", "jv"})
# An emoji tag sequence (a subdivision flag: 🏴 then tag letters then CANCEL TAG) is the one use of tag characters
_EMOJI_TAGS = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


@check("invisible", WARNING)
def check_invisible(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """An invisible character the source does not have (a zero-width space pasted with the text, a word joiner, a
    byte order mark, a Hangul filler, tag characters) splits a word for search and copy, keeps a line from breaking,
    or hides text from the reviewer; Thai, Lao, Khmer, Burmese, Shan, Tibetan, Dzongkha and Javanese text uses
    zero-width spaces as word breaks, Mongolian a vowel separator, and a subdivision flag emoji tag characters."""
    if not _INVISIBLE.search(tr):  # (nearly every translation)
        return
    found = {c for c in _INVISIBLE.findall(_EMOJI_TAGS.sub("", tr)) if c not in src}
    if found and shows_nothing(tr):
        return  # (`blank`'s error)
    language = language_of(ctx.locale)
    if language in _ZWSP_WORD_BREAKS:
        found.discard("\u200b")
    if language == "mn":
        found.discard("\u180e")
    if found:
        yield "invisible character(s) not in the source: " + " ".join(f"U+{ord(c):04X}" for c in sorted(found))


@functools.cache
def _around_word() -> str:
    """Punctuation and symbols around a word ("the the," "(ja ja)")."""
    return "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c))[0] in "PS")


def _bare(token: str) -> str:
    """A white-space-separated token without the punctuation around it.  Words are what white space separates, so
    the vowel signs of Indic scripts stay in them (`\\w` stops at them: नाम में read as "म म")."""
    return token if token[0].isalnum() and token[-1].isalnum() else token.strip(_around_word())


def _repeated_words(text: str, names: set[str], joined_by: str = "") -> Iterator[str]:
    """Each word of `text` (its placeholders and URLs left out) that follows itself with only white space between, or
    one of the marks `joined_by` ("very, very")."""
    before = None
    for token in without_urls(without_markup(text, names), "\ufffc").split():  # (no word: "Voir <URL> Voir")
        word = _bare(token)
        key = word.casefold()
        if key and key == before and any(c.isalpha() for c in key):
            yield word
        joined = token.endswith(word) or (token[-1] in joined_by and token[:-1].endswith(word))
        before = key if joined else None  # "word. Word" is no repetition


_COMMAS = ",，、"
# a run of two characters or more said twice, a comma between or not: how a language written without spaces repeats
# a word (とても、とても; 非常非常)
_REPEATED_RUN = re.compile(r"(\w{2,24}?)[,，、]?\1")  # (bounded: an unbounded run was tried at every start)


def _repeated_runs(text: str, names: set[str]) -> list[str]:
    """The words a text without spaces between them says twice in a row (`_REPEATED_RUN`)."""
    return [m[1] for m in _REPEATED_RUN.finditer(without_urls(without_markup(text, names), "\ufffc"))]


@check("repeated-word", WARNING, needs={Need.LANGUAGE})
def check_repeated_word(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A word typed twice in a row ("the the", "를 를") is a slip, unless the source repeats it too, or repeats a word
    of its own that the translation renders so ("very, very" as "아주 아주", とても、とても or 非常非常 as "very
    very": one repetition of another word for each of the source's, a comma between or not).  Pseudo-localised text
    only repeats the source's words, accented, so they match none of the source's."""
    repeated = list(_repeated_words(tr, ctx.names))
    if not repeated:  # (most translations) the source's words need not be looked at
        return
    in_source = [w.casefold() for w in _repeated_words(src, ctx.names, _COMMAS)]
    if is_cjk(ctx.source_locale):
        in_source += _repeated_runs(src, ctx.names)
    translated = {w.casefold() for w in repeated}
    spare = sum(1 for w in in_source if w not in translated)  # the source's repetitions rendered in other words
    others = [w for w in repeated if w.casefold() not in in_source]
    if len(others) > spare:
        yield f"“{others[spare]}” twice in a row"


# Kind of sentence end, by last character; full-width forms and other scripts' marks count as the same kind:
# the danda of Devanagari and Bengali, the Urdu full stop, Armenian, Khmer, Myanmar, Ethiopic and Tibetan stops,
# the Arabic question mark, the Greek one (a semicolon in Greek text: `_GREEK_QUESTION`).
_END_KIND = {
    ".": "stop", "。": "stop", "．": "stop", "｡": "stop", "।": "stop", "॥": "stop", "۔": "stop", "։": "stop",
    "។": "stop", "៕": "stop", "။": "stop", "።": "stop", "།": "stop",
    "?": "question", "？": "question", "؟": "question", "\u037e": "question", "፧": "question",
    "!": "exclamation", "！": "exclamation",
    ":": "colon", "：": "colon",
    "…": "ellipsis", "‥": "ellipsis", "⋯": "ellipsis",  # (U+22EF: the midline ellipsis of Taiwan's 載入中⋯⋯)
}
_GREEK_QUESTION = ";"  # U+003B, as Greek text types its question mark (U+037E is its canonical equivalent)
# languages that may end a question with their full stop: Japanese (か。), Armenian (the ՞ goes on a word: ։ ends it)
_QUESTION_AS_STOP = frozenset({"ja", "hy"})
_CLOSERS = "\"'”’»)]）」』】》〉"


def end_kind(text: str, names: set[str] | frozenset[str] = frozenset(), language: str = "") -> str | None:
    """How `text` ends ("stop", "question", …), looking past closing quotes and tags; `language`: the text's
    language, where it decides (a Greek `;` asks a question)."""
    text = without_markup(text, set(names)).rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith(("...", "・・・", "･･･")):  # (three middle dots: a Japanese ellipsis typed so)
        return "ellipsis"
    if language == "el" and text.endswith(_GREEK_QUESTION):
        return "question"
    return _END_KIND.get(text[-1:]) if text else None


@check("end-punctuation", WARNING, needs={Need.LANGUAGE})
def check_end_punctuation(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A sentence should end like its source: `.` ↔ `。`, `?` ↔ `？` …; a heading without
    punctuation should not gain any.  Japanese questions may end in `か。`, in the source or the translation.  A
    Chinese or Japanese translation ending with a half-width `.` `?` `!` `:` `;` `,` is flagged too (as pofilter's
    endpunc does): it takes `。` `？` `！` `：` `；` `，` (`、`)."""
    language, source_language = language_of(ctx.locale), language_of(ctx.source_locale)
    want, got = end_kind(src, ctx.names, source_language), end_kind(tr, ctx.names, language)
    if language in _FULL_WIDTH_LANGUAGES and (mark := half_width_end(tr, ctx.names)):
        yield (f"translation ends with half-width “{mark}” where {_FULL_WIDTH_LANGUAGES[language]} uses "
               f"“{_full_width_of(mark, language)}”")
    if want == got:
        return
    if want == "question" and got == "stop" and language in _QUESTION_AS_STOP:
        return
    if want == "stop" and got == "question" and source_language in _QUESTION_AS_STOP:
        return  # 見学はできますか。 -> "Can I visit?"
    if want == "stop" and got is None and _ends_with_abbreviation(src):
        return  # "Soyuz, Ariane, etc." -> "ソユーズ、アリアンなど": the full stop was the abbreviation's
    if want is None:
        yield "translation ends with punctuation the source does not have"
    else:
        yield f"source ends with {want} punctuation, translation with {got or 'none'}"


# Chinese and Japanese end a sentence, a clause or a label with full-width marks; the half-width ones are for Latin
# text (Korean uses them, as English does)
_FULL_WIDTH_LANGUAGES = {"zh": "Chinese", "ja": "Japanese", "yue": "Cantonese"}
_FULL_WIDTH = {".": "。", "?": "？", "!": "！", ":": "：", ";": "；", ",": "，"}
_HAN_OR_KANA = f"[{HAN_OR_KANA}]"  # compiled when first needed (`re`'s own cache): milliseconds, at every start


def half_width_end(text: str, names: set[str] | frozenset[str]) -> str | None:
    """The half-width mark (`.` `?` `!` `:` `;` `,`) a Chinese or Japanese `text` ends with, looking past closing
    quotes and tags; None when it ends otherwise, is no Chinese or Japanese text (a name left as it is, text in
    another script), or its full stop is an abbreviation's ("Inc.").  A Latin word before the mark ("…使用Ariane 5.")
    does not excuse it: the sentence is Chinese, and so is its full stop."""
    text = without_markup(text, set(names)).rstrip().rstrip(_CLOSERS).rstrip()
    mark = text[-1:]
    if mark not in _FULL_WIDTH or text.endswith("...") or _ends_with_abbreviation(text):
        return None
    if not re.search(_HAN_OR_KANA, text) or mostly_latin(text):
        return None
    return mark


def _full_width_of(mark: str, language: str) -> str:
    return "、 or ，" if mark == "," and language == "ja" else _FULL_WIDTH[mark]


_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "」": "「", "』": "『", "】": "【",
             "》": "《", "〉": "〈", "］": "［", "｝": "｛", "〕": "〔"}
_OPENERS = set(_BRACKETS.values())
_BRACKET = re.compile("[" + re.escape("".join([*_BRACKETS, *_OPENERS])) + "]")


def bracket_problem(text: str) -> str | None:
    """Why the brackets of `text` do not pair up, or None when they do."""
    stack: list[str] = []
    for ch in _BRACKET.findall(text):  # (a scan in `re`, not a loop over every character)
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _BRACKETS:
            if not stack:
                return f"unmatched {ch}"
            if stack.pop() != _BRACKETS[ch]:
                return f"{ch} closes a different bracket"
    return f"unclosed {stack[-1]}" if stack else None


# a sentence ends: `.`, `!`, `?` or Arabic's `؟` before white space and a word that starts with no small letter (a
# capital, a digit, a script without case), or a full stop that needs no space after it (。！？, the danda, the Urdu
# and Khmer stops …), or a half-width `!`/`?` right before kana, hangul or a CJK ideograph (安全ですか?はい); a
# quotation may close before the space ("Go." Then), and the next sentence may open with a quotation mark or a
# bracket (。「連合」は…)
_OPENING = "\"'“‘«„「『（(【《〈"
# (possessive: the closers are openers too, and a run of them was read again from each one given back)
_SENTENCE_BREAK = re.compile(rf"[.!?\u061f][{re.escape(_CLOSERS)}]*+[\s\u00a0]++[{_OPENING}]*(?=([^\W_]))"
                             rf"|[。！？।۔។።][{re.escape(_CLOSERS)}]*+(?=\s*[{_OPENING}]*[^\W_])"
                             r"|[!?](?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])")
# words whose full stop ends no sentence ("Mr. Smith", "No. 3", "8 p.m. UTC"), lower case
_ABBREVIATIONS = frozenset("mr mrs ms dr st mt no nos vs etc e.g i.e p.m a.m jr sr prof fig figs vol approx inc ltd "
                           "co corp dept est cf al".split())
# and those of other languages (M. Dupont, Mme, z. B., usw., Sr., Sra.)
_LANGUAGE_ABBREVIATIONS = {
    "fr": frozenset("m mm mme mmes mlle mlles me dr pr st ste etc cf ex env av apr hab tél vol".split()),
    "de": frozenset("z.b u.a usw bzw ca vgl nr hr fr dr prof str evtl ggf inkl d.h s.o".split()),
    "es": frozenset("sr sra srta sres dr dra ud uds etc pág núm av ej".split()),
    "it": frozenset("sig sigg dott ing avv prof ecc pag".split()),
    "pt": frozenset("sr sra srta dr dra etc pág av ex".split()),
    "nl": frozenset("dhr mevr bijv o.a enz nr blz".split()),
}
_WORD_BEFORE = re.compile(r"([^\W\d_][^\W\d_.]*(?:\.[^\W\d_]+)*)\.$")


def _abbreviation_before(text: str, end: int, language: str = "") -> bool:
    """Whether the full stop at `end` closes an abbreviation (`_ABBREVIATIONS`, and `language`'s own)."""
    m = _WORD_BEFORE.search(text, max(0, end - 12), end + 1)
    if m is None:
        return False
    word = m[1].lower()
    return word in _ABBREVIATIONS or word in _LANGUAGE_ABBREVIATIONS.get(language, ())


def _ends_with_abbreviation(text: str) -> bool:
    text = text.rstrip()
    return text.endswith(".") and _abbreviation_before(text, len(text) - 1)


def sentence_breaks(text: str, language: str = "") -> int:
    """How many times one sentence of `text` ends and another begins ("e.g. the" is no end: a small letter follows;
    neither is "Mr. Smith", nor an initial, "J. Smith", nor in French "M. Dupont" or "Mme Curie" and such
    abbreviations of `language`)."""
    return sum(1 for m in _SENTENCE_BREAK.finditer(text)
               if not (m.group(1) or "").islower() and not (text[m.start()] == "." and (
                   _abbreviation_before(text, m.start(), language) or _initial_before(text, m.start()))))


def _initial_before(text: str, end: int) -> bool:
    """Whether the full stop at `end` follows one letter of a cased script, a word of its own: an initial (J. Smith,
    M. Dupont, z. B., А. С. Пушкин), not the one-syllable answer of a script without case (네. 소유스는…)."""
    letter, before = text[end - 1:end], text[end - 2:end - 1]
    return (letter.isupper() or letter.islower()) and not before.isalnum()


@check("sentence-count", WARNING, needs={Need.LANGUAGE})
def check_sentence_count(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A translation with fewer sentences than its source may have lost one (a paragraph's last sentence left out);
    joining two is sometimes right, so this is a warning."""
    want = sentence_breaks(without_urls(without_markup(src, ctx.names)), language_of(ctx.source_locale))
    if want:
        got = sentence_breaks(without_urls(without_markup(tr, ctx.names)), language_of(ctx.locale))
        if got < want:
            yield f"{got + 1} sentence(s) where the source has {want + 1}: is one missing?"


# what a translator may write between keywords instead of U+002C: the ideographic comma, the full-width, small and
# half-width ones, the Arabic comma
_COMMA_LOOKALIKES = re.compile("[、，﹐﹑､،]")


@check("keywords", ERROR)
def check_keywords(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A page's keywords (`<meta name="keywords">`) must stay separated by the ASCII comma.  HTML splits the list
    at U+002C only, so keywords separated by 、 or ， are one keyword to every reader of the page: wrong whatever the
    language, with one right fix, hence an error (like a broken link).  Found by the entry's note; a translation
    with fewer keywords and no look-alike comma is left alone (a keyword may rightly be dropped or merged)."""
    lookalike = _COMMA_LOOKALIKES.search(tr) if "," in src else None
    if lookalike is None or KEYWORDS_HINT not in " ".join(" ".join(ctx.comments).split()):  # (a wrapped note too)
        return  # (every entry but a few)
    want, got = _keyword_count(src), _keyword_count(tr)
    if got < want:
        yield (f"keywords separated by “{lookalike[0]}”: HTML splits them at “,” (U+002C) only, so the page has {got} "
               f"keyword(s) where the source has {want}; separate them with “, ”")


def _keyword_count(text: str) -> int:
    return sum(1 for keyword in text.split(",") if keyword.strip())


# double quotation marks of every convention: “…” „…“ «…» »…« ‹…› "…" 〝…〟 (「…」 pair as brackets)
_DOUBLE_QUOTES = re.compile('["\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u301d\u301e\u301f\uff02]')


@check("quotes", WARNING)
def check_quotes(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A quotation the source opens and closes should be closed in the translation too.

    Marks are counted, not paired: „…“, »…« and “…” use the same characters the other way round."""
    want = len(_DOUBLE_QUOTES.findall(src))
    if want and want % 2 == 0 and len(_DOUBLE_QUOTES.findall(tr)) % 2:
        yield "a quotation mark is not closed (or not opened)"


# a list marker ("1)", "b)", "iv)") before the text it numbers (or a stop: "a) oder b)."), or an emoticon (":)",
# ";-)", ":("), at the start or after a space: no bracket.  A marker at the end or before a bracket ("(A o B))",
# "opción y)") is a bracket too many.
_MARKER = re.compile(
    r"(?<!\S)(?:(?:\d{1,3}|[^\W\d_]|[ivx]{2,4})[)）](?=[ \t]+[^\W_]|[.,;:!?。、])|[:;=][-']?[()](?!\w))")


def _without_added_markers(src: str, tr: str) -> str:
    """`tr` without the list markers and emoticons it adds: as many of each bracket as it has beyond `src`'s."""
    extra = Counter(_BRACKET.findall(tr)) - Counter(_BRACKET.findall(src))

    def drop(m: re.Match[str]) -> str:
        if not extra[m[0][-1]]:
            return m[0]
        extra[m[0][-1]] -= 1
        return " "

    return _MARKER.sub(drop, tr)


@check("brackets", ERROR)
def check_brackets(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Brackets (ASCII and full-width) must pair up when the source's do.

    An unpaired bracket in the source (a list marker "1)") is the source's business; so is one the translation adds
    in a list marker or an emoticon ("Schritt 1)", "Merci :)"), when it has more of that bracket than the source."""
    source = without_urls(src)
    if bracket_problem(source) is None:
        target = without_urls(tr)
        problem = bracket_problem(target)
        if problem and bracket_problem(_without_added_markers(source, target)) is not None:
            yield problem
