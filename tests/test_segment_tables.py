"""The element and attribute tables and the tree's inheritance record, checked where they are explicit."""

from __future__ import annotations

import pytest

from toolkit.html.elements import INTERESTING_ATTRS, TRANSLATABLE_ATTRS, is_translatable_attr
from toolkit.html.tokenize import parse_attrs
from toolkit.html.tree import ROOT_PROPS, Frame, OpenElements, props_for


def attrs_of(tag_attrs: str):
    return parse_attrs(tag_attrs, 0, len(tag_attrs))


@pytest.mark.parametrize(("element", "attrs", "attr", "expected"), [
    ("div", 'title="x"', "title", True),
    ("span", 'aria-label="x"', "aria-label", True),
    ("img", 'alt="x"', "alt", True),
    ("div", 'alt="x"', "alt", False),  # alt means nothing on a div
    ("option", 'label="x"', "label", True),
    ("div", 'label="x"', "label", False),
    ("th", 'abbr="x"', "abbr", True),
    ("td", 'abbr="x"', "abbr", True),  # obsolete in HTML5, still written: a short form of the cell
    ("div", 'abbr="x"', "abbr", False),
    ("a", 'xlink:title="x"', "xlink:title", True),  # an SVG link's tooltip
    ("math", 'alttext="x"', "alttext", True),
    ("meta", 'name="application-name" content="App"', "content", True),
    ("meta", 'itemprop="headline description" content="About"', "content", True),
    ("meta", 'itemprop="name" content="Ada Lovelace"', "content", False),  # a person's? it has no type
    ("input", 'type="submit" value="Send"', "value", True),
    ("input", 'type=RESET value="Clear"', "value", True),
    ("input", 'type="text" value="typed"', "value", False),  # user data, not page text
    ("input", 'value="typed"', "value", False),  # no type: a text field
    ("option", 'value="v"', "value", False),
    ("meta", 'name="description" content="About"', "content", True),
    ("meta", 'property="og:title" content="About"', "content", True),
    ("meta", 'http-equiv="refresh" content="0; url=/"', "content", False),
    ("meta", 'name="viewport" content="width=device-width"', "content", False),
    ("a", 'href="/x"', "href", False),
    ("div", 'onclick="go()"', "onclick", False),
])
def test_which_attribute_is_translatable_where(element, attrs, attr, expected):
    assert is_translatable_attr(element, attr, attrs_of(attrs)) is expected


@pytest.mark.parametrize("name", [*TRANSLATABLE_ATTRS, "translate", "its-loc-note", "data-its-loc-note",
                                  "data-l10n-context", "its-l10n-context", "its-locale-filter-list"])
def test_attribute_prefilter_lets_through_every_attribute_the_segmenter_reads(name):
    # a start tag whose attributes miss the prefilter is never parsed: a rule it hid would silently not apply
    assert INTERESTING_ATTRS.search(f' {name}="x"')


def test_an_element_without_markup_shares_its_parents_properties():
    parent = props_for("div", attrs_of('translate="no" its-loc-note="Brand"'), ROOT_PROPS)
    assert (parent.translate, parent.note) == (False, "Brand")
    assert props_for("p", None, parent) is parent
    assert props_for("p", attrs_of('class="x" title="t"'), parent) is parent
    assert props_for("pre", None, parent).preserve and not parent.preserve


def test_translate_with_an_unknown_value_inherits():
    parent = props_for("div", attrs_of('translate="no"'), ROOT_PROPS)
    assert props_for("p", attrs_of('translate="maybe"'), parent).translate is False
    assert props_for("p", attrs_of('translate=""'), parent).translate is True


def test_implied_end_tags_stop_at_their_scope():
    tree = OpenElements()
    for name in ("ul", "li", "p"):
        tree.push(Frame(name, 0, 0, ROOT_PROPS, False))
    assert tree.implied_end("li") == 2  # closes the li (and the p inside it)
    assert tree.implied_end("div") == 3  # closes the p only
    tree.push(Frame("table", 0, 0, ROOT_PROPS, False))
    assert tree.implied_end("li") is None  # a table hides the outer li
    assert tree.implied_end("div") is None  # and the outer p (button scope)
