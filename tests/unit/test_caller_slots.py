"""Calls in progress bounded per caller (uploads): past the bound the caller is refused at
once, others are not, and a finished call frees its slot (also when it failed)."""

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
