"""The web app's acceptance check: a store holding the seed article and a hostile article.
Skipped with a reason when ../shared is absent."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from onrecord.interfaces.cli import app as cli  # noqa: E402
from onrecord.web import create_app  # noqa: E402

HOSTILE = ('A reader wrote in: <script>alert("pwned")</script>\n'
           '"This is not a drill," said Dana Whitfield, the site editor.\n')


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from pathlib import Path

    shared = Path(__file__).resolve().parents[1].parent / "shared"
    seed = shared / "seed" / "article.txt"
    if not seed.is_file():
        pytest.skip(f"../shared not present: no {seed}")
    root = tmp_path_factory.mktemp("seedweb")
    (root / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = root / "store.db"
    res = CliRunner().invoke(cli, ["ingest", str(seed), str(root / "hostile.txt"), "--db", str(db), "--no-progress",
                                   "--workers", "1"])
    assert res.exit_code == 0, res.output
    return TestClient(create_app(db)), seed.read_text(encoding="utf-8")


def test_seed_store_pages_and_api(client):
    c, seed_text = client
    home = c.get("/")
    assert home.status_code == 200
    arts = c.get("/api/articles").json()["articles"]
    assert len(arts) == 2
    quotes = c.get("/api/quotes", params={"speaker": "Mila Kunis"}).json()["quotes"]
    assert len(quotes) >= 4
    for a in arts:
        page = c.get(f"/articles/{a['id']}")
        assert page.status_code == 200
        assert "<script>alert" not in page.text  # shown as text, escaped
    analysed = c.post("/api/analyze", json={"text": seed_text}).json()
    assert len(analysed["attributions"]) >= 15
