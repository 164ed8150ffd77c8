"""The web app and HTTP API over a store: server-rendered pages and a JSON API.

    app = create_app("onrecord.db")                 # read-only
    app = create_app("onrecord.db", allow_ingest=True)   # also POST /api/articles

Pages: ``/``, ``/articles/{id}``, ``/people/{id}``, ``/search?q=``, ``/analyze``. API under
``/api`` (OpenAPI at ``/openapi.json``). Safe by default: article text is always escaped,
a Content-Security-Policy forbids anything not served from here, request bodies are capped
(413), the store is opened read-only, and bad parameters give 4xx JSON, never a 500.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..model import Article
from ..reading.dates import DateParamError, iso_date_param
from ..store import articles as arts
from ..store import queries as Q
from ..store.db import Store
from .highlight import render_article

HERE = Path(__file__).resolve().parent
MAX_TEXT = 200_000

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


# -- response models ------------------------------------------------------------------

class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ArticleSummary(_Open):
    id: str
    key: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    syndicated_of: Optional[str] = None
    attributions: int
    chars: int


class ArticleList(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class AttributionOut(_Open):
    content: list[list[int]]
    source: list[list[int]]
    cue: list[list[int]]
    speaker: Optional[str] = None
    speaker_type: str
    kind: str
    nested_in: Optional[int] = None
    confidence: float


class ArticleOut(_Open):
    """The full analysis: the shape of `onrecord analyze --format json`."""
    id: str
    text: str
    date: Optional[str] = None
    reference_date: Optional[str] = None
    reference_inferred: bool = False
    model: Optional[str] = None
    attributions: list[AttributionOut]
    repeated_paragraphs: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    events: list[dict[str, Any]]


class QuoteOut(_Open):
    article_id: str
    idx: int
    speaker: Optional[str] = None
    speaker_type: str
    kind: str
    quote: str


class QuoteList(BaseModel):
    limit: int
    offset: int
    matched: dict[str, list[dict[str, Any]]]
    quotes: list[QuoteOut]


class PersonSummary(_Open):
    id: int
    name: str
    type: str
    aliases: list[str]
    articles: int
    quotes: int


class PeopleList(BaseModel):
    limit: int
    offset: int
    people: list[PersonSummary]


class PersonOut(_Open):
    id: int
    name: str
    type: str
    aliases: list[str]
    quotes: int
    quoted_about: int


class TimelineOut(BaseModel):
    matched: list[dict[str, Any]]
    events: list[dict[str, Any]]


DATE_HELP = "published {} this date: YYYY, YYYY-MM or YYYY-MM-DD (a real date; anything else is a 422)"


class AnalyzeIn(BaseModel):
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    date: Optional[str] = Field(None, max_length=40, description="publication date: YYYY, YYYY-MM or YYYY-MM-DD")


class IngestIn(AnalyzeIn):
    title: Optional[str] = Field(None, max_length=500)
    url: Optional[str] = Field(None, max_length=2000)


class IngestOut(BaseModel):
    id: str
    added: bool
    attributions: int


class ErrorOut(BaseModel):
    error: str
    status: int


ERRORS = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 413: {"model": ErrorOut}, 422: {"model": ErrorOut}}


# -- middleware -----------------------------------------------------------------------

class LimitsAndHeaders:
    """Caps request bodies (413 beyond `max_body`) and adds the security headers."""

    def __init__(self, app, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        too_big = _error_response(413, f"request body too large (the limit is {self.max_body} bytes)")
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0
        if declared > self.max_body:
            return await too_big(scope, receive, self._send(send))
        seen = 0
        state = {"started": False, "rejected": False}
        out = self._send(send)

        async def capped_receive():
            nonlocal seen
            if state["rejected"]:
                return {"type": "http.disconnect"}
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    state["rejected"] = True
                    if not state["started"]:
                        state["started"] = True
                        await too_big(scope, receive, out)
                    return {"type": "http.disconnect"}
            return msg

        async def tracking_send(msg):
            if state["rejected"]:
                return  # the 413 went out already
            if msg["type"] == "http.response.start":
                state["started"] = True
            await out(msg)

        await self.app(scope, capped_receive, tracking_send)

    @staticmethod
    def _send(send):
        async def wrapped(msg):
            if msg["type"] == "http.response.start":
                h = list(msg.get("headers") or [])
                h += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                      (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                msg = {**msg, "headers": h}
            await send(msg)
        return wrapped


def _error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


# -- the app --------------------------------------------------------------------------

def _readonly(path: str) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=60)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA busy_timeout = 60000")
    return conn


def create_app(db_path: str | os.PathLike, allow_ingest: bool = False, max_body: int = 1_000_000) -> FastAPI:
    """The app over the store `db_path` (which must exist: `StoreError` otherwise)."""
    db_path = os.fspath(db_path)
    Store.open(db_path, create=False)  # checks it is a store of this version
    app = FastAPI(title="onrecord", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Who said what, about whom, and when: the quotes, people and timelines of a store.")
    app.state.allow_ingest = allow_ingest
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def db() -> Iterator[sqlite3.Connection]:
        conn = _readonly(db_path)
        try:
            yield conn
        finally:
            conn.close()

    def page(request: Request, name: str, code: int = 200, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"allow_ingest": allow_ingest, **ctx}, status_code=code)

    # -- errors ---------------------------------------------------------------------

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if _is_api(request) or request.method != "GET":
            resp = _error_response(exc.status_code, msg)
        else:
            resp = page(request, "error.html", exc.status_code, status=exc.status_code, message=msg)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
        return _error_response(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Q.QueryError)
    async def query_error(request: Request, exc: Q.QueryError):
        return _error_response(400, str(exc))

    @app.exception_handler(sqlite3.Error)
    async def store_error(request: Request, exc: sqlite3.Error):
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).replace("-", "").lower():
            return _error_response(403, "the store is read-only here")
        return _error_response(400, f"the store could not answer: {type(exc).__name__}")

    # -- helpers --------------------------------------------------------------------

    def get_article(conn, article_id: str) -> Article:
        art = arts.load_article(conn, article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return art

    def get_person(conn, person_id: int) -> dict:
        ref = arts.person_by_id(conn, person_id) if 1 <= person_id < 2**62 else None
        if ref is None:
            raise HTTPException(404, f"no person {person_id}")
        found = [p for p in Q.person(conn, ref["name"], quotes_shown=1000) if p["id"] == ref["id"]]
        if not found:  # pragma: no cover - the name always finds its own row
            raise HTTPException(404, f"no person {person_id}")
        return found[0]

    def date_param(value: str | None, name: str) -> str | None:
        """A date parameter as a real ISO date (YYYY, YYYY-MM, YYYY-MM-DD), else 422 naming it."""
        try:
            return iso_date_param(value, name)
        except DateParamError as exc:
            raise HTTPException(422, str(exc)) from None

    def analyze_text(text: str, date: str | None) -> Article:
        from ..analysis import default_analyzer

        if not text.strip():
            raise HTTPException(422, "text: nothing to analyse (empty)")
        iso = date_param(date, "date") if date else None
        return default_analyzer().analyze(text, doc_id="pasted", date=iso)

    def links_by_name(conn, article: Article) -> dict[int, list[dict]]:
        out: dict[int, list[dict]] = {}
        for i, a in enumerate(article.attributions):
            if a.speaker and a.speaker_type not in ("anonymous", "anonymous-group"):
                found = Q.find_people(conn, a.speaker)
                if found:
                    out[i] = found[:1]
        return out

    def article_view(request: Request, conn, article: Article, meta: dict | None, links, ent_links) -> HTMLResponse:
        people = [{"entity": e, "person_id": ent_links.get(i)} for i, e in enumerate(article.entities)]
        people.sort(key=lambda p: (-p["entity"].quote_count, p["entity"].name))
        return page(request, "article.html", article=article, meta=meta, html=render_article(article, links),
                    people=people, links=links)

    # -- pages ----------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, conn=Depends(db)):
        return page(request, "home.html", stats=Q.stats(conn), recent=arts.list_articles(conn, limit=15)["articles"],
                    people=Q.people(conn, limit=15))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, conn=Depends(db)):
        art = get_article(conn, article_id)
        return article_view(request, conn, art, arts.article_meta(conn, article_id),
                            arts.speaker_links(conn, article_id), arts.entity_links(conn, article_id))

    @app.get("/people/{person_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, person_id: int, conn=Depends(db)):
        p = get_person(conn, person_id)
        about = Q.quotes(conn, about=p["name"], limit=200)["quotes"]
        tl = Q.timeline(conn, p["name"], limit=500)["events"]
        return page(request, "person.html", p=p, about=about, timeline=tl)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", conn=Depends(db)):
        if not q.strip():
            return page(request, "search.html", q="", res=None, error=None)
        try:
            res = Q.search(conn, q, limit=50)
        except Q.QueryError as exc:
            return page(request, "search.html", 400, q=q, res=None, error=str(exc))
        for hit in res["quotes"] + res["articles"]:
            hit["parts"] = _snippet_parts(hit["snippet"])
        return page(request, "search.html", q=q, res=res, error=None)

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request):
        return page(request, "analyze.html", text="", date="", error=None)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_page(request: Request, text: str = Form("", max_length=MAX_TEXT),
                     date: str = Form("", max_length=40), conn=Depends(db)):
        try:
            art = analyze_text(text, date or None)
        except HTTPException as exc:
            return page(request, "analyze.html", 422, text=text, date=date, error=exc.detail)
        return article_view(request, conn, art, None, links_by_name(conn, art), {})

    # -- API ------------------------------------------------------------------------

    Limit = Query(50, ge=1, le=1000, description="how many to return")
    Offset = Query(0, ge=0, le=1_000_000, description="how many to skip")

    @app.get("/api/articles", response_model=ArticleList, responses=ERRORS, tags=["articles"])
    def api_articles(limit: int = Limit, offset: int = Offset, conn=Depends(db)):
        res = arts.list_articles(conn, limit=limit, offset=offset)
        return {"total": res["total"], "limit": limit, "offset": offset, "articles": res["articles"]}

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, tags=["articles"])
    def api_article(article_id: str, conn=Depends(db)):
        return get_article(conn, article_id).to_dict()

    @app.post("/api/articles", response_model=IngestOut, status_code=201, responses={**ERRORS, 403: {"model": ErrorOut}},
              tags=["articles"])
    def api_ingest(body: IngestIn):
        if not allow_ingest:
            raise HTTPException(403, "read-only: start the server with --allow-ingest to add articles")
        from ..reading.sources import SourceDoc, content_id

        art = analyze_text(body.text, body.date)
        aid = content_id(body.text)
        with Store.open(db_path, create=False).writer() as w:
            added = w.add(art, SourceDoc(key=body.url or aid[:12], text=body.text, title=body.title, date=art.date,
                                         url=body.url, origin="api"), article_id=aid)
        return {"id": aid, "added": added.added, "attributions": len(art.attributions)}

    @app.get("/api/quotes", response_model=QuoteList, responses=ERRORS, tags=["quotes"])
    def api_quotes(speaker: Optional[str] = Query(None, max_length=200), about: Optional[str] = Query(None, max_length=200),
                   q: Optional[str] = Query(None, max_length=500),
                   since: Optional[str] = Query(None, max_length=40, description=DATE_HELP.format("on or after")),
                   until: Optional[str] = Query(None, max_length=40, description=DATE_HELP.format("on or before")),
                   limit: int = Limit, offset: int = Offset, conn=Depends(db)):
        since, until = date_param(since, "since"), date_param(until, "until")
        res = Q.quotes(conn, speaker=speaker, about=about, q=q or None, since=since, until=until, limit=offset + limit)
        return {"limit": limit, "offset": offset, "matched": res["matched"], "quotes": res["quotes"][offset:]}

    @app.get("/api/people", response_model=PeopleList, responses=ERRORS, tags=["people"])
    def api_people(name: Optional[str] = Query(None, max_length=200), type: Optional[str] = Query(None, pattern="^(?i:person|org)$"),
                   limit: int = Limit, offset: int = Offset, conn=Depends(db)):
        res = Q.people(conn, type_=type, name=name, limit=offset + limit)
        return {"limit": limit, "offset": offset, "people": res[offset:]}

    @app.get("/api/people/{person_id}", response_model=PersonOut, responses=ERRORS, tags=["people"])
    def api_person(person_id: int, conn=Depends(db)):
        return get_person(conn, person_id)

    @app.get("/api/timeline", response_model=TimelineOut, responses=ERRORS, tags=["people"])
    def api_timeline(person: str = Query(..., min_length=1, max_length=200), limit: int = Limit,
                     include_undated: bool = False, conn=Depends(db)):
        return Q.timeline(conn, person, include_undated=include_undated, limit=limit)

    @app.post("/api/analyze", response_model=ArticleOut, responses=ERRORS, tags=["analysis"])
    def api_analyze(body: AnalyzeIn):
        return analyze_text(body.text, body.date).to_dict()

    app.add_middleware(LimitsAndHeaders, max_body=max_body)
    return app


def _snippet_parts(snippet: str) -> list[tuple[bool, str]]:
    """A search snippet as (highlighted?, text) pieces, for the template to escape."""
    out, hl = [], False
    buf = ""
    for ch in snippet:
        if ch in (Q.HL_START, Q.HL_END):
            if buf:
                out.append((hl, buf))
            buf, hl = "", ch == Q.HL_START
        else:
            buf += ch
    if buf:
        out.append((hl, buf))
    return out
