"""Look at the built pages as a person would: headless Chromium screenshots (skipped without it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from toolkit.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1100,1400"]


def screenshot(page, out, profile):
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return Image.open(out).convert("L")


def ink(img) -> float:
    """Share of pixels that are not near-white: text, rules and panels."""
    hist = img.histogram()
    return 1 - sum(hist[235:]) / sum(hist)


def test_built_pages_render_with_their_translations(sample_project, tmp_path):
    assert main(["run", "--root", str(sample_project), "-q", "--engine", "none"]) == 0
    rel = "esa/international_cooperation.html"
    source = screenshot(sample_project / "source_html" / rel, tmp_path / "en.png", tmp_path / "p0")
    for i, loc in enumerate(["ko", "zh_TW", "zh_CN", "ja"], 1):
        shot = screenshot(sample_project / "build" / loc / rel, tmp_path / f"{loc}.png", tmp_path / f"p{i}")
        assert shot.size == source.size
        assert 0.05 < ink(shot) < 0.6, loc  # a laid-out page, neither blank nor a wall of boxes
        diff = sum(ImageChops.difference(shot, source).histogram()[41:])  # pixels that changed a lot
        assert diff > 0.01 * shot.size[0] * shot.size[1], f"{loc} page looks like the English one"


def test_pseudo_localised_preview_renders(sample_project, tmp_path):
    root = str(sample_project)
    assert main(["init", "--root", root, "-q", "-l", "de"]) == 0
    assert main(["translate", "--root", root, "-q", "-l", "de", "--engine", "pseudo"]) == 0
    assert main(["build", "--root", root, "-q", "-l", "de", "--include-fuzzy", "-o", str(tmp_path / "pv")]) == 0
    rel = "soyuz-at-csg.html"
    source = screenshot(sample_project / "source_html" / rel, tmp_path / "en.png", tmp_path / "q0")
    shot = screenshot(tmp_path / "pv" / "de" / rel, tmp_path / "de.png", tmp_path / "q1")
    assert 0.05 < ink(shot) < 0.6
    assert sum(ImageChops.difference(shot, source).histogram()[41:]) > 0.01 * shot.size[0] * shot.size[1]


def test_a_built_nested_page_has_its_stylesheet(tmp_path):
    """build/ko/about/team.html, two folders deep, still finds ../css/site.css: the page is green."""
    import shutil as sh
    from pathlib import Path

    site = Path(__file__).resolve().parent / "sites" / "small"
    root = tmp_path / "small"
    sh.copytree(site, root, ignore=sh.ignore_patterns("build", "locales"))
    for cmd in (["extract"], ["init"], ["translate", "--engine", "pseudo"], ["build", "--include-fuzzy"]):
        assert main([*cmd, "--root", str(root), "-q"]) == 0
    shot = subprocess.run([CHROMIUM, *FLAGS[:-1], "--window-size=800,600", f"--user-data-dir={tmp_path / 'p'}",
                           f"--screenshot={tmp_path / 'ko.png'}",
                           (root / "build" / "ko" / "about" / "team.html").as_uri()],
                          check=True, capture_output=True, timeout=120)
    assert shot.returncode == 0
    img = Image.open(tmp_path / "ko.png").convert("RGB")
    colours = dict((rgb, n) for n, rgb in img.getcolors(maxcolors=1 << 20))
    assert colours.get((10, 125, 59), 0) > 0.5 * img.size[0] * img.size[1]  # the stylesheet's background
    assert colours.get((30, 30, 200), 0) > 0.9 * 160 * 80  # ../../img/team.png, scaled to 160x80
    assert img.getpixel((790, 590)) == (10, 125, 59)
    sh.copy(tmp_path / "ko.png", tmp_path.parent / "nested-ko.png")  # kept for a person to look at


def test_the_sample_language_bar_is_readable(sample_project, tmp_path):
    """ESA's language bar: white labels on the dark-blue band (they were dark blue on dark blue)."""
    assert main(["build", "--root", str(sample_project), "-q"]) == 0
    page = sample_project / "build" / "ko" / "esa" / "international_cooperation.html"
    subprocess.run([CHROMIUM, *FLAGS[:-1], "--window-size=1100,300", f"--user-data-dir={tmp_path / 'p'}",
                    f"--screenshot={tmp_path / 'bar.png'}", page.as_uri()], check=True, capture_output=True, timeout=120)
    band = Image.open(tmp_path / "bar.png").convert("RGB").crop((700, 2, 935, 16))  # the bar's right end
    colours = {rgb: n for n, rgb in band.getcolors(maxcolors=1 << 16)}
    dark_blue = sum(n for (r, g, b), n in colours.items() if r < 20 and 40 < g < 70 and 80 < b < 120)
    light = sum(n for (r, g, b), n in colours.items() if min(r, g, b) > 180)
    assert dark_blue > 0.5 * band.size[0] * band.size[1] and light > 60, (dark_blue, light)


XHTML = """<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head><meta http-equiv="Content-Type" content="application/xhtml+xml; charset=iso-8859-1" />
<meta property="og:locale" content="en_GB" /><title>Caf\xe9 prices</title></head>
<body><p>Tea for <b>two</b>, please.</p><p><img src="cup.png" alt="A cup" /></p></body>
</html>
"""


def test_a_built_xhtml_page_is_well_formed_xml_in_a_browser(project, tmp_path):
    """Chromium parses .xhtml as XML: one tag the build adds unclosed, or an &nbsp;, and it shows an error page."""
    import xml.etree.ElementTree as ET

    root = project({"menu.xhtml": XHTML.encode("iso-8859-1")}, locales=["ko"])
    (root / "babel.cfg").write_text("[html: source_html/**.xhtml]\n", "utf-8")
    for cmd in (["extract"], ["init"]):
        assert main([*cmd, "--root", str(root), "-q"]) == 0
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text("utf-8").replace('msgid "Tea for <b>two</b>, please."\nmsgstr ""',
                                                'msgid "Tea for <b>two</b>, please."\nmsgstr "<b>둘</b>\u00a0차"'),
                  "utf-8")
    assert main(["build", "--root", str(root), "-q"]) == 0
    for built in (root / "build" / "menu.xhtml", root / "build" / "ko" / "menu.xhtml"):
        text = built.read_text("utf-8")
        ET.fromstring(text.split("\n", 2)[2])  # well-formed (after the prolog and doctype)
        assert 'content="application/xhtml+xml; charset=utf-8"' in text and "&nbsp;" not in text
        dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / built.parent.name}", "--dump-dom",
                              built.as_uri()], check=True, capture_output=True, text=True, timeout=120).stdout
        assert "parsererror" not in dom and "error on line" not in dom, dom[:500]
        assert "Café prices" in dom or "Caf" in dom
    assert "<b>둘</b>&#160;차" in (root / "build" / "ko" / "menu.xhtml").read_text("utf-8")
