"""The edge: bytes that are not a message, invalid UTF-8, NULs and oversized fields are
INVALID_ARGUMENT naming what is wrong, on every method, before anything else runs."""

from __future__ import annotations

import grpc
import pytest
from cpmi.matching.v1 import eligibility_pb2, registration_pb2, vacancy_pb2, vacancy_pb2_grpc
from google.rpc import error_details_pb2
from google.type import date_pb2, money_pb2
from grpc_status import rpc_status

from matcher.principal import Role
from server.api.malformed import invalid_utf8_field
from server.app import SERVICE_NAMES
from server.security.tokens import issue_token
from tests.conftest import SECRET


def every_method() -> list[tuple[str, bool]]:
    from google.protobuf import descriptor_pool

    pool = descriptor_pool.Default()
    return [
        (f"/{name}/{method.name}", method.server_streaming)
        for name in SERVICE_NAMES
        for method in pool.FindServiceByName(name).methods
    ]


def raw_call(target: str, method: str, payload: bytes, streaming: bool = False) -> grpc.RpcError:
    token = issue_token(SECRET, Role.OPERATOR, "ops")
    with grpc.insecure_channel(target) as channel:
        factory = channel.unary_stream if streaming else channel.unary_unary
        call = factory(method, request_serializer=None, response_deserializer=None)
        try:
            result = call(payload, timeout=5, metadata=(("authorization", f"Bearer {token}"),))
            if streaming:
                list(result)
        except grpc.RpcError as error:
            return error
    raise AssertionError(f"{method} accepted {payload!r}")


def reason_and_fields(error: grpc.RpcError) -> tuple[str, list[str]]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, error
    reason, fields = "", []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields = [v.field for v in bad.field_violations]
    return reason, fields


@pytest.mark.parametrize(("method", "streaming"), every_method())
def test_bytes_that_are_no_message_are_invalid_argument_on_every_method(
    target: str, method: str, streaming: bool
) -> None:
    error = raw_call(target, method, b"\xff\xff\xff\xff\xff", streaming)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, (method, error.details())
    assert reason_and_fields(error)[0] == "MALFORMED_REQUEST"


def test_invalid_utf8_is_named_by_its_field(target: str) -> None:
    good = vacancy_pb2.ListVacanciesRequest(query="perawat").SerializeToString()
    bad = good.replace(b"perawat", b"per\xc3\x28wat")
    error = raw_call(target, "/cpmi.matching.v1.VacancyService/ListVacancies", bad)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert reason_and_fields(error) == ("MALFORMED_REQUEST", ["query"])


def test_the_utf8_walker_finds_nested_fields() -> None:
    request = registration_pb2.UpdateRegistrationRequest(
        registration=registration_pb2.Registration(
            form=registration_pb2.RegistrationForm(ktp=registration_pb2.KtpIdentity(nik="ABCDEF"))
        )
    )
    data = request.SerializeToString().replace(b"ABCDEF", b"AB\xffDEF")
    found = invalid_utf8_field(registration_pb2.UpdateRegistrationRequest.DESCRIPTOR, data)
    assert found == "registration.form.ktp.nik"


@pytest.mark.parametrize(
    ("method", "request_", "field"),
    [
        ("/cpmi.matching.v1.VacancyService/ListVacancies", vacancy_pb2.ListVacanciesRequest(query="x" * 201), "query"),
        (
            "/cpmi.matching.v1.VacancyService/SuggestOccupations",
            vacancy_pb2.SuggestOccupationsRequest(title="kata " * 10_000),
            "title",
        ),
        (
            "/cpmi.matching.v1.EligibilityService/CheckEligibility",
            eligibility_pb2.CheckEligibilityRequest(candidate="candidates/a\x00b", vacancy="vacancies/v"),
            "candidate",
        ),
        (
            "/cpmi.matching.v1.EligibilityService/BatchCheckEligibility",
            eligibility_pb2.BatchCheckEligibilityRequest(
                requests=[eligibility_pb2.CheckEligibilityRequest(candidate="candidates/a")] * 1001
            ),
            "requests",
        ),
        (
            "/cpmi.matching.v1.EligibilityService/CheckEligibility",
            eligibility_pb2.CheckEligibilityRequest(
                candidate="candidates/a",
                vacancy="vacancies/v",
                reference_date=date_pb2.Date(year=20000, month=1, day=1),
            ),
            "reference_date",
        ),
        (
            "/cpmi.matching.v1.RegistrationService/UpdateRegistration",
            registration_pb2.UpdateRegistrationRequest(
                registration=registration_pb2.Registration(
                    name="candidates/a/registration",
                    form=registration_pb2.RegistrationForm(
                        emergency_contacts=[registration_pb2.EmergencyContact(address="jalan " * 200)]
                    ),
                )
            ),
            "registration.form.emergency_contacts[0].address",
        ),
    ],
)
def test_fields_past_their_documented_maximum_are_named(target: str, method: str, request_, field: str) -> None:
    error = raw_call(target, method, request_.SerializeToString())
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert reason_and_fields(error) == ("INVALID_FIELDS", [field])


@pytest.mark.parametrize(
    ("method", "request_", "field"),
    [
        ("/cpmi.matching.v1.VacancyService/ListVacancies", vacancy_pb2.ListVacanciesRequest(page_size=-1), "page_size"),
        (
            "/cpmi.matching.v1.VacancyService/ListSimilarVacancies",
            vacancy_pb2.ListSimilarVacanciesRequest(name="vacancies/x", page_size=-5),
            "page_size",
        ),
        (
            "/cpmi.matching.v1.VacancyService/SuggestOccupations",
            vacancy_pb2.SuggestOccupationsRequest(title="perawat", limit=-1),
            "limit",
        ),
    ],
)
def test_negative_sizes_and_limits_are_invalid(target: str, method: str, request_, field: str) -> None:
    error = raw_call(target, method, request_.SerializeToString())
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert reason_and_fields(error) == ("INVALID_FIELDS", [field])


def oversized_requests() -> list[tuple[str, bytes, str]]:
    """For every string, bytes and repeated field a request can carry: the request with just
    that field one past its documented maximum, and the path the refusal must name."""
    from google.protobuf import descriptor_pool
    from google.protobuf.descriptor import Descriptor, FieldDescriptor
    from google.protobuf.message_factory import GetMessageClass

    from server.api.field_bounds import FIELD_BOUNDS

    found: list[tuple[str, bytes, str]] = []

    def walk(
        method: str, root: Descriptor, descriptor: Descriptor, trail: list[FieldDescriptor], seen: set[str]
    ) -> None:
        bounds = FIELD_BOUNDS.get(descriptor.full_name, {})
        for field in descriptor.fields:
            inner = field.message_type
            if inner is not None and inner.full_name.startswith("cpmi.") and inner.full_name not in seen:
                walk(method, root, inner, [*trail, field], seen | {inner.full_name})
            for unit in ("characters", "bytes", "items"):
                most = bounds.get(f"{field.name}:{unit}")
                if most is not None:
                    found.append((method, *build(root, [*trail, field], unit, most)))

    def build(root: Descriptor, trail: list[FieldDescriptor], unit: str, most: int) -> tuple[bytes, str]:
        request = GetMessageClass(root)()
        target, path = request, []
        for parent in trail[:-1]:
            if parent.is_repeated:
                target, name = getattr(target, parent.name).add(), f"{parent.name}[0]"
            else:
                target, name = getattr(target, parent.name), parent.name
            path.append(name)
        leaf = trail[-1]
        path.append(leaf.name)
        if unit == "items":
            items = getattr(target, leaf.name)
            for _ in range(most + 1):
                items.add() if leaf.type == FieldDescriptor.TYPE_MESSAGE else items.append("x")
        elif leaf.type == FieldDescriptor.TYPE_BYTES:
            setattr(target, leaf.name, b"x" * (most + 1))
        elif leaf.is_repeated:
            getattr(target, leaf.name).append("x" * (most + 1))
            path[-1] += "[0]"
        else:
            setattr(target, leaf.name, "x" * (most + 1))
        return request.SerializeToString(), ".".join(path)

    pool = descriptor_pool.Default()
    for service in SERVICE_NAMES:
        for method in pool.FindServiceByName(service).methods:
            walk(f"/{service}/{method.name}", method.input_type, method.input_type, [], {method.input_type.full_name})
    return found


OVERSIZED = oversized_requests()


@pytest.mark.parametrize(
    ("method", "payload", "field"), OVERSIZED, ids=[f"{m.rpartition('/')[2]}:{f}" for m, _, f in OVERSIZED]
)
def test_every_field_past_its_maximum_is_refused_by_name(target: str, method: str, payload: bytes, field: str) -> None:
    error = raw_call(
        target, method, payload, streaming=method.endswith(("WatchApplications", "StreamEligibleCandidates"))
    )
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, error.details()
    reason, fields = reason_and_fields(error)
    assert reason in ("INVALID_FIELDS", "DOCUMENT_TOO_LARGE") and fields == [field], (reason, fields)


@pytest.mark.parametrize(
    ("money", "field"),
    [
        ({"currency_code": "SARSARSAR", "units": 3500}, "vacancy.salary_min.currency_code"),
        ({"currency_code": "SAR", "units": 3500, "nanos": 500_000_000}, "vacancy.salary_min.nanos"),
    ],
)
def test_a_salary_is_whole_units_of_a_bounded_currency_code(target: str, money: dict[str, object], field: str) -> None:
    """google.type.Money carries no bounds of its own: the edge gives it ours."""
    token = issue_token(SECRET, Role.P3MI, "pt-edge")
    request = vacancy_pb2.CreateVacancyRequest(
        parent="companies/pt-edge", vacancy=vacancy_pb2.Vacancy(title="Juru Masak", salary_min=money_pb2.Money(**money))
    )
    with grpc.insecure_channel(target) as channel, pytest.raises(grpc.RpcError) as refused:
        vacancy_pb2_grpc.VacancyServiceStub(channel).CreateVacancy(
            request, metadata=(("authorization", f"Bearer {token}"),), timeout=10
        )
    status = rpc_status.from_call(refused.value)  # type: ignore[arg-type]
    assert status is not None and refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details)
    assert [v.field for v in bad.field_violations] == [field]
