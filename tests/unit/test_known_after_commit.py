"""Which candidates a unit of work hands its read model without a read after commit: only
an Apply's (read after the hold, one candidate change, new applications in progress)."""

from __future__ import annotations

from datetime import UTC, datetime

from matcher.application import Application, ApplicationEvent, ApplicationStatus
from matcher.changes import Change, application_recorded, candidate_changed
from matcher.snapshots import CandidateSnapshot
from server.storage.uow import _known_after

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
READ = {"c1": CandidateSnapshot("c1", True, None, None, "1307", active_applications=frozenset({"v0"}))}


def _recorded(status: ApplicationStatus, before: ApplicationStatus | None) -> Change:
    application = Application("a1", "c1", "v1", "pt", "1307", "female", status=status, updated_at=NOW)
    return application_recorded(ApplicationEvent("a1", "c1", "pt", before, status, "c1", "", NOW, application))


def test_an_apply_leaves_the_candidate_read_plus_the_new_application() -> None:
    changes = [_recorded(ApplicationStatus.SENT, None), candidate_changed("c1", "1307")]
    assert _known_after(changes, READ)["c1"].active_applications == {"v0", "v1"}


def test_a_status_change_or_a_second_candidate_change_is_read_again() -> None:
    moved = [_recorded(ApplicationStatus.PROCESSING, ApplicationStatus.SENT), candidate_changed("c1")]
    twice = [_recorded(ApplicationStatus.SENT, None), candidate_changed("c1"), candidate_changed("c1")]
    unread = [_recorded(ApplicationStatus.SENT, None), candidate_changed("c1")]
    assert _known_after(moved, READ) == {}
    assert _known_after(twice, READ) == {}
    assert _known_after(unread, {}) == {}
    assert _known_after([candidate_changed("c1")], READ) == {}  # a registration written, no application
