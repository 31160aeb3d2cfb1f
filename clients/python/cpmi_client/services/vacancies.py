"""VacancyService: a P3MI's vacancies, search, similar vacancies and occupation suggestions."""

from __future__ import annotations

import builtins

from cpmi.matching.v1 import vacancy_pb2, vacancy_pb2_grpc
from google.protobuf import field_mask_pb2

from cpmi_client.pager import Pager
from cpmi_client.transport import Transport


class VacanciesClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = vacancy_pb2_grpc.VacancyServiceStub(transport.channel)

    def create(self, company_id: str, vacancy: vacancy_pb2.Vacancy, *, request_id: str = "") -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.CreateVacancyRequest(
            parent=f"companies/{company_id}", vacancy=vacancy, request_id=request_id
        )
        return self._transport.call(self.stub.CreateVacancy, request)

    def get(self, name: str) -> vacancy_pb2.Vacancy:
        return self._transport.call(self.stub.GetVacancy, vacancy_pb2.GetVacancyRequest(name=name))

    def update(
        self, vacancy: vacancy_pb2.Vacancy, update_mask: list[str] | None = None, *, request_id: str = ""
    ) -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.UpdateVacancyRequest(
            vacancy=vacancy, update_mask=field_mask_pb2.FieldMask(paths=update_mask or []), request_id=request_id
        )
        return self._transport.call(self.stub.UpdateVacancy, request)

    def close(self, name: str, *, etag: str = "", request_id: str = "") -> vacancy_pb2.Vacancy:
        request = vacancy_pb2.CloseVacancyRequest(name=name, etag=etag, request_id=request_id)
        return self._transport.call(self.stub.CloseVacancy, request)

    def list(
        self,
        *,
        country_code: str = "",
        occupation_code: str = "",
        query: str = "",
        company_id: str = "",
        include_closed: bool = False,
        page_size: int = 0,
    ) -> Pager[vacancy_pb2.Vacancy]:
        request = vacancy_pb2.ListVacanciesRequest(
            country_code=country_code,
            occupation_code=occupation_code,
            query=query,
            company=f"companies/{company_id}" if company_id else "",
            include_closed=include_closed,
            page_size=page_size,
        )
        return self._transport.pages(self.stub.ListVacancies, request, "vacancies")

    def list_similar(self, name: str, *, limit: int = 0) -> builtins.list[vacancy_pb2.Vacancy]:
        request = vacancy_pb2.ListSimilarVacanciesRequest(name=name, page_size=limit)
        return builtins.list(self._transport.call(self.stub.ListSimilarVacancies, request).vacancies)

    def suggest_occupations(self, title: str, *, limit: int = 0) -> builtins.list[vacancy_pb2.OccupationSuggestion]:
        request = vacancy_pb2.SuggestOccupationsRequest(title=title, limit=limit)
        return builtins.list(self._transport.call(self.stub.SuggestOccupations, request).suggestions)
