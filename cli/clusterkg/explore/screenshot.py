"""Render a map's page to PNG or SVG with headless Chromium (for slides and print).

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no
port, no network): the page opens at the size asked for, the picture is taken once the page
says its map is laid out (``data-stabilized``), not after a guessed delay. An SVG is what the
page itself draws of its map (``clusterkgMap.svg()``): shapes, names, links and legend as
vector graphics, for print at any size.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusterkg import atomic, leftovers
from clusterkg.errors import ClusterKGError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class Size:
    """A picture's size: the page's width and height (CSS pixels) and how many image pixels
    each takes (2 for print: sharp text at 300 dpi on A4)."""

    width: int
    height: int
    scale: float = 1.0

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


SIZES = {
    "projector": Size(1920, 1080),  # full HD, 16:9
    "slide": Size(1280, 720),  # HD, 16:9
    "print": Size(1754, 1240, 2.0),  # A4 landscape at 300 dpi: 3508 x 2480 pixels
}


def parse_size(text: str) -> Size:
    """``projector``, ``slide``, ``print`` or ``WIDTHxHEIGHT`` (pixels)."""
    if text in SIZES:
        return SIZES[text]
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text.strip())
    if not match:
        raise ClusterKGError(
            f"--size {text}: use projector (1920x1080), slide (1280x720), print (A4 at 300 dpi) "
            "or WIDTHxHEIGHT in pixels, e.g. 1600x900"
        )
    width, height = int(match.group(1)), int(match.group(2))
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise ClusterKGError(f"--size {text}: each side between 200 and 8000 pixels")
    return Size(width, height)


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
        "no Chromium found for --png/--svg: install it (Debian: apt-get install chromium) "
        "or set CLUSTERKG_CHROMIUM to its path"
    )


class _DevTools:
    """A headless Chromium spoken to over the DevTools pipe (JSON messages ending in NUL)."""

    def __init__(self, browser: str, profile: str) -> None:
        import fcntl

        reads, self._out = os.pipe()
        self._in, writes = os.pipe()
        # Chromium reads fd 3 and writes fd 4: the child's ends are first moved above any
        # fd the child may have (closed on exec), then put there, the only fds it inherits.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 20) for fd in (reads, writes)]
        os.close(reads)
        os.close(writes)

        def on_fds_3_and_4() -> None:
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.process = subprocess.Popen(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            close_fds=False,  # (every other fd is closed on exec)
            preexec_fn=on_fds_3_and_4,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in ends:
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.session = ""

    def call(self, method: str, params: dict | None = None, timeout: float = 60) -> dict:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self._buffer:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise ClusterKGError(f"Chromium did not answer {method}")
                chunk = os.read(self._in, 1 << 16)
                if not chunk:
                    raise ClusterKGError(f"Chromium closed the pipe during {method}")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise ClusterKGError(f"Chromium: {method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            timeout,
        )
        if "exceptionDetails" in result:
            text = result["exceptionDetails"].get("exception", {}).get("description", "")
            raise ClusterKGError(f"the page failed: {text or result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def close(self) -> None:
        try:
            self.session = ""
            self.call("Browser.close", timeout=5)
        except ClusterKGError:
            pass
        finally:
            for fd in (self._in, self._out):
                with contextlib.suppress(OSError):
                    os.close(fd)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _opened(tools: _DevTools, page: Path, size: Size, wait_s: float) -> None:
    """Open ``page`` in a tab of ``size`` and wait until its map is laid out."""
    targets = tools.call("Target.getTargets")["targetInfos"]
    target = next((t["targetId"] for t in targets if t["type"] == "page"), None)
    if target is None:
        target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    tools.session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    tools.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": size.width, "height": size.height, "deviceScaleFactor": size.scale,
         "mobile": False},
    )  # fmt: skip
    tools.call("Page.enable")
    tools.call("Page.navigate", {"url": page.resolve().as_uri()})
    deadline = time.monotonic() + wait_s
    ready = "document.body !== null && document.body.getAttribute('data-stabilized') === 'true'"
    while not tools.evaluate(ready):
        if time.monotonic() > deadline:
            raise ClusterKGError(f"{page}: the map was not laid out within {wait_s:g} s")
        time.sleep(0.1)
    # two frames: what was laid out is on screen
    tools.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _with_page(page: Path, size: Size, wait_s: float, work) -> Any:
    browser = find_browser()
    with leftovers.scratch_dir("chromium-profile") as profile:  # a killed run's: removed
        try:
            tools = _DevTools(browser, profile)
        except OSError as error:
            raise ClusterKGError(f"{browser} could not start: {error}") from None
        try:
            _opened(tools, page, size, wait_s)
            return work(tools)
        finally:
            tools.close()


def png(page: Path, out: Path, size: Size = SIZES["projector"], wait_s: float = 120) -> Path:
    """Screenshot ``page`` (an HTML map) into ``out`` at ``size``, once its map is laid out."""

    def shoot(tools: _DevTools) -> bytes:
        shot = tools.call("Page.captureScreenshot", {"format": "png"}, timeout=120)
        return base64.b64decode(shot["data"])

    atomic.write_bytes(out, _with_page(page, size, wait_s, shoot))
    return out


def svg(page: Path, out: Path, size: Size = SIZES["projector"], wait_s: float = 120) -> Path:
    """The map of ``page`` as the page draws it in SVG (``clusterkgMap.svg()``) at ``size``."""

    def draw(tools: _DevTools) -> str:
        text = tools.evaluate("window.clusterkgMap.svg()", timeout=120)
        if not isinstance(text, str) or not text.startswith("<svg"):
            raise ClusterKGError(f"{page}: the page drew no SVG")
        return text

    text = _with_page(page, size, wait_s, draw)
    atomic.write_bytes(out, ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode())
    return out
