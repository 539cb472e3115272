"""The inline-markup placeholders translators see: ``<a>…</a>``, ``<a1>…</a1>``, ``<br/>``.

A msgid shows each inline element of its unit as an attribute-free tag named after the
element (numbered when the name repeats in the unit).  Only the placeholders that the
source unit has are markup; any other ``<…>`` in a translation is literal text.  This module
is the one place that parses them, for the build, the checks and machine translation.

In a msgid with placeholders, literal text that looks like one (a page that shows
``&lt;b&gt;`` next to a real ``<b>``) is written ``&lt;b>``, so every placeholder-shaped token
there is a real one; an ``&`` that would read as such an escape is written ``&amp;``.  Nothing
else is escaped (``&`` is ``&``), and a msgid without placeholders is plain text throughout.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Set as AbstractSet
from typing import NamedTuple

# a placeholder's name: its element's (numbered when it repeats in the unit), custom elements (`relative-time`) and
# prefixed ones (Word's `st1:place`) included
_NAME = r"[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*"
PLACEHOLDER_RE = re.compile(rf"<(/?)({_NAME})(/?)>")
_NAME_RE = re.compile(_NAME)
# a literal "<" that would start a placeholder token, or an "&" that would start an escape
_NEEDS_ESCAPE = re.compile(rf"<(?=/?{_NAME}/?>)|&(?=lt;|amp;)")
_ESCAPES = {"<": "&lt;", "&": "&amp;"}
LITERAL_ESCAPES = frozenset(_ESCAPES.values())  # how a msgid with placeholders writes `<` and `&` (not entities typed)
_ESCAPED = re.compile(r"&(lt|amp);")
# What no translation holds, whoever brings it (a reviewer's save, an XLIFF import, an engine's reply): C0 controls
# but tab and line ends, DEL, the C1 controls, lone surrogates. They break PO tools and terminals, and are how a
# hostile or broken source would smuggle escape sequences into files people open.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_UNESCAPED = {"lt": "<", "amp": "&"}
# a line break's placeholder (`<br/>`, `<br2/>`, `<wbr/>`): where a language breaks its lines is its own, so a
# translation may leave one out (as XLIFF 2 lets a tool delete a standalone code); every other placeholder is kept
_LINE_BREAK = re.compile(r"<w?br\d*/>")
# An HTML character reference (`&nbsp;`, `&#160;`): in a msgid or msgstr it is text, shown as typed
ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# Anything shaped like an HTML tag: <name>, <name attr="…">, </name>, <name/>, <my-tag>, <svg:rect>, and what a
# browser also reads as markup: attributes after a slash (<svg/onload=…>), comments, doctypes, <?php ?>, <![CDATA[.
TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:[\s/][^<>]*)?>|<[!?][^<>]*>")


def can_name(element: str) -> bool:
    """Whether an element's name can be a placeholder's (`<my_el>`, `<x-"a>` cannot: a msgid would show them as text,
    and the build would drop the element): only such elements may go inside a unit."""
    return _NAME_RE.fullmatch(element) is not None


def escape_literal(text: str) -> str:
    """Text as written in a msgid: nothing in it reads as a placeholder (see the module docstring)."""
    if "<" not in text and "&" not in text:
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def unescape_literal(text: str) -> str:
    """The text a run of msgid/msgstr text between placeholders stands for (inverse of escape_literal)."""
    if "&" not in text:
        return text
    return _ESCAPED.sub(lambda m: _UNESCAPED[m.group(1)], text)


class Token(NamedTuple):  # (a tuple: made for every placeholder of every unit a build renders, in every locale)
    kind: str  # "open", "close" or "void"
    name: str
    start: int
    end: int


def tokens(text: str, names: AbstractSet[str] | None = None) -> list[Token]:
    """The placeholder tokens of `text`; with `names`, only those naming one of them."""
    out = []
    for m in PLACEHOLDER_RE.finditer(text):
        slash, name, selfclose = m.groups()
        if slash and selfclose:
            continue
        if names is not None and name not in names:
            continue
        kind = "close" if slash else ("void" if selfclose else "open")
        out.append(Token(kind, name, m.start(), m.end()))
    return out


# What shows nothing on a page: white space, zero-width and other invisible format characters, fillers (Hangul's,
# the braille blank)
_INVISIBLE_CLASS = ("[\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_INVISIBLE = re.compile(_INVISIBLE_CLASS + "*")
_INVISIBLE_CHAR = re.compile(_INVISIBLE_CLASS)
_SHOWS_NOTHING_TAG = frozenset({"br", "wbr"})  # void placeholders that show nothing themselves


def shows_nothing(text: str) -> bool:
    """Whether a translation shows nothing where its source showed text: only white space, invisible characters
    (a zero-width space) and tags holding nothing else (a lone `<br/>`).  One owner: `check`'s `blank` error and the
    build's fallback to the source text."""
    if text[:1] not in ("", "<") and not _INVISIBLE_CHAR.match(text):  # (nearly every translation: it starts with
        return False  # what it shows; no copy of it is made, as the build asks this of each unit in every locale)
    at = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if _INVISIBLE.fullmatch(text, at, m.start()) is None:
            return False
        slash, name, selfclose = m.groups()
        if selfclose and not slash and name.rstrip("0123456789") not in _SHOWS_NOTHING_TAG:
            return False  # an image, an input, an icon: something shows
        at = m.end()
    return _INVISIBLE.fullmatch(text, at) is not None


# Hangul (its jamo, compatibility jamo, syllables, half-width forms): wide, but Korean spaces its words.  (Ranges,
# not a regular expression: a class this wide takes milliseconds to compile, at every start.)
_HANGUL = (("\u1100", "\u11ff"), ("\u3130", "\u318f"), ("\ua960", "\ua97f"), ("\uac00", "\ud7ff"),
           ("\uffa0", "\uffdc"))


def line_break_vanishes(before: str, after: str) -> bool:
    """Whether a line break (and the white space around it) between the characters `before` and `after` shows
    nothing on a page: CSS Text 3's segment break transformation, as browsers apply it, for a break next to a
    zero-width space or between two East Asian wide characters (Chinese and Japanese have no spaces between words;
    Hangul is wide, but Korean has, and keeps its space).  One owner: the segmenter's msgids, an XLIFF target's
    layout."""
    if before == "\u200b" or after == "\u200b":
        return True
    return _wide(before) and _wide(after)


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F", "H") \
        and not any(first <= char[0] <= last for first, last in _HANGUL)


def signature(text: str, names: set[str] | None = None) -> Counter:
    """Multiset of placeholder tokens (as written) in `text`."""
    return Counter(text[t.start : t.end] for t in tokens(text, names))


def names_in(msgid: str) -> set[str]:
    """Placeholder names a msgid defines: paired tags that open and close, and void tags."""
    toks = tokens(msgid)
    opened = {t.name for t in toks if t.kind == "open"}
    closed = {t.name for t in toks if t.kind == "close"}
    return (opened & closed) | {t.name for t in toks if t.kind == "void"}


def is_balanced(text: str, names: set[str]) -> bool:
    """Paired placeholders nest properly (no `<a><b></a></b>`, no stray closer)."""
    stack: list[str] = []
    for t in tokens(text, names):
        if t.kind == "open":
            stack.append(t.name)
        elif t.kind == "close" and (not stack or stack.pop() != t.name):
            return False
    return not stack


def problems(msgid: str, msgstr: str, names: set[str] | None = None) -> list[str]:
    """What is wrong with the placeholders of `msgstr` against `msgid`; empty when fine.

    `names` are the unit's real placeholders; without it they are inferred from the msgid.  A line break
    (`<br/>`, `<wbr/>`) left out is not a problem (`_LINE_BREAK`); one added or repeated is.
    """
    if names is None:
        names = names_in(msgid)
    if not names:
        return []
    same = _written(msgid, names)
    if same == _written(msgstr, names) and _nested(same):  # the usual case, checked without Token records
        return []
    want = signature(msgid, names)
    got = signature(msgstr, names)
    out = []
    missing = Counter({tok: n for tok, n in (want - got).items() if not _LINE_BREAK.fullmatch(tok)})
    extra = got - want
    if missing:
        out.append("missing placeholder(s) " + " ".join(sorted(missing.elements())))
    if extra:
        out.append("extra placeholder(s) " + " ".join(sorted(extra.elements())))
    if not missing and not extra and not is_balanced(msgstr, names):
        out.append("placeholders are not properly nested")
    return out


def left_out_line_breaks(msgid: str, msgstr: str, names: set[str] | None = None) -> list[str]:
    """The `<br/>`s of `msgid` that `msgstr` leaves out: not a `problem`, but a reviewer may want them back (an
    address, a poem).  A `<wbr/>` is only a place the line may break."""
    if names is None:
        names = names_in(msgid)
    if not any(name.startswith("br") for name in names):
        return []
    missing = signature(msgid, names) - signature(msgstr, names)
    return sorted(tok for tok in missing.elements() if _LINE_BREAK.fullmatch(tok) and tok.startswith("<br"))


def matching_tokens(msgid: str, msgstr: str, names: AbstractSet[str]) -> list[Token] | None:
    """The placeholder tokens of `msgstr`, or None when `problems` finds any against `msgid`.

    The build asks this of every unit with placeholders, in every locale: in the usual case (the msgid's
    placeholders in the msgid's order) it is one pass over `msgstr`, the msgid's tokens remembered."""
    toks = tokens(msgstr, names)
    expected = source_order(msgid, tuple(names))
    if expected is not None and [msgstr[t.start:t.end] for t in toks] == expected:
        return toks
    return None if problems(msgid, msgstr, set(names)) else toks


@functools.lru_cache(maxsize=4096)
def source_order(msgid: str, names: tuple[str, ...]) -> list[str] | None:
    """The placeholder tokens of a unit's msgid as written, in order, when they nest properly (else None): what a
    translation that keeps them in place writes too.  Asked again for each locale (the list must not be changed)."""
    written = _written(msgid, set(names))
    return written if _nested(written) else None


def _written(text: str, names: AbstractSet[str]) -> list[str]:
    """The placeholder tokens of `text` naming one of `names`, as written, in order (what `tokens` finds)."""
    return [m.group() for m in PLACEHOLDER_RE.finditer(text) if not (m.group(1) and m.group(3)) and m.group(2) in names]


def _nested(written: list[str]) -> bool:
    """`is_balanced` over tokens as `_written` gives them."""
    stack: list[str] = []
    for tok in written:
        if tok[1] == "/":
            if not stack or stack.pop() != tok[2:-1]:
                return False
        elif tok[-2] != "/":
            stack.append(tok[1:-1])
    return not stack


# Code of a template a page was published without rendering (Jinja, Liquid, Django: `{{ x }}`, `{% if %}`, `{# #}`;
# JavaScript's `${x}`; ERB, ASP, JSP: `<%= x %>`; PHP: `<?= $x ?>`, in an attribute; the merge tags of e-mail
# services: Mailchimp's `*|FNAME|*` and `*|IF:FNAME|*`, Salesforce Marketing Cloud's `%%FirstName%%`, `%%=v(@x)=%%`
# and `%%[ … ]%%`, which a newsletter's unsubscribe link is made of; a name or a call, not prose between the marks,
# "*| and |*", "10%% to 20%%"): a unit holding nothing else is
# the template engine's, not a translator's (machine translation rewrote `{{ c.name }}` into `{{ ç.ñåṁé }}`), unless
# the page asks for it; a URL holding some is no URL yet, which the build leaves as written; a translation carries
# the source's code as it is and adds none (`template_code_changes`).  Each span is at most a few hundred characters:
# an unbounded one was looked for to the end of the text from every "{{" without its "}}" (quadratic)
URL_TEMPLATE_CODE = re.compile(r"\{\{[^{}]{0,400}\}\}|\{%[^{}]{0,400}%\}|\{#[^{}]{0,400}#\}"
                               r"|\$\{[^{}]{0,400}(?:\{[^{}]{0,400}\}[^{}]{0,400}){0,8}\}|<%[^<]{0,400}?%>"
                               r"|<\?[^<]{0,400}?\?>|\*\|[A-Za-z_]\w{0,100}(?::[^|\n]{0,200})?\|\*"
                               r"|%%(?:[A-Za-z_][A-Za-z0-9_.:-]{0,100}|=\s*(?:@\w|[A-Za-z_]\w*\s*\()[^%\n]{0,400}?="
                               r"|\[[^%]{0,400}?\])%%")
# In text, also the merge tags e-mail services write between single percent signs: Mailgun's `%recipient.first_name%`
# and `%unsubscribe_url%` (lower case, a dot or an underscore in it), ActiveCampaign's `%FIRSTNAME%` and
# `%SENDER-INFO%` (capitals), which Windows' `%APPDATA%` is written like.  Not in a URL, where `%A9%20` is
# percent-encoding (`URL_TEMPLATE_CODE`); not "20% to 30%" (a name, no space, between the signs).
TEMPLATE_CODE = re.compile(URL_TEMPLATE_CODE.pattern + r"|%(?:recipient(?:\.[A-Za-z_][\w-]{0,100})?"
                           r"|[a-z][a-z0-9]{0,50}(?:_[a-z0-9]{1,50}){1,8}|[A-Z][A-Z0-9]{1,50}(?:[_-][A-Z0-9]{1,50}){0,8})%")


def may_hold_template_code(text: str) -> bool:
    """A quick look before `TEMPLATE_CODE` (every unit of every locale asks): nearly no text has "{", "<%", "<?",
    "*|" or "%"."""
    return "{" in text or "<%" in text or "<?" in text or "*|" in text or "%" in text


def template_code(text: str) -> Counter[str]:
    """The template code spans of a text, each as written."""
    return Counter(m.group() for m in TEMPLATE_CODE.finditer(text)) if may_hold_template_code(text) else Counter()


def template_code_changes(source: str, translation: str) -> tuple[Counter[str], Counter[str]]:
    """(code of the source the translation lacks or altered, code the translation adds).  Template code runs where
    the page is rendered: dropped, `{% endif %}` leaves the template broken; added, it runs what a translator (or a
    machine) wrote, `{{ constructor.constructor('…')() }}` in an AngularJS page among them."""
    if not may_hold_template_code(source) and not may_hold_template_code(translation):
        return Counter(), Counter()
    want, got = template_code(source), template_code(translation)
    if want == got:  # code the pattern does not see whole (`{{ {}.toString… }}`, braces inside; a long expression)
        # still opens and closes with delimiters: a translation adding, dropping or moving one changes their counts
        want, got = _delimiters(source), _delimiters(translation)
    return want - got, got - want


def changes_template_code(source: str, translation: str) -> bool:
    """Whether `template_code_changes` finds any: the build asks it of every unit in every locale, and nearly no
    text holds a mark that could start template code, so no counters are made then."""
    return ((may_hold_template_code(source) or may_hold_template_code(translation))
            and any(template_code_changes(source, translation)))


_DELIMITERS = ("{{", "}}", "{%", "%}", "{#", "#}", "${", "<%", "%>", "<?", "?>")  # (a merge tag nests nothing)


def _delimiters(text: str) -> Counter[str]:
    return Counter({mark: n for mark in _DELIMITERS if (n := text.count(mark))})


def stray_tags(text: str, names: AbstractSet[str]) -> Counter[str]:
    """Tag-shaped text in `text` that is not one of the placeholders `names` (the build shows it as text)."""
    real = {(t.start, t.end) for t in tokens(text, names)}
    return Counter(m.group() for m in TAG_RE.finditer(text) if (m.start(), m.end()) not in real)
