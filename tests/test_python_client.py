"""The Python client as an integrator uses it: pagers that leave the request alone and
show their pages, per-call deadlines, metadata and language."""

from __future__ import annotations

import warnings

import pytest
from cpmi.matching.v1 import eligibility_pb2
from cpmi_client import Client, DeadlineExceeded, NotFound, Pager
from cpmi_client.flat_names import FLAT_NAMES

from matcher.principal import Role
from tests.conftest import ClientFor
from tests.story import vacancy


@pytest.fixture
def some_vacancies(client_for: ClientFor, clock) -> int:
    p3mi = client_for(Role.P3MI, "pt-pager")
    for title in ("Pekerja Rumah Tangga", "Pengasuh Anak", "Pengasuh Lansia"):
        p3mi.vacancies.create("pt-pager", vacancy(title, "TW", clock.today()))
    return 3


def test_a_pager_walks_items_or_pages_and_leaves_the_request_alone(client_for: ClientFor, some_vacancies: int) -> None:
    p3mi = client_for(Role.P3MI, "pt-pager")
    listed = p3mi.vacancies.list(company_id="pt-pager", page_size=1)
    assert isinstance(listed, Pager)
    pages = list(listed.pages)
    assert len(pages) >= some_vacancies and all(len(p.vacancies) == 1 for p in pages)
    assert [p.next_page_token != "" for p in pages] == [True] * (len(pages) - 1) + [False]
    assert [v.name for v in listed] == [p.vacancies[0].name for p in pages]
    assert next(listed).name == pages[0].vacancies[0].name
    query = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=pages[0].vacancies[0].name, page_size=1)
    list(p3mi.eligibility.list_eligible_candidates(query))
    assert query.page_token == "" and query.page_size == 1


def test_deadline_metadata_and_language_per_call(client_for: ClientFor) -> None:
    candidate = client_for(Role.CANDIDATE, "per-call")
    with pytest.raises(DeadlineExceeded):
        candidate.with_options(timeout=0.000001).vacancies.list(page_size=1).pages.__next__()
    for options, words in (
        ({}, "tidak ditemukan"),
        ({"language": "en"}, "not found"),
        ({"metadata": [("accept-language", "en-US,en;q=0.8")]}, "not found"),
    ):
        with pytest.raises(NotFound) as missing:
            candidate.with_options(**options).registration.get("per-call")
        assert words in missing.value.localized_message, options
    assert candidate.timeout == 10.0, "the client it came from keeps its settings"


def test_every_old_flat_name_is_its_sub_clients_method_and_says_so() -> None:
    client = Client("127.0.0.1:1")  # no call is made: the channel connects lazily
    try:
        for old, (service, method) in FLAT_NAMES.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                alias = getattr(client, old)
            assert alias == getattr(getattr(client, service), method), old
            assert [w.category for w in caught] == [DeprecationWarning], old
            assert f"Client.{service}.{method}" in str(caught[0].message)
        with pytest.raises(AttributeError):
            client.no_such_call  # noqa: B018
    finally:
        client.close()
