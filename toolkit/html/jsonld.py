"""JSON-LD blocks (``<script type="application/ld+json">``): their members with exact spans, and their texts.

A page's structured data repeats its texts for search engines, which show them: an article's headline and
description, a FAQ's questions and answers, a how-to's steps.  Left in English in a page whose ``inLanguage`` the
build makes the target's, they contradict it.  So the string values of the schema.org properties that hold prose
(`TEXT_KEYS`) are units, at any depth; a person's or an organisation's ``name`` is a proper name and is not.
Everything is found by position in the page, so the build replaces one JSON string and keeps every other byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from toolkit.html.tokenize import Attr
from toolkit.jsonsafe import shallow_json
from toolkit.locales import language_of

MEDIA_TYPE = "application/ld+json"
ATTRIBUTE = "ld+json"  # a JSON-LD unit's `Unit.attribute`: its span is a JSON string, rendered by `json_string`
# schema.org properties whose string values are prose for readers (not identifiers, URLs, dates or codes)
TEXT_KEYS = frozenset({"name", "headline", "alternativeHeadline", "description", "disambiguatingDescription",
                       "abstract", "caption", "text", "slogan"})
# types whose `name` is a proper name, translators would only copy it: people, organisations and their common
# subtypes (businesses, schools, teams, bands), brands, languages
PROPER_NAMED = frozenset({
    "Person", "Organization", "Corporation", "NGO", "GovernmentOrganization", "NewsMediaOrganization",
    "EducationalOrganization", "CollegeOrUniversity", "School", "LocalBusiness", "Restaurant", "Store", "Hotel",
    "SportsTeam", "SportsOrganization", "MusicGroup", "PerformingGroup", "Airline", "Brand", "Language"})
# types schema.org gives no `inLanguage` (it is a property of creative works, events and a few actions): a top-level
# object of one gets none added
NO_LANGUAGE = PROPER_NAMED | frozenset({"BreadcrumbList", "ItemList", "ListItem", "Product", "Offer", "AggregateOffer",
                                        "Place", "PostalAddress", "GeoCoordinates", "Rating", "AggregateRating"})
_TYPE_PREFIX = re.compile(r"^(?:schema:|https?://schema\.org/)")
_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON = json.JSONDecoder()
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]


class Member(NamedTuple):
    key: str
    lead: int  # the white space before the key (after ``{`` or ``,``)
    key_start: int
    key_end: int
    value_start: int
    value_end: int


class Text(NamedTuple):
    """A prose string value: its decoded text, its JSON string's span (quotes included), what it says."""

    value: str
    start: int
    end: int
    key: str
    owner_type: str | None  # the ``@type`` of the object holding it


def is_json_ld(attrs: Mapping[str, Attr] | None) -> bool:
    """Whether a ``<script>`` with these attributes holds JSON-LD."""
    kind = attrs.get("type") if attrs else None
    return kind is not None and kind.value.split(";")[0].strip().lower() == MEDIA_TYPE  # (parameters: charset=…)


def block_objects(text: str, start: int, stop: int) -> list[tuple[list[Member], int]] | None:
    """Members and ``}`` offset of the block's top-level object, or of each object of its top-level array; None when
    text[start:stop] is no JSON, or JSON nested too deep to read safely (`shallow_json`): such a block is left alone."""
    try:
        shallow_json(text[start:stop])  # a page's: its nesting is anybody's
    except ValueError:
        return None
    return _objects(text, skip(text, start))


def texts(text: str, start: int, stop: int) -> Iterator[Text]:
    """The prose string values of the JSON-LD in text[start:stop], each object's before those of the objects in it
    (none if it does not parse)."""
    for members, _close in block_objects(text, start, stop) or ():
        for inner in (members, *_objects_within(text, members)):
            yield from _own_texts(text, inner)


URL_KEYS = frozenset({"url", "image", "logo", "photo", "thumbnailUrl", "contentUrl", "embedUrl", "thumbnail"})


def url_strings(text: str, start: int, stop: int) -> Iterator[Text]:
    """The string values of URL properties (`URL_KEYS`: an article's ``image``, an organisation's ``logo``, a page's
    ``url``; one of a list too) in the JSON-LD in text[start:stop], at any depth: a relative one resolves against the
    page, as a link does (none if it does not parse)."""
    for members, _close in block_objects(text, start, stop) or ():
        for inner in (members, *_objects_within(text, members)):
            for m in inner:
                if m.key not in URL_KEYS:
                    continue
                if text[m.value_start] == '"':
                    yield Text(_scan_string(text, m.value_start + 1)[0], m.value_start, m.value_end, m.key, None)
                elif text[m.value_start] == "[":
                    i = skip(text, m.value_start + 1)
                    while text[i] != "]":
                        end = _JSON.raw_decode(text, i)[1]
                        if text[i] == '"':
                            yield Text(_scan_string(text, i + 1)[0], i, end, m.key, None)
                        i = skip(text, end)
                        if text[i] == ",":
                            i = skip(text, i + 1)


def skip(text: str, i: int) -> int:
    """The first offset from `i` that is no JSON white space."""
    m = _JSON_WS.match(text, i)
    return m.end() if m else i


def _own_texts(text: str, members: list[Member]) -> Iterator[Text]:
    """The prose string values of one object's own members."""
    own_type = _type(text, members)
    for m in members:
        if m.key in TEXT_KEYS and text[m.value_start] == '"' and not (m.key == "name" and own_type in PROPER_NAMED):
            yield Text(_scan_string(text, m.value_start + 1)[0], m.value_start, m.value_end, m.key, own_type)


def _objects_within(text: str, members: list[Member]) -> Iterator[list[Member]]:
    """The members of every object inside these, at any depth, depth first: a Yoast block's nodes are in its
    ``@graph``; not ``@context``'s, nor an ``inLanguage`` object's (it names the page's language, which the build
    replaces whole)."""
    for m in members:
        if text[m.value_start] in "{[" and m.key not in ("@context", "inLanguage"):
            for inner, _close in _objects(text, m.value_start):
                yield inner
                yield from _objects_within(text, inner)


def language_members(text: str, members: list[Member], source_language: str) -> Iterator[Member]:
    """The ``inLanguage`` members to make the page's: a top-level object's, and one at any depth (the nodes of an
    ``@graph``, an article's image) naming the source language (`source_language`, a primary subtag); another
    language's (a translation the data links to) is left alone."""
    for m in members:
        if m.key == "inLanguage":
            yield m
    for inner in _objects_within(text, members):
        for n in inner:
            if n.key == "inLanguage" and text[n.value_start] == '"' and \
                    language_of(_scan_string(text, n.value_start + 1)[0].strip()) == source_language:
                yield n


def takes_language(text: str, members: list[Member]) -> bool:
    """Whether an ``inLanguage`` may be added to this object: not one of a type that has no such property."""
    return _type(text, members) not in NO_LANGUAGE


def _type(text: str, members: list[Member]) -> str | None:
    """The object's ``@type`` (the first of a list), None if it has no string one."""
    for m in members:
        if m.key == "@type":
            value = json.loads(text[m.value_start:m.value_end])
            value = value[0] if isinstance(value, list) and value else value
            return _TYPE_PREFIX.sub("", value) if isinstance(value, str) else None
    return None


def _objects(text: str, at: int) -> list[tuple[list[Member], int]]:
    """Members and ``}`` offset of the object at `at`, or of each object of the array at `at`."""
    if text[at] == "{":
        return [_members(text, at)]
    if text[at] != "[":
        return []
    out = []
    i = skip(text, at + 1)
    while text[i] != "]":
        if text[i] == "{":
            out.append(_members(text, i))
        i = skip(text, _JSON.raw_decode(text, i)[1])
        if text[i] == ",":
            i = skip(text, i + 1)
    return out


def _members(text: str, at: int) -> tuple[list[Member], int]:
    """The members of the (valid) JSON object whose ``{`` is at `at`, and the offset of its ``}``."""
    members: list[Member] = []
    lead = at + 1
    i = skip(text, lead)
    while text[i] != "}":
        key, key_end = _scan_string(text, i + 1)
        value_start = skip(text, skip(text, key_end) + 1)
        value_end = _JSON.raw_decode(text, value_start)[1]
        members.append(Member(key, lead, i, key_end, value_start, value_end))
        i = skip(text, value_end)
        if text[i] == ",":
            lead = i + 1
            i = skip(text, lead)
    return members, i


def json_string(value: str) -> str:
    """`value` as a JSON string that cannot end its ``<script>`` or open markup, in HTML or in XHTML parsed as XML:
    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (JSON reads them back as the characters)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
