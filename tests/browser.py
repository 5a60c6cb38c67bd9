"""Shared set-up for the tests that drive a real browser.

The kit's browser tests use Debian's ``chromium`` through Playwright (never
Playwright's own browser download). On a contributor's machine without
chromium they are skipped with the reason; where ``KOREA_KIT_BROWSER_TESTS``
is ``required`` (as ``.ci/run`` sets it) a missing browser fails them instead.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"

#: Where browser tests save their screenshots (kept out of git).
ARTIFACTS = ROOT / "test-artifacts"

# Without the background-networking flags chromium keeps trying to reach
# Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser() -> None:
    """Skip (or, where required, fail) the calling test when chromium or Playwright is missing."""
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if not missing:
        return
    reason = "browser tests need " + " and ".join(missing)
    if os.environ.get("KOREA_KIT_BROWSER_TESTS") == "required":
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.contextmanager
def chromium():
    """A headless chromium browser (Playwright), closed afterwards."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def artifact(name: str) -> Path:
    """A path under ``test-artifacts/`` for a screenshot or report."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on, for a test's own server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
