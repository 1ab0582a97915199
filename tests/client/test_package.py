"""The client stands alone (httpx and pydantic only, nothing of the server), its generated
files match the current app, and a user's script type-checks under `mypy --strict`."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from mypy import api as mypy_api

from scripts import gen_client_models

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"


def test_the_generated_models_and_params_match_the_current_app() -> None:
    for path, text in gen_client_models.generated().items():
        assert path.read_text("utf-8") == text, (
            f"{path.name} is stale: run `python -m scripts.gen_client_models`"
        )


def test_the_package_depends_on_httpx_and_pydantic_only() -> None:
    project = tomllib.loads((CLIENT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {d.split(">")[0].split("[")[0] for d in project["dependencies"]}
    assert names == {"httpx", "pydantic"}
    assert set(project["optional-dependencies"]) == {"pandas", "cli"}


def test_the_package_imports_nothing_of_the_server() -> None:
    imported = set()
    for module in (CLIENT / "src" / "forecast_ledger_client").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    assert imported.isdisjoint({"app", "sqlalchemy", "fastapi", "starlette", "alembic"})
    code = (
        "import sys, forecast_ledger_client.cli, forecast_ledger_client.frames;"
        "print(sorted({'app', 'sqlalchemy', 'pandas'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=CLIENT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"  # pandas too is imported only when a frame is asked for


def test_a_user_script_passes_mypy_strict() -> None:
    script = Path(__file__).with_name("user_script.py")
    # The project's settings, so the cache that `scripts/check.py`'s mypy step left is reused.
    config = f"--config-file={ROOT / 'pyproject.toml'}"
    out, err, status = mypy_api.run(["--strict", config, str(script)])
    assert status == 0, out + err
    assert "no issues found in 1 source file" in out
