"""The demo's options and their defaults: a fresh database, a well-known API key only on loopback."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from application.api_keys import new_api_key

DEMO_API_KEY = "orderhub-demo"


@dataclass
class DemoOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    """None: a fresh SQLite file under var/demo/."""
    duration: float | None = None
    seed: int = 0
    interval: int = 10
    oscar: bool | None = None
    """None: when the plug-in's shop venv exists; True: build it if needed; False: never."""
    api_key: str | None = None
    """None: ``orderhub-demo`` on a loopback interface, else a random key (printed)."""


def fresh_sqlite_url(folder: Path = Path("var/demo")) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"demo-{datetime.now():%Y%m%d-%H%M%S}"
    path, n = folder / f"{name}.sqlite3", 1
    while path.exists():
        path, n = folder / f"{name}-{n}.sqlite3", n + 1
    return f"sqlite:///{path}"


def demo_api_key(host: str) -> str:
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    return DEMO_API_KEY if local else new_api_key()  # a well-known key only where nobody else can use it


def port_taken(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False
