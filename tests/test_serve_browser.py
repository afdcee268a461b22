"""minutes serve in a real headless Chromium: search a word, see the hit highlighted.

The server is the real command in a subprocess, on a free loopback port; the
browser is Debian's chromium driven by Playwright (tests/browser.py). The
screenshot goes to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from browser import chromium_page
from conftest import ROOT
from invented_output import invented_output

ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"minutes serve exited with {server.returncode}: {server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"minutes serve did not answer on {url} within {timeout:.0f} s")


def test_search_page_shows_the_hit_highlighted() -> None:
    out = invented_output()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", str(out), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/minutes", server)
        ARTIFACTS.mkdir(exist_ok=True)
        with chromium_page() as page:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"{base}/minutes/search")
            page.fill("input[name=term]", "ecole")
            page.click("input[type=submit]")
            page.wait_for_selector("mark.hit")
            page.screenshot(path=str(ARTIFACTS / "serve-search.png"), full_page=True)
            hits = page.locator("mark.hit").all_inner_texts()
            assert hits == ["école", "école", "école"]
            links = page.locator("td a", has_text="review").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert len(links) == 3 and all(link.startswith("/review/") and ".html#" in link for link in links)
            assert "Claire MARTIN" in page.inner_text("table")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert f"http://127.0.0.1:{port}/minutes" in server.stdout.read()
