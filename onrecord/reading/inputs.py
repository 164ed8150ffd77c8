"""Reading user inputs safely: files and stdin become `Document`s or a one-line `InputError`.

The text of a document is exactly what `open(path, encoding="utf-8", newline="")` would
return: no newline translation (``\\r\\n`` stays ``\\r\\n``) and a UTF-8 byte-order mark is
kept as U+FEFF, so that every offset the analysis reports indexes the user's own text.
Decoding the raw bytes with ``bytes.decode("utf-8")`` gives that same string.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: default largest input accepted, in bytes (200 MB)
DEFAULT_MAX_BYTES = 200 * 1000 * 1000

#: the pseudo-path that means standard input
STDIN_PATH = "-"

#: a text whose share of control bytes exceeds this is taken for binary data
MAX_CONTROL_SHARE = 0.10

# C0 control bytes and DEL, less those ordinary text uses: \t \n \v \f \r and ESC (ANSI colours)
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)) + b"\x7f"

_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def _one_line(s: str) -> str:
    """`s` with line breaks and other control characters escaped, so it prints on one line."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in s)


class InputError(Exception):
    """An input that cannot be analysed; `str()` is one line: ``NAME: reason``."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, reason)
        self.name = name
        self.reason = reason

    def __str__(self) -> str:
        return f"{_one_line(self.name)}: {_one_line(self.reason)}"


@dataclass
class Document:
    """One input text: `id` is the file name without its extension (``stdin`` for ``-``)."""

    id: str
    text: str
    path: str | None


def format_size(n: int) -> str:
    """A byte count for people: ``512 bytes``, ``1.5 kB``, ``201.3 MB``."""
    if n < 1000:
        return f"{n} byte" + ("" if n == 1 else "s")
    for unit in ("kB", "MB", "GB", "TB"):
        n /= 1000
        if n < 1000 or unit == "TB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def document_id(path: str) -> str:
    """The id of the document at `path`: its file name without the (last) extension."""
    if path == STDIN_PATH:
        return "stdin"
    p = Path(path)
    return p.stem or p.name or path


def _too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"{format_size(size)}" if size is not None else f"more than {format_size(max_bytes)}"
    return InputError(name, f"too large ({what}; the limit is {format_size(max_bytes)})")


def decode_text(name: str, data: bytes) -> str:
    """Check raw bytes and decode them as UTF-8; raises `InputError` naming `name`."""
    if not data:
        raise InputError(name, "empty file")
    for bom, encoding in _OTHER_BOMS:
        if data.startswith(bom):
            raise InputError(name, f"not UTF-8 (starts with a {encoding} byte-order mark)")
    if b"\x00" in data:
        raise InputError(name, "not text (binary data)")
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if n_control > MAX_CONTROL_SHARE * len(data):
        raise InputError(name, "not text (binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start : min(e.end, e.start + 4)]
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            name, f"not valid UTF-8 (byte 0x{bad[0]:02x} at byte offset {e.start}, line {line})"
        ) from None
    if not text.replace("\ufeff", "").strip():
        raise InputError(name, "empty file (only whitespace)")
    return text


def _read_limited(stream, name: str, max_bytes: int, reason: str | None = None) -> bytes:
    """Up to `max_bytes` from a binary stream; `InputError` if there is more (with `reason`
    when given)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(name, reason) if reason else _too_large(name, None, max_bytes)
    return b"".join(chunks)


def read_document(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read the UTF-8 text file at `path` (``-`` reads stdin) or raise `InputError`."""
    if path == STDIN_PATH:
        return read_stdin(max_bytes=max_bytes)
    name = os.fspath(path)
    try:
        st = os.stat(name)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(name, "is a directory, not a file")
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise _too_large(name, st.st_size, max_bytes)
        with open(name, "rb") as f:
            data = _read_limited(f, name, max_bytes)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except NotADirectoryError:
        raise InputError(name, "no such file (a parent of it is not a directory)") from None
    except PermissionError:
        raise InputError(name, "cannot be read (permission denied)") from None
    except OSError as e:
        raise InputError(name, f"cannot be read ({e.strerror or e})") from None
    except ValueError as e:  # e.g. an embedded NUL in the path
        raise InputError(name, f"cannot be read ({e})") from None
    return Document(id=document_id(name), text=decode_text(name, data), path=name)


def read_stdin(*, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read standard input (as bytes, from ``sys.stdin.buffer``) with `read_document`'s checks."""
    name = "stdin"
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            data = _read_limited(stream, name, max_bytes)
        else:  # a text stream without a buffer (e.g. replaced in tests): take its text as is
            if sys.stdin is None:
                raise InputError(name, "cannot be read (no standard input)")
            data = sys.stdin.read().encode("utf-8", "surrogatepass")
            if len(data) > max_bytes:
                raise _too_large(name, len(data), max_bytes)
    except InputError:
        raise
    except (OSError, ValueError) as e:
        raise InputError(name, f"cannot be read ({e})") from None
    return Document(id="stdin", text=decode_text(name, data), path=None)


def iter_documents(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """For each path in order, its `Document` or the `InputError` that says why not."""
    for path in paths:
        try:
            yield read_document(path, max_bytes=max_bytes)
        except InputError as e:
            yield e
