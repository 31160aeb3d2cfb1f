"""`make observe`: the demo server with its metrics port, and Debian's Prometheus scraping it
with the shipped rules (deploy/prometheus), until Ctrl-C. Prints the address of Prometheus's
page."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "prometheus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--metrics-port", type=int, default=9464)
    parser.add_argument("--prometheus-port", type=int, default=9090)
    args, serve_args = parser.parse_known_args()
    prometheus = shutil.which("prometheus") or "/usr/bin/prometheus"
    if not Path(prometheus).exists():
        print("make observe needs Prometheus: apt-get install prometheus", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="cpmi-observe-"))
    shutil.copy(DEPLOY / "rules.yml", workdir / "rules.yml")
    config = (DEPLOY / "prometheus.yml").read_text().replace("127.0.0.1:9464", f"127.0.0.1:{args.metrics_port}")
    (workdir / "prometheus.yml").write_text(config)
    matcher = Path(sys.executable).parent / "cpmi-matcher"
    serve = [str(matcher), "serve", "--demo", "--connect-port", "8080", "--metrics-port", str(args.metrics_port)]
    env = {"CPMI_WORK_COUNTS_SECONDS": "5", **os.environ}  # the demo's numbers move at once
    server = subprocess.Popen([*serve, *serve_args], env=env)
    scraper = subprocess.Popen(
        [
            prometheus,
            f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{args.prometheus_port}",
        ],
        stdout=(workdir / "prometheus.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    time.sleep(1)
    print(f"\nPrometheus: http://127.0.0.1:{args.prometheus_port}/graph (alerts: /alerts; log {workdir})")
    print(f"metrics of the demo server: http://127.0.0.1:{args.metrics_port}/metrics\n", flush=True)
    try:
        while server.poll() is None and scraper.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for process in (scraper, server):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
