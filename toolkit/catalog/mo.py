"""The .mo writer: byte-identical to GNU msgfmt's output (hash table, header field order).

polib's own writer differs (no hash table, header fields reordered, no --use-fuzzy).
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from toolkit.catalog.read import Translations, record_forms, utf8_content_type
from toolkit.catalog.status import forms, is_usable, usable
from toolkit.errors import L10nError

if TYPE_CHECKING:
    import polib


def mo_bytes(po: polib.POFile, use_fuzzy: bool = False) -> bytes:
    """The .mo image GNU msgfmt writes for `po` (little-endian, with its hash table).

    The entries are those status.is_usable allows (fuzzy ones with `use_fuzzy`), which is
    msgfmt's choice except for a plural entry with an empty form: msgfmt ships it (the
    program then shows an empty string for that count), here it is left out like an
    untranslated one.  The header is kept even when it is marked fuzzy, in the file's field
    order, without POT-Creation-Date (msgfmt >= 0.20 drops it for reproducible builds).
    """
    messages = _header(po.metadata)
    for e in po:
        if not is_usable(e, include_fuzzy=use_fuzzy):
            continue
        key = (e.msgctxt + "\x04" if e.msgctxt is not None else "") + e.msgid
        if e.msgid_plural:
            key += "\0" + e.msgid_plural
        messages[key.encode("utf-8")] = "\0".join(forms(e)).encode("utf-8")
    return _mo_image(messages)


def translations_mo_bytes(catalog: Translations, use_fuzzy: bool = False, path: object = None) -> bytes:
    """`mo_bytes` of a catalogue read as records (read.read_translations): the same bytes.  An entry msgfmt refuses
    to compile whatever its options (`line_break_mismatch`) is an error naming its line, as msgfmt's is."""
    messages = _header(catalog.metadata)
    for r in catalog.records:
        strings = r.msgstr if r.msgid_plural or not r.plural_forms else record_forms(r)
        if strings is None or not usable(r.msgctxt, r.msgid, r.obsolete, r.fuzzy, strings, use_fuzzy):
            continue
        if (r.msgid and (r.msgid[0] == "\n" or r.msgid[-1] == "\n" or "\n" in (strings[0][0], strings[0][-1])
                         or r.msgid_plural) and (bad := line_break_mismatch(r.msgid, r.msgid_plural, strings))):
            raise L10nError(f"{bad} (msgfmt refuses to compile the catalogue; `l10n check` lists every such entry)",
                            path, r.line)
        key = r.msgid or ""
        if r.msgctxt is not None:
            key = r.msgctxt + "\x04" + key
        if r.msgid_plural:
            messages[(key + "\0" + r.msgid_plural).encode("utf-8")] = "\0".join(strings).encode("utf-8")
        else:
            messages[key.encode("utf-8")] = strings[0].encode("utf-8")
    return _mo_image(messages)


def line_break_mismatch(msgid: str, msgid_plural: str | None, strings: Sequence[str]) -> str | None:
    """What GNU msgfmt finds fatal in any catalogue it compiles: a line break that begins or ends the msgid but not
    a translation (or the msgid_plural), or the other way round.  None when they agree."""
    others = ([("msgid_plural", msgid_plural)] if msgid_plural is not None else []) + (
        [(f"msgstr[{i}]", s) for i, s in enumerate(strings)] if msgid_plural is not None else [("msgstr", strings[0])])
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        for name, text in others:
            if test(msgid, "\n") != test(text, "\n"):
                return f"'msgid' and '{name}' do not both {where} with a line break"
    return None


def _header(metadata: dict[str, str]) -> dict[bytes, bytes]:
    """The messages of a .mo, begun with its header (when there is one), without POT-Creation-Date.

    The texts are UTF-8, and a header still saying ``charset=CHARSET`` is written saying so (msgfmt copies the
    placeholder: Python's gettext then cannot load the .mo, nor msgunfmt read its text back)."""
    if not metadata:
        return {}
    fields = {k: utf8_content_type(v, legacy=False) if k == "Content-Type" else v for k, v in metadata.items()}
    return {b"": "".join(f"{k}: {v}\n" for k, v in fields.items() if k != "POT-Creation-Date").encode("utf-8")}


def _mo_image(messages: dict[bytes, bytes]) -> bytes:
    keys = sorted(messages)
    values = [messages[k] for k in keys]
    n = len(keys)
    size = _hash_size(n)
    orig_tab, trans_tab, hash_tab = 28, 28 + 8 * n, 28 + 16 * n
    start = hash_tab + 4 * size
    lengths = [len(k) for k in keys] + [len(v) for v in values]
    offsets = list(accumulate((length + 1 for length in lengths), initial=start))
    table = [0] * size
    for j, h in enumerate(_hashes([k.split(b"\0", 1)[0] for k in keys])):
        idx = h % size  # open addressing with double hashing, as in gettext's write-mo.c
        if table[idx]:
            incr = 1 + h % (size - 2)
            while table[idx]:
                idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = j + 1
    pairs = [x for pair in zip(lengths, offsets) for x in pair]
    return b"".join([
        struct.pack("<7I", 0x950412DE, 0, n, orig_tab, trans_tab, size, hash_tab),
        struct.pack(f"<{4 * n}I", *pairs),
        struct.pack(f"<{size}I", *table),
        b"\0".join(keys + values), b"\0" if n else b"",
    ])


def _hashes(keys: list[bytes]) -> list[int]:
    """`_hashpjw` of every key (none holds a NUL): by libelf's elf_hash where it is installed."""
    elf_hash = _elf_hash()
    return list(map(elf_hash, keys)) if elf_hash is not None else hashpjw_many(keys)


@functools.cache
def _elf_hash() -> Any:
    """libelf's elf_hash (elfutils), or None where the library is not installed.

    The System V ABI's ELF symbol hash is hashpjw itself, the function gettext's hash_string
    computes (tests/test_mo_hash.py compares them), and in C it is five times faster than
    `hashpjw_many`.  It reads a NUL-terminated string: the keys are hashed up to their first NUL.
    """
    import ctypes

    for name in ("libelf.so.1", "libelf.so", "libelf.dylib"):
        try:
            fn = ctypes.CDLL(name).elf_hash
        except (OSError, AttributeError):
            continue
        fn.restype = ctypes.c_ulong
        fn.argtypes = [ctypes.c_char_p]
        return fn
    return None


def _hashpjw(data: bytes) -> int:
    """gettext's hash_string (hashpjw), one byte at a time: the reference for hashpjw_many."""
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
            h ^= g
    return h


_LANE = 5  # bytes per key in the big integer: the hash needs 33 bits between its steps


def hashpjw_many(keys: list[bytes]) -> list[int]:
    """`_hashpjw` of every key, computed for many keys at once (about 5x faster in CPython).

    Keys of similar length are stacked as the 40-bit lanes of one big integer and hashed a
    byte column at a time, so each step is a few big-integer operations instead of a Python
    loop per byte.  Keys are right-aligned with NUL bytes in front: a leading NUL leaves the
    hash at 0, so all lanes of a group finish together.  Between steps a lane stays below 2**33
    (a 28-bit hash shifted by 4, plus a byte), so nothing carries into the next lane.
    """
    out = [0] * len(keys)
    order = sorted(range(len(keys)), key=lambda i: len(keys[i]))
    start = 0
    while start < len(order):
        shortest = len(keys[order[start]])
        end, limit = start + 1, shortest + 8 + shortest // 4  # padding stays under a quarter
        while end < len(order) and len(keys[order[end]]) <= limit and end - start < 1024:
            end += 1
        group = order[start:end]
        width, count = len(keys[group[-1]]), len(group)
        matrix = b"".join(keys[i].rjust(width, b"\0") for i in group)
        column = bytearray(_LANE * count)
        low = int.from_bytes(b"\xff\xff\xff\x0f\0" * count, "little")  # bits 0-27 of each lane
        top = int.from_bytes(b"\0\0\0\xf0\0" * count, "little")  # bits 28-31
        h = 0
        for col in range(width):
            column[0::_LANE] = matrix[col::width]
            x = (h << 4) + int.from_bytes(column, "little")
            h = (x & low) ^ ((x & top) >> 24)  # = hashpjw's fold of the top nibble (bit 32 dropped)
        lanes = h.to_bytes(_LANE * count, "little")
        words = bytearray(4 * count)
        for k in range(4):
            words[k::4] = lanes[k::_LANE]
        for i, value in zip(group, struct.unpack(f"<{count}I", words)):
            out[i] = value
        start = end
    return out


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


