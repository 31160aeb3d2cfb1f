"""Generate the Python code for proto/ into clients/python/cpmi, or check it is in step.

Usage: python scripts/protogen.py [--check]

The generated code is committed so the client installs without grpcio-tools;
``--check`` regenerates into a temporary folder and fails on any difference.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
OUT_ROOT = ROOT / "clients" / "python"
PACKAGE_DIR = Path("cpmi") / "matching" / "v1"
# The plugins sit beside the interpreter running this script (the venv's bin/).
BIN = Path(sys.executable).parent


def generate(out_root: Path) -> None:
    """Run protoc with the grpc and mypy plugins over every .proto file."""
    protos = sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / PACKAGE_DIR).glob("*.proto"))
    well_known = Path(protoc.__file__).parent / "_proto"
    args = [
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--plugin=protoc-gen-mypy={BIN / 'protoc-gen-mypy'}",
        f"--plugin=protoc-gen-mypy_grpc={BIN / 'protoc-gen-mypy_grpc'}",
        f"--python_out={out_root}",
        f"--grpc_python_out={out_root}",
        f"--mypy_out={out_root}",
        f"--mypy_grpc_out={out_root}",
        *protos,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for folder in (Path("cpmi"), Path("cpmi/matching"), PACKAGE_DIR):
        (out_root / folder / "__init__.py").touch()


def generated_files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in (root / "cpmi").rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        generate(fresh)
        expected, actual = generated_files(fresh), generated_files(OUT_ROOT)
        drift = sorted(str(p) for p in expected ^ actual)
        drift += sorted(str(p) for p in expected & actual if not filecmp.cmp(fresh / p, OUT_ROOT / p, shallow=False))
    if drift:
        print("generated code is out of step with proto/; run `make proto`:", *drift, sep="\n  ")
        return 1
    print("generated code in step with proto/")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when committed code differs")
    if parser.parse_args().check:
        return check()
    shutil.rmtree(OUT_ROOT / "cpmi", ignore_errors=True)
    generate(OUT_ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
