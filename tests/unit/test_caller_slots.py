"""Calls in progress bounded per caller (watches): past the bound the caller is refused at
once, others are not, and a finished call frees its slot (also when it failed). Uploads are
bounded by their bytes, per caller and per process, and wait briefly for room."""

from __future__ import annotations

import pytest

from matcher.errors import ResourceExhausted
from server.security.caller_limits import CallerSlots, too_many_uploads


def test_a_caller_past_its_slots_is_refused_and_others_are_not() -> None:
    slots = CallerSlots(2, too_many_uploads)
    with slots.hold("candidate:a"), slots.hold("candidate:a"):
        with pytest.raises(ResourceExhausted) as refused, slots.hold("candidate:a"):
            pass
        assert refused.value.reason == "TOO_MANY_UPLOADS"
        with slots.hold("candidate:b"):
            pass
    with slots.hold("candidate:a"), slots.hold("candidate:a"):
        pass  # both slots were given back


def test_a_failed_call_gives_its_slot_back() -> None:
    slots = CallerSlots(1, too_many_uploads)
    with pytest.raises(ValueError), slots.hold("p3mi:pt-x"):
        raise ValueError("the upload failed")
    with slots.hold("p3mi:pt-x"):
        pass


def test_uploads_are_bounded_by_bytes_per_caller_and_wait_briefly_for_room() -> None:
    from server.security.caller_limits import UploadBytes

    uploads = UploadBytes(per_caller=10, per_process=15, queue_seconds=0.05)
    with uploads.hold("p3mi:pt-a", 6), uploads.hold("p3mi:pt-a", 4):
        with pytest.raises(ResourceExhausted) as refused, uploads.hold("p3mi:pt-a", 1):
            pass
        assert refused.value.reason == "TOO_MANY_UPLOADS" and float(refused.value.metadata["retry_after_seconds"]) > 0
        # Another caller, within the process's bound; then the process is full.
        with uploads.hold("p3mi:pt-b", 5), pytest.raises(ResourceExhausted), uploads.hold("p3mi:pt-c", 1):
            pass
    assert uploads.in_flight == 0


def test_a_waiting_upload_goes_ahead_when_another_finishes() -> None:
    import threading

    from server.security.caller_limits import UploadBytes

    uploads = UploadBytes(per_caller=10, per_process=100, queue_seconds=5)
    first_done, second_in = threading.Event(), threading.Event()

    def second() -> None:
        with uploads.hold("p3mi:pt-a", 8):
            second_in.set()

    with uploads.hold("p3mi:pt-a", 8):
        waiting = threading.Thread(target=second)
        waiting.start()
        assert not second_in.wait(0.1), "no room yet: it waits"
        first_done.set()
    assert second_in.wait(5), "room again: it went ahead instead of being refused"
    waiting.join()


def test_an_upload_larger_than_the_bound_still_gets_its_turn() -> None:
    from server.security.caller_limits import UploadBytes

    uploads = UploadBytes(per_caller=10, per_process=100, queue_seconds=0.05)
    with uploads.hold("p3mi:pt-a", 50):
        assert uploads.in_flight == 10
