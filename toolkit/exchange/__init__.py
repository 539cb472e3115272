"""Exchange formats for CAT tools and translation memories: XLIFF 2.0 (`xliff`) and TMX 1.4b (`tmx`).

- inline.py: a msgid's placeholders (``<a1>…</a1>``, ``<br/>``) as inline codes and back
- xml.py: the one safe XML reader (no DTD loading, no entity expansion, no network)
- xliff.py: export a locale's catalogue, import a file back through the locked merge
- tmx.py: export reviewed translations; read a TMX as memory pairs for the `memory` engine
"""
