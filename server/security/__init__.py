"""The security path: who is calling (tokens, JWKS), how much they may (per-caller limits),
what a P3MI may know of a candidate (pseudonyms), and how the port listens (TLS)."""
