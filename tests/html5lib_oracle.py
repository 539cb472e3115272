"""Test helper: the token streams of html5lib (the reference) and of our tokeniser, comparable.

html5lib's tokenizer gives no source offsets, and its raw-text states are switched by its tree
builder, so the reference stream is recorded from a full parse (scripting on, as in browsers):
every token the tree builder receives, copied before it is processed.  Both streams are lists of
("text", str) | ("start", name, attrs, self_closing) | ("end", name) | ("comment",) | ("doctype",),
with adjacent text merged.  Offsets are checked through the text: each token of ours is a
source span, and the text between two spans must equal the reference characters between them.
"""

from __future__ import annotations

from html import unescape

from html5lib import _tokenizer, html5parser
from html5lib.constants import tokenTypes

from toolkit.html.tokenize import CDATA, COMMENT, DOCTYPE, END, START, parse_attrs, tokenize

_TYPES = {v: k for k, v in tokenTypes.items()}


class _RecordingTokenizer(_tokenizer.HTMLTokenizer):
    def __iter__(self):
        for token in super().__iter__():
            kind = _TYPES[token["type"]]
            if kind in ("Characters", "SpaceCharacters"):
                self.recorded.append(("text", token["data"]))
            elif kind == "StartTag":
                self.recorded.append(("start", token["name"], dict(token["data"]), bool(token["selfClosing"])))
            elif kind == "EndTag":
                self.recorded.append(("end", token["name"]))
            elif kind == "Comment":
                self.recorded.append(("comment",))
            elif kind == "Doctype":
                self.recorded.append(("doctype",))
            yield token


class _RecordingParser(html5parser.HTMLParser):
    def mainLoop(self):
        self.tokenizer.__class__ = _RecordingTokenizer
        self.tokenizer.recorded = self.recorded
        super().mainLoop()


def normalise(text: str) -> str:
    """What both tokenisers see: newlines normalised as the HTML input stream does."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def reference_tokens(text: str) -> list[tuple]:
    parser = _RecordingParser()
    parser.recorded = []
    parser.parse(text, scripting=True)
    return _merge(parser.recorded)


def our_tokens(text: str) -> list[tuple]:
    out: list[tuple] = []
    pos = 0
    for tok in tokenize(text):
        if tok.start > pos:
            out.append(("text", unescape(text[pos:tok.start])))
        pos = tok.end
        if tok.kind == START:
            attrs = {name: a.value for name, a in parse_attrs(text, tok.attrs_start, tok.attrs_end).items()}
            out.append(("start", tok.name, attrs, tok.self_closing))
            if tok.raw is not None:
                content = text[tok.end:tok.content_end]
                out.append(("text", unescape(content) if tok.raw == "rcdata" else content))
                if tok.closed:
                    out.append(("end", tok.name))
                pos = tok.after
        elif tok.kind == END:
            out.append(("end", tok.name))
        elif tok.kind == COMMENT:
            out.append(("comment",))
        elif tok.kind == DOCTYPE:
            out.append(("doctype",))
        elif tok.kind == CDATA:
            out.append(("text", text[tok.start + 9:tok.content_end]))
    return _merge(out)


def _merge(tokens: list[tuple]) -> list[tuple]:
    out: list[tuple] = []
    for t in tokens:
        if t[0] == "text":
            if not t[1]:
                continue
            if out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + t[1])
                continue
        out.append(t)
    return out
