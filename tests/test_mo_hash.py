"""The .mo hash computed for many keys at once equals gettext's hashpjw, and the .mo stays msgfmt's."""

from __future__ import annotations

import random
import subprocess

from conftest import needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.catalog import mo_bytes, read_catalog
from toolkit.catalog.mo import _elf_hash, _hashes, _hashpjw, hashpjw_many


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=60))
def test_hashes_of_many_keys_equal_hashpjw(keys):
    assert hashpjw_many(keys) == [_hashpjw(k) for k in keys]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=300).map(lambda k: k.replace(b"\0", b"")), max_size=60))
def test_the_mo_hash_of_keys_equals_hashpjw(keys):
    """By libelf's elf_hash where it is installed, else by hashpjw_many."""
    assert _hashes(keys) == [_hashpjw(k) for k in keys]


def test_libelf_hash_is_used_where_installed():
    import ctypes.util

    if ctypes.util.find_library("elf") is not None:
        assert _elf_hash() is not None
        assert _elf_hash()(b"\xff" * 1000) == _hashpjw(b"\xff" * 1000)


def test_hashpjw_reference_values():
    # gettext's hash_string on a few keys (high bytes fold into the hash; long keys wrap)
    assert _hashpjw(b"") == 0
    assert _hashpjw(b"a") == 97
    assert hashpjw_many([b"\xff" * 1000, b"ctx\x04msgid", b"a"]) == [_hashpjw(b"\xff" * 1000),
                                                                   _hashpjw(b"ctx\x04msgid"), 97]


@needs_gettext
def test_mo_of_varied_keys_is_byte_identical_to_msgfmt(tmp_path):
    rng = random.Random(7)
    words = ["launch", "Soyuz", "유럽", "l'agence", "naïve", "x"]
    body = []
    for i in range(1500):
        msgid = " ".join(rng.choice(words) for _ in range(rng.choice([1, 2, 5, 40, 200]))) + f" {i}"
        ctx = f'msgctxt "c{i % 7}"\n' if i % 3 == 0 else ""
        body.append(f'{ctx}msgid "{msgid}"\nmsgstr "T {i}"\n')
    src = tmp_path / "ko.po"
    src.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "\n".join(body), "utf-8")
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu), str(src)], check=True)
    assert mo_bytes(read_catalog(src)) == gnu.read_bytes()
