"""The contract carries the standard annotations (AIP-203 field_behavior, AIP-123
resources, google.api.http) on every RPC, request field and resource."""

from __future__ import annotations

import pytest
from cpmi.matching.v1 import common_pb2
from google.api import annotations_pb2, field_behavior_pb2, resource_pb2
from google.protobuf.descriptor import Descriptor

from tests.contract import METHODS, MODULES

REQUESTS = {m.input_type.full_name: m.input_type for m in METHODS.values()}


def _behaviors(field: object) -> list[int]:
    return list(field.GetOptions().Extensions[field_behavior_pb2.field_behavior])  # type: ignore[attr-defined]


def _resource(message: Descriptor) -> resource_pb2.ResourceDescriptor:
    return message.GetOptions().Extensions[resource_pb2.resource]


@pytest.mark.parametrize("method", METHODS.values(), ids=list(METHODS))
def test_every_rpc_has_an_http_binding(method: object) -> None:
    rule = method.GetOptions().Extensions[annotations_pb2.http]  # type: ignore[attr-defined]
    assert rule.WhichOneof("pattern") in {"get", "post", "patch"}


@pytest.mark.parametrize("request_type", REQUESTS.values(), ids=list(REQUESTS))
def test_every_request_field_says_whether_it_is_required(request_type: Descriptor) -> None:
    for field in request_type.fields:
        assert set(_behaviors(field)) & {field_behavior_pb2.REQUIRED, field_behavior_pb2.OPTIONAL}, field.full_name


def test_the_resources_name_their_type_and_pattern_and_identify_by_name() -> None:
    found = {
        message.name: _resource(message)
        for module in MODULES
        for message in module.DESCRIPTOR.message_types_by_name.values()
        if _resource(message).type
    }
    assert set(found) == {
        "JobSeekerProfile",
        "Registration",
        "Document",
        "Vacancy",
        "Policy",
        "Certificate",
        "Application",
        "Applicant",
    }
    assert found["Application"].pattern == ["applications/{application}"]
    assert found["Applicant"].pattern == ["applications/{application}/applicant"]  # a singleton of its application
    for module in MODULES:
        for message in module.DESCRIPTOR.message_types_by_name.values():
            if _resource(message).type:
                assert _behaviors(message.fields_by_name["name"]) == [field_behavior_pb2.IDENTIFIER], message.name


# What a Go, Java, C# or PHP integrator's generator needs from each file (buf lint keeps them
# the same across the package: PACKAGE_SAME_GO_PACKAGE and its kin in STANDARD; it does not
# require them, this does).
LANGUAGE_OPTIONS = {
    "go_package": "cpmi-matcher.kemnaker.go.id/gen/go/cpmi/matching/v1;matchingv1",
    "java_package": "id.go.kemnaker.cpmi.matching.v1",
    "java_multiple_files": True,
    "csharp_namespace": "Kemnaker.Cpmi.Matching.V1",
    "php_namespace": "Kemnaker\\Cpmi\\Matching\\V1",
}


@pytest.mark.parametrize("module", (*MODULES, common_pb2), ids=lambda m: m.DESCRIPTOR.name)
def test_every_file_names_its_package_in_other_languages(module: object) -> None:
    options = module.DESCRIPTOR.GetOptions()  # type: ignore[attr-defined]
    assert {name: getattr(options, name) for name in LANGUAGE_OPTIONS} == LANGUAGE_OPTIONS
