"""How much of one input the readers take before they refuse it: `Limits`.

Every reader of the corpus (`iter_sources`, `ingest`) takes ``limits=Limits(...)``; the
``onrecord ingest`` options of the same names change them. An input past a limit is a
`Rejected` (one line: the file, the reason, the option that raises the limit) and the
rest of the call goes on. Nothing is ever read whole before it is measured: gzip streams
are counted as they are decompressed, JSONL lines are read with a bounded ``readline``,
WARC payloads with a bounded read after their Content-Length was checked, HTML pages are
measured before lxml sees them.

The defaults, and why:

* ``article_chars`` 2,000,000 characters — one article's text after HTML extraction.
  A long news feature is 10,000–50,000 characters, a book chapter 100,000; two million
  is some 330,000 words — forty times the longest real article, a minute or two of
  analysis on one core — so anything longer is a dump, a log or an attack. Raise it to
  analyse such a text on purpose (it is cut into 20,000-character pieces, with progress
  lines on stderr).
* ``record_bytes`` 32 MB — one JSONL line, one ``.txt`` file read by ingest (a ``.txt.gz``
  once decompressed), one WARC record. Sixteen times the article limit in bytes, so JSON
  escaping (``\\u00e9`` is six bytes for one character), markup and metadata never refuse
  an article that would pass `article_chars`; and small enough that one record, its
  decoded text and its parsed JSON stay near 100 MB.
* ``html_bytes`` 4 MB — one HTML page (a file, a JSONL ``html`` field, a WARC HTML
  payload) handed to lxml and trafilatura. Their trees and copies take about 45 times the
  page in memory and about 3 s per MB here (a 30 MB page: 1.6 GB and 3 minutes), so the
  page limit is much lower than the record limit; news pages are 50 kB–1 MB of HTML
  (Common Crawl truncates its records at 1 MiB), so 4 MB refuses nothing real and keeps
  one extraction near 200 MB and 10 s.
* ``unpacked_bytes`` 10 GB — the decompressed bytes of one ``.gz`` file (a
  ``.jsonl.gz``, ``.txt.gz`` or every member of a ``.warc.gz`` together), counted while
  streaming. A Common Crawl WARC file is about 1 GB compressed, 5 GB unpacked; past
  10 GB a file is far more likely a decompression bomb (gzip reaches 1,000:1) than an
  archive; reading that far costs CPU (about 10 s per GB of JSONL here) but no memory.
"""
from __future__ import annotations

from dataclasses import dataclass

from .inputs import format_size

DEFAULT_ARTICLE_CHARS = 2_000_000
DEFAULT_RECORD_BYTES = 32 * 1000 * 1000
DEFAULT_HTML_BYTES = 4 * 1000 * 1000
DEFAULT_UNPACKED_BYTES = 10 * 1000 * 1000 * 1000

#: an article longer than this gets a progress line on stderr while it is analysed
LONG_ARTICLE_CHARS = 500_000


@dataclass(frozen=True)
class Limits:
    """The size limits of one ingest (see the module docstring for the defaults)."""

    article_chars: int = DEFAULT_ARTICLE_CHARS
    record_bytes: int = DEFAULT_RECORD_BYTES
    unpacked_bytes: int = DEFAULT_UNPACKED_BYTES
    html_bytes: int = DEFAULT_HTML_BYTES

    def __post_init__(self) -> None:
        for name in ("article_chars", "record_bytes", "unpacked_bytes", "html_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")

    # -- the one-line reasons ----------------------------------------------------------

    def article_too_long(self, chars: int) -> str:
        return (f"article too long ({chars:,} characters; the limit is {self.article_chars:,}, "
                f"--max-article-chars)")

    def record_too_large(self, what: str, size: int | None) -> str:
        """`what` ("too large", "line too long", …) with its size when known."""
        return _too_large(what, size, self.record_bytes, "--max-record-bytes")

    def html_too_large(self, what: str, size: int | None) -> str:
        return _too_large(what, size, self.html_bytes, "--max-html-bytes")

    def unpacked_too_large(self) -> str:
        return (f"decompresses to more than {format_size(self.unpacked_bytes)} "
                f"(the limit is {format_size(self.unpacked_bytes)}, --max-unpacked-bytes)")


def _too_large(what: str, size: int | None, limit: int, option: str) -> str:
    shown = format_size(size) if size is not None else f"more than {format_size(limit)}"
    return f"{what} ({shown}; the limit is {format_size(limit)}, {option})"


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """Raised inside a reader when a whole file must stop (its unpacked size, a WARC
    header past any sane length); `reason` is the one-line reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CountingReader:
    """A binary stream that counts the bytes it hands out and raises `LimitExceeded` once
    they pass `limit` (the decompressed bytes of a gzip stream). Only bounded reads:
    ``read(n)`` and ``readline(n)``."""

    def __init__(self, stream, limit: int, limits: Limits) -> None:
        self.stream, self.limit, self.limits = stream, limit, limits
        self.count = 0

    def _counted(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            raise LimitExceeded(self.limits.unpacked_too_large())
        return data

    def read(self, n: int) -> bytes:
        return self._counted(self.stream.read(n))

    def readline(self, n: int) -> bytes:
        return self._counted(self.stream.readline(n))

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> CountingReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
