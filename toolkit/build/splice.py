"""A localised page from its source page, by splicing: nothing is re-serialised.

A page is rebuilt as a list of edits on the decoded source (translated units, attribute values,
``lang``, the charset declaration, alternates, language-switcher hrefs); everything between the
edits is copied as it is.  Edits that fall inside a translated unit's placeholders are applied
to the placeholder markup, so an ``<a title>`` keeps its translated title inside a translated
sentence, and a withinText="nested" unit's translation goes into the placeholder its element is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from toolkit import placeholders
from toolkit.html import Document, Unit, render_translation
from toolkit.html.elements import INLINE_FOREIGN, START_TAG_NAME, TRANSLATABLE_ATTRS, XHTML_NS, is_xml_page
from toolkit.html.render import escape_attr
from toolkit.html.tokenize import CONDITIONAL, parse_attrs
from toolkit.locales import language_of

if TYPE_CHECKING:
    from toolkit.build.links import SiteLayout
    from toolkit.build.translations import Translations
    from toolkit.discover import LanguageLink

_HAS_LANG = re.compile(r"[\s/]lang\s*=", re.I)
HAS_DIR = re.compile(r"[\s/]dir\s*=", re.I)  # a tag with a `dir`
_LINE_END = re.compile(r"\r?\n")
_PICTURES = frozenset({"img", "area"})  # elements whose only text is in attributes (alt, title)
_SPAN = attrgetter("start", "end")  # edits in page order (a C lookup, not a lambda: every edit of every locale)
_START_TAG = re.compile(r"""<([A-Za-z][^\t\n\f\r />]*+)(?:[^>"']++|"[^"]*+"|'[^']*+')*+>[\t\n\f\r ]*+\Z""")
_END_TAG = re.compile(r"[\t\n\f\r ]*</([A-Za-z][^\t\n\f\r />]*)[\t\n\f\r ]*>")
_END_TAG_BEFORE = re.compile(r"</([A-Za-z][^\t\n\f\r />]*)[\t\n\f\r ]*>[\t\n\f\r ]*\Z")
_TIME_TAG = re.compile(r"<time[\t\n\f\r />]", re.I)
_TEXT_ATTR = re.compile(rf"[\t\n\f\r /](?:{'|'.join(map(re.escape, TRANSLATABLE_ATTRS))})[\t\n\f\r ]*=", re.I)


@dataclass(slots=True)
class Edit:
    """Replace text[start:end] of the decoded source page by `text` (start == end: insert)."""

    start: int
    end: int
    text: str


@dataclass
class PageResult:
    rel: str
    locale: str
    html: str
    translated: int = 0
    fallback: int = 0
    warnings: list[str] = field(default_factory=list)


# (unit, translated) -> (markup before, markup after) the unit's output: the review server's unit markers
Annotate = Callable[[Unit, bool], tuple[str, str]]


def written_as_xml(doc: Document, rel: str) -> bool:
    """Whether what the build adds must be well-formed XML: an XML page (`is_xml_page`), or one whose ``<html>``
    declares XHTML's namespace (XHTML 1.0 served as text/html, which XML tools downstream read as XML; an HTML
    parser takes ``<link … />`` and ``&#160;`` as it takes ``<link>`` and ``&nbsp;``)."""
    if is_xml_page(rel):
        return True
    root = doc.tag("html")
    xmlns = root.attrs.get("xmlns") if root is not None else None
    return xmlns is not None and xmlns.value.strip() == XHTML_NS


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Splice non-overlapping edits into `text` (insertions at one point keep their order)."""
    out = []
    pos = 0
    for e in sorted(edits, key=_SPAN):
        if e.start < pos:
            raise ValueError(f"overlapping edits at offset {e.start}")
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def build_page(doc: Document, rel: str, locale: str, translations: Translations,
               layout: SiteLayout, source_path: str = "",
               links: list[LanguageLink] | None = None, *, annotate: Annotate | None = None) -> PageResult:
    """The localised page for `locale` (as text) and what happened to each unit.

    `links` are the page's language links (computed once per page when building many locales).
    For the source locale this is the source-language page of the built site: only the edits
    every page gets (charset, alternates, switcher links, references, metadata); for a fragment (an include
    file, `head.is_fragment`) it is the source as it is.
    `annotate` wraps each text unit's output (translated or source) in markup of its own; the
    build passes none, the review server marks units with it.
    """
    # head, links and refs produce Edits, so they are imported here rather than at the top (a cycle)
    from toolkit.build.csp import csp_edits
    from toolkit.build.head import (
        authored_alternates,
        canonical_tag,
        container_lang_edits,
        document_edits,
        existing_alternate_edits,
        fragment_lang_edits,
        is_fragment,
        owner_direction_edits,
        turned_direction,
    )
    from toolkit.build.links import language_link_edits
    from toolkit.build.refs import link_dir, page_place, rebased_url, reference_edits
    from toolkit.build.values import option_value_edits, time_datetime_edits, time_placeholder_opens, time_placeholders
    from toolkit.discover import language_label_units, switcher_links

    if links is None:
        links = switcher_links(doc, layout.source_locale)
    source = locale == layout.source_locale
    text = doc.text
    fragment = is_fragment(text)
    if source and fragment and annotate is None:
        return PageResult(rel, locale, text)  # an include file's source-language copy is the source
    if source:
        translations = {}
    xml = written_as_xml(doc, rel)
    result = PageResult(rel, locale, "")
    small: list[Edit] = []  # edits inside tags: attributes, lang, hrefs
    source_lang = layout.lang(layout.source_locale)
    target_lang = layout.lang(locale)
    labels = language_label_units(doc, links)  # language names: kept as they are

    def usable_text(unit: Unit, msgstr: str | None) -> str | None:
        """`msgstr`, or None (the unit keeps its source text, with a warning) for a translation that shows nothing
        (`placeholders.shows_nothing`, `check`'s `blank` error) or changes the page's template code (`check`'s
        `template-code` error: a template left broken, or code a translation wrote run where the page is rendered)."""
        if not msgstr:
            return msgstr
        if placeholders.shows_nothing(msgstr):
            why = "shows nothing (white space, invisible characters or a line break only)"
        elif placeholders.changes_template_code(unit.msgid, msgstr):
            why = "changes, drops or adds template code ({{ }}, {% %}, <% %>, ${ }, *|MERGE|*, %%Name%%)"
        else:
            return msgstr
        result.warnings.append(f"{source_path or rel}:{unit.line}: {locale} translation of {unit.msgid[:60]!r} "
                               f"{why}; using the source text")
        return None

    source_language, target_language = language_of(source_lang), language_of(target_lang)
    turned = turned_direction(layout, locale)  # untranslated text in a page of the other direction says its own
    source_direction = turned[0] if turned is not None else None
    # an element's start tag (as `_lang_element` gives one) -> its name, whether all its attributes' text is still
    # the source's, whether all of it is translated
    said: dict[tuple[int, int, int], tuple[str, bool, bool]] = {}
    foreign: dict[int, str] = {}  # start tag -> the third language its attributes' text declares
    for unit in doc.units:
        if unit.attribute is None or id(unit) in labels:
            continue
        msgstr = translations.get((unit.context, unit.msgid)) if unit.for_locale(locale) else None
        msgstr = usable_text(unit, msgstr)
        rendered = render_translation(unit, msgstr, xml=xml) if msgstr else None
        if rendered is not None:
            small.append(Edit(unit.start, unit.end, rendered))
            result.translated += 1
        elif not source:
            result.fallback += 1
        if unit.owner_tag is not None and not source:
            tag = (*unit.owner_tag, unit.owner_tag[0] + 1 + len(unit.element))
            _name, untouched, done = said.get(tag, (unit.element, True, True))
            language = language_of(unit.lang or "")
            said[tag] = (unit.element, untouched and rendered is None and language in ("", source_language),
                         done and rendered is not None)
            if language not in ("", source_language, target_language):
                foreign[tag[0]] = language
    # an image whose alt and title stay the source's says so (a screen reader reads them in the page's voice);
    # an element with content or input of its own is not marked for its attribute's sake
    small += [edit for tag, (name, untouched, _done) in said.items() if untouched and name in _PICTURES
              for edit in _element_lang(text, tag, source_lang, source_direction)]
    # one that says another language (`<img lang="de" alt="Die Katze">`) says the target's once all are translated
    small += [edit for tag, (name, _untouched, done) in said.items() if done and name in _PICTURES and tag[0] in foreign
              for edit in _own_lang_edits(doc, tag[0], foreign[tag[0]], target_lang)]
    # and the other way round: an element whose attributes are all translated, inside a unit left in the source
    # language, says the target's (`_translated_attribute_langs`; not with a `dir` on MathML, where it mirrors)
    target_direction = turned[1] if turned is not None else None
    # (start -> the start tag and the `dir` it takes: its edits are made only for such a unit, which is rare)
    attribute_langs = {tag[0]: (tag, None if name in INLINE_FOREIGN else target_direction)
                       for tag, (name, _untouched, done) in said.items() if done and name != "script"}  # (not JSON-LD)

    place = page_place(doc, rel, locale, layout)
    base_dir = link_dir(place)
    if place.built_base is None and not layout.base_url and layout.locales and locale == layout.locales[0]:
        result.warnings.append(  # (only a <base> takes a page's references off the site)
            f'{source_path or rel}: <base href="{(place.base_href or "")[:80]}"> is outside the site, so the '
            "localised pages' relative links lead there (to the source pages); set [tool.l10n] base_url to the "
            "site's address")
    # a fragment is part of a page the build does not know: no alternates of its own, and its language links (which
    # would lead to the fragment's copies) stay as written
    alternates = [] if fragment else authored_alternates(doc, rel, layout)  # edited here, not as references
    small += document_edits(doc, place, alternates, xml, fragment)
    small += existing_alternate_edits(alternates, place)
    if not fragment:
        small += language_link_edits(doc, links, rel, locale, layout, base_dir, xml,
                                     place.base_href is not None and place.built_base is None,
                                     lambda url: rebased_url(url, place))
    handled = {link.tag.start for link in links if link.tag is not None}  # their hrefs are edited above
    handled.update(t.start for t, _locale in alternates)
    if layout.base_url and not fragment and (canonical := canonical_tag(doc)) is not None:
        handled.add(canonical.start)
    small += reference_edits(doc, place, handled)
    small += csp_edits(doc, small, xml)  # (every edit inside a script, a style or a style attribute is made above)

    # outside every unit (a container's start tag): applied after the units, less those of untranslated elements
    container_langs = {} if source else container_lang_edits(doc, locale, layout)
    if fragment and not source:
        container_langs.update(fragment_lang_edits(text, locale, layout))
    for tag, (name, untouched, _done) in said.items():
        if untouched and name in _PICTURES:  # (`<img lang="en" alt="Cat">` left in English says so still)
            container_langs.pop(tag[0], None)
    small.sort(key=_SPAN)
    absorbed: set[int] = set()  # small edits now part of a translated unit's placeholders
    marked: set[int] = set()  # start tags whose language `_third_language` made the target's
    turned_owners: dict[int, tuple[int, str]] = {}  # translated units' blocks, which may state the source's direction
    # what `<html lang>` says is the page's language, whatever it names: the build makes it the target's (a page
    # that claims another language than the source's is extract's warning, not a span around each of its units)
    root = doc.tag("html")
    page_langs: set[str | None] = {None, ""} | {a.value.strip() for name in ("lang", "xml:lang") if root is not None
                                                and (a := root.attrs.get(name)) is not None}
    plain = set(page_langs)  # declared `lang`s needing no mark once translated: the page's, the source's, the target's
    has_time = _TIME_TAG.search(text) is not None  # (a translated <time>'s text may be a date it must keep)

    def unit_edits(unit: Unit, starts: list[int]) -> list[Edit]:
        """The edits of a text unit: its translation (absorbing the small edits inside it), else its `lang`."""
        msgstr = translations.get((unit.context, unit.msgid)) if unit.locales is None or unit.for_locale(locale) \
            else None
        rendered = None
        inside: list[int] = []
        msgstr = usable_text(unit, msgstr)
        if msgstr:
            if unit.placeholders:  # (a unit without them has no tag, so no edit, inside its span)
                inside = _within(small, starts, unit.start, unit.end)
            opens = _rewritten_placeholders(unit, small, inside) if inside else None
            if unit.placeholders:
                opens = _placeholder_langs(unit, msgstr, opens, target_lang, xml)
                if has_time and (times := time_placeholders(unit)):
                    changed = _changed_contents(unit.msgid, msgstr) & times
                    opens = time_placeholder_opens(unit, opens, changed, xml) if changed else opens
            rendered = render_translation(unit, msgstr, opens, xml)
            if rendered is not None and unit.preserve and "\r" in text[unit.start:unit.end]:
                rendered = _LINE_END.sub("\r\n", rendered)  # the msgid has LF; the page keeps its CR LF
            if rendered is None:
                result.warnings.append(
                    f"{source_path or rel}:{unit.line}: {locale} translation of {unit.msgid[:60]!r} has "
                    "missing, extra or misnested placeholders; using the source text")
        before, after = annotate(unit, rendered is not None) if annotate is not None else ("", "")
        if rendered is not None:
            if inside:
                absorbed.update(inside)
            result.translated += 1
            if turned is not None and unit.owner_tag is not None and not unit.nested and unit.element not in SVG_TEXT:
                turned_owners[unit.owner_tag[0]] = (unit.owner_tag[1], unit.element)
            said = None
            if unit.lang not in plain:  # (one set lookup a unit: nearly all say the page's language, or none)
                language = language_of(unit.lang or "")
                if language in ("", source_language, target_language):
                    plain.add(unit.lang)
                else:
                    said = _third_language(unit, msgstr, doc, language, target_lang, marked)
            edit = Edit(unit.start, unit.end, before + rendered + after)
            data = option_value_edits(unit, text, rendered, xml) if unit.element == "option" else []
            if has_time and not unit.placeholders:
                data += time_datetime_edits(text, _text_element(unit, text), unit, msgstr or "", xml)
            if said is None and not unit.nested and not data:  # (nearly every unit)
                return [edit]
            return [edit, *data, *(said if said is not None else _nested_lang(unit, text, target_lang))]
        # insertions at one point keep their order: the marker opens outside the lang span, closes after it
        out = [Edit(unit.start, unit.start, before)] if before else []
        if not source:
            result.fallback += 1
            element = _lang_element(unit, text)
            if element is not None:  # its element's text stays in the source language: so does its lang
                container_langs.pop(element[0], None)
            if unit.lang in page_langs or language_of(unit.lang or "") in ("", source_language):  # (French stays)
                out += _fallback_lang(unit, text, source_lang, element, source_direction)
            if attribute_langs and unit.placeholders:
                out += _translated_attribute_langs(unit, attribute_langs, text, target_lang)
        return out + ([Edit(unit.end, unit.end, after)] if after else [])

    # the source-language page keeps its text: a unit's edits there are only the review's marks
    texts = [] if source and annotate is None else [u for u in doc.units if u.attribute is None and id(u) not in labels]
    # withinText="nested" units first, innermost first: their edits then lie inside the placeholder their
    # element is in the enclosing unit, and a translated enclosing unit takes them in as it takes an href
    for innermost in _innermost_first([u for u in texts if u.nested]):
        starts = [e.start for e in small]
        edits = [edit for unit in innermost for edit in unit_edits(unit, starts)]
        small = sorted([e for k, e in enumerate(small) if k not in absorbed] + edits, key=_SPAN)
        absorbed.clear()
    starts = [e.start for e in small]
    big = [edit for unit in texts if not unit.nested for edit in unit_edits(unit, starts)]
    if turned_owners:  # (after the units: a container whose own text stays untranslated keeps its `dir` too)
        turning = {(e.start, e.end) for e in small if e.end > e.start}
        turning.update((e.start, e.end) for es in container_langs.values() for e in es if e.end > e.start)
        for at, edits in owner_direction_edits(text, turned_owners, turned, turning).items():
            container_langs.setdefault(at, []).extend(edits)
    if container_langs:  # one inside a translated unit's placeholder (`<iframe lang="en">` in a sentence) is the
        # unit's markup, written as the source has it
        spans = sorted((e.start, e.end) for e in big if e.end > e.start)
        ends = [end for _start, end in spans]
        for at in [at for at in container_langs if (i := bisect_right(ends, at)) < len(spans) and spans[i][0] < at]:
            del container_langs[at]

    kept = [e for k, e in enumerate(small) if k not in absorbed] if absorbed else small
    edits = kept + big + [e for es in container_langs.values() for e in es]
    if xml and any(t.name == CONDITIONAL for t in doc.tags):
        edits = _without_double_hyphens(edits, doc)
    result.html = apply_edits(text, edits)
    return result


# a conditional comment's content inside a unit's rendering (no translation writes a raw "<!--" or "<![endif]")
_CONDITIONAL_CONTENT = re.compile(r"(<!--\[if[\t\n\f\r ][^\]]*+\]>)(.*?)(?=<!\[endif\])", re.I | re.S)
_HYPHEN_BEFORE_HYPHEN = re.compile("-(?=-)")


def _without_double_hyphens(edits: list[Edit], doc: Document) -> list[Edit]:
    """XML forbids "--" in a comment: a translated "--" (or "—" spelt "--") inside an XHTML page's conditional comment
    made the page not well-formed.  Written "&#45;-", it is "--" to IE and Outlook, which read the content as HTML.
    Only the edits inside a comment (or holding one: a sentence's ``<comment/>``) change: a script's ``i--`` stays."""
    spans = sorted((t.start, t.content_end) for t in doc.tags if t.name == CONDITIONAL)
    starts = [start for start, _end in spans]
    out = []
    for e in edits:
        if "--" in e.text:
            i = bisect_right(starts, e.start) - 1
            if i >= 0 and e.end <= spans[i][1]:
                e = Edit(e.start, e.end, _HYPHEN_BEFORE_HYPHEN.sub("&#45;", e.text))
            elif "<!--" in e.text:
                e = Edit(e.start, e.end, _CONDITIONAL_CONTENT.sub(
                    lambda m: m.group(1) + _HYPHEN_BEFORE_HYPHEN.sub("&#45;", m.group(2)), e.text))
        out.append(e)
    return out


def _innermost_first(units: list[Unit]) -> list[list[Unit]]:
    """withinText="nested" units (and those inside a sentence's ``<noscript>`` or conditional comment) in rounds,
    innermost first: a unit's round comes after those of the units inside it (its element's start tag to its end),
    and the units of a round are apart, so each round is built against the same edits (one at a time, a sentence
    of 10,000 such placeholders sorted the page's edits 10,000 times).  Spans that cross: one unit a round."""
    def extent(u: Unit) -> tuple[int, int]:
        return (min(u.start, u.owner_tag[0]) if u.owner_tag is not None else u.start), u.end

    height = {id(u): 0 for u in units}
    open_: list[tuple[int, int, Unit]] = []  # the units holding the current one, outermost first

    def close() -> None:
        _lo, _hi, done = open_.pop()
        if open_:
            height[id(open_[-1][2])] = max(height[id(open_[-1][2])], height[id(done)] + 1)

    for lo, hi, unit in sorted(((*extent(u), u) for u in units), key=lambda t: (t[0], -t[1])):
        while open_ and open_[-1][1] < hi:
            if open_[-1][1] > lo:  # (crossing spans: not seen from the segmenter, but then as before)
                return [[u] for u in sorted(units, key=lambda u: u.end - u.start)]
            close()
        open_.append((lo, hi, unit))
    while open_:
        close()
    rounds: dict[int, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.end - u.start):
        rounds.setdefault(height[id(unit)], []).append(unit)
    return [rounds[h] for h in sorted(rounds)]


def page_coverage(doc: Document, locale: str, translations: Translations,
                  links: list[LanguageLink]) -> tuple[int, int]:
    """(units with a usable translation, units) of the page for `locale`: what --min-percent weighs.

    Language-switcher labels are no units; units a locale filter keeps from `locale` do not count.
    """
    from toolkit.discover import language_label_units

    labels = language_label_units(doc, links)
    done = total = 0
    for unit in doc.units:
        if id(unit) in labels or not unit.for_locale(locale):
            continue
        total += 1
        msgstr = translations.get((unit.context, unit.msgid))
        if msgstr and render_translation(unit, msgstr) is not None:
            done += 1
    return done, total


def _within(edits: list[Edit], starts: list[int], lo: int, hi: int) -> list[int]:
    """Indices of the (sorted) edits inside the unit's span [lo, hi]: those in its tags, which start after its first
    character and before its end.  An insertion at either end (the charset or `<html lang>` a page without `<head>`
    gets just before its first text) is not the unit's: a translation taking it in would drop it."""
    return [k for k in range(bisect_right(starts, lo), bisect_left(starts, hi)) if edits[k].end <= hi]


def _rewritten_placeholders(unit: Unit, edits: list[Edit], candidates: list[int]) -> dict[str, str]:
    """Placeholder markup with the tag-level edits (attribute translations, hrefs) applied."""
    out: dict[str, str] = {}
    if not candidates:
        return out
    starts = [edits[k].start for k in candidates]  # sorted, as the edits are
    for name, ph in unit.placeholders.items():
        lo, hi = ph.start, ph.start + len(ph.open)
        inner = [Edit(edits[k].start - lo, edits[k].end - lo, edits[k].text)
                 for k in candidates[bisect_left(starts, lo):bisect_right(starts, hi)] if edits[k].end <= hi]
        if inner:
            out[name] = apply_edits(ph.open, inner)
    return out


def _placeholder_langs(unit: Unit, msgstr: str, opens: dict[str, str] | None, lang: str,
                       xml: bool) -> dict[str, str] | None:
    """`opens` with the `lang` of the unit's inline elements that declare another language than `lang` (`<q
    lang="fr">` in a sentence) made `lang`, where the translation changed their content: a screen reader would read
    the Korean words in a French voice.  A content kept as it was (the quote left in French) keeps its `lang`, as
    `_third_language` does for a whole unit."""
    changed: dict[str, str] | None = None
    differs: set[str] | None = None
    for name, ph in unit.placeholders.items():
        tag = opens[name] if opens and name in opens else ph.open
        if "ang" not in tag or not ph.close or (m := START_TAG_NAME.match(tag)) is None:
            continue  # (a substring test first: nearly no tag in a sentence says its language)
        attrs = parse_attrs(tag, m.end(), len(tag))
        edits = [Edit(a.start, a.end, f'"{escape_attr(lang, xml)}"') for key in ("lang", "xml:lang")
                 if (a := attrs.get(key)) is not None and a.end > a.start
                 and language_of(a.value.strip()) not in ("", language_of(lang))]
        if not edits:
            continue
        if differs is None:  # (once a unit, each text read in one pass, however many such elements it has)
            differs = _changed_contents(unit.msgid, msgstr)
        if name in differs:
            changed = dict(opens or {}) if changed is None else changed
            changed[name] = apply_edits(tag, edits)
    return opens if changed is None else changed


def _changed_contents(msgid: str, msgstr: str) -> set[str]:
    """The placeholders whose content (their text and what the placeholders in them hold) the translation changed.

    Each text is read one level at a time (`_levels`), so the work is linear however deeply they nest: comparing each
    element's whole content took 32 s for a sentence of 16,000 nested `<span lang>`."""
    own, inner, closing = _levels(msgid)
    own_t, inner_t, _ = _levels(msgstr)
    differs: set[str] = set()
    for name in closing:  # (inner elements close first)
        if own[name] != own_t.get(name) or inner[name] != inner_t.get(name) or \
                any(child in differs for child in inner[name]):
            differs.add(name)
    return differs


def _levels(text: str) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """Of each placeholder pair in a msgid or translation: its own text (the pieces between the placeholders in it),
    the placeholders in it, and the order in which they close.  Every character is one element's own text."""
    own: dict[str, list[str]] = {}
    inner: dict[str, list[str]] = {}
    closing: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in placeholders.PLACEHOLDER_RE.finditer(text):
        slash, name, selfclose = m.groups()
        if stack:
            own[stack[-1]].append(text[pos:m.start()])
        pos = m.end()
        if selfclose or (slash and (not stack or stack[-1] != name)):
            if stack:
                inner[stack[-1]].append(m.group())  # a void placeholder, or a stray close: part of what it holds
            continue
        if slash:
            closing.append(stack.pop())
        elif name not in own:
            if stack:
                inner[stack[-1]].append(name)
            stack.append(name)
            own[name], inner[name] = [], []
    return own, inner, closing


def _lang_element(unit: Unit, text: str) -> tuple[int, int, int] | None:
    """The start tag whose ``lang`` marks an untranslated unit, as (start, end, end of its name): its own element's
    for a whole unit or a withinText="nested" one (its element's text is its own), else that of the element the unit
    fills (`_wrapper_tag`); None when the unit is only part of its element's content."""
    if (unit.whole or unit.nested) and unit.owner_tag is not None:
        start, end = unit.owner_tag
        return start, end, start + 1 + len(unit.element)
    wrapper = _wrapper_tag(unit, text)
    return (wrapper.start(), wrapper.end(), wrapper.end(1)) if wrapper is not None else None


def _text_element(unit: Unit, text: str) -> tuple[int, int, int] | None:
    """The start tag of the element whose whole text the unit is, as `_lang_element` gives one: its own element's,
    else the one it fills inside that (`<p><time>May 1</time></p>`: the ``<time>``)."""
    if unit.whole and unit.owner_tag is not None and unit.element != "time":
        wrapper = _wrapper_tag(unit, text)
        if wrapper is not None:
            return wrapper.start(), wrapper.end(), wrapper.end(1)
    return _lang_element(unit, text)


def _element_lang(text: str, element: tuple[int, int, int], lang: str, direction: str | None = None) -> list[Edit]:
    """`lang` on a start tag (`_lang_element`'s (start, end, end of its name)), unless it has one; with `direction`,
    its ``dir`` too, unless it has one."""
    start, end, at = element
    if _HAS_LANG.search(text, start, end):
        return []
    said = f' dir="{direction}"' if direction and not HAS_DIR.search(text, start, end) else ""
    return [Edit(at, at, f' lang="{lang}"{said}')]


def _nested_lang(unit: Unit, text: str, lang: str) -> list[Edit]:
    """A translated withinText="nested" unit says its language on its element: the unit around it may stay in the
    source language, marked so on an element that holds this one too."""
    element = _lang_element(unit, text) if unit.nested else None
    return _element_lang(text, element, lang) if element is not None else []


def _translated_attribute_langs(unit: Unit, attribute_langs: dict[int, tuple[tuple[int, int, int], str | None]],
                                text: str, lang: str) -> list[Edit]:
    """The target's `lang` on the elements of an untranslated unit whose attributes are all translated (`<img
    alt>` in an English sentence of a French page: without it, the French alt is read in an English voice).  Only
    an element the unit holds whole (a void or opaque placeholder: `<img/>`, `<input/>`, `<math/>`): one whose
    content is text of the unit keeps the unit's language, its content being what it shows and mostly what is read."""
    edits = []
    for ph in unit.placeholders.values():
        owner = None if ph.close else attribute_langs.get(ph.start)
        if owner is not None:
            tag, direction = owner
            edits += _element_lang(text, tag, lang, direction)
    return edits


def _third_language(unit: Unit, msgstr: str | None, doc: Document, declared: str, lang: str,
                    marked: set[int]) -> list[Edit] | None:
    """A translated unit whose element declares a language (`declared`, its subtag) other than the source's and the
    target's (a French quote on an English page): its text is now the target's, so its element says so (the `lang`
    it has made the target's, else one added; a span as the last resort).  None when its translation is its source
    (the quote kept as it was keeps its language).  `marked`: start tags already made so on this page."""
    if msgstr == unit.msgid:
        return None
    element = _lang_element(unit, doc.text)
    if element is None:
        return _marked_run(unit, f' lang="{escape_attr(lang)}"')
    if element[0] in marked:
        return []
    marked.add(element[0])
    return _own_lang_edits(doc, element[0], declared, lang) or _element_lang(doc.text, element, lang)


def _own_lang_edits(doc: Document, start: int, declared: str, lang: str) -> list[Edit]:
    """The ``lang``/``xml:lang`` of the start tag at `start` that name `declared` (a language subtag), made `lang`."""
    tag = next((t for t in doc.tags if t.start == start), None)
    return [Edit(a.start, a.end, f'"{escape_attr(lang)}"') for name in ("lang", "xml:lang")
            if tag is not None and (a := tag.attrs.get(name)) is not None and a.end > a.start
            and language_of(a.value.strip()) == declared]


def _fallback_lang(unit: Unit, text: str, lang: str, element: tuple[int, int, int] | None,
                   direction: str | None = None) -> list[Edit]:
    """Mark untranslated text with the source language: on its element (`_lang_element`), on the elements it
    consists of, or with a span.  A span is the last resort: it changes the page's tree, and CSS such as
    `pre > code` or `input:checked ~ .cjs` then no longer matches.  `direction`: the source's, when the page's is the
    other one (English left in an Arabic page: without ``dir="ltr"`` its full stop is shown at its start)."""
    if element is not None:
        return _element_lang(text, element, lang, direction)
    tops = _top_elements(unit)
    said = f' dir="{direction}"' if direction else ""
    if tops is not None:
        return [Edit(at, at, f' lang="{lang}"' + ("" if has_dir else said)) for at, has_dir in tops]
    return _marked_run(unit, f' lang="{lang}"' + ("" if unit.element in SVG_TEXT else said))


# SVG's elements that hold text runs: a run of its own is a <tspan> there
SVG_TEXT = frozenset({"text", "tspan", "textpath"})


def _marked_run(unit: Unit, attributes: str) -> list[Edit]:
    """The unit's text in an element of its own carrying `attributes` (its language): a span, or a tspan in SVG's
    text (an HTML span there ends the <svg> for the parser: the rest of the drawing, and of the page, became HTML
    inside it).  SVG has no ``dir`` attribute: the caller leaves it out there."""
    tag = "tspan" if unit.element in SVG_TEXT else "span"
    return [Edit(unit.start, unit.start, f"<{tag}{attributes}>"), Edit(unit.end, unit.end, f"</{tag}>")]


def _wrapper_tag(unit: Unit, text: str) -> re.Match[str] | None:
    """The start tag of the element whose content the unit is, whitespace and empty elements before it aside
    (`<a><code>fs.open()</code></a>` in a list item that goes on, `<a><span class="arrow"></span> Index</a>`),
    or None."""
    if any(ph.unclosed for ph in unit.placeholders.values()):
        return None  # its end tag may close the unit's own element
    at = unit.start
    while (lt := text.rfind("<", 0, at)) >= 0 and (empty := _END_TAG_BEFORE.match(text, lt, at)) is not None:
        lt = text.rfind("<", 0, lt)  # an element holding nothing: it gets the lang too, unless it has text of its own
        inner = _START_TAG.match(text, lt, empty.start()) if lt >= 0 else None
        if inner is None or inner[1].lower() != empty[1].lower() or _TEXT_ATTR.search(inner[0]):
            return None
        at = lt
    start = _START_TAG.match(text, lt, at) if lt >= 0 else None
    if start is None:
        return None
    end = _END_TAG.match(text, unit.end)
    return start if end is not None and end[1].lower() == start[1].lower() else None


def _top_elements(unit: Unit) -> list[tuple[int, bool]] | None:
    """Where a `lang` goes in each start tag of the elements a unit consists of (`<code1>…</code1><code2>…</code2>`,
    whitespace between them; none for a tag that has one), with whether that tag has a ``dir``; None when the unit
    has text of its own or a void or opaque placeholder at its top level."""
    tops: list[tuple[int, bool]] = []
    depth = at = 0
    for tok in placeholders.tokens(unit.msgid, unit.placeholders.keys()):
        if depth == 0 and unit.msgid[at:tok.start].strip():
            return None
        if tok.kind == "void" and depth == 0:
            return None
        if tok.kind == "open":
            if depth == 0:
                ph = unit.placeholders[tok.name]
                name = START_TAG_NAME.match(ph.open)
                if ph.start < 0 or name is None:
                    return None
                if not _HAS_LANG.search(ph.open):
                    tops.append((ph.start + name.end(), HAS_DIR.search(ph.open) is not None))
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        at = tok.end
    return tops if depth == 0 and at and not unit.msgid[at:].strip() else None
