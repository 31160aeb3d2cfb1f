"""The edges of cpmi-matcher: gRPC face, storage, settings and the entrypoint."""
