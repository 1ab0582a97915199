"""Review decisions are kept as feedback for the extractor, by the write path itself: whichever
key accepts, rejects, edits or adds a claim through the API, the decision lands with the draft's
original fields."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction import reviewed
from app.models import ReviewDecision
from app.services import review_decisions

TEXT = (
    "Feedback copy {n}.\n\nPolitical analyst Gaziz Abishev believes that Russia will probably"
    " remain Kazakhstan's main partner until 2030. He also said that reforms will continue next"
    " year.\n\nThe weather was fine, and the harvest will be large."
)


def _ingest(client: TestClient, writer: dict[str, str], n: int) -> tuple[int, list[dict[str, Any]]]:
    made = client.post(
        "/v1/sources",
        json={"title": f"Feedback {n}", "text": TEXT.format(n=n), "published_on": "2022-11-19"},
        headers=writer,
    )
    assert made.status_code == 201, made.text
    source = made.json()["source"]["id"]
    listed = client.get(f"/v1/claims?source={source}&review=draft", headers=writer).json()
    drafts = sorted(listed["items"], key=lambda c: c["span"]["start"])
    assert [d["extraction"]["method"] for d in drafts] == ["rules", "rules"]
    return source, drafts


def _patch(client: TestClient, writer: dict[str, str], claim_id: int, body: dict[str, Any]) -> Any:
    etag = client.get(f"/v1/claims/{claim_id}", headers=writer).headers["etag"]
    answer = client.patch(f"/v1/claims/{claim_id}", json=body, headers={**writer, "If-Match": etag})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _decisions(session: Session, claim_id: int) -> list[ReviewDecision]:
    query = select(ReviewDecision).where(ReviewDecision.claim_id == claim_id)
    return list(session.scalars(query.order_by(ReviewDecision.id)))


def test_each_decision_is_kept_with_the_drafts_original_fields(
    client: TestClient, writer: dict[str, str], session: Session
) -> None:
    _, (first, second) = _ingest(client, writer, 1)
    _patch(client, writer, first["id"], {"statement": "Russia stays the main partner."})
    _patch(client, writer, first["id"], {"review": "verified"})
    _patch(client, writer, second["id"], {"review": "retracted", "reason": "not a claim"})
    _patch(client, writer, second["id"], {"review": "draft"})  # the desk's undo

    edits = _decisions(session, first["id"])
    assert [(d.action, d.review.value) for d in edits] == [
        ("edit", "draft"),
        ("accept", "verified"),
    ]
    for decision in edits:  # what the extractor proposed, however often the claim changed
        assert decision.original["statement"] == first["statement"]
        assert decision.original["quote"] == first["quote"]
        assert decision.original["review"] == "draft"
        assert (decision.extractor, decision.actor) == ("rules", "desk")
    assert edits[-1].fields["statement"] == "Russia stays the main partner."
    assert edits[-1].fields["review"] == "verified"

    rejects = _decisions(session, second["id"])
    assert [(d.action, d.reason) for d in rejects] == [("reject", "not a claim"), ("reopen", None)]
    assert rejects[0].original == rejects[1].fields  # undone: back to what was extracted


def test_an_added_claim_and_a_retraction_are_decisions_too(
    client: TestClient, writer: dict[str, str], session: Session
) -> None:
    source, (first, _) = _ingest(client, writer, 2)
    text = TEXT.format(n=2)
    quote = "the harvest will be large"
    added = client.post(
        "/v1/claims",
        json={
            "expert": "gaziz-abishev",
            "source": source,
            "kind": "forecast",
            "statement": "The harvest will be large.",
            "quote": quote,
            "span": {"start": text.index(quote), "end": text.index(quote) + len(quote)},
        },
        headers=writer,
    )
    assert added.status_code == 201, added.text
    etag = client.get(f"/v1/claims/{first['id']}", headers=writer).headers["etag"]
    retracted = client.delete(f"/v1/claims/{first['id']}", headers={**writer, "If-Match": etag})
    assert retracted.status_code == 200

    (add,) = _decisions(session, added.json()["id"])
    assert (add.action, add.extractor, add.review.value) == ("add", "human", "draft")
    assert add.original == add.fields
    assert add.fields["quote"] == quote
    (reject,) = _decisions(session, first["id"])
    assert (reject.action, reject.review.value) == ("reject", "retracted")


def test_a_write_that_changes_nothing_is_no_decision(
    client: TestClient, writer: dict[str, str], session: Session
) -> None:
    _, (first, _) = _ingest(client, writer, 3)
    _patch(client, writer, first["id"], {"statement": first["statement"]})
    assert _decisions(session, first["id"]) == []


def test_a_refused_write_is_no_decision(
    client: TestClient, writer: dict[str, str], session: Session
) -> None:
    _, (first, _) = _ingest(client, writer, 4)
    stale = client.patch(
        f"/v1/claims/{first['id']}",
        json={"review": "verified"},
        headers={**writer, "If-Match": '"999"'},
    )
    assert stale.status_code == 412
    bad = _patch_raw(client, writer, first["id"], {"expert": "no-such-expert"})
    assert bad.status_code == 422
    assert _decisions(session, first["id"]) == []


def _patch_raw(client: TestClient, writer: dict[str, str], claim_id: int, body: Any) -> Any:
    etag = client.get(f"/v1/claims/{claim_id}", headers=writer).headers["etag"]
    return client.patch(f"/v1/claims/{claim_id}", json=body, headers={**writer, "If-Match": etag})


def test_the_judged_claims_of_a_reviewed_source(
    client: TestClient, writer: dict[str, str], session: Session
) -> None:
    source, (first, second) = _ingest(client, writer, 5)
    untouched, _ = _ingest(client, writer, 6)
    _patch(client, writer, first["id"], {"review": "verified", "kind": "assessment"})
    judged = {c.claim_id: c for c in review_decisions.judged(session) if c.source_id == source}
    assert {k: v.review for k, v in judged.items()} == {
        first["id"]: "verified",
        second["id"]: "draft",  # not decided yet: pending, from the claims table
    }
    assert untouched not in {c.source_id for c in review_decisions.judged(session)}
    tally = reviewed.tally(judged.values())[source]
    assert (tally.accepted, tally.pending, tally.edited) == (1, 1, 1)
    assert tally.edited_fields == {"kind": 1}
