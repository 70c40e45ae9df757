"""``orderhub serve --workers N`` and the ASGI factory its worker processes use."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from entrypoints.cli import app
from entrypoints.http.asgi import create


@pytest.mark.parametrize("url", ["sqlite:///var/orderhub.db", "memory://"])
def test_more_than_one_worker_without_postgresql_is_refused_saying_why(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers > 1 needs PostgreSQL" in " ".join(result.output.split())


def test_the_factory_builds_services_from_the_settings_and_closes_them_at_shutdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", "memory://")
    monkeypatch.setenv("ORDERHUB_API_KEY", "factory-key")
    application = create()
    with TestClient(application) as client:
        assert (
            client.get("/api/v1/orders", headers={"Authorization": "Bearer factory-key"}).status_code == 200
        )
        assert client.get("/api/v1/orders", headers={"Authorization": "Bearer other"}).status_code == 401
    with pytest.raises(Exception, match="closed"):
        application.state.services.api_keys.has_any()


def test_a_worker_on_memory_is_refused_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", "memory://")
    result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "memory:// lives inside one process" in " ".join(result.output.split())
