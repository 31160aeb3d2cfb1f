"""Job-seeker profile, CPMI form, submission to the Dinas and its decisions."""

from __future__ import annotations

import dataclasses

from matcher.catalogue import Catalogue
from matcher.certificates import certificates_from_form
from matcher.changes import candidate_changed
from matcher.errors import (
    FailedPrecondition,
    FieldViolation,
    Precondition,
    Reason,
    invalid_fields,
    not_found,
)
from matcher.nik import InvalidNik, parse_nik
from matcher.paging import Page, PageRequest, page_of
from matcher.ports import Clock, UnitOfWork, UnitOfWorkFactory
from matcher.principal import Principal, Role, require_candidate_self, require_region, require_role
from matcher.registration import (
    JobSeekerProfile,
    Registration,
    RegistrationForm,
    RegistrationRound,
    RegistrationStatus,
    registration_name,
)
from matcher.registration_rules import check_form
from matcher.services.idempotency import NO_KEY, RequestKey, remember, replayed
from matcher.text import Text
from matcher.update_masks import apply_mask

MAX_REASON_LENGTH = 2000


class RegistrationService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, catalogue: Catalogue) -> None:
        self._uow = uow
        self._clock = clock
        self._catalogue = catalogue

    # -- job-seeker profile ------------------------------------------------------------

    def get_profile(self, caller: Principal, candidate_id: str) -> JobSeekerProfile:
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}/profile")
        with self._uow() as uow:
            profile = uow.profiles.get(candidate_id)
        if profile is None:
            raise not_found(f"candidates/{candidate_id}/profile")
        return profile

    def update_profile(
        self, caller: Principal, incoming: JobSeekerProfile, mask: list[str], etag: str = "", key: RequestKey = NO_KEY
    ) -> JobSeekerProfile:
        require_role(caller, Role.CANDIDATE)
        require_candidate_self(caller, incoming.candidate_id, f"candidates/{incoming.candidate_id}/profile")
        country = incoming.destination_country_code
        if country and not (len(country) == 2 and country.isascii() and country.isupper()):
            raise invalid_fields(
                [
                    FieldViolation(
                        "profile.destination_country_code",
                        Text("harus kode ISO 3166 dua huruf", "must be an ISO 3166 alpha-2 code"),
                    )
                ]
            )
        with self._uow() as uow:
            if replayed(uow, caller, key):
                return self.get_profile(caller, incoming.candidate_id)
            current = uow.profiles.get(incoming.candidate_id) or JobSeekerProfile(incoming.candidate_id)
            current.check_etag(etag)
            updated = apply_mask(current, incoming, mask)
            updated.candidate_id, updated.version = current.candidate_id, current.version
            updated.updated_at = self._clock.now()
            uow.profiles.save(updated)
            remember(uow, caller, key, f"candidates/{updated.candidate_id}/profile")
            uow.commit()
        return updated

    # -- the CPMI form -----------------------------------------------------------------

    def get(self, caller: Principal, candidate_id: str) -> Registration:
        if caller.role is Role.DINAS:
            with self._uow() as uow:
                return _as_sent(uow, self._for_dinas(uow, caller, candidate_id))
        require_candidate_self(caller, candidate_id, registration_name(candidate_id))
        with self._uow() as uow:
            return self._existing(uow, candidate_id)

    def update(
        self,
        caller: Principal,
        candidate_id: str,
        incoming: RegistrationForm,
        mask: list[str],
        etag: str,
        key: RequestKey = NO_KEY,
    ) -> Registration:
        """Save the form as a draft (or a revision after Ditolak), creating it on first save."""
        require_role(caller, Role.CANDIDATE)
        require_candidate_self(caller, candidate_id, registration_name(candidate_id))
        now = self._clock.now()
        with self._uow() as uow:
            if uow.profiles.get(candidate_id) is None:
                raise FailedPrecondition(
                    Reason.PROFILE_MISSING,
                    Text(
                        id="Daftar sebagai pencari kerja terlebih dahulu",
                        en="Register as a job seeker first",
                    ),
                )
            if replayed(uow, caller, key):
                return self._existing(uow, candidate_id)
            registration = uow.registrations.get(candidate_id)
            is_new = registration is None
            if registration is None:
                registration = Registration(candidate_id, RegistrationForm(), created_at=now)
            registration.check_etag(etag)
            form = apply_mask(registration.form, incoming, mask, prefix="form.")
            self._check(uow, caller, form, complete=False)
            registration.update_form(form, now)
            _derive_identity(registration, self._clock)
            if is_new:
                uow.registrations.add(registration)
            else:
                uow.registrations.save(registration)
            remember(uow, caller, key, registration.name)
            # The index learns of a draft too: its reasons say "a draft, send it", not "none".
            uow.record(candidate_changed(candidate_id, registration.regency_code))
            uow.commit()
        return registration

    def submit(self, caller: Principal, candidate_id: str, etag: str, key: RequestKey) -> Registration:
        require_role(caller, Role.CANDIDATE)
        require_candidate_self(caller, candidate_id, registration_name(candidate_id))
        with self._uow() as uow:
            if replayed(uow, caller, key):
                return self._existing(uow, candidate_id)
            registration = self._existing(uow, candidate_id)
            registration.check_etag(etag)
            violations = self._check(uow, caller, registration.form, complete=True, raise_now=False)
            if violations:
                raise _incomplete(registration, violations)
            holder = uow.registrations.holder_of_nik(registration.form.ktp.nik)
            if holder not in (None, candidate_id):
                raise FailedPrecondition(
                    Reason.ALREADY_EXISTS,
                    Text(id="NIK ini sudah didaftarkan oleh akun lain", en="This NIK is registered by another account"),
                )
            round_ = registration.submit(caller.audit_name, self._clock.now())
            uow.registrations.save(registration)
            uow.registrations.add_round(candidate_id, round_)
            remember(uow, caller, key, registration.name)
            uow.record(candidate_changed(candidate_id, registration.regency_code))
            uow.commit()
        return registration

    # -- the Dinas ---------------------------------------------------------------------

    def list_queue(self, caller: Principal, regency_code: str, page: PageRequest) -> Page[Registration]:
        require_role(caller, Role.DINAS, Role.OPERATOR)
        require_region(caller, regency_code)
        with self._uow() as uow:
            items = uow.registrations.list_submitted(regency_code, page)
        return page_of(items, page, lambda r: (r.submitted_at.isoformat() if r.submitted_at else "", r.candidate_id))

    def verify(self, caller: Principal, candidate_id: str, etag: str, key: RequestKey) -> Registration:
        return self._decide(caller, candidate_id, etag, key, reason=None)

    def reject(self, caller: Principal, candidate_id: str, etag: str, reason: str, key: RequestKey) -> Registration:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise invalid_fields(
                [
                    FieldViolation(
                        "reason",
                        Text("wajib diisi, paling banyak 2000 karakter", "is required, at most 2000 characters"),
                    )
                ]
            )
        return self._decide(caller, candidate_id, etag, key, reason=reason)

    def list_rounds(self, caller: Principal, candidate_id: str, page: PageRequest) -> Page[RegistrationRound]:
        with self._uow() as uow:
            if caller.role is Role.DINAS:
                self._for_dinas(uow, caller, candidate_id)
            else:
                require_candidate_self(caller, candidate_id, registration_name(candidate_id))
                self._existing(uow, candidate_id)
            rounds = uow.registrations.list_rounds(candidate_id, page)
        return page_of(rounds, page, lambda r: (str(r.round),))

    def _decide(
        self, caller: Principal, candidate_id: str, etag: str, key: RequestKey, reason: str | None
    ) -> Registration:
        require_role(caller, Role.DINAS)
        if not etag:
            raise invalid_fields(
                [FieldViolation("etag", Text("wajib diisi untuk keputusan", "is required for a decision"))]
            )
        with self._uow() as uow:
            registration = self._for_dinas(uow, caller, candidate_id)
            if replayed(uow, caller, key):
                return registration
            registration.check_etag(etag)
            pending = uow.registrations.get_round(candidate_id, registration.round)
            now = self._clock.now()
            if reason is None:
                decided = registration.verify(pending, caller.audit_name, now)
            else:
                decided = registration.reject(pending, caller.audit_name, reason, now)
            # The version-checked update first: of two officers deciding at once, the one who
            # loses waits for the winner's commit and is told ETAG_MISMATCH before it writes
            # anything else (on PostgreSQL it reached the certificates' key first: INTERNAL).
            uow.registrations.save(registration)
            if reason is None:
                certificates = certificates_from_form(
                    candidate_id, registration.form.competency_certificates, self._catalogue
                )
                uow.certificates.replace_for(candidate_id, certificates)
            uow.registrations.save_round(candidate_id, decided)
            remember(uow, caller, key, registration.name)
            uow.record(candidate_changed(candidate_id, registration.regency_code))
            uow.commit()
        return registration

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _existing(uow: UnitOfWork, candidate_id: str) -> Registration:
        registration = uow.registrations.get(candidate_id)
        if registration is None:
            raise not_found(registration_name(candidate_id))
        return registration

    @staticmethod
    def _for_dinas(uow: UnitOfWork, caller: Principal, candidate_id: str) -> Registration:
        """A Dinas sees only registrations sent to it; others look the same as missing ones."""
        registration = uow.registrations.get(candidate_id)
        if registration is None or not registration.round or registration.regency_code != caller.subject:
            raise not_found(registration_name(candidate_id))
        return registration

    def _check(
        self, uow: UnitOfWork, caller: Principal, form: RegistrationForm, *, complete: bool, raise_now: bool = True
    ) -> list[FieldViolation]:
        violations = check_form(form, self._clock.today(), complete=complete)
        for path, name in form.document_references():
            if any(v.field == path for v in violations):
                continue
            document = uow.documents.get(name.removeprefix("documents/"))
            if document is None or document.owner != caller.resource:
                violations.append(
                    FieldViolation(path, Text(id=f"dokumen {name} tidak ditemukan", en=f"document {name} not found"))
                )
        if violations and raise_now:
            raise invalid_fields(violations)
        return violations


def _derive_identity(registration: Registration, clock: Clock) -> None:
    """Keep the sex and birth date read from the NIK next to the form."""
    try:
        info = parse_nik(registration.form.ktp.nik, clock.today())
    except InvalidNik:
        registration.gender = registration.birth_date = None
        return
    registration.gender, registration.birth_date = info.gender, info.birth_date


def _incomplete(registration: Registration, violations: list[FieldViolation]) -> FailedPrecondition:
    text = Text(
        id="Data pendaftaran belum lengkap atau belum valid",
        en="The registration is incomplete or invalid",
    )
    return FailedPrecondition(
        Reason.REGISTRATION_INCOMPLETE,
        text,
        preconditions=[Precondition("FORM", v.field, v.text) for v in violations],
        violations=violations,
        metadata={"fields": ",".join(v.field for v in violations)},
    )


def _as_sent(uow: UnitOfWork, registration: Registration) -> Registration:
    """The registration with the form of its last submitted round: a revision the candidate
    is still editing after a rejection is the candidate's alone."""
    if registration.status is RegistrationStatus.SUBMITTED or registration.status is RegistrationStatus.VERIFIED:
        return registration
    sent = uow.registrations.get_round(registration.candidate_id, registration.round)
    return dataclasses.replace(registration, form=sent.form)
