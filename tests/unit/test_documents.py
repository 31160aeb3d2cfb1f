"""Document type is told by content; size is capped at 5 MB."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.documents import MAX_DOCUMENT_BYTES, check_upload
from matcher.errors import InvalidArgument, Reason


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("a.pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("a.PNG", b"\x89PNG\r\n\x1a\n...", "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0...", "image/jpeg"),
        ("a.jpeg", b"\xff\xd8\xff\xe1...", "image/jpeg"),
    ],
)
def test_allowed_types(name: str, content: bytes, mime: str) -> None:
    assert check_upload(name, content) == mime


@given(st.binary(max_size=64), st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.exe", "noext", "a.pdf.exe"]))
def test_anything_else_is_refused_with_a_stable_reason(content: bytes, name: str) -> None:
    try:
        check_upload(name, content)
    except InvalidArgument as problem:
        assert problem.reason is Reason.DOCUMENT_TYPE_NOT_ALLOWED
    else:
        assert content[:3] in (b"%PD", b"\x89PN", b"\xff\xd8\xff")


def test_exactly_5mb_passes_one_byte_more_does_not() -> None:
    head = b"%PDF-1.7\n"
    assert check_upload("a.pdf", head + b"0" * (MAX_DOCUMENT_BYTES - len(head)))
    with pytest.raises(InvalidArgument) as caught:
        check_upload("a.pdf", head + b"0" * (MAX_DOCUMENT_BYTES - len(head) + 1))
    assert caught.value.reason is Reason.DOCUMENT_TOO_LARGE
