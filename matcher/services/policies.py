"""Operators load, try, activate and roll back eligibility policy versions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from matcher.changes import policy_changed
from matcher.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    Reason,
    not_found,
)
from matcher.ports import Clock, StoredPolicy, UnitOfWork, UnitOfWorkFactory, in_activation_order
from matcher.principal import Principal, Role, require_role
from matcher.read_model import ReadModel
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.facts import build_facts
from matcher.rules.policy import Policy, Rule
from matcher.rules.policy_loader import PolicyError, load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.idempotency import RequestKey, remember, replayed
from matcher.text import Text

SYSTEM = "system"


@dataclass
class DryRunReport:
    current_version: str
    proposed_version: str
    pairs_evaluated: int = 0
    candidates_gaining: set[str] = field(default_factory=set)
    candidates_losing: set[str] = field(default_factory=set)
    vacancies_gaining: set[str] = field(default_factory=set)
    vacancies_losing: set[str] = field(default_factory=set)
    newly_refused: Counter[str] = field(default_factory=Counter)
    no_longer_refused: Counter[str] = field(default_factory=Counter)
    # Per rule code: the candidates it newly refuses somewhere, and those it no longer does.
    losing_by_code: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    gaining_by_code: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The rules by code, the proposed version's over the current one's.
    rules: dict[str, Rule] = field(default_factory=dict)


class PolicyService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        registry: PolicyRegistry,
        read: ReadModel,
        clock: Clock,
        isolated_check: Callable[[str], list[str]],
    ) -> None:
        self._uow = uow
        self._registry = registry
        self._read = read
        self._clock = clock
        self._isolated_check = isolated_check

    def load(self, caller: Principal, document: str, key: RequestKey) -> StoredPolicy:
        require_role(caller, Role.OPERATOR)
        policy = self._parse(document)
        with self._uow() as uow:
            earlier = replayed(uow, caller, key)
            if earlier:
                return self._existing(uow, earlier.removeprefix("policies/"))
            existing = uow.policies.get(policy.version)
            if existing is not None:
                if existing.document == document:
                    return existing
                raise AlreadyExists(
                    Reason.ALREADY_EXISTS,
                    Text(
                        id=f"Versi kebijakan {policy.version} sudah ada dengan isi berbeda",
                        en=f"Policy version {policy.version} already exists with different content",
                    ),
                )
            stored = StoredPolicy(policy.version, document, caller.audit_name, self._clock.now())
            uow.policies.add(stored)
            remember(uow, caller, key, f"policies/{policy.version}")
            uow.commit()
        return stored

    def get(self, caller: Principal, version: str) -> StoredPolicy:
        require_role(caller, Role.OPERATOR)
        with self._uow() as uow:
            return self._existing(uow, version)

    def versions(self, caller: Principal) -> list[StoredPolicy]:
        require_role(caller, Role.OPERATOR)
        with self._uow() as uow:
            return uow.policies.all()

    def activate(self, caller: Principal, version: str, key: RequestKey) -> StoredPolicy:
        require_role(caller, Role.OPERATOR)
        with self._uow() as uow:
            stored = self._existing(uow, version)
            if replayed(uow, caller, key):
                return stored
            if stored.activated_seq is not None and stored.retired_at is None:
                raise _state(f"policy {version} is already active", f"kebijakan {version} sudah aktif")
            stored.activated_seq = max((p.activated_seq or 0) for p in uow.policies.all()) + 1
            stored.activated_by, stored.activated_at, stored.retired_at = caller.audit_name, self._clock.now(), None
            uow.policies.save(stored)
            remember(uow, caller, key, f"policies/{version}")
            uow.record(policy_changed(version))
            uow.commit()
        return stored

    def rollback(self, caller: Principal, expected_version: str, key: RequestKey) -> StoredPolicy:
        """Retire the latest activation; ``expected_version`` guards against rolling back twice."""
        require_role(caller, Role.OPERATOR)
        with self._uow() as uow:
            if replayed(uow, caller, key):
                return self._existing(uow, expected_version)
            active = active_stored(uow)
            if not active or active[-1].version != expected_version:
                latest = active[-1].version if active else "-"
                raise _state(
                    f"the latest active policy is {latest}, not {expected_version}",
                    f"kebijakan aktif terakhir adalah {latest}, bukan {expected_version}",
                )
            if len(active) == 1:
                raise _state(
                    "cannot roll back the only active policy", "kebijakan aktif satu-satunya tidak dapat dibatalkan"
                )
            latest_stored = active[-1]
            latest_stored.retired_at = self._clock.now()
            uow.policies.save(latest_stored)
            remember(uow, caller, key, f"policies/{expected_version}")
            uow.record(policy_changed(latest_stored.version))
            uow.commit()
        return latest_stored

    def dry_run(self, caller: Principal, version: str, day: date | None) -> DryRunReport:
        """Compare the proposed version with the deciding one over every open vacancy and the
        verified candidates holding a certificate of its occupation."""
        require_role(caller, Role.OPERATOR)
        day = day or self._clock.today()
        with self._uow() as uow:
            proposed = load_policy(self._existing(uow, version).document)
        current = self._registry.policy_on(day)
        old, new = CompiledEvaluator(current), CompiledEvaluator(proposed)
        report = DryRunReport(current.version, proposed.version)
        report.rules = {r.code: r for r in (*current.rules, *proposed.rules)}
        for vacancy in self._read.open_vacancies():
            for candidate in self._read.verified_holders(vacancy.occupation_code):
                before = set(old.decide(build_facts(candidate, vacancy, current, day)))
                after = set(new.decide(build_facts(candidate, vacancy, proposed, day)))
                report.pairs_evaluated += 1
                if before and not after:
                    report.candidates_gaining.add(candidate.candidate_id)
                    report.vacancies_gaining.add(vacancy.id)
                if after and not before:
                    report.candidates_losing.add(candidate.candidate_id)
                    report.vacancies_losing.add(vacancy.id)
                report.newly_refused.update(after - before)
                report.no_longer_refused.update(before - after)
                for code in after - before:
                    report.losing_by_code[code].add(candidate.candidate_id)
                for code in before - after:
                    report.gaining_by_code[code].add(candidate.candidate_id)
        return report

    def bootstrap(self, default_document: str) -> None:
        """On an empty database, load and activate the policy shipped with the service."""
        with self._uow() as uow:
            if uow.policies.all():
                return
            policy = load_policy(default_document)
            now = self._clock.now()
            uow.policies.add(StoredPolicy(policy.version, default_document, SYSTEM, now, 1, SYSTEM, now))
            uow.record(policy_changed(policy.version))
            uow.commit()

    def _parse(self, document: str) -> Policy:
        try:
            policy = load_policy(document)
        except PolicyError as error:
            raise _invalid(error.problems) from None
        problems = self._isolated_check(document)
        if problems:
            raise _invalid(problems)
        return policy

    @staticmethod
    def _existing(uow: UnitOfWork, version: str) -> StoredPolicy:
        stored = uow.policies.get(version)
        if stored is None:
            raise not_found(f"policies/{version}")
        return stored


def active_stored(uow: UnitOfWork) -> list[StoredPolicy]:
    """Activated, not retired, oldest activation first."""
    return in_activation_order(uow.policies.all())


def _invalid(problems: list[str]) -> InvalidArgument:
    return InvalidArgument(
        Reason.POLICY_INVALID,
        Text(
            id="Dokumen kebijakan tidak valid; kebijakan aktif tidak berubah",
            en="The policy document is invalid; the active policy is unchanged",
        ),
        violations=[FieldViolation("document", Text(id=p, en=p)) for p in problems],
    )


def _state(en: str, id_: str) -> FailedPrecondition:
    return FailedPrecondition(Reason.POLICY_STATE, Text(id=id_, en=en))
