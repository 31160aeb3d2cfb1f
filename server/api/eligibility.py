"""EligibilityService: single and batch decisions, eligible vacancies and candidates."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date
from typing import Any

import grpc
from cpmi.matching.v1 import eligibility_pb2 as pb
from cpmi.matching.v1 import eligibility_pb2_grpc
from pyroaring import BitMap

from matcher.identity_cache import IdentityCache
from matcher.nik import Gender
from matcher.paging import Page, PageRequest
from matcher.principal import Principal, Role
from matcher.remedies import Remedy
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
from server.api.watch_tokens import WatchTokens
from server.replication.standing_queries import StandingQueries
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
        standing: StandingQueries,
        tokens: WatchTokens,
    ) -> None:
        self.standing = standing
        self.tokens = tokens
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

    @rpc_stream(Role.CANDIDATE, Role.OPERATOR)
    async def WatchEligibleVacancies(
        self, request: pb.WatchEligibleVacanciesRequest, caller: Principal, context: Any
    ) -> AsyncIterator[pb.EligibilityChange]:
        """A standing query (server/replication/standing_queries.py): each vacancy the
        candidate comes to fit, or stops fitting."""
        self.require_fresh()
        candidate_id = resource_id(request.candidate, "candidates", "candidate")
        known = self._known(request, "vacancies", candidate_id)

        def members() -> tuple[BitMap, str]:
            now = self.service.vacancies_now(caller, candidate_id)
            return now.members, now.policy_version

        async for change in self.standing.follow(caller, members, known, _opened(context), "eligible_vacancies"):
            vacancy = self.service.vacancy_at(change.member)
            message = pb.EligibilityChange(
                vacancy=vacancy_name(vacancy.company_id, vacancy.id),
                candidate=f"candidates/{candidate_id}",
                policy_version=change.policy_version,
                resume_token=self.tokens.encode("vacancies", candidate_id, change.known),
            )
            self._say(message, change.joined, caller, self.service.candidate_ordinal(candidate_id), change.member)
            yield message

    @rpc_stream(Role.P3MI, Role.OPERATOR)
    async def WatchEligibleCandidates(
        self, request: pb.WatchEligibleCandidatesRequest, caller: Principal, context: Any
    ) -> AsyncIterator[pb.EligibilityChange]:
        """The same for a vacancy's P3MI: candidates as it sees them in lists."""
        self.require_fresh()
        vacancy_id = self.names.vacancy_id(request.vacancy, "vacancy")
        known = self._known(request, "candidates", vacancy_id)

        def members() -> tuple[BitMap, str]:
            now = self.service.candidates_now(caller, vacancy_id)
            return now.members, now.policy_version

        async for change in self.standing.follow(caller, members, known, _opened(context), "eligible_candidates"):
            vacancy = self.service.vacancy(vacancy_id)
            message = pb.EligibilityChange(
                vacancy=vacancy_name(vacancy.company_id, vacancy.id),
                candidate=f"candidates/{self.service.as_seen(caller, change.member, vacancy)}",
                policy_version=change.policy_version,
                resume_token=self.tokens.encode("candidates", vacancy_id, change.known),
            )
            self._say(message, change.joined, caller, change.member, self.service.vacancy_ordinal(vacancy_id))
            yield message

    def _known(self, request: Any, kind: str, watched: str) -> BitMap | None:
        """What the client knows: its token's set, nothing (include_current), or the current set."""
        if request.resume_token:
            return self.tokens.decode(kind, watched, request.resume_token)
        return BitMap() if request.include_current else None

    def _say(
        self, message: pb.EligibilityChange, joined: bool, caller: Principal, candidate: int | None, vacancy: int | None
    ) -> None:
        message.change = (
            pb.EligibilityChange.CHANGE_BECAME_ELIGIBLE if joined else pb.EligibilityChange.CHANGE_NO_LONGER_ELIGIBLE
        )
        if joined or candidate is None or vacancy is None:
            return
        refusal = self.service.why_not(caller, candidate, vacancy)
        if refusal is not None:
            message.reasons.extend(_reason_to_proto(r) for r in refusal.reasons)

    @rpc(Role.CANDIDATE, Role.OPERATOR)
    def ListRemedies(
        self, request: pb.ListRemediesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListRemediesResponse:
        self.require_fresh()
        candidate_id = resource_id(request.candidate, "candidates", "candidate")
        report = self.service.remedies(caller, candidate_id)
        reply = pb.ListRemediesResponse(
            remedies=[
                pb.RemedyOption(
                    remedy=remedy_to_proto(option.remedy),
                    vacancies_opened=option.opened,
                    vacancies=[vacancy_name(v.company_id, v.id) for v in option.vacancies],
                )
                for option in report.options
            ],
            policy_version=report.policy_version,
        )
        if report.next_step is not None:
            reply.next_step.CopyFrom(remedy_to_proto(report.next_step))
        return reply

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
    message = pb.EligibilityDecision(
        decision_id=decision.decision_id,
        candidate=f"candidates/{decision.candidate_id}",
        vacancy=vacancy_name(decision.company_id, decision.vacancy_id),
        eligible=decision.eligible,
        reasons=[_reason_to_proto(r) for r in decision.reasons],
        policy_version=decision.policy_version,
        reference_date=proto_date(decision.reference_date),
    )
    if decision.next_step is not None:
        message.next_step.CopyFrom(remedy_to_proto(decision.next_step))
    placement = decision.placement
    if placement is not None:
        message.placement.CopyFrom(
            pb.Placement(
                vacancy=vacancy_name(placement.company_id, placement.vacancy_id),
                pp_verified=placement.pp_verified,
                this_vacancy=placement.here,
                message_id=placement.text.id,
                message_en=placement.text.en,
            )
        )
    return message


# Reasons are rendered once per distinct set of values (matcher/rules/decision.py) and
# repeat across decisions: their messages are built once too (by the reason's identity).
MAX_REASON_MESSAGES = 100_000
_reason_messages: IdentityCache[pb.IneligibilityReason] = IdentityCache(MAX_REASON_MESSAGES)


def _reason_to_proto(reason: ReasonDetail) -> pb.IneligibilityReason:
    return _reason_messages.get_or_make((reason,), (), lambda: _reason_message(reason))


def _reason_message(reason: ReasonDetail) -> pb.IneligibilityReason:
    message = pb.IneligibilityReason(
        code=reason.code,
        message_id=reason.text.id,
        message_en=reason.text.en,
        facts=reason.facts,
        about_candidate=reason.about_candidate,
    )
    if reason.legal_basis is not None:
        message.legal_basis.CopyFrom(legal_basis_to_proto(reason.legal_basis, reason.in_force))
    if reason.remedy is not None:
        message.remedy.CopyFrom(remedy_to_proto(reason.remedy))
    return message


def _opened(context: Any) -> Callable[[], Awaitable[None]]:
    async def opened() -> None:  # headers now: the client knows the watch is live
        await context.send_initial_metadata((("cpmi-watch", "open"),))

    return opened


def remedy_to_proto(remedy: Remedy) -> pb.Remedy:
    message = pb.Remedy(
        kind=pb.Remedy.Kind.Value(f"KIND_{remedy.kind.value}"),
        occupation_code=remedy.occupation_code,
        message_id=remedy.text.id,
        message_en=remedy.text.en,
    )
    if remedy.from_date is not None:
        message.from_date.CopyFrom(proto_date(remedy.from_date))
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
