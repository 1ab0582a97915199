"""The layers import one way (STYLE.md: thin handlers over services, schemas apart from
models): `api` → `services` → `schemas` → `domain`. Services take their inputs as schemas;
schemas never reach into services; exports are formats that never reach into HTTP handlers;
and the CLI is a package with one module per command group."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# (package, packages it must not import)
FORBIDDEN = [
    ("schemas", ("app.services", "app.api", "app.cli")),
    ("domain", ("app.services", "app.schemas", "app.api", "app.cli")),
    ("services", ("app.api", "app.cli")),
    ("exports", ("app.api", "app.cli")),
]


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute (`from app.services import search` names both
    `app.services` and `app.services.search`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize(("package", "forbidden"), FORBIDDEN)
def test_layers_import_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    crossings = [
        f"{path.relative_to(APP.parent)} imports {name}"
        for path in sorted((APP / package).rglob("*.py"))
        for name in sorted(imported(path))
        if name.startswith(forbidden) and name.split(".")[:2] != ["app", package]
    ]
    assert crossings == []


def test_the_cli_is_one_module_per_command_group() -> None:
    from app.cli import app as cli

    groups = {group.name for group in cli.registered_groups}
    modules = {path.stem for path in (APP / "cli").glob("*.py")}
    assert groups <= modules, f"command groups without a module of their own: {groups - modules}"
