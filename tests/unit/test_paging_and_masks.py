"""Page tokens round-trip, are bound to their request and signed; masks copy exactly the named paths."""

from __future__ import annotations

import base64
import json

import pytest
from cpmi.matching.v1 import application_pb2, vacancy_pb2
from hypothesis import given
from hypothesis import strategies as st

from matcher.errors import InvalidArgument
from matcher.paging import page_request
from matcher.registration import HealthCertificate, RegistrationForm, Relatives
from matcher.update_masks import apply_mask
from server.api.page_tokens import PageTokens

TOKENS = PageTokens(b"test key")
LISTING = vacancy_pb2.ListVacanciesRequest(country_code="SA", query="perawat")


def refused(request: vacancy_pb2.ListVacanciesRequest | application_pb2.ListApplicationsRequest) -> str:
    with pytest.raises(InvalidArgument) as refusal:
        TOKENS.request(request)
    assert refusal.value.violations[0].field == "page_token"
    return refusal.value.reason.value


@given(st.lists(st.text(max_size=30), min_size=1, max_size=4).map(tuple))
def test_tokens_round_trip(position: tuple[str, ...]) -> None:
    token = TOKENS.encode(LISTING, position)
    following = vacancy_pb2.ListVacanciesRequest(country_code="SA", query="perawat", page_token=token, page_size=7)
    assert TOKENS.request(following).after == position


@given(st.text(min_size=1, max_size=200))
def test_garbage_tokens_are_invalid_page_tokens(token: str) -> None:
    assert refused(vacancy_pb2.ListVacanciesRequest(page_token=token)) == "INVALID_PAGE_TOKEN"


def test_a_token_serves_only_the_request_it_continues() -> None:
    token = TOKENS.encode(LISTING, ("2026-11-01", "v1"))
    assert refused(vacancy_pb2.ListVacanciesRequest(country_code="HK", query="perawat", page_token=token))
    assert refused(application_pb2.ListApplicationsRequest(parent="companies/x", page_token=token))
    other_key = PageTokens(b"another deployment").encode(LISTING, ("2026-11-01", "v1"))
    assert refused(vacancy_pb2.ListVacanciesRequest(country_code="SA", query="perawat", page_token=other_key))


def test_a_hand_made_token_is_refused() -> None:
    payload = base64.urlsafe_b64encode(json.dumps([1, "x", ["9999"]]).encode()).decode().rstrip("=")
    assert refused(vacancy_pb2.ListVacanciesRequest(page_token=payload)) == "INVALID_PAGE_TOKEN"
    assert refused(vacancy_pb2.ListVacanciesRequest(page_token=payload + ".AAAA")) == "INVALID_PAGE_TOKEN"


def test_page_size_defaults_and_caps() -> None:
    assert page_request(0).size == 50
    assert page_request(10_000).size == 500
    with pytest.raises(InvalidArgument):
        page_request(-1)


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
