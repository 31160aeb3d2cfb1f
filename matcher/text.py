"""Messages for people: Indonesian first (the users'), with an English twin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """One message in Indonesian (``id``) and English (``en``)."""

    id: str
    en: str
