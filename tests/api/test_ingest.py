"""`POST /v1/sources`: ingestion with drafts, `dry_run`, the content-hash no-op, expert matching."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extraction.names import display_slug
from app.models import Claim, Expert, Revision, Source, Topic
from app.schemas.ingest import BODY_EXAMPLES, DRY_RUN, INGESTED, IngestRead
from app.services import sample
from tests.conftest import Keys
from tests.factories import make_expert

TEXT = (
    "Astana's energy plans\n\n"
    "Economist Aigerim Sarsenova said electricity tariffs will almost certainly rise next year."
    " Political analyst Kazbek Beysebayev believes that the tenge is likely to weaken by 2026."
)
ARTICLE = {"title": "Astana's energy plans", "published_on": "2024-03-01", "text": TEXT}
MODELS = (Source, Expert, Claim, Topic, Revision)


def _counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in MODELS}


@pytest.fixture
def ingester(keys: Keys) -> dict[str, str]:
    return keys.headers("ingest", name="newsroom")


def _post(
    client: TestClient, headers: dict[str, str], body: dict[str, Any], query: str = ""
) -> Any:
    return client.post(f"/v1/sources{query}", headers=headers, json=body)


def _spans_hold(document: dict[str, Any], text: str) -> None:
    assert document["claims"], document["detail"]
    for claim in document["claims"]:
        assert text[claim["span"]["start"] : claim["span"]["end"]] == claim["quote"]
        assert claim["selector"]["exact"] == claim["quote"]


def test_a_dry_run_returns_the_drafts_and_saves_nothing(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    before = _counts(session)
    response = _post(client, ingester, ARTICLE, "?dry_run=true")
    assert response.status_code == 200, response.text
    body = IngestRead.model_validate(response.json()).model_dump(mode="json")
    assert body["dry_run"] is True
    assert body["already_ingested"] is False
    assert body["source"]["id"] is None
    assert body["source"]["language"] == "en"
    assert "nothing was saved" in body["detail"]
    _spans_hold(body, TEXT)
    assert {c["review"] for c in body["claims"]} == {"draft"}
    assert {c["id"] for c in body["claims"]} == {None}
    assert "location" not in response.headers
    assert _counts(session) == before


def test_saving_stores_the_source_experts_topics_and_drafts_in_one_go(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    before = _counts(session)
    stored_counts = {t.slug: t.claim_count for t in session.scalars(select(Topic))}
    dry = _post(client, ingester, ARTICLE, "?dry_run=true").json()
    response = _post(client, ingester, ARTICLE)
    assert response.status_code == 201, response.text
    body = response.json()
    source_id = body["source"]["id"]
    assert response.headers["location"] == f"http://testserver/v1/sources/{source_id}"
    new_experts = [e for e in body["experts"] if e["status"] == "new"]
    new_topics = [t for t in body["topics"] if t["status"] == "new"]
    assert _counts(session) == {
        "Source": before["Source"] + 1,
        "Expert": before["Expert"] + len(new_experts),
        "Claim": before["Claim"] + len(body["claims"]),
        "Topic": before["Topic"] + len(new_topics),
        # one revision per record created, and one per existing expert given a new alias
        "Revision": before["Revision"]
        + 1
        + len(body["experts"])
        + len(body["claims"])
        + len(new_topics),
    }
    # What was saved is what the dry run showed, now with ids.
    strip = ("id", "url")
    assert [{k: v for k, v in c.items() if k not in strip} for c in body["claims"]] == [
        {k: v for k, v in c.items() if k not in strip} for c in dry["claims"]
    ]
    text = client.get(f"/v1/sources/{source_id}").json()["text"]
    _spans_hold(body, text)
    for claim in session.scalars(select(Claim).where(Claim.source_id == source_id)):
        assert claim.review == "draft"
        assert claim.extractor == "rules"
        assert claim.extractor_version
        assert text[claim.span_start : claim.span_end] == claim.quote
        assert claim.quote_prefix == text[max(0, claim.span_start - 32) : claim.span_start]
    # Drafts are not published: no topic's count moves, and anonymous readers do not see them.
    assert {t.slug: t.claim_count for t in session.scalars(select(Topic))} == {
        **stored_counts,
        **{t["slug"]: 0 for t in new_topics},
    }
    assert client.get(f"/v1/claims?source={source_id}").json()["items"] == []
    drafts = client.get(f"/v1/claims?source={source_id}&review=draft", headers=ingester).json()
    assert sorted(c["id"] for c in drafts["items"]) == sorted(c["id"] for c in body["claims"])


def test_posting_the_same_text_again_creates_nothing_and_says_so(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    first = _post(client, ingester, ARTICLE).json()
    before = _counts(session)
    again = _post(client, ingester, {**ARTICLE, "text": TEXT.replace("\n", "\r\n") + "\n"})
    assert again.status_code == 200, again.text
    body = again.json()
    assert body["already_ingested"] is True
    assert f"already ingested as source {first['source']['id']}" in body["detail"]
    assert body["source"]["id"] == first["source"]["id"]
    assert [c["id"] for c in body["claims"]] == [c["id"] for c in first["claims"]]
    assert {e["status"] for e in body["experts"]} == {"existing"}
    assert "location" not in again.headers
    assert _counts(session) == before


def test_the_sample_article_is_already_ingested(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    data = sample.data()["source"]
    body = {k: data[k] for k in ("title", "url", "publisher", "published_on", "text")}
    before = _counts(session)
    response = _post(client, ingester, body, "?dry_run=true")
    answer = response.json()
    assert answer["already_ingested"] is True
    assert len(answer["claims"]) == len(sample.data()["claims"])
    assert {e["slug"] for e in answer["experts"]} == {e["slug"] for e in sample.data()["experts"]}
    _spans_hold(answer, data["text"])
    assert _counts(session) == before


def test_an_expert_in_another_script_is_the_stored_expert(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    russian = (
        "Политолог Казбек Бейсебаев считает, что тенге скорее всего ослабнет в следующем году."
    )
    before = _counts(session)
    response = _post(client, ingester, {"title": "Тенге", "text": russian})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["source"]["language"] == "ru"
    assert [(e["slug"], e["status"]) for e in body["experts"]] == [
        ("kazbek-beisebayev", "existing")
    ]
    assert {c["expert"] for c in body["claims"]} == {"kazbek-beisebayev"}
    assert _counts(session)["Expert"] == before["Expert"]


def test_a_new_spelling_of_a_stored_expert_becomes_an_alias(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    dry = _post(client, ingester, ARTICLE, "?dry_run=true").json()
    matched = next(e for e in dry["experts"] if e["slug"] == "kazbek-beisebayev")
    assert matched["status"] == "existing"
    assert "Kazbek Beysebayev" in matched["aliases"]
    assert "Kazbek Beysebayev" not in client.get("/v1/experts/kazbek-beisebayev").json()["aliases"]
    _post(client, ingester, ARTICLE)
    stored = client.get("/v1/experts/kazbek-beisebayev").json()
    assert stored["aliases"] == matched["aliases"]
    history = client.get("/v1/experts/kazbek-beisebayev/history").json()["items"]
    assert history[-1]["actor"]["name"] == "newsroom"


def test_html_is_stripped_and_spans_point_into_the_stored_text(
    client: TestClient, ingester: dict[str, str]
) -> None:
    html = (
        "<html><head><title>Tariffs</title><script>var tariffs = 1;</script></head><body>"
        "<nav>Home | World</nav><article><h1>Astana&#39;s energy plans</h1>"
        "<p>Economist <b>Aigerim Sarsenova</b> said electricity tariffs will almost"
        " certainly rise next year.</p></article></body></html>"
    )
    response = _post(client, ingester, {"title": "Tariffs", "html": html})
    assert response.status_code == 201, response.text
    body = response.json()
    stored = client.get(body["source"]["href"]).json()["text"]
    assert stored == body["source"]["text"]
    assert "var tariffs" not in stored
    assert "Home" not in stored
    assert "Astana's energy plans\nEconomist Aigerim Sarsenova said" in stored
    _spans_hold(body, stored)


def test_deeply_nested_html_is_read_like_any_other(
    client: TestClient, ingester: dict[str, str]
) -> None:
    # Unclosed inline tags (`<font>`, `<b>`) nest one inside the other as a browser parses them:
    # thousands deep in old pages, which a recursive walk of the tree could not descend.
    html = "<p>" + "<b>" * 5_000 + "Economist Aigerim Sarsenova said tariffs will rise.</p>"
    response = _post(client, ingester, {"title": "Nested", "html": html}, "?dry_run=true")
    assert response.status_code == 200, response.text
    text = response.json()["source"]["text"]
    assert text == "Economist Aigerim Sarsenova said tariffs will rise."


SAID = "Economist Aigerim Sarsenova said"


@pytest.mark.parametrize(
    ("published_on", "text"),
    [
        ("2024-03-01", f"{SAID} the ice will melt within the next 9000 years."),
        ("2024-03-01", f"{SAID} tariffs will rise in the next {'9' * 30} years."),
        ("9999-03-01", f"{SAID} tariffs will almost certainly rise next year."),
        ("9999-12-31", f"{SAID} tariffs will almost certainly rise tomorrow."),
        ("9999-12-31", f"{SAID} tariffs will rise next month."),
        (
            "9999-12-30",
            f"Tomorrow, December 31, the elections will be held. {SAID} that after the elections"
            " tariffs will almost certainly rise.",
        ),
    ],
)
def test_a_horizon_past_the_calendar_s_end_has_no_dates(
    client: TestClient, ingester: dict[str, str], published_on: str, text: str
) -> None:
    # Dates are counted from `published_on`; one after 9999-12-31 is none at all, not a 500.
    body = {"title": "Far off", "published_on": published_on, "text": text}
    response = _post(client, ingester, body, "?dry_run=true")
    assert response.status_code == 200, response.text
    claims = response.json()["claims"]
    assert claims
    for claim in claims:
        latest = claim["horizon"]["latest"]
        assert latest is None or latest <= "9999-12-31"


def test_extract_false_stores_the_text_alone_with_its_language_detected(
    client: TestClient, ingester: dict[str, str]
) -> None:
    response = _post(client, ingester, ARTICLE, "?extract=false")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["claims"] == []
    assert body["experts"] == []
    assert body["source"]["language"] == "en"


@pytest.mark.parametrize(
    ("scopes", "status"),
    [((), 401), (("write",), 403), (("resolve",), 403), (("ingest",), 201), (("admin",), 201)],
)
def test_ingesting_needs_the_ingest_scope(
    client: TestClient, keys: Keys, scopes: tuple[str, ...], status: int
) -> None:
    headers = keys.headers(*scopes) if scopes else {}
    response = _post(client, headers, ARTICLE)
    assert response.status_code == status, response.text
    if status != 201:
        assert response.headers["content-type"] == "application/problem+json"
        assert "`ingest`" in response.json()["detail"]


BIG = "x" * 600_000
TURKISH = "Türkiye ile ilişkiler gelecek yıl muhtemelen güçlenecek, dedi analist Ahmet Yılmaz."
NAVIGATION = (
    "<html><head><script>track()</script></head><body><header><nav><a href='/'>Home</a>"
    "<a href='/news'>News</a></nav></header><script>var ad = 1;</script><p>Menu</p>"
    "<footer>© 2024 Example Agency. All rights reserved.</footer></body></html>"
)


@pytest.mark.parametrize(
    ("body", "query", "status"),
    [
        ({**ARTICLE, "html": "<p>Both.</p>"}, "", 422),
        ({"title": "Neither"}, "", 422),
        ({**ARTICLE, "published_on": "1 March 2024"}, "", 422),
        ({**ARTICLE, "published_on": "2024-02-30"}, "", 422),
        ({**ARTICLE, "language": "not a tag"}, "", 422),
        ({"title": "Empty", "html": "<script>only()</script>"}, "", 422),
        ({"title": "Blank", "text": " \n \n"}, "", 422),
        ({**ARTICLE, "text": BIG}, "", 422),
        ({**ARTICLE, "text": BIG * 2}, "", 413),
        ({**ARTICLE, "url": "file:///etc/passwd"}, "", 422),
        ({**ARTICLE, "text": TURKISH}, "", 422),  # detected: neither English nor Russian
        ({**ARTICLE, "text": TURKISH}, "?dry_run=true", 422),
        ({**ARTICLE, "language": "kk"}, "", 422),  # given
        ({**ARTICLE, "text": "12 345 — 67,8 % … 2024/25 ***"}, "", 422),  # no sentence
        ({"title": "Menus", "html": NAVIGATION}, "", 422),  # nothing left but a menu word
        (ARTICLE, "?dry_run=maybe", 422),
        (ARTICLE, "?fetch=true", 400),
    ],
)
def test_bad_input_is_a_problem_and_saves_nothing(
    client: TestClient,
    session: Session,
    ingester: dict[str, str],
    body: dict[str, Any],
    query: str,
    status: int,
) -> None:
    before = _counts(session)
    response = _post(client, ingester, body, query)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _counts(session) == before


def test_a_language_the_rules_cannot_read_is_refused_with_what_to_do_instead(
    client: TestClient, ingester: dict[str, str]
) -> None:
    refused = _post(client, ingester, {**ARTICLE, "text": TURKISH})
    detail = refused.json()["detail"]
    assert "language is tr (detected)" in detail
    assert "`extract: false`" in detail
    stored = _post(client, ingester, {**ARTICLE, "text": TURKISH}, "?extract=false")
    assert stored.status_code == 201, stored.text
    assert stored.json()["source"]["language"] == "tr"


def test_a_body_that_is_not_utf_8_is_a_problem_and_saves_nothing(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    before = _counts(session)
    raw = b'{"title": "Bytes", "text": "Tariffs will rise \xff\xfe next year."}'
    headers = {**ingester, "content-type": "application/json"}
    response = client.post("/v1/sources", headers=headers, content=raw)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _counts(session) == before


def test_a_url_stored_with_another_text_is_a_conflict_even_in_a_dry_run(
    client: TestClient, ingester: dict[str, str]
) -> None:
    url = sample.data()["source"]["url"]
    for query in ("?dry_run=true", ""):
        response = _post(client, ingester, {**ARTICLE, "url": url}, query)
        assert response.status_code == 409, response.text
        assert "already stored as source 1" in response.json()["detail"]


def test_an_idempotency_key_replays_the_first_answer(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    headers = {**ingester, "Idempotency-Key": "article-1"}
    first = _post(client, headers, ARTICLE)
    before = _counts(session)
    again = _post(client, headers, ARTICLE)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert _counts(session) == before
    other = _post(client, headers, ARTICLE, "?extract=false")
    assert other.status_code == 422  # the same key for another request


def test_the_documented_examples_are_valid_answers(app: FastAPI) -> None:
    IngestRead.model_validate(INGESTED)
    IngestRead.model_validate(DRY_RUN)
    operation = app.openapi()["paths"]["/v1/sources"]["post"]
    assert {p["name"] for p in operation["parameters"]} >= {"dry_run", "extract"}
    assert {"200", "201", "401", "403", "409", "413", "422"} <= set(operation["responses"])
    assert set(operation["requestBody"]["content"]["application/json"]["examples"]) == {
        "text",
        "html",
    }


def test_the_readme_dry_run_is_what_the_service_answers(
    app: FastAPI, client: TestClient, ingester: dict[str, str], repo_root: Path
) -> None:
    readme = (repo_root / "README.md").read_text("utf-8")
    section = readme.split("\n## Ingesting articles\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(
        r"\$ curl -s -X POST '127\.0\.0\.1:8000(\S+)'.*?-d '(.*?)'(?: \| python3 -m json\.tool)?\n"
        r"(\{.*?\n\})\n```",
        section,
        re.DOTALL,
    )
    assert found is not None
    path, body, shown = found.groups()
    local = TestClient(app, base_url="http://127.0.0.1:8000")  # the README's server
    answer = local.post(path, headers=ingester, json=json.loads(body))
    assert answer.json() == json.loads(shown)


def test_a_new_expert_gets_a_readable_slug_of_the_name_as_written(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    text = "Экономист Асель Байжанова считает, что тарифы скорее всего вырастут в следующем году."
    response = _post(client, ingester, {"title": "Тарифы", "text": text, "language": "ru"})
    assert response.status_code == 201, response.text
    (expert,) = response.json()["experts"]
    assert expert["status"] == "new"
    assert re.fullmatch(r"asel-ba[iy]zhanova", expert["slug"])  # romanised, not folded


def test_a_new_expert_whose_slug_is_taken_gets_a_number(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    make_expert(session, slug=display_slug("Асель Байжанова"), name="A. Statistician")
    text = "Экономист Асель Байжанова считает, что тарифы скорее всего вырастут в следующем году."
    response = _post(client, ingester, {"title": "Тарифы", "text": text, "language": "ru"})
    assert response.status_code == 201, response.text
    (expert,) = response.json()["experts"]
    assert expert["slug"] == display_slug("Асель Байжанова") + "-2"


def test_the_stored_example_is_what_posting_its_body_answers(
    client: TestClient, ingester: dict[str, str]
) -> None:
    """The documented 201 is the real answer to the documented body (bar the hash, and ids,
    which PostgreSQL's sequences do not roll back between tests)."""
    response = _post(client, ingester, BODY_EXAMPLES["text"]["value"])
    source, claim = response.json()["source"]["id"], response.json()["claims"][0]["id"]
    text = response.text.replace("http://testserver", "http://127.0.0.1:8000")
    for old, new in [
        (f"claims/{claim}", "claims/27"),
        (f"source={source}", "source=2"),
        (f"sources/{source}", "sources/2"),
        (f"source {source} ", "source 2 "),
    ]:
        text = text.replace(old, new)
    answer = json.loads(text)
    answer["source"] |= {"id": 2, "content_sha256": "…"}
    answer["claims"][0]["id"] = 27
    assert answer == INGESTED


def test_stored_drafts_say_they_are_hidden_and_how_to_see_them(
    client: TestClient, ingester: dict[str, str]
) -> None:
    stored = _post(client, ingester, BODY_EXAMPLES["text"]["value"]).json()
    drafts = stored["drafts"]
    assert drafts["count"] == len(stored["claims"]) == 1
    assert "hidden from anonymous reads" in drafts["hidden"]
    assert "hidden from anonymous reads until reviewed" in stored["detail"]
    source = stored["source"]["id"]
    assert f"/v1/claims?source={source}&review=draft" in drafts["see"]
    assert client.get(f"/v1/claims?source={source}").json()["items"] == []
    seen = client.get(f"/v1/claims?source={source}&review=draft", headers=ingester).json()
    assert [c["id"] for c in seen["items"]] == [c["id"] for c in stored["claims"]]
    assert f"PATCH http://testserver/v1/claims/{stored['claims'][0]['id']}" in drafts["review"]


CORPUS = Path(__file__).parents[1] / "extraction" / "corpus"


def test_drafts_carry_a_score_and_list_least_sure_first(
    client: TestClient, ingester: dict[str, str]
) -> None:
    meta = json.loads((CORPUS / "en-caspian-monitor-2024-06-10-middle-corridor.json").read_text())
    body = {
        **{k: meta["source"][k] for k in ("title", "publisher", "url", "published_on")},
        "text": (CORPUS / meta["source"]["text_file"]).read_text(encoding="utf-8"),
    }
    response = _post(client, ingester, body)
    assert response.status_code == 201, response.text
    scores = [c["extraction"]["score"] for c in response.json()["claims"]]
    assert len(scores) >= 5
    assert all(0 < s < 1 for s in scores)
    assert len(set(scores)) > 1  # the score tells drafts apart, it is no constant
    source_id = response.json()["source"]["id"]
    for sort in ("extraction_score", "-extraction_score"):
        listed, url = [], f"/v1/claims?source={source_id}&review=draft&limit=3&sort={sort}"
        while url:
            page = client.get(url, headers=ingester).json()
            listed += page["items"]
            url = page.get("next")
        keys = [(c["extraction"]["score"], c["id"]) for c in listed]
        assert keys == sorted(keys, reverse=sort.startswith("-"))
        assert sorted(s for s, _ in keys) == sorted(scores)
    # Claims people enter have no score and are not listed by it.
    assert client.get("/v1/claims?sort=extraction_score").json()["items"] == []


def test_an_op_eds_author_speaks_its_claims(client: TestClient, ingester: dict[str, str]) -> None:
    text = "Tariffs\n\nElectricity tariffs will almost certainly rise next year."
    body = {"title": "Tariffs", "language": "en", "text": text}
    unsigned = _post(client, ingester, body, "?dry_run=true").json()
    assert unsigned["claims"] == []
    signed = _post(
        client, ingester, {**body, "author": "Aigerim Sarsenova, economist"}, "?dry_run=true"
    )
    assert signed.status_code == 200, signed.text
    document = signed.json()
    assert [c["expert"] for c in document["claims"]] == ["aigerim-sarsenova"]
    assert [(e["name"], e["role"]) for e in document["experts"]] == [
        ("Aigerim Sarsenova", "economist")
    ]


def test_a_transliteration_variant_is_the_stored_expert(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    """Folding makes Çakmak "cakmak" and Chakmak "chakmak": only the edit bound joins them, so
    the second article's spelling becomes an alias of the one stored expert."""
    first = "Turkish policy\nPolitical analyst Mehmet Çakmak said the corridor will grow by 2030."
    second = "Corridor\nPolitical analyst Mehmet Chakmak said the railway will open next year."
    assert _post(client, ingester, {"title": "One", "text": first}).status_code == 201
    before = _counts(session)["Expert"]
    body = _post(client, ingester, {"title": "Two", "text": second}).json()
    [expert] = body["experts"]
    assert expert["status"] == "existing"
    assert "Mehmet Chakmak" in expert["aliases"]
    assert {c["expert"] for c in body["claims"]} == {expert["slug"]}
    assert _counts(session)["Expert"] == before


def test_a_feminine_surname_is_another_expert(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    first = "Reforms\nPolitical analyst Aliya Ivanova said the reforms will continue next year."
    second = "Reforms\nPolitical analyst Aliya Ivanov said the reforms will stall next year."
    _post(client, ingester, {"title": "One", "text": first})
    body = _post(client, ingester, {"title": "Two", "text": second}).json()
    assert [e["status"] for e in body["experts"]] == ["new"]


def test_a_negated_draft_states_what_the_speaker_leans_to(
    client: TestClient, ingester: dict[str, str]
) -> None:
    """ "is unlikely to win" is stored as "will not win" with the band flipped onto it."""
    text = "Election\nPolitical analyst Marat Sadykov said the party is unlikely to win a majority."
    body = _post(client, ingester, {"title": "Election", "text": text}, "?dry_run=true").json()
    [claim] = body["claims"]
    assert claim["statement"] == "The party will not win a majority."
    assert claim["quote"] == "the party is unlikely to win a majority"
    assert claim["confidence"]["phrase"] == "is unlikely to"
    assert claim["confidence"]["band"] == "not-unlikely"
    assert claim["confidence"]["probability"] > 0.5


def test_a_surname_met_before_its_full_name_is_one_expert_and_the_article_saves(
    client: TestClient, session: Session, ingester: dict[str, str]
) -> None:
    text = (
        "Elections in Turkey\n\n"
        "Analyst Markov believes that Erdogan will win the second round.\n\n"
        "Political scientist Sergey Markov noted that the opposition will lose again."
    )
    response = _post(client, ingester, {"title": "Runoff", "text": text})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [e["name"] for e in body["experts"]] == ["Sergey Markov"]
    assert {c["expert"] for c in body["claims"]} == {body["experts"][0]["slug"]}
    assert len(body["claims"]) == 2
