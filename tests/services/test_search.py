"""User text in `q` is only ever words, phrases, prefixes and exclusions: nothing reaches FTS5
or tsquery syntax raw, whatever the text."""

import sqlite3

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from app.domain.search import CLAIMS, QueryError, Term, hits, parse, words

NASTY = ['"', "NEAR(", "col:x", "a OR b", "*", "-China", "\x00", "AND", "(", "^", "'", "\\", "-"]
ANY_TEXT = st.text(max_size=200) | st.lists(st.sampled_from(NASTY)).map(" ".join)


@given(ANY_TEXT)
def test_any_text_is_a_valid_fts5_query_or_a_clear_refusal(text: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    connection.execute("INSERT INTO t VALUES ('Astana will build pragmatic relations')")
    try:
        query = parse(text)
    except QueryError:
        # Refused only when no term outside a `-` has a letter or digit.
        assert all(token.startswith("-") or not words(token) for token in text.split())
        return
    connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.fts5(),)).fetchall()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Russia China", [Term(("Russia",)), Term(("China",))]),
        ('"foreign policy" ties', [Term(("foreign", "policy")), Term(("ties",))]),
        ("reform*", [Term(("reform",), prefix=True)]),
        ("Russia -China", [Term(("Russia",)), Term(("China",), excluded=True)]),
        ('-"Central Asia" oil', [Term(("Central", "Asia"), excluded=True), Term(("oil",))]),
        ("Kassym-Jomart", [Term(("Kassym", "Jomart"))]),
        ("col:x NEAR(", [Term(("col", "x")), Term(("NEAR",))]),
        ('"unclosed phrase', [Term(("unclosed", "phrase"))]),
        ("a - b", [Term(("a",)), Term(("b",))]),
    ],
)
def test_the_query_language(text: str, terms: list[Term]) -> None:
    assert list(parse(text).terms) == terms


@pytest.mark.parametrize("text", ["", "   ", "-China", '-"x y"', "*", '"', "\x00"])
def test_text_with_nothing_to_look_for_is_refused(text: str) -> None:
    with pytest.raises(QueryError):
        parse(text)


def test_engine_queries() -> None:
    query = parse('"foreign policy" reform* -China')
    assert query.fts5() == '("foreign policy" AND "reform"*) NOT "China"'
    assert query.tsquery() == "('foreign' <-> 'policy') & ('reform':*) & !('China')"


def test_words_keep_cyrillic_and_turkic_letters() -> None:
    assert words("Тоқаев, Türkiye; ə-ğ-ş-ı") == ["Тоқаев", "Türkiye", "ə", "ğ", "ş", "ı"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ANY_TEXT.filter(bool))
def test_the_api_answers_any_q_without_a_server_error(client: TestClient, text: str) -> None:
    for path in ("/v1/claims", "/v1/search"):
        response = client.get(path, params={"q": text})
        assert response.status_code in (200, 422), response.text
        if response.status_code == 422:
            assert response.headers["content-type"] == "application/problem+json"


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_any_text_runs_as_a_search_on_either_engine_or_is_refused(
    engine: Engine, text: str
) -> None:
    """The translator fuzzed on the real engines: FTS5 MATCH on SQLite, to_tsquery on
    PostgreSQL; every text either runs or is a `QueryError` (a 422), never a database error."""
    try:
        found = hits(CLAIMS, text, engine.dialect.name)
    except QueryError:
        return
    with engine.connect() as connection:
        connection.execute(select(found.c.id)).all()
