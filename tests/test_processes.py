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
