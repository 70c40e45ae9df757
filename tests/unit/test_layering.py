"""The arrow points inward: a walk over the imports of every module (ast, so nothing is imported)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STDLIB = sys.stdlib_module_names


def imports_of(package: str, root: Path = ROOT) -> list[tuple[str, str]]:
    """``(file, imported module)`` for every import in every module of ``package``."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{package}.<relative>" if node.level else node.module or ""]
            else:
                continue
            found += [(str(path.relative_to(root)), name) for name in names]
    return found


def top(module: str) -> str:
    return module.split(".")[0]


def domain_may_import(module: str) -> bool:
    return (
        top(module) in STDLIB
        or top(module) in ("domain", "pydantic")
        or module == "eventsourcing.domain"
        or module.startswith("eventsourcing.domain.")
    )


def test_the_domain_imports_only_the_standard_library_pydantic_and_eventsourcing_domain() -> None:
    assert imports_of("domain"), "no domain modules found"
    wrong = [(f, m) for f, m in imports_of("domain") if not domain_may_import(m)]
    assert wrong == []


@pytest.mark.parametrize("package", ["application", "ports"])
def test_inner_layers_do_not_import_adapters_or_entrypoints(package: str) -> None:
    assert imports_of(package), f"no {package} modules found"
    wrong = [(f, m) for f, m in imports_of(package) if top(m) in ("adapters", "entrypoints")]
    assert wrong == []


def test_the_domain_does_not_import_the_application_or_ports() -> None:
    wrong = [(f, m) for f, m in imports_of("domain") if top(m) in ("application", "ports")]
    assert wrong == []


def test_the_walk_finds_an_import_hidden_inside_a_function(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "sneaky.py").write_text("def f():\n    from adapters.persistence import mapper\n")
    found = imports_of("domain", tmp_path)
    assert [m for _, m in found if not domain_may_import(m)] == ["adapters.persistence"]


def test_the_product_never_imports_the_simulators_or_the_test_kit() -> None:
    """Simulators and the test kit stand beside the product; only the demo (an entrypoint) runs simulators."""
    for package in ("domain", "application", "ports", "adapters"):
        wrong = [(f, m) for f, m in imports_of(package) if top(m) in ("simulators", "testkit")]
        assert wrong == [], package


def test_the_simulators_import_no_application_or_entrypoint_code() -> None:
    assert imports_of("simulators"), "no simulator modules found"
    wrong = [
        (f, m) for f, m in imports_of("simulators") if top(m) in ("application", "entrypoints", "testkit")
    ]
    assert wrong == []


def test_adapters_never_import_the_application_or_entrypoints() -> None:
    """Adapters implement ports; what they need from the inside lives in ports/ or domain/."""
    assert imports_of("adapters"), "no adapter modules found"
    wrong = [(f, m) for f, m in imports_of("adapters") if top(m) in ("application", "entrypoints")]
    assert wrong == []


HTTP_MAY_IMPORT_FROM_ENTRYPOINTS = {
    "entrypoints.bootstrap",
    "entrypoints.settings",
    "entrypoints.readiness",
    "entrypoints.store_recovery",
    "entrypoints.console.app",
}
"""The composition root (``Services`` is how routes reach use cases and query ports; the ASGI
factory builds them), the settings it is built from, and the two places that look at the store
as the composition root built it: readiness (a write probe) and recovery of lost tables (made again
as at start), and the console's installer (its pages are mounted on the same application).
Nothing else outside entrypoints/http."""


def test_http_entrypoints_never_import_adapters() -> None:
    found = imports_of("entrypoints/http")
    assert found, "no HTTP modules found"
    wrong = [(f, m) for f, m in found if top(m) == "adapters"]
    assert wrong == []
    others = {m for _, m in found if top(m) == "entrypoints" and not m.startswith("entrypoints.http")}
    assert others <= HTTP_MAY_IMPORT_FROM_ENTRYPOINTS


CONSOLE_MAY_IMPORT_FROM_ENTRYPOINTS = {"entrypoints.bootstrap", "entrypoints.settings"}
"""The console is held to the rules of the HTTP routes: ``Services`` and the settings, nothing else
outside entrypoints/console."""


def test_console_entrypoints_never_import_adapters() -> None:
    found = imports_of("entrypoints/console")
    assert found, "no console modules found"
    assert [(f, m) for f, m in found if top(m) == "adapters"] == []
    others = {m for _, m in found if top(m) == "entrypoints" and not m.startswith("entrypoints.console")}
    assert others <= CONSOLE_MAY_IMPORT_FROM_ENTRYPOINTS


def attributes_read_from_services(package: str) -> list[tuple[str, str]]:
    """``(file, name)`` for every ``services.<name>`` in ``package`` (any ``….services.<name>`` too)."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if name == "services":
                found.append((str(path.relative_to(ROOT)), node.attr))
    return found


@pytest.mark.parametrize("package", ["entrypoints/http", "entrypoints/console"])
def test_routes_reach_use_cases_and_query_ports_never_the_stores_themselves(package: str) -> None:
    used = attributes_read_from_services(package)
    assert used, "no use of services found"
    assert [(f, name) for f, name in used if name in ("book", "db")] == []


def test_the_walk_over_services_finds_a_route_reading_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "http").mkdir()
    (tmp_path / "http" / "routes.py").write_text("def f(services):\n    return services.book.get(1)\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert attributes_read_from_services("http") == [("http/routes.py", "book")]
