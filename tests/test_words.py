"""The words a candidate reads, over the real gRPC path, in every state of the guide's flow.

One candidate goes from no registration to a verified placement agreement (no registration;
draft; Diajukan; Ditolak; revised and Terverifikasi; applied; Wawancara; Menunggu Verifikasi
PP; PP Telah Diverifikasi). In each state, every reason and every remedy on the seed's
vacancies (CheckEligibility), every step of ListRemedies and every refused Apply (its status
message, LocalizedMessage and PreconditionFailure, asked with accept-language id-ID and en)
is rendered in both languages and must read as words: no reason code, no resource id, no
bare country code, no placeholder, no bare similarity score. Then each wrong word once seen
is checked where it used to stand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import grpc
import pytest
from cpmi.matching.v1 import application_pb2, application_pb2_grpc, document_pb2, eligibility_pb2
from cpmi_client import Client
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import Openings
from server.api.translate import timestamp
from server.app import App
from server.security.tokens import issue_token
from server.seed.demo import demo_vacancies, tiny_pdf
from tests.conftest import SECRET, ClientFor
from tests.story import register_job_seeker, seed_form_proto, upload_scans

Kind = eligibility_pb2.Remedy.Kind

# What words must never hold.
CODE = re.compile(r"\b[A-Z]{2,}(_[A-Z0-9]+)+\b")
RESOURCE = re.compile(
    r"\b(candidates|companies|vacancies|applications|regencies)/|\b[0-9a-f]{32}\b|[0-9a-f]{8}-[0-9a-f]{4}-"
)
COUNTRY_CODE = re.compile(r"\b(SA|HK|JP|TW|MY|SG|KR|AE|QA|KW|OM|BH)\b")
PLACEHOLDER = re.compile(r"[{}]")
SCORE = re.compile(r"\b(kemiripan|similarity)\s+\d")


def words_problems(text: str, candidate_id: str) -> list[str]:
    problems = [
        name
        for name, pattern in (
            ("a code", CODE),
            ("a resource id", RESOURCE),
            ("a bare country code", COUNTRY_CODE),
            ("a placeholder", PLACEHOLDER),
            ("a bare score", SCORE),
        )
        if pattern.search(text)
    ]
    if candidate_id in text:
        problems.append("the candidate's id")
    if not text.strip():
        problems.append("nothing")
    return problems


@dataclass
class Seen:
    """Everything read in one state of the flow."""

    decisions: dict[str, eligibility_pb2.EligibilityDecision] = field(default_factory=dict)
    remedies: eligibility_pb2.ListRemediesResponse | None = None
    # vacancy title -> locale -> (status message, localized message, precondition descriptions)
    applies: dict[str, dict[str, tuple[str, str, list[str]]]] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    problems: list[str] = field(default_factory=list)


@dataclass
class World:
    app: App
    target: str
    candidate_id: str
    company: str
    vacancies: dict[str, str]  # label -> resource name
    candidate: Client
    dinas: Client
    p3mi: Client


def _labels() -> list[str]:
    return ["riyadh", "jeddah", "hong-kong", "osaka", "taipei-women"]


@pytest.fixture
def world(app: App, client_for: ClientFor, clock: FixedClock, target: str, nik_serial: object) -> World:
    suffix = f"{abs(hash(target)) % 10_000:04d}-{next(_counter):03d}"
    candidate_id, company = f"kata-{suffix}", f"pt-kata-{suffix}"
    owner = Principal(Role.P3MI, company)
    posted = {}
    vacancies = demo_vacancies(clock.today())
    women_only = replace(vacancies[2], title="Caregiver", country_code="TW", city="Taipei", openings=Openings(0, 28, 0))
    for label, vacancy in zip(_labels(), [*vacancies, women_only], strict=True):
        occupation = "7212" if vacancy.title == "Welder" else "9111"
        draft = replace(vacancy, company_id=company, occupation_code=occupation, company_display_name="PT. KATA BENAR")
        made = app.services.vacancies.create(owner, company, draft, NO_KEY)
        posted[label] = f"companies/{company}/vacancies/{made.id}"
    return World(
        app,
        target,
        candidate_id,
        company,
        posted,
        client_for(Role.CANDIDATE, candidate_id),
        client_for(Role.DINAS, "1307"),
        client_for(Role.P3MI, company),
    )


_counter = iter(range(1000))


def _apply_refusal(world: World, vacancy: str, language: str) -> tuple[str, str, list[str], list[str]]:
    """Apply over a bare gRPC channel with ``accept-language``: the status message, the
    LocalizedMessage, the PreconditionFailure descriptions and types."""
    token = issue_token(SECRET, Role.CANDIDATE, world.candidate_id, actor="tester")
    with grpc.insecure_channel(world.target) as channel:
        stub = application_pb2_grpc.ApplicationServiceStub(channel)
        request = application_pb2.ApplyRequest(candidate=f"candidates/{world.candidate_id}", vacancy=vacancy)
        metadata = (("authorization", f"Bearer {token}"), ("accept-language", language))
        with pytest.raises(grpc.RpcError) as refused:
            stub.Apply(request, metadata=metadata, timeout=10)
    error = refused.value
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION, error
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    localized, descriptions, types = "", [], []
    for detail in status.details:
        if detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            message = error_details_pb2.LocalizedMessage()
            detail.Unpack(message)
            localized = message.message
        elif detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            detail.Unpack(failure)
            descriptions = [v.description for v in failure.violations]
            types = [v.type for v in failure.violations]
            assert all(re.fullmatch(r"companies/[^/]+/vacancies/[^/]+", v.subject) for v in failure.violations)
        elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            assert info.reason == "NOT_ELIGIBLE"
    return status.message, localized, descriptions, types


def _has(message: object, name: str) -> bool:
    """Whether ``message`` has field ``name`` set (False where the field does not exist)."""
    fields = message.DESCRIPTOR.fields_by_name  # type: ignore[attr-defined]
    return name in fields and bool(message.HasField(name))  # type: ignore[attr-defined]


def _remedy_texts(remedy: eligibility_pb2.Remedy) -> list[str]:
    return [remedy.message_id, remedy.message_en]


def read_everything(world: World, state: str) -> Seen:
    seen = Seen()
    for label, vacancy in world.vacancies.items():
        decision = world.candidate.check_eligibility(world.candidate_id, vacancy)
        seen.decisions[label] = decision
        for reason in decision.reasons:
            seen.texts += [(f"{state} {label} {reason.code}", t) for t in (reason.message_id, reason.message_en)]
            if reason.HasField("remedy"):
                seen.texts += [(f"{state} {label} {reason.code} remedy", t) for t in _remedy_texts(reason.remedy)]
        if _has(decision, "next_step"):
            seen.texts += [(f"{state} {label} next step", t) for t in _remedy_texts(decision.next_step)]
        if _has(decision, "placement"):
            seen.texts += [
                (f"{state} {label} placement", t)
                for t in (decision.placement.message_id, decision.placement.message_en)
            ]
        if decision.eligible:
            continue
        by_language = {}
        for language, expected in (
            ("id-ID", [r.message_id for r in decision.reasons]),
            ("en", [r.message_en for r in decision.reasons]),
        ):
            message, localized, descriptions, types = _apply_refusal(world, vacancy, language)
            if types != [r.code for r in decision.reasons]:
                seen.problems.append(f"{state} {label} Apply {language}: preconditions {types}, reasons differ")
            if descriptions != expected:
                seen.problems.append(f"{state} {label} Apply {language}: descriptions not in the caller's language")
            if message != localized:
                seen.problems.append(f"{state} {label} Apply {language}: status message {message!r} not localized")
            seen.texts += [(f"{state} {label} Apply {language}", t) for t in (message, *descriptions)]
            by_language[language] = (message, localized, descriptions)
        seen.applies[label] = by_language
    seen.remedies = world.candidate.list_remedies(world.candidate_id)
    for option in seen.remedies.remedies:
        seen.texts += [(f"{state} ListRemedies", t) for t in _remedy_texts(option.remedy)]
    return seen


def _steps_on_reasons(seen: Seen) -> set[tuple[int, str, str, str]]:
    return {
        (r.remedy.kind, r.remedy.occupation_code, r.remedy.message_id, r.remedy.message_en)
        for d in seen.decisions.values()
        for r in d.reasons
        if r.HasField("remedy") and r.code != "ALREADY_APPLIED"
    }


def _listed_steps(seen: Seen) -> set[tuple[int, str, str, str]]:
    assert seen.remedies is not None
    return {
        (o.remedy.kind, o.remedy.occupation_code, o.remedy.message_id, o.remedy.message_en)
        for o in seen.remedies.remedies
    }


def walk_the_flow(world: World, clock: FixedClock, nik: str) -> Iterator[tuple[str, Seen]]:
    """Each state of the guide's flow in turn, with what the candidate reads in it."""
    candidate, dinas, p3mi, cid = world.candidate, world.dinas, world.p3mi, world.candidate_id
    yield "no registration", read_everything(world, "no registration")

    register_job_seeker(candidate, cid)
    scans = upload_scans(candidate, cid)
    draft = candidate.update_registration(cid, seed_form_proto(scans, clock.today(), nik))
    yield "draft", read_everything(world, "draft")

    submitted = candidate.submit_registration(cid, etag=draft.etag)
    yield "submitted", read_everything(world, "submitted")

    rejected = dinas.reject_registration(cid, etag=submitted.etag, reason="surat keterangan sehat belum sesuai")
    yield "rejected", read_everything(world, "rejected")

    revised = candidate.update_registration(cid, seed_form_proto(scans, clock.today(), nik), etag=rejected.etag)
    sent_again = candidate.submit_registration(cid, etag=revised.etag)
    dinas.verify_registration(cid, etag=sent_again.etag)
    yield "verified", read_everything(world, "verified")

    applied = candidate.apply(cid, world.vacancies["riyadh"])
    yield "applied", read_everything(world, "applied")

    processing = p3mi.transition_application(
        applied.name, application_pb2.APPLICATION_ACTION_PROCESS, etag=applied.etag
    )
    interview = application_pb2.Interview(time=timestamp(clock.now() + timedelta(days=7)), location="Kantor P3MI")
    scheduled = p3mi.transition_application(
        applied.name, application_pb2.APPLICATION_ACTION_SCHEDULE_INTERVIEW, etag=processing.etag, interview=interview
    )
    yield "interview", read_everything(world, "interview")

    pp = p3mi.upload_document(
        f"companies/{world.company}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf(f"pp {cid}")
    )
    accepted = p3mi.transition_application(
        applied.name, application_pb2.APPLICATION_ACTION_ACCEPT, etag=scheduled.etag, placement_agreement=pp.name
    )
    yield "awaiting PP", read_everything(world, "awaiting PP")

    dinas.transition_application(applied.name, application_pb2.APPLICATION_ACTION_VERIFY_PP, etag=accepted.etag)
    yield "placed", read_everything(world, "placed")


def test_every_reason_and_remedy_reads_as_words_in_every_state(
    world: World, clock: FixedClock, nik_serial: object
) -> None:
    nik = nik_serial()  # type: ignore[operator]
    states = dict(walk_the_flow(world, clock, nik))
    assert list(states) == [
        "no registration",
        "draft",
        "submitted",
        "rejected",
        "verified",
        "applied",
        "interview",
        "awaiting PP",
        "placed",
    ]
    broken = [
        f"{where}: {problems} in {text!r}"
        for seen in states.values()
        for where, text in seen.texts
        if (problems := words_problems(text, world.candidate_id))
    ]
    broken += [problem for seen in states.values() for problem in seen.problems]
    assert not broken, "\n".join(broken)

    # 4. ListRemedies lists the steps the reasons carry, in the same words (the server is shared
    # with other tests, whose vacancies may add steps for occupations these vacancies lack).
    for state, seen in states.items():
        on_reasons = _steps_on_reasons(seen)
        occupations = {occupation for _, occupation, _, _ in on_reasons} | {""}
        listed = {step for step in _listed_steps(seen) if step[1] in occupations}
        assert on_reasons == listed, state

    # 1. Certificates sent and waiting for the Dinas: "waiting", never "none held", and no step
    # that sends again what was sent.
    submitted = states["submitted"]
    mismatch = next(r for r in submitted.decisions["riyadh"].reasons if r.code == "CERTIFICATE_MISMATCH")
    assert "menunggu verifikasi Dinas" in mismatch.message_id and "BNSP-9111-2025-000123" in mismatch.message_id
    assert "waiting for the Dinas" in mismatch.message_en
    assert (
        "Belum memiliki" not in mismatch.message_id and "No competency certificate is held" not in mismatch.message_en
    )
    for decision in submitted.decisions.values():
        for reason in decision.reasons:
            assert reason.remedy.kind not in (Kind.KIND_COMPLETE_REGISTRATION, Kind.KIND_SUBMIT_REGISTRATION), reason
        assert decision.next_step.kind == Kind.KIND_WAIT_FOR_VERIFICATION
    not_verified = next(r for r in submitted.decisions["riyadh"].reasons if r.code == "REGISTRATION_NOT_VERIFIED")
    assert "menunggu verifikasi Dinas" in not_verified.message_id
    assert not_verified.remedy.kind == Kind.KIND_WAIT_FOR_VERIFICATION
    assert submitted.remedies is not None and submitted.remedies.next_step.kind == Kind.KIND_WAIT_FOR_VERIFICATION
    waiting = submitted.remedies.remedies[0]
    assert waiting.remedy.kind == Kind.KIND_WAIT_FOR_VERIFICATION and waiting.vacancies_opened >= 1

    # 2. No gender on record: never "quota full" on a vacancy with openings.
    nobody = states["no registration"]
    for label in ("riyadh", "hong-kong", "osaka", "taipei-women"):
        quota = [r for r in nobody.decisions[label].reasons if r.code == "NO_OPENINGS_FOR_GENDER"]
        assert quota, label
        assert "Tidak ada lagi kuota" not in quota[0].message_id and "belum tercatat" in quota[0].message_id
        assert "No openings left" not in quota[0].message_en
    women_only = next(
        r for r in states["verified"].decisions["taipei-women"].reasons if r.code == "NO_OPENINGS_FOR_GENDER"
    )
    assert women_only.message_id == "Tidak ada lagi kuota untuk laki-laki pada lowongan ini"

    # 3. One step ahead, by the registration's real state; every reason still there.
    for state, kind, words in (
        ("no registration", Kind.KIND_REGISTER, "Daftar sebagai CPMI"),
        ("draft", Kind.KIND_SUBMIT_REGISTRATION, "Kirim"),
        ("rejected", Kind.KIND_REVISE_REGISTRATION, "alasan penolakan Dinas"),
    ):
        seen = states[state]
        assert seen.remedies is not None and seen.remedies.remedies, state
        first = seen.remedies.remedies[0].remedy
        assert first.kind == kind and words in first.message_id, (state, first)
        assert seen.remedies.next_step == first
        for decision in seen.decisions.values():
            assert decision.next_step == first, (state, decision.vacancy)
            not_verified = next(r for r in decision.reasons if r.code == "REGISTRATION_NOT_VERIFIED")
            assert not_verified.remedy == first and not_verified.about_candidate
    assert len(nobody.decisions["riyadh"].reasons) >= 5, "the API keeps every reason"

    # 5. Placed: the vacancy that placed her shows the placement; the others name it.
    placed = states["placed"]
    own = placed.decisions["riyadh"]
    assert own.placement.this_vacancy and own.placement.pp_verified
    assert own.placement.vacancy == world.vacancies["riyadh"]
    assert "ditempatkan melalui lowongan House Worker" in own.placement.message_id
    assert "Riyadh, Arab Saudi" in own.placement.message_id and "Riyadh, Saudi Arabia" in own.placement.message_en
    for reason in own.reasons:
        assert "penempatan lain" not in reason.message_id and "another vacancy" not in reason.message_en, reason
    for label in ("hong-kong", "osaka"):
        elsewhere = next(r for r in placed.decisions[label].reasons if r.code == "ALREADY_PLACED")
        assert elsewhere.message_id.startswith("Kamu sudah ditempatkan melalui lowongan House Worker, PT. KATA BENAR")
        assert "Sedang dalam proses penempatan lain" not in elsewhere.message_id
        assert not placed.decisions[label].placement.this_vacancy
    waiting_pp = next(r for r in states["awaiting PP"].decisions["osaka"].reasons if r.code == "ALREADY_PLACED")
    assert "menunggu verifikasi Dinas" in waiting_pp.message_id and "House Worker" in waiting_pp.message_id
    assert "Ditempatkan" not in waiting_pp.message_id

    # 6. The closure and the country in words.
    closed = next(r for r in states["verified"].decisions["jeddah"].reasons if r.code == "DESTINATION_CLOSED")
    assert "Arab Saudi" in closed.message_id and "Timur Tengah" in closed.message_id
    assert "Saudi Arabia" in closed.message_en and "Middle-Eastern" in closed.message_en
    assert closed.facts["closure"] == "TIMUR_TENGAH_PENGGUNA_PERSEORANGAN", "the facts keep the stable id"

    # 7. A refused Apply: words in the caller's language.
    refused = states["verified"].applies["osaka"]
    message, _localized, descriptions = refused["id-ID"]
    assert (
        message.startswith("Belum dapat melamar lowongan ini: Sertifikat kompetensi")
        and "CERTIFICATE_MISMATCH" not in message
    )
    assert descriptions[0].startswith("Sertifikat kompetensi")
    message_en, _, descriptions_en = refused["en"]
    assert message_en.startswith("Cannot apply to this vacancy: No competency certificate fits")
    assert descriptions_en[0].startswith("No competency certificate fits")


def test_a_refused_apply_defaults_to_indonesian(world: World) -> None:
    message, _localized, descriptions, types = _apply_refusal(world, world.vacancies["osaka"], "")
    assert message.startswith("Belum dapat melamar lowongan ini: Kamu belum mendaftar sebagai CPMI"), message
    assert "REGISTRATION_NOT_VERIFIED" in types and "REGISTRATION_NOT_VERIFIED" not in message
    assert all(not words_problems(d, world.candidate_id) for d in descriptions)


def test_the_checker_catches_what_it_must() -> None:
    for bad in (
        "Belum dapat melamar lowongan ini: CERTIFICATE_MISMATCH",
        "ditutup (TIMUR_TENGAH_PENGGUNA_PERSEORANGAN: Kepmenaker 260/2015)",
        "House Worker · SA",
        "paling mendekati: BNSP-1 (Juru Las, kemiripan 40)",
        "Tidak ada lagi kuota untuk jenis kelamin {gender}",
        "Masuk sebagai candidates/demo-cpmi-1",
        "vacancy 0123456789abcdef0123456789abcdef",
    ):
        assert words_problems(bad, "demo-cpmi-1"), bad
    assert not words_problems("Sertifikat kompetensi BNSP-9111-2025-000123 menunggu verifikasi Dinas", "x")
    assert date.today()  # the module reads dates through the fixed clock only
