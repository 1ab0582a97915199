"""Propositions, resolutions and scorecards over HTTP."""

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Outcome
from tests.conftest import Keys
from tests.factories import make_claim, make_expert, make_resolution


def test_beisebayev_scorecard_shows_his_election_forecast_and_what_is_open(
    client: TestClient,
) -> None:
    card = client.get("/v1/experts/kazbek-beisebayev/scorecard").json()
    # His two open forecasts run to 2029-11-20 (the term the election opened).
    overdue = 2 if dt.datetime.now(dt.UTC).date() > dt.date(2029, 11, 20) else 0
    assert card["counts"] == {
        "forecasts": 3,
        "resolved": 1,
        "scored": 1,
        "partly": 0,
        "unresolvable": 0,
        "open": 2,
        "overdue": overdue,
    }
    assert card["brier"] == pytest.approx((0.93 - 1) ** 2)
    assert card["brier_range"] == pytest.approx([(0.99 - 1) ** 2, (0.87 - 1) ** 2])
    assert card["log_score"] == pytest.approx(-0.072571, abs=1e-6)
    assert [b["count"] for b in card["calibration"]] == [0] * 9 + [1]
    assert card["by_topic"]["elections"]["counts"]["scored"] == 1


def test_the_election_propositions_resolved_their_claims(client: TestClient) -> None:
    wins = client.get("/v1/propositions/tokayev-wins-2022").json()
    assert wins["outcome"] == "true"
    linked = client.get("/v1/claims?proposition=tokayev-wins-2022").json()["items"]
    assert {c["expert"] for c in linked} == {"kazbek-beisebayev", "most-observers"}
    assert all(c["outcome"] == "true" and c["stance"] == "for" for c in linked)
    resolutions = client.get(f"/v1/claims/{linked[0]['id']}/resolutions").json()["items"]
    assert resolutions[-1]["evidence"]["url"].startswith("https://")
    assert resolutions[-1]["via"] is not None
    open_claims = client.get("/v1/claims?outcome=open&kind=forecast").json()["items"]
    assert all(c["proposition"] is None for c in open_claims)


def _proposition(client: TestClient, writer: dict[str, str], slug: str = "tenge-weakens") -> None:
    made = client.post(
        "/v1/propositions",
        headers=writer,
        json={
            "slug": slug,
            "text": "The tenge weakens in 2025.",
            "resolve_by": "2026-01-15",
            "topics": ["economy"],
        },
    )
    assert made.status_code == 201, made.text


def _link(client: TestClient, writer: dict[str, str], claim_id: int, stance: str) -> None:
    etag = client.get(f"/v1/claims/{claim_id}", headers=writer).headers["etag"]
    linked = client.patch(
        f"/v1/claims/{claim_id}",
        headers={**writer, "If-Match": etag},
        json={"proposition": "tenge-weakens", "stance": stance},
    )
    assert linked.status_code == 200, linked.text


def test_consensus_and_resolution_through_a_proposition(
    client: TestClient, session: Session, keys: Keys
) -> None:
    writer, resolver = keys.headers("write"), keys.headers("resolve", name="judge")
    _proposition(client, writer)
    yes = make_claim(session, probability_low=0.63, probability=0.75, probability_high=0.87)
    no = make_claim(session, probability_low=0.63, probability=0.75, probability_high=0.87)
    _link(client, writer, yes.id, "for")
    _link(client, writer, no.id, "against")
    consensus = client.get("/v1/propositions/tenge-weakens/consensus").json()
    probabilities = sorted(p["probability"] for p in consensus["positions"])
    assert probabilities == pytest.approx([0.25, 0.75])
    assert consensus["aggregate"] | {"mean": 0.5} == consensus["aggregate"]
    assert (consensus["aggregate"]["for"], consensus["aggregate"]["against"]) == (1, 1)

    body = {
        "outcome": "true",
        "resolved_on": "2026-01-10",
        "rationale": "Official rates.",
        "evidence": {"url": "https://example.org/rates", "quote": "365.0", "date": "2026-01-01"},
    }
    assert (
        client.post(
            "/v1/propositions/tenge-weakens/resolutions", headers=writer, json=body
        ).status_code
        == 403
    )  # resolving needs the `resolve` scope
    assert (
        client.post(
            "/v1/propositions/tenge-weakens/resolutions", headers=resolver, json=body
        ).status_code
        == 201
    )
    assert client.get(f"/v1/claims/{yes.id}").json()["outcome"] == "true"
    assert client.get(f"/v1/claims/{no.id}").json()["outcome"] == "false"

    again = client.post(
        "/v1/propositions/tenge-weakens/resolutions",
        headers=resolver,
        json=body | {"outcome": "false", "rationale": "Rates were revised."},
    )
    assert again.status_code == 201
    assert client.get(f"/v1/claims/{yes.id}").json()["outcome"] == "false"
    kept = client.get(f"/v1/claims/{yes.id}/resolutions").json()["items"]
    assert [r["outcome"] for r in kept] == ["true", "false"]
    steps = client.get(f"/v1/claims/{yes.id}/history").json()["items"]
    assert [s["changes"]["outcome"] for s in steps if s["action"] == "resolve"] == [
        [None, "true"],
        ["true", "false"],
    ]
    assert steps[-1]["actor"]["name"] == "judge"


def test_a_claim_linked_to_a_resolved_proposition_takes_its_outcome(
    client: TestClient, session: Session, keys: Keys
) -> None:
    writer, resolver = keys.headers("write"), keys.headers("resolve")
    _proposition(client, writer)
    client.post(
        "/v1/propositions/tenge-weakens/resolutions",
        headers=resolver,
        json={"outcome": "true", "resolved_on": "2026-01-10", "rationale": "Rates."},
    )
    late = make_claim(session)
    _link(client, writer, late.id, "against")
    assert client.get(f"/v1/claims/{late.id}").json()["outcome"] == "false"


def test_as_of_ignores_resolutions_recorded_later(client: TestClient, session: Session) -> None:
    expert = make_expert(session)
    claim = make_claim(
        session,
        expert=expert,
        probability_low=0.7,
        probability=0.8,
        probability_high=0.9,
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    make_resolution(
        session, claim, Outcome.true, created_at=dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
    )
    make_resolution(
        session, claim, Outcome.false, created_at=dt.datetime(2024, 9, 1, 12, tzinfo=dt.UTC)
    )
    url = f"/v1/experts/{expert.slug}/scorecard"
    assert client.get(url).json()["brier"] == pytest.approx(0.64)
    assert client.get(f"{url}?as_of=2024-06-30").json()["brier"] == pytest.approx(0.04)
    before = client.get(f"{url}?as_of=2024-05-01").json()
    assert (before["brier"], before["counts"]["open"]) == (None, 1)


def test_a_passed_horizon_without_resolution_is_overdue(
    client: TestClient, session: Session
) -> None:
    expert = make_expert(session)
    late = make_claim(
        session,
        expert=expert,
        probability_low=0.6,
        probability=0.7,
        probability_high=0.8,
        horizon_latest=dt.date(2023, 1, 1),
    )
    assert client.get(f"/v1/claims/{late.id}").json()["overdue"] is True
    card = client.get(f"/v1/experts/{expert.slug}/scorecard").json()
    assert (card["counts"]["open"], card["counts"]["overdue"]) == (1, 1)
    assert (
        client.get(f"/v1/experts/{expert.slug}/scorecard?as_of=2022-06-01").json()["counts"][
            "overdue"
        ]
        == 0
    )


def test_the_leaderboard_needs_min_resolved(client: TestClient) -> None:
    assert client.get("/v1/experts?sort=brier").status_code == 422
    assert client.get("/v1/experts?min_resolved=1").status_code == 422
    board = client.get("/v1/experts?sort=brier&min_resolved=1").json()["items"]
    assert [e["slug"] for e in board] == ["kazbek-beisebayev", "most-observers"]
    assert board[0]["score"] == {"brier": pytest.approx(0.0049), "resolved": 1}
    scores: list[Any] = [e["score"]["brier"] for e in board]
    assert scores == sorted(scores)
    assert client.get("/v1/experts?sort=brier&min_resolved=2").json()["items"][0]["slug"] == (
        "most-observers"
    )


def test_resolving_a_claim_directly(client: TestClient, session: Session, keys: Keys) -> None:
    claim = make_claim(session)
    resolver = keys.headers("resolve")
    made = client.post(
        f"/v1/claims/{claim.id}/resolutions",
        headers=resolver,
        json={"outcome": "partly", "resolved_on": "2025-01-01", "rationale": "Half."},
    )
    assert made.status_code == 201, made.text
    assert made.json()["outcome"] == "partly"
    assert client.get(f"/v1/claims/{claim.id}").json()["outcome"] == "partly"
    bad = client.post(
        f"/v1/claims/{claim.id}/resolutions",
        headers=resolver,
        json={"outcome": "won", "resolved_on": "2025-01-01", "rationale": "x"},
    )
    assert bad.status_code == 422


def test_the_leaderboard_pages(client: TestClient) -> None:
    first = client.get("/v1/experts?sort=brier&min_resolved=1&limit=1").json()
    second = client.get(first["next"])
    assert second.status_code == 200, second.text
    assert [e["slug"] for e in first["items"] + second.json()["items"]] == [
        "kazbek-beisebayev",
        "most-observers",
    ]


def test_as_of_must_not_be_in_the_future_and_leaves_out_later_claims(
    client: TestClient, session: Session
) -> None:
    assert client.get("/v1/experts/gaziz-abishev/scorecard?as_of=9999-12-31").status_code == 422
    expert = make_expert(session)
    make_claim(
        session,
        expert=expert,
        probability_low=0.6,
        probability=0.7,
        probability_high=0.8,
        created_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
    )
    url = f"/v1/experts/{expert.slug}/scorecard"
    assert client.get(f"{url}?as_of=2024-05-31").json()["counts"]["forecasts"] == 0
    assert client.get(f"{url}?as_of=2024-06-01").json()["counts"]["forecasts"] == 1


def test_breakdowns_by_topic_take_in_parent_topics(client: TestClient) -> None:
    card = client.get("/v1/experts/gaziz-abishev/scorecard").json()
    narrowed = client.get("/v1/experts/gaziz-abishev/scorecard?topic=foreign-policy").json()
    assert card["by_topic"]["foreign-policy"]["counts"] == narrowed["counts"]
    assert "kazakhstan" in card["by_topic"]


def test_forecasts_without_a_probability_are_counted_open(
    client: TestClient, session: Session
) -> None:
    expert = make_expert(session)
    make_claim(session, expert=expert, horizon_latest=dt.date(2023, 1, 1))
    card = client.get(f"/v1/experts/{expert.slug}/scorecard").json()
    assert card["forecasts_without_probability"] == 1
    assert (card["counts"]["forecasts"], card["counts"]["open"], card["counts"]["overdue"]) == (
        1,
        1,
        1,
    )


def test_a_resolved_claim_cannot_leave_its_proposition(client: TestClient, keys: Keys) -> None:
    writer = keys.headers("write")
    claim = client.get("/v1/claims?proposition=no-real-opposition-2022").json()["items"][0]
    _proposition(client, writer)
    moved = client.patch(
        f"/v1/claims/{claim['id']}",
        headers={**writer, "If-Match": "*"},
        json={"proposition": "tenge-weakens", "stance": "against"},
    )
    assert moved.status_code == 409


def test_resolutions_are_dated_in_the_past_and_logged_on_the_proposition(
    client: TestClient, keys: Keys
) -> None:
    writer, resolver = keys.headers("write"), keys.headers("resolve", name="judge")
    _proposition(client, writer)
    future = client.post(
        "/v1/propositions/tenge-weakens/resolutions",
        headers=resolver,
        json={"outcome": "true", "resolved_on": "9999-01-01", "rationale": "x"},
    )
    assert future.status_code == 422
    client.post(
        "/v1/propositions/tenge-weakens/resolutions",
        headers=resolver,
        json={"outcome": "true", "resolved_on": "2026-01-10", "rationale": "Rates."},
    )
    assert client.get("/v1/propositions?count=exact").json()["count"] == 3
    assert client.get("/v1/propositions/tenge-weakens").json()["version"] == 2
