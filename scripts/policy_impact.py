"""Dry-run the shipped policy against the one it replaces, on the demo or the synthetic data.

    python scripts/policy_impact.py --previous OLD.json --data demo
    python scripts/policy_impact.py --previous OLD.json --data synthetic --candidates 100000 --vacancies 2000

It does what an operator does on a server whose active policy is the previous one: a fresh
database is seeded, the server starts (and, the database being empty of policies, loads and
activates the shipped one), the previous document is loaded and activated over it, and the
shipped version is dry-run against it on ``--day``. The figures are per rule: the pairs and
the candidates it newly refuses, and those it no longer refuses. A dry run changes nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from matcher.clock import WIB, FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.services.policies import DryRunReport
from server.app import App, start
from server.app.graph import DEFAULT_POLICY
from server.seed import demo, synthetic
from server.settings import Settings
from server.storage.engine import make_engine, migrate

OPERATOR = Principal(Role.OPERATOR, "policy-impact")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--previous", type=Path, required=True, help="the policy document the shipped one replaces")
    parser.add_argument("--data", choices=("demo", "synthetic"), required=True)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    parser.add_argument(
        "--day", type=date.fromisoformat, default=date.today(), help="the data's and the question's day"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        app = _serve(Path(workdir), args)
        try:
            report = _dry_run(app, args.previous.read_text(), args.day)
        finally:
            app.stop()
    print(json.dumps(_figures(report, args), indent=1, ensure_ascii=False))


def _serve(workdir: Path, args: argparse.Namespace) -> App:
    settings = Settings(
        db_url=f"sqlite:///{workdir / 'cpmi.db'}",
        documents_dir=workdir / "documents",
        host="127.0.0.1",
        port=0,
        jwt_secret="policy-impact",
        decision_log=str(workdir / "decisions.jsonl"),
        rate_per_second=0,
    )
    if args.data == "synthetic":
        engine = make_engine(settings.db_url)
        migrate(engine)
        synthetic.seed(engine, args.candidates, args.vacancies, args.day)
        engine.dispose()
    app = start(settings, FixedClock(datetime.combine(args.day, datetime.min.time(), tzinfo=WIB).replace(hour=12)))
    if args.data == "demo":
        demo.load(app.services, args.day)
    return app


def _dry_run(app: App, previous: str, day: date) -> DryRunReport:
    policies = app.services.policies
    version = json.loads(previous)["version"]
    policies.load(OPERATOR, previous, NO_KEY)
    policies.activate(OPERATOR, version, NO_KEY)
    deadline = time.monotonic() + 60
    while app.runtime.registry.policy_on(day).version != version:  # the activation reaches the registry by the feed
        if time.monotonic() > deadline:
            raise SystemExit(f"policy {version} did not become the deciding one")
        time.sleep(0.1)
    shipped = json.loads(DEFAULT_POLICY.read_text())["version"]
    return policies.dry_run(OPERATOR, shipped, day)


def _figures(report: DryRunReport, args: argparse.Namespace) -> dict[str, object]:
    codes = sorted(set(report.newly_refused) | set(report.no_longer_refused))
    return {
        "data": args.data
        if args.data == "demo"
        else f"synthetic {args.candidates} candidates, {args.vacancies} vacancies",
        "day": args.day.isoformat(),
        "current": report.current_version,
        "proposed": report.proposed_version,
        "pairs_evaluated": report.pairs_evaluated,
        "candidates_losing": len(report.candidates_losing),
        "candidates_gaining": len(report.candidates_gaining),
        "vacancies_losing": len(report.vacancies_losing),
        "vacancies_gaining": len(report.vacancies_gaining),
        "by_rule": {
            code: {
                "pairs_newly_refused": report.newly_refused[code],
                "pairs_no_longer_refused": report.no_longer_refused[code],
                "candidates_newly_refused": len(report.losing_by_code[code]),
                "candidates_no_longer_refused": len(report.gaining_by_code[code]),
            }
            for code in codes
        },
    }


if __name__ == "__main__":
    main()
