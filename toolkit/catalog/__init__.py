"""Gettext catalogues: read (integrity-checked), write (verified), .mo, merge, lifecycle, status.

Callers import from here: ``from toolkit.catalog import read_catalog, write_catalog, ...``.

- read.py: read_catalog, one pass that rejects what msgfmt -c rejects (duplicates too) and builds the entries
- write.py: fast, polib-identical serialisation; every write is checked to read back the same
- mo.py: the .mo writer (byte-identical to GNU msgfmt)
- merge.py: msgmerge-style merge of a template into a catalogue
- lifecycle.py: init / update / compile / stats
- status.py: the one definition of translated / reviewed / usable / wanted by MT / missing
- apply.py: the locked merge long writers use to save only what they changed
"""

from toolkit.catalog.apply import ApplyReport, CatalogWriter, EntryChange, EntryText, apply_changes
from toolkit.catalog.lifecycle import (
    CatalogStats,
    CompileResult,
    InitResult,
    UpdateResult,
    catalog_stats,
    compile_catalogs,
    init_catalogs,
    native_name,
    new_catalog,
    stats_catalogs,
    update_catalogs,
    word_count,
)
from toolkit.catalog.merge import MergeStats, merge_catalogs, plural_count
from toolkit.catalog.mo import mo_bytes
from toolkit.catalog.read import WRAP, read_catalog, scan
from toolkit.catalog.status import (
    MT_COMMENT_PREFIX,
    State,
    entry_key,
    forms,
    has_text,
    is_machine_output,
    is_reviewed,
    is_translated,
    is_usable,
    is_wanted_by_mt,
    missing_catalog,
    require_catalogs,
    state,
)
from toolkit.catalog.write import catalog_bytes, format_catalog, write_catalog

__all__ = [
    "MT_COMMENT_PREFIX", "WRAP", "ApplyReport", "CatalogStats", "CatalogWriter", "CompileResult", "EntryChange",
    "EntryText", "InitResult", "MergeStats", "State", "UpdateResult", "apply_changes", "catalog_bytes",
    "catalog_stats", "compile_catalogs", "entry_key", "format_catalog", "forms", "has_text", "init_catalogs",
    "is_machine_output", "is_reviewed", "is_translated", "is_usable", "is_wanted_by_mt", "merge_catalogs",
    "missing_catalog", "mo_bytes", "native_name", "new_catalog", "plural_count", "read_catalog",
    "require_catalogs", "scan", "state", "stats_catalogs", "update_catalogs", "word_count", "write_catalog",
]
