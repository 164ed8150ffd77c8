"""News sources for the corpus: files, folders and globs become `SourceDoc`s or `Rejected`s.

    for item in iter_sources(["pages/", "dump.jsonl.gz", "crawl/*.warc.gz"]):
        if isinstance(item, Rejected): print(item)        # "pages/x.html: no article text …"
        else: item.text, item.title, item.date, item.url   # one article

Formats go by extension:

* ``.txt`` — UTF-8 text, with `read_document`'s checks (binary, invalid UTF-8, empty, …);
  any other extension named explicitly is read the same way; ``.txt.gz`` is gzipped text;
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

Every reader takes ``limits=`` (`onrecord.reading.limits.Limits`): the characters of one
article, the bytes of one record (a JSONL line, a text file, a WARC record), of one HTML
page, and the decompressed bytes of one gzip file. Nothing is read whole before it is
measured, so memory stays bounded whatever the input; an input past a limit is a
`Rejected` naming the option that raises it.
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
from dataclasses import dataclass, replace
from datetime import date as _date, datetime, timezone
from pathlib import Path

from .dates import real_iso_date
from .inputs import DEFAULT_MAX_BYTES, InputError, _one_line, _read_limited, decode_text, format_size, read_document
from .limits import DEFAULT_LIMITS, CountingReader, LimitExceeded, Limits

#: extensions a folder is searched for, longest first (".jsonl.gz" before ".gz")
EXTENSIONS = (".jsonl.gz", ".warc.gz", ".txt.gz", ".jsonl", ".warc", ".html", ".htm", ".txt")

#: bytes read at a time when a stream is skipped or counted (an over-long line, a payload)
CHUNK = 1 << 20

#: the header lines of one WARC record (WARC and HTTP headers together) may not pass this
WARC_HEADER_BYTES = 1_000_000

#: a date string longer than this is no date (dateparser is not asked to read a novel)
MAX_DATE_CHARS = 100

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
    if not s or len(s) > MAX_DATE_CHARS:
        return None
    if _ISO_PREFIX.match(s):
        return s if real_iso_date(s) else None  # "2023-13-45" is no date
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


def _clean_str(value) -> str | None:
    """A metadata string that SQLite can store: lone surrogates (from JSON ``\\ud800``) are
    replaced."""
    s = _str_or_none(value)
    if s is None or not _has_surrogates(s):
        return s
    return s.encode("utf-8", "replace").decode("utf-8")


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
        # regular files only: a FIFO or a device found in a folder would block or never end
        paths = (os.path.join(root, f) for f in sorted(files) if _supported(f))
        found.extend(p for p in paths if os.path.isfile(p))
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


def _read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES, too_large_reason=None) -> bytes:
    """The raw bytes of a file, or `InputError` with read_document's reasons; past
    `max_bytes` the reason is `too_large_reason(size or None)` when given."""

    def too_large(size: int | None) -> InputError:
        if too_large_reason is not None:
            return InputError(path, too_large_reason(size))
        shown = format_size(size) if size is not None else f"more than {format_size(max_bytes)}"
        return InputError(path, f"too large ({shown}; the limit is {format_size(max_bytes)})")

    try:
        st = os.stat(path)
        if os.path.isdir(path):
            raise InputError(path, "is a directory, not a file")
        if st.st_size > max_bytes:
            raise too_large(st.st_size)
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # a file that grew, or a pipe: never more than this
        if len(data) > max_bytes:
            raise too_large(None)
        return data
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


# -- deep HTML ---------------------------------------------------------------------------
#
# libxml2 stops building the tree at 256 nested elements (2,048 with its "huge" option) and
# drops what lies deeper, so a page whose text sits under 10,000 <div>s came out empty.
# Such a page is parsed with huge_tree=True; past 2,048 levels the nesting beyond
# FLAT_DEPTH is flattened first (the tags go, their text stays), then the tree goes to
# trafilatura. Pages of ordinary depth take trafilatura's own path, unchanged.

#: nesting kept when a page is flattened (well under libxml2's 2,048 and Python's recursion)
FLAT_DEPTH = 1000

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_BLOCK = frozenset("address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
                   "header hr li main nav ol p pre section table td th tr ul".split())
#: the blocks that hold text: kept a little past FLAT_DEPTH so paragraphs stay paragraphs
_TEXT_BLOCKS = frozenset("blockquote dd dt figcaption h1 h2 h3 h4 h5 h6 li p pre td th".split())


def _html_parser(huge: bool):
    import lxml.html

    # trafilatura's own parser options (trafilatura.utils.HTML_PARSER), and the huge-tree switch
    return lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                                remove_pis=True, huge_tree=huge)


def _parse_html(text: str, huge: bool):
    """(tree, too deep?) for the page `text`."""
    import lxml.html

    parser = _html_parser(huge)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    deep = any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message.lower() for e in parser.error_log)
    return tree, deep


def flatten_html(text: str, max_depth: int = FLAT_DEPTH) -> str:
    """`text` with the tags nested deeper than `max_depth` removed: their text and the tags
    above them are kept, and so are the text blocks (``<p>``, ``<li>``, headings, …) up to
    64 levels further, so paragraphs stay paragraphs; another block tag removed leaves a
    ``<br>``. A streaming pass of the standard library's tokenizer: no tree, no recursion."""
    from html.parser import HTMLParser

    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open tags: (name, kept?)
    kept_depth = [0]
    last_br = [False]

    def br() -> None:
        if not last_br[0]:
            out.append("<br>")
            last_br[0] = True

    def emit(s: str) -> None:
        if s:
            out.append(s)
            last_br[0] = False

    class Flattener(HTMLParser):
        def handle_starttag(self, tag, attrs):
            raw = self.get_starttag_text() or f"<{tag}>"
            if tag in _VOID:
                emit(raw)
                return
            keep = kept_depth[0] < max_depth or (tag in _TEXT_BLOCKS and kept_depth[0] < max_depth + 64)
            stack.append((tag, keep))
            if keep:
                kept_depth[0] += 1
                emit(raw)
            elif tag in _BLOCK:
                br()

        def handle_startendtag(self, tag, attrs):
            emit(self.get_starttag_text() or f"<{tag}/>")

        def handle_endtag(self, tag):
            # the nearest open tag of that name among the last few; a stray end tag is dropped
            for i in range(len(stack) - 1, max(-1, len(stack) - 65), -1):
                if stack[i][0] == tag:
                    closing = stack[i:]
                    del stack[i:]
                    for name, kept in reversed(closing):
                        if kept:
                            kept_depth[0] -= 1
                            emit(f"</{name}>")
                        elif name in _BLOCK:
                            br()
                    return

        def handle_data(self, data):
            emit(data)

        def handle_entityref(self, name):
            emit(f"&{name};")

        def handle_charref(self, name):
            emit(f"&#{name};")

        def handle_comment(self, data):
            pass  # the parser drops comments anyway

        def handle_decl(self, decl):
            emit(f"<!{decl}>")

        def handle_pi(self, data):
            pass

        def unknown_decl(self, data):
            pass

    parser = Flattener(convert_charrefs=False)
    parser.feed(text)
    parser.close()
    for name, kept in reversed(stack):
        if kept:
            out.append(f"</{name}>")
    return "".join(out)


def _html_input(data: bytes | str):
    """What goes to trafilatura: the page as text, or, for a page nested deeper than
    libxml2 builds by default, a tree parsed with huge_tree (flattened past 2,048 levels)."""
    from trafilatura.utils import decode_file

    text = decode_file(data)  # trafilatura's decoding (its encoding guess, its capped gunzip)
    _, deep = _parse_html(text, huge=False)
    if not deep:
        return text
    tree, deeper = _parse_html(text, huge=True)
    if deeper:
        tree, _ = _parse_html(flatten_html(text), huge=True)
    return tree


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
        page = _html_input(data)
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False)
    except RecursionError:
        return "cannot parse the HTML (nested too deeply)"
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
        "title": _clean_str(get("title")),
        "date": normalise_date(get("date")),
        "author": _clean_str(get("author")),
        "url": _clean_str(get("url")) or url,
        "source": _clean_str(get("sitename")) or _clean_str(get("hostname")),
    }


def _key_of(path: str) -> str:
    name = os.path.basename(path)
    for ext in EXTENSIONS:
        if name.lower().endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)]
    return Path(path).stem or name


def _read_gzip_text(path: str, limits: Limits) -> str:
    """A gzipped text file, decompressed up to `limits.record_bytes`, with read_document's checks."""
    try:
        with CountingReader(gzip.open(path, "rb"), limits.unpacked_bytes, limits) as f:
            data = _read_limited(f, path, limits.record_bytes,
                                 limits.record_too_large("too large once decompressed", None))
    except (EOFError, OSError, zlib.error, LimitExceeded) as exc:
        if isinstance(exc, FileNotFoundError):
            raise InputError(path, "no such file") from None
        raise InputError(path, _gzip_reason(exc)) from None
    return decode_text(path, data)


def read_text_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected]:
    try:
        if path.lower().endswith(".gz") and os.path.isfile(path) and _is_gzip(path):
            text = _read_gzip_text(path, limits)
            yield SourceDoc(key=_key_of(path), text=text, origin=path)
            return
        if os.path.isfile(path) and os.path.getsize(path) > limits.record_bytes:
            yield Rejected(path, limits.record_too_large("too large", os.path.getsize(path)))
            return
        doc = read_document(path, max_bytes=limits.record_bytes)
    except InputError as e:
        yield Rejected(path, e.reason)
        return
    except OSError as e:
        yield Rejected(path, f"cannot be read ({e.strerror or e})")
        return
    yield SourceDoc(key=doc.id, text=doc.text, origin=path)


def read_html_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected]:
    try:
        data = _read_bytes(path, limits.html_bytes, lambda size: limits.html_too_large("too large", size))
    except InputError as e:
        yield Rejected(path, e.reason)
        return
    res = extract_html(data)
    if isinstance(res, str):
        yield Rejected(path, res)
        return
    yield SourceDoc(key=_key_of(path), origin=path, **res)


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def _open_maybe_gzip(path: str, limits: Limits = DEFAULT_LIMITS):
    """The file as a binary stream of bounded reads; a gzip file is decompressed as it is
    read, and counted against `limits.unpacked_bytes`."""
    if path.lower().endswith(".gz") or _is_gzip(path):
        return CountingReader(gzip.open(path, "rb"), limits.unpacked_bytes, limits)
    return open(path, "rb")


def _gzip_reason(exc: BaseException) -> str:
    if isinstance(exc, LimitExceeded):
        return exc.reason
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
        if os.path.isfile(path) and os.path.getsize(path) == 0:
            return Rejected(path, "empty file")
        return opener(path)
    except OSError as e:
        return Rejected(path, "no such file" if isinstance(e, FileNotFoundError) else reason(e))


def _skip_line(f, first: bytes) -> int:
    """Read past the rest of a line whose first `len(first)` bytes were read, in bounded
    chunks; the line's length in bytes (without its newline)."""
    size, raw = len(first), first
    while not raw.endswith(b"\n"):
        raw = f.readline(CHUNK)
        if not raw:
            return size
        size += len(raw)
    return size - 1


def read_jsonl_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected]:
    """One `SourceDoc` per good line; each bad line a `Rejected` naming its line number; a
    file that cannot be read to its end (truncated .gz, past the unpacked limit) a
    `Rejected` after the lines read. A line is never held longer than `limits.record_bytes`:
    a longer one is rejected and skipped in bounded chunks."""
    f = _open_file(path, lambda p: _open_maybe_gzip(p, limits), _gzip_reason)
    if isinstance(f, Rejected):
        yield f
        return
    stem = _key_of(path)
    n = 0
    good = 0
    bad = 0
    max_line = limits.record_bytes

    def bad_line(reason: str) -> Iterator[Rejected]:
        nonlocal bad
        bad += 1
        if bad <= MAX_LINE_ERRORS:
            yield Rejected(path, f"line {n}: {reason}")

    at_line = 1  # the line being read, for a reason that stops the file
    try:
        with f:
            while True:
                at_line = n + 1
                raw = f.readline(max_line + 1)
                if not raw:
                    break
                n += 1
                if len(raw) > max_line and not raw.endswith(b"\n"):  # longer than the limit
                    size = _skip_line(f, raw)
                    raw = b""
                    yield from bad_line(limits.record_too_large("line too long", size))
                    continue
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
                raw = b""
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield from bad_line(f"invalid JSON ({e.msg} at column {e.colno})")
                    continue
                except RecursionError:
                    yield from bad_line("invalid JSON (nested too deeply)")
                    continue
                except ValueError as e:  # e.g. an integer of more than 4,300 digits
                    yield from bad_line(f"invalid JSON ({str(e).splitlines()[0] if str(e) else 'a bad value'})")
                    continue
                finally:
                    line = ""
                if not isinstance(obj, dict):
                    yield from bad_line(f"not a JSON object (a {type(obj).__name__})")
                    continue
                item = _jsonl_record(obj, stem, n, path, limits)
                obj = None
                if isinstance(item, str):
                    yield from bad_line(item)
                    continue
                good += 1
                yield item
    except (EOFError, OSError, zlib.error, LimitExceeded) as exc:
        yield Rejected(path, f"{_gzip_reason(exc)}; {good} article(s) before line {at_line} were read")
        return
    if bad > MAX_LINE_ERRORS:
        yield Rejected(path, f"{bad - MAX_LINE_ERRORS} more bad line(s) not listed ({bad} in all)")
    if good == 0 and bad == 0:
        yield Rejected(path, "no records (only blank lines)")


def _jsonl_record(obj: dict, stem: str, n: int, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceDoc | str:
    text, html = obj.get("text"), obj.get("html")
    key = _clean_str(obj.get("id")) or f"{stem}:{n}"
    url = _clean_str(obj.get("url"))
    meta = {}
    if isinstance(text, str) and text.strip():
        if "\x00" in text:
            return "\"text\" holds binary data (a NUL character)"
        if _has_surrogates(text):
            return "\"text\" is not valid Unicode (a lone surrogate such as \\ud800)"
        body = text
    elif isinstance(html, str) and html.strip():
        if len(html) > limits.html_bytes:
            return f"\"html\": {limits.html_too_large('too large', len(html.encode('utf-8', 'replace')))}"
        if _has_surrogates(html):
            return "\"html\" is not valid Unicode (a lone surrogate such as \\ud800)"
        res = extract_html(html, url=url)
        if isinstance(res, str):
            return f"\"html\": {res}"
        body, meta = res["text"], res
    elif text is not None and not isinstance(text, str):
        return f"\"text\" is not a string (a {type(text).__name__})"
    elif html is not None and not isinstance(html, str) and "text" not in obj:
        return f"\"html\" is not a string (a {type(html).__name__})"
    elif "text" in obj or "html" in obj:
        return "empty \"text\"" if "text" in obj else "empty \"html\""
    else:
        return "no \"text\" or \"html\" field"
    return SourceDoc(
        key=key, text=body,
        title=_clean_str(obj.get("title")) or meta.get("title"),
        date=normalise_date(obj.get("date")) or meta.get("date"),
        url=url or meta.get("url"),
        source=_clean_str(obj.get("source")) or meta.get("source"),
        author=_clean_str(obj.get("author")) or meta.get("author"),
        origin=f"{path}:{n}",
    )


# -- WARC --------------------------------------------------------------------------------


def _bounded_warc_classes():
    """warcio's iterator with a reader that counts what it decompresses (the unpacked
    limit), caps the header lines of a record (warcio reads them with unbounded
    ``readline``) and raises on corrupt gzip data instead of printing to stderr."""
    global _WARC_CLASSES
    if _WARC_CLASSES is not None:
        return _WARC_CLASSES
    from warcio.archiveiterator import WARCIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        def __init__(self, stream, *, limits: Limits, **kw) -> None:
            super().__init__(stream, **kw)
            self.limits = limits
            self.unpacked = 0
            self.header_bytes = 0  # read by readline since the record began, or since the last read()

        def _decompress(self, data):
            if not (self.decompressor and data):
                return data
            try:
                out = self.decompressor.decompress(data)
            except Exception as exc:  # noqa: BLE001
                if self.num_block_read == 0:  # warcio's own rule: the first block decides it is not gzip
                    self.decompressor = None
                    return data
                raise zlib.error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
            self.unpacked += len(out)
            if self.unpacked > self.limits.unpacked_bytes:
                raise LimitExceeded(self.limits.unpacked_too_large())
            return out

        def read(self, length=None):
            data = super().read(length)
            if data:
                self.header_bytes = 0  # a payload read: the header lines are over
            return data

        def readline(self, length=None):
            room = WARC_HEADER_BYTES - self.header_bytes
            line = super().readline(room + 1 if length is None else min(length, room + 1))
            self.header_bytes += len(line)
            if self.header_bytes > WARC_HEADER_BYTES:
                raise LimitExceeded(f"a WARC record's header lines pass {format_size(WARC_HEADER_BYTES)}")
            return line

    class BoundedWARCIterator(WARCIterator):
        def __init__(self, fileobj, limits: Limits) -> None:
            super().__init__(fileobj)
            self.INC_RECORD = ""  # warcio writes its warnings to stderr; we count them (err_count)
            self.reader = BoundedReader(self.fh, limits=limits, block_size=self.reader.block_size)

        def _next_record(self, next_line):
            self.reader.header_bytes = len(next_line or b"")
            return super()._next_record(next_line)

    _WARC_CLASSES = BoundedWARCIterator
    return _WARC_CLASSES


_WARC_CLASSES = None


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


def _read_payload(record, limit: int) -> bytes | None:
    """The record's (decoded) payload, or None when it holds more than `limit` bytes."""
    try:
        return _read_limited(record.content_stream(), "payload", limit)
    except InputError:
        return None


def read_warc_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected | Skipped]:
    """Articles from the HTML responses of a WARC file (plain or gzipped). A page record
    larger than `limits.record_bytes` is rejected by its Content-Length, before it is read;
    the file stops at `limits.unpacked_bytes` decompressed."""
    f = _open_file(path, lambda p: open(p, "rb"), lambda e: f"cannot be read ({e})")
    if isinstance(f, Rejected):
        yield f
        return
    n = good = skipped = too_large = 0
    size = os.path.getsize(path) if os.path.isfile(path) else 0
    truncated = None
    with f:
        try:
            it = _bounded_warc_classes()(f, limits)
            for record in it:
                n += 1
                if record.rec_type is None:  # a record cut inside its headers
                    truncated = f"truncated WARC file (record {n} is cut short)"
                    break
                kind = _warc_payload_kind(record)
                if kind is None:
                    continue
                url = _clean_str(record.rec_headers.get_header("WARC-Target-URI"))
                declared = record.length if isinstance(record.length, int) else None
                # a record past its limit is not read: warcio skips it in bounded reads
                if declared is not None and declared > limits.record_bytes:
                    what = limits.record_too_large("record too large", declared)
                    payload = None
                else:
                    cap = limits.html_bytes if kind == "html" else limits.record_bytes
                    payload = _read_payload(record, cap)
                    what = None if payload is not None else (
                        limits.html_too_large("page too large", None) if kind == "html" else
                        limits.record_too_large("record too large", None))
                if payload is None:
                    too_large += 1
                    if too_large <= MAX_LINE_ERRORS:
                        yield Rejected(f"{path}#{n}", f"{what}: {url or 'no URL'}")
                    continue
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than its Content-Length
                    truncated = f"truncated WARC file (record {n} is cut short)"
                    break
                wdate = normalise_date(record.rec_headers.get_header("WARC-Date"))
                if kind == "html":
                    res = extract_html(payload, url=url)
                else:
                    try:
                        body = payload.decode("utf-8")
                        res = {"text": body} if body.strip() else "empty"
                    except UnicodeDecodeError:
                        res = "not UTF-8"
                payload = None
                if isinstance(res, str):
                    skipped += 1
                    continue
                good += 1
                res = {k: v for k, v in res.items() if v is not None}
                res.setdefault("url", url)
                res.setdefault("date", wdate)
                yield SourceDoc(key=url or f"{_key_of(path)}#{n}", origin=f"{path}#{n}", **res)
        except LimitExceeded as exc:
            yield Rejected(path, f"{exc.reason}; {good} article(s) from {max(0, n - 1)} record(s) before it were read")
            return
        except Exception as exc:  # noqa: BLE001 - warcio, gzip and zlib errors: a reason, not a traceback
            reason = _gzip_reason(exc) if isinstance(exc, (EOFError, zlib.error, OSError)) else \
                f"not a readable WARC file ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
            yield Rejected(path, f"{reason}; {good} article(s) from {n - 1 if n else 0} record(s) before it were read")
            return
        # warcio stops quietly where a file is cut: what it did not reach is the reason
        if truncated is None and getattr(it, "offset", size) < size:
            truncated = f"truncated WARC file (nothing readable after byte {it.offset} of {size})"
    if too_large > MAX_LINE_ERRORS:
        yield Rejected(path, f"{too_large - MAX_LINE_ERRORS} more record(s) too large, not listed ({too_large} in all)")
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


def read_source(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected | Skipped]:
    """The articles of one file, by its extension; an article longer than
    `limits.article_chars` is a `Rejected` (checked here, for every reader)."""
    for item in READERS[kind_of(path)](path, limits):
        if isinstance(item, SourceDoc) and len(item.text) > limits.article_chars:
            yield Rejected(item.origin, limits.article_too_long(len(item.text)))
            continue
        yield item


def iter_sources(paths: Iterable[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[SourceDoc | Rejected | Skipped]:
    """Every article of every input, in order, with a `Rejected` for each bad one."""
    for item in expand_inputs(paths):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from read_source(item, limits)


#: decompressed bytes an estimate reads before it extrapolates from the share of the file read
ESTIMATE_BYTES = 256 * 1000 * 1000


def _count_lines(f, limit: int) -> tuple[int, bool]:
    """(non-blank lines, read to the end?) of a binary stream, read in bounded chunks
    (never a whole line), stopping after `limit` bytes."""
    n, total, content = 0, 0, False
    while total < limit:
        chunk = f.read(min(CHUNK, limit - total))
        if not chunk:
            return n + content, True
        total += len(chunk)
        parts = chunk.split(b"\n")
        for i, part in enumerate(parts):
            if i:
                n += content
                content = False
            if not content and part.strip():
                content = True
    return n + content, False


def estimate_count(path: str, limits: Limits = DEFAULT_LIMITS) -> int:
    """How many articles a file may hold, cheaply (for the progress bar): 1 for a page,
    the non-blank lines of JSONL, the HTML responses of a WARC. Read in bounded chunks, up
    to the unpacked limit."""
    kind = kind_of(path)
    if kind in ("text", "html") or not os.path.isfile(path):
        return 1
    try:
        if kind == "jsonl":
            with _open_maybe_gzip(path, limits) as f:
                n, whole = _count_lines(f, min(ESTIMATE_BYTES, limits.unpacked_bytes))
                if whole:
                    return n
                raw = f.stream.fileobj if isinstance(f, CountingReader) else f  # where in the file we are
                read, size = raw.tell(), os.path.getsize(path)
                return max(1, round(n * size / read)) if read else max(1, n)
        n = 0
        with open(path, "rb") as f:
            try:
                capped = replace(limits, unpacked_bytes=min(ESTIMATE_BYTES, limits.unpacked_bytes))
                for r in _bounded_warc_classes()(f, capped):
                    n += r.rec_type is not None and _warc_payload_kind(r) is not None
            except LimitExceeded:  # read enough: extrapolate from the share of the file read
                read, size = f.tell(), os.path.getsize(path)
                return max(1, round(n * size / read)) if read else max(1, n)
            except Exception:  # noqa: BLE001 - the reader will say what is wrong
                pass
        return max(1, n)
    except Exception:  # noqa: BLE001 - the reader will say what is wrong
        return 1
