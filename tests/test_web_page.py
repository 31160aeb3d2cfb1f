"""The candidate's page in a real browser (Debian's chromium, driven by playwright-core under
Node): the guide's candidate signs in on the demo, sees their vacancies and a refusal
explained in Indonesian, and a fitting vacancy a P3MI creates through the API appears on the
page without a reload (WatchEligibleVacancies). Without chromium the test is skipped with a
loud reason, and the run's summary says so (tests/conftest.py); CI installs it (.ci/run)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from server.app import App, start
from server.security.tokens import issue_token
from server.seed import demo
from server.settings import DEMO_SECRET
from tests.conftest import make_settings
from tests.test_typescript_client import CLIENT, built, node_tool, run

WEB = CLIENT.parent / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
__all__ = ["built"]  # the fixture: the TypeScript client's packages installed and compiled


@pytest.fixture(scope="module")
def demo_door(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    settings = make_settings(tmp_path_factory.mktemp("page"))
    settings.connect_port, settings.demo, settings.jwt_secret = 0, True, DEMO_SECRET
    running = start(settings, clock)
    demo.load(running.services, clock.today())
    registration = running.services.registration.get(Principal(Role.OPERATOR, "ops"), demo.DEMO_CANDIDATE)
    dinas = Principal(Role.DINAS, demo.DEMO_REGENCY, "petugas")
    running.services.registration.verify(dinas, demo.DEMO_CANDIDATE, registration.etag, NO_KEY)
    yield running
    running.stop()


def test_the_page_is_the_built_client(built: None) -> None:
    """clients/web/dist/app.js and app.css are what esbuild makes of clients/web/src today."""
    fresh = WEB / "dist" / "app.check.js"
    made = run(*_esbuild(fresh))
    try:
        assert made.returncode == 0, made.stdout + made.stderr
        for ending in ("js", "css"):
            built_now = fresh.with_suffix(f".{ending}").read_bytes()
            assert built_now == (WEB / "dist" / f"app.{ending}").read_bytes(), (
                "run make web and commit clients/web/dist"
            )
    finally:
        fresh.unlink(missing_ok=True)
        fresh.with_suffix(".css").unlink(missing_ok=True)


def test_a_candidate_sees_their_page_update_live(built: None, demo_door: App, tmp_path: Path) -> None:
    """The screenshot it takes is the one in the README (docs/page.png), when copied there."""
    if not Path(CHROMIUM).exists():
        pytest.skip("BROWSER TEST DID NOT RUN: chromium is not installed (apt-get install chromium; .ci/run does)")
    environment = {
        "CPMI_PAGE_URL": f"http://127.0.0.1:{demo_door.connect_port}/",
        "CPMI_P3MI_TOKEN": issue_token(DEMO_SECRET, Role.P3MI, demo.DEMO_COMPANY),
        "CPMI_COMPANY": demo.DEMO_COMPANY,
        "CPMI_SCREENSHOTS": str(tmp_path),
        "CPMI_CHROMIUM": CHROMIUM,
    }
    driven = run(node_tool("node"), str(WEB / "test" / "drive.mjs"), env=environment, timeout=180)
    assert driven.returncode == 0, driven.stdout + driven.stderr
    assert "page ok" in driven.stdout
    assert (tmp_path / "page.png").stat().st_size > 10_000


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
