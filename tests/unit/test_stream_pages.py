"""A page of eligible candidates as the servicer cuts it (each entry's prepared bytes joined,
then the token and the policy version) is byte for byte the reply message serialised the
slow way, whichever view (pseudonymous or not) and whatever the entries hold (issue 26: the
guard for cutting pages from prepared bytes)."""

from __future__ import annotations

from datetime import date

from cpmi.matching.v1 import eligibility_pb2 as pb
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.nik import Gender
from matcher.services.eligibility import EligibleCandidate
from matcher.snapshots import CandidateSnapshot
from server.api.eligibility import candidate_to_proto
from server.api.prepared import Prepared, entries, string_field

_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
_code = st.text("0123456789", min_size=0, max_size=6)


@st.composite
def _entries(draw: st.DrawFn) -> EligibleCandidate:
    pseudonymous = draw(st.booleans())
    snapshot = CandidateSnapshot(
        draw(_text),
        True,
        draw(st.sampled_from([None, Gender.MALE, Gender.FEMALE])),
        draw(st.none() | st.dates(date(1950, 1, 1), date(2010, 12, 31))),
        draw(_code),
    )
    shown = ("~" if pseudonymous else "") + draw(_text)
    age = 0 if pseudonymous else draw(st.integers(0, 120))
    return EligibleCandidate(
        snapshot,
        shown,
        age,
        draw(st.sampled_from(["", "18-24", "25-34", "35-44", "45+"])),
        "" if pseudonymous else draw(_text),
        tuple(draw(st.lists(_code, max_size=4))),
        pseudonymous,
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(_entries(), max_size=40), _text, _text)
def test_page_bytes_are_the_message_serialised(found: list[EligibleCandidate], token: str, version: str) -> None:
    prepared: Prepared[EligibleCandidate] = Prepared(candidate_to_proto)
    fast = entries(prepared.entry(c) for c in found) + string_field(2, token) + string_field(3, version)
    again = entries(prepared.entry(c) for c in found) + string_field(2, token) + string_field(3, version)
    slow = pb.ListEligibleCandidatesResponse(
        candidates=[candidate_to_proto(c) for c in found], next_page_token=token, policy_version=version
    ).SerializeToString(deterministic=True)
    assert fast == slow
    assert again == fast  # a prepared entry is served as made
    assert pb.ListEligibleCandidatesResponse.FromString(fast).candidates == [candidate_to_proto(c) for c in found]
