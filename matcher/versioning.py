"""Optimistic concurrency shared by the aggregates: ``version`` goes up with every stored
change, the etag shows it, and a writer holding an old etag is refused."""

from __future__ import annotations

from matcher.errors import etag_mismatch


class Versioned:
    """Mixin for dataclasses with a ``version`` field and a ``name`` property."""

    version: int

    @property
    def name(self) -> str:
        raise NotImplementedError

    @property
    def subject(self) -> str:
        """The name a refusal's PreconditionFailure gives (the nested one where there is one)."""
        return self.name

    @property
    def etag(self) -> str:
        return f"v{self.version}"

    def check_etag(self, etag: str) -> None:
        """An empty etag means "whatever is current"; any other must match."""
        if etag and etag != self.etag:
            raise etag_mismatch(self.subject)
