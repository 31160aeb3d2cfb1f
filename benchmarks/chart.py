"""The chart of `make bench`: p50 and p99 latency against throughput as calls in flight
grow, for the bare no-op server and CheckEligibility, from the same run."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def latency_chart(sweep: dict[str, list[dict[str, Any]]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = {"noop": "bare grpcio no-op", "check_eligibility": "CheckEligibility"}
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name, points in sweep.items():
        rps = [p["rps"] for p in points]
        line = axes.plot(rps, [p["p99_ms"] for p in points], marker="o", label=f"{labels.get(name, name)} p99")
        axes.plot(
            rps, [p["p50_ms"] for p in points], marker=".", linestyle="--", color=line[0].get_color(), label="p50"
        )
        for point in points:
            axes.annotate(
                str(point["in_flight"]),
                (point["rps"], point["p99_ms"]),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
    axes.set_xlabel("requests per second (one server core)")
    axes.set_ylabel("latency, ms (log)")
    axes.set_yscale("log")
    axes.set_title("Latency against load (labels: calls in flight)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(out)
    plt.close(figure)
