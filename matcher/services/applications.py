"""Applying, and moving an application along its status machine."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from matcher.applicant import Applicant, applicant_of, company_statuses
from matcher.application import (
    Application,
    ApplicationAction,
    ApplicationEvent,
    TransitionRequest,
    authorize,
    transition,
)
from matcher.changes import application_recorded, candidate_changed, vacancy_changed
from matcher.documents import DocumentKind
from matcher.errors import (
    FailedPrecondition,
    FieldViolation,
    PermissionDenied,
    Precondition,
    Reason,
    invalid_fields,
    not_found,
)
from matcher.paging import Page, PageRequest, page_of
from matcher.ports import ApplicationFilter, Clock, Pseudonyms, UnitOfWork, UnitOfWorkFactory
from matcher.principal import Principal, Role, require_candidate_self, require_region, require_role
from matcher.remedies import remedy_label
from matcher.rules.decision import Decision
from matcher.screening import pseudonymised_application, pseudonymised_event
from matcher.services.eligibility.decider import Decider
from matcher.services.idempotency import RequestKey, remember, replayed
from matcher.snapshots import unknown_candidate
from matcher.text import Text
from matcher.vacancy import Vacancy, nested_vacancy_name

REPLAY_BATCH = 100


class ApplicationService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        decider: Decider,
        vacancy: Callable[[str], Vacancy],
        clock: Clock,
        pseudonyms: Pseudonyms,
    ) -> None:
        """``decider`` is the port the eligibility queries decide through too; ``vacancy`` a
        vacancy as the read model holds it, or NotFound."""
        self._uow = uow
        self._decider = decider
        self._vacancy = vacancy
        self._clock = clock
        self._pseudonyms = pseudonyms

    def apply(self, caller: Principal, candidate_id: str, vacancy_id: str, key: RequestKey) -> Application:
        """Decided by durable-rules inside the transaction that records the application, on
        the facts that transaction reads; a retry with the same request id returns the same
        application."""
        require_role(caller, Role.CANDIDATE)
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        with self._uow() as uow:
            earlier = replayed(uow, caller, key)
            if earlier:
                return self._existing(uow, earlier.removeprefix("applications/"))
            vacancy = uow.vacancies.get(vacancy_id)
            if vacancy is None:
                raise not_found(f"vacancies/{vacancy_id}")
            candidate = uow.snapshots.candidate(candidate_id) or unknown_candidate(candidate_id)
            decision = self._decider.decide_of_record(candidate, vacancy)
            if not decision.eligible:
                raise _not_eligible(decision, vacancy.nested_name)
            assert candidate.gender is not None  # eligible implies verified
            now = self._clock.now()
            application = Application(
                id=uuid.uuid4().hex,
                candidate_id=candidate_id,
                vacancy_id=vacancy_id,
                company_id=vacancy.company_id,
                regency_code=candidate.regency_code,
                gender=candidate.gender.value,
                decision_id=decision.decision_id,
                policy_version=decision.policy_version,
                request_id=key.request_id,
                created_at=now,
                updated_at=now,
            )
            uow.applications.add(application)
            uow.record(application_recorded(_event(application, None, caller.audit_name, "")))
            uow.record(candidate_changed(candidate_id, candidate.regency_code))
            remember(uow, caller, key, application.name)
            uow.commit()
        return application

    def get(self, caller: Principal, application_id: str) -> Application:
        with self._uow() as uow:
            return self._seen_by(uow, caller, [self._visible(uow, caller, application_id)])[0]

    def applicant(self, caller: Principal, application_id: str) -> Applicant:
        """Who applied, as the vacancy's P3MI may know them while the application is in
        progress (matcher/applicant.py); to anyone else, and after a rejection or a
        withdrawal, it does not exist. An operator reads it too; the read is audited."""
        require_role(caller, Role.P3MI, Role.OPERATOR)
        name = f"applications/{application_id}/applicant"
        with self._uow() as uow:
            application = uow.applications.get(application_id)
            if application is None or not (
                caller.role is Role.OPERATOR or (application.company_id == caller.subject and application.active)
            ):
                raise not_found(name)
            statuses = (
                company_statuses(uow, application.candidate_id, application.company_id)
                if caller.role is Role.P3MI
                else {application.status}
            )
            applicant = applicant_of(
                application, uow.registrations.get(application.candidate_id), statuses, self._clock.today()
            )
            uow.audit.append(caller, "GetApplicant", name, "")  # who read whose contact details
            uow.commit()
        return applicant

    def transition(
        self, caller: Principal, application_id: str, request: TransitionRequest, key: RequestKey
    ) -> Application:
        with self._uow() as uow:
            current = self._visible(uow, caller, application_id)
            authorize(current, caller, request.action)
            if replayed(uow, caller, key):
                return current
            uow.snapshots.hold(current.candidate_id)  # an Apply of theirs decides on what it read
            changed = transition(current, request, self._clock.now())
            quota_changed = self._settle_quota(uow, current, changed, request)
            uow.applications.save(changed)
            uow.record(application_recorded(_event(changed, current, caller.audit_name, request.reason)))
            uow.record(candidate_changed(changed.candidate_id, changed.regency_code))
            if quota_changed:
                uow.record(vacancy_changed(changed.vacancy_id))
            remember(uow, caller, key, changed.name)
            uow.commit()
            return self._seen_by(uow, caller, [changed])[0]

    def search(self, caller: Principal, where: ApplicationFilter, page: PageRequest) -> Page[Application]:
        self._require_list_scope(caller, where)
        with self._uow() as uow:
            items = self._seen_by(uow, caller, uow.applications.search(where, page))
        return page_of(items, page, lambda a: (a.created_at.isoformat() if a.created_at else "", a.id))

    def events(self, caller: Principal, application_id: str, page: PageRequest) -> Page[ApplicationEvent]:
        self.get(caller, application_id)
        with self._uow() as uow:
            items = self.events_seen_by(caller, uow.applications.events(application_id, page), uow)
        return page_of(items, page, lambda e: (str(e.sequence),))

    def watch_from(self, caller: Principal, where: ApplicationFilter, after: int | None, delivered: int) -> int:
        """Where a watch of ``where`` starts: after ``after``, or (None) after ``delivered``,
        the last position the change feed has delivered here. Status changes are then read
        with ``replay`` up to what the feed has delivered and, live, from the feed (the
        server's watch streams), both in commit order."""
        self._require_list_scope(caller, where)
        return delivered if after is None else after

    def replay(self, caller: Principal, where: ApplicationFilter, after: int, upto: int) -> list[ApplicationEvent]:
        """Up to REPLAY_BATCH committed events of ``where`` after ``after`` and up to ``upto``,
        oldest first. ``upto`` is what the change feed has delivered: above it an event can
        still be joined by an earlier one (PostgreSQL), and the live part brings it."""
        with self._uow() as uow:
            found = uow.applications.events_between(after, upto, where, REPLAY_BATCH)
            return self.events_seen_by(caller, found, uow)

    def events_seen_by(
        self, caller: Principal, events: list[ApplicationEvent], uow: UnitOfWork | None = None
    ) -> list[ApplicationEvent]:
        """Events as ``caller`` may see them now: a P3MI sees who a candidate is while one of
        their applications to it is in progress, a pseudonym before and after (an event
        sent while they were in progress included)."""
        if caller.role is not Role.P3MI or not events:
            return events
        if uow is None:
            with self._uow() as fresh:
                return self.events_seen_by(caller, events, fresh)
        hidden = self._hidden(uow, caller, {e.candidate_id for e in events})
        return [self._pseudonymised_event(caller, e) if e.candidate_id in hidden else e for e in events]

    def _seen_by(self, uow: UnitOfWork, caller: Principal, applications: list[Application]) -> list[Application]:
        """Applications as ``caller`` may see them now (see ``events_seen_by``)."""
        if caller.role is not Role.P3MI:
            return applications
        hidden = self._hidden(uow, caller, {a.candidate_id for a in applications if not a.active})
        return [
            pseudonymised_application(a, self._pseudonyms.name_for(caller.subject, a.candidate_id))
            if a.candidate_id in hidden
            else a
            for a in applications
        ]

    @staticmethod
    def _hidden(uow: UnitOfWork, caller: Principal, candidate_ids: set[str]) -> set[str]:
        """Which of ``candidate_ids`` the calling P3MI may not know (no application in progress)."""
        return (
            candidate_ids - uow.applications.in_progress_among(candidate_ids, caller.subject)
            if candidate_ids
            else set()
        )

    def _pseudonymised_event(self, caller: Principal, event: ApplicationEvent) -> ApplicationEvent:
        return pseudonymised_event(event, self._pseudonyms.name_for(caller.subject, event.candidate_id))

    def _settle_quota(
        self, uow: UnitOfWork, current: Application, changed: Application, request: TransitionRequest
    ) -> bool:
        """Acceptance takes an opening (never oversold); a refused PP or a withdrawal gives it
        back, and a corrected PP takes one again."""
        if request.action in (ApplicationAction.ACCEPT, ApplicationAction.RESUBMIT_PP):
            self._check_placement_agreement(uow, current, request.placement_agreement)
        if request.action in (ApplicationAction.ACCEPT, ApplicationAction.RESUBMIT_PP):
            slot = uow.vacancies.claim_opening(current.vacancy_id, current.gender)
            if slot is None:
                text = Text(
                    id="Kuota lowongan untuk jenis kelamin ini sudah penuh",
                    en="The vacancy has no openings left for this gender",
                )
                raise FailedPrecondition(
                    Reason.NO_OPENINGS,
                    text,
                    preconditions=[
                        Precondition("QUOTA", nested_vacancy_name(current.company_id, current.vacancy_id), text)
                    ],
                )
            changed.quota_slot = slot
            return True
        if request.action in (ApplicationAction.WITHDRAW, ApplicationAction.REFUSE_PP) and current.quota_slot:
            uow.vacancies.release_opening(current.vacancy_id, current.quota_slot)
            changed.quota_slot = ""
            return True
        return False

    @staticmethod
    def _check_placement_agreement(uow: UnitOfWork, application: Application, name: str) -> None:
        document = uow.documents.get(name.removeprefix("documents/")) if name.startswith("documents/") else None
        if (
            document is None
            or document.owner != f"companies/{application.company_id}"
            or document.kind is not DocumentKind.PLACEMENT_AGREEMENT
            or document.content_type != "application/pdf"
        ):
            raise invalid_fields(
                [
                    FieldViolation(
                        "placement_agreement",
                        Text(
                            id="harus dokumen PP (pdf) yang diunggah P3MI ini",
                            en="must be a PP document (pdf) uploaded by this P3MI",
                        ),
                    )
                ]
            )

    @staticmethod
    def _existing(uow: UnitOfWork, application_id: str) -> Application:
        application = uow.applications.get(application_id)
        if application is None:
            raise not_found(f"applications/{application_id}")
        return application

    @classmethod
    def _visible(cls, uow: UnitOfWork, caller: Principal, application_id: str) -> Application:
        """The application if the caller is one of its parties; to anyone else it does not
        exist (the same NOT_FOUND as a missing one)."""
        application = cls._existing(uow, application_id)
        if not _is_party(caller, application):
            raise not_found(application.name)
        return application

    def _require_list_scope(self, caller: Principal, where: ApplicationFilter) -> None:
        """A candidate's applications are hidden from strangers like the candidate; a
        company's, a vacancy's and a regency's are refused (those are public names)."""
        if where.candidate_id:
            require_candidate_self(caller, where.candidate_id, f"candidates/{where.candidate_id}")
        if caller.role is Role.OPERATOR or where.candidate_id:
            return
        if where.company_id:
            if caller.role is not Role.P3MI or caller.subject != where.company_id:
                raise _not_yours()
        elif where.vacancy_id:
            vacancy = self._vacancy(where.vacancy_id)
            if caller.role is not Role.P3MI or caller.subject != vacancy.company_id:
                raise _not_yours()
        else:
            require_region(caller, where.regency_code)


def _is_party(caller: Principal, application: Application) -> bool:
    """The candidate, the vacancy's P3MI, the candidate's Dinas, or an operator."""
    parties = {
        Role.CANDIDATE: application.candidate_id,
        Role.P3MI: application.company_id,
        Role.DINAS: application.regency_code,
    }
    return caller.role is Role.OPERATOR or parties.get(caller.role) == caller.subject


def _not_yours() -> PermissionDenied:
    return PermissionDenied(
        Reason.NOT_YOUR_RESOURCE, Text(id="Lamaran ini bukan milik Anda", en="These applications are not yours")
    )


def _event(application: Application, before: Application | None, actor: str, reason: str) -> ApplicationEvent:
    return ApplicationEvent(
        application_id=application.id,
        candidate_id=application.candidate_id,
        company_id=application.company_id,
        from_status=before.status if before else None,
        to_status=application.status,
        actor=actor,
        reason=reason,
        time=application.updated_at,  # type: ignore[arg-type]
        snapshot=application,
    )


def _not_eligible(decision: Decision, subject: str) -> FailedPrecondition:
    """The refusal in words (every reason's message, the placement first when it is this
    vacancy's); the codes stay in the ErrorInfo metadata and the preconditions' types."""
    texts = [r.text for r in decision.reasons]
    if decision.placement is not None and decision.placement.here:
        texts = [decision.placement.text]
    words = Text(id="; ".join(t.id for t in texts), en="; ".join(t.en for t in texts))
    return FailedPrecondition(
        Reason.NOT_ELIGIBLE,
        Text(id=f"Belum dapat melamar lowongan ini: {words.id}", en=f"Cannot apply to this vacancy: {words.en}"),
        preconditions=[Precondition(r.code, subject, r.text) for r in decision.reasons],
        metadata={
            "reasons": ",".join(decision.codes),
            "decision_id": decision.decision_id,
            "policy_version": decision.policy_version,
            **{f"remedy.{r.code}": remedy_label(r.remedy) for r in decision.reasons if r.remedy is not None},
        },
    )
