"""Document type is told by parsing the content; polyglots and bad names are refused; 5 MB at most."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from matcher.documents import MAX_DOCUMENT_BYTES, check_upload
from matcher.errors import InvalidArgument, Reason
from server.seed.demo import tiny_pdf
from server.storage.inspection import ParsingInspector

INSPECTOR = ParsingInspector()


def image(kind: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=kind)
    return out.getvalue()


def reason(name: str, content: bytes) -> Reason:
    with pytest.raises(InvalidArgument) as refused:
        check_upload(name, content, INSPECTOR)
    return refused.value.reason


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("a.pdf", tiny_pdf("a"), "application/pdf"),
        ("a.PNG", image("PNG"), "image/png"),
        ("a.jpg", image("JPEG"), "image/jpeg"),
        ("scan ktp (1).jpeg", image("JPEG"), "image/jpeg"),
    ],
)
def test_allowed_types(name: str, content: bytes, mime: str) -> None:
    assert check_upload(name, content, INSPECTOR) == mime


def test_a_signature_alone_is_not_a_file() -> None:
    assert reason("a.pdf", b"%PDF-1.7\n" + b"0" * 100) is Reason.DOCUMENT_TYPE_NOT_ALLOWED
    assert reason("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) is Reason.DOCUMENT_TYPE_NOT_ALLOWED
    assert reason("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64) is Reason.DOCUMENT_TYPE_NOT_ALLOWED
    assert reason("a.jpg", image("JPEG")[:200]) is Reason.DOCUMENT_TYPE_NOT_ALLOWED, "truncated"


def test_the_extension_must_agree_with_the_content() -> None:
    assert reason("a.pdf", image("PNG")) is Reason.DOCUMENT_TYPE_NOT_ALLOWED
    assert reason("a.exe", tiny_pdf("x")) is Reason.DOCUMENT_TYPE_NOT_ALLOWED


def test_a_file_that_is_two_formats_at_once_is_refused() -> None:
    pdf = tiny_pdf("inside")
    jpeg = image("JPEG")
    comment = b"\xff\xfe" + (len(pdf) + 2).to_bytes(2, "big") + pdf
    jpeg_and_pdf = jpeg[:2] + comment + jpeg[2:]
    assert INSPECTOR.formats(jpeg_and_pdf) == {"image/jpeg", "application/pdf"}
    assert reason("a.jpg", jpeg_and_pdf) is Reason.DOCUMENT_TYPE_MISMATCH
    assert reason("a.pdf", jpeg_and_pdf) is Reason.DOCUMENT_TYPE_MISMATCH
    png_and_pdf = image("PNG") + pdf
    assert reason("a.png", png_and_pdf) is Reason.DOCUMENT_TYPE_MISMATCH


@pytest.mark.parametrize(
    "name", ["", "../etc/passwd.pdf", "a/b.pdf", "a\\b.pdf", "a\x00.pdf", "a\n.pdf", "x" * 252 + ".pdf"]
)
def test_file_names_are_plain_names(name: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_upload(name, tiny_pdf("x"), INSPECTOR)
    assert refused.value.violations[0].field == "filename"


def test_a_decompression_bomb_is_not_an_image() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 M pixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    assert reason("bomb.png", out.getvalue()) is Reason.DOCUMENT_TYPE_NOT_ALLOWED


@settings(max_examples=200)
@given(st.binary(max_size=256), st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.exe", "noext", "a.pdf.exe"]))
def test_anything_else_is_refused_with_a_stable_reason(content: bytes, name: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_upload(name, content, INSPECTOR)
    assert refused.value.reason in (Reason.DOCUMENT_TYPE_NOT_ALLOWED, Reason.DOCUMENT_TYPE_MISMATCH)


def test_exactly_5mb_passes_one_byte_more_does_not() -> None:
    padded = tiny_pdf("big", MAX_DOCUMENT_BYTES)
    padded = padded[:-6] + b" " * (MAX_DOCUMENT_BYTES - len(padded)) + padded[-6:]
    assert len(padded) == MAX_DOCUMENT_BYTES
    assert check_upload("a.pdf", padded, INSPECTOR) == "application/pdf"
    assert reason("a.pdf", padded + b" ") is Reason.DOCUMENT_TOO_LARGE
