"""Generate the Python code for proto/ into clients/python/cpmi and the TypeScript code
into clients/typescript/src/gen, or check both are in step.

Usage: python scripts/protogen.py [--check]

The generated code is committed so the client installs without grpcio-tools;
``--check`` regenerates into a temporary folder and fails on any difference.
It also writes ``server/api/field_bounds.py``: the maximum of every string,
bytes and repeated field a request can carry, read from the "At most N
characters|bytes|items" sentence of its comment in proto/, so the contract a
client reads and the bound the server enforces are one text. A request field
without such a sentence fails the generation.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from google.protobuf import descriptor_pb2
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
OUT_ROOT = ROOT / "clients" / "python"
PACKAGE_DIR = Path("cpmi") / "matching" / "v1"
# The plugins sit beside the interpreter running this script (the venv's bin/).
BIN = Path(sys.executable).parent
BOUNDS_MODULE = ROOT / "server" / "api" / "field_bounds.py"
TS_CLIENT = ROOT / "clients" / "typescript"
TS_OUT = TS_CLIENT / "src" / "gen"
BOUND = re.compile(r"At most (\d+) (characters|bytes|items)")


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


def _descriptor_set() -> descriptor_pb2.FileDescriptorSet:
    protos = sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / PACKAGE_DIR).glob("*.proto"))
    well_known = Path(protoc.__file__).parent / "_proto"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.binpb"
        args = ["protoc", f"-I{PROTO_ROOT}", f"-I{well_known}", "--include_source_info", "--include_imports"]
        if protoc.main([*args, f"--descriptor_set_out={out}", *protos]) != 0:
            raise SystemExit("protoc failed")
        return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def bounds_source() -> str:
    """The text of server/api/field_bounds.py for the current proto/."""
    comments: dict[str, str] = {}
    messages: dict[str, descriptor_pb2.DescriptorProto] = {}
    files = _descriptor_set().file
    for file in files:
        where = {tuple(loc.path): loc.leading_comments for loc in file.source_code_info.location}

        def collect(
            message: descriptor_pb2.DescriptorProto,
            prefix: str,
            path: tuple[int, ...],
            where: dict[tuple[int, ...], str] = where,
        ) -> None:
            full = f"{prefix}.{message.name}"
            messages[full] = message
            for i, field in enumerate(message.field):
                comments[f"{full}.{field.name}"] = where.get((*path, 2, i), "")
            for i, nested in enumerate(message.nested_type):
                collect(nested, full, (*path, 3, i))

        for i, message in enumerate(file.message_type):
            collect(message, file.package, (4, i))
    bounds: dict[str, dict[str, int]] = {}
    missing: list[str] = []

    def walk(type_name: str) -> None:
        if type_name in bounds or not type_name.startswith("cpmi."):
            return
        bounds[type_name] = {}
        for field in messages[type_name].field:
            full = f"{type_name}.{field.name}"
            found = {unit: int(n) for n, unit in BOUND.findall(comments[full])}
            repeated = field.label == field.LABEL_REPEATED
            if field.type == field.TYPE_MESSAGE:
                walk(field.type_name.lstrip("."))
            if (
                field.type in (field.TYPE_STRING, field.TYPE_BYTES) and not ({"characters", "bytes"} & found.keys())
            ) or (repeated and "items" not in found):
                missing.append(full)
            for unit, number in found.items():
                bounds[type_name][f"{field.name}:{unit}"] = number

    for file in files:
        for service in file.service:
            for method in service.method:
                walk(method.input_type.lstrip("."))
    if missing:
        raise SystemExit(
            "request fields without an 'At most N characters|bytes|items' comment:\n  " + "\n  ".join(missing)
        )
    lines = [
        '"""Generated by scripts/protogen.py from the comments in proto/; do not edit."""',
        "",
        '# message full name -> {"field:unit": maximum}; unit is characters, bytes or items.',
        "FIELD_BOUNDS: dict[str, dict[str, int]] = {",
    ]
    for type_name in sorted(name for name, found in bounds.items() if found):
        lines.append(f"    {type_name!r}: {{")
        lines += [f"        {key!r}: {value}," for key, value in sorted(bounds[type_name].items())]
        lines.append("    },")
    return "\n".join([*lines, "}", ""]).replace("'", '"')


def generate_typescript(out: Path) -> None:
    """buf with protobuf-es (clients/typescript/node_modules, `npm ci`) into ``out``."""
    plugin = TS_CLIENT / "node_modules" / ".bin" / "protoc-gen-es"
    if not plugin.exists():
        raise SystemExit(f"{plugin} is missing: run `npm ci` in {TS_CLIENT} (make does)")
    node_bin = str(BIN) if (BIN / "node").exists() else ""
    template = (TS_CLIENT / "buf.gen.yaml").read_text(encoding="utf-8").replace("out: src/gen", f"out: {out}")
    template = template.replace("local: node_modules/.bin/protoc-gen-es", f"local: {plugin}")
    env = {**os.environ, "PATH": os.pathsep.join(filter(None, [node_bin, os.environ.get("PATH", "")]))}
    subprocess.run([str(BIN / "buf"), "generate", str(PROTO_ROOT), "--template", template], check=True, env=env)


def generated_files(root: Path, under: str = "cpmi") -> set[Path]:
    return {p.relative_to(root) for p in (root / under).rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _differences(fresh: Path, committed: Path) -> list[str]:
    expected, actual = generated_files(fresh), generated_files(committed)
    drift = sorted(str(committed / p) for p in expected ^ actual)
    drift += sorted(
        str(committed / p) for p in expected & actual if not filecmp.cmp(fresh / p, committed / p, shallow=False)
    )
    return drift


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        (fresh / "python").mkdir()
        generate(fresh / "python")
        generate_typescript(fresh / "typescript")
        drift = _differences(fresh / "python", OUT_ROOT) + _differences(fresh / "typescript", TS_OUT)
    if BOUNDS_MODULE.read_text(encoding="utf-8") != bounds_source():
        drift.append(str(BOUNDS_MODULE.relative_to(ROOT)))
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
    shutil.rmtree(TS_OUT / "cpmi", ignore_errors=True)
    generate_typescript(TS_OUT)
    BOUNDS_MODULE.write_text(bounds_source(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
