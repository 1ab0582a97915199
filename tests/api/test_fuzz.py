"""Schema-driven fuzzing: schemathesis generates requests for every operation from the OpenAPI
document (valid ones and, for the negative checks, invalid ones), sends them in process to an
app over its own database on each engine, and runs every check on the answers: no 5xx, every
status and header documented, every body in its schema, valid data accepted, invalid refused.

The examples go out in turn anonymous and with a key of each scope, rate limits off so that
no answer is a 429 instead of the real one.
"""

import itertools
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckFunction
from schemathesis.config import SchemathesisConfig
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from app import migrate
from app.db import make_engine, make_sessionmaker, transaction
from app.main import create_app
from app.services import keys, sample
from tests.conftest import postgres_database, postgres_server, settings_for

# Per operation, for each engine; FORECASTS_FUZZ_EXAMPLES raises it for a longer hunt.
EXAMPLES = int(os.environ.get("FORECASTS_FUZZ_EXAMPLES", "25"))
SCOPES = ["write", "resolve", "ingest", "admin"]
STATEFUL_EXAMPLES = int(os.environ.get("FORECASTS_FUZZ_WORKFLOWS", "30"))
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "enabled": True,
            # Rejections by the limits in front of every operation are rejections too, and an
            # `If-Match` that names no version is a failed precondition.
            "negative_data_rejection": {
                "expected-statuses": [
                    *(400, 401, 403, 404, 405, 406, 409, 412, 413, 414, 415, 422, 428)
                ]
            },
            # A write without `If-Match` is a 428 Precondition Required (RFC 6585).
            "missing_required_header": {"expected-statuses": [400, 401, 403, 422, 428]},
        },
        # oEmbed 1.0 §2.3.4 prescribes 501 for a format the provider does not serve (`xml`).
        "operations": [
            {
                "include-path": "/oembed",
                "checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", 501]}},
            },
            # PATCH or DELETE on /v1/claims/facets is one on the claim with the malformed id
            # `facets` (/v1/claims/{claim_id}): a 422 or, with query parameters, a 400, not 405.
            {
                "include-path": "/v1/claims/facets",
                "checks": {"unsupported_method": {"enabled": False}},
            },
        ],
    }
)
# Rules between parameters that OpenAPI 3.1 has no way to state for query parameters, or that
# depend on what is stored or on today; each is a 422 saying so, pinned by the API tests.
UNSTATED_RULES = (
    "sort=relevance ranks search results: give q as well",
    "sort=brier and min_resolved go together",
    # Letters or digits of any script: JSON Schema patterns have no portable Unicode classes.
    "has no letters or digits to look for",
    # Relative to today.
    "must not be in the future",
    # A name in a body that names nothing stored.
    "there is no ",
    "There is no topic",
    "unknown topic(s)",
    # Comparisons between fields, and between the path and the body.
    "end must be greater than start",
    "is not the quote",
    "the band must satisfy 0 <= low <= probability <= high <= 1",
    "earliest must not be after latest",
    "cannot be merged into itself",
    # A hedge phrase is one of the confidence table's (with its negations and Russian forms).
    "is not in the confidence table",
    # An article to extract from is in a language the rules read (detected from the text).
    "drafts are extracted from",
)


def fuzz_app(url: str) -> tuple[FastAPI, list[str | None]]:
    """An app over a fresh database holding the sample, and the bearer keys to send: none,
    then one key per scope."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
        made = [keys.create(session, name=f"fuzz-{s}", scopes=[s])[1] for s in SCOPES]
    engine.dispose()
    return create_app(settings_for(url, rate_limits=False)), [None, *made]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FastAPI, list[str | None]]]:
    if request.param == "sqlite":
        directory: Path = tmp_path_factory.mktemp("fuzz")
        yield fuzz_app(f"sqlite:///{directory / 'fuzz.db'}")
        return
    for url in postgres_database(postgres_server()):
        yield fuzz_app(url)


@dataclass
class Target:
    """The app under test, and the bearer keys its examples go out with, in turn: none, then
    each scope's."""

    app: FastAPI
    bearers: Iterator[str | None]


@pytest.fixture(scope="module")
def target(fuzzed: tuple[FastAPI, list[str | None]]) -> Target:
    return Target(fuzzed[0], itertools.cycle(fuzzed[1]))


def left_out(case: Case[Any]) -> str:
    """The header this example leaves out on purpose (to see it refused), lower case, or ''."""
    data = case.meta.phase.data if case.meta is not None else None
    if isinstance(data, CoveragePhaseData) and data.scenario == CoverageScenario.MISSING_PARAMETER:
        return (data.parameter or "").lower()
    return ""


def authorised(case: Case[Any], bearer: str | None) -> None:
    if bearer is not None and left_out(case) != "authorization":
        case.headers["Authorization"] = f"Bearer {bearer}"


def as_a_client_would(case: Case[Any], app: FastAPI) -> None:
    """What no schema can say, done as a client does it, for valid examples only: a cursor is
    one the service issued (a made-up one is a 400; the round trip is tested in
    tests/test_pagination.py), `If-Match` carries the ETag just read (any other is a 412, `*`
    where there is nothing to read), and an `Idempotency-Key` is new for a new request (a key
    used before for another body is a 422)."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return
    if case.query and "cursor" in case.query:
        case.query = {k: v for k, v in case.query.items() if k != "cursor"}
    if "If-Match" in case.headers and left_out(case) != "if-match":
        read = TestClient(app).get(case.formatted_path.removesuffix("/merge"))
        case.headers["If-Match"] = read.headers.get("etag", "*")
    if "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex


def excluded(case: Case[Any], response: Response) -> list[CheckFunction]:
    """No `positive_data_acceptance` for a valid example that trips one of UNSTATED_RULES, and
    no `ignored_auth` for one sent with a key of ours: its probes cannot take our header off
    (authentication is proven by the anonymous turn and tests/api/test_authorization.py)."""
    checks: list[CheckFunction] = []
    if response.status_code == 422 and any(r in response.text for r in UNSTATED_RULES):
        checks.append(positive_data_acceptance)
    if "Authorization" in case.headers:
        checks.append(ignored_auth)
    return checks


# The document does not depend on the database, so it is read once, from an app over nothing;
# the requests go to the app of the engine under test.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(settings_for("sqlite://", rate_limits=False)), config=CONFIG
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_holds_to_its_schema(case: Case[Any], target: Target) -> None:
    authorised(case, next(target.bearers))
    as_a_client_would(case, target.app)
    response = case.call(app=target.app)
    case.validate_response(response, excluded_checks=excluded(case, response))


@pytest.mark.xfail(
    reason="known defect, issue 15: since ingestion refuses text it cannot read, the workflows'"
    " draws depend on what earlier examples stored in the shared database, and Hypothesis"
    " reports FlakyStrategyDefinition; each workflow needs a database of its own",
    strict=False,
)
def test_the_openapi_links_hold_as_a_workflow(fuzzed: tuple[FastAPI, list[str | None]]) -> None:
    """Stateful: sequences that follow the document's links (create → get → patch with the
    ETag → resolve → history), with a key of every scope, every check on each answer."""
    app, bearers = fuzzed
    every_scope = keys_with_every_scope(app)

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"app": app}

        def before_call(self, case: Case[Any]) -> None:
            case.headers["Authorization"] = f"Bearer {every_scope}"
            as_a_client_would(case, app)

        def validate_response(self, response: Response, case: Case[Any], **kwargs: Any) -> None:
            case.validate_response(response, excluded_checks=excluded(case, response))

    assert bearers  # the scopes' own keys serve the operation tests above
    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            stateful_step_count=6,
        )
    )


def keys_with_every_scope(app: FastAPI) -> str:
    """A key that may do everything, made in the app's own database."""
    with transaction(app.state.write_sessions) as session:
        return keys.create(session, name="fuzz-workflow", scopes=SCOPES)[1]
