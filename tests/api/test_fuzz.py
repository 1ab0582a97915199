"""Schema-driven fuzzing: schemathesis generates requests for every operation from the OpenAPI
document (valid ones and, for the negative checks, invalid ones), sends them in process to an
app over its own database on each engine, and runs every check on the answers: no 5xx, every
status and header documented, every body in its schema, valid data accepted, invalid refused.

The examples go out in turn anonymous and with a key of each scope, rate limits off so that
no answer is a 429 instead of the real one. The stateful half follows the links between
operations in workflows that each start from the same data (tests/api/fuzz_databases.py),
and fails if any link was never followed.
"""

import copy
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
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, MultipleResults, initialize, multiple
from schemathesis.checks import CheckFunction
from schemathesis.config import SchemathesisConfig
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario, TestPhase
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema
from schemathesis.specs.openapi.stateful import into_step_input, transition
from schemathesis.specs.openapi.stateful.links import OpenApiLink

from app.main import create_app
from tests.api.fuzz_databases import Accepted, Databases, filled, fresh_app, reset
from tests.conftest import postgres_database, postgres_server, settings_for

# Per operation, for each engine; FORECASTS_FUZZ_EXAMPLES raises it for a longer hunt.
EXAMPLES = int(os.environ.get("FORECASTS_FUZZ_EXAMPLES", "100"))
STATEFUL_EXAMPLES = int(os.environ.get("FORECASTS_FUZZ_WORKFLOWS", "20"))
STATEFUL_STEPS = 20
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
    # Nothing but exclusions: a word to look for is letters or digits of any script, as above.
    "has no word to look for",
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


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    if request.param == "sqlite":
        directory: Path = tmp_path_factory.mktemp("fuzz")
        yield filled(f"sqlite:///{directory / 'template.db'}")
        return
    for url in postgres_database(postgres_server()):
        yield filled(url)


@dataclass
class Target:
    """The app under test, and the bearer keys its examples go out with, in turn: none, then
    each scope's."""

    app: FastAPI
    bearers: Iterator[str | None]


@pytest.fixture(scope="module")
def target(databases: Databases) -> Iterator[Target]:
    with fresh_app(databases) as (app, _):
        yield Target(app, itertools.cycle(databases.bearers))


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
    # Header names are case-insensitive: the document names some `if-match`.
    names = {name.lower(): name for name in case.headers}
    if "if-match" in names and left_out(case) != "if-match":
        read = TestClient(app).get(case.formatted_path.removesuffix("/merge"))
        case.headers[names["if-match"]] = read.headers.get("etag", "*")
    if "idempotency-key" in names:
        case.headers[names["idempotency-key"]] = uuid.uuid4().hex


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


def test_the_openapi_links_hold_as_a_workflow(databases: Databases) -> None:
    """Stateful: sequences that follow the document's links (create → get → patch with the
    ETag → resolve → history), with a key of every scope, every check on each answer. Each
    sequence starts from the template's data, so a sequence draws the same way every time it
    is replayed; every link is followed at least once."""
    in_order = sorted(links(schema), key=lambda link: link.full_name)
    every_link = {link.full_name for link in in_order}
    # The state machine's own bookkeeping of a step (its record of cases and transitions).
    as_a_step = transition(
        name="accepted",
        target=Bundle("catch_all"),
        input=st.nothing(),
        precondition=lambda _machine: True,
    )
    followed: set[str] = set()
    with fresh_app(databases) as (app, url):

        class Workflow(schema.as_state_machine()):  # type: ignore[misc]
            @initialize(
                target=Bundle("catch_all"), inputs=accepted(databases.accepted), data=st.data()
            )
            def start_from_accepted_requests(
                self, inputs: tuple[StepInput, ...], data: st.DataObject
            ) -> MultipleResults[StepOutput]:
                """Every workflow opens with requests that succeed, then follows each link
                from their answers once; the steps Hypothesis draws go on from there."""
                outputs = [self.take(input) for input in inputs]
                for link in in_order:
                    source = next((o for o in outputs if opens(link, o)), None)
                    if source is not None:
                        follow = into_step_input(
                            target=link.target, link=link, modes=[GenerationMode.POSITIVE]
                        )
                        outputs.append(self.take(data.draw(follow(source))))
                return multiple(*outputs)

            def take(self, input: StepInput) -> StepOutput:
                output = as_a_step(self, input)
                assert output is not None  # a step always answers
                return output

            def setup(self) -> None:
                reset(app, url, databases)

            def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
                return {"app": app}

            def before_call(self, case: Case[Any]) -> None:
                case.headers["Authorization"] = f"Bearer {databases.every_scope}"
                as_a_client_would(case, app)

            def step(self, input: StepInput) -> StepOutput:
                output: StepOutput = super().step(input)
                if input.transition is not None and input.is_applied:
                    followed.add(input.transition.id)
                return output

            def validate_response(self, response: Response, case: Case[Any], **kwargs: Any) -> None:
                case.validate_response(response, excluded_checks=excluded(case, response))

        Workflow.run(
            settings=settings(
                max_examples=STATEFUL_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                stateful_step_count=STATEFUL_STEPS,
            )
        )
    print(f"links followed: {len(followed & every_link)} of {len(every_link)}")
    print(*(f"not followed: {name}" for name in sorted(every_link - followed)), sep="\n")
    assert sorted(every_link - followed) == []


def accepted(requests: list[Accepted]) -> st.SearchStrategy[tuple[StepInput, ...]]:
    """Steps that send `requests` in turn, with whatever else their operations take generated."""

    def case(request: Accepted) -> st.SearchStrategy[StepInput]:
        operation = schema[request.path][request.method]
        return operation.as_strategy(
            phase=TestPhase.STATEFUL,
            path_parameters=dict(request.parameters),
            body=NOT_SET if request.body is None else copy.deepcopy(request.body),
        ).map(StepInput.initial)

    return st.tuples(*(case(request) for request in requests))


def opens(link: OpenApiLink, output: StepOutput) -> bool:
    """Whether `output` is an answer `link` starts from."""
    return (
        output.case.operation.label == link.source.label
        and str(output.response.status_code) == link.status_code
    )


def links(schema: OpenApiSchema) -> list[OpenApiLink]:
    """Every link the state machine can follow: the document's own, and those schemathesis
    infers from it (an id in one answer that is a parameter of another operation)."""
    machine = schema.as_state_machine()
    transitions = machine._transitions  # type: ignore[attr-defined]  # no public name for them
    return [link for item in transitions.operations.values() for link in item.outgoing]
