"""Speed and memory at site scale: what start-up imports, the collector settings, the streamed template.

The numbers themselves are measured by hand (see docs/ARCHITECTURE.md, Scale); these tests keep
the mechanisms in place.
"""

from __future__ import annotations

import subprocess
import sys

import polib

from toolkit.catalog.write import catalog_bytes
from toolkit.extract import Template, build_template

HEAVY = ("babel", "polib", "rapidfuzz", "requests", "deep_translator", "toolkit.mt", "toolkit.catalog",
         "toolkit.config", "filelock", "logging", "typing")


def test_help_imports_no_core_module():
    code = ("import sys; sys.argv = ['l10n', '--help']\n"
            "from toolkit.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({HEAVY!r})))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: l10n" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_subcommand_help_still_lists_the_engines():
    r = subprocess.run([sys.executable, "-m", "toolkit", "translate", "--help"], capture_output=True, text=True,
                       check=True)
    assert "one of google, mymemory" in " ".join(r.stdout.split())


def test_the_program_collects_garbage_less_often(project):
    root = project({"a.html": "<p>Hello there.</p>"})
    code = ("import gc, sys\nfrom toolkit.cli import main\n"
            f"sys.argv = ['l10n', '--root', {str(root)!r}, 'extract', '-q']\n"
            "assert main() == 0\nprint(gc.get_threshold())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "(100000, 50, 100)"


def test_main_called_in_process_leaves_the_collector_alone(project):
    import gc

    from toolkit.cli import main

    before = gc.get_threshold()
    assert main(["--root", str(project({"a.html": "<p>Hello there.</p>"})), "extract", "-q"]) == 0
    assert gc.get_threshold() == before


def test_streamed_template_bytes_equal_the_polib_template():
    pages = [(f"p{n}.html", [(None, "Home", 3, []), ("menu", "Home", 4, ["<a title>"]),
                             (None, f"Page {n} text", 9, ["Only for locales: ko", "note\nwith two lines"])])
             for n in range(40)]
    header = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"}
    template = Template(header)
    for rel, messages in pages:
        template.add(rel, messages)
    pot = build_template(pages, header)
    assert template.data() == catalog_bytes(pot)
    assert len(template) == len(pot) == 42
    home = pot.find("Home")
    assert home is not None and len(home.occurrences) == 40 and home.occurrences[0] == ("p0.html", "3")
    assert polib.pofile(template.data().decode()).find("Page 3 text").comment == \
        "Only for locales: ko\nnote\nwith two lines"


def test_a_build_imports_no_http_or_mail_package(project):
    """The sitemap's escaping came from xml.sax.saxutils, which imports urllib.request and the email package: 16 ms
    of every build's start (a one-page rebuild went 5% slower)."""
    from toolkit.cli import main

    root = project({"a.html": "<p>Hello there.</p>"}, ["ko"])
    assert main(["--root", str(root), "extract", "-q"]) == 0
    assert main(["--root", str(root), "init", "-q"]) == 0
    code = ("import sys\nfrom toolkit.cli import main\n"
            f"assert main(['--root', {str(root)!r}, 'build', '-q']) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('email', 'http', 'xml') "
            "or m == 'urllib.request'))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]", r.stdout
