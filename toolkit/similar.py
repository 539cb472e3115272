"""The closest of many texts by rapidfuzz's ratio (msgmerge's measure): update's fuzzy matches and the memory
engine's suggestions."""

from __future__ import annotations

from collections.abc import Sequence

_LONG = 2000  # characters from which a text's match is looked for pair by pair (see `closest`)


def closest(text: str, choices: Sequence[str], cutoff: float) -> tuple[int, float] | None:
    """(index, score) of the first of the best-scoring choices at or above `cutoff` (0-100), as
    `process.extractOne` answers, or None.

    For a long text, extractOne's cached scorer compares whole texts however little they differ (a
    1 MB paragraph edited took 20 s); `fuzz.ratio` on a pair drops their common start and end first.
    The choices sharing the longest start and end with the text are scored first, so the cutoff rises
    at once and rapidfuzz skips most of the others early; those too different in length are never scored.
    """
    from rapidfuzz import fuzz, process  # imported here: commands without fuzzy matching do without it

    if len(text) < _LONG:
        hit = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if hit is None else (hit[2], hit[1])
    from rapidfuzz.distance import Postfix, Prefix

    size = len(text)  # the ratio is at most 200 × the shorter length / both lengths
    candidates = [i for i, choice in enumerate(choices)
                  if 200 * min(size, len(choice)) >= cutoff * (size + len(choice))]
    candidates.sort(key=lambda i: -(Prefix.similarity(text, choices[i]) + Postfix.similarity(text, choices[i])))
    best: int | None = None
    best_score = cutoff
    for i in candidates:  # (the cutoff a hair lower: rapidfuzz may drop a score exactly equal to a fractional one)
        score = fuzz.ratio(text, choices[i], score_cutoff=max(0.0, best_score - 1e-9))
        if score > best_score or (score == best_score and (best is None or i < best)):
            best, best_score = i, score
    return None if best is None else (best, best_score)
