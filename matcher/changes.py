"""What changed, as the change feed carries it: one record per committed change.

A use case records its changes in its unit of work; they are written to the
outbox in the same transaction as the change itself, so a replica can never
miss one. Each carries a kind and the key of the resource it is about (a
partitioned index takes only the keys it holds), plus what a consumer needs
without another read (an application event whole, for watchers).
Consumers apply them idempotently: an index reloads the keyed resource from
the database, so applying one twice, or late, converges on the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from matcher.application import ApplicationEvent


class ChangeKind(StrEnum):
    CANDIDATE = "candidate"  # registration submitted/decided, certificate revoked, applications changed
    VACANCY = "vacancy"  # created, changed, closed, an opening taken or given back
    POLICY = "policy"  # loaded, activated, rolled back
    APPLICATION = "application"  # an application event (the history and watch streams)


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    key: str
    # Partition hints: the candidate's regency, the vacancy's occupation, when known.
    hints: dict[str, str] = field(default_factory=dict)
    event: ApplicationEvent | None = None


@dataclass(frozen=True)
class Committed:
    """A change as the feed delivers it: with its position in the outbox."""

    position: int
    change: Change


def candidate_changed(candidate_id: str, regency_code: str = "") -> Change:
    return Change(ChangeKind.CANDIDATE, candidate_id, {"regency": regency_code} if regency_code else {})


def vacancy_changed(vacancy_id: str, occupation_code: str = "") -> Change:
    return Change(ChangeKind.VACANCY, vacancy_id, {"occupation": occupation_code} if occupation_code else {})


def policy_changed(version: str) -> Change:
    return Change(ChangeKind.POLICY, version)


def application_recorded(event: ApplicationEvent) -> Change:
    return Change(ChangeKind.APPLICATION, event.application_id, {"candidate": event.candidate_id}, event)
