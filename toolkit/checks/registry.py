"""The check registry: every check is one function registered with its name, default severity and needs.

Adding a check is one decorated function in one of the family modules of this package::

    @check("ellipsis", WARNING, needs={Need.LANGUAGE})
    def check_ellipsis(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
        "Three dots should be one ellipsis character."
        if "..." in tr and "..." not in src:
            yield "three dots instead of …"

A check yields messages (reported at its default severity) or `Problem`s (their own severity, when
one check reports things of different weight).  The runner (`toolkit.checks.catalog`) decides which
checks apply to an entry: switched off for the project or the entry, or not meaningful for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.checks.glossary import Rule

ERROR = "error"
WARNING = "warning"


class Need(Enum):
    """What a check needs before it can say anything useful about an entry."""

    GLOSSARY = "glossary"  # a glossary: skipped when the project has none
    LANGUAGE = "language"  # real target-language text: skipped for pseudo-localised entries
    CATALOGUE = "catalogue"  # the catalogue, not an entry: run once per catalogue by the runner (`catalog.py`)


@dataclass(frozen=True)
class Problem:
    """What a check found; `severity` None means the check's default."""

    message: str
    severity: str | None = None


@dataclass
class Context:
    """What checks know besides the two texts."""

    locale: str
    names: set[str] = field(default_factory=set)  # the unit's placeholder names (from the msgid)
    glossary: list[Rule] = field(default_factory=list)  # the glossary, resolved for `locale`
    comments: list[str] = field(default_factory=list)  # the entry's extracted comments (`#.` lines)
    nplurals: int = 2  # the catalogue's Plural-Forms count
    forms: int = 1  # how many msgstr forms the entry has (1 when it has no plural)
    form: int | None = None  # the plural form being checked (None for an entry without a plural)
    sources: Iterable[str] = ()  # every msgid of the catalogue: what `vocabulary` is read from
    source_locale: str = "en"  # the language the msgids are written in (`[tool.l10n] source_locale`)

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words the catalogue's sources write in lower case (not placeholder names): "search" makes a copied
        "Search" a forgotten word, not a name.  Read on first use (few entries ask)."""
        return frozenset(w for text in self.sources for w in _LOWER_WORD.findall(text))


_LOWER_WORD = re.compile(r"(?<![\w</@.-])[a-z][a-z'-]+(?![\w>/@-]|\.\w)")  # (not an address's: media@esa.int)


CheckFunc = Callable[[str, str, Context], Iterable["str | Problem"]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    needs: frozenset[Need]
    func: CheckFunc

    @property
    def summary(self) -> str:
        """First sentence of the function's docstring: what the check is for."""
        text = " ".join((self.func.__doc__ or "").split())
        return text.split(". ", 1)[0].rstrip(".") + "." if text else ""

    def run(self, src: str, tr: str, ctx: Context) -> list[Problem]:
        """The check's problems, each with its severity filled in."""
        out = []
        for found in self.func(src, tr, ctx):
            if isinstance(found, str):
                out.append(Problem(found, self.severity))
            else:
                out.append(Problem(found.message, found.severity or self.severity))
        return out


# name -> Check, in registration order (the order findings are reported in for one entry)
REGISTRY: dict[str, Check] = {}


def check(name: str, severity: str, needs: Iterable[Need] = ()) -> Callable[[CheckFunc], CheckFunc]:
    """Register the decorated function as the check `name` with its default `severity`."""
    if severity not in (ERROR, WARNING):
        raise ValueError(f"severity must be {ERROR!r} or {WARNING!r}, not {severity!r}")

    def register(func: CheckFunc) -> CheckFunc:
        if name in REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        REGISTRY[name] = Check(name, severity, frozenset(needs), func)
        return func

    return register


@dataclass(frozen=True)
class Finding:
    """One problem in one translation; `line` is where the entry starts in the .po file."""

    locale: str
    file: str
    line: int | None
    severity: str  # "error" | "warning"
    check: str
    message: str
    msgid: str
    msgctxt: str | None = None

    def to_dict(self) -> dict:
        """Stable JSON shape: locale, file, line, severity, check, message, msgid, msgctxt."""
        return asdict(self)
