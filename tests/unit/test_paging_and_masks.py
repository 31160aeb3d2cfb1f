"""Page tokens round-trip and garbage is refused; masks copy exactly the named paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.errors import InvalidArgument
from matcher.masks import apply_mask
from matcher.paging import decode_token, encode_token, page_request
from matcher.registration import HealthCertificate, RegistrationForm, Relatives


@given(st.lists(st.text(max_size=30), min_size=1, max_size=4).map(tuple))
def test_tokens_round_trip(position: tuple[str, ...]) -> None:
    assert decode_token(encode_token(position)) == position


@given(st.text(max_size=40))
def test_garbage_tokens_are_invalid_arguments_not_crashes(token: str) -> None:
    try:
        decode_token(token)
    except InvalidArgument as problem:
        assert problem.violations[0].field == "page_token"


def test_page_size_defaults_and_caps() -> None:
    assert page_request(0, "").size == 50
    assert page_request(10_000, "").size == 500
    with pytest.raises(InvalidArgument):
        page_request(-1, "")


def test_a_mask_copies_only_its_paths() -> None:
    current = RegistrationForm(relatives=Relatives(father_name="A"), health_certificate=HealthCertificate(number="1"))
    incoming = RegistrationForm(health_certificate=HealthCertificate(number="2"))
    merged = apply_mask(current, incoming, ["form.health_certificate.number"], prefix="form.")
    assert merged.health_certificate.number == "2" and merged.relatives.father_name == "A"
    assert current.health_certificate.number == "1", "the current value is not changed in place"
    with pytest.raises(InvalidArgument):
        apply_mask(current, incoming, ["form.nope"], prefix="form.")
    with pytest.raises(InvalidArgument):
        apply_mask(current, incoming, ["ktp"], prefix="form.")
