"""The policy as the rules engines read it: rules, closures, exceptions, age overrides, their
legal basis and periods. Reading one from its JSON document is matcher/rules/policy_loader.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from string import Formatter

from matcher.rules.conditions import Condition, facts_read
from matcher.text import Text
from matcher.vacancy import Vacancy


@dataclass(frozen=True)
class Scope:
    """Which vacancies an entry covers: each non-empty set must hold the vacancy's value."""

    countries: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    employer_types: frozenset[str] = frozenset()

    def covers(self, vacancy: Vacancy) -> bool:
        employer = vacancy.employer_type.value if vacancy.employer_type else ""
        return all(
            not allowed or value in allowed
            for allowed, value in (
                (self.countries, vacancy.country_code),
                (self.occupations, vacancy.occupation_code),
                (self.sectors, vacancy.sector),
                (self.employer_types, employer),
            )
        )


@dataclass(frozen=True)
class LegalBasis:
    """Where a rule comes from: the instrument, its article, where it is published, and
    whether the reference was checked against the regulation's text (``verified``; ``note``
    says against what, or what is still unchecked). An ``operational`` rule is the
    service's or the vacancy's own term, not a regulation; its note says which.

    ``authority`` names who holds the matter today, which is not always who issued the
    instrument (placement moved from Kemnaker to KemenP2MI in October 2024). ``also``
    holds further references the rule rests on, each with its own ``verified``: one
    checked article does not vouch for a regulation known only from reports."""

    instrument: str = ""
    article: str = ""
    published_in: str = ""
    verified: bool = False
    note: str = ""
    operational: bool = False
    authority: str = ""
    also: tuple[LegalBasis, ...] = ()

    def cite(self) -> str:
        """One line: "UU No. 18 Tahun 2017, Pasal 5 huruf a" (or the operational note), and
        the further references after a semicolon."""
        if self.operational:
            return self.note
        own = ", ".join(part for part in (self.instrument, self.article) if part)
        return "; ".join([own, *(other.cite() for other in self.also)])


@dataclass(frozen=True)
class InForce:
    """The days an entry applies on: from ``effective_from``, through ``effective_until``."""

    effective_from: date | None = None
    effective_until: date | None = None

    def on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


ALWAYS = InForce()


@dataclass(frozen=True)
class AgeOverride:
    scope: Scope
    min_age: int
    label: str
    legal_basis: LegalBasis | None = None
    in_force: InForce = ALWAYS


@dataclass(frozen=True)
class ClosureException:
    id: str
    scope: Scope
    requires_one_channel: bool
    requires_job_order_reference: bool
    legal_basis: LegalBasis | None = None

    def frees(self, vacancy: Vacancy) -> bool:
        return (
            self.scope.covers(vacancy)
            and (vacancy.one_channel or not self.requires_one_channel)
            and (bool(vacancy.job_order_reference) or not self.requires_job_order_reference)
        )


@dataclass(frozen=True)
class Closure:
    id: str
    scope: Scope
    exceptions: tuple[ClosureException, ...]
    legal_basis: LegalBasis
    in_force: InForce = ALWAYS
    # What people read for it ("penghentian penempatan ... di Timur Tengah"); its id otherwise.
    name: Text | None = None

    def closes(self, vacancy: Vacancy) -> bool:
        return self.scope.covers(vacancy) and not any(e.frees(vacancy) for e in self.exceptions)


# What a candidate may not have at all, which a reason's message must then say plainly
# instead of showing an empty or made-up value (a rule's message_variants), and the states
# of the pair a message must say as they are (matcher/rules/decision.py, ``missing_of``):
# - certificate: no competency certificate at all, verified or sent;
# - certificate_verification: one sent with the registration fits, the Dinas has not verified it;
# - certificate_in_registration: one in a registration not sent (a draft, a rejected one) fits;
# - verified_certificate: some were sent, none verified, none fits;
# - health_certificate, birth_date: none on record;
# - registration / registration_draft / registration_verification / registration_rejected:
#   no registration, a draft, one sent to the Dinas, one the Dinas rejected;
# - gender: none on record while the vacancy has openings; openings: none left for anyone;
# - placed_here / placement_here: the candidate is placed through this vacancy (PP verified /
#   waiting); placed_elsewhere / placement_elsewhere: through another one.
MISSING_KINDS = (
    "certificate",
    "certificate_verification",
    "certificate_in_registration",
    "verified_certificate",
    "health_certificate",
    "birth_date",
    "registration",
    "registration_draft",
    "registration_verification",
    "registration_rejected",
    "gender",
    "openings",
    "placed_here",
    "placement_here",
    "placed_elsewhere",
    "placement_elsewhere",
)


@dataclass(frozen=True)
class MessageVariant:
    """The message a rule shows instead when the candidate has no ``missing`` at all."""

    missing: str
    text: Text


@dataclass(frozen=True)
class Rule:
    """A refusal: its condition (with the days it is in force folded in, as comparisons
    of the ``reference_day`` fact), its message (and the variants for what a candidate may
    lack), and the law it applies."""

    code: str
    condition: Condition
    text: Text
    cites: tuple[str, ...]
    legal_basis: LegalBasis | None = None
    in_force: InForce = ALWAYS
    variants: tuple[MessageVariant, ...] = ()

    @cached_property
    def needs(self) -> frozenset[str]:
        """The names its messages and its cited facts read."""
        texts = (self.text, *(v.text for v in self.variants))
        named = {
            name.split(".")[0].split("[")[0]
            for text in texts
            for message in (text.id, text.en)
            for _, name, _, _ in Formatter().parse(message)
            if name
        }
        return frozenset(named | set(self.cites))

    @cached_property
    def reads(self) -> frozenset[str]:
        """The facts its condition reads."""
        return facts_read(self.condition)

    def text_for(self, missing: frozenset[str]) -> Text:
        """The message for a candidate who lacks ``missing``: the first variant that fits."""
        return next((v.text for v in self.variants if v.missing in missing), self.text)


# Distinct (country, occupation, sector, employer type, channel, job order) combinations
# remembered per policy; far more than the catalogue and the world's countries make.
MAX_VACANCY_SHAPES = 200_000
MAX_REMEMBERED_DAYS = 4096


@dataclass(frozen=True)
class Policy:
    version: str
    effective_from: date
    effective_until: date | None
    description: str
    certificate_validity_years: int
    default_min_age: int
    age_overrides: tuple[AgeOverride, ...]
    closures: tuple[Closure, ...]
    rules: tuple[Rule, ...]
    document: str

    def min_age_for(self, vacancy: Vacancy, day: date) -> int:
        return self._vacancy_terms(vacancy, day)[0]

    def closure_for(self, vacancy: Vacancy, day: date) -> Closure | None:
        return self._vacancy_terms(vacancy, day)[1]

    def _vacancy_terms(self, vacancy: Vacancy, day: date) -> tuple[int, Closure | None]:
        """The minimum age and the closure for a vacancy on a day: they depend only on a few
        of its fields, this (immutable) policy and which entries are in force that day, so
        each combination is worked out once."""
        overrides, closures = self._in_force_on(day)
        key = (
            vacancy.country_code,
            vacancy.occupation_code,
            vacancy.sector,
            vacancy.employer_type,
            vacancy.one_channel,
            bool(vacancy.job_order_reference),
            overrides,
            closures,
        )
        found = self._terms_by_vacancy_shape.get(key)
        if found is None:
            min_age = max([self.default_min_age] + [o.min_age for o in overrides if o.scope.covers(vacancy)])
            found = (min_age, next((c for c in closures if c.closes(vacancy)), None))
            if len(self._terms_by_vacancy_shape) < MAX_VACANCY_SHAPES:
                self._terms_by_vacancy_shape[key] = found
        return found

    def _in_force_on(self, day: date) -> tuple[tuple[AgeOverride, ...], tuple[Closure, ...]]:
        found = self._entries_by_day.get(day)
        if found is None:
            if len(self._entries_by_day) >= MAX_REMEMBERED_DAYS:
                self._entries_by_day.clear()
            found = self._entries_by_day[day] = (
                tuple(o for o in self.age_overrides if o.in_force.on(day)),
                tuple(c for c in self.closures if c.in_force.on(day)),
            )
        return found

    @cached_property
    def _entries_by_day(self) -> dict[date, tuple[tuple[AgeOverride, ...], tuple[Closure, ...]]]:
        return {}

    @cached_property
    def _terms_by_vacancy_shape(self) -> dict[tuple[object, ...], tuple[int, Closure | None]]:
        return {}

    def covers(self, day: date) -> bool:
        return InForce(self.effective_from, self.effective_until).on(day)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.rules)

    @cached_property
    def _by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def rule(self, code: str) -> Rule:
        return self._by_code[code]
