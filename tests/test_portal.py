"""The portal (clients/web) in a real browser: Debian's chromium driven by playwright-core
under Node, against a real demo server (`cpmi-matcher serve --demo`) that the Node scripts
start, stop and start again themselves. Without chromium the tests are skipped with a loud
reason, and the run's summary says so (tests/conftest.py); CI installs it (.ci/run)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from server.seed.demo import tiny_pdf
from server.settings import DEMO_SECRET
from tests.cluster import free_port
from tests.test_typescript_client import CLIENT, built, node_tool, run

WEB = CLIENT.parent / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
__all__ = ["built"]  # the fixture: the TypeScript client's packages installed and compiled


def _browser_run(script: str, tmp_path: Path, timeout: float = 420) -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("BROWSER TEST DID NOT RUN: chromium is not installed (apt-get install chromium; .ci/run does)")
    assert (WEB / "node_modules" / "axe-core").exists(), "make test installs the portal's packages (clients/web)"
    port, connect = free_port(), free_port()
    serve = [
        str(Path(sys.executable).parent / "cpmi-matcher"),
        "serve",
        "--demo",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--connect-port",
        str(connect),
        "--db",
        f"sqlite:///{tmp_path / 'portal.db'}",
        "--documents",
        str(tmp_path / "documents"),
    ]
    environment = {
        "CPMI_SERVE": json.dumps(serve),
        "CPMI_PAGE_URL": f"http://127.0.0.1:{connect}/",
        "CPMI_DEMO_SECRET": DEMO_SECRET,
        "CPMI_CHROMIUM": CHROMIUM,
        "CPMI_SCREENSHOTS": str(tmp_path),
        "CPMI_FILES": str(tmp_path),
    }
    _scans(tmp_path)
    driven = run(node_tool("node"), str(WEB / "test" / script), env=environment, timeout=timeout)
    assert driven.returncode == 0, driven.stdout[-6000:] + driven.stderr[-6000:]
    return driven.stdout


def _scans(folder: Path) -> None:
    """A real PDF and a real JPEG for the candidate's seven groups, and the P3MI's PP."""
    (folder / "scan.pdf").write_bytes(tiny_pdf("scan"))
    (folder / "pp.pdf").write_bytes(tiny_pdf("perjanjian penempatan"))
    photo = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 170, 130)).save(photo, format="JPEG")
    (folder / "photo.jpg").write_bytes(photo.getvalue())


def test_the_guide_is_done_in_the_portal_by_its_people(built: None, tmp_path: Path) -> None:
    """The candidate, the Dinas and the P3MI each in a browser of their own, through the whole
    guide to the downloaded PP; every page of every role checked by axe-core."""
    assert "flow ok" in _browser_run("flow.mjs", tmp_path, timeout=540)
    for role in ("candidate", "dinas", "p3mi", "operator"):
        assert (tmp_path / f"portal-{role}-1280.png").stat().st_size > 10_000


def test_the_portal_behaves_as_people_expect(built: None, tmp_path: Path) -> None:
    """Garbage and forged tokens refused in the page's language, each role's pages named by the
    server, focus on new content, sign-out, and a server that goes away and comes back."""
    assert "behaviour ok" in _browser_run("behaviour.mjs", tmp_path)
