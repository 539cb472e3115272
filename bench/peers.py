"""Install the peer tools for side-by-side runs: translate-toolkit in its own venv (not our dependency)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PEERS = OUT / "peers-venv"


def translate_toolkit_bin(name: str) -> Path:
    """Path to a translate-toolkit command (html2po, po2html), installing it on first use."""
    exe = PEERS / "bin" / name
    if not exe.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(PEERS / "bin" / "pip"), "install", "-q", "translate-toolkit"], check=True)
    return exe


def gnu(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found: install GNU gettext (apt-get install gettext)")
    return path

