"""EligibilityService: decisions, lists both ways, remedies and the standing queries."""

from __future__ import annotations

from collections.abc import Iterator

from cpmi.matching.v1 import eligibility_pb2, eligibility_pb2_grpc, vacancy_pb2
from google.type import date_pb2

from cpmi_client.pager import Pager
from cpmi_client.transport import Transport
from cpmi_client.watch import Watch

# Streaming every eligible candidate of a national query takes minutes, not seconds.
STREAM_TIMEOUT = 300.0


class EligibilityClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = eligibility_pb2_grpc.EligibilityServiceStub(transport.channel)

    def check(
        self, candidate_id: str, vacancy: str, *, reference_date: date_pb2.Date | None = None
    ) -> eligibility_pb2.EligibilityDecision:
        request = eligibility_pb2.CheckEligibilityRequest(
            candidate=f"candidates/{candidate_id}", vacancy=vacancy, reference_date=reference_date
        )
        return self._transport.call(self.stub.CheckEligibility, request)

    def batch_check(self, pairs: list[tuple[str, str]]) -> list[eligibility_pb2.EligibilityDecision]:
        """One decision per (candidate id, vacancy name) pair, in the order given."""
        request = eligibility_pb2.BatchCheckEligibilityRequest(
            requests=[eligibility_pb2.CheckEligibilityRequest(candidate=f"candidates/{c}", vacancy=v) for c, v in pairs]
        )
        return list(self._transport.call(self.stub.BatchCheckEligibility, request).decisions)

    def list_eligible_vacancies(self, candidate_id: str, *, page_size: int = 0) -> Pager[vacancy_pb2.Vacancy]:
        request = eligibility_pb2.ListEligibleVacanciesRequest(
            candidate=f"candidates/{candidate_id}", page_size=page_size
        )
        return self._transport.pages(self.stub.ListEligibleVacancies, request, "vacancies")

    def watch_eligible_vacancies(
        self, candidate_id: str, *, include_current: bool = False, resume_token: str = "", timeout: float | None = None
    ) -> Watch[eligibility_pb2.EligibilityChange]:
        """A standing query: each vacancy the candidate comes to fit or stops fitting, as it
        happens (with ``include_current``, first every one they fit now). After a break,
        resume on any replica with the last message's ``resume_token``."""
        request = eligibility_pb2.WatchEligibleVacanciesRequest(
            candidate=f"candidates/{candidate_id}", include_current=include_current, resume_token=resume_token
        )
        return self._transport.watch(self.stub.WatchEligibleVacancies, request, timeout)

    def watch_eligible_candidates(
        self, vacancy: str, *, include_current: bool = False, resume_token: str = "", timeout: float | None = None
    ) -> Watch[eligibility_pb2.EligibilityChange]:
        """The same for a vacancy's P3MI: each candidate who comes to fit it, or stops."""
        request = eligibility_pb2.WatchEligibleCandidatesRequest(
            vacancy=vacancy, include_current=include_current, resume_token=resume_token
        )
        return self._transport.watch(self.stub.WatchEligibleCandidates, request, timeout)

    def list_remedies(self, candidate_id: str) -> eligibility_pb2.ListRemediesResponse:
        """What the candidate can do, the step opening the most vacancies first."""
        request = eligibility_pb2.ListRemediesRequest(candidate=f"candidates/{candidate_id}")
        return self._transport.call(self.stub.ListRemedies, request)

    def list_eligible_candidates(
        self, query: eligibility_pb2.ListEligibleCandidatesRequest
    ) -> Pager[eligibility_pb2.EligibleCandidate]:
        return self._transport.pages(self.stub.ListEligibleCandidates, query, "candidates")

    def stream_eligible_candidates(
        self, query: eligibility_pb2.ListEligibleCandidatesRequest, *, timeout: float = STREAM_TIMEOUT
    ) -> Iterator[eligibility_pb2.ListEligibleCandidatesResponse]:
        """Every eligible candidate, streamed page by page (not retried: resume with a page token)."""
        request = eligibility_pb2.StreamEligibleCandidatesRequest(query=query)
        return self._transport.stream(self.stub.StreamEligibleCandidates, request, timeout)
