"""Certificates of verified candidates, and stored policy versions."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from matcher.certificates import Certificate
from matcher.ports import StoredPolicy
from server.storage import tables as t


class SqlCertificateRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def replace_for(self, candidate_id: str, certificates: list[Certificate]) -> None:
        c = t.certificates.c
        revoked = {
            row.bnsp_number: row.revocation_reason
            for row in self._conn.execute(
                sa.select(c.bnsp_number, c.revocation_reason).where(c.candidate_id == candidate_id, c.revoked)
            )
        }
        self._conn.execute(sa.delete(t.certificates).where(c.candidate_id == candidate_id))
        for certificate in certificates:
            if certificate.bnsp_number in revoked:
                certificate.revoked, certificate.revocation_reason = True, revoked[certificate.bnsp_number]
            self._conn.execute(sa.insert(t.certificates).values(dataclasses.asdict(certificate)))

    def for_candidate(self, candidate_id: str) -> list[Certificate]:
        c = t.certificates.c
        rows = self._conn.execute(
            sa.select(t.certificates).where(c.candidate_id == candidate_id).order_by(c.bnsp_number)
        ).mappings()
        return [Certificate(**row) for row in rows]

    def save(self, certificate: Certificate) -> None:
        c = t.certificates.c
        self._conn.execute(
            sa.update(t.certificates)
            .where(c.candidate_id == certificate.candidate_id, c.bnsp_number == certificate.bnsp_number)
            .values(dataclasses.asdict(certificate))
        )


class SqlPolicyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, version: str) -> StoredPolicy | None:
        row = self._conn.execute(sa.select(t.policies).where(t.policies.c.version == version)).mappings().first()
        return StoredPolicy(**row) if row else None

    def add(self, policy: StoredPolicy) -> None:
        self._conn.execute(sa.insert(t.policies).values(dataclasses.asdict(policy)))

    def save(self, policy: StoredPolicy) -> None:
        self._conn.execute(
            sa.update(t.policies).where(t.policies.c.version == policy.version).values(dataclasses.asdict(policy))
        )

    def all(self) -> list[StoredPolicy]:
        rows = self._conn.execute(sa.select(t.policies).order_by(t.policies.c.loaded_at.desc())).mappings()
        return [StoredPolicy(**row) for row in rows]
