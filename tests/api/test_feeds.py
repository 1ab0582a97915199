"""The Atom feed and the iCalendar feed, read back with feedparser and icalendar."""

import datetime as dt
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from tests.factories import make_claim


@pytest.fixture
def feeds(exporting: TestClient) -> TestClient:
    """The client; feeds, like exports, open their own session (see tests/api/conftest.py)."""
    return exporting


def json_items(client: TestClient, query: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = f"/v1/claims?{query}"
    while url:
        body = client.get(url).json()
        items += body["items"]
        url = body.get("next")
    return items


@pytest.mark.parametrize("query", ["", "topic=russia", "expert=most-observers", "sort=-horizon"])
def test_atom_has_an_entry_per_claim_of_the_first_page(feeds: TestClient, query: str) -> None:
    response = feeds.get(f"/v1/claims.atom?{query}")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    page = feeds.get(f"/v1/claims?{query}").json()["items"]
    items = {i["url"]: i for i in json_items(feeds, query)}
    assert [e.link for e in feed.entries] == [i["url"] for i in page]  # the list's order
    for entry in feed.entries:
        item = items[entry.link]
        assert entry.id.startswith("urn:uuid:")
        assert item["statement"] in entry.title
        assert item["quote"] in entry.summary
        assert {t.term for t in entry.get("tags", [])} == set(item["topics"])
        assert entry.updated_parsed is not None


def test_atom_ids_are_stable_and_pages_link_on(feeds: TestClient) -> None:
    first = feedparser.parse(feeds.get("/v1/claims.atom?limit=3").content)
    again = feedparser.parse(feeds.get("/v1/claims.atom?limit=3").content)
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert len({e.id for e in first.entries}) == 3
    links = {link.rel: link.href for link in first.feed.links}
    assert links["self"].endswith("/v1/claims.atom?limit=3")
    following = feedparser.parse(feeds.get(links["next"]).content)
    assert following.entries[0].id not in {e.id for e in first.entries}


def test_atom_without_limit_is_one_page_of_fifty(feeds: TestClient, session: Session) -> None:
    for _ in range(55):
        make_claim(session, stated_on=dt.date(2030, 1, 1))
    response = feeds.get("/v1/claims.atom")
    assert len(feedparser.parse(response.content).entries) == 50
    assert response.links["next"]["url"].startswith("http://testserver/v1/claims.atom?cursor=")


def test_atom_carries_text_with_characters_xml_cannot_hold(
    feeds: TestClient, session: Session
) -> None:
    # Source texts keep control characters as posted; XML 1.0 has no way to write them.
    claim = make_claim(
        session, text="Tariffs will\x1frise\x0b next year\ufffe.", stated_on=dt.date(2030, 1, 1)
    )
    response = feeds.get("/v1/claims.atom?limit=1")
    assert response.status_code == 200, response.text
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].link.endswith(f"/v1/claims/{claim.id}")
    assert "Tariffs will\ufffdrise\ufffd next year\ufffd." in feed.entries[0].title


def test_feeds_have_etags_for_pollers(feeds: TestClient) -> None:
    for path in ("/v1/claims.atom?topic=russia", "/v1/calendar.ics?topic=russia"):
        first = feeds.get(path)
        assert first.headers["cache-control"] == "public, max-age=60"
        again = feeds.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304


def _events(content: bytes) -> list[Any]:
    return list(Calendar.from_ical(content).walk("VEVENT"))


@pytest.mark.parametrize(
    "query", ["", "topic=elections", "expert=kazbek-beisebayev", "resolves_after=2025-01-01"]
)
def test_calendar_has_an_event_on_each_claims_due_day(feeds: TestClient, query: str) -> None:
    response = feeds.get(f"/v1/calendar.ics?{query}")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = _events(response.content)
    due = {i["url"]: i for i in json_items(feeds, query) if i["horizon"]["latest"]}
    assert events
    assert {str(e["url"]) for e in events} == set(due)
    for event in events:
        item = due[str(event["url"])]
        latest = dt.date.fromisoformat(item["horizon"]["latest"])
        assert event.decoded("dtstart") == latest
        assert event.decoded("dtend") == latest + dt.timedelta(days=1)
        assert str(event["summary"]).endswith(item["statement"])
        assert item["quote"] in str(event["description"])


def test_calendar_uids_are_stable_and_unique(feeds: TestClient) -> None:
    first = [str(e["uid"]) for e in _events(feeds.get("/v1/calendar.ics").content)]
    again = [str(e["uid"]) for e in _events(feeds.get("/v1/calendar.ics").content)]
    assert first == again
    assert len(set(first)) == len(first)


def test_calendar_leaves_out_claims_without_a_horizon(feeds: TestClient) -> None:
    events = _events(feeds.get("/v1/calendar.ics?sort=-stated_on").content)
    with_horizon = [i for i in json_items(feeds, "") if i["horizon"]["latest"]]
    assert len(events) == len(with_horizon) < len(json_items(feeds, ""))


def test_calendar_pages_link_on(feeds: TestClient) -> None:
    first = feeds.get("/v1/calendar.ics?limit=2")
    assert len(_events(first.content)) == 2
    rest = feeds.get(first.links["next"]["url"])
    assert {str(e["uid"]) for e in _events(rest.content)}.isdisjoint(
        str(e["uid"]) for e in _events(first.content)
    )
