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
