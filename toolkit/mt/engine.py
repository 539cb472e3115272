"""The engine interface: what the runner and the catalogue side know about any engine.

An engine turns one `Request` (masked text, locale pair, timeout) into a `Reply`, or None
when an offline engine has nothing to offer, or raises `Failure` saying whether trying
again could help (RETRY), this text cannot be translated (FAIL) or nothing more should be
sent (FATAL, e.g. a rejected key).  How it talks to its service (HTTP library, sessions,
its own timeouts) stays inside its adapter module; adding one is that module plus one line
in `toolkit.mt.registry`.  An engine that can answer several texts in one call (an LLM)
sets `batch_size` and overrides `translate_batch`; the runner then hands it that many
requests at once and knows nothing more about it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from toolkit.mt.masking import TOKEN_RE, Masked
from toolkit.placeholders import NOT_TEXT


class Kind(StrEnum):
    """How the runner treats a failed request."""

    RETRY = "retry"  # transient (429, 5xx, timeout, refused connection): back off and try again
    FAIL = "fail"  # this text failed (bad reply, 4xx): report it, go on with the others
    FATAL = "fatal"  # every request would fail the same way (rejected key): stop the run


RETRY, FAIL, FATAL = Kind.RETRY, Kind.FAIL, Kind.FATAL


class Failure(Exception):
    """A classified failure of one request; `retry_after` is the server's Retry-After, if any."""

    def __init__(self, kind: Kind, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.kind, self.message, self.retry_after = kind, message, retry_after


@dataclass(frozen=True)
class Job:
    """One msgstr form to fill."""

    key: tuple  # (msgctxt, msgid) of the entry
    form: int | None  # plural form index, None for a singular entry
    masked: Masked  # masked.source is the msgid or msgid_plural this form translates
    context: str | None = None

    @property
    def text(self) -> str:
        return self.masked.text

    @property
    def source(self) -> str:
        return self.masked.source


@dataclass(frozen=True)
class Request:
    """What an engine is asked: one job, the gettext locale pair, and how long one attempt may take."""

    job: Job
    source: str  # gettext locales (en, zh_TW); adapters map them to their own codes
    target: str
    timeout: float = 20.0  # seconds for one attempt (the runner retries)
    # waits for the rate limit: called before each further request one text needs (`split_text`)
    pace: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.job.text


@dataclass(frozen=True)
class Reply:
    text: str  # in token space: masked.restore() turns it into the msgstr
    note: str = ""  # detail for the translator comment, e.g. "87%"


class Engine:
    """What the runner needs from an engine; subclasses fill in translate()."""

    name = "?"
    online = False  # goes over the network: rate limit, retries, timeouts and the cache apply
    rate = 0.0  # default requests per second (0 = unlimited)
    concurrency = 1
    batch_size = 1  # requests the runner hands translate_batch at once (one rate-limit token per call)
    # the most source characters one batch carries (a model's context and its reply are bounded): a chunk ends
    # before the request that would pass it, and a longer text goes alone; None: no bound
    batch_chars: int | None = None
    options: frozenset[str] = frozenset()  # accepted --engine-option keys
    warnings: list[str]  # said once to the user (e.g. a key given on the command line)

    def __init__(self) -> None:
        self.warnings = []

    @classmethod
    def option_names(cls) -> frozenset[str]:
        """The --engine-option keys it accepts, known before one is made (`l10n run` checks them first)."""
        return cls.options

    def prepare(self, source: str, target: str) -> None:
        """Check the locale pair is servable (L10nError if not); called before anything is sent."""

    def translate(self, request: Request) -> Reply | None:
        """The reply, None for no match (offline engines), or raise `Failure`."""
        raise NotImplementedError

    def translate_batch(self, requests: list[Request]) -> list[Reply | Failure | None]:
        """One result per request, in order: a Reply, None (no match) or that item's `Failure`.

        Raising `Failure` fails the whole call (a 429, a refused key): the runner retries the
        batch as it would one request.  An item returned as a RETRY failure (say, a reply that
        lost its placeholders while the rest of the batch was fine) is retried alone through
        `translate`.  The default asks `translate` for each request in turn.
        """
        out: list[Reply | Failure | None] = []
        for request in requests:
            try:
                out.append(self.translate(request))
            except Failure as exc:
                out.append(exc)
        return out

    def cache_identity(self) -> str:
        """Everything that changes this engine's output (name, endpoint, model…), never a secret.

        Two runs with the same identity may share cached replies.
        """
        return self.name

    def secrets(self) -> list[str]:
        """Secret values (keys) to mask in every message."""
        return []


# --- texts longer than a service takes -------------------------------------------------------

# white space a line may break at: not a no-break space (U+00A0, U+2007, U+202F), which holds "10 000" together
_BREAK_SPACE = r"[^\S\xa0\u2007\u202f]"
# where a sentence ends: a stop (and the quotes or brackets closing it) then a space; a full-width stop with or
# without one (Chinese and Japanese put none); a line end
_SENTENCE_END = re.compile(rf"[.!?;:][\"'”’)\]]*{_BREAK_SPACE}+"
                           rf"|[。！？｡][」』）〕】\"'”’)\]]*{_BREAK_SPACE}*|\n{_BREAK_SPACE}*")
_SPACE = re.compile(f"{_BREAK_SPACE}+")
_ZWJ = "\u200d"


def _joins_previous(ch: str) -> bool:
    """Whether `ch` belongs to the character before it (UAX #29 Extend, conservatively): a combining mark, ZWJ,
    a variation selector, an emoji skin-tone modifier or a tag character (subdivision flags)."""
    o = ord(ch)
    return (unicodedata.category(ch).startswith("M") or ch == _ZWJ or 0xFE00 <= o <= 0xFE0F
            or 0xE0100 <= o <= 0xE01EF or 0x1F3FB <= o <= 0x1F3FF or 0xE0020 <= o <= 0xE007F)


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _may_cut(text: str, i: int, start: int = 0) -> bool:
    """Whether a piece may end before ``text[i]``: not inside a user-perceived character (an accent, a ZWJ emoji
    sequence, a flag: what UAX #29 calls an extended grapheme cluster), a CR LF or an engine token.  `start`: where
    the piece begins (a cut is never inside a flag, so a flag's pairs are counted from there)."""
    before, after = text[i - 1], text[i]
    if _joins_previous(after) or before == _ZWJ or (before, after) == ("\r", "\n"):
        return False
    if _is_regional_indicator(after):  # flags are pairs: not after an odd number of regional indicators
        run = next((n for n in range(i - start) if not _is_regional_indicator(text[i - 1 - n])), i - start)
        if run % 2:
            return False
    return not any(t.start() < i < t.end() for t in TOKEN_RE.finditer(text, max(0, i - 32), min(len(text), i + 32)))


def _best_cut(text: str, start: int, end: int) -> int:
    """Where the piece starting at `start` ends: after the last sentence end before `end`, else after the last
    space, else at the last place a piece may end; `end` itself only if there is none (one 'character' longer
    than the limit)."""
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, start, end)]
        cut = next((i for i in reversed(ends) if i > start and _may_cut(text, i, start)), None)
        if cut is not None:
            return cut
    return next((i for i in range(end, start, -1) if _may_cut(text, i, start)), end)


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters that join back to it, for a service with a length limit.

    Cut after a sentence where one ends in reach (a full-width stop needs no space after it), else after a space
    (not a no-break one), never inside an engine token (``[X12X]``) nor a user-perceived character: each piece is
    a text a translator could translate alone.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = _best_cut(text, start, start + limit)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def join_replies(pieces: list[str], replies: list[str]) -> str:
    """The replies for `split_text`'s pieces as one text: each piece's trailing space follows its reply,
    except after a full-width stop (Chinese and Japanese put no space between sentences)."""
    out = []
    for piece, reply in zip(pieces, replies):
        gap = piece[len(piece.rstrip()):]
        out.append(reply + ("" if "\n" not in gap and reply.endswith(("。", "！", "？")) else gap))
    return "".join(out)


# --- reply hygiene -------------------------------------------------------------------------

REPLY_FACTOR, REPLY_SLACK = 10, 1000  # a reply may be up to 10x its source plus 1000 characters


def reply_problems(sent: str, reply: str) -> list[str]:
    """Why a reply must not be written or cached: too long, or what no translation holds (`placeholders.NOT_TEXT`:
    C0 controls but tab and line ends, DEL, C1, lone surrogates), nor a carriage return (msgids have LF only),
    unless the text sent has it too (a control character of the source's own is kept, not invented).
    """
    out = []
    limit = REPLY_FACTOR * len(sent) + REPLY_SLACK
    if len(reply) > limit:
        out.append(f"reply too long ({len(reply)} characters for a {len(sent)}-character text; limit {limit})")
    bad = sorted((set(NOT_TEXT.findall(reply)) | ({"\r"} if "\r" in reply else set())) - set(sent))
    if bad:
        out.append("reply contains control character(s) " + " ".join(f"U+{ord(c):04X}" for c in bad))
    return out
