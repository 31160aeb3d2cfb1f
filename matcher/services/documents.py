"""Uploading and downloading scans."""

from __future__ import annotations

import hashlib
import uuid

from matcher.applicant import company_statuses, shared_documents
from matcher.application import ACTIVE, ApplicationStatus
from matcher.documents import Document, DocumentInspector, DocumentKind, check_upload
from matcher.errors import (
    FailedPrecondition,
    FieldViolation,
    PermissionDenied,
    Precondition,
    Reason,
    invalid_fields,
    not_found,
)
from matcher.paging import PageRequest
from matcher.ports import BlobStore, Clock, UnitOfWork, UnitOfWorkFactory
from matcher.principal import Principal, Role, require_role
from matcher.services.idempotency import RequestKey, remember, replayed
from matcher.text import Text


class DocumentService:
    def __init__(self, uow: UnitOfWorkFactory, blobs: BlobStore, inspector: DocumentInspector, clock: Clock) -> None:
        self._uow = uow
        self._blobs = blobs
        self._inspector = inspector
        self._clock = clock

    def upload(
        self, caller: Principal, parent: str, kind: DocumentKind | None, filename: str, content: bytes, key: RequestKey
    ) -> Document:
        require_role(caller, Role.CANDIDATE, Role.P3MI)
        by_application = caller.role is Role.P3MI and parent.startswith("applications/")
        if by_application:
            if kind is not DocumentKind.PLACEMENT_AGREEMENT:
                text = Text(
                    id="di bawah applications/{id} hanya dokumen PP (DOCUMENT_KIND_PLACEMENT_AGREEMENT)",
                    en="only a PP (DOCUMENT_KIND_PLACEMENT_AGREEMENT) is uploaded under applications/{id}",
                )
                raise invalid_fields([FieldViolation("kind", text)])
        elif parent != caller.resource:
            if parent.startswith(("candidates/", "applications/")):  # hidden from strangers
                raise not_found(parent)
            raise PermissionDenied(
                Reason.NOT_YOUR_RESOURCE,
                Text(id="Hanya dapat mengunggah dokumen milik sendiri", en="You can only upload your own documents"),
            )
        if kind is None:
            raise invalid_fields([FieldViolation("kind", Text("wajib diisi", "is required"))])
        if kind is DocumentKind.PLACEMENT_AGREEMENT and caller.role is not Role.P3MI:
            raise PermissionDenied(
                Reason.ROLE_NOT_ALLOWED,
                Text(id="Dokumen PP hanya diunggah oleh P3MI", en="Only a P3MI uploads placement agreements"),
            )
        content_type = check_upload(filename, content, self._inspector)
        sha = hashlib.sha256(content).hexdigest()
        with self._uow() as uow:
            earlier = replayed(uow, caller, key)
            if earlier:
                return self._existing(uow, earlier)
            if by_application:
                _require_open_application(uow, caller, parent)
            uow.documents.lock_content(sha)
            document = Document(
                id=uuid.uuid4().hex,
                owner=caller.resource if by_application else parent,  # a PP is its company's
                kind=kind,
                filename=filename,
                content_type=content_type,
                size_bytes=len(content),
                sha256=sha,
                created_at=self._clock.now(),
            )
            uow.documents.add(document)
            remember(uow, caller, key, document.name)
            # The bytes are written while the row is uncommitted: a failed write rolls the row
            # back, and a failed commit removes bytes no row points at (under the same lock).
            self._blobs.put(sha, content)
            try:
                uow.commit()
            except BaseException:
                self._discard_unreferenced(sha)
                raise
        return document

    def _discard_unreferenced(self, sha: str) -> None:
        with self._uow() as uow:
            uow.documents.lock_content(sha)
            if not uow.documents.referenced(sha):
                self._blobs.delete(sha)
            uow.commit()

    def download(self, caller: Principal, name: str) -> tuple[Document, bytes]:
        with self._uow() as uow:
            document = self._existing(uow, name)
            if not self._may_see(uow, caller, document):
                raise not_found(name)  # exactly as if it did not exist
            content = self._blobs.get(document.sha256)
            uow.audit.append(caller, "DownloadDocument", document.name, "")  # who saw which scan or PP
            uow.commit()
        return document, content

    def _existing(self, uow: UnitOfWork, name: str) -> Document:
        document = uow.documents.get(name.removeprefix("documents/")) if name.startswith("documents/") else None
        if document is None:
            raise not_found(name)
        return document

    @staticmethod
    def _may_see(uow: UnitOfWork, caller: Principal, document: Document) -> bool:
        """Owner and operators always. A PP: the candidate and the Dinas of its application.
        A candidate's scan: the Dinas of their regency, and a P3MI only the documents its
        applicant view lists while the candidate has an application in progress with it
        (matcher/applicant.py; withdrawn or rejected, the scans close again)."""
        if caller.role is Role.OPERATOR or document.owner == caller.resource:
            return True
        if document.kind is DocumentKind.PLACEMENT_AGREEMENT:
            return any(
                (caller.role is Role.CANDIDATE and a.candidate_id == caller.subject)
                or (caller.role is Role.DINAS and a.regency_code == caller.subject)
                for a in uow.applications.with_placement_agreement(document.name)
            )
        if not document.owner.startswith("candidates/"):
            return False
        candidate_id = document.owner.removeprefix("candidates/")
        if caller.role is Role.P3MI:
            return _shared_with_company(uow, candidate_id, document.name, caller.subject)
        if caller.role is Role.DINAS:
            return _sent_to(uow, candidate_id, document.name, caller.subject)
        return False


def _require_open_application(uow: UnitOfWork, caller: Principal, parent: str) -> None:
    """A P3MI uploads a PP under an application to one of its vacancies whose PP is not
    verified yet, and not rejected or withdrawn. Any other is, to it, not there."""
    application_id = parent.removeprefix("applications/")
    application = uow.applications.get(application_id) if application_id and "/" not in application_id else None
    if application is None or application.company_id != caller.subject:
        raise not_found(parent)
    if application.status not in ACTIVE or application.status is ApplicationStatus.PP_VERIFIED:
        text = Text(
            id="Lamaran ini sudah selesai (ditolak, dibatalkan atau PP terverifikasi): PP tidak dapat diunggah",
            en="This application is over (rejected, withdrawn or its PP verified): no PP can be uploaded",
        )
        raise FailedPrecondition(Reason.INVALID_TRANSITION, text, preconditions=[Precondition("STATUS", parent, text)])


def _shared_with_company(uow: UnitOfWork, candidate_id: str, document_name: str, company_id: str) -> bool:
    """Is the document one the company's applicant view of the candidate lists now?"""
    registration = uow.registrations.get(candidate_id)
    if registration is None:
        return False
    statuses = company_statuses(uow, candidate_id, company_id)
    return any(d.document == document_name for d in shared_documents(registration.form, statuses))


def _sent_to(uow: UnitOfWork, candidate_id: str, document_name: str, regency_code: str) -> bool:
    """Was the document part of a round the candidate submitted to this regency's Dinas?
    A scan uploaded for a revision not yet sent stays the candidate's alone."""
    registration = uow.registrations.get(candidate_id)
    if registration is None or not registration.round:
        return False
    rounds = uow.registrations.list_rounds(candidate_id, PageRequest(size=registration.round))
    return any(
        r.form.ktp.domicile_regency_code == regency_code
        and document_name in {n for _, n in r.form.document_references()}
        for r in rounds
    )
