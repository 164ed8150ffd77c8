"""Reading inputs: documents come back exactly as `open(..., newline="")` reads them, and every
unusable input becomes a one-line `InputError` naming the file and the reason."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.reading import inputs
from onrecord.reading.inputs import (
    DEFAULT_MAX_BYTES,
    Document,
    InputError,
    document_id,
    iter_documents,
    read_document,
    read_stdin,
)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def as_open_reads(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def reason_of(path: str, **kw) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, **kw)
    err = info.value
    msg = str(err)
    assert "\n" not in msg and "\r" not in msg
    assert msg == f"{path}: {err.reason}"
    return err.reason


# --- documents that read -----------------------------------------------------------------


def test_reads_a_text_file(tmp_path):
    path = write(tmp_path, "article.txt", "Hello, “world”.\nSecond line é.\n".encode())
    doc = read_document(path)
    assert doc == Document(id="article", text="Hello, “world”.\nSecond line é.\n", path=path)


def test_crlf_is_preserved(tmp_path):
    data = b"First line.\r\nSecond line.\r\n\r\nThird.\rlone CR\n"
    path = write(tmp_path, "crlf.txt", data)
    doc = read_document(path)
    assert "\r\n" in doc.text and "\rlone" in doc.text
    assert doc.text == as_open_reads(path) == data.decode("utf-8")
    assert doc.text.index("Second") == data.index(b"Second")


def test_bom_is_kept(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfQuote: \xe2\x80\x9cyes\xe2\x80\x9d\r\n")
    doc = read_document(path)
    assert doc.text.startswith("\ufeff")
    assert doc.text == as_open_reads(path)
    assert doc.text[1:7] == "Quote:"


def test_document_ids():
    assert document_id("article.txt") == "article"
    assert document_id("some/dir/article.txt") == "article"
    assert document_id("notes") == "notes"
    assert document_id("archive.tar.gz") == "archive.tar"
    assert document_id("-") == "stdin"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)
        | st.sampled_from(["\n", "\r\n", "\r", "\t", "\ufeff"]),
        min_size=1,
    )
    .map("".join)
    .filter(lambda t: t.replace("\ufeff", "").strip())
)
def test_any_text_reads_back_exactly(tmp_path_factory, text):
    path = write(tmp_path_factory.mktemp("prop"), "doc.txt", text.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == text == as_open_reads(path)


# --- rejections ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert reason_of(str(tmp_path / "nope.txt")) == "no such file"


def test_directory(tmp_path):
    assert "directory" in reason_of(str(tmp_path))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", b"hello there")
    os.chmod(path, 0)
    try:
        assert "permission denied" in reason_of(path)
    finally:
        os.chmod(path, 0o644)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", b"hello there")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs, "open", denied, raising=False)
    assert reason_of(path) == "cannot be read (permission denied)"


def test_empty_file(tmp_path):
    assert reason_of(write(tmp_path, "empty.txt", b"")) == "empty file"


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", b"\xef\xbb\xbf\n", "\u00a0\u2003\n".encode()])
def test_whitespace_only_file(tmp_path, data):
    assert "only whitespace" in reason_of(write(tmp_path, "blank.txt", data))


def test_binary_with_nul_bytes(tmp_path):
    path = write(tmp_path, "article.bin", b"PK\x03\x04\x00\x00some zip-ish bytes")
    assert reason_of(path) == "not text (binary data)"


def test_binary_error_message_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "article.bin", b"\x00\x01\x02")
    with pytest.raises(InputError) as info:
        read_document("article.bin")
    assert str(info.value) == "article.bin: not text (binary data)"


def test_binary_by_share_of_control_characters(tmp_path):
    data = bytes(range(1, 32)) * 10 + b"a few letters"
    assert reason_of(write(tmp_path, "ctrl.dat", data)) == "not text (binary data)"


def test_a_few_control_characters_are_fine(tmp_path):
    path = write(tmp_path, "ok.txt", b"colour \x1b[1mbold\x1b[0m and a form feed\x0c here, plenty of text")
    assert read_document(path).text.startswith("colour")


def test_utf16_is_named(tmp_path):
    path = write(tmp_path, "u16.txt", "hello".encode("utf-16"))
    assert "UTF-16" in reason_of(path)


def test_invalid_utf8_gives_the_byte_offset(tmp_path):
    data = b"caf\xc3\xa9 ok\nthen \xff bad"
    path = write(tmp_path, "latin.txt", data)
    reason = reason_of(path)
    assert "not valid UTF-8" in reason
    offset = data.index(b"\xff")
    assert f"byte offset {offset}" in reason
    assert "0xff" in reason and "line 2" in reason


def test_truncated_utf8_sequence(tmp_path):
    data = b"ends mid-character \xe2\x80"
    assert f"byte offset {len(data) - 2}" in reason_of(write(tmp_path, "cut.txt", data))


def test_too_large(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 1500)
    reason = reason_of(path, max_bytes=1000)
    assert reason.startswith("too large (1.5 kB")
    assert "limit is 1.0 kB" in reason
    assert read_document(path, max_bytes=1500).text == "x" * 1500


def test_default_limit_is_200_mb():
    assert DEFAULT_MAX_BYTES == 200_000_000


def test_error_is_one_line_even_for_odd_names(tmp_path):
    weird = str(tmp_path / "two\nlines.txt")
    with pytest.raises(InputError) as info:
        read_document(weird)
    msg = str(info.value)
    assert "\n" not in msg and msg.endswith(": no such file") and "two\\nlines" in msg


# --- stdin ----------------------------------------------------------------------------------


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin(monkeypatch):
    fake_stdin(monkeypatch, b"\xef\xbb\xbfFrom a pipe.\r\nSecond line.\r\n")
    doc = read_stdin()
    assert doc == Document(id="stdin", text="\ufeffFrom a pipe.\r\nSecond line.\r\n", path=None)


def test_dash_means_stdin(monkeypatch):
    fake_stdin(monkeypatch, b"piped text")
    assert read_document("-") == Document(id="stdin", text="piped text", path=None)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n ", "empty file (only whitespace)"),
        (b"\x00\x01binary", "not text (binary data)"),
        (b"bad \xff byte", "byte offset 4"),
    ],
)
def test_stdin_rejections(monkeypatch, data, reason):
    fake_stdin(monkeypatch, data)
    with pytest.raises(InputError) as info:
        read_stdin()
    assert str(info.value).startswith("stdin: ") and reason in str(info.value)


def test_stdin_too_large(monkeypatch):
    fake_stdin(monkeypatch, b"y" * 50)
    with pytest.raises(InputError, match=r"^stdin: too large \(more than 10 bytes"):
        read_stdin(max_bytes=10)


def test_stdin_without_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("plain text stream"))
    assert read_stdin().text == "plain text stream"


# --- many inputs ----------------------------------------------------------------------------


def test_iter_documents_keeps_order_and_goes_on_after_errors(tmp_path):
    good1 = write(tmp_path, "one.txt", b"first document")
    bad = write(tmp_path, "two.bin", b"\x00\x00")
    missing = str(tmp_path / "three.txt")
    good2 = write(tmp_path, "four.md", b"fourth document")
    out = list(iter_documents([good1, bad, missing, good2]))
    assert [type(x) for x in out] == [Document, InputError, InputError, Document]
    assert out[0].id == "one" and out[3].id == "four"
    assert out[1].reason == "not text (binary data)" and out[2].reason == "no such file"
    assert out[1].name == bad


def test_iter_documents_is_lazy(tmp_path):
    it = iter_documents([str(tmp_path / "missing.txt")])
    assert isinstance(next(it), InputError)
    with pytest.raises(StopIteration):
        next(it)
