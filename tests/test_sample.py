"""The hand-curated sample: every span is exact, every reference resolves."""

from app import confidence
from app.services import sample
from app.text import normalise, sha256

DATA = sample.data()
TEXT: str = DATA["source"]["text"]


def test_every_quote_is_exactly_its_span_of_the_source() -> None:
    for claim in DATA["claims"]:
        start, end = claim["span"]
        assert TEXT[start:end] == claim["quote"], claim["statement"]
        assert TEXT.count(claim["quote"]) == 1, "a quote must be found in one place only"


def test_the_source_is_the_seed_article_normalised() -> None:
    assert DATA["source"]["publisher"] == "Caliber.Az"
    assert DATA["source"]["published_on"] == "2022-11-19"
    assert DATA["source"]["url"] == (
        "https://caliber.az/en/post/kazakhstan-s-path-what-will-change-after-elections"
    )
    assert normalise(TEXT) == TEXT
    assert len(sha256(TEXT)) == 64


def test_references_resolve_and_forecasts_have_bands() -> None:
    experts = {e["slug"] for e in DATA["experts"]}
    topics = {t["slug"] for t in DATA["topics"]}
    assert experts == {"kazbek-beisebayev", "gaziz-abishev", "most-observers"}
    assert len(DATA["claims"]) >= 20
    for claim in DATA["claims"]:
        assert claim["expert"] in experts
        assert set(claim["topics"]) <= topics
        assert claim["topics"]
        if claim["kind"] == "forecast":
            confidence.for_statement(claim["hedge"], negated=claim.get("negated", False))
            assert claim["hedge"].lower() in claim["quote"].lower()
        else:
            assert "hedge" not in claim


def test_each_expert_has_forecasts() -> None:
    for expert in ("kazbek-beisebayev", "gaziz-abishev", "most-observers"):
        assert any(c["expert"] == expert and c["kind"] == "forecast" for c in DATA["claims"])


def test_topic_parents_come_first() -> None:
    seen: set[str] = set()
    for topic in DATA["topics"]:
        assert topic["parent"] is None or topic["parent"] in seen
        seen.add(topic["slug"])
