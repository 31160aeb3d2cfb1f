"""Generated requests against the real server: every RPC's request message built from its
descriptor (valid names, hostile strings, out-of-range numbers, unknown enum values, nested
messages), and raw byte strings. No answer is INTERNAL or UNKNOWN, the server stays up, and a
refused call leaves every table and the document folder exactly as they were."""

from __future__ import annotations

import collections
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import SERVICE_NAMES, App, start
from server.security.tokens import issue_token
from server.seed import demo
from server.seed.demo import tiny_pdf, tiny_png
from tests.conftest import NOW, SECRET, make_settings

EXAMPLES = 520
CALLS_PER_EXAMPLE = 20  # 10,400 generated requests a run, raw byte strings among them
FORBIDDEN = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
TOKENS = {
    "candidate": (Role.CANDIDATE, demo.DEMO_CANDIDATE),
    "verified": (Role.CANDIDATE, demo.VERIFIED_CANDIDATE),
    "dinas": (Role.DINAS, demo.DEMO_REGENCY),
    "p3mi": (Role.P3MI, demo.DEMO_COMPANY),
    "operator": (Role.OPERATOR, "ops"),
}


@dataclass
class Fuzzed:
    app: App
    channel: grpc.Channel
    names: list[str]
    workdir: Path
    codes: collections.Counter[str]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    workdir = tmp_path_factory.mktemp("fuzz")
    app = start(make_settings(workdir), FixedClock(NOW))
    demo.load(app.services, FixedClock(NOW).today())
    with app.engine.connect() as conn:
        vacancies = [f"vacancies/{row[0]}" for row in conn.exec_driver_sql("SELECT id FROM vacancies")]
        documents = [f"documents/{row[0]}" for row in conn.exec_driver_sql("SELECT id FROM documents")]
    names = [
        *vacancies,
        *documents,
        f"candidates/{demo.DEMO_CANDIDATE}",
        f"candidates/{demo.VERIFIED_CANDIDATE}",
        f"candidates/{demo.DEMO_CANDIDATE}/registration",
        f"candidates/{demo.VERIFIED_CANDIDATE}/profile",
        f"candidates/{demo.VERIFIED_CANDIDATE}/certificates/BNSP-9111-2025-000123",
        f"companies/{demo.DEMO_COMPANY}",
        f"regencies/{demo.DEMO_REGENCY}",
        "policies/2026.12-3",
        "applications/does-not-exist",
    ]
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
    codes: collections.Counter[str] = collections.Counter()
    yield Fuzzed(app, channel, names, workdir, codes)
    channel.close()
    app.stop()
    print(f"\nfuzz: {sum(codes.values())} requests; by code: {dict(sorted(codes.items()))}")


def every_method() -> list[MethodDescriptor]:
    pool = descriptor_pool.Default()
    return [method for name in SERVICE_NAMES for method in pool.FindServiceByName(name).methods]


METHODS = every_method()
INT32 = st.one_of(st.sampled_from([0, 1, -1, 2, 18, 100, 1000, 2**31 - 1, -(2**31)]), st.integers(-(2**31), 2**31 - 1))
INT64 = st.one_of(INT32, st.integers(-(2**63), 2**63 - 1))
HOSTILE_TEXT = st.sampled_from(
    [
        *("", " ", "%", "_", "%_%", "\x00", "a\x00b", "../../etc/passwd", "'; DROP TABLE vacancies; --", "{}"),
        *("é" * 70, "x" * 201, "kata " * 60, "9" * 1100, "\u202e\ufeff", "😀" * 40),
        '{"version": "x", "rules": ' + "[" * 3000 + "]" * 3000 + "}",
    ]
)
PLAUSIBLE_TEXT = st.sampled_from(
    ["1307", "9111", "5322", "SA", "HK", "TW", "ID", "perawat", "House Worker", "pekerja rumah tangga", "x"]
)


# Plausible values go where a field's name says: a "vacancy" field gets a vacancy's name.
COLLECTION_OF = {
    "vacancy": "vacancies/",
    "candidate": "candidates/",
    "company": "companies/",
    "scan": "documents/",
    "placement_agreement": "documents/",
}


def strings(names: list[str], hostile: bool, field: str = "") -> st.SearchStrategy[str]:
    known = st.sampled_from(names)
    if not hostile:
        fitting = [n for n in names if n.startswith(COLLECTION_OF.get(field, "-")) and n.count("/") == 1]
        return st.one_of(st.sampled_from(fitting), known) if fitting else st.one_of(known, PLAUSIBLE_TEXT)
    return st.one_of(
        known,
        HOSTILE_TEXT,
        st.text(max_size=24),
        st.text(alphabet="0123456789", min_size=10, max_size=17),
        st.sampled_from(["candidates/", "vacancies/x/y", "companies/" + "c" * 80]),
    )


def scalar(field: FieldDescriptor, names: list[str], hostile: bool) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return strings(names, hostile, field.name)
    if not hostile and kind in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_ENUM):
        return st.integers(0, 30)
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.one_of(st.binary(max_size=64), st.sampled_from([tiny_pdf("fuzz"), tiny_png("fuzz"), b""]))
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind == FieldDescriptor.TYPE_ENUM:
        return st.integers(-2, 12)
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(allow_nan=True, width=32)
    if kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64):
        return INT64
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return st.integers(0, 2**32 - 1)
    if kind in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return st.integers(0, 2**64 - 1)
    return INT32


@st.composite
def message(draw: st.DrawFn, descriptor: Descriptor, names: list[str], hostile: bool, depth: int = 0) -> Message:
    built = GetMessageClass(descriptor)()
    for field in descriptor.fields:
        if draw(st.integers(0, 2)) == 0:  # two fields in three are set
            continue
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if depth > 4 or field.message_type is None:
                continue
            count = draw(st.integers(0, 3)) if field.is_repeated else 1
            for _ in range(count):
                part = draw(message(field.message_type, names, hostile, depth + 1))
                target = getattr(built, field.name)
                (target.add() if field.is_repeated else target).CopyFrom(part)
        elif field.is_repeated:
            getattr(built, field.name).extend(draw(st.lists(scalar(field, names, hostile), max_size=3)))
        else:
            setattr(built, field.name, draw(scalar(field, names, hostile)))
    return built


@dataclass(frozen=True)
class Call:
    method: MethodDescriptor
    payload: bytes
    token: str


@st.composite
def calls(draw: st.DrawFn, names: list[str]) -> Call:
    method = draw(st.sampled_from(METHODS))
    if draw(st.integers(0, 9)) == 0:
        payload = draw(st.binary(max_size=80))  # raw bytes: mostly not a message at all
    else:
        # Half hostile values, half plausible ones that get past the edge into the use cases.
        payload = draw(message(method.input_type, names, draw(st.booleans()))).SerializeToString()
    token = draw(st.sampled_from([*TOKENS, "none", "garbage"]))
    return Call(method, payload, token)


class State:
    """What a refused call must not change: every row of every table, every file of the
    document folder. SQLite's data_version tells cheaply whether anyone committed since the
    last look; only then are the rows digested again."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._db = sqlite3.connect(workdir / "cpmi.db", isolation_level=None)
        self._version = -1
        self._rows = ""

    def digest(self) -> str:
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._version, self._rows = version, self._digest_rows()
        files = sorted(
            f"{p.relative_to(self._workdir)}:{p.stat().st_size}"
            for p in (self._workdir / "documents").rglob("*")
            if p.is_file()
        )
        return self._rows + hashlib.sha256("\n".join(files).encode()).hexdigest()

    def _digest_rows(self) -> str:
        digest = hashlib.sha256()
        tables = [r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            for row in self._db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
        return digest.hexdigest()


def invoke(fuzzed: Fuzzed, call: Call) -> grpc.StatusCode:
    path = f"/{call.method.containing_service.full_name}/{call.method.name}"
    metadata: tuple[tuple[str, str], ...] = ()
    if call.token in TOKENS:
        role, subject = TOKENS[call.token]
        metadata = (("authorization", f"Bearer {issue_token(SECRET, role, subject)}"),)
    elif call.token == "garbage":
        metadata = (("authorization", "Bearer not.a.jwt"),)
    identity: Callable[[bytes], bytes] = lambda raw: raw  # noqa: E731
    try:
        if call.method.server_streaming:
            stream = fuzzed.channel.unary_stream(path, request_serializer=identity, response_deserializer=identity)
            for _ in stream(call.payload, timeout=0.5, metadata=metadata):
                pass
        else:
            unary = fuzzed.channel.unary_unary(path, request_serializer=identity, response_deserializer=identity)
            unary(call.payload, timeout=10, metadata=metadata)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


@pytest.mark.timeout(600)
def test_no_generated_request_is_internal_and_refusals_change_nothing(fuzzed: Fuzzed) -> None:
    tracked = State(fuzzed.workdir)
    state = {"digest": tracked.digest()}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(calls(fuzzed.names), min_size=CALLS_PER_EXAMPLE, max_size=CALLS_PER_EXAMPLE))
    def run(batch: list[Call]) -> None:
        for call in batch:
            code = invoke(fuzzed, call)
            fuzzed.codes[code.name] += 1
            where = f"{call.method.full_name} with token {call.token}: {call.payload[:120]!r}"
            assert code not in FORBIDDEN, f"{code.name} for {where}"
            after = tracked.digest()
            if code not in (grpc.StatusCode.OK, grpc.StatusCode.DEADLINE_EXCEEDED):
                assert after == state["digest"], f"refused ({code.name}) yet something changed: {where}"
            state["digest"] = after

    run()
    assert sum(fuzzed.codes.values()) >= 10_000
    with grpc.insecure_channel(f"127.0.0.1:{fuzzed.app.port}") as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING, "the server is still up"
