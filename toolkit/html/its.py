"""ITS 2.0 global rules for HTML5 pages (docs/ITS.md).

Rules come from the project (``[tool.l10n] its_rules``, `ProjectRules`: applied to every page as if it
linked them first), from ``<link rel="its-rules" href="…">`` (an XML file relative to the page) and from
inline ``<script type="application/its+xml">`` (one holding standoff markup, ITS 2.0 §2.5, is
skipped); linked rules come first, then inline ones, each in
document order, and a later rule overrides an earlier one.  Selectors are XPath 1.0, evaluated over
an lxml tree of the page built from OUR tokeniser and tree rules (so the selected nodes map back to
exact source offsets).  As ITS 2.0 says for HTML5, the page is queried as its DOM: HTML elements
are in the XHTML namespace (``//h:p`` with ``xmlns:h="http://www.w3.org/1999/xhtml"``), SVG and
MathML in theirs.

The result, `PageRules`, maps the start offset of an element's start tag (or that and an attribute
name) to `NodeRules`; ``tree.props_for`` applies them under local markup.  Pages without rules never
get here when the project has none (the segmenter checks `elements.may_declare_its_rules` first), so
they pay nothing.

Rule files are parsed with entities unresolved, no DTD loading and no network, and a rules
document with a DOCTYPE is refused outright: no entity expansion (billion laughs) or external
entity (XXE) can reach the toolkit.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from toolkit.errors import L10nError
from toolkit.html.elements import CLOSES_P, HEADINGS, IMPLIED, VOID, XHTML_NS
from toolkit.html.tokenize import COMMENT, END, START, Attr, line_counter, parse_attrs, tokenize
from toolkit.html.tree import (
    NOTE_ALERT_PREFIX,
    ROOT_PROPS,
    Frame,
    NodeRules,
    OpenElements,
    locale_list,
    storage_limit,
)
from toolkit.xmlsafe import parse_xml_bytes

ITS_NS = "http://www.w3.org/2005/11/its"
SVG_NS = "http://www.w3.org/2000/svg"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
XLINK_NS = "http://www.w3.org/1999/xlink"
_FOREIGN_ROOTS = {"svg": SVG_NS, "math": MATHML_NS}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_MAX_LINK_DEPTH = 8  # rules files linking rules files (xlink:href)
# XPath 1.0 tokens, enough to find name tests: literals, numbers, variables, names, punctuation
_XPATH_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<literal>"[^"]*"|'[^']*')
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<variable>\$[^\W\d][\w.-]*(?::[^\W\d][\w.-]*)?)
  | (?P<name>[^\W\d][\w.-]*(?::(?:[^\W\d][\w.-]*|\*))?)
  | (?P<punct>::|\.\.|//|!=|<=|>=|.)
""", re.X | re.S)
_OPERATOR_NAMES = frozenset({"and", "or", "mod", "div"})
_OPERATORS = frozenset({"/", "//", "|", "+", "-", "=", "!=", "<", "<=", ">", ">="})
_BEFORE_NAME_TEST = frozenset({"@", "::", "(", "[", ","})  # XPath 1.0 §3.7: then `*`/a name is no operator


@dataclass
class PageRules:
    """What the page's global rules select: by start-tag offset, and by (offset, attribute name)."""

    elements: dict[int, NodeRules] = field(default_factory=dict)
    attributes: dict[tuple[int, str], NodeRules] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # what the rules select of the <html> a page leaves out (its tags are optional): the whole page inherits it
    implied: NodeRules | None = None


@dataclass(frozen=True)
class ProjectRules:
    """``[tool.l10n] its_rules``, read and checked once per command: the bytes of every file they read (those
    configured and those they link), so each worker applies exactly the rules `digest` names.

    `digest` covers those bytes in reading order (not their paths: the same rules wherever the project is),
    so the units cache and the build key each page by it.  Equal digests are equal rules.
    """

    files: tuple[Path, ...] = field(compare=False)  # as configured, in order
    data: tuple[tuple[Path, bytes], ...] = field(compare=False, repr=False)  # every file read
    digest: str

    def documents(self) -> list[tuple[Any, str]]:
        """The `its:rules` elements, in the order they apply (parsed once per process)."""
        return _project_documents(self)


@lru_cache(maxsize=4)
def _project_documents(rules: ProjectRules) -> list[tuple[Any, str]]:
    read = dict(rules.data).__getitem__  # the bytes read when the rules were checked: never the disk again
    out: list[tuple[Any, str]] = []
    for path in rules.files:
        out += _load(_RuleSource(_SETTING, path=path), [], _SETTING, 0, set(), [], read, strict=True)
    return out


_SETTING = "[tool.l10n] its_rules"
# rule attributes holding an XPath expression evaluated at the selected node
_POINTERS = ("locNotePointer", "locNoteRefPointer", "idValue", "storageSizePointer", "storageEncodingPointer",
             "allowedCharactersPointer", "termInfoPointer", "termInfoRefPointer")


def load_project_rules(files: list[Path]) -> ProjectRules:
    """Read and check the project's rules files (and those they link with xlink:href).

    Stricter than rules a page links: a file missing, unreadable, malformed or linking one that is, a
    query language other than XPath, or an expression that is not XPath 1.0 raises L10nError naming the
    file (and line), once, instead of a warning on every page.
    """
    data: list[tuple[Path, bytes]] = []

    def read(path: Path) -> bytes:
        content = path.read_bytes()
        data.append((path, content))
        return content

    empty = etree.Element(f"{{{XHTML_NS}}}html")  # each expression is tried on it: an unknown prefix shows now
    for path in files:
        for rules, where in _load(_RuleSource(_SETTING, path=path), [], _SETTING, 0, set(), [], read, strict=True):
            _check(rules, where, empty)
    h = hashlib.sha256()
    for _path, content in data:
        h.update(f"{len(content)}\0".encode() + content)
    return ProjectRules(tuple(files), tuple(data), h.hexdigest())


def _check(rules: Any, where: str, empty: Any) -> None:
    """L10nError for what `_apply` would skip with a warning on each page: another query language, a selector
    or pointer that is not XPath 1.0 or names a variable no its:param declares."""
    query = rules.get("queryLanguage", "xpath").strip().lower()
    if query != "xpath":
        raise L10nError(f"ITS rules with queryLanguage={query!r} are not supported (only XPath)", where,
                        rules.sourceline)
    params = {p.get("name"): (p.text or "") for p in rules.iterchildren(f"{{{ITS_NS}}}param") if p.get("name")}
    for rule in rules.iterchildren(tag=etree.Element):
        kind = etree.QName(rule).localname
        if etree.QName(rule).namespace != ITS_NS or kind not in _RULES:
            continue
        ns = {k: v for k, v in rule.nsmap.items() if k}
        for name in ("selector", *_POINTERS):
            expr = rule.get(name)
            if not expr:
                continue
            unknown = [m.group()[1:] for m in _XPATH_TOKEN.finditer(expr)
                       if m.lastgroup == "variable" and m.group()[1:] not in params]
            try:
                if unknown:  # (evaluated only where a node matches: not on the empty tree)
                    raise etree.XPathEvalError(f"undefined variable ${unknown[0]}; declare it with its:param")
                _xpath(expr, ns)(empty, **params)
            except (etree.XPathError, TypeError) as exc:
                raise L10nError(f"ITS {kind} {name} {expr!r} is not valid XPath 1.0 ({exc})", where,
                                rule.sourceline) from None


@dataclass
class _RuleSource:
    """Where a rules document is: a linked file (`path`) or inline text in the page (`text`, `line`)."""

    where: str
    line: int = 1
    path: Path | None = None
    text: str | None = None


@dataclass
class _PageTree:
    root: Any  # etree._Element: the html element
    starts: dict[Any, int]  # element -> offset of its start tag
    sources: list[_RuleSource]
    implied: dict[Any, str] = field(default_factory=dict)  # the html, head, body the page leaves out -> their name


def rules_files_digest(text: str, source: Path) -> str:
    """A digest of the rules files the page's rules read (bytes, or their absence): an edited rules file changes
    what the page's units are, so a build keys the page by it too.  Empty for a page without linked rules."""
    files: list[Path] = []
    try:  # the rules documents only: their selectors are not evaluated for this
        tree = _build_tree(text, source, str(source))
        for src in tree.sources:
            if src.text is not None or src.path is not None:
                _load(src, [], str(source), 0, set(), files)
    except L10nError as exc:  # the page's job reports it; the key changes when the file is fixed
        return hashlib.sha256(str(exc).encode()).hexdigest()
    if not files:
        return ""
    h = hashlib.sha256()
    for path in files:  # named from the page's folder: a project checked out elsewhere (a CI cache) keys alike
        where = os.path.relpath(path, source.parent)
        try:
            h.update(f"{where}\0".encode() + path.read_bytes() + b"\0")
        except OSError as exc:
            h.update(f"{where}\0{exc.errno}\0".encode())
    return h.hexdigest()


def page_rules(text: str, source: str | Path | None, project: ProjectRules | None = None) -> PageRules | None:
    """The page's global rules resolved to source offsets; None when neither the page nor the project has any.

    The project's rules come first, as if the page linked them before its own.  A linked rules file
    that is missing is a warning naming the page; a malformed one raises L10nError naming the rules
    file (or the page, for inline rules) and the line.
    """
    page = source if source is not None else "<page>"
    tree = _build_tree(text, Path(source) if source is not None else None, str(page))
    if not tree.sources and project is None:
        return None
    out = PageRules()
    acc_el: dict[int | str, dict[str, Any]] = {}  # a str: an implied element's name
    acc_attr: dict[tuple[int, str], dict[str, Any]] = {}
    for rules, where in project.documents() if project is not None else ():
        _apply(rules, where, tree, acc_el, acc_attr, out.warnings)
    linked = [s for s in tree.sources if s.path is not None or s.text is None]
    inline = [s for s in tree.sources if s.text is not None]
    for src in linked + inline:
        if src.text is None and src.path is None:  # a link that cannot be followed
            out.warnings.append(src.where)
            continue
        for rules, where in _load(src, out.warnings, str(page), 0, set(), []):
            _apply(rules, where, tree, acc_el, acc_attr, out.warnings)
    for el, name in tree.implied.items():  # a head or body the page leaves out: its elements inherit what it was given
        if name != "html" and name in acc_el:
            inherited = {k: v for k, v in acc_el[name].items() if k in _INHERITED}
            for child in el.iterchildren(tag=etree.Element):
                if child in tree.starts and inherited:
                    own = acc_el.setdefault(tree.starts[child], {})
                    for rule, value in inherited.items():
                        own.setdefault(rule, value)
    out.elements = {k: NodeRules(**v) for k, v in acc_el.items() if isinstance(k, int)}
    out.attributes = {k: NodeRules(**v) for k, v in acc_attr.items()}
    if "html" in acc_el:
        out.implied = NodeRules(**acc_el["html"])
    return out


# --- the page as an XML tree ------------------------------------------------------------------


def _build_tree(text: str, source: Path | None, page: str) -> _PageTree:
    """An lxml tree of the page from our tokeniser and implied-end rules, and the rules it declares."""
    root = etree.Element(f"{{{XHTML_NS}}}html")
    starts: dict[Any, int] = {}
    sources: list[_RuleSource] = []
    tree = OpenElements()
    elements: list[Any] = [root]  # parallel to tree.stack
    sections: dict[str, Any] = {}  # the head and body elements, written or implied
    implied: dict[Any, str] = {}

    def section(name: str) -> Any:
        """The head or body that top-level content belongs in, made when the page leaves its tag out (as a browser
        does, so that a selector naming it, ``/h:html/h:body//h:p``, finds the page's paragraphs)."""
        if name not in sections:
            sections[name] = implied_el = etree.SubElement(root, f"{{{XHTML_NS}}}{name}")
            implied[implied_el] = name
        return sections[name]

    def leave_head() -> None:
        """A <head> left open ends where body content starts, as a browser ends it (no </head> is needed)."""
        i = tree.find("head")
        if i is not None:
            tree.pop_to(i)
            del elements[i:]

    line_at = line_counter(text)
    pos = 0
    for tok in tokenize(text):
        if tok.start > pos:
            content = unescape(text[pos:tok.start])
            if elements[-1] is sections.get("head") and not content.isspace():
                leave_head()
            parent = elements[-1]
            if parent is root and not content.isspace():
                parent = section("body")
            _append_text(parent, content)
        pos = tok.end
        if tok.kind is START:
            name = tok.name
            if elements[-1] is sections.get("head") and name not in _HEAD_CONTENT and name != "head":
                leave_head()
            attrs = parse_attrs(text, tok.attrs_start, tok.attrs_end) if tok.attrs_start < tok.attrs_end else {}
            if name in CLOSES_P or name in IMPLIED or name in HEADINGS:
                target = tree.implied_end(name)
                if target is not None:
                    tree.pop_to(target)
                    del elements[target:]
            parent = elements[-1]
            if name == "html" and not tok.foreign and root not in starts:
                el = root
            elif parent is root and name in ("head", "body") and name not in sections:
                el = sections[name] = _child(parent, name, tok.foreign)
            else:
                if parent is root and name not in ("head", "body"):
                    parent = section("head" if name in _HEAD_CONTENT and "body" not in sections else "body")
                el = _child(parent, name, tok.foreign)
            if el is not None:
                starts[el] = tok.start
                for aname, attr in attrs.items():
                    try:
                        el.set(aname, _NOT_XML.sub("", attr.value))
                    except ValueError:  # not an XML name (@click, :x): no rule can select it anyway
                        pass
            if not tok.foreign:
                _rule_source(name, attrs, text, tok, source, page, line_at, sources)
            if tok.raw is not None:
                if el is not None:
                    _append_text(el, text[tok.end:tok.content_end] if tok.raw != "rcdata"
                                 else unescape(text[tok.end:tok.content_end]))
                pos = tok.after
                continue
            if name in VOID and not tok.foreign:
                continue
            if tok.self_closing and tok.foreign:
                continue
            if el is root:
                tree.push(Frame(name, tok.start, tok.end, ROOT_PROPS, False))
                elements.append(root)
                continue
            tree.push(Frame(name, tok.start, tok.end, ROOT_PROPS, False))
            elements.append(el if el is not None else parent)
        elif tok.kind is END:
            i = tree.find(tok.name)
            if i is not None:
                tree.pop_to(i)
                del elements[i:]
        elif tok.kind is COMMENT:
            continue
    if root not in starts:
        implied[root] = "html"
    return _PageTree(root, starts, sources, implied)


# what an element's content inherits from it (ITS 2.0's inheritance: `tree.props_for`); Elements Within Text, ID Value,
# Storage Size and Terminology are the element's own
_INHERITED = frozenset({"translate", "note", "locales", "locales_exclude", "preserve", "allowed"})
_HEAD_CONTENT = frozenset({"base", "link", "meta", "noscript", "script", "style", "template", "title"})


def _child(parent: Any, name: str, foreign: bool) -> Any:
    pns = etree.QName(parent).namespace
    if name in _FOREIGN_ROOTS and pns == XHTML_NS:
        ns = _FOREIGN_ROOTS[name]
    else:
        ns = pns if foreign and pns != XHTML_NS else XHTML_NS
    try:
        return etree.SubElement(parent, f"{{{ns}}}{name}")
    except ValueError:  # a tag name XML cannot have: its content belongs to the parent
        return None


def _append_text(el: Any, s: str) -> None:
    s = _NOT_XML.sub("", s)
    if not s:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + s
    else:
        el.text = (el.text or "") + s


def _rule_source(name: str, attrs: dict[str, Attr], text: str, tok: Any, source: Path | None, page: str,
                 line_at: Callable[[int], int], out: list[_RuleSource]) -> None:
    """Record a `<link rel=its-rules>` or `<script type=application/its+xml>` of the page."""
    if name == "link":
        rel = attrs.get("rel")
        href = attrs.get("href")
        if rel is None or "its-rules" not in rel.value.lower().split() or href is None:
            return
        line = line_at(tok.start)
        where = f"{page}:{line}"
        target = href.value.strip()
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            out.append(_RuleSource(f"{where}: ITS rules {target} are not on disk (no network); skipped"))
        elif source is None:
            out.append(_RuleSource(f"{where}: ITS rules {target}: the page's path is unknown; skipped"))
        elif parts.path.startswith("/"):
            out.append(_RuleSource(f"{where}: ITS rules {target}: a root-relative link cannot be resolved "
                                   "from the page; use a path relative to the page"))
        else:
            out.append(_RuleSource(where, line, source.parent / unquote(parts.path)))
    elif name == "script":
        kind = attrs.get("type")
        if kind is None or kind.value.strip().lower() != "application/its+xml" or tok.raw is None:
            return
        out.append(_RuleSource(page, line_at(tok.end), text=text[tok.end:tok.content_end]))


# --- rules documents --------------------------------------------------------------------------


def _load(src: _RuleSource, warnings: list[str], page: str, depth: int, seen: set[Path], files: list[Path],
          read: Callable[[Path], bytes] = Path.read_bytes, strict: bool = False) -> list[tuple[Any, str]]:
    """The `its:rules` elements of one source, each after the rules it links (xlink:href); `files` gets each
    file looked for.  `strict` (the project's rules): a file that cannot be used raises L10nError, not a warning."""
    if src.text is not None:
        body = src.text.lstrip()
        skipped = src.text[:len(src.text) - len(body)].count("\n")
        data = _XML_DECL_ENCODING.sub(r"\1", body, count=1).encode("utf-8")
        where, line0 = src.where, src.line - 1 + skipped  # XML line 1 is this page line + 1
        base = Path(page).parent if page != "<page>" else None
    else:
        if src.path is None:
            warnings.append(src.where)
            return []
        path = src.path
        if path in seen or depth > _MAX_LINK_DEPTH:
            if strict:
                raise L10nError("ITS rules link to themselves or nest too deep", path)
            warnings.append(f"{path}: ITS rules link to themselves or nest too deep; skipped")
            return []
        seen = seen | {path}
        files.append(path)
        try:
            data = read(path)
        except FileNotFoundError:
            if strict:
                raise L10nError(f"ITS rules file not found (named by {src.where})", path) from None
            warnings.append(f"{src.where}: ITS rules file {path.name} not found ({path}); page extracted without it")
            return []
        except OSError as exc:
            if strict:
                raise L10nError(f"cannot read ITS rules file: {exc.strerror}", path) from None
            warnings.append(f"{src.where}: cannot read ITS rules file {path}: {exc.strerror}")
            return []
        where, line0, base = str(path), 0, path.parent
    out: list[tuple[Any, str]] = []
    for rules in _parse(data, where, line0, inline=src.text is not None):
        href = rules.get(f"{{{XLINK_NS}}}href")
        if href and base is not None:
            target = urlsplit(href)
            if target.scheme or target.netloc or target.path.startswith("/"):
                if strict:
                    raise L10nError(f"linked ITS rules {href} are not a relative path", where,
                                    line0 + (rules.sourceline or 1))
                warnings.append(f"{where}: linked ITS rules {href} are not a relative path; skipped")
            else:
                out += _load(_RuleSource(where, 1, base / unquote(target.path)), warnings, page, depth + 1, seen,
                             files, read, strict)
        out.append((rules, where))
    return out


# the roots of ITS 2.0 standoff markup (§2.5), which HTML5 carries in <script type="application/its+xml"> too
_STANDOFF_ROOTS = frozenset({f"{{{ITS_NS}}}locQualityIssues", f"{{{ITS_NS}}}provenanceRecords"})


def _parse(data: bytes, where: str, line0: int, inline: bool = False) -> list[Any]:
    """The `its:rules` elements of a rules document: its root, or those a wrapper element holds.

    (The ITS test suite wraps inline rules in another element; a document without any is an error.)
    An `inline` script may hold ITS standoff markup instead (ITS 2.0 §2.5: Localization Quality
    Issue and Provenance records, categories the toolkit does not support): no rules, no error.
    """
    doctype = data.find(b"<!DOCTYPE")
    if doctype >= 0:  # entity declarations live there: refused before any parsing (billion laughs, XXE)
        raise L10nError("ITS rules must not have a DOCTYPE (entity declarations are refused); remove it",
                        where, line0 + data.count(b"\n", 0, doctype) + 1)
    root = parse_xml_bytes(data, where, "ITS rules", line0)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise L10nError("ITS rules must not have a DOCTYPE (entity declarations are refused); remove it",
                        where, line0 + 1)
    if root.tag == f"{{{ITS_NS}}}rules":
        return [root]
    found = [r for r in root.iter(f"{{{ITS_NS}}}rules") if r.getparent().tag != f"{{{ITS_NS}}}rules"]
    if not found and inline and root.tag in _STANDOFF_ROOTS:
        return []
    if not found:
        raise L10nError(f"not ITS rules: the root element is <{etree.QName(root).localname}>, not its:rules",
                        where, line0 + (root.sourceline or 1))
    return found


# --- applying rules ---------------------------------------------------------------------------


def _apply(rules: Any, where: str, tree: _PageTree, acc_el: dict[int | str, dict[str, Any]],
           acc_attr: dict[tuple[int, str], dict[str, Any]], warnings: list[str]) -> None:
    query = rules.get("queryLanguage", "xpath").strip().lower()
    if query != "xpath":
        warnings.append(f"{where}: ITS rules with queryLanguage={query!r} are not supported (only XPath); skipped")
        return
    params = {p.get("name"): (p.text or "") for p in rules.iterchildren(f"{{{ITS_NS}}}param") if p.get("name")}
    for rule in rules.iterchildren(tag=etree.Element):
        if etree.QName(rule).namespace != ITS_NS:
            continue
        kind = etree.QName(rule).localname
        reader = _RULES.get(kind)
        selector = rule.get("selector")
        if reader is None or not selector:
            continue
        ns = {k: v for k, v in rule.nsmap.items() if k}
        line = rule.sourceline or 0
        warned: set[str] = set()
        try:
            found = _xpath(selector, ns)(tree.root, **params)
        except (etree.XPathError, TypeError) as exc:
            warnings.append(f"{where}:{line}: ITS {kind} selector {selector!r} is not valid XPath 1.0 here "
                            f"({exc}); skipped")
            continue
        if not isinstance(found, list):
            continue
        for node in found:
            key: int | str | tuple[int, str] | None
            if isinstance(node, etree._Element):
                context = node
                key = tree.starts.get(node, tree.implied.get(node))
                target: dict = acc_el
            elif isinstance(node, etree._ElementUnicodeResult) and node.is_attribute:
                context = node.getparent()
                start = tree.starts.get(context)
                key = (start, str(node.attrname)) if start is not None else None
                target = acc_attr
            else:
                continue
            if key is None:
                continue
            try:
                values = reader(rule, context, ns, params)
            except (etree.XPathError, TypeError) as exc:
                warnings.append(f"{where}:{line}: ITS {kind} pointer is not valid XPath 1.0 ({exc}); skipped")
                break
            for problem in values.pop(_PROBLEMS, ()):
                if problem not in warned:  # (once a rule: a pointer's value may be wrong on every page element)
                    warned.add(problem)
                    warnings.append(f"{where}:{line}: {problem}")
            if values:
                target.setdefault(key, {}).update(values)


def _xpath(expr: str, ns: dict[str, str]) -> Any:
    """An XPath 1.0 expression compiled as an HTML DOM evaluates it (a pointer: once, not per node).

    The HTML standard ("Interactions with XPath") gives XPath over an HTML document a default
    element namespace, XHTML: an unprefixed element name test (``//p``) matches the HTML ``p``,
    as ``//h:p`` does.  lxml has no default namespace, so such name tests get a prefix bound to XHTML.
    """
    return _compiled(expr, tuple(sorted(ns.items())))


@lru_cache(maxsize=256)
def _compiled(expr: str, ns_items: tuple[tuple[str, str], ...]) -> Any:
    ns = dict(ns_items)
    prefix = "html"
    while prefix in ns:
        prefix += "_"
    rewritten = _html_name_tests(expr, prefix)
    if rewritten == expr:
        return etree.XPath(expr, namespaces=ns)
    return etree.XPath(rewritten, namespaces={**ns, prefix: XHTML_NS})


def _html_name_tests(expr: str, prefix: str) -> str:
    """`expr` with `prefix:` before each unprefixed element name test (XPath 1.0 lexical rules, §3.7)."""
    tokens = [(m.lastgroup, m.group()) for m in _XPATH_TOKEN.finditer(expr)]
    out: list[str] = []
    prev = ""  # the previous token that is not whitespace ("": none)
    prev_operator = False
    axis = "child"  # the axis of the next name test
    for i, (kind, tok) in enumerate(tokens):
        if kind == "space":
            out.append(tok)
            continue
        operator = tok in _OPERATORS
        if kind == "name" or tok == "*":
            if prev and prev not in _BEFORE_NAME_TEST and not prev_operator:
                operator = True  # `and`, `or`, `div`, `mod`, or `*` multiplying
            elif kind == "name":
                following = next((t for k, t in tokens[i + 1:] if k != "space"), "")
                if following == "::":
                    axis = tok
                    out.append(tok)
                    prev, prev_operator = tok, False
                    continue
                if following != "(":  # not a function or node type: a name test
                    if ":" not in tok and axis not in ("attribute", "namespace"):
                        tok = f"{prefix}:{tok}"
                    axis = "child"
            else:
                axis = "child"
        elif tok == "@":
            axis = "attribute"
        out.append(tok)
        prev, prev_operator = tokens[i][1], operator
    return "".join(out)


def _pointer(context: Any, expr: str | None, ns: dict[str, str], params: dict[str, str]) -> str | None:
    """The string value of a relative XPath (a pointer) evaluated at the selected node."""
    if not expr:
        return None
    result = _xpath(expr, ns)(context, **params)
    if isinstance(result, list):
        if not result:
            return None
        first = result[0]
        result = "".join(first.itertext()) if isinstance(first, etree._Element) else first
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        return str(int(result)) if result.is_integer() else str(result)
    return str(result)


def _collapse(s: str | None) -> str | None:
    return " ".join(s.split()) if s is not None else None


# A rule's reader: the properties it gives the node, and under _PROBLEMS what in its values ITS does not allow
Reader = Callable[[Any, Any, dict[str, str], dict[str, str]], dict[str, Any]]
_PROBLEMS = "problems"


def _translate(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = (rule.get("translate") or "").strip().lower()
    return {"translate": value == "yes"} if value in ("yes", "no") else {}


def _loc_note(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    child = rule.find(f"{{{ITS_NS}}}locNote")
    if child is not None:
        note = _collapse("".join(child.itertext()))
    elif rule.get("locNotePointer"):
        note = _collapse(_pointer(node, rule.get("locNotePointer"), ns, params))
    else:
        ref = rule.get("locNoteRef") or _pointer(node, rule.get("locNoteRefPointer"), ns, params)
        note = f"See {ref.strip()}" if ref else None
    if not note:
        return {}
    if (rule.get("locNoteType") or "").strip().lower() == "alert":
        note = NOTE_ALERT_PREFIX + note
    return {"note": note}


def _locale_filter(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    ranges = locale_list(rule.get("localeFilterList", "*"))
    exclude = (rule.get("localeFilterType") or "include").strip().lower() == "exclude"
    return {"locales": ranges, "locales_exclude": exclude}


def _within_text(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = (rule.get("withinText") or "").strip().lower()
    return {"within_text": value} if value in ("yes", "no", "nested") else {}


def _preserve_space(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = (rule.get("space") or "").strip().lower()
    return {"preserve": value == "preserve"} if value in ("preserve", "default") else {}


def _id_value(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = _pointer(node, rule.get("idValue"), ns, params)
    return {"ident": value.strip()} if value and value.strip() else {}


def _storage_size(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    size = rule.get("storageSize") or _pointer(node, rule.get("storageSizePointer"), ns, params)
    problems: list[str] = []
    encoding = rule.get("storageEncoding") or _pointer(node, rule.get("storageEncodingPointer"), ns, params)
    limit = storage_limit(size or "", encoding, rule.get("lineBreakType"), problems)
    return {"storage": limit, _PROBLEMS: problems} if limit is not None else {_PROBLEMS: problems}


def _allowed_characters(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = rule.get("allowedCharacters") or _pointer(node, rule.get("allowedCharactersPointer"), ns, params)
    return {"allowed": value.strip()} if value and value.strip() else {}


def _term(rule: Any, node: Any, ns: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    value = (rule.get("term") or "").strip().lower()
    if value not in ("yes", "no"):
        return {}
    info = None
    if value == "yes":
        info = (_collapse(_pointer(node, rule.get("termInfoPointer"), ns, params)) or rule.get("termInfoRef")
                or _pointer(node, rule.get("termInfoRefPointer"), ns, params))
    return {"term": value == "yes", "term_info": info}


_RULES: dict[str, Reader] = {
    "translateRule": _translate,
    "locNoteRule": _loc_note,
    "localeFilterRule": _locale_filter,
    "withinTextRule": _within_text,
    "preserveSpaceRule": _preserve_space,
    "idValueRule": _id_value,
    "storageSizeRule": _storage_size,
    "allowedCharactersRule": _allowed_characters,
    "termRule": _term,
}
