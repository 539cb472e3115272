"""A stop (Ctrl-C, SIGTERM) that comes while a command forks its workers still stops it.

Python ignores an exception raised in fork's own callbacks: a stop handled there was lost and the
command ran on to exit 0.  The commands hold the stop signals while they fork (`toolkit.processes`).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.test_build_store import catalogue
from toolkit.cli import main

STOP_IN_FORK = """
import os, signal, sys
from toolkit.cli import main

armed = [True]

def stop_while_forking():  # as if Ctrl-C or SIGTERM came while fork ran its callbacks in this process
    if armed:
        armed.clear()
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        os.getpid()  # a call: Python runs a signal handler here unless the signal is held

os.register_at_fork(after_in_parent=stop_while_forking)
sys.exit(main(sys.argv[2:]))
"""


def stopped_while_forking(signame: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", STOP_IN_FORK, signame, *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("first_fork", ["store", "pages"])
def test_a_stop_that_comes_while_the_build_forks_ends_it(project, signame, first_fork):
    """Exit 130 with no traceback, and no half-written store left behind."""
    root = project({f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(12)},
                   locales=["ko"])
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalogue(po, 50)
    if first_fork == "pages":  # the store is fresh: the first fork is the page workers'
        assert main(["build", "--root", str(root), "-q", "-j", "1"]) == 0
    proc = stopped_while_forking(signame, "build", "--root", str(root), "-q", "-j", "2", "--force")
    assert (proc.returncode, proc.stderr) == (130, "l10n: interrupted; finished work was saved\n")
    assert not list((root / "locales" / ".cache").glob("*.tmp"))


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_stop_that_comes_while_extract_forks_ends_it(project, signame):
    """Exit 130 with no traceback (SIGTERM as Ctrl-C), and no template written."""
    words = " ".join(f"word{i}" for i in range(20_000))
    root = project({f"p{i}.html": f"<html><body><p>Page {i} {words}</p></body></html>" for i in range(10)})
    proc = stopped_while_forking(signame, "extract", "--root", str(root), "-q", "-j", "2")
    assert (proc.returncode, proc.stderr) == (130, "l10n: interrupted; finished work was saved\n")
    assert not (root / "locales" / "messages.pot").exists()


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_stop_that_comes_while_update_forks_ends_it(project, signame):
    """Update formats half of a large catalogue in a forked child: a stop then still ends it, exit 130 with no
    traceback, and the catalogue is as it was."""
    from toolkit.catalog.write import SHARED_ENTRIES

    root = project({"p.html": "<html><body><p>Page</p></body></html>"}, locales=["ko"])
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalogue(po, SHARED_ENTRIES + 100)
    (root / "locales" / "messages.pot").write_text(po.read_text("utf-8") + 'msgid "A new message"\nmsgstr ""\n')
    before = po.read_bytes()
    proc = stopped_while_forking(signame, "update", "--root", str(root), "-q")
    assert (proc.returncode, proc.stderr) == (130, "l10n: interrupted; finished work was saved\n")
    assert po.read_bytes() == before
    assert main(["update", "--root", str(root), "-q"]) == 0  # not stopped, the same update writes
    assert b'msgid "A new message"' in po.read_bytes()


def test_sigterm_is_an_interrupt_in_the_block_only():
    import os
    import signal
    import threading

    from toolkit.processes import sigterm_as_interrupt

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        os.getpid()  # the handler runs between bytecodes
    assert signal.getsignal(signal.SIGTERM) is before

    failed: list[BaseException] = []

    def off_the_main_thread() -> None:
        try:
            with sigterm_as_interrupt():  # cannot set a handler here: the block runs unchanged
                pass
        except BaseException as exc:  # any escape is the failure
            failed.append(exc)

    thread = threading.Thread(target=off_the_main_thread)
    thread.start()
    thread.join()
    assert not failed and signal.getsignal(signal.SIGTERM) is before


FORKED = """
import os, sys, threading, time
from toolkit.processes import forked

forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))

def fail():
    raise ValueError("child failed")

case = sys.argv[1]
if case == "bytes":
    with forked(lambda: b"from the child " * 100_000) as second:
        print(second() == b"from the child " * 100_000, len(forks))
elif case == "failure":
    with forked(fail) as second:
        print(second(), len(forks))
elif case == "early":  # leaving the block before asking: the child is killed and reaped, at once
    start = time.monotonic()
    try:
        with forked(lambda: time.sleep(60) or b"") as second:
            raise KeyError("stop")
    except KeyError:
        pass
    try:
        os.waitpid(-1, os.WNOHANG)
        left = "a child is left"
    except ChildProcessError:
        left = "no child left"
    print(left, time.monotonic() - start < 10)
elif case == "threads":  # forking a process with another thread could deadlock the child: no child
    stop = threading.Event()
    threading.Thread(target=stop.wait).start()
    with forked(lambda: b"x") as second:
        print(second(), len(forks))
    stop.set()
"""


@pytest.mark.parametrize(("case", "printed"), [
    ("bytes", "True 1"),
    ("failure", "None 1"),  # the child's error is no error here: the caller does the work itself
    ("early", "no child left True"),
    ("threads", "None 0"),
])
def test_forked_work_comes_back_or_is_done_here(case, printed):
    """`forked` runs in a script of its own: the test process may have threads (then it never forks)."""
    proc = subprocess.run([sys.executable, "-c", FORKED, case], capture_output=True, text=True, timeout=60)
    assert (proc.stdout.strip(), proc.returncode) == (printed, 0), proc.stderr
    assert "Traceback" not in proc.stderr  # a child's error is not printed as the parent's


SPLIT_FORMAT = """
import os, sys, polib
from toolkit.catalog import write
from toolkit.errors import L10nError

forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))
po = polib.POFile()
po.header = "A header comment"
po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
for i in range(write.SHARED_ENTRIES + 1):
    e = polib.POEntry(msgid=f"Entry {i}: " + "a long sentence of the source page, wrapped at the width " * (i % 4),
                      msgstr=f"항목 {i}" if i % 3 else "", occurrences=[(f"page{i}.html", str(i))])
    e.obsolete = i % 97 == 0
    po.append(e)
case = sys.argv[1]
if case in ("same", "large"):
    if case == "large":  # past the bound, one process writes it (memory first)
        write.SHARED_ENTRIES_MAX = len(po)
    shared = write.catalog_bytes(po)
    print(shared == write.catalog_text(po).encode(), len(forks))
else:  # what the reader would refuse: the one-process check names it, as without a second core
    if case == "duplicate":  # two entries of one key, one in each half
        po[-1].msgid = po[1].msgid
    else:  # an entry of the child's half that reads back as another text
        real = write.format_entry
        write.format_entry = lambda e, width: real(e, width).replace("Entry 4000:", "Entry 4001:")
    try:
        write.catalog_bytes(po)
    except L10nError as exc:
        print(exc.message, len(forks))
"""


@pytest.mark.parametrize(("case", "printed"), [
    ("same", "True 1"),
    ("large", "True 0"),
    ("duplicate", "refusing to write a catalogue that would not read back (duplicate definition of "
                  '"Entry 1: a long sentence of the sourc...", first defined at line 6; merge the two entries); '
                  "the file is left as it was 0"),
    ("misread", 'refusing to write entry "Entry 4000: ": it would not read back '
                "the same; the file is left as it was 1"),
])
def test_a_large_catalogue_written_on_two_cores_is_the_same_text(case, printed):
    """Half of a large catalogue is formatted and read back in a forked child: the bytes are the ones written in
    one process, and what would not read back is refused as in one process, naming the entry.  One of a site's size
    (past `SHARED_ENTRIES_MAX`) is written in one process: the child would copy the memory of its half."""
    proc = subprocess.run([sys.executable, "-c", SPLIT_FORMAT, case], capture_output=True, text=True, timeout=120)
    assert (proc.stdout.strip(), proc.returncode) == (printed, 0), proc.stderr


SPLIT_TEMPLATE = """
import os, sys
from toolkit import extract
from toolkit.catalog import write
from toolkit.catalog.write import SHARED_ENTRIES, streamed_catalog_bytes

forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))
template = extract.Template({"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"})
for n in range(SHARED_ENTRIES + 1):
    template.add(f"p{n % 7}.html", [(None, f"Sentence {n} of the site, " + "and a long clause " * (n % 5), n, []),
                                    ("menu" if n % 3 else None, "Home", 1, ["Only for locales: ko"] if n % 2 else [])])
if sys.argv[1] == "large":  # past the bound, one process writes it (memory first)
    write.SHARED_ENTRIES_MAX = len(template) - 1
data = template.data()
print(data == streamed_catalog_bytes(template.head(), template.entries), len(forks))
"""


@pytest.mark.parametrize(("case", "printed"), [("shared", "True 1"), ("large", "True 0")])
def test_a_template_written_on_two_cores_is_the_same_text(case, printed):
    """An extract's template of a few thousand messages has its second half formatted and read back on a second
    core: the bytes are those written in one process; one past `SHARED_ENTRIES_MAX` is written in one process."""
    proc = subprocess.run([sys.executable, "-c", SPLIT_TEMPLATE, case], capture_output=True, text=True, timeout=120)
    assert (proc.stdout.strip(), proc.returncode) == (printed, 0), proc.stderr


def test_the_two_halves_are_joined_without_a_third_copy(monkeypatch):
    """The halves of a site-sized catalogue are joined in the first one's buffer: `first + b"\\n" + second` held
    the text two and a half times at once (400 MB for a 160 MB catalogue, the peak of an update)."""
    import tracemalloc

    import polib

    from toolkit.catalog import write

    size = 8_000_000
    monkeypatch.setattr(write, "in_two_halves", lambda *args: (b"a" * size, b"b" * size))
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        joined = write.halves_bytes(polib.POFile(), [], lambda part: [], 79)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert joined == b"a" * size + b"\n" + b"b" * size
    assert peak < 1.1 * 3 * size  # the halves, one grown into the text (24 MB here); not a copy besides (40 MB)



CTRL_C_TO_ALL = """
import os, signal, sys
from toolkit.cli import main

armed = [True]

def to_parent():
    if armed:
        armed.clear()
        os.kill(os.getpid(), signal.SIGINT)

def to_child():  # held while forking: it reaches the worker when its pool initializer lets signals through
    os.kill(os.getpid(), signal.SIGINT)

os.register_at_fork(after_in_parent=to_parent, after_in_child=to_child)
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_to_every_process_is_one_line_not_a_traceback_in_each_worker(project):
    """A terminal sends Ctrl-C to the whole process group: each extract worker the stop reached as it started
    printed `Exception in initializer` and a KeyboardInterrupt traceback under the parent's one line."""
    words = " ".join(f"word{i}" for i in range(20_000))
    root = project({f"p{i}.html": f"<html><body><p>Page {i} {words}</p></body></html>" for i in range(10)})
    proc = subprocess.run([sys.executable, "-c", CTRL_C_TO_ALL, "extract", "--root", str(root), "-q", "-j", "2"],
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (130, "l10n: interrupted; finished work was saved\n")
