"""Open pages in a real headless Chromium (Debian's), with the network disabled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def chromium_path() -> str:
    """Debian's chromium; the test is skipped when it is missing (fails in CI)."""
    from helpers import need

    return need("chromium", "chromium", "chromium-browser", "google-chrome")


@dataclass
class Visit:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def open_offline(path: Path, viewport: tuple[int, int] = (1400, 900)) -> Iterator[Visit]:
    """Open ``path`` in headless Chromium, offline, in a window of ``viewport`` (width,
    height) pixels; record requests and console errors."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            offline=True, viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        visit = Visit(page)
        page.on("request", lambda r: visit.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and visit.errors.append(m.text))
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("dialog", lambda d: (visit.errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(path.resolve().as_uri())
        try:
            yield visit
        finally:
            browser.close()


def wait_until(page, expression: str, timeout: float = 60.0, interval: float = 0.05) -> float:
    """Poll ``expression`` in the page until it is truthy; return the seconds waited.

    (Playwright's wait_for_function compiles its predicate with ``new Function``, which the
    map's Content-Security-Policy forbids; ``evaluate`` goes through the DevTools protocol.)
    """
    import time

    started = time.perf_counter()
    while not page.evaluate(expression):
        if time.perf_counter() - started > timeout:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {expression}")
        time.sleep(interval)
    return time.perf_counter() - started
