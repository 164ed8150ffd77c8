"""End to end in a real browser: headless Debian Chromium (never a downloaded one) driven by
Playwright opens an article served by `onrecord serve`'s app, clicks a speaker, and sees
that person's quotes. Skipped with a reason where Chromium or Playwright is missing.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ONRECORD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Debian chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

ARTICLE = (
    "RIVERTON — The city council voted on Tuesday to close the Harbor Street bridge for repairs.\n"
    '"This bridge is older than most of the people in this room," Mayor Elena Vasquez said after the vote. '
    '"We can fix it now, or wait for it to fail."\n'
    'Councilman David Okafor said the closure would "choke every small business on Front Street."\n'
    'A reader wrote in: <script>alert("pwned")</script>\n'
    '"I\'m not done with this," Okafor said.\n'
)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The web app over a store holding the fixture article, on a loopback port."""
    from typer.testing import CliRunner

    from onrecord.interfaces.cli import app as cli
    from onrecord.web.app import create_app

    root = tmp_path_factory.mktemp("web")
    (root / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    db = root / "store.db"
    res = CliRunner().invoke(cli, ["ingest", str(root / "bridge.txt"), "--db", str(db), "--no-progress",
                                   "--workers", "1"])
    assert res.exit_code == 0, res.output
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_open_article_click_speaker_see_their_quotes(server, tmp_path):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{server}/api/articles") as resp:
        listing = json.load(resp)
    article_id = listing["articles"][0]["id"]
    alerts: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
            page.goto(f"{server}/articles/{article_id}")
            # the untrusted <script> is shown as text, never run
            assert '<script>alert("pwned")</script>' in page.inner_text("#article-text")
            assert alerts == []
            page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
            if os.environ.get("ONRECORD_SCREENSHOT"):
                page.screenshot(path=os.environ["ONRECORD_SCREENSHOT"], full_page=False)
            page.click("#article-text a.spk:has-text('Elena Vasquez')")
            page.wait_for_url("**/people/*")
            assert "Elena Vasquez" in page.inner_text("h1")
            quotes = page.inner_text("#quotes-by")
            assert "This bridge is older than most of the people in this room" in quotes
        finally:
            browser.close()
    assert (tmp_path / "article.png").stat().st_size > 10_000
