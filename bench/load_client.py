"""The fallback HTTP load generator (when ``wrk`` is not installed), run as a process of its own.

``python -m bench.load_client SPEC_JSON`` keeps ``connections`` keep-alive HTTP/1.1 connections busy
for ``seconds`` (or paced at ``rate`` requests/s overall, with random gaps) with asyncio streams, and prints one JSON
line: requests, seconds, rps, p50_ms, p99_ms, errors. Requests come from ``paths`` (GET, round robin)
or, with ``post_template``, are POSTs whose body has ``{n}`` replaced by a unique number.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sys
import time
from typing import Any


def _request(spec: dict[str, Any], n: int, paths: list[str]) -> bytes:
    host = f"{spec['host']}:{spec['port']}"
    headers = "".join(f"{k}: {v}\r\n" for k, v in spec.get("headers", {}).items())
    if spec.get("post_template"):
        body = spec["post_template"].replace("{n}", f"{spec.get('token', '')}{n}").encode()
        head = f"POST {spec['path']} HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Type: application/json\r\n"
        return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return f"GET {paths[n % len(paths)]} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n".encode()


async def _response(reader: asyncio.StreamReader) -> int:
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _worker(
    spec: dict[str, Any], counter: itertools.count[int], stop: float, out: dict[str, Any]
) -> None:
    reader, writer = await asyncio.open_connection(spec["host"], spec["port"])
    interval = spec["connections"] / spec["rate"] if spec.get("rate") else 0.0
    paths = spec.get("paths") or [spec.get("path", "/")]
    while time.perf_counter() < stop:
        if interval:  # random (exponential) gaps, so that connections do not fire in step
            await asyncio.sleep(random.expovariate(1 / interval))
        started = time.perf_counter()
        writer.write(_request(spec, next(counter), paths))
        status = await _response(reader)
        out["latencies"].append(time.perf_counter() - started)
        out["errors"] += status >= 400
    writer.close()


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"latencies": [], "errors": 0}
    counter = itertools.count()
    started = time.perf_counter()
    stop = started + spec["seconds"]
    await asyncio.gather(*(_worker(spec, counter, stop, out) for _ in range(spec["connections"])))
    seconds = time.perf_counter() - started
    latencies = sorted(out["latencies"])

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "errors": out["errors"],
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
