"""Listing and revoking the certificates of verified candidates."""

from __future__ import annotations

from matcher.certificates import Certificate
from matcher.changes import candidate_changed
from matcher.errors import FieldViolation, invalid_fields, not_found
from matcher.ports import UnitOfWorkFactory
from matcher.principal import Principal, Role, require_candidate_self, require_role
from matcher.services.idempotency import RequestKey, remember, replayed
from matcher.text import Text


class CertificateService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def of_candidate(self, caller: Principal, candidate_id: str) -> list[Certificate]:
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        with self._uow() as uow:
            return uow.certificates.for_candidate(candidate_id)

    def revoke(
        self, caller: Principal, candidate_id: str, bnsp_number: str, reason: str, key: RequestKey
    ) -> Certificate:
        require_role(caller, Role.OPERATOR)
        if not reason.strip():
            raise invalid_fields([FieldViolation("reason", Text("wajib diisi", "is required"))])
        with self._uow() as uow:
            found = {c.bnsp_number: c for c in uow.certificates.for_candidate(candidate_id)}
            certificate = found.get(bnsp_number)
            if certificate is None:
                raise not_found(f"candidates/{candidate_id}/certificates/{bnsp_number}")
            if replayed(uow, caller, key):
                return certificate
            uow.snapshots.hold(candidate_id)  # an Apply of theirs decides on what it read
            certificate.revoked, certificate.revocation_reason = True, reason.strip()
            uow.certificates.save(certificate)
            remember(uow, caller, key, certificate.name)
            uow.record(candidate_changed(candidate_id))
            uow.commit()
        return certificate
