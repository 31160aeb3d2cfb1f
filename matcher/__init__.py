"""The cpmi-matcher domain: plain Python, no gRPC, SQL or Redis (adapters live in server/)."""
