"""The language of messages for people, from an accept-language header."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.observability.call_context import preferred_locale


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("", "id-ID"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("id-ID,id;q=0.9,en;q=0.8", "id-ID"),
        ("jv, id;q=0.5, en;q=0.4", "id-ID"),
        ("fr, en;q=0.1", "en"),
        ("en;q=0, id;q=0.1", "id-ID"),
        ("en;q=abc, id", "id-ID"),
        ("in", "id-ID"),
        ("zh-TW", "id-ID"),
    ],
)
def test_the_first_of_our_languages_by_weight(header: str, locale: str) -> None:
    assert preferred_locale(header) == locale


@given(st.text(max_size=300))
def test_any_header_gives_one_of_our_languages(header: str) -> None:
    assert preferred_locale(header) in {"id-ID", "en"}
