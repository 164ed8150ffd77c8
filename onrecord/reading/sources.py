"""News sources for the corpus: files, folders and globs become `SourceDoc`s or `Rejected`s.

    for item in iter_sources(["pages/", "dump.jsonl.gz", "crawl/*.warc.gz"]):
        if isinstance(item, Rejected): print(item)        # "pages/x.html: no article text …"
        else: item.text, item.title, item.date, item.url   # one article

Formats go by extension:

* ``.txt`` — UTF-8 text, with `read_document`'s checks (binary, invalid UTF-8, empty, …);
  any other extension named explicitly is read the same way;
* ``.html`` / ``.htm`` — the main text, title, date, author and URL found by trafilatura;
* ``.jsonl`` / ``.jsonl.gz`` — one object a line: ``id``, ``text`` or ``html``, optional
  ``title``, ``date``, ``url``, ``source`` (``author`` too); a bad line is rejected with its
  line number and the other lines still count;
* ``.warc`` / ``.warc.gz`` — HTTP responses with HTML (or plain text) go through
  trafilatura; the record's URL is kept, and its WARC-Date is the date when the page
  states none. Pages without article text (menus, errors, redirects) are skipped, not
  rejected: a crawl is mostly such pages.

Folders are walked recursively for the extensions above (hidden files are left out);
a glob pattern (``*``, ``?``, ``[``) is expanded, ``**`` included. Dates are normalised to
ISO (``YYYY-MM-DD``) when they can be read, else dropped.
"""
from __future__ import annotations

import glob
import gzip
import hashlib
import json
import logging
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date, datetime, timezone
from pathlib import Path

from .inputs import DEFAULT_MAX_BYTES, InputError, _one_line, format_size, read_document

#: extensions a folder is searched for, longest first (".jsonl.gz" before ".gz")
EXTENSIONS = (".jsonl.gz", ".warc.gz", ".jsonl", ".warc", ".html", ".htm", ".txt")

#: bad lines reported one by one in a JSONL file before the rest are summed up in one line
MAX_LINE_ERRORS = 20


@dataclass
class SourceDoc:
    """One article read from a source: `key` is its id in the source (file name, JSONL `id`,
    URL), `origin` where it was read (``path``, ``path:line``, ``path#record``)."""

    key: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""
    author: str | None = None


@dataclass
class Rejected:
    """An input (or part of one) that gives no article, and why; `str()` is one line."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{_one_line(self.origin)}: {_one_line(self.reason)}"


@dataclass
class Skipped:
    """WARC records that are no article (non-HTML, HTTP errors, pages without main text):
    counted, not reported one by one."""

    origin: str
    count: int


# ---------------------------------------------------------------------------------------
# ids and dates


def normalise_text(text: str) -> str:
    """The form content hashes are taken of: NFC, no byte-order mark, whitespace runs as
    one space, trimmed — so a copy that differs only in line endings or spacing is the same."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\ufeff", " ").split())


def content_id(text: str) -> str:
    """The article id: SHA-256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def normalise_date(value) -> str | None:
    """A publication date as ISO ``YYYY-MM-DD`` (``YYYY-MM`` or ``YYYY`` when that is all
    it says), or None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    if isinstance(value, (int, float)):  # a Unix timestamp
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    if _ISO_PREFIX.match(s):
        return s
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        from ..pipeline.timeline import parse_reference

        d = parse_reference(s)
    except Exception:  # noqa: BLE001 - an unreadable date is no date
        d = None
    return d.isoformat() if d else None


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


# ---------------------------------------------------------------------------------------
# expanding paths


def kind_of(path: str) -> str:
    """``text``, ``html``, ``jsonl`` or ``warc``, by the file name's extension."""
    name = path.lower()
    if name.endswith((".jsonl.gz", ".jsonl")):
        return "jsonl"
    if name.endswith((".warc.gz", ".warc")):
        return "warc"
    if name.endswith((".html", ".htm")):
        return "html"
    return "text"


def _supported(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS) and not name.startswith(".")


def _walk(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, f) for f in sorted(files) if _supported(f))
    return found


def expand_inputs(paths: Iterable[str]) -> Iterator[str | Rejected]:
    """Each file named, found in a folder or matched by a glob, once, in order; a path that
    gives nothing is a `Rejected`."""
    seen: set[str] = set()

    def once(p: str) -> Iterator[str]:
        real = os.path.realpath(p)
        if real not in seen:
            seen.add(real)
            yield p

    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            files = _walk(path)
            if not files:
                yield Rejected(path, "no .txt, .html, .htm, .jsonl(.gz) or .warc(.gz) file in this folder")
            for f in files:
                yield from once(f)
        elif os.path.lexists(path):
            yield from once(path)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Rejected(path, "no file matches this pattern")
            for m in matches:
                if os.path.isdir(m):
                    for f in _walk(m):
                        yield from once(f)
                else:
                    yield from once(m)
        else:
            yield Rejected(path, "no such file")


# ---------------------------------------------------------------------------------------
# reading files


def _read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a file, or `InputError` with read_document's reasons."""
    try:
        st = os.stat(path)
        if os.path.isdir(path):
            raise InputError(path, "is a directory, not a file")
        if st.st_size > max_bytes:
            raise InputError(path, f"too large ({format_size(st.st_size)}; the limit is {format_size(max_bytes)})")
        with open(path, "rb") as f:
            return f.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "cannot be read (permission denied)") from None
    except (OSError, ValueError) as e:
        raise InputError(path, f"cannot be read ({getattr(e, 'strerror', None) or e})") from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))
    return controls > 0.10 * max(1, len(head))


_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


def _quiet_extractors() -> None:
    """trafilatura and its helpers log warnings about odd pages; the reason we give is enough."""
    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.CRITICAL)


def extract_html(data: bytes | str, *, url: str | None = None) -> dict | str:
    """Main text and metadata of an HTML page via trafilatura: a dict (text, title, date,
    author, url, source), or the reason (a string) why there is no article in it."""
    if isinstance(data, bytes):
        if not data.strip():
            return "empty file"
        if _looks_binary(data):
            return "not HTML (binary data)"
    elif not data.strip():
        return "empty HTML"
    _quiet_extractors()
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a reason, not a traceback
        return f"cannot parse the HTML ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
    if doc is None:
        return "no article text found in the HTML (broken, empty or only navigation)"
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    text = get("text") or ""
    if not text.strip():
        return "no article text found in the HTML (broken, empty or only navigation)"
    return {
        "text": text,
        "title": _str_or_none(get("title")),
        "date": normalise_date(get("date")),
        "author": _str_or_none(get("author")),
        "url": _str_or_none(get("url")) or url,
        "source": _str_or_none(get("sitename")) or _str_or_none(get("hostname")),
    }


def _key_of(path: str) -> str:
    name = os.path.basename(path)
    for ext in EXTENSIONS:
        if name.lower().endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)]
    return Path(path).stem or name


def read_text_file(path: str) -> Iterator[SourceDoc | Rejected]:
    try:
        doc = read_document(path)
    except InputError as e:
        yield Rejected(path, e.reason)
        return
    yield SourceDoc(key=doc.id, text=doc.text, origin=path)


def read_html_file(path: str) -> Iterator[SourceDoc | Rejected]:
    try:
        data = _read_bytes(path)
    except InputError as e:
        yield Rejected(path, e.reason)
        return
    res = extract_html(data)
    if isinstance(res, str):
        yield Rejected(path, res)
        return
    yield SourceDoc(key=_key_of(path), origin=path, **res)


def _open_maybe_gzip(path: str):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if path.lower().endswith(".gz") or magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


def _gzip_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip file (it ends before the end of its compressed stream)"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a gzip file ({exc})"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data ({exc})"
    return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"


def _open_file(path: str, opener, reason) -> object:
    """An open file for a record container, or the `Rejected` saying why not."""
    try:
        if os.path.isdir(path):
            return Rejected(path, "is a directory, not a file")
        if os.path.getsize(path) == 0:
            return Rejected(path, "empty file")
        return opener(path)
    except OSError as e:
        return Rejected(path, "no such file" if isinstance(e, FileNotFoundError) else reason(e))


def read_jsonl_file(path: str) -> Iterator[SourceDoc | Rejected]:
    """One `SourceDoc` per good line; each bad line a `Rejected` naming its line number; a
    file that cannot be read to its end (truncated .gz) a `Rejected` after the lines read."""
    f = _open_file(path, _open_maybe_gzip, _gzip_reason)
    if isinstance(f, Rejected):
        yield f
        return
    stem = _key_of(path)
    n = 0
    good = 0
    bad = 0

    def bad_line(reason: str) -> Iterator[Rejected]:
        nonlocal bad
        bad += 1
        if bad <= MAX_LINE_ERRORS:
            yield Rejected(path, f"line {n}: {reason}")

    try:
        with f:
            for raw in f:
                n += 1
                if not raw.strip():
                    continue
                if n == 1 and _looks_binary(raw):
                    yield Rejected(path, "not JSON lines (binary data)")
                    return
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    yield from bad_line(f"not valid UTF-8 (byte 0x{raw[e.start]:02x})")
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield from bad_line(f"invalid JSON ({e.msg} at column {e.colno})")
                    continue
                if not isinstance(obj, dict):
                    yield from bad_line(f"not a JSON object (a {type(obj).__name__})")
                    continue
                item = _jsonl_record(obj, stem, n, path)
                if isinstance(item, str):
                    yield from bad_line(item)
                    continue
                good += 1
                yield item
    except (EOFError, OSError, zlib.error) as exc:
        yield Rejected(path, f"{_gzip_reason(exc)}; {good} article(s) before line {n + 1} were read")
        return
    if bad > MAX_LINE_ERRORS:
        yield Rejected(path, f"{bad - MAX_LINE_ERRORS} more bad line(s) not listed ({bad} in all)")
    if good == 0 and bad == 0:
        yield Rejected(path, "no records (only blank lines)")


def _jsonl_record(obj: dict, stem: str, n: int, path: str) -> SourceDoc | str:
    text, html = obj.get("text"), obj.get("html")
    key = _str_or_none(obj.get("id")) or f"{stem}:{n}"
    url = _str_or_none(obj.get("url"))
    meta = {}
    if isinstance(text, str) and text.strip():
        if "\x00" in text:
            return "\"text\" holds binary data (a NUL character)"
        body = text
    elif isinstance(html, str) and html.strip():
        res = extract_html(html, url=url)
        if isinstance(res, str):
            return f"\"html\": {res}"
        body, meta = res["text"], res
    elif text is not None and not isinstance(text, str):
        return f"\"text\" is not a string (a {type(text).__name__})"
    elif "text" in obj or "html" in obj:
        return "empty \"text\"" if "text" in obj else "empty \"html\""
    else:
        return "no \"text\" or \"html\" field"
    return SourceDoc(
        key=key, text=body,
        title=_str_or_none(obj.get("title")) or meta.get("title"),
        date=normalise_date(obj.get("date")) or meta.get("date"),
        url=url or meta.get("url"),
        source=_str_or_none(obj.get("source")) or meta.get("source"),
        author=_str_or_none(obj.get("author")) or meta.get("author"),
        origin=f"{path}:{n}",
    )


def _warc_payload_kind(record) -> str | None:
    """``html``/``text`` for an HTTP 2xx response (or a resource record) holding a page."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    elif record.rec_type == "resource":
        ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
    else:
        return None
    if "html" in ctype:
        return "html"
    if ctype.startswith("text/plain"):
        return "text"
    return None


def read_warc_file(path: str) -> Iterator[SourceDoc | Rejected | Skipped]:
    """Articles from the HTML responses of a WARC file (plain or gzipped)."""
    f = _open_file(path, lambda p: open(p, "rb"), lambda e: f"cannot be read ({e})")
    if isinstance(f, Rejected):
        yield f
        return
    from warcio.archiveiterator import WARCIterator

    n = good = skipped = 0
    size = os.path.getsize(path)
    truncated = None
    with f:
        try:
            it = WARCIterator(f)
            it.INC_RECORD = ""  # warcio writes its warnings to stderr; we count them (err_count)
            for record in it:
                n += 1
                if record.rec_type is None:  # a record cut inside its headers
                    truncated = f"truncated WARC file (record {n} is cut short)"
                    break
                kind = _warc_payload_kind(record)
                if kind is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                wdate = normalise_date(record.rec_headers.get_header("WARC-Date"))
                payload = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than its Content-Length
                    truncated = f"truncated WARC file (record {n} is cut short)"
                    break
                if kind == "html":
                    res = extract_html(payload, url=url)
                else:
                    try:
                        body = payload.decode("utf-8")
                        res = {"text": body} if body.strip() else "empty"
                    except UnicodeDecodeError:
                        res = "not UTF-8"
                if isinstance(res, str):
                    skipped += 1
                    continue
                good += 1
                res = {k: v for k, v in res.items() if v is not None}
                res.setdefault("url", url)
                res.setdefault("date", wdate)
                yield SourceDoc(key=url or f"{_key_of(path)}#{n}", origin=f"{path}#{n}", **res)
        except Exception as exc:  # noqa: BLE001 - warcio, gzip and zlib errors: a reason, not a traceback
            reason = _gzip_reason(exc) if isinstance(exc, (EOFError, zlib.error, OSError)) else \
                f"not a readable WARC file ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
            yield Rejected(path, f"{reason}; {good} article(s) from {n - 1 if n else 0} record(s) before it were read")
            return
        # warcio stops quietly where a file is cut: what it did not reach is the reason
        if truncated is None and getattr(it, "offset", size) < size:
            truncated = f"truncated WARC file (nothing readable after byte {it.offset} of {size})"
    if truncated:
        yield Rejected(path, f"{truncated}; {good} article(s) before it were read")
        return
    if getattr(it, "err_count", 0):
        yield Rejected(path, f"damaged WARC file ({it.err_count} record(s) with a wrong Content-Length); "
                             f"{good} article(s) were read")
    if n == 0:
        yield Rejected(path, "no WARC records in this file")
    if skipped:
        yield Skipped(path, skipped)


READERS = {"text": read_text_file, "html": read_html_file, "jsonl": read_jsonl_file, "warc": read_warc_file}


def read_source(path: str) -> Iterator[SourceDoc | Rejected | Skipped]:
    """The articles of one file, by its extension."""
    yield from READERS[kind_of(path)](path)


def iter_sources(paths: Iterable[str]) -> Iterator[SourceDoc | Rejected | Skipped]:
    """Every article of every input, in order, with a `Rejected` for each bad one."""
    for item in expand_inputs(paths):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from read_source(item)


def estimate_count(path: str) -> int:
    """How many articles a file may hold, cheaply (for the progress bar): 1 for a page,
    the non-blank lines of JSONL, the HTML responses of a WARC."""
    kind = kind_of(path)
    if kind in ("text", "html"):
        return 1
    try:
        if kind == "jsonl":
            with _open_maybe_gzip(path) as f:
                return sum(1 for line in f if line.strip())
        from warcio.archiveiterator import WARCIterator

        with open(path, "rb") as f:
            it = WARCIterator(f)
            it.INC_RECORD = ""
            return sum(1 for r in it if r.rec_type is not None and _warc_payload_kind(r) is not None)
    except Exception:  # noqa: BLE001 - the reader will say what is wrong
        return 1
