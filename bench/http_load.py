"""Load on an HTTP endpoint from a separate process: ``wrk`` when installed, else bench/load_client.py.

``ORDERHUB_BENCH_LOADGEN=python`` forces the fallback. ``measure(...)`` keeps ``connections`` connections busy for ``seconds`` (or paced to ``rate``
requests/s overall) and returns requests/s, median and 99th-percentile latency, and which
generator did it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bench.context import Context


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    generator: str


def use_wrk() -> bool:
    """wrk when installed, unless ORDERHUB_BENCH_LOADGEN=python asks for the fallback."""
    return (
        os.environ.get("ORDERHUB_BENCH_LOADGEN", "").lower() != "python" and shutil.which("wrk") is not None
    )


def generator_name() -> str:
    return "wrk" if use_wrk() else "python (bench/load_client.py)"


def measure(
    ctx: Context,
    url: str,
    *,
    paths: list[str] | None = None,
    post_template: str | None = None,
    token: str = "",
    headers: dict[str, str] | None = None,
    seconds: float,
    connections: int,
    rate: float | None = None,
) -> LoadResult:
    if use_wrk():
        return _wrk(url, paths, post_template, token, headers or {}, seconds, connections, rate)
    parsed = urlparse(url)
    spec = {
        "host": parsed.hostname,
        "port": parsed.port,
        "path": parsed.path or "/",
        "paths": paths,
        "post_template": post_template,
        "token": token,
        "headers": headers or {},
        "seconds": seconds,
        "connections": connections,
        "rate": rate,
    }
    done = subprocess.run(
        [ctx.python, "-m", "bench.load_client", json.dumps(spec)],
        env=ctx.env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return LoadResult(result["rps"], result["p50_ms"], result["p99_ms"], result["errors"], generator_name())


def _lua(
    paths: list[str] | None, post_template: str | None, token: str, headers: dict[str, str], delay_ms: float
) -> str:
    lines = [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    lines.append("local counter = 0")
    if post_template is not None:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            "local next_id = 1",
            'function setup(thread) thread:set("tid", next_id); next_id = next_id + 1 end',
            f"local template = [==[{post_template}]==]",
            "function request()",
            "  counter = counter + 1",
            f'  local body = template:gsub("{{n}}", "{token}" .. tid .. "x" .. counter)',
            "  return wrk.format(nil, nil, nil, body)",
            "end",
        ]
    else:
        listed = ", ".join(json.dumps(p) for p in paths or ["/"])
        lines += [
            f"local paths = {{{listed}}}",
            "function request()",
            "  counter = counter + 1",
            "  return wrk.format(nil, paths[(counter % #paths) + 1])",
            "end",
        ]
    if delay_ms:  # random (exponential) gaps: paced connections must not fire in step, in bursts
        lines += [
            "function init(args) math.randomseed(os.time()) end",
            f"function delay() return -{delay_ms:.3f} * math.log(1 - math.random()) end",
        ]
    return "\n".join(lines) + "\n"


def _wrk(
    url: str,
    paths: list[str] | None,
    post_template: str | None,
    token: str,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    rate: float | None,
) -> LoadResult:
    delay_ms = connections / rate * 1000 if rate else 0.0
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(paths, post_template, token, headers, delay_ms))
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 120,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    return parse_wrk(done.stdout)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> LoadResult:
    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    return LoadResult(float(rps.group(1)) if rps else 0.0, latency("50"), latency("99"), errors, "wrk")
