"""Builds and runs the real django-oscar test shop in tests/shop/ (used by conftest.py).

The shop has its own virtualenv at ``tests/shop/.venv`` (its Django pins stay out of orderhub's),
rebuilt only when ``requirements.txt`` changes. ``migrate`` (~20 s) runs once into a template
database cached inside that venv, keyed on the requirements and the shop settings; each shop
started copies the template, seeds it (~2 s) and runs ``runserver --noreload`` on a free port.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from simulators.server import free_port

SHOP_DIR = Path(__file__).resolve().parent / "shop"
VENV = SHOP_DIR / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = SHOP_DIR / "requirements.txt"
ADMIN = ("admin", "admin-pass-123")
CUSTOMER = ("customer", "customer-pass-123")


class ShopUnavailableError(RuntimeError):
    """The shop's environment cannot be built here (typically: no access to PyPI)."""


def _digest(*paths: Path) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


@contextmanager
def _locked() -> Iterator[None]:
    """One builder at a time (pytest-xdist workers share the cache)."""
    with open(SHOP_DIR / ".venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(args: list[str], what: str, env: dict[str, str] | None = None, timeout: float = 900) -> str:
    done = subprocess.run(args, cwd=SHOP_DIR, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        noise = "is ignored"  # pip's warnings about this machine's extra index locations
        tail = "\n".join(line for line in (done.stdout + done.stderr).splitlines() if noise not in line)[
            -1500:
        ]
        raise ShopUnavailableError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def ensure_venv() -> Path:
    """The shop's python, installing its requirements first when they changed."""
    marker = VENV / "orderhub-requirements.sha256"
    with _locked():
        if marker.exists() and marker.read_text() == _digest(REQUIREMENTS):
            return PYTHON
        shutil.rmtree(VENV, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(VENV)], "creating the shop venv")
        pip = [str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        _run([*pip, "--timeout", "30", "--retries", "2", "-r", str(REQUIREMENTS)], "pip install of the shop")
        marker.write_text(_digest(REQUIREMENTS))
    return PYTHON


def _shop_env(db: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, SHOP_DB=str(db), PYTHONWARNINGS="ignore", **extra)


def template_db() -> Path:
    """A migrated, empty shop database (cached; rebuilt when requirements or settings change)."""
    key = _digest(REQUIREMENTS, SHOP_DIR / "shopsite" / "settings.py")
    cached = VENV / "orderhub-cache" / f"migrated-{key}.sqlite3"
    with _locked():
        if not cached.exists():
            cached.parent.mkdir(exist_ok=True)
            scratch = cached.with_suffix(".tmp")
            scratch.unlink(missing_ok=True)
            _run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"], "migrate", _shop_env(scratch))
            scratch.rename(cached)
    return cached


@dataclass
class RunningShop:
    base_url: str
    db: Path
    seeded: dict[str, dict[str, Any]]
    process: subprocess.Popen[bytes]
    log: Path
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.base_url + "/api/"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def start_shop(template: Path, workdir: Path, **knobs: str) -> RunningShop:
    """Copy the template, seed it and serve it; ``knobs`` are SHOP_* settings (see settings.py)."""
    db = workdir / "db.sqlite3"
    shutil.copy(template, db)
    env = _shop_env(db, **knobs)
    began = time.monotonic()
    out = _run([str(PYTHON), "seed.py"], "seeding the shop", env, timeout=120)
    seeded = json.loads(next(line for line in out.splitlines() if line.startswith("SEEDED "))[7:])
    seeded_at = time.monotonic()
    port, log = free_port(), workdir / "server.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=SHOP_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    shop = RunningShop(f"http://127.0.0.1:{port}", db, seeded, process, log)
    deadline = time.monotonic() + 60
    while not _answers(shop.api):
        if process.poll() is not None or time.monotonic() > deadline:
            shop.stop()
            raise RuntimeError(f"the Oscar shop did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    shop.timings = {"seed": seeded_at - began, "start": time.monotonic() - seeded_at}
    return shop


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def basic_auth(user: tuple[str, str]) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(":".join(user).encode()).decode()}
