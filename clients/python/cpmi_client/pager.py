"""Paged lists as plain iteration: the page tokens stay inside (python-api-core's pagers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")


class Pager(Generic[Item]):
    """The items of a paged list, fetched page by page as they are iterated (also with
    ``next()``); ``.pages`` walks the responses themselves, each with its
    ``next_page_token``. The request given is copied, never changed."""

    def __init__(self, fetch: Callable[[Any], Any], request: Any, items: str) -> None:
        self._fetch = fetch
        self._request = request
        self._items = items
        self._walking: Iterator[Item] | None = None

    @property
    def pages(self) -> Iterator[Any]:
        request = type(self._request)()
        request.CopyFrom(self._request)
        while True:
            response = self._fetch(request)
            yield response
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    def __iter__(self) -> Iterator[Item]:
        for page in self.pages:
            yield from getattr(page, self._items)

    def __next__(self) -> Item:
        if self._walking is None:
            self._walking = iter(self)
        return next(self._walking)
