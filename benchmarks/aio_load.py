"""A closed-loop gRPC load generator on grpc.aio + uvloop, and the bare no-op server it is
compared with.

    python -m benchmarks.aio_load noop-server [WORK]      # prints "port N", answers every call with b""
    python -m benchmarks.aio_load noop-aio-server [WORK]  # the same on grpc.aio + uvloop

WORK (default 0) is how many loop turns of Python each answer burns first, to compare
the two server models with work per call (`python -m benchmarks.server_model`).
    python -m benchmarks.aio_load drive TARGET METHOD PAYLOAD TOKEN SECONDS IN_FLIGHT

PAYLOAD is one request in hex, or @FILE with one request in hex per line (sent in
turn, so each call asks something else). TOKEN is one bearer token, none (""), or
@FILE with one token per line, the n-th sent with the n-th request (callers who each
ask for themselves, as candidates applying do). `drive` keeps IN_FLIGHT calls in flight
over several channels for SECONDS and prints one JSON line: {"rps", "ok_rps", "p50_ms",
"p99_ms", "errors", "generator_cpu"} (the generator's CPU seconds per second of the run). The benchmark runs the server on
one core and this generator on the other (taskset), so both figures come from the same
generator against the same core.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from concurrent import futures

import grpc

CHANNELS = 4


def burn(work: int) -> None:
    """Python that takes a fixed time, standing in for a handler's work."""
    total = 0
    for turn in range(work):
        total += turn


def noop_server(work: int = 0) -> None:
    """A bare grpcio server (sync, 8 workers) answering any method with an empty message."""

    def answer(_request: bytes, _context: grpc.ServicerContext) -> bytes:
        burn(work)
        return b""

    class AnyMethod(grpc.GenericRpcHandler):  # type: ignore[type-arg]
        def service(self, _details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler[bytes, bytes]:
            return grpc.unary_unary_rpc_method_handler(answer)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((AnyMethod(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"port {port}", flush=True)
    server.wait_for_termination()


def noop_aio_server(work: int = 0) -> None:
    """A bare grpc.aio server on uvloop answering any method with an empty message."""
    import uvloop

    async def answer(_request: bytes, _context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
        burn(work)
        return b""

    class AnyMethod(grpc.GenericRpcHandler):  # type: ignore[type-arg]
        def service(self, _details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler[bytes, bytes]:
            return grpc.unary_unary_rpc_method_handler(answer)

    async def serve() -> None:
        server = grpc.aio.server()
        server.add_generic_rpc_handlers((AnyMethod(),))
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        print(f"port {port}", flush=True)
        await server.wait_for_termination()

    uvloop.run(serve())


async def drive(
    target: str, method: str, payloads: list[bytes], tokens: list[str], seconds: float, in_flight: int
) -> dict[str, float]:
    """``tokens``: one for every call, or one per request (the n-th with the n-th)."""
    metadata = [(("authorization", f"Bearer {token}"),) if token else () for token in tokens]
    channels = [grpc.aio.insecure_channel(target) for _ in range(CHANNELS)]
    calls = [c.unary_unary(method, request_serializer=None, response_deserializer=None) for c in channels]
    for call in calls:  # connect and warm up
        await channel_ready(call, payloads[0], metadata[0])
    samples: list[float] = []
    errors = 0
    sent = itertools.count()
    stop = time.perf_counter() + seconds

    async def worker(i: int) -> None:
        nonlocal errors
        call = calls[i % CHANNELS]
        while time.perf_counter() < stop:
            n = next(sent)
            payload, headers = payloads[n % len(payloads)], metadata[n % len(metadata)]
            started = time.perf_counter()
            try:
                await call(payload, metadata=headers, timeout=10)
            except grpc.RpcError:
                errors += 1
            samples.append(time.perf_counter() - started)

    started, cpu_started = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(i) for i in range(in_flight)))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    for channel in channels:
        await channel.close(None)
    samples.sort()
    return {
        "rps": len(samples) / elapsed,
        "ok_rps": (len(samples) - errors) / elapsed,
        "p50_ms": samples[len(samples) // 2] * 1000,
        "p99_ms": samples[int(len(samples) * 0.99) - 1] * 1000,
        "errors": errors,
        # The generator's share of its own core: well under 1 means the server's core ran out first.
        "generator_cpu": cpu / elapsed,
    }


async def channel_ready(
    call: grpc.aio.UnaryUnaryMultiCallable[bytes, bytes], payload: bytes, metadata: tuple[tuple[str, str], ...]
) -> None:
    """One call made on the channel (connected); a refusal counts as connected too (a
    request that may be answered once, as an application, is refused when asked again)."""
    try:
        await call(payload, metadata=metadata, timeout=10)
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            raise


def read_tokens(argument: str) -> list[str]:
    if argument.startswith("@"):
        with open(argument[1:], encoding="ascii") as lines:
            return [line.strip() for line in lines if line.strip()]
    return [argument]


def read_payloads(argument: str) -> list[bytes]:
    if argument.startswith("@"):
        with open(argument[1:], encoding="ascii") as lines:
            return [bytes.fromhex(line.strip()) for line in lines if line.strip()]
    return [bytes.fromhex(argument)]


def main(argv: list[str]) -> None:
    if argv[0] == "noop-server":
        noop_server(int(argv[1]) if len(argv) > 1 else 0)
        return
    if argv[0] == "noop-aio-server":
        noop_aio_server(int(argv[1]) if len(argv) > 1 else 0)
        return
    target, method, payload, token, seconds, in_flight = argv[1:7]
    import uvloop

    result = uvloop.run(
        drive(target, method, read_payloads(payload), read_tokens(token), float(seconds), int(in_flight))
    )
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
