"""The composition root: the graph (graph.py) wires storage, the bus, the read model and
the use cases; the servicers (servicers.py) put them on the gRPC server; the lifecycle
(lifecycle.py) starts it all and drains it in order. Only the entry points import it."""

from server.app.graph import Runtime, UseCases, blob_store, build_services, decision_sink
from server.app.lifecycle import App, EventLoopThread, start, token_rules
from server.app.servicers import SERVICE_NAMES, connect_door, demo_identities

__all__ = [
    "SERVICE_NAMES",
    "App",
    "EventLoopThread",
    "Runtime",
    "UseCases",
    "blob_store",
    "build_services",
    "connect_door",
    "decision_sink",
    "demo_identities",
    "start",
    "token_rules",
]
