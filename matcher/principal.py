"""Who is calling: a role and the subject the role acts for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from matcher.errors import PermissionDenied, Reason, not_found
from matcher.regions import regency_name
from matcher.text import Text


class Role(StrEnum):
    CANDIDATE = "candidate"
    DINAS = "dinas"
    P3MI = "p3mi"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller.

    ``subject`` is the candidate id, the Dinas's regency/city code, the P3MI's
    company id, or the operator's id, depending on ``role``. ``actor`` is who
    made a change, as recorded in histories (e.g. an officer within a Dinas).
    """

    role: Role
    subject: str
    actor: str = ""

    @property
    def resource(self) -> str:
        """The resource name the principal acts as, e.g. ``regencies/1307``."""
        prefix = {
            Role.CANDIDATE: "candidates",
            Role.DINAS: "regencies",
            Role.P3MI: "companies",
            Role.OPERATOR: "operators",
        }[self.role]
        return f"{prefix}/{self.subject}"

    @property
    def key(self) -> str:
        """The caller as per-caller limits count it: its role and subject."""
        return f"{self.role.value}:{self.subject}"

    @property
    def audit_name(self) -> str:
        """Resource plus the acting officer of an organisation, for histories."""
        if self.actor and self.role is not Role.CANDIDATE:
            return f"{self.resource}/officers/{self.actor}"
        return self.resource


_SUBJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def subject_problem(role: Role, subject: str) -> str | None:
    """Why ``subject`` cannot be who a token of ``role`` names, or None. Subjects become
    resource names, so they are ids; a Dinas names a regency/city that exists."""
    if not _SUBJECT.fullmatch(subject):
        return "empty or not an id"
    if role is Role.DINAS and (len(subject) != 4 or regency_name(subject) is None):
        return "not a known regency/city code"
    return None


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse unless the caller has one of ``roles``."""
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(
            Reason.ROLE_NOT_ALLOWED,
            Text(
                id=f"Peran {principal.role.value} tidak diizinkan (hanya: {allowed})",
                en=f"Role {principal.role.value} is not allowed here (only: {allowed})",
            ),
        )


def require_candidate_self(principal: Principal, candidate_id: str, resource: str) -> None:
    """Only the candidate themself (or an operator) may see or act on their data.

    Another candidate is told ``resource`` does not exist, exactly as it is told when it
    does not: whether someone has an account is not for strangers to learn (AIP-193).
    Other roles are refused before anything is looked up."""
    require_role(principal, Role.CANDIDATE, Role.OPERATOR)
    if principal.role is Role.CANDIDATE and principal.subject != candidate_id:
        raise not_found(resource)


def require_region(principal: Principal, regency_code: str) -> None:
    """A Dinas acts only for its own regency/city (operators act anywhere). Regencies are
    public, so another one's queue is refused, not hidden; a candidate of another regency
    is hidden instead (see ``RegistrationService``)."""
    if principal.role is Role.OPERATOR:
        return
    if principal.role is not Role.DINAS or principal.subject != regency_code:
        raise PermissionDenied(
            Reason.OTHER_REGION,
            Text(
                id="Dinas hanya dapat memproses calon dari kabupaten/kota sendiri",
                en="A Dinas can only act on candidates of its own regency/city",
            ),
        )
