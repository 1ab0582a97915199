"""The client's README runs: its Python blocks, in order, against a live server; and it shows
every public method of `Client`, `AsyncClient` and their listings."""

import inspect
import re
from pathlib import Path
from typing import Any

import forecast_ledger_client
import pytest
from forecast_ledger_client import AsyncClient, AsyncListing, Client, Listing

from tests.client.conftest import Api

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "clients/python/README.md").read_text("utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
MAIN = (ROOT / "README.md").read_text("utf-8").split("## The Python client", 1)[1].split("\n## ")[0]


def public_methods(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name[0] != "_"}


def test_every_public_method_has_an_example() -> None:
    shown = set(re.findall(r"\.([a-z_]+)\(", "\n".join(BLOCKS)))
    sync = public_methods(Client) | public_methods(Listing)
    assert public_methods(AsyncClient) - {"aclose"} == public_methods(Client) - {"close"}
    assert public_methods(AsyncListing) == public_methods(Listing)
    assert sync - shown == set()


class Closing:
    """Swaps in a `Client` that remembers its instances, so each is closed after the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        made: list[Client] = []
        self.made = made

        class Recorded(Client):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                made.append(self)

        monkeypatch.setattr(forecast_ledger_client, "Client", Recorded)

    def close(self) -> None:
        for client in self.made:
            client.close()


def test_the_main_readme_shows_the_three_lines_and_they_run(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    closing = Closing(monkeypatch)
    (install,) = re.findall(r"```console\n\$ (.*?)\n```", MAIN)
    (python,) = re.findall(r"```python\n(.*?)```", MAIN, flags=re.DOTALL)
    assert install.endswith('pip install "./clients/python[pandas]"')
    namespace: dict[str, Any] = {}
    try:
        exec(python.replace("http://127.0.0.1:8000", api.base_url), namespace)
    finally:
        closing.close()
    assert list(namespace["frame"]["id"]) == [26, 25, 23, 20, 19, 18, 17, 16, 15]
    assert len([line for line in python.splitlines() if line.strip()]) == 2


def test_the_examples_run_against_a_live_server(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORECAST_LEDGER_API_KEY", api.key)
    closing = Closing(monkeypatch)
    namespace: dict[str, Any] = {"__name__": "readme"}
    try:
        for block in BLOCKS:
            exec(block.replace("http://127.0.0.1:8000", api.base_url), namespace)
    finally:
        closing.close()
