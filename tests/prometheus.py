"""A real Prometheus (Debian's `prometheus` package) for the tests: its config rendered with
the test's targets into a temp dir, run in the foreground on a free port."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cluster import free_port, until

RULES = Path(__file__).resolve().parents[1] / "deploy" / "prometheus"


def binary(name: str) -> str | None:
    return shutil.which(name) or next((p for p in (f"/usr/bin/{name}", f"/usr/sbin/{name}") if Path(p).exists()), None)


@dataclass
class Prometheus:
    process: subprocess.Popen[bytes]
    url: str

    def query(self, expr: str) -> list[dict[str, Any]]:
        address = f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        with urllib.request.urlopen(address, timeout=5) as answer:
            reply = json.load(answer)
        assert reply["status"] == "success", reply
        return list(reply["data"]["result"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_prometheus(workdir: Path, targets: list[str], scrape_seconds: float = 0.5) -> Prometheus:
    executable = binary("prometheus")
    assert executable, "prometheus is not installed"
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(RULES / "rules.yml", workdir / "rules.yml")
    config = {
        "global": {"scrape_interval": f"{int(scrape_seconds * 1000)}ms", "evaluation_interval": "1s"},
        "rule_files": ["rules.yml"],
        "scrape_configs": [{"job_name": "cpmi-matcher", "static_configs": [{"targets": targets}]}],
    }
    (workdir / "prometheus.yml").write_text(json.dumps(config))  # YAML is a superset of JSON
    port = free_port()
    command = [
        executable,
        f"--config.file={workdir / 'prometheus.yml'}",
        f"--storage.tsdb.path={workdir / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    log = (workdir / "prometheus.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    running = Prometheus(process, f"http://127.0.0.1:{port}")

    def ready() -> bool:
        assert process.poll() is None, (workdir / "prometheus.log").read_text()[-2000:]
        try:
            with urllib.request.urlopen(f"{running.url}/-/ready", timeout=1) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    until(ready, timeout=30, step=0.2)
    return running
