"""The .mo writer: byte-identical to GNU msgfmt's output (hash table, header field order).

polib's own writer differs (no hash table, header fields reordered, no --use-fuzzy).
"""

from __future__ import annotations

import struct

import polib

from toolkit.catalog.status import forms, is_usable


def mo_bytes(po: polib.POFile, use_fuzzy: bool = False) -> bytes:
    """The .mo image GNU msgfmt writes for `po` (little-endian, with its hash table).

    The entries are those status.is_usable allows (fuzzy ones with `use_fuzzy`), which is
    msgfmt's choice except for a plural entry with an empty form: msgfmt ships it (the
    program then shows an empty string for that count), here it is left out like an
    untranslated one.  The header is kept even when it is marked fuzzy, in the file's field
    order, without POT-Creation-Date (msgfmt >= 0.20 drops it for reproducible builds).
    """
    messages: dict[bytes, bytes] = {}
    if po.metadata:
        header = "".join(f"{k}: {v}\n" for k, v in po.metadata.items() if k != "POT-Creation-Date")
        messages[b""] = header.encode("utf-8")
    for e in po:
        if not is_usable(e, include_fuzzy=use_fuzzy):
            continue
        key = (e.msgctxt + "\x04" if e.msgctxt is not None else "") + e.msgid
        if e.msgid_plural:
            key += "\0" + e.msgid_plural
        messages[key.encode("utf-8")] = "\0".join(forms(e)).encode("utf-8")
    return _mo_image(messages)


def _mo_image(messages: dict[bytes, bytes]) -> bytes:
    keys = sorted(messages)
    n = len(keys)
    size = _hash_size(n)
    orig_tab, trans_tab, hash_tab = 28, 28 + 8 * n, 28 + 16 * n
    offset = hash_tab + 4 * size
    orig, trans = [], []
    for k in keys:
        orig.append((len(k), offset))
        offset += len(k) + 1
    for k in keys:
        trans.append((len(messages[k]), offset))
        offset += len(messages[k]) + 1
    table = [0] * size
    for j, k in enumerate(keys):  # open addressing with double hashing, as in gettext's write-mo.c
        h = _hashpjw(k.split(b"\0", 1)[0])
        idx = h % size
        if table[idx]:
            incr = 1 + h % (size - 2)
            while table[idx]:
                idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = j + 1
    parts = [struct.pack("<7I", 0x950412DE, 0, n, orig_tab, trans_tab, size, hash_tab)]
    parts += [struct.pack("<2I", *pair) for pair in orig + trans]
    parts.append(struct.pack(f"<{size}I", *table))
    parts += [k + b"\0" for k in keys]
    parts += [messages[k] + b"\0" for k in keys]
    return b"".join(parts)


def _hashpjw(data: bytes) -> int:
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
            h ^= g
    return h


def _hash_size(n: int) -> int:
    """gettext's next_prime(4n/3), at least 3 (its is_prime is reproduced exactly)."""
    candidate = (n * 4 // 3) | 1
    while True:
        div, square = 3, 9
        while square < candidate and candidate % div:
            div += 1
            square += 4 * div
            div += 1
        if candidate % div:
            break
        candidate += 2
    return max(candidate, 3)


