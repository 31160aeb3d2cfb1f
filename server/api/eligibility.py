"""EligibilityService: single and batch decisions, eligible vacancies and candidates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import grpc
from cpmi.matching.v1 import eligibility_pb2 as pb
from cpmi.matching.v1 import eligibility_pb2_grpc

from matcher.nik import Gender
from matcher.paging import Page, PageRequest
from matcher.principal import Principal, Role
from matcher.rules.decision import Decision, ReasonDetail
from matcher.rules.policy import InForce, LegalBasis
from matcher.services.eligibility import CandidateFilter, EligibilityService, EligibleCandidate
from matcher.vacancy import Vacancy
from server.api.handler import rpc, rpc_stream
from server.api.names import VacancyNames, vacancy_name
from server.api.page_tokens import PageTokens
from server.api.prepared import Prepared, entries, string_field
from server.api.translate import date_field, enum_field, enum_value, proto_date, resource_id
from server.api.vacancies import vacancy_to_proto
from server.security.tokens import TokenVerifier

MAX_CANDIDATE_PAGE = 1000


class EligibilityServicer(eligibility_pb2_grpc.EligibilityServiceServicer):
    def __init__(
        self,
        service: EligibilityService,
        verifier: TokenVerifier,
        pages: PageTokens,
        names: VacancyNames,
        require_fresh: Callable[[], None],
    ) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages
        self.names = names
        # Every answer here comes from this replica's indexes: none from a view known stale.
        self.require_fresh = require_fresh
        self._vacancies: Prepared[Vacancy] = Prepared(vacancy_to_proto)
        self._candidates: Prepared[EligibleCandidate] = Prepared(candidate_to_proto)

    @rpc(Role.CANDIDATE, Role.P3MI, Role.OPERATOR, inline=True)
    def CheckEligibility(
        self, request: pb.CheckEligibilityRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.EligibilityDecision:
        self.require_fresh()
        candidate_id, vacancy_id, day = self._pair(request)
        return decision_to_proto(self.service.check(caller, candidate_id, vacancy_id, day))

    @rpc(Role.CANDIDATE, Role.P3MI, Role.OPERATOR)
    def BatchCheckEligibility(
        self, request: pb.BatchCheckEligibilityRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.BatchCheckEligibilityResponse:
        self.require_fresh()
        decisions = self.service.check_batch(caller, [self._pair(r) for r in request.requests])
        return pb.BatchCheckEligibilityResponse(decisions=[decision_to_proto(d) for d in decisions])

    @rpc(Role.CANDIDATE, Role.OPERATOR, inline=True)
    def ListEligibleVacancies(
        self, request: pb.ListEligibleVacanciesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> bytes:
        """A ListVacanciesResponse put together from each vacancy's prepared entry (answered
        on the loop: the sets make it a matter of microseconds)."""
        self.require_fresh()
        candidate_id = resource_id(request.candidate, "candidates", "candidate")
        page = self.service.eligible_vacancies(caller, candidate_id, self.pages.request(request))
        found = entries(self._vacancies.entry(v) for v in page.items)
        return found + string_field(2, self.pages.next_token(request, page))

    @rpc(Role.P3MI, Role.OPERATOR, inline=True)
    def ListEligibleCandidates(
        self, request: pb.ListEligibleCandidatesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> bytes:
        self.require_fresh()
        paging = self.pages.request(request, default=100, maximum=MAX_CANDIDATE_PAGE)
        page = self._candidates_page(request, caller, paging)
        return self._candidates_reply(page, self.pages.next_token(request, page))

    @rpc_stream(Role.P3MI, Role.OPERATOR)
    def StreamEligibleCandidates(
        self, request: pb.StreamEligibleCandidatesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> Iterator[bytes]:
        self.require_fresh()
        paging = self.pages.request(request.query, default=100, maximum=MAX_CANDIDATE_PAGE)
        while True:  # the stream ends when the client goes away (the loop stops pulling)
            page = self._candidates_page(request.query, caller, paging)
            yield self._candidates_reply(page, self.pages.next_token(request.query, page))
            if page.next_after is None:
                return
            paging = PageRequest(paging.size, page.next_after)

    def _candidates_reply(self, page: Page[EligibleCandidate], next_token: str) -> bytes:
        """A ListEligibleCandidatesResponse from each candidate's prepared entry."""
        found = entries(self._candidates.entry(c) for c in page.items)
        return found + string_field(2, next_token) + string_field(3, self.service.policy_version())

    def _candidates_page(
        self, request: pb.ListEligibleCandidatesRequest, caller: Principal, paging: PageRequest
    ) -> Page[EligibleCandidate]:
        vacancy_id = self.names.vacancy_id(request.vacancy, "vacancy")
        where = CandidateFilter(
            gender=enum_field(request, "gender", Gender),
            region_prefix=request.region_prefix,
            min_age=request.min_age,
            max_age=request.max_age,
        )
        return self.service.eligible_candidates(caller, vacancy_id, where, paging)

    def _pair(self, request: pb.CheckEligibilityRequest) -> tuple[str, str, date | None]:
        return (
            resource_id(request.candidate, "candidates", "candidate"),
            self.names.vacancy_id(request.vacancy, "vacancy"),
            date_field(request, "reference_date"),
        )


def decision_to_proto(decision: Decision) -> pb.EligibilityDecision:
    return pb.EligibilityDecision(
        decision_id=decision.decision_id,
        candidate=f"candidates/{decision.candidate_id}",
        vacancy=vacancy_name(decision.company_id, decision.vacancy_id),
        eligible=decision.eligible,
        reasons=[_reason_to_proto(r) for r in decision.reasons],
        policy_version=decision.policy_version,
        reference_date=proto_date(decision.reference_date),
    )


# Reasons are rendered once per distinct set of values (matcher/rules/decision.py) and
# repeat across decisions: their messages are built once too. An entry holds its
# reason, so an id is never reused while its entry lives.
MAX_REASON_MESSAGES = 100_000
_reason_messages: dict[int, tuple[ReasonDetail, pb.IneligibilityReason]] = {}


def _reason_to_proto(reason: ReasonDetail) -> pb.IneligibilityReason:
    found = _reason_messages.get(id(reason))
    if found is not None and found[0] is reason:
        return found[1]
    message = pb.IneligibilityReason(
        code=reason.code, message_id=reason.text.id, message_en=reason.text.en, facts=reason.facts
    )
    if reason.legal_basis is not None:
        message.legal_basis.CopyFrom(legal_basis_to_proto(reason.legal_basis, reason.in_force))
    if len(_reason_messages) >= MAX_REASON_MESSAGES:
        _reason_messages.clear()
    _reason_messages[id(reason)] = (reason, message)
    return message


def legal_basis_to_proto(basis: LegalBasis, in_force: InForce) -> pb.LegalBasis:
    message = pb.LegalBasis(
        instrument=basis.instrument,
        article=basis.article,
        published_in=basis.published_in,
        verified=basis.verified,
        note=basis.note,
        operational=basis.operational,
    )
    if in_force.effective_from is not None:
        message.effective_from.CopyFrom(proto_date(in_force.effective_from))
    if in_force.effective_until is not None:
        message.effective_until.CopyFrom(proto_date(in_force.effective_until))
    return message


def candidate_to_proto(found: EligibleCandidate) -> pb.EligibleCandidate:
    item = pb.EligibleCandidate(
        candidate=f"candidates/{found.shown_id}",
        age=found.age,
        regency_code=found.candidate.regency_code,
        certificate_number=found.certificate_number,
        age_band=found.age_band,
        occupation_codes=found.occupation_codes,
        pseudonymous=found.pseudonymous,
    )
    item.gender = enum_value(item, "gender", found.candidate.gender)  # type: ignore[assignment]
    return item
