"""The contract's generated modules and their RPCs, for the tests that walk all of them."""

from __future__ import annotations

from cpmi.matching.v1 import (
    application_pb2,
    audit_pb2,
    certificate_pb2,
    document_pb2,
    eligibility_pb2,
    policy_pb2,
    registration_pb2,
    session_pb2,
    vacancy_pb2,
)
from google.protobuf.descriptor import MethodDescriptor

MODULES = (
    application_pb2,
    audit_pb2,
    certificate_pb2,
    document_pb2,
    eligibility_pb2,
    policy_pb2,
    registration_pb2,
    session_pb2,
    vacancy_pb2,
)
# Every RPC of every service, by its name (names are unique across the services).
METHODS: dict[str, MethodDescriptor] = {
    method.name: method
    for module in MODULES
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
}
