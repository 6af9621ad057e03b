"""Render an HTML page to PNG with headless Chromium (for slides)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from clusterkg import atomic, leftovers
from clusterkg.errors import ClusterKGError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str:
    """Path of a Chromium-family browser: ``$CLUSTERKG_CHROMIUM`` or the first on PATH."""
    chosen = os.environ.get("CLUSTERKG_CHROMIUM")
    if chosen:
        return chosen
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise ClusterKGError(
        "no Chromium found for --png: install it (Debian: apt-get install chromium) "
        "or set CLUSTERKG_CHROMIUM to its path"
    )


def png(page: Path, out: Path, width: int = 1600, height: int = 1000, wait_ms: int = 8000) -> Path:
    """Screenshot ``page`` (an HTML file) into ``out``, after its scripts ran ``wait_ms``."""
    browser = find_browser()
    with leftovers.scratch_dir("chromium-profile") as profile:  # a killed run's: removed
        shot = Path(profile) / "shot.png"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--virtual-time-budget={wait_ms}",
            f"--screenshot={shot}",
            page.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired as error:
            raise ClusterKGError(f"{browser} took too long to render {page}") from error
        if done.returncode != 0 or not shot.exists():
            tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise ClusterKGError(f"{browser} could not render {page}: {tail[0]}")
        atomic.write_bytes(out, shot.read_bytes())
    return out
