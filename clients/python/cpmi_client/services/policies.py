"""PolicyService: loading, dry-running, activating and rolling back eligibility policies."""

from __future__ import annotations

from cpmi.matching.v1 import policy_pb2, policy_pb2_grpc

from cpmi_client.pager import Pager
from cpmi_client.transport import Transport

# A dry run decides every candidate against every open vacancy under the new version.
DRY_RUN_TIMEOUT = 120.0


class PoliciesClient:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        # The generated stub, for a request the typed methods do not build.
        self.stub = policy_pb2_grpc.PolicyServiceStub(transport.channel)

    def load(self, document: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.LoadPolicyRequest(document=document, request_id=request_id)
        return self._transport.call(self.stub.LoadPolicy, request)

    def get(
        self, version: str, *, view: policy_pb2.PolicyView.ValueType = policy_pb2.POLICY_VIEW_BASIC
    ) -> policy_pb2.Policy:
        """One version; ``view=POLICY_VIEW_FULL`` includes its document."""
        request = policy_pb2.GetPolicyRequest(name=f"policies/{version}", view=view)
        return self._transport.call(self.stub.GetPolicy, request)

    def list(self, *, view: policy_pb2.PolicyView.ValueType = policy_pb2.POLICY_VIEW_BASIC) -> Pager[policy_pb2.Policy]:
        """Every version, newest first; ``view=POLICY_VIEW_FULL`` includes the documents."""
        return self._transport.pages(self.stub.ListPolicies, policy_pb2.ListPoliciesRequest(view=view), "policies")

    def dry_run(self, version: str) -> policy_pb2.DryRunPolicyResponse:
        request = policy_pb2.DryRunPolicyRequest(name=f"policies/{version}")
        timeout = max(self._transport.timeout, DRY_RUN_TIMEOUT)
        return self._transport.call(self.stub.DryRunPolicy, request, timeout=timeout)

    def activate(self, version: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.ActivatePolicyRequest(name=f"policies/{version}", request_id=request_id)
        return self._transport.call(self.stub.ActivatePolicy, request)

    def rollback(self, version: str, *, request_id: str = "") -> policy_pb2.Policy:
        request = policy_pb2.RollbackPolicyRequest(name=f"policies/{version}", request_id=request_id)
        return self._transport.call(self.stub.RollbackPolicy, request)
