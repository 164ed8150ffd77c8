"""The web app and HTTP API (`onrecord.web`) with FastAPI's TestClient over a small store:
every page and API route, the errors (404, 413, 4xx JSON, read-only refusal), escaping of
a hostile article, security headers, and schemathesis against the OpenAPI spec."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from onrecord.interfaces.cli import app as cli  # noqa: E402
from onrecord.web import create_app  # noqa: E402

SCRIPT = '<script>alert("pwned")</script>'

HOSTILE = (
    "Mayor John Smith presented the city budget on Monday, September 4, 2023.\n"
    "\"We will not raise taxes this year,\" Smith said. \"The books are balanced.\"\n"
    f"Councilwoman Ana Lopez said the plan would hurt the harbor. \"Smith has failed the harbor district {SCRIPT} again,\" Lopez said.\n"
    "Smith opened the harbor bridge on March 3, 2021.\n"
    "Smith told reporters that the harbor would reopen in May.\n"
)

CLINIC = (
    "Hugh Hill, a doctor at the county clinic, said the waiting room had been full since dawn on Tuesday, May 7, 2024.\n"
    "\"We are doing our best,\" Hill said. \"Nobody will be turned away.\"\n"
    "Ana Lopez, 52, said the council would fund two more nurses.\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    (root / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "clinic.txt").write_text(CLINIC, encoding="utf-8")
    db = root / "web.db"
    res = CliRunner().invoke(cli, ["ingest", str(root / "hostile.txt"), str(root / "clinic.txt"), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["added"] == 2
    return db


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store, max_body=50_000))


@pytest.fixture(scope="module")
def ids(client) -> dict:
    arts = client.get("/api/articles").json()["articles"]
    by_key = {a["key"]: a["id"] for a in arts}
    smith = client.get("/api/people", params={"name": "John Smith"}).json()["people"][0]["id"]
    return {"hostile": by_key["hostile"], "clinic": by_key["clinic"], "smith": smith}


def _no_script(text: str) -> None:
    assert SCRIPT not in text
    assert "<script" not in text.lower()


def test_home(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "Recent articles" in r.text and "Most quoted" in r.text and "John Smith" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    _no_script(r.text)


def test_article_page_highlights_and_escapes(client, ids):
    r = client.get(f"/articles/{ids['hostile']}")
    assert r.status_code == 200
    _no_script(r.text)
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in r.text or "&lt;script&gt;" in r.text
    for cls in ('class="src', 'class="cue', 'class="cnt'):
        assert cls in r.text
    assert f'href="/people/{ids["smith"]}"' in r.text  # speaker label links to the person
    assert "Timeline" in r.text and "2021-03-03" in r.text
    assert client.get("/static/style.css").status_code == 200


def test_person_page(client, ids):
    r = client.get(f"/people/{ids['smith']}")
    assert r.status_code == 200
    assert "Quotes by John Smith" in r.text and "We will not raise taxes" in r.text
    assert f"/articles/{ids['hostile']}" in r.text
    _no_script(r.text)


def test_search_page(client):
    r = client.get("/search", params={"q": "taxes"})
    assert r.status_code == 200 and "<mark>" in r.text
    r = client.get("/search", params={"q": "pwned"})
    assert r.status_code == 200
    _no_script(r.text)
    assert client.get("/search").status_code == 200
    assert client.get("/search", params={"q": '"'}).status_code == 400


def test_analyze_page(client):
    assert 'name="text"' in client.get("/analyze").text
    r = client.post("/analyze", data={"text": f'"The {SCRIPT} roads are fine," John Smith said.', "date": "2024-01-02"})
    assert r.status_code == 200 and "Pasted text" in r.text
    _no_script(r.text)
    assert client.post("/analyze", data={"text": "  "}).status_code == 422


def test_api_articles(client, ids):
    r = client.get("/api/articles", params={"limit": 1, "offset": 1})
    body = r.json()
    assert r.status_code == 200 and body["total"] == 2 and len(body["articles"]) == 1
    full = client.get(f"/api/articles/{ids['hostile']}").json()
    assert full["text"] == HOSTILE and SCRIPT in full["text"]  # JSON carries the text as it is
    assert set(full) >= {"id", "attributions", "entities", "events", "repeated_paragraphs", "reference_date"}
    assert any(a["speaker"] == "John Smith" for a in full["attributions"])
    assert all("text" in a for a in full["attributions"])


def test_api_quotes_people_timeline(client, ids):
    q = client.get("/api/quotes", params={"speaker": "john smith"}).json()
    assert len(q["quotes"]) >= 2 and q["matched"]["speaker"][0]["name"] == "John Smith"
    page2 = client.get("/api/quotes", params={"speaker": "john smith", "limit": 1, "offset": 1}).json()
    assert page2["quotes"] == q["quotes"][1:2]
    assert client.get("/api/quotes", params={"q": "taxes"}).json()["quotes"]
    assert client.get("/api/quotes", params={"since": "2030"}).json()["quotes"] == []
    people = client.get("/api/people").json()["people"]
    assert {"John Smith", "Ana Lopez", "Hugh Hill"} <= {p["name"] for p in people}
    p = client.get(f"/api/people/{ids['smith']}").json()
    assert p["name"] == "John Smith" and p["quotes"] >= 2
    tl = client.get("/api/timeline", params={"person": "Smith"}).json()
    assert [e["date"] for e in tl["events"]] == sorted(e["date"] for e in tl["events"]) and tl["events"]


def test_api_analyze(client):
    r = client.post("/api/analyze", json={"text": CLINIC, "date": "2024-05-07"})
    assert r.status_code == 200
    art = r.json()
    assert art["attributions"] and any(a["speaker"] == "Hugh Hill" for a in art["attributions"])
    assert client.post("/api/analyze", json={"text": "x", "date": "not a date"}).status_code == 422
    assert client.post("/api/analyze", json={}).status_code == 422


@pytest.mark.parametrize("path", ["/api/articles/nope", "/api/people/999999", "/api/people/99999999999999999999999",
                                  "/articles/nope", "/people/999999", "/nowhere"])
def test_not_found(client, path):
    r = client.get(path)
    assert r.status_code == 404
    if path.startswith("/api"):
        assert r.json()["status"] == 404


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": "x"}, {"offset": -1}, {"limit": 10**30}])
def test_bad_parameters_are_4xx_json(client, params):
    for path in ("/api/articles", "/api/quotes", "/api/people"):
        r = client.get(path, params=params)
        assert 400 <= r.status_code < 500 and "error" in r.json()


def test_bad_query_values(client):
    r = client.get("/api/quotes", params={"since": "yesterday-ish"})
    assert r.status_code == 422 and r.json()["error"].startswith("since 'yesterday-ish': not a date")
    for name, value in (("since", "2023-13-45"), ("until", "2023-02-30"), ("since", "2023-9")):
        r = client.get("/api/quotes", params={name: value})
        assert r.status_code == 422, (name, value)
        assert r.json()["error"] == f"{name} {value!r}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
    assert client.get("/api/quotes", params={"q": "!!!"}).status_code == 400
    assert client.get("/api/timeline").status_code == 422
    assert client.get("/api/people/abc").status_code == 422


def test_body_cap(client):
    r = client.post("/api/analyze", json={"text": "a" * 60_000})
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b"a" * 10_000

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_read_only_refuses_ingest(client, store):
    r = client.post("/api/articles", json={"text": CLINIC})
    assert r.status_code == 403 and "read-only" in r.json()["error"]


def test_allow_ingest(tmp_path, store):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(store, db)
    c = TestClient(create_app(db, allow_ingest=True))
    text = '"The ferry will run all winter," harbor master Olu Ade said on Friday.\n'
    r = c.post("/api/articles", json={"text": text, "title": "Ferry"})
    assert r.status_code == 201 and r.json()["added"]
    assert c.get("/api/articles").json()["total"] == 3
    assert c.post("/api/articles", json={"text": text}).json()["added"] is False


def test_openapi(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/people", "/api/people/{person_id}",
            "/api/timeline", "/api/analyze"} <= set(spec["paths"])


def test_serve_without_store(tmp_path):
    res = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert res.stderr.strip().startswith("onrecord: error:") and len(res.stderr.strip().splitlines()) == 1


def test_schemathesis_no_server_errors(store, tmp_path):
    """Every operation of the OpenAPI schema, with valid and invalid requests: never a 5xx.
    The POST operations run spaCy, so they get fewer examples; POST /api/articles writes
    into a copy of the store served with --allow-ingest."""
    import shutil

    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.generation import GenerationMode

    db = tmp_path / "fuzz.db"
    shutil.copy(store, db)
    app = create_app(db, allow_ingest=True, max_body=50_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures = []
    calls: dict[str, list[int]] = {}
    for op in schema.get_all_operations():
        operation = op.ok()
        name = f"{operation.method.upper()} {operation.path}"
        calls[name] = []
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            examples = 8 if operation.method.upper() == "POST" else 25

            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                r = case.call()
                calls[name].append(r.status_code)
                if r.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:80]}: "
                                    f"{r.status_code}")
                elif r.status_code >= 400:
                    ctype = r.headers.get("content-type") or [""]
                    ctype = ctype[0] if isinstance(ctype, list) else ctype
                    assert ctype.startswith("application/json"), (name, r.status_code, ctype)

            try:
                check()
            except Unsatisfiable:  # nothing invalid to send (e.g. a free-form string in the path)
                assert mode is GenerationMode.NEGATIVE, name
    assert set(calls) >= {"GET /api/articles", "GET /api/articles/{article_id}", "POST /api/articles",
                          "GET /api/quotes", "GET /api/people", "GET /api/people/{person_id}", "GET /api/timeline",
                          "POST /api/analyze"}, sorted(calls)
    assert all(calls.values()), {k: len(v) for k, v in calls.items()}
    assert sum(map(len, calls.values())) >= 80, f"schemathesis sent only {sum(map(len, calls.values()))} requests"
    print("schemathesis:", {k: len(v) for k, v in calls.items()}, "statuses:",
          sorted({c for v in calls.values() for c in v}))
    assert not failures, failures
