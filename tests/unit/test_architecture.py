"""The domain stays plain Python, and the generated code stays in step with proto/."""

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
