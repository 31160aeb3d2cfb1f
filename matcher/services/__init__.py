"""Use cases: each takes the caller, checks who may do it, and runs in one unit of work."""
