"""What changes shows up in the very next query: a verification, a revoked certificate,
a closed vacancy. And a candidate breaking four rules hears all four."""

from __future__ import annotations

from cpmi.matching.v1 import eligibility_pb2, vacancy_pb2
from google.type import date_pb2

from matcher.clock import FixedClock
from matcher.principal import Role
from tests.conftest import ClientFor
from tests.story import SEED_COMPANY, register_job_seeker, seed_form_proto, submitted_candidate, upload_scans, vacancy


def test_changes_show_up_in_the_next_query(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    p3mi = client_for(Role.P3MI, SEED_COMPANY)
    posted = p3mi.create_vacancy(SEED_COMPANY, vacancy("Pekerja Rumah Tangga", "MY", clock.today()))
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    assert "REGISTRATION_NOT_VERIFIED" in [
        r.code for r in candidate.check_eligibility(candidate_id, posted.name).reasons
    ]

    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag)
    assert candidate.check_eligibility(candidate_id, posted.name).eligible
    query = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=posted.name)
    ops = client_for(Role.OPERATOR, "ops")
    assert f"candidates/{candidate_id}" in {c.candidate for c in ops.list_eligible_candidates(query)}

    certificate = candidate.list_certificates(candidate_id)[0]
    assert certificate.occupation_code == "9111" and certificate.expiry_date.year == certificate.issue_date.year + 3
    client_for(Role.OPERATOR, "ops").revoke_certificate(candidate_id, certificate.bnsp_number, reason="dicabut BNSP")
    assert [r.code for r in candidate.check_eligibility(candidate_id, posted.name).reasons] == ["CERTIFICATE_REVOKED"]
    assert f"candidates/{candidate_id}" not in {c.candidate for c in ops.list_eligible_candidates(query)}

    p3mi.close_vacancy(posted.name)
    assert "VACANCY_CLOSED" in [r.code for r in candidate.check_eligibility(candidate_id, posted.name).reasons]


def test_a_candidate_breaking_four_rules_gets_four_reasons(
    client_for: ClientFor, clock: FixedClock, candidate_id: str
) -> None:
    """Verified, but 17 years old with a stale health letter, asking about a Saudi household
    vacancy that also wants candidates of 25 or more."""
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    form = seed_form_proto(upload_scans(candidate, candidate_id), clock.today(), "1307105506090007")
    form.health_certificate.issue_date.CopyFrom(date_pb2.Date(year=2025, month=6, day=1))
    draft = candidate.update_registration(candidate_id, form)
    submitted = candidate.submit_registration(candidate_id, etag=draft.etag)
    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag)

    p3mi = client_for(Role.P3MI, SEED_COMPANY)
    saudi = vacancy("House Worker", "SA", clock.today(), employer=vacancy_pb2.EMPLOYER_TYPE_INDIVIDUAL)
    saudi.min_age = 25
    posted = p3mi.create_vacancy(SEED_COMPANY, saudi)
    decision = candidate.check_eligibility(candidate_id, posted.name)
    assert [r.code for r in decision.reasons] == [
        "UNDER_MINIMUM_AGE",
        "OUTSIDE_VACANCY_AGE_RANGE",
        "HEALTH_CERTIFICATE_TOO_OLD",
        "DESTINATION_CLOSED",
    ]
    age = decision.reasons[0]
    assert (age.facts["age"], age.facts["min_age"]) == ("17", "21"), "SPSK: domestic work in Saudi Arabia from 21"
    assert age.message_id == "Usia 17 tahun di bawah batas minimal 21 tahun"
    assert age.message_en == "Age 17 is below the minimum of 21"
