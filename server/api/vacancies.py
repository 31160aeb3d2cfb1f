"""VacancyService: P3MI post, change and close vacancies; everyone signed in can search."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import vacancy_pb2 as pb
from cpmi.matching.v1 import vacancy_pb2_grpc

from matcher.catalogue import Suggestion
from matcher.ports import VacancyFilter
from matcher.principal import Principal, Role
from matcher.services.vacancies import VacancyService
from matcher.vacancy import Openings, Vacancy, VacancyState
from server.api.handler import rpc
from server.api.names import VacancyNames, vacancy_name
from server.api.page_tokens import PageTokens
from server.api.translate import from_proto, request_key, resource_id, timestamp, to_proto
from server.security.tokens import TokenVerifier

EVERYONE = (Role.CANDIDATE, Role.DINAS, Role.P3MI, Role.OPERATOR)


class VacancyServicer(vacancy_pb2_grpc.VacancyServiceServicer):
    def __init__(
        self, service: VacancyService, verifier: TokenVerifier, pages: PageTokens, names: VacancyNames
    ) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages
        self.names = names

    @rpc(Role.P3MI)
    def CreateVacancy(
        self, request: pb.CreateVacancyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Vacancy:
        company_id = resource_id(request.parent, "companies", "parent")
        draft = vacancy_from_proto(request.vacancy, "", company_id)
        return vacancy_to_proto(self.service.create(caller, company_id, draft, request_key(request)))

    @rpc(*EVERYONE)
    def GetVacancy(self, request: pb.GetVacancyRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Vacancy:
        return vacancy_to_proto(self.service.get(caller, self.names.vacancy_id(request.name, "name")))

    @rpc(Role.P3MI)
    def UpdateVacancy(
        self, request: pb.UpdateVacancyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Vacancy:
        vacancy_id = self.names.vacancy_id(request.vacancy.name, "vacancy.name")
        incoming = vacancy_from_proto(request.vacancy, vacancy_id, caller.subject)
        updated = self.service.update(
            caller, vacancy_id, incoming, list(request.update_mask.paths), request.vacancy.etag, request_key(request)
        )
        return vacancy_to_proto(updated)

    @rpc(Role.P3MI)
    def CloseVacancy(
        self, request: pb.CloseVacancyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Vacancy:
        vacancy_id = self.names.vacancy_id(request.name, "name")
        return vacancy_to_proto(self.service.close(caller, vacancy_id, request.etag, request_key(request)))

    @rpc(*EVERYONE)
    def ListVacancies(
        self, request: pb.ListVacanciesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListVacanciesResponse:
        where = VacancyFilter(
            country_code=request.country_code.upper(),
            occupation_code=request.occupation_code,
            company_id=resource_id(request.company, "companies", "company") if request.company else "",
            include_closed=request.include_closed,
        )
        page = self.service.search(caller, where, request.query, self.pages.request(request))
        return pb.ListVacanciesResponse(
            vacancies=[vacancy_to_proto(v) for v in page.items], next_page_token=self.pages.next_token(request, page)
        )

    @rpc(*EVERYONE)
    def ListSimilarVacancies(
        self, request: pb.ListSimilarVacanciesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListVacanciesResponse:
        vacancy_id = self.names.vacancy_id(request.name, "name")
        similar = self.service.similar(caller, vacancy_id, request.page_size)
        return pb.ListVacanciesResponse(vacancies=[vacancy_to_proto(v) for v in similar])

    @rpc(*EVERYONE)
    def SuggestOccupations(
        self, request: pb.SuggestOccupationsRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.SuggestOccupationsResponse:
        return pb.SuggestOccupationsResponse(
            suggestions=[suggestion_to_proto(s) for s in self.service.suggest(request.title, request.limit)]
        )


def vacancy_from_proto(message: pb.Vacancy, vacancy_id: str, company_id: str) -> Vacancy:
    """What a P3MI may write; filled, state and version are the service's."""
    return from_proto(
        Vacancy, message, "vacancy", id=vacancy_id, company_id=company_id, filled=Openings(), state=VacancyState.OPEN
    )


def vacancy_to_proto(vacancy: Vacancy) -> pb.Vacancy:
    message = pb.Vacancy(
        name=vacancy_name(vacancy.company_id, vacancy.id),
        company=vacancy.company,
        etag=vacancy.etag,
        update_time=timestamp(vacancy.updated_at),
    )
    return to_proto(message, vacancy)


def suggestion_to_proto(suggestion: Suggestion) -> pb.OccupationSuggestion:
    occupation = suggestion.occupation
    return pb.OccupationSuggestion(
        occupation_code=occupation.code,
        title_id=occupation.title_id,
        title_en=occupation.title_en,
        score=suggestion.score,
    )
