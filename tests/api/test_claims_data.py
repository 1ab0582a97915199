"""Claims filters against data made for the purpose, where an ignored filter would show."""

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models import Claim, Resolution, Review
from app.models.enums import Outcome
from tests.factories import make_claim, make_expert, make_resolution, make_source


def _ids(client: TestClient, query: str) -> set[int]:
    body = client.get(f"/v1/claims?limit=200&{query}").json()
    assert "next" not in body
    return {item["id"] for item in body["items"]}


def test_retracted_claims_are_left_out_unless_asked_for(
    client: TestClient, session: Session
) -> None:
    kept, gone = make_claim(session), make_claim(session, review=Review.retracted)
    listed = _ids(client, "")
    assert kept.id in listed
    assert gone.id not in listed
    assert _ids(client, "review=retracted") == {gone.id}
    assert client.get(f"/v1/claims/{gone.id}").json()["review"] == "retracted"


def test_the_latest_resolution_sets_the_outcome(client: TestClient, session: Session) -> None:
    claim = make_claim(session)
    assert claim.id in _ids(client, "outcome=open")
    make_resolution(session, claim, Outcome.false)
    make_resolution(session, claim, Outcome.true, resolved_on=dt.date(2024, 7, 1))
    assert claim.id in _ids(client, "outcome=true")
    assert claim.id not in _ids(client, "outcome=false&outcome=open")
    assert client.get(f"/v1/claims/{claim.id}").json()["outcome"] == "true"


def test_resolutions_are_append_only(session: Session) -> None:
    resolution = make_resolution(session, make_claim(session), Outcome.true)
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(
            update(Resolution).where(Resolution.id == resolution.id).values(rationale="edited")
        )


def test_language_matches_the_primary_subtag(client: TestClient, session: Session) -> None:
    russian = make_claim(
        session, source=make_source(session, text="Реформы будут.", language="ru-RU")
    )
    assert _ids(client, "language=ru") == {russian.id}
    assert _ids(client, "language=ru-RU") == {russian.id}
    assert russian.id not in _ids(client, "language=en")


def test_keyset_pages_across_dates_in_both_directions(client: TestClient, session: Session) -> None:
    expert = make_expert(session)
    made = [
        make_claim(session, expert=expert, stated_on=dt.date(2023, 1, 1) + dt.timedelta(days=d % 4))
        for d in range(11)
    ]
    for sort in ("stated_on", "-stated_on"):
        seen: list[dict[str, object]] = []
        next_url: str | None = f"/v1/claims?expert={expert.slug}&limit=3&sort={sort}"
        while next_url:
            body = client.get(next_url).json()
            seen += body["items"]
            next_url = body.get("next")
        keys = [(str(item["stated_on"]), int(str(item["id"]))) for item in seen]
        assert keys == sorted(keys, reverse=sort.startswith("-"))
        assert {k[1] for k in keys} == {c.id for c in made}


def test_stated_dates_and_sources_filter(client: TestClient, session: Session) -> None:
    early = make_claim(session, stated_on=dt.date(2021, 5, 1))
    late = make_claim(session, stated_on=dt.date(2025, 5, 1))
    assert _ids(client, "stated_until=2021-12-31") >= {early.id}
    assert late.id not in _ids(client, "stated_until=2021-12-31")
    assert _ids(client, "stated_since=2025-01-01") == {late.id}
    assert _ids(client, f"source={late.source_id}") == {late.id}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Caliber.az reported it on 2022-11-20.", "caliber.az"),
        ("Caliber.az reported it on 2022-11-20.", "2022-11-20"),
        ("Growth of 1.5 per cent in the U.S. economy.", "1.5"),
        ("Türkiye and Qazaqstan: ə, ğ, ş, ı, ü, қ, ң are letters.", "TÜRKIYE қ"),
        ("snake_case words are split", "snake case"),
    ],
)
def test_full_text_sees_the_same_words_on_both_engines(
    client: TestClient, session: Session, text: str, query: str
) -> None:
    claim = make_claim(session, text=text)
    assert claim.id in _ids(client, f"q={query}")


def test_full_text_follows_an_expert_rename(client: TestClient, session: Session) -> None:
    expert = make_expert(session, name="Aigerim Sarsenova")
    claim = make_claim(session, expert=expert)
    assert _ids(client, "q=Sarsenova") == {claim.id}
    session.execute(
        update(Claim.metadata.tables["experts"])
        .values(name="Aigerim Nurlanova")
        .where(Claim.metadata.tables["experts"].c.id == expert.id)
    )
    assert _ids(client, "q=Nurlanova") == {claim.id}
    assert _ids(client, "q=Sarsenova") == set()


def test_lists_of_one_shape_answer_each_their_own_values(
    client: TestClient, session: Session
) -> None:
    """A list statement is built once per combination of filters and run with each request's
    values bound: the same filters with other values, dates or cursors answer their own rows."""
    one, other = make_expert(session), make_expert(session)
    early = make_claim(session, expert=one, stated_on=dt.date(2023, 1, 1), topics=["russia"])
    late = make_claim(session, expert=one, stated_on=dt.date(2024, 1, 1), topics=["china"])
    theirs = make_claim(session, expert=other, stated_on=dt.date(2024, 1, 1), topics=["russia"])
    assert _ids(client, f"expert={one.slug}") == {early.id, late.id}
    assert _ids(client, f"expert={other.slug}") == {theirs.id}
    assert _ids(client, f"expert={one.slug}&topic=russia") == {early.id}
    assert _ids(client, f"expert={one.slug}&topic=china") == {late.id}
    assert _ids(client, f"expert={one.slug}&expert={other.slug}&topic=russia") == {
        early.id,
        theirs.id,
    }
    assert _ids(client, f"expert={one.slug}&stated_since=2023-06-01") == {late.id}
    assert _ids(client, f"expert={one.slug}&stated_since=2022-06-01") == {early.id, late.id}
    first = client.get(f"/v1/claims?expert={one.slug}&limit=1").json()
    assert [item["id"] for item in first["items"]] == [late.id]
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["items"]] == [early.id]
    assert "next" not in second


def test_searches_of_one_shape_answer_each_their_own_words(
    client: TestClient, session: Session
) -> None:
    """The ranked first page of a search is built once too, its words bound like any value."""
    expert = make_expert(session)
    steppe = make_claim(session, expert=expert, text="Steppe wheat prices will climb.")
    caspian = make_claim(session, expert=expert, text="Caspian ferry traffic will double.")
    assert _ids(client, "q=steppe") == {steppe.id}
    assert _ids(client, "q=caspian") == {caspian.id}
    assert _ids(client, f"q=will&expert={expert.slug}") == {steppe.id, caspian.id}
    assert _ids(client, f"q=ferry&expert={expert.slug}") == {caspian.id}
