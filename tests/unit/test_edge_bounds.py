"""The edge's shortcut and its walk of every field must agree: a request the shortcut lets
through unwalked is one the walk would have found nothing wrong with."""

from __future__ import annotations

from cpmi.matching.v1 import eligibility_pb2, registration_pb2
from google.protobuf.message import Message
from hypothesis import given, settings
from hypothesis import strategies as st

from server.api.field_bounds_check import bound_violations, surely_within_bounds

letters = st.characters(min_codepoint=0, max_codepoint=0x2FF)
# Short ones, and ones about as long as the bounds (200 characters and the like).
text = st.text(alphabet=letters, max_size=20) | st.text(alphabet=letters, min_size=20, max_size=520)


def _shortcut(request: Message) -> bool:
    return surely_within_bounds(request.DESCRIPTOR)(request.SerializeToString(), request)


def _agrees(request: Message) -> None:
    if _shortcut(request):
        assert bound_violations(request) == [], "the shortcut let through what the walk refuses"


@settings(max_examples=300, deadline=None)
@given(text, text, st.none() | st.integers(0, 9999))
def test_check_eligibility_shortcut_never_skips_a_violation(candidate: str, vacancy: str, year: int | None) -> None:
    request = eligibility_pb2.CheckEligibilityRequest(candidate=candidate, vacancy=vacancy)
    if year is not None:
        request.reference_date.year, request.reference_date.month, request.reference_date.day = year, 1, 1
    _agrees(request)


@settings(max_examples=200, deadline=None)
@given(text, text, text)
def test_bounded_messages_shortcut_never_skips_a_violation(name: str, phone: str, nik: str) -> None:
    request = registration_pb2.FamilyCard(head_of_family_nik=nik, number=name)
    _agrees(request)
    contact = registration_pb2.EmergencyContact(name=name, phone_number=phone)
    _agrees(contact)


def test_the_shortcut_takes_the_common_request() -> None:
    request = eligibility_pb2.CheckEligibilityRequest(candidate="candidates/c-1", vacancy="vacancies/v-1")
    assert _shortcut(request)
    form = registration_pb2.RegistrationForm()  # dates sit deeper: always walked
    assert not _shortcut(form)
