"""What every benchmark gets: the mode (full or smoke), sizes, repeats, and a work folder under var/."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sizes:
    import_orders: int = 10_000
    page: int = 200  # eBay's page size (adapters/channels/ebay/paging.py)
    sync_orders: int = 10_000
    load_seconds: float = 8.0
    connections: int = 50
    post_customers: int = 0  # 0: as many as the load needs
    history_events: int = 1_000
    store_orders: int = 100_000
    list_orders: int = 1_000_000
    list_queries: int = 200


FULL = Sizes()
SMOKE = Sizes(
    import_orders=300,
    sync_orders=300,
    load_seconds=1.0,
    connections=10,
    history_events=100,
    store_orders=2_000,
    list_orders=5_000,
    list_queries=20,
)


@dataclass
class Context:
    smoke: bool = False
    repeat: int = 5
    python: str = sys.executable
    workdir: Path = field(default_factory=lambda: ROOT / "var" / "bench")
    postgres_url: str = field(
        default_factory=lambda: (
            os.environ.get("ORDERHUB_BENCH_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/test"
        )
    )

    def __post_init__(self) -> None:
        if self.smoke:
            self.workdir = self.workdir.with_name(self.workdir.name + "-smoke")
        self.workdir.mkdir(parents=True, exist_ok=True)
        # PostgreSQL needs a secret key; the benchmark's throw-away databases guard nothing. It is
        # kept beside the cached stores: their buyers' personal keys are sealed under it, so a store
        # built by an earlier run reads only with the same key.
        key_file = self.workdir / "secret-key.txt"
        if not key_file.exists():
            key_file.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        os.environ["ORDERHUB_SECRET_KEY"] = key_file.read_text().strip()

    @property
    def sizes(self) -> Sizes:
        return SMOKE if self.smoke else FULL

    def scratch(self, name: str) -> Path:
        """An empty folder for one run (removed first if a previous run left it)."""
        path = self.workdir / "scratch" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for subprocesses: this checkout importable, no .env file surprises."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        env.update(extra)
        return env
