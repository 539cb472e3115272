"""URLs and e-mail addresses: copied exactly, never lost, never added."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.checks.registry import ERROR, Context, check
from toolkit.checks.text import urls


@check("urls", ERROR)
def check_urls(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Links and addresses must be the source's, exactly, or readers are sent somewhere else."""
    want, got = urls(src), urls(tr)
    missing, extra = want - got, got - want
    if missing:
        instead = f" (the translation has {' '.join(sorted(extra.elements()))})" if extra else ""
        yield "URL/e-mail missing or altered: " + " ".join(sorted(missing.elements())) + instead
    elif extra:
        yield "URL/e-mail not in the source: " + " ".join(sorted(extra.elements()))
