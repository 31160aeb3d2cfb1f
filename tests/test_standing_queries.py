"""Standing eligibility queries and remedies, as a candidate and a P3MI use them over gRPC.

A candidate watching their eligible vacancies is told at once of a fitting vacancy a P3MI
posts, and that it no longer fits when it closes (with the reason); resuming from any
message's token on a fresh connection tells exactly what came after it. A P3MI watching its
vacancy sees a newly verified candidate appear, pseudonymously. A refusal the candidate can
act on carries a remedy, and ListRemedies says which step opens the most vacancies, each
checked against CheckEligibility once the step is taken."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from cpmi.matching.v1 import eligibility_pb2
from cpmi_client import Client, InvalidArgument

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.remedies import RemedyKind, after
from matcher.services.idempotency import NO_KEY
from server.app import App
from tests.conftest import ClientFor
from tests.quota import production_vacancy
from tests.test_privacy import verified

BECAME = eligibility_pb2.EligibilityChange.CHANGE_BECAME_ELIGIBLE
LEFT = eligibility_pb2.EligibilityChange.CHANGE_NO_LONGER_ELIGIBLE
WAIT = 10.0


class Listener:
    """Reads a watch in a thread, so the test can act while it waits."""

    def __init__(self, watch: Iterator[eligibility_pb2.EligibilityChange]) -> None:
        self.changes: queue.Queue[eligibility_pb2.EligibilityChange] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(watch,), daemon=True)
        self._thread.start()

    def _read(self, watch: Iterator[eligibility_pb2.EligibilityChange]) -> None:
        for change in watch:
            self.changes.put(change)

    def next(self) -> eligibility_pb2.EligibilityChange:
        return self.changes.get(timeout=WAIT)

    def quiet(self, seconds: float = 0.8) -> bool:
        try:
            self.changes.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


def _post(app: App, clock: FixedClock, company: str) -> str:
    owner = Principal(Role.P3MI, company)
    posted = app.services.vacancies.create(owner, company, production_vacancy(company, clock.today()), NO_KEY)
    return f"companies/{company}/vacancies/{posted.id}"


def test_a_candidate_is_told_when_a_vacancy_opens_and_when_it_stops_fitting(
    app: App, clock: FixedClock, client_for: ClientFor
) -> None:
    verified(app, clock, "siaga-1", 7101)
    candidate = client_for(Role.CANDIDATE, "siaga-1")
    now = {v.name for v in candidate.list_eligible_vacancies("siaga-1")}
    watch = candidate.watch_eligible_vacancies("siaga-1", include_current=True)
    listener = Listener(iter(watch))
    current = [listener.next() for _ in now]
    assert {c.vacancy for c in current} == now and {c.change for c in current} <= {BECAME}

    fitting = _post(app, clock, "pt-siaga")
    opened = listener.next()
    assert (opened.vacancy, opened.change, opened.candidate) == (fitting, BECAME, "candidates/siaga-1")
    assert opened.policy_version and opened.resume_token

    p3mi = client_for(Role.P3MI, "pt-siaga")
    p3mi.close_vacancy(fitting, etag=p3mi.get_vacancy(fitting).etag)
    closed = listener.next()
    assert (closed.vacancy, closed.change) == (fitting, LEFT)
    assert "VACANCY_CLOSED" in {r.code for r in closed.reasons}
    assert not closed.reasons[0].HasField("remedy") or closed.reasons[0].code != "VACANCY_CLOSED"
    watch.cancel()

    # Resumed from the message that said it opened: only what came after, once.
    resumed = Listener(iter(candidate.watch_eligible_vacancies("siaga-1", resume_token=opened.resume_token)))
    again = resumed.next()
    assert (again.vacancy, again.change) == (fitting, LEFT)
    assert resumed.quiet(), "nothing skipped, nothing repeated"
    # Resumed from the last message: nothing at all.
    assert Listener(iter(candidate.watch_eligible_vacancies("siaga-1", resume_token=closed.resume_token))).quiet()


def test_a_p3mi_sees_a_newly_verified_candidate_appear_pseudonymously(
    app: App, clock: FixedClock, client_for: ClientFor
) -> None:
    vacancy = _post(app, clock, "pt-siaga-2")
    p3mi = client_for(Role.P3MI, "pt-siaga-2")
    listener = Listener(iter(p3mi.watch_eligible_candidates(vacancy)))
    assert listener.quiet(0.5), "without include_current only changes are sent"
    verified(app, clock, "siaga-2", 7102)
    appeared = listener.next()
    assert appeared.change == BECAME and appeared.candidate.startswith("candidates/~")
    listed = p3mi.list_eligible_candidates(eligibility_pb2.ListEligibleCandidatesRequest(vacancy=vacancy))
    assert appeared.candidate in {c.candidate for c in listed}


def test_a_resume_token_of_another_watch_is_refused(client_for: ClientFor, app: App, clock: FixedClock) -> None:
    verified(app, clock, "siaga-3", 7103)
    verified(app, clock, "siaga-4", 7104)
    _post(app, clock, "pt-siaga-3")
    mine = client_for(Role.CANDIDATE, "siaga-3").watch_eligible_vacancies("siaga-3", include_current=True)
    token = next(iter(mine)).resume_token
    mine.cancel()
    theirs = client_for(Role.CANDIDATE, "siaga-4")
    with pytest.raises(InvalidArgument) as refused:
        next(iter(theirs.watch_eligible_vacancies("siaga-4", resume_token=token)))
    assert [v.field for v in refused.value.field_violations] == ["resume_token"]


def test_a_refusal_carries_its_remedy_and_the_remedies_open_what_they_say(
    app: App, clock: FixedClock, client_for: ClientFor
) -> None:
    verified(app, clock, "siaga-5", 7105)
    welder = replace(production_vacancy("pt-las", clock.today()), title="Welder", occupation_code="7212")
    posted = app.services.vacancies.create(Principal(Role.P3MI, "pt-las"), "pt-las", welder, NO_KEY)
    name = f"companies/pt-las/vacancies/{posted.id}"
    candidate: Client = client_for(Role.CANDIDATE, "siaga-5")
    decision = candidate.check_eligibility("siaga-5", name)
    mismatch = next(r for r in decision.reasons if r.code == "CERTIFICATE_MISMATCH")
    assert mismatch.remedy.kind == eligibility_pb2.Remedy.KIND_OBTAIN_CERTIFICATE
    assert mismatch.remedy.occupation_code == "7212" and "Welder" in mismatch.remedy.message_en

    report = candidate.list_remedies("siaga-5")
    assert report.remedies and report.policy_version
    counts = [r.vacancies_opened for r in report.remedies]
    assert counts == sorted(counts, reverse=True), "the step opening the most first"
    for option in report.remedies:
        # A step every reason names is listed even when it opens nothing alone (opened 0).
        assert len(option.vacancies) == min(option.vacancies_opened, 5)
        assert option.remedy.message_id and option.remedy.message_en
    # Taking a step: the vacancies it names are eligible for the candidate as changed.
    service, snapshot = app.services.eligibility, app.runtime.read_model.candidate("siaga-5")
    assert snapshot is not None
    operator = Principal(Role.OPERATOR, "ops")
    for option in report.remedies:
        kind = RemedyKind(eligibility_pb2.Remedy.Kind.Name(option.remedy.kind).removeprefix("KIND_"))
        step = next(
            r.remedy
            for v in option.vacancies
            for r in service.check(operator, "siaga-5", v.rsplit("/", 1)[1]).reasons
            if r.remedy is not None and r.remedy.kind is kind
        )
        changed, day = after(step, snapshot, clock.today())
        for vacancy_name in option.vacancies:
            vacancy = service.vacancy(vacancy_name.rsplit("/", 1)[1])
            assert service.decider.explained(changed, vacancy, day, None).eligible, (option, vacancy_name)


def test_a_standing_query_is_pushed_a_vacancy_committed_here(
    app: App, clock: FixedClock, client_for: ClientFor
) -> None:
    """Pushed by the read model's signal, not polled: each notice comes well inside the old
    200 ms poll (the typical figure, under a millisecond, is measured by `make bench`)."""
    verified(app, clock, "siaga-6", 7106)
    watch = client_for(Role.CANDIDATE, "siaga-6").watch_eligible_vacancies("siaga-6")
    listener = Listener(iter(watch))
    watch.wait_open()
    gaps = []
    for _ in range(5):
        fitting = _post(app, clock, "pt-siaga-6")
        committed = time.perf_counter()
        assert listener.next().vacancy == fitting
        gaps.append(time.perf_counter() - committed)
    watch.cancel()
    assert max(gaps) < 0.15, gaps
