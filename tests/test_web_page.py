"""The portal's committed bundle (clients/web/dist) is what esbuild makes of its source today;
the portal itself is tested in a browser by tests/test_portal.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.test_typescript_client import CLIENT, built, run

WEB = CLIENT.parent / "web"
__all__ = ["built"]  # the fixture: the TypeScript client's packages installed and compiled


def test_the_page_is_the_built_client(built: None) -> None:
    """clients/web/dist/app.js and app.css are what esbuild makes of clients/web/src today."""
    fresh = WEB / "dist" / "app.check.js"
    made = run(*_esbuild(fresh))
    try:
        assert made.returncode == 0, made.stdout + made.stderr
        for ending in ("js", "css"):
            built_now = _digest(fresh.with_suffix(f".{ending}"))
            committed = _digest(WEB / "dist" / f"app.{ending}")
            # digests, not bytes: pytest's diff of two 360 kB one-line bundles outlives the timeout
            assert built_now == committed, f"app.{ending}: run make web and commit clients/web/dist"
    finally:
        fresh.unlink(missing_ok=True)
        fresh.with_suffix(".css").unlink(missing_ok=True)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _esbuild(out: Path) -> list[str]:
    return [
        str(CLIENT / "node_modules" / ".bin" / "esbuild"),
        str(WEB / "src" / "main.tsx"),
        "--bundle",
        "--format=esm",
        "--target=es2022",
        "--minify",
        "--legal-comments=none",
        "--jsx=automatic",
        "--jsx-import-source=preact",
        f"--outfile={out}",
    ]
