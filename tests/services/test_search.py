"""User text in `q` is only ever words: no input reaches FTS5 or tsquery syntax raw."""

import sqlite3

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.search import fts5_query, words

NASTY = ['"', "NEAR(", "col:x", "a OR b", "*", "-China", "\x00", "AND", "(", "^", "'", "\\"]


@given(st.text(max_size=200) | st.lists(st.sampled_from(NASTY)).map(" ".join))
def test_any_text_makes_a_valid_fts5_query(text: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    connection.execute("INSERT INTO t VALUES ('Astana will build pragmatic relations')")
    query = fts5_query(text)
    if query:
        connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()
    assert query.count('"') % 2 == 0


def test_words_keep_cyrillic_and_turkic_letters() -> None:
    assert words("Тоқаев, Türkiye; ə-ğ-ş-ı") == ["Тоқаев", "Türkiye", "ə", "ğ", "ş", "ı"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=200))
def test_the_api_answers_any_q_without_a_server_error(client: TestClient, text: str) -> None:
    response = client.get("/v1/claims", params={"q": text})
    assert response.status_code in (200, 422), response.text
