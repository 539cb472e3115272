"""The site's other files (CSS, images, scripts, PDFs, fonts…), copied into build/ once, when changed.

Every file under the source dir that is not a page is an asset: it is copied (or hard-linked)
to the same path under the output dir, where every built page's references point.  A copy
keeps the source's modification time, so "changed" is a size and mtime comparison: a second
build copies nothing.  It does not keep the source's mode: a copy is a new file's (0666 less the
umask), as the pages are, so a source that only its owner may read (0600) is still served, and
build/ does not hold files one chmod of the source made unreadable and no later build repaired.
Version-control folders are not part of the site.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.fsutil import is_orphan, new_file_mode, new_temp, same_bytes

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__"})


@dataclass
class AssetReport:
    copied: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class SiteAssets:
    files: dict[str, Path] = field(default_factory=dict)  # rel path -> file, sorted
    dangling: list[str] = field(default_factory=list)  # symbolic links to nothing: no file to copy (rel paths)
    linked_dirs: list[str] = field(default_factory=list)  # symbolic links to folders: not followed (rel paths)
    special: list[str] = field(default_factory=list)  # pipes, devices, sockets (or links to them): no file to copy


def site_assets(source: Path, pages: set[Path]) -> SiteAssets:
    """Every file under `source` that is not a page."""
    out = SiteAssets()
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        # os.walk lists a linked folder but does not enter it (as pages are found: a link may lead anywhere)
        out.linked_dirs += [(Path(dirpath) / d).relative_to(source).as_posix() for d in dirnames
                            if (Path(dirpath) / d).is_symlink()]
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path in pages or name.endswith(".tmp"):
                continue
            rel = path.relative_to(source).as_posix()
            if path.is_symlink() and not path.exists():
                out.dangling.append(rel)
            elif not path.is_file():  # copying a link to /dev/zero never ended, a pipe waited for a writer
                out.special.append(rel)
            else:
                out.files[rel] = path
    return out


def _same(src: Path, dst: Path, hardlink: bool, compare: bool, mode: int, relink: bool = False) -> bool:
    """The copy (same size and mtime, as `_place` leaves it, and a new file's `mode`) or, with `hardlink`, the link
    (same inode) is up to date.  A link left by a build with `hardlink_assets` is the source itself: without the
    setting it is copied anew, or whatever writes into build/ afterwards (a minifier) would change the source.
    A copy that someone a new file is readable by cannot read (a 0600 kept from its source by an older build, a
    chmod in build/) is copied anew; bits it has beyond (a file system that ignores chmod shows 0755) do not count,
    or every build would copy every asset there again.
    With `compare` (`build --force`) a copy's bytes are compared too: an edit in build/ that kept the size and mtime
    is repaired.  With `hardlink` and `relink` (`--force`, or the setting just switched on) a copy is not up to
    date: it is placed as a link (else a copy kept its own inode until its source changed)."""
    try:
        st, source = dst.stat(), src.stat()
    except OSError:
        return False
    if (st.st_ino, st.st_dev) == (source.st_ino, source.st_dev):
        return hardlink
    if hardlink and relink:
        return False
    if st.st_size != source.st_size or st.st_mtime_ns != source.st_mtime_ns or mode & ~st.st_mode & 0o444:
        return False
    return not compare or same_bytes(src, dst)  # (not filecmp: it answers from size and mtime, the blind spot)


def remove_stale_assets(out_root: Path, previous: list[str], assets: dict[str, Path]) -> list[str]:
    """Remove the copies (listed in `previous`) that are no longer assets: before anything is written, so that an
    asset that became a page or a folder (or the reverse) is not in the way, nor removed after the page is written."""
    stale = [rel for rel in previous if rel not in assets]
    for rel in stale:
        remove_output(out_root, rel)
    return stale


def copy_assets(assets: dict[str, Path], out_root: Path, hardlink: bool = False, compare: bool = False,
                relink: bool = False) -> AssetReport:
    """Bring out_root's copies up to date (`compare`: whatever their size and mtime say; `relink`: copies become
    links; see `_same`)."""
    report = AssetReport()
    mode = new_file_mode()
    for rel, src in assets.items():
        dst = out_root / rel
        if _same(src, dst, hardlink, compare, mode, relink):
            report.unchanged += 1
            continue
        _place(src, dst, hardlink, mode)
        report.copied.append(rel)
    return report


def _place(src: Path, dst: Path, hardlink: bool, mode: int) -> None:
    """Copy (or link) atomically: a temp file beside the target, renamed over it.  A copy has the source's bytes
    and modification time (what `_same` compares) and `mode`; a link is the source, its mode too."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp(dst)
    os.close(fd)
    try:
        if hardlink:
            os.unlink(tmp)
            try:
                os.link(src, tmp)
            except OSError:  # another file system, or links not allowed: copy instead
                _copy(src, tmp, mode)
        else:
            _copy(src, tmp, mode)
        os.replace(tmp, dst)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _copy(src: Path, tmp: str, mode: int) -> None:
    """The source's bytes into `tmp` (created if a failed link removed it), with the source's times and `mode`."""
    shutil.copyfile(src, tmp)
    os.chmod(tmp, mode)
    source = src.stat()
    os.utime(tmp, ns=(source.st_atime_ns, source.st_mtime_ns))


def remove_output(out_root: Path, rel: str) -> None:
    """Delete a built file and the directories it leaves empty (up to out_root).  Nothing outside out_root:
    not through `..`, nor through a folder inside it that is a link to somewhere else."""
    path = out_root / rel
    root, parent = out_root.resolve(), path.parent.resolve()
    if parent != root and root not in parent.parents:
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    parent = path.parent
    while parent != out_root and out_root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


def remove_temp_files(out_root: Path) -> int:
    """Temp files a killed build left behind (`toolkit.fsutil.is_orphan`: only those, never another build's in
    progress nor a file of someone else's that happens to end in .tmp)."""
    removed = 0
    if not out_root.is_dir():
        return 0
    for path in out_root.rglob(".*.tmp"):
        if not is_orphan(path):
            continue
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
