"""Applications and their status machine, up to the verified placement agreement (PP).

One table says, for every action, who may take it, from which statuses, and
where it leads; anything else is refused and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from matcher.errors import (
    FailedPrecondition,
    FieldViolation,
    PermissionDenied,
    Precondition,
    Reason,
    invalid_fields,
)
from matcher.principal import Principal, Role
from matcher.text import Text
from matcher.versioning import Versioned


class ApplicationStatus(StrEnum):
    SENT = "sent"  # Terkirim
    PROCESSING = "processing"  # Diproses
    INTERVIEW = "interview"  # Wawancara
    AWAITING_PP_VERIFICATION = "awaiting_pp_verification"  # Menunggu Verifikasi PP
    PP_VERIFIED = "pp_verified"  # PP Telah Diverifikasi
    REJECTED = "rejected"  # Ditolak
    WITHDRAWN = "withdrawn"  # Dibatalkan


class ApplicationAction(StrEnum):
    PROCESS = "process"
    SCHEDULE_INTERVIEW = "schedule_interview"
    ACCEPT = "accept"
    REJECT = "reject"
    VERIFY_PP = "verify_pp"
    REFUSE_PP = "refuse_pp"
    RESUBMIT_PP = "resubmit_pp"
    WITHDRAW = "withdraw"


S, A = ApplicationStatus, ApplicationAction
# The statuses as the guide names them, and the steps as a person reads them (Indonesian, English).
STATUS_WORDS = {
    S.SENT: ("Terkirim", "sent"),
    S.PROCESSING: ("Diproses", "being processed"),
    S.INTERVIEW: ("Wawancara", "at the interview"),
    S.AWAITING_PP_VERIFICATION: ("Menunggu Verifikasi PP", "waiting for the PP to be verified"),
    S.PP_VERIFIED: ("PP Telah Diverifikasi", "placed, its PP verified"),
    S.REJECTED: ("Ditolak", "rejected"),
    S.WITHDRAWN: ("Dibatalkan", "withdrawn"),
}
ACTION_WORDS = {
    A.PROCESS: ("diproses", "processed"),
    A.SCHEDULE_INTERVIEW: ("dijadwalkan wawancaranya", "scheduled for an interview"),
    A.ACCEPT: ("diterima", "accepted"),
    A.REJECT: ("ditolak", "rejected"),
    A.VERIFY_PP: ("diverifikasi PP-nya", "given a verified PP"),
    A.REFUSE_PP: ("ditolak PP-nya", "refused its PP"),
    A.RESUBMIT_PP: ("dikirim ulang PP-nya", "sent its PP again"),
    A.WITHDRAW: ("dibatalkan", "withdrawn"),
}
MAX_INTERVIEW_AHEAD = timedelta(days=366)
# Still counts against "one active application per vacancy".
ACTIVE = frozenset({S.SENT, S.PROCESSING, S.INTERVIEW, S.AWAITING_PP_VERIFICATION, S.PP_VERIFIED})
# In a placement: accepted by a P3MI, PP waiting or verified.
PLACED = frozenset({S.AWAITING_PP_VERIFICATION, S.PP_VERIFIED})


@dataclass(frozen=True)
class Step:
    actor: Role
    sources: frozenset[ApplicationStatus]
    target: ApplicationStatus | None  # None: the status stays (a PP refused or resubmitted)
    needs_reason: bool = False


STEPS: dict[ApplicationAction, Step] = {
    A.PROCESS: Step(Role.P3MI, frozenset({S.SENT}), S.PROCESSING),
    A.SCHEDULE_INTERVIEW: Step(Role.P3MI, frozenset({S.PROCESSING, S.INTERVIEW}), S.INTERVIEW),
    A.ACCEPT: Step(Role.P3MI, frozenset({S.INTERVIEW}), S.AWAITING_PP_VERIFICATION),
    A.REJECT: Step(Role.P3MI, frozenset({S.SENT, S.PROCESSING, S.INTERVIEW}), S.REJECTED, needs_reason=True),
    A.VERIFY_PP: Step(Role.DINAS, frozenset({S.AWAITING_PP_VERIFICATION}), S.PP_VERIFIED),
    A.REFUSE_PP: Step(Role.DINAS, frozenset({S.AWAITING_PP_VERIFICATION}), None, needs_reason=True),
    A.RESUBMIT_PP: Step(Role.P3MI, frozenset({S.AWAITING_PP_VERIFICATION}), None),
    A.WITHDRAW: Step(Role.CANDIDATE, frozenset(ACTIVE - {S.PP_VERIFIED}), S.WITHDRAWN),
}


@dataclass(frozen=True)
class Interview:
    time: datetime
    location: str


@dataclass
class Application(Versioned):
    id: str
    candidate_id: str
    vacancy_id: str
    company_id: str
    regency_code: str
    gender: str
    status: ApplicationStatus = ApplicationStatus.SENT
    interview: Interview | None = None
    placement_agreement: str = ""
    pp_refusal_reason: str = ""
    decision_id: str = ""
    policy_version: str = ""
    request_id: str = ""
    quota_slot: str = ""  # which opening was taken on acceptance: male, female or either
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"applications/{self.id}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def holds_placement(self) -> bool:
        """Accepted and the PP not refused: the candidate's one placement at a time."""
        return self.status in PLACED and not self.pp_refusal_reason


@dataclass(frozen=True)
class TransitionRequest:
    action: ApplicationAction
    etag: str = ""
    reason: str = ""
    interview: Interview | None = None
    placement_agreement: str = ""


@dataclass(frozen=True)
class ApplicationEvent:
    """One status change, as histories and watchers see it."""

    application_id: str
    candidate_id: str
    company_id: str
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    actor: str
    reason: str
    time: datetime
    snapshot: Application
    sequence: int = 0


def authorize(application: Application, caller: Principal, action: ApplicationAction) -> None:
    """Only the step's actor, and only for their own application / vacancy / region."""
    step = STEPS[action]
    if caller.role is not step.actor:
        raise PermissionDenied(
            Reason.ROLE_NOT_ALLOWED,
            Text(
                id=f"Tindakan {action.value} hanya untuk peran {step.actor.value}",
                en=f"Action {action.value} is for role {step.actor.value} only",
            ),
        )
    owner = {
        Role.P3MI: application.company_id,
        Role.DINAS: application.regency_code,
        Role.CANDIDATE: application.candidate_id,
    }[step.actor]
    if caller.subject != owner:
        reason = Reason.OTHER_REGION if step.actor is Role.DINAS else Reason.NOT_YOUR_RESOURCE
        raise PermissionDenied(
            reason, Text(id="Lamaran ini bukan milik/wilayah Anda", en="This application is not yours to act on")
        )


def transition(application: Application, request: TransitionRequest, now: datetime) -> Application:
    """The application after ``request``, or an error; the input is not changed."""
    step = STEPS[request.action]
    application.check_etag(request.etag)
    _check_inputs(request, step, now)
    pp_refused = bool(application.pp_refusal_reason)
    allowed = application.status in step.sources and not (
        (request.action is A.VERIFY_PP and pp_refused) or (request.action is A.RESUBMIT_PP and not pp_refused)
    )
    if not allowed:
        (doing_id, doing_en), (status_id, status_en) = ACTION_WORDS[request.action], STATUS_WORDS[application.status]
        text = Text(
            id=f"Lamaran ini berstatus {status_id}, sehingga tidak dapat {doing_id}",
            en=f"The application is {status_en}, so it cannot be {doing_en}",
        )
        raise FailedPrecondition(
            Reason.INVALID_TRANSITION,
            text,
            preconditions=[Precondition("STATUS", application.name, text)],
            metadata={"status": application.status.value, "action": request.action.value},
        )
    changed = replace(application, status=step.target or application.status, updated_at=now)
    if request.action is A.SCHEDULE_INTERVIEW:
        changed.interview = request.interview
    if request.action in (A.ACCEPT, A.RESUBMIT_PP):
        changed.placement_agreement, changed.pp_refusal_reason = request.placement_agreement, ""
    if request.action is A.REFUSE_PP:
        changed.pp_refusal_reason = request.reason
    return changed


def _check_inputs(request: TransitionRequest, step: Step, now: datetime) -> None:
    problems: list[FieldViolation] = []
    if step.needs_reason and not request.reason.strip():
        problems.append(FieldViolation("reason", Text("wajib diisi", "is required")))
    if request.action is A.SCHEDULE_INTERVIEW:
        if request.interview is None or not request.interview.location.strip():
            problems.append(
                FieldViolation(
                    "interview", Text("waktu dan tempat/tautan wajib diisi", "time and place or link are required")
                )
            )
        elif request.interview.time <= now:
            problems.append(FieldViolation("interview.time", Text("harus di masa depan", "must be in the future")))
        elif request.interview.time > now + MAX_INTERVIEW_AHEAD:
            problems.append(
                FieldViolation("interview.time", Text("paling lama satu tahun ke depan", "must be within a year"))
            )
    if request.action in (A.ACCEPT, A.RESUBMIT_PP) and not request.placement_agreement:
        problems.append(
            FieldViolation("placement_agreement", Text("dokumen PP wajib dilampirkan", "the PP document is required"))
        )
    if problems:
        raise invalid_fields(problems)
