"""PolicyService: operators load, try, activate and roll back eligibility policies."""

from __future__ import annotations

import grpc
from cpmi.matching.v1 import policy_pb2 as pb
from cpmi.matching.v1 import policy_pb2_grpc

from matcher.paging import Page, page_of
from matcher.ports import StoredPolicy
from matcher.principal import Principal, Role
from matcher.rules.policy_loader import load_policy
from matcher.services.policies import DryRunReport, PolicyService
from server.api.eligibility import legal_basis_to_proto
from server.api.handler import rpc
from server.api.page_tokens import PageTokens
from server.api.translate import date_field, proto_date, request_key, resource_id, timestamp
from server.security.tokens import TokenVerifier

# Documents in one FULL ListPolicies reply, well under the 6 MB send limit.
FULL_PAGE_BYTES = 4 * 1024 * 1024


class PolicyServicer(policy_pb2_grpc.PolicyServiceServicer):
    def __init__(self, service: PolicyService, verifier: TokenVerifier, pages: PageTokens) -> None:
        self.service = service
        self.verifier = verifier
        self.pages = pages

    @rpc(Role.OPERATOR)
    def LoadPolicy(self, request: pb.LoadPolicyRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Policy:
        return policy_to_proto(self.service.load(caller, request.document, request_key(request)))

    @rpc(Role.OPERATOR)
    def GetPolicy(self, request: pb.GetPolicyRequest, caller: Principal, context: grpc.ServicerContext) -> pb.Policy:
        stored = self.service.get(caller, resource_id(request.name, "policies", "name"))
        return policy_to_proto(stored, full=request.view == pb.POLICY_VIEW_FULL)

    @rpc(Role.OPERATOR)
    def ListPolicies(
        self, request: pb.ListPoliciesRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.ListPoliciesResponse:
        paging = self.pages.request(request)
        full = request.view == pb.POLICY_VIEW_FULL
        versions = self.service.versions(caller)
        start = next((i + 1 for i, p in enumerate(versions) if paging.after and p.version == paging.after[0]), 0)
        page = page_of(versions[start : start + paging.size + 1], paging, lambda p: (p.version,))
        if full:
            page = _within_send_budget(page)
        return pb.ListPoliciesResponse(
            policies=[policy_to_proto(p, full=full) for p in page.items],
            next_page_token=self.pages.next_token(request, page),
        )

    @rpc(Role.OPERATOR)
    def DryRunPolicy(
        self, request: pb.DryRunPolicyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.DryRunPolicyResponse:
        version = resource_id(request.name, "policies", "name")
        report = self.service.dry_run(caller, version, date_field(request, "reference_date"))
        codes = sorted(set(report.newly_refused) | set(report.no_longer_refused))
        return pb.DryRunPolicyResponse(
            current_version=report.current_version,
            proposed_version=report.proposed_version,
            pairs_evaluated=report.pairs_evaluated,
            candidates_gaining=len(report.candidates_gaining),
            candidates_losing=len(report.candidates_losing),
            vacancies_gaining=len(report.vacancies_gaining),
            vacancies_losing=len(report.vacancies_losing),
            by_reason=[_reason_change(report, code) for code in codes],
        )

    @rpc(Role.OPERATOR)
    def ActivatePolicy(
        self, request: pb.ActivatePolicyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Policy:
        version = resource_id(request.name, "policies", "name")
        return policy_to_proto(self.service.activate(caller, version, request_key(request)))

    @rpc(Role.OPERATOR)
    def RollbackPolicy(
        self, request: pb.RollbackPolicyRequest, caller: Principal, context: grpc.ServicerContext
    ) -> pb.Policy:
        version = resource_id(request.name, "policies", "name")
        return policy_to_proto(self.service.rollback(caller, version, request_key(request)))


def _within_send_budget(page: Page[StoredPolicy]) -> Page[StoredPolicy]:
    """A FULL page stops before its documents would pass FULL_PAGE_BYTES (one document
    always fits: a document is at most 1 MB), so no reply can pass the send limit."""
    kept: list[StoredPolicy] = []
    total = 0
    for stored in page.items:
        total += len(stored.document.encode())
        if kept and total > FULL_PAGE_BYTES:
            return Page(kept, (kept[-1].version,))
        kept.append(stored)
    return page


def policy_to_proto(stored: StoredPolicy, *, full: bool = False) -> pb.Policy:
    policy = load_policy(stored.document)
    if stored.retired_at:
        state = pb.POLICY_STATE_RETIRED
    elif stored.activated_seq is not None:
        state = pb.POLICY_STATE_ACTIVE
    else:
        state = pb.POLICY_STATE_LOADED
    message = pb.Policy(
        name=f"policies/{stored.version}",
        version=stored.version,
        state=state,
        effective_from=proto_date(policy.effective_from),
        document=stored.document if full else "",
        loaded_by=stored.loaded_by,
        load_time=timestamp(stored.loaded_at),
        activated_by=stored.activated_by,
        rule_codes=list(policy.codes),
    )
    if policy.effective_until:
        message.effective_until.CopyFrom(proto_date(policy.effective_until))
    if stored.activated_at:
        message.activate_time.CopyFrom(timestamp(stored.activated_at))
    return message


SAMPLE_CANDIDATES = 20


def _reason_change(report: DryRunReport, code: str) -> pb.ReasonChange:
    """One rule's effect: pairs and candidates newly refused or freed, some names, its law."""
    losing, gaining = sorted(report.losing_by_code[code]), sorted(report.gaining_by_code[code])
    change = pb.ReasonChange(
        code=code,
        pairs_newly_refused=report.newly_refused[code],
        pairs_no_longer_refused=report.no_longer_refused[code],
        candidates_newly_refused=len(losing),
        candidates_no_longer_refused=len(gaining),
        sample_candidates_newly_refused=[f"candidates/{c}" for c in losing[:SAMPLE_CANDIDATES]],
        sample_candidates_no_longer_refused=[f"candidates/{c}" for c in gaining[:SAMPLE_CANDIDATES]],
    )
    rule = report.rules.get(code)
    if rule is not None and rule.legal_basis is not None:
        change.legal_basis.CopyFrom(legal_basis_to_proto(rule.legal_basis, rule.in_force))
    return change
