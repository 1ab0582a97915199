"""The docs page's examples are real: each is what the service answers on the sample (bar
recording times), each validates against its schema, and every claim's span slices the
sample text to its quote."""

import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

import app.api
import app.schemas
from app.api import examples
from app.services import sample

TEXT: str = sample.data()["source"]["text"]
_TIMES = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


def _content(response: dict[str, Any]) -> Any:
    return response["content"]["application/json"]["example"]


def _timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return _TIMES.sub("<time>", value) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("path", "example"),
    [
        ("/v1/claims/10", _content(examples.CLAIM)),
        ("/v1/experts/gaziz-abishev", _content(examples.EXPERT)),
        ("/v1/topics/russia", _content(examples.TOPIC)),
        ("/v1/sources?limit=1", _content(examples.SOURCE_PAGE)),
    ],
)
def test_an_example_is_what_the_sample_answers(
    client: TestClient, app: FastAPI, path: str, example: Any
) -> None:
    local = TestClient(app, base_url=examples.BASE)
    assert _timeless(local.get(path).json()) == _timeless(example)


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    packages = [(app.schemas, "app.schemas"), (app.api, "app.api")]
    for package, prefix in packages:
        for module in pkgutil.iter_modules(package.__path__):
            _collect(importlib.import_module(f"{prefix}.{module.name}"), found)
    return found


def _collect(loaded: Any, found: dict[str, type[BaseModel]]) -> None:
    for value in vars(loaded).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            found.setdefault(value.__name__, value)


def _documented(document: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(where, schema name, example) for every example with a named schema."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            bodies = [(s, r) for s, r in operation["responses"].items()]
            if "requestBody" in operation:
                bodies.append(("body", operation["requestBody"]))
            for status, response in bodies:
                for media, content in response.get("content", {}).items():
                    ref = content.get("schema", {}).get("$ref", "")
                    shown = [content["example"]] if "example" in content else []
                    shown += [e["value"] for e in content.get("examples", {}).values()]
                    for example in shown:
                        yield f"{method} {path} {status} {media}", ref.rsplit("/", 1)[-1], example


def test_every_example_validates_against_its_schema(app: FastAPI) -> None:
    models = _models()
    checked = 0
    for _where, name, example in _documented(app.openapi()):
        if not name:
            continue
        models[name].model_validate(example, strict=False)
        checked += 1
    assert checked > 80


def _claims(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "quote" in value and "span" in value:
            yield value
        for inner in value.values():
            yield from _claims(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _claims(inner)


def test_every_sample_claim_example_spans_its_quote(app: FastAPI) -> None:
    shown = [c for _, _, e in _documented(app.openapi()) for c in _claims(e)]
    of_sample = [c for c in shown if c.get("source") in (1, None) and c["quote"] in TEXT]
    assert of_sample, "the docs show claims of the sample"
    for claim in of_sample:
        start, end = claim["span"]["start"], claim["span"]["end"]
        assert TEXT[start:end] == claim["quote"], claim["quote"]
        selector = claim.get("selector")
        if selector:
            assert TEXT[:start].endswith(selector["prefix"]), claim["quote"]
            assert TEXT[end:].startswith(selector["suffix"]), claim["quote"]
