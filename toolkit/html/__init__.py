"""The HTML engine: decode like a browser, tokenise with exact spans, segment into units, splice."""

from toolkit.html.decode import decode_html
from toolkit.html.render import render_translation
from toolkit.html.segment import Document, Placeholder, Unit, parse_document

__all__ = ["Document", "Placeholder", "Unit", "decode_html", "parse_document", "render_translation"]
