"""The server model, decided by measurement: the bare sync grpcio server against the bare
grpc.aio + uvloop server, each answering after a fixed amount of Python per call, on the same
core, driven by the same generator on the other core (docs/performance.md, "The server model").

    python -m benchmarks.server_model        # prints a Markdown table

The sync server answers more calls at every amount of work, and holds one of its threads for
every open stream; the table is what that choice was made on.
"""

from __future__ import annotations

import sys

from benchmarks.grpc_ratio import IN_FLIGHTS, NOOP_METHOD, SECONDS, drive, pinned, started

# Loop turns of Python per call: none, about 30 µs, about 90 µs on the development machine.
WORK = (0, 1_000, 3_000)


def measure() -> list[str]:
    rows = ["| loop turns per call | sync grpcio (8 threads) | grpc.aio + uvloop | aio ÷ sync |", "|---|---|---|---|"]
    for work in WORK:
        rates: dict[str, list[float]] = {}
        for kind in ("noop-server", "noop-aio-server"):
            command = pinned(0, [sys.executable, "-m", "benchmarks.aio_load", kind, str(work)])
            with started(command, r"port (\d+)") as port:
                target = f"127.0.0.1:{port.group(1)}"
                rates[kind] = [drive(target, NOOP_METHOD, b"", "", n, SECONDS)["rps"] for n in IN_FLIGHTS]
        sync, aio = rates["noop-server"], rates["noop-aio-server"]
        shown = " / ".join
        rows.append(
            f"| {work:,} | {shown(f'{r:,.0f}' for r in sync)} | {shown(f'{r:,.0f}' for r in aio)} | "
            f"{shown(f'{a / s:.2f}' for a, s in zip(aio, sync, strict=True))} |"
        )
    return rows


if __name__ == "__main__":
    print(f"calls/s at {' / '.join(str(n) for n in IN_FLIGHTS)} in flight\n")
    print("\n".join(measure()))
