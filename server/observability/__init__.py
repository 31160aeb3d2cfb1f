"""The observability path: structured logs and the access log, Prometheus metrics,
OpenTelemetry tracing, the call's context those read, and the bounded background writer."""
