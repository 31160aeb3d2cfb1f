"""The house rules: the domain stays plain Python, server/ is grouped by concern and its
packages depend on each other only one way, and the generated code stays in step with proto/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("grpc", "sqlalchemy", "redis", "alembic", "google.protobuf", "cpmi.")


def test_matcher_imports_no_adapters() -> None:
    offenders = []
    for path in (ROOT / "matcher").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith(FORBIDDEN) or n == "cpmi"]
    assert offenders == []


def _imports(package: str) -> list[tuple[str, str]]:
    """(module file, imported module) for every import in ``package`` (a folder under ROOT),
    including imports inside functions; ``from x import y`` counts as x and x.y."""
    found = []
    for path in (ROOT / package).rglob("*.py"):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found += [(where, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((where, node.module))
                found += [(where, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _offenders(package: str, *forbidden: str) -> list[str]:
    return sorted({f"{where}: {name}" for where, name in _imports(package) if any(_within(name, f) for f in forbidden)})


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def test_api_reaches_storage_only_through_the_use_cases() -> None:
    assert _offenders("server/api", "server.storage", "sqlalchemy", "alembic") == []


def test_security_and_replication_do_not_import_the_edge() -> None:
    assert _offenders("server/security", "server.api") == []
    assert _offenders("server/replication", "server.api") == []


def test_only_app_and_seed_wire_the_use_cases() -> None:
    for package in ("server/replication", "server/storage", "server/security", "server/observability"):
        assert _offenders(package, "matcher.services") == [], package
    assert _offenders("server/decisions", "matcher.services") == []


def test_observability_depends_on_no_other_part_of_the_server() -> None:
    others = (
        "server.api",
        "server.security",
        "server.replication",
        "server.storage",
        "server.decisions",
        "server.seed",
    )
    assert _offenders("server/observability", *others, "server.app") == []


def test_nothing_imports_the_composition_root_but_the_entry_points() -> None:
    """server/app wires everything; only the CLI and the seed (which runs the use cases) use it."""
    importers = {
        where
        for where, name in _imports("server")
        if _within(name, "server.app") and not where.startswith("server/app/")
    }
    assert importers <= {"server/cli.py", "server/seed/demo.py"}


PRODUCT = ("matcher", "server", "benchmarks", "tests")


def test_only_the_read_models_facade_is_imported_from_outside_it() -> None:
    """matcher/read_model is one door: its ``_…`` modules are imported by the package itself
    (and by the unit tests of its insides), nobody else."""
    offenders = [
        f"{where}: {name}"
        for package in PRODUCT
        for where, name in _imports(package)
        if _within(name, "matcher.read_model")
        and name.split(".")[2:3] != []
        and name.split(".")[2].startswith("_")
        and not where.startswith(("matcher/read_model/", "tests/unit/"))
    ]
    assert offenders == []
    assert not (ROOT / "matcher" / "index").exists(), "the indexes live in the read model"


def _calls_of(attribute: str) -> set[str]:
    """Files outside matcher/read_model that name ``.attribute`` (called or handed on)."""
    found = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            if where.startswith("matcher/read_model/"):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr == attribute:
                    found.add(where)
    return found


def test_only_the_bus_feeds_the_read_model() -> None:
    """Committed changes reach the read model through ``apply_committed`` only, and only the
    composition root hands it to the bus (which is the only caller)."""
    assert _calls_of("apply_committed") == {"server/app/graph.py"}
    graph = (ROOT / "server" / "app" / "graph.py").read_text()
    assert "bus.route(kind, read.apply_committed)" in graph


INSIDES = {"CandidateIndex", "VacancyIndex", "EligibilitySets"}


def test_the_use_cases_ask_the_read_models_lookups_not_its_indexes() -> None:
    """Outside matcher/read_model no product module names the indexes or the sets: the
    eligibility queries read through ``Lookups`` (the benchmarks and unit tests build
    indexes by hand, and may)."""
    named = set()
    for package in ("matcher", "server"):
        for path in (ROOT / package).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            if where.startswith("matcher/read_model/"):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("matcher.read_model"):
                    named |= {f"{where}: {alias.name}" for alias in node.names if alias.name in INSIDES}
    assert named == set()
    assert _calls_of("lookups") == {"server/app/graph.py"}, "the lookups leave the facade at one place"


def test_the_bus_and_the_read_model_do_no_io() -> None:
    """Threads, sockets and storage stay in server/; the read model reads storage through its port."""
    for where, name in _imports("matcher/read_model") + [
        ("matcher/bus.py", n) for _, n in _imports_of_file("matcher/bus.py")
    ]:
        assert not name.startswith(("server", "socket", "asyncio", "sqlalchemy", "redis")), (where, name)


def _imports_of_file(path: str) -> list[tuple[str, str]]:
    tree = ast.parse((ROOT / path).read_text())
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((path, node.module))
        elif isinstance(node, ast.Import):
            found += [(path, alias.name) for alias in node.names]
    return found


def test_server_is_grouped_by_concern() -> None:
    """A newcomer sees the paths in the tree: beside the entry points, every module is in
    the package of its concern (README, Architecture)."""
    top = {p.name for p in (ROOT / "server").glob("*.py")}
    assert top == {"__init__.py", "cli.py", "settings.py", "supervisor.py", "typewalk.py"}
    packages = {p.name for p in (ROOT / "server").iterdir() if (p / "__init__.py").exists()}
    assert packages == {"app", "api", "security", "replication", "observability", "decisions", "seed", "storage"}


def test_generated_code_is_in_step_with_proto() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "protogen.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_error_reason_is_documented_in_the_readme() -> None:
    from pathlib import Path

    from matcher.errors import Reason

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [reason.value for reason in Reason if f"`{reason.value}`" not in readme]
    assert not missing, f"README's error table lacks {missing}"


def test_identity_caches_go_through_the_one_helper() -> None:
    """Caches by an object's identity are ``matcher.identity_cache``'s (which holds the
    object, so its id cannot be reused, and locks): nobody else calls ``id()``."""
    callers = {
        str(path.relative_to(ROOT))
        for package in ("matcher", "server")
        for path in (ROOT / package).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id"
    }
    assert callers == set()


def test_the_eligibility_queries_are_small_modules() -> None:
    """One module per thing the queries do (issue 25), each small."""
    package = ROOT / "matcher" / "services" / "eligibility"
    assert not (ROOT / "matcher" / "services" / "eligibility.py").exists()
    sizes = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert {"check.py", "vacancies.py", "candidates.py", "remedies.py", "decider.py"} <= sizes.keys()
    assert max(sizes.values()) <= 150, sizes


def test_the_synthetic_dataset_is_drawn_in_one_pure_place() -> None:
    """One generator (issue 25): the draws import no SQL and no progress bars, the
    in-memory view none either, and no second generator lives in benchmarks/."""
    package = ROOT / "server" / "seed" / "synthetic"
    for module in ("draws.py", "views.py"):
        names = [name for _, name in _imports_of_file(f"server/seed/synthetic/{module}")]
        assert not [n for n in names if n.startswith(("sqlalchemy", "tqdm", "server.storage"))], module
    assert not (ROOT / "benchmarks" / "synthetic.py").exists()
    sizes = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert max(sizes.values()) <= 150, sizes
