"""Candidates by id, plus bitmaps of verified holders of each occupation code."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from pyroaring import BitMap

from matcher.nik import Gender
from matcher.read_model._attributes import CandidateAttributes
from matcher.snapshots import CandidateSnapshot


class CandidateIndex:
    """Readers never see a half-applied update: bitmaps are combined under the lock
    into a fresh one, and snapshots are immutable.

    Each candidate sits at the position the database numbered their registration with
    (registration order), so lists walk candidates in the same order on every replica
    and a page token carrying a position continues anywhere."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, CandidateSnapshot] = {}
        self._ordinal: dict[str, int] = {}
        self._by_ordinal: dict[int, CandidateSnapshot] = {}
        self._verified = BitMap()
        self._by_code: dict[str, BitMap] = {}
        self._by_gender: dict[Gender, BitMap] = {g: BitMap() for g in Gender}
        # Every fact of a candidate alone as bitmaps, for the eligibility sets.
        self.attributes = CandidateAttributes(self._lock)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, candidate_id: str) -> CandidateSnapshot | None:
        return self._by_id.get(candidate_id)

    def upsert(self, snapshot: CandidateSnapshot, position: int) -> tuple[int, CandidateSnapshot | None]:
        """Store ``snapshot`` at ``position`` (its registration's number, 1 to 2**32 - 1);
        the candidate's position (its first one) and the snapshot it replaced."""
        if not 0 < position < 2**32:
            raise ValueError(f"position {position} of {snapshot.candidate_id} is out of range")
        with self._lock:
            ordinal = self._ordinal.get(snapshot.candidate_id)
            old = None
            if ordinal is None:
                ordinal = self._ordinal[snapshot.candidate_id] = position
            else:
                old = self._by_id[snapshot.candidate_id]
                self._unlink(ordinal, old)
            self.attributes.move(ordinal, old, snapshot)
            self._by_id[snapshot.candidate_id] = snapshot
            self._by_ordinal[ordinal] = snapshot
            if snapshot.verified:
                self._verified.add(ordinal)
            if snapshot.gender:
                self._by_gender[snapshot.gender].add(ordinal)
            for certificate in snapshot.certificates:
                self._by_code.setdefault(certificate.occupation_code, BitMap()).add(ordinal)
        return ordinal, old

    def _unlink(self, ordinal: int, old: CandidateSnapshot) -> None:
        self._verified.discard(ordinal)
        for bitmap in self._by_gender.values():
            bitmap.discard(ordinal)
        for certificate in old.certificates:
            self._by_code.get(certificate.occupation_code, BitMap()).discard(ordinal)

    def verified_holders(self, occupation_code: str, gender: Gender | None = None) -> BitMap:
        """Positions of verified candidates holding a certificate of ``occupation_code``."""
        with self._lock:
            found = self._verified & self._by_code.get(occupation_code, BitMap())
            if gender:
                found &= self._by_gender[gender]
        return found

    def in_order(self, ordinals: BitMap, after: int = -1) -> Iterator[tuple[int, CandidateSnapshot]]:
        """Snapshots for ``ordinals`` above position ``after``, in registration order."""
        at = self._by_ordinal
        for ordinal in ordinals.iter_equal_or_larger(after + 1):
            yield ordinal, at[ordinal]

    def ordinal_of(self, candidate_id: str) -> int | None:
        return self._ordinal.get(candidate_id)

    def at(self, ordinal: int) -> CandidateSnapshot:
        """The snapshot at a position the index holds."""
        return self._by_ordinal[ordinal]

    def all(self) -> list[CandidateSnapshot]:
        return list(self._by_id.values())
