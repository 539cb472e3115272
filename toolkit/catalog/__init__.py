"""Gettext catalogues: read (integrity-checked), write (verified), .mo, merge, lifecycle, status.

Callers import from here: ``from toolkit.catalog import read_catalog, write_catalog, ...``.

- read.py: read_catalog, one pass that rejects what msgfmt -c rejects (duplicates too) and builds the entries
- write.py: fast, polib-identical serialisation; every write is checked to read back the same
- mo.py: the .mo writer (byte-identical to GNU msgfmt)
- merge.py: msgmerge-style merge of a template into a catalogue
- lifecycle.py: init / update / compile / stats
- status.py: the one definition of translated / reviewed / usable / wanted by MT / missing
- apply.py: the locked merge long writers use to save only what they changed

The names are imported on first use (PEP 562), so a command imports only the modules it needs
(``l10n compile`` neither the writer nor the merge).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.catalog.apply import ApplyReport, CatalogWriter, EntryChange, EntryText, apply_changes
    from toolkit.catalog.lifecycle import (
        CatalogStats,
        CompileResult,
        InitResult,
        PageStats,
        TemplateLag,
        UpdateResult,
        catalog_stats,
        compile_catalogs,
        header_problem,
        init_catalogs,
        native_name,
        new_catalog,
        page_stats,
        pair_forms,
        stats_by_page,
        stats_catalogs,
        template_keys,
        template_lag,
        update_catalogs,
        word_count,
    )
    from toolkit.catalog.merge import MergeStats, merge_catalogs, plural_count
    from toolkit.catalog.mo import line_break_mismatch, mo_bytes
    from toolkit.catalog.read import WIDTH, read_catalog, scan
    from toolkit.catalog.status import (
        MT_COMMENT_PREFIX,
        MtNote,
        State,
        entry_key,
        forms,
        has_text,
        holds_human_work,
        is_machine_output,
        is_reviewed,
        is_translated,
        is_usable,
        is_wanted_by_mt,
        mark_reviewed,
        missing_catalog,
        mt_comment,
        mt_note,
        needs_reviewed_mark,
        require_catalogs,
        reviewed_comment,
        state,
    )
    from toolkit.catalog.write import catalog_bytes, format_catalog, write_catalog

_MODULES: dict[str, tuple[str, ...]] = {  # module -> the names it gives
    "apply": ("ApplyReport", "CatalogWriter", "EntryChange", "EntryText", "apply_changes"),
    "lifecycle": ("CatalogStats", "CompileResult", "InitResult", "PageStats", "TemplateLag", "UpdateResult",
                  "catalog_stats", "compile_catalogs", "header_problem", "init_catalogs", "native_name", "new_catalog",
                  "page_stats", "pair_forms", "stats_by_page", "stats_catalogs", "template_keys", "template_lag",
                  "update_catalogs", "word_count"),
    "merge": ("MergeStats", "merge_catalogs", "plural_count"),
    "mo": ("line_break_mismatch", "mo_bytes"),
    "read": ("WIDTH", "read_catalog", "scan"),
    "status": ("MT_COMMENT_PREFIX", "MtNote", "State", "entry_key", "forms", "has_text", "holds_human_work",
               "is_machine_output", "is_reviewed", "is_translated", "is_usable", "is_wanted_by_mt", "mark_reviewed",
               "missing_catalog", "mt_comment", "mt_note", "needs_reviewed_mark", "require_catalogs",
               "reviewed_comment", "state"),
    "write": ("catalog_bytes", "format_catalog", "write_catalog"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MT_COMMENT_PREFIX", "WIDTH", "ApplyReport", "CatalogStats", "CatalogWriter", "CompileResult", "EntryChange",
    "EntryText", "InitResult", "MergeStats", "MtNote", "PageStats", "State", "TemplateLag", "UpdateResult",
    "apply_changes",
    "catalog_bytes", "catalog_stats", "compile_catalogs", "entry_key", "format_catalog", "forms", "has_text",
    "header_problem", "holds_human_work", "init_catalogs", "is_machine_output", "is_reviewed", "is_translated",
    "is_usable", "is_wanted_by_mt", "line_break_mismatch", "mark_reviewed", "merge_catalogs", "missing_catalog",
    "mo_bytes", "mt_comment", "mt_note", "native_name", "needs_reviewed_mark", "new_catalog", "page_stats",
    "pair_forms", "plural_count", "read_catalog", "require_catalogs", "reviewed_comment", "scan", "state",
    "stats_by_page", "stats_catalogs", "template_keys", "template_lag", "update_catalogs", "word_count",
    "write_catalog",
]
