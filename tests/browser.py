"""Drive Debian's headless Chromium over a folder served on 127.0.0.1, for browser tests.

Shared by every target whose package runs in a browser (html, SCORM).  Typical use::

    from browser import chromium, open_page, serve

    def test_site(tmp_path):
        site = unpack(zip_bytes, tmp_path)          # any folder of files
        with serve(site) as base_url, chromium() as browser:
            page, log = open_page(browser, base_url, "index.html")
            ...
            assert log.problems() == []

``open_page`` records console errors, uncaught exceptions, failed requests and
every request that leaves the served origin (those are also aborted, so a test
never reaches the internet).  Chromium is the system one at ``/usr/bin/chromium``
driven by Playwright for Python; ``playwright install`` is never needed.
"""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


RECORD_EVENTS = """
window.__lmsexportEvents = [];
for (const name of ["lmsexport:lesson-end", "lmsexport:quiz-submitted", "lmsexport:answer-changed"]) {
  document.addEventListener(name, (event) => window.__lmsexportEvents.push({name, detail: event.detail}));
}
"""
"""An ``init_script`` that records the page events of docs/page-events.md in
``window.__lmsexportEvents``; read them with :func:`recorded_events`."""


def recorded_events(page: Page, name: str) -> list[Any]:
    """The ``detail`` of every recorded event called ``name``, oldest first."""
    events: list[dict[str, Any]] = page.evaluate("window.__lmsexportEvents")
    return [event["detail"] for event in events if event["name"] == name]


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request in the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless system Chromium, closed on exit."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What went wrong while a page ran; ``problems()`` is empty for a clean page."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"uncaught exception: {text}" for text in self.page_errors),
            *(f"failed request: {url}" for url in self.failed_requests),
            *(f"request outside the site: {url}" for url in self.outside_requests),
        ]


def open_page(
    browser: Browser,
    base_url: str,
    path: str,
    init_script: str = "",
    viewport: tuple[int, int] = (1280, 720),
) -> tuple[Page, PageLog]:
    """Open ``base_url + path`` in a fresh context and start recording into a :class:`PageLog`.

    Each call gets its own browser context (own storage), so tests do not leak
    progress or saved answers into one another.  Requests outside ``base_url``
    (other than ``data:``) are logged and aborted.  ``init_script`` runs in every
    document before the page's own scripts (e.g. to add event listeners early,
    see :data:`RECORD_EVENTS`).  ``viewport`` is ``(width, height)`` in CSS pixels.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    log = PageLog()

    def guard(route: Route, request: Request) -> None:
        if request.url.startswith(base_url) or request.url.startswith("data:"):
            route.continue_()
        else:
            log.outside_requests.append(request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append(message.text)

    def on_failed(request: Request) -> None:
        if request.url.startswith(base_url):
            log.failed_requests.append(request.url)

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.url} ({response.status})")

    context.route("**/*", guard)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.goto(base_url + path)
    return page, log


def unpack(archive: bytes, folder: Path) -> Path:
    """Extract zip bytes into ``folder`` (created if needed) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        zipped.extractall(folder)
    return folder
